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
    // Blank tables have no finding; a blank project form lacks only what the
    // office must write.
    let blancos = ["indicadores", "actividades", "riesgos"].map {
      salida.appendingPathComponent("\($0).xlsx").path
    }
    let v = try Pai.correr(["validar"] + blancos + ["--corte", "2021-03-31"])
    XCTAssertEqual(v.estado, 0, v.salida + v.errores)
    XCTAssertEqual(v.salida.components(separatedBy: "ACEPTADO").count - 1, 3, v.salida)

    let proyecto = salida.appendingPathComponent("consejeria-comunicaciones/proyecto_7867.xlsx")
      .path
    let p = try Pai.correr(["validar", proyecto, "--corte", "2021-03-31"])
    XCTAssertEqual(p.estado, 1, p.salida)
    XCTAssertTrue(p.salida.contains("1 error(es), 0 advertencia(s)"), p.salida)
    XCTAssertTrue(p.salida.contains("Proyecto!B6"), p.salida)
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
