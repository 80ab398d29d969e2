import Foundation
import GRDB
import XCTest

@testable import Ledger

/// The reception writes its rows through its own statements; they must
/// hold what GRDB's record insert would have written, column by column,
/// or an older build reading the ledger would see other values.
final class RegistrosTests: XCTestCase {
  func testLasFechasSeEscribenComoGRDB() {
    var fechas: [Date] = [
      Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 0.0009),
      Date(timeIntervalSince1970: 0.9999), Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
      Date(timeIntervalSince1970: 4_107_542_399.999),
      Date(timeIntervalSince1970: 253_402_300_799.5),
      Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSince1970: -1),
      Date(timeIntervalSince1970: 1.0625), Date(timeIntervalSince1970: 7.0005),  // half a ms
      Date(timeIntervalSince1970: 253_402_300_800), Date.distantPast, Date.distantFuture,
    ]
    var g = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      // Whole milliseconds, a file's nanoseconds, and the instants next
      // to a millisecond's edge.
      let ms = Double(Int64.random(in: 0...4_102_444_800_000, using: &g))
      fechas.append(Date(timeIntervalSince1970: ms / 1000))
      fechas.append(Date(timeIntervalSince1970: ms / 1000 + Double.random(in: 0..<1, using: &g)))
      fechas.append(Date(timeIntervalSince1970: (ms / 1000).nextDown))
    }
    fechas.append(Date())
    for f in fechas {
      XCTAssertEqual(
        FechaLibro.texto(f), String.fromDatabaseValue(f.databaseValue),
        "\(f.timeIntervalSince1970)")
    }
  }

  func testLasFilasDeLaRecepcionSonLasDeGRDB() throws {
    let carpeta = try Apoyo.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let libro = try LibroMayor(ruta: carpeta.appendingPathComponent("pai.sqlite").path)
    let ahora = Date(timeIntervalSince1970: 1_617_235_200.123_456)
    try libro.db.write { db in
      var archivos = [
        ArchivoFila(id: nil, sha256: "a", bytes: 10, recibidoEn: ahora),
        ArchivoFila(id: nil, sha256: "b", bytes: 10, recibidoEn: ahora),
      ]
      try archivos[0].insert(db)
      try archivos[1].insertar(db)
      XCTAssertNotNil(archivos[1].id)
      func envio(_ archivo: ArchivoFila, lleno: Bool) -> EnvioFila {
        EnvioFila(
          id: nil, archivoId: archivo.id ?? 0, corte: "2021-03-31", vigencia: 2021,
          remitente: "Oficina \"A\"", carpeta: lleno ? "oficina-a" : nil, nombre: "libro.xlsx",
          origen: "/inbox/libro.xlsx", modificado: ahora.addingTimeInterval(-86_400.5),
          recibidoEn: ahora, estado: lleno ? .rechazado : .duplicado,
          plantilla: lleno ? "proyecto" : nil, componente: lleno ? "gestion" : nil,
          dependencia: lleno ? "Oficina A" : nil, corteDeclarado: lleno ? "2021-03-31" : nil,
          errores: lleno ? 3 : 0, advertencias: lleno ? 1 : 0,
          duplicadoDeId: lleno ? nil : 1, contenido: lleno ? "proyecto" : nil,
          identidades: lleno ? #"[{"clave":"P-1"}]"# : "[]", modo: lleno ? .copiar : .mover,
          guardado: lleno ? "2021-03-31/x.xlsx" : nil, pendiente: lleno ? nil : "2021-03-31/y.xlsx")
      }
      for lleno in [true, false] {
        var (porGRDB, propio) = (envio(archivos[0], lleno: lleno), envio(archivos[1], lleno: lleno))
        try porGRDB.insert(db)
        try propio.insertar(db)
        try igual(db, "envio", porGRDB.id, propio.id, salvo: ["id", "archivoId"])
        for (k, nulos) in [false, true].enumerated() {
          func hallazgo(_ e: EnvioFila) -> HallazgoFila {
            HallazgoFila(
              id: nil, envioId: e.id ?? 0, origen: HallazgoFila.validacion, orden: k,
              codigo: "suma-programacion", severidad: "error", archivo: "libro.xlsx",
              hoja: nulos ? nil : "Metas", celda: nulos ? nil : "B7", rango: nulos ? nil : "B7:M7",
              fila: nulos ? nil : 7, valores: #"{"a":"1"}"#, celdas: nulos ? nil : "[\"B7\"]")
          }
          var (h1, h2) = (hallazgo(porGRDB), hallazgo(propio))
          try h1.insert(db)
          try h2.insertar(db)
          try igual(db, "hallazgo", h1.id, h2.id, salvo: ["id", "envioId"])
        }
      }
      try igual(db, "archivo", archivos[0].id, archivos[1].id, salvo: ["id", "sha256"])
    }
  }

  /// Every column but `salvo` holds the same value and storage class.
  func igual(_ db: Database, _ tabla: String, _ a: Int64?, _ b: Int64?, salvo: Set<String>)
    throws
  {
    let filas = try [a, b].map {
      try XCTUnwrap(Row.fetchOne(db, sql: "SELECT * FROM \(tabla) WHERE id = ?", arguments: [$0]))
    }
    XCTAssertEqual(filas[0].count, filas[1].count)
    for columna in filas[0].columnNames where !salvo.contains(columna) {
      let (x, y): (DatabaseValue, DatabaseValue) = (filas[0][columna], filas[1][columna])
      XCTAssertEqual(x, y, "\(tabla).\(columna)")
      XCTAssertEqual(x.storage, y.storage, "\(tabla).\(columna)")
    }
  }
}
