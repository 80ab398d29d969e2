import Foundation
import GRDB
import Plan
import Schema
import XCTest
import XLSX

@testable import Ledger

/// A ledger written by an earlier version (`Fixtures/libro-v7.sqlite`,
/// made by `make_libro_v7.sh` with pai 0616731) is brought up to date by
/// `v8-json-codable` and reads back whole; a row with a field missing is an
/// error naming it, never a silent blank.
final class LibroAnteriorTests: XCTestCase {
  var carpeta: URL!
  var ruta: String { carpeta.appendingPathComponent("pai.sqlite").path }
  let marzo = Fecha(iso: "2021-03-31")!
  let septiembre = Fecha(iso: "2021-09-30")!

  override func setUpWithError() throws {
    carpeta = try Apoyo.temporal()
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/libro-v7.sqlite")
    try FileManager.default.copyItem(atPath: fixture.path, toPath: ruta)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: carpeta)
  }

  func sql(_ s: String) throws {
    let q = try DatabaseQueue(path: ruta)
    try q.write { try $0.execute(sql: s) }
  }

  func texto(_ s: String) throws -> [String] {
    try DatabaseQueue(path: ruta).read { try String.fetchAll($0, sql: s) }
  }

  func testElLibroAnteriorSeCompletaYSeLeeEntero() throws {
    XCTAssertEqual(try texto("SELECT identifier FROM grdb_migrations").last, "v7-sesiones")
    // Before: reading errors in the hand-made form, identities without
    // their absent parts.
    XCTAssertEqual(
      try texto("SELECT valores FROM hallazgo WHERE valores LIKE '%\"caso\"%'").count, 5)
    let libro = try LibroMayor(ruta: ruta)
    XCTAssertEqual(try libro.migracionesAplicadas(), LibroMayor.migraciones)

    let envios = try libro.envios(corte: marzo)
    XCTAssertEqual(envios.count, 29)
    XCTAssertEqual(envios.filter { $0.estado == .aceptado }.count, 22)
    // Every accepted submission's content reads back, row for row.
    let filas = try texto(
      "SELECT COUNT(*) FROM filaAceptada f JOIN envio e ON e.id = f.envioId WHERE e.corte = '2021-03-31'"
    )
    let leidas = envios.compactMap(\.envio.informe.contenido).map { c -> Int in
      switch c {
      case .proyecto: return 1
      case .indicadores(let l): return l.count
      case .actividades(let l): return l.count
      case .riesgos(let l): return l.count
      }
    }
    XCTAssertEqual(leidas.count, 22)
    XCTAssertEqual(String(leidas.reduce(0, +)), filas.first)
    // A project's budget, exact, with its blank payments still blank.
    let p7867 = try XCTUnwrap(
      envios.lazy.compactMap { e -> Proyecto? in
        if case .proyecto(let p) = e.envio.informe.contenido, p.codigo == "7867" { return p }
        return nil
      }.first)
    XCTAssertEqual(p7867.metas.count, 4)
    XCTAssertFalse(p7867.presupuesto.isEmpty)

    // Reading errors now in XLSXError's own form, the same errors.
    func lectura(_ nombre: String) -> XLSXError? {
      let h = envios.first { $0.envio.informe.archivo == nombre }?.envio.informe.hallazgos.first
      if case .lectura(let e) = h?.valores["lectura"] { return e }
      return nil
    }
    XCTAssertEqual(lectura("cifrado.xlsx"), .encrypted)
    XCTAssertEqual(lectura("csv_latin1.xlsx"), .notAZip(.text))
    XCTAssertEqual(
      lectura("numero_que_no_es_numero.xlsx"),
      .invalidCellValue(sheet: "Indicadores", cell: CellRef(row: 1, column: 1), text: "uno"))
    XCTAssertEqual(
      lectura("bomba_entidades_xl_sharedStrings.xlsx"), .forbiddenDTD(part: "xl/sharedStrings.xml"))
    XCTAssertEqual(try texto("SELECT valores FROM hallazgo WHERE valores LIKE '%\"caso\"%'"), [])
    XCTAssertEqual(
      try texto("SELECT valores FROM hallazgo WHERE codigo = 'libro-cifrado'"),
      [#"{"lectura":{"t":"lectura","v":{"encrypted":{}}}}"#])
    // Identities write every part, null when absent.
    XCTAssertEqual(
      try texto(
        "SELECT identidades FROM envio WHERE identidades <> '[]' AND identidades NOT LIKE '%\"rango\":null%'"
      ), [])

    // September's two change warnings, with their numbers and dates.
    let cambios = try libro.envios(corte: septiembre).flatMap(\.envio.informe.hallazgos)
      .filter { $0.codigo == .cambioFrenteAlCorteAnterior }
    XCTAssertEqual(cambios.count, 2)
    XCTAssertEqual(cambios.map { $0.valores["anterior"] }, [.numero(2), .numero(2)])
    XCTAssertEqual(cambios.map { $0.valores["nuevo"] }, [.numero(1), .numero(3)])
    XCTAssertEqual(cambios.first?.valores["corteAnterior"], .fecha(Fecha(iso: "2021-06-30")!))

    // Opening again changes nothing.
    let antes = try texto("SELECT datos FROM filaAceptada ORDER BY id")
    _ = try LibroMayor(ruta: ruta)
    XCTAssertEqual(try texto("SELECT datos FROM filaAceptada ORDER BY id"), antes)
  }

  /// A damaged row stops the step: the ledger is left at v7, untouched,
  /// and the error names the table, the row and the field.
  func testUnaFilaDanadaDetieneLaMigracionSinTocarElLibro() throws {
    let id = try XCTUnwrap(
      texto("SELECT id FROM filaAceptada WHERE tipo = 'proyecto' ORDER BY id LIMIT 1").first)
    try sql(
      "UPDATE filaAceptada SET datos = json_remove(datos, '$.presupuesto[0].giros') WHERE id = \(id)"
    )
    let hallazgos = try texto("SELECT valores FROM hallazgo ORDER BY id")
    XCTAssertThrowsError(try LibroMayor(ruta: ruta)) { error in
      XCTAssertEqual(
        error as? ErrorLibro,
        .filaIlegible(
          ruta: ruta, tabla: "filaAceptada", id: Int64(id)!,
          problema: .falta(campo: "presupuesto[0].giros")))
    }
    XCTAssertEqual(try texto("SELECT identifier FROM grdb_migrations").last, "v7-sesiones")
    XCTAssertEqual(try texto("SELECT valores FROM hallazgo ORDER BY id"), hallazgos)
  }

  /// After the step, a field removed by hand is an error when the corte is
  /// read, not an empty name in the report.
  func testUnCampoQueFaltaEsUnErrorAlLeer() throws {
    _ = try LibroMayor(ruta: ruta)
    let id = try XCTUnwrap(
      texto("SELECT id FROM filaAceptada WHERE tipo = 'indicador' ORDER BY id LIMIT 1").first)
    try sql("UPDATE filaAceptada SET datos = json_remove(datos, '$.nombre') WHERE id = \(id)")
    let libro = try LibroMayor(ruta: ruta)
    func rechaza(_ problema: ProblemaFila, line: UInt = #line) {
      XCTAssertThrowsError(try libro.envios(corte: marzo), line: line) { error in
        XCTAssertEqual(
          error as? ErrorLibro,
          .filaIlegible(ruta: ruta, tabla: "filaAceptada", id: Int64(id)!, problema: problema),
          line: line)
      }
    }
    rechaza(.falta(campo: "nombre"))
    // A month list one short, or a number that is not one, likewise.
    try sql(
      "UPDATE filaAceptada SET datos = json_set(datos, '$.nombre', 'x', '$.programacion', json('[null]')) WHERE id = \(id)"
    )
    rechaza(.valor(campo: "programacion"))
    try sql(
      "UPDATE filaAceptada SET datos = json_set(datos, '$.programacion', json('[null,null,null,null,null,null,null,null,null,null,null,null]'), '$.metaVigencia', '1,5') WHERE id = \(id)"
    )
    rechaza(.valor(campo: "metaVigencia"))
    // A risk's monitoring date not in ISO form, likewise.
    try sql(
      "UPDATE filaAceptada SET datos = json_set(datos, '$.metaVigencia', '1.5') WHERE id = \(id)")
    let riesgo = try XCTUnwrap(
      texto("SELECT id FROM filaAceptada WHERE tipo = 'riesgo' ORDER BY id LIMIT 1").first)
    try sql(
      "UPDATE filaAceptada SET datos = json_set(datos, '$.fechaMonitoreo', '31/03/2021') WHERE id = \(riesgo)"
    )
    XCTAssertThrowsError(try libro.envios(corte: marzo)) { error in
      XCTAssertEqual(
        error as? ErrorLibro,
        .filaIlegible(
          ruta: ruta, tabla: "filaAceptada", id: Int64(riesgo)!,
          problema: .valor(campo: "fechaMonitoreo")))
    }
  }
}
