import Foundation
import GRDB
import XCTest

@testable import Ledger

/// STYLE §3: the schema is a frozen timeline of named steps; a test
/// migrates an empty database up to each step.
final class MigracionesTests: XCTestCase {
  func testLosPasosTienenNombreYOrden() {
    XCTAssertEqual(
      LibroMayor.migraciones,
      [
        "v1-archivos-envios", "v2-hallazgos", "v3-filas-reemplazos", "v4-cortes",
        "v5-celdas-de-hallazgo",
        "v6-accesos-auditoria", "v7-sesiones", "v8-json-codable",
      ])
  }

  func testDesdeUnLibroVacioHastaCadaPaso() throws {
    let carpeta = try Apoyo.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    for (i, paso) in LibroMayor.migraciones.enumerated() {
      let ruta = carpeta.appendingPathComponent("paso-\(i).sqlite").path
      let libro = try LibroMayor(ruta: ruta, hasta: paso, crear: true)
      XCTAssertEqual(
        try libro.migracionesAplicadas(), Array(LibroMayor.migraciones.prefix(i + 1)), paso)
      // A later build opens the older ledger and completes it.
      let completo = try LibroMayor(ruta: ruta)
      XCTAssertEqual(try completo.migracionesAplicadas(), LibroMayor.migraciones)
      XCTAssertTrue(try completo.cortes().isEmpty)
    }
  }

  func testTablasYRestricciones() throws {
    let carpeta = try Apoyo.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let libro = try LibroMayor(ruta: carpeta.appendingPathComponent("pai.sqlite").path)
    try libro.db.read { db in
      for tabla in [
        "archivo", "envio", "hallazgo", "filaAceptada", "reemplazo", "corte", "acceso", "auditoria",
      ] {
        XCTAssertTrue(try db.tableExists(tabla), tabla)
      }
      XCTAssertTrue(
        try db.indexes(on: "archivo").contains { $0.isUnique && $0.columns == ["sha256"] })
    }
    // The same checksum twice is refused by the schema itself.
    XCTAssertThrowsError(
      try libro.db.write { db in
        for _ in 0..<2 {
          try db.execute(
            sql: "INSERT INTO archivo (sha256, bytes, recibidoEn) VALUES ('abc', 1, '2021-04-05')")
        }
      })
    // An unknown state is refused too.
    XCTAssertThrowsError(
      try libro.db.write { db in
        try db.execute(
          sql: "INSERT INTO archivo (sha256, bytes, recibidoEn) VALUES ('def', 1, '2021-04-05')")
        try db.execute(
          sql: """
            INSERT INTO envio (archivoId, corte, vigencia, remitente, nombre, origen, modificado, recibidoEn, estado, modo)
            VALUES (last_insert_rowid(), '2021-03-31', 2021, 'x', 'x.xlsx', '/x', '2021-04-05', '2021-04-05', 'perdido', 'mover')
            """)
      })
  }

  /// A ledger written by a newer pai (a step this build does not know)
  /// is refused, not damaged.
  func testUnLibroMasNuevoSeRechaza() throws {
    let carpeta = try Apoyo.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let ruta = carpeta.appendingPathComponent("pai.sqlite").path
    let libro = try LibroMayor(ruta: ruta)
    try libro.db.write { db in
      try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-del-futuro')")
    }
    XCTAssertThrowsError(try LibroMayor(ruta: ruta)) { error in
      XCTAssertEqual(error as? ErrorLibro, .superado(ruta: ruta))
    }
  }

  func testEstadoNoCreaUnLibro() throws {
    let carpeta = try Apoyo.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let ruta = carpeta.appendingPathComponent("no-hay.sqlite").path
    XCTAssertThrowsError(try LibroMayor.existente(ruta: ruta)) { error in
      XCTAssertEqual(error as? ErrorLibro, .noExiste(ruta: ruta))
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: ruta))
  }
}
