import Foundation
import XCTest

@testable import XLSX

/// Every input the fuzzer ever found troublesome (`Tests/Fuzz/corpus`) and
/// its seeds are read again on each test run: a typed error or rows, never
/// a crash.
final class FuzzCorpusTests: XCTestCase {
  func testCorpusAndSeedsReadWithoutCrashing() throws {
    let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Fuzz")
    var leidos = 0
    for carpeta in ["corpus/lector", "semillas"] {
      let dir = fuzz.appendingPathComponent(carpeta)
      for nombre in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
      where !nombre.hasPrefix(".") {
        let datos = try Data(contentsOf: dir.appendingPathComponent(nombre))
        do {
          let libro = try Workbook(data: datos)
          for hoja in libro.sheets {
            let filas = try libro.rows(in: hoja)
            while try filas.nextRow() != nil {}
          }
        } catch is XLSXError {
          // A clear, typed refusal is a pass.
        }
        leidos += 1
      }
    }
    XCTAssertGreaterThanOrEqual(leidos, 6)
  }
}
