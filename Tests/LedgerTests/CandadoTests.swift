import Foundation
import XCTest

@testable import Ledger

final class CandadoTests: XCTestCase {
  func testUnaSolaEjecucionALaVez() throws {
    let carpeta = try Apoyo.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let ruta = carpeta.appendingPathComponent("pai.lock").path
    let primero = try Candado.tomar(ruta)
    XCTAssertEqual(Candado.titular(ruta), getpid())
    XCTAssertThrowsError(try Candado.tomar(ruta)) { error in
      XCTAssertEqual(error as? Candado.Fallo, .ocupado(pid: getpid()))
    }
    primero.soltar()
    XCTAssertNil(Candado.titular(ruta))
    let segundo = try Candado.tomar(ruta)
    XCTAssertNil(segundo.anterior)
    segundo.soltar()
  }

  /// A lock file left by a run that died (its pid written, nobody holding
  /// it) is taken over, and the dead pid is reported.
  func testUnCandadoHuerfanoSeRetoma() throws {
    let carpeta = try Apoyo.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let ruta = carpeta.appendingPathComponent("pai.lock").path
    // A child that exits at once: its pid is surely dead afterwards.
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/true")
    try p.run()
    p.waitUntilExit()
    try "\(p.processIdentifier)\n".write(toFile: ruta, atomically: true, encoding: .utf8)
    let candado = try Candado.tomar(ruta)
    XCTAssertEqual(candado.anterior, p.processIdentifier)
    XCTAssertEqual(Candado.titular(ruta), getpid())
    candado.soltar()
  }

  func testEsperarSuTurno() throws {
    let carpeta = try Apoyo.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let ruta = carpeta.appendingPathComponent("pai.lock").path
    let primero = try Candado.tomar(ruta)
    let esperando = expectation(description: "espera")
    let obtenido = expectation(description: "obtenido")
    DispatchQueue.global().async {
      let segundo = try? Candado.tomar(ruta, esperar: true) { pid in
        XCTAssertEqual(pid, getpid())
        esperando.fulfill()
      }
      XCTAssertNotNil(segundo)
      segundo?.soltar()
      obtenido.fulfill()
    }
    wait(for: [esperando], timeout: 5)
    primero.soltar()
    wait(for: [obtenido], timeout: 5)
  }
}
