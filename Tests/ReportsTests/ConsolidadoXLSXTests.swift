import Foundation
import Plan
import Schema
import XCTest
import XLSX

@testable import Reports

/// `consolidado.xlsx` as a printed report: whole quantities without
/// decimals, every sheet set up to print, empty sheets that say so.
final class ConsolidadoXLSXTests: XCTestCase {
  let marzo = Corte(Fecha(iso: "2021-03-31")!)

  func testCantidadesEnterasSinDecimales() {
    XCTAssertEqual(ConsolidadoXLSX.cifra(1800).style, .integer)
    XCTAssertEqual(ConsolidadoXLSX.cifra(Decimal(string: "1800.00")!).style, .integer)
    XCTAssertEqual(ConsolidadoXLSX.cifra(-3).style, .integer)
    XCTAssertEqual(ConsolidadoXLSX.cifra(Decimal(string: "12.5")!).style, .decimal)
    XCTAssertEqual(ConsolidadoXLSX.cifra(Decimal(string: "0.001")!).style, .decimal)
    // The value itself is not rounded.
    XCTAssertEqual(ConsolidadoXLSX.cifra(Decimal(string: "12.5")!).value, .number(Decimal(string: "12.5")!))
  }

  /// A number indicator's goal of 1.800 prints as «1,800», a fractional
  /// one keeps its decimals, a percent one its percent; long names wrap.
  func testIndicadoresConMetaEnteraYFraccionaria() throws {
    let m = medir(
      PlanAccion(corte: marzo, indicadores: [
        indicador("I-1", meta: 1800, unidad: .numero), indicador("I-2", meta: Decimal(string: "12.5")!, unidad: .numero),
        indicador("I-3", meta: 1, unidad: .porcentaje),
      ]))
    let hoja = try XCTUnwrap(ConsolidadoXLSX.hojas(m).first { $0.nombre == "Indicadores" })
    let filas = hoja.filasEscritas
    XCTAssertEqual(filas.count, 3)
    let meta = hoja.encabezados.firstIndex(of: "Meta vigencia")!
    XCTAssertEqual(filas[0][meta]?.style, .integer)
    XCTAssertEqual(filas[1][meta]?.style, .decimal)
    XCTAssertEqual(filas[2][meta]?.style, .percent)
    let nombre = hoja.encabezados.firstIndex(of: "Indicador")!
    XCTAssertEqual(filas[0][nombre]?.style, .wrapped)
    XCTAssertEqual(filas[0][0]?.style, .general, "el código no se envuelve")
  }

  func testHojaVaciaLoDiceBajoElEncabezado() {
    let vacia = ConsolidadoXLSX.observaciones(resolverLote([], corte: marzo.fecha))
    XCTAssertEqual(vacia.filasEscritas, [[WriteCell(.text("Sin observaciones"))]])
    let pendientes = HojaTabla("Pendientes", ["Dependencia"], anchos: [30], envolver: [0], [])
    XCTAssertEqual(pendientes.filasEscritas, [[WriteCell(.text("Sin pendientes"))]])
    let conFilas = HojaTabla("Pendientes", ["Dependencia"], anchos: [30], envolver: [], [[WriteCell(.text("x"))]])
    XCTAssertEqual(conFilas.filasEscritas, [[WriteCell(.text("x"))]])
  }

  /// The workbook as written: the «Sin …» rows read back under the
  /// headers, and every table sheet repeats its header when printed.
  func testElLibroSeImprimeComoInforme() throws {
    let carpeta = NSTemporaryDirectory() + "pai-consolidado-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: carpeta, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: carpeta) }
    let ruta = carpeta + "/consolidado.xlsx"
    let m = medir(PlanAccion(corte: marzo, indicadores: [indicador("I-1", meta: 1800, unidad: .numero)]))
    try ConsolidadoXLSX.escribir(
      m, lote: resolverLote([], corte: marzo.fecha), duplicados: [], en: ruta,
      hojasExtra: [HojaTabla("Pendientes", ["Dependencia", "Qué falta"], anchos: [30, 40], envolver: [0, 1], [])])
    let libro = try Workbook(path: ruta)
    XCTAssertEqual(libro.sheets.map(\.name).suffix(2), ["Pendientes", "Observaciones"])
    for (hoja, texto) in [("Pendientes", "Sin pendientes"), ("Observaciones", "Sin observaciones")] {
      let filas = try libro.rows(in: try XCTUnwrap(libro.sheet(named: hoja)))
      _ = try filas.nextRow()
      let debajo = try XCTUnwrap(try filas.nextRow(), hoja)
      XCTAssertEqual(debajo[1]?.value, .text(texto), hoja)
      XCTAssertNil(try filas.nextRow(), hoja)
    }
  }

  // MARK: - Helpers

  func indicador(_ codigo: String, meta: Decimal, unidad: UnidadMedida) -> Indicador {
    var programacion: Meses = Array(repeating: nil, count: 12)
    programacion[2] = meta / 4
    return Indicador(
      codigo: codigo, nombre: "Número de piezas de comunicación producidas para las campañas distritales",
      proceso: "Contratación", dependencia: "D", periodicidad: .trimestral, anualizacion: .suma, unidad: unidad,
      metaVigencia: meta, programacion: programacion, ejecucion: programacion)
  }
}
