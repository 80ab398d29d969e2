import Foundation
import XCTest
import XLSX

/// `pai plantilla` as an office's planner runs it: the whole set from the
/// catalogue, then the blank templates through `pai validar`.
final class PlantillaTests: XCTestCase {
  private var carpeta: URL!

  override func setUpWithError() throws {
    carpeta = try Pai.temporal()
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: carpeta)
  }

  func testTodasConElCatalogoSeAbrenYSeValidan() throws {
    let salida = carpeta.appendingPathComponent("plantillas")
    let r = try Pai.correr(["plantilla", "--todas", salida.path, "--corte", "2021-03-31"])
    XCTAssertEqual(r.estado, 0, r.errores)
    let escritos = r.salida.split(separator: "\n").map(String.init).filter { $0.hasSuffix(".xlsx") }
    // Four blank templates; 7 projects, 8 indicator and 3 risk processes
    // and 4 integrated-plan offices in schemas/catalogo.json.
    XCTAssertEqual(escritos.count, 26, r.salida)
    XCTAssertTrue(
      escritos.contains(
        salida.appendingPathComponent("consejeria-comunicaciones/proyecto_7867.xlsx").path))
    for ruta in escritos {
      let libro = try Workbook(path: ruta)
      XCTAssertEqual(libro.sheets.first?.name, "Instrucciones", ruta)
    }
    // A template as written is not a report: every one is rejected, each
    // for its empty tables (`sin-datos`), the blank ones and those the
    // catalogue pre-filled alike.
    let v = try Pai.correr(["validar"] + escritos + ["--corte", "2021-03-31", "--json"])
    XCTAssertEqual(v.estado, 1, v.salida + v.errores)
    let json = try JSONSerialization.jsonObject(with: Data(v.salida.utf8)) as? [String: Any]
    let archivos = try XCTUnwrap(json?["archivos"] as? [[String: Any]], v.salida)
    XCTAssertEqual(archivos.count, escritos.count)
    let tablas = [
      "proyecto": ["Metas", "Presupuesto"], "indicadores": ["Indicadores"],
      "actividades": ["Actividades"], "riesgos": ["Riesgos"],
    ]
    for archivo in archivos {
      let nombre = archivo["archivo"] as? String ?? "?"
      XCTAssertEqual(archivo["aceptado"] as? Bool, false, nombre)
      let hallazgos = archivo["hallazgos"] as? [[String: Any]] ?? []
      let vacias = hallazgos.filter { $0["codigo"] as? String == "sin-datos" }
      // Every table of its template.
      XCTAssertEqual(
        vacias.compactMap { $0["hoja"] as? String }.sorted(),
        tablas[archivo["plantilla"] as? String ?? ""], nombre)
      // Below the header row (2), in column A.
      XCTAssertEqual(Set(vacias.compactMap { $0["celda"] as? String }), ["A3"], nombre)
      // Nothing else is wrong with a template but what the office must write.
      XCTAssertEqual(
        Set(hallazgos.compactMap { $0["codigo"] as? String }).subtracting([
          "sin-datos", "valor-faltante",
        ]),
        [], nombre)
    }

    // In words, the sheet and the row to fill; the pre-filled form of
    // project 7867 lacks only its general objective.
    let proyecto = salida.appendingPathComponent("consejeria-comunicaciones/proyecto_7867.xlsx")
      .path
    let p = try Pai.correr(["validar", proyecto, "--corte", "2021-03-31"])
    XCTAssertEqual(p.estado, 1, p.salida)
    XCTAssertTrue(p.salida.contains("3 error(es), 0 advertencia(s)"), p.salida)
    XCTAssertTrue(p.salida.contains("Proyecto!B6"), p.salida)
    XCTAssertTrue(
      p.salida.contains(
        "Metas!A3: la hoja Metas no tiene filas de datos: escriba desde la fila 3 una fila por meta"
      ),
      p.salida)
    XCTAssertTrue(
      p.salida.contains("Presupuesto!A3: la hoja Presupuesto no tiene filas de datos"), p.salida)
  }

  func testUnaPlantillaConSuSalida() throws {
    let ruta = carpeta.appendingPathComponent("riesgos TIC.xlsx").path
    let r = try Pai.correr([
      "plantilla", "riesgos", "--proceso", "gestión de tic", "--vigencia", "2021", "--salida", ruta,
    ])
    XCTAssertEqual(r.estado, 0, r.errores)
    XCTAssertTrue(r.salida.contains("Gestión de riesgos"), r.salida)
    let libro = try Workbook(path: ruta)
    XCTAssertEqual(libro.sheets.map(\.name), ["Instrucciones", "Riesgos"])
  }

  func testUsoIncorrecto() throws {
    for argumentos in [
      ["plantilla"], ["plantilla", "presupuesto"], ["plantilla", "riesgos", "--todas", "x"],
      ["plantilla", "riesgos", "--vigencia", "2020", "--corte", "2021-03-31"],
      ["plantilla", "riesgos", "--corte", "2021-02-30"],
      ["plantilla", "riesgos", "--salida", "riesgos.xls"],
    ] {
      let r = try Pai.correr(argumentos, en: Pai.raiz)
      XCTAssertEqual(r.estado, 64, "\(argumentos): \(r.salida) \(r.errores)")
    }
  }
}

/// Command-line mistakes are said in Spanish with the closest name, and
/// every command finds `schemas/` from another folder.
final class LineaDeComandosTests: XCTestCase {
  func testErroresDeUsoEnEspanolConSugerencia() throws {
    let r = try Pai.correr(["procesa"])
    XCTAssertEqual(r.estado, 64)
    XCTAssertTrue(
      r.errores.contains("argumento inesperado «procesa». ¿Quiso decir «procesar»?"), r.errores)
    XCTAssertFalse(r.errores.contains("Unexpected"), r.errores)
    let o = try Pai.correr(["procesar", "--entrada", "x"])
    XCTAssertTrue(
      o.errores.contains("opción desconocida «--entrada». ¿Quiso decir «--inbox»?"), o.errores)
    XCTAssertTrue(o.errores.contains("Uso: pai procesar"), o.errores)
  }

  func testValidarDesdeOtraCarpetaYArchivoQueNoExiste() throws {
    let otra = try Pai.temporal()
    defer { try? FileManager.default.removeItem(at: otra) }
    let libro = Pai.raiz.appendingPathComponent(
      "inbox/oficina-tic/Indicadores TIC - marzo 2021.xlsx"
    ).path
    let r = try Pai.correr(["validar", libro, "--corte", "2021-03-31"], en: otra)
    XCTAssertEqual(r.estado, 0, r.errores)
    XCTAssertTrue(r.salida.contains("ACEPTADO"), r.salida)
    let falta = try Pai.correr(["validar", "no-existe.xlsx"], en: otra)
    XCTAssertEqual(falta.estado, 66)
    XCTAssertTrue(falta.errores.contains("No existe el archivo «no-existe.xlsx»."), falta.errores)
    XCTAssertEqual(
      try Pai.correr(["--version"]).salida.trimmingCharacters(in: .whitespacesAndNewlines),
      "pai 0.11.0")
  }
}
