import Synchronization
import XCTest

@testable import Schema

/// The worker helpers the run is built on.
final class ParaleloTests: XCTestCase {
  func testEnOrdenEntregaCadaResultadoEnOrdenConVariosTrabajadores() {
    var vistos: [Int] = []
    enOrden(
      200, trabajadores: 3, lote: 7, trabajo: { $0 * $0 },
      consumir: { tanda in
        XCTAssertLessThanOrEqual(tanda.count, 7)
        for (indice, resultado) in tanda { XCTAssertEqual(resultado, indice * indice) }
        vistos += tanda.map(\.indice)
        return true
      })
    XCTAssertEqual(vistos, Array(0..<200))
  }

  /// `mientras` starts an index only while `seguir()` holds: with a test
  /// that says yes five times, exactly five are done, whatever the threads.
  func testMientrasSoloEmpiezaLoQueSeguirPermite() {
    for trabajadores in [1, 2, 4] {
      let permisos = Atomic(5)
      let hechos = mientras(
        50, trabajadores: trabajadores,
        seguir: { permisos.wrappingSubtract(1, ordering: .relaxed).oldValue > 0 },
        { $0 + 100 })
      XCTAssertEqual(hechos.count, 50)
      XCTAssertEqual(hechos.compactMap { $0 }.sorted(), Array(100..<105), "\(trabajadores)")
      XCTAssertEqual(Array(hechos.prefix(5)), (100..<105).map { $0 }, "in index order")
    }
    // Always yes: everything.
    XCTAssertEqual(mientras(30, trabajadores: 2, seguir: { true }, { $0 }), Array(0..<30))
  }
}
