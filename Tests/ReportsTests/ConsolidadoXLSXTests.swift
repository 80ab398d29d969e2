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
    XCTAssertEqual(
      ConsolidadoXLSX.cifra(Decimal(string: "12.5")!).value, .number(Decimal(string: "12.5")!))
  }

  /// A number indicator's goal of 1.800 prints as «1,800», a fractional
  /// one keeps its decimals, a percent one its percent; long names wrap.
  func testIndicadoresConMetaEnteraYFraccionaria() throws {
    let m = medir(
      PlanAccion(
        corte: marzo,
        indicadores: [
          indicador("I-1", meta: 1800, unidad: .numero),
          indicador("I-2", meta: Decimal(string: "12.5")!, unidad: .numero),
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
    let conFilas = HojaTabla(
      "Pendientes", ["Dependencia"], anchos: [30], envolver: [], [[WriteCell(.text("x"))]])
    XCTAssertEqual(conFilas.filasEscritas, [[WriteCell(.text("x"))]])
  }

  /// The workbook as written: the «Sin …» rows read back under the
  /// headers, and every table sheet repeats its header when printed.
  func testElLibroSeImprimeComoInforme() throws {
    let carpeta = NSTemporaryDirectory() + "pai-consolidado-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: carpeta, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: carpeta) }
    let ruta = carpeta + "/consolidado.xlsx"
    let m = medir(
      PlanAccion(corte: marzo, indicadores: [indicador("I-1", meta: 1800, unidad: .numero)]))
    try ConsolidadoXLSX.escribir(
      m, lote: resolverLote([], corte: marzo.fecha), duplicados: [], en: ruta,
      hojasExtra: [
        HojaTabla(
          "Pendientes", ["Dependencia", "Qué falta"], anchos: [30, 40], envolver: [0, 1], [])
      ])
    let libro = try Workbook(path: ruta)
    XCTAssertEqual(libro.sheets.map(\.name).suffix(2), ["Pendientes", "Observaciones"])
    for (hoja, texto) in [("Pendientes", "Sin pendientes"), ("Observaciones", "Sin observaciones")]
    {
      let filas = try libro.rows(in: try XCTUnwrap(libro.sheet(named: hoja)))
      _ = try filas.nextRow()
      let debajo = try XCTUnwrap(try filas.nextRow(), hoja)
      XCTAssertEqual(debajo[1]?.value, .text(texto), hoja)
      XCTAssertNil(try filas.nextRow(), hoja)
    }
  }

  /// The close of the vigencia is said as such on the Resumen sheet, in
  /// the summary of `pai procesar`, and not at a quarter; a risk-only corte
  /// says its PAI is the risks alone.
  func testElCierreYElCorteDeRiesgosSeDicenEnResumen() throws {
    let carpeta = NSTemporaryDirectory() + "pai-cierre-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: carpeta, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: carpeta) }
    func titulo(_ iso: String) throws -> (hoja: [String], resumen: String) {
      let corte = Corte(try XCTUnwrap(Fecha(iso: iso)))
      let m = medir(
        PlanAccion(corte: corte, indicadores: [indicador("I-1", meta: 1800, unidad: .numero)]))
      let ruta = carpeta + "/\(iso).xlsx"
      try ConsolidadoXLSX.escribir(
        m, lote: resolverLote([], corte: corte.fecha), duplicados: [], en: ruta)
      let libro = try Workbook(path: ruta)
      let filas = try libro.rows(in: try XCTUnwrap(libro.sheet(named: "Resumen")))
      var textos: [String] = []
      for _ in 0..<3 {
        if case .text(let t)? = try filas.nextRow()?[1]?.value { textos.append(t) }
      }
      let resumen = Resumen.texto(
        lote: resolverLote([], corte: corte.fecha), medicion: m, duplicados: [], cobertura: nil,
        carpeta: carpeta)
      return (textos, resumen)
    }
    let diciembre = try titulo("2021-12-31")
    XCTAssertEqual(diciembre.hoja[1], "Cierre de la vigencia 2021", "\(diciembre.hoja)")
    XCTAssertTrue(
      diciembre.resumen.contains(
        "Plan de Acción Institucional — cierre de la vigencia 2021, corte 31/12/2021"),
      diciembre.resumen)
    XCTAssertTrue(diciembre.resumen.contains("Avance del PAI en el año: "), diciembre.resumen)
    for iso in ["2021-03-31", "2021-06-30"] {
      let t = try titulo(iso)
      XCTAssertTrue(t.hoja[1].hasPrefix("Seguimiento a "), "\(t.hoja)")
      XCTAssertFalse((t.hoja + [t.resumen]).joined().contains("ierre de la vigencia"), iso)
    }
    let abril = try titulo("2021-04-30")
    XCTAssertEqual(abril.hoja[1], "Seguimiento de riesgos a 30 de abril de 2021")
    XCTAssertTrue(
      abril.hoja.contains {
        $0.contains("el avance del PAI corresponde solo a la gestión de riesgos")
      })
    XCTAssertTrue(abril.resumen.contains("seguimiento de riesgos, corte 30/04/2021"), abril.resumen)
  }

  // MARK: - Helpers

  func indicador(_ codigo: String, meta: Decimal, unidad: UnidadMedida) -> Indicador {
    var programacion: Meses = Array(repeating: nil, count: 12)
    programacion[2] = meta / 4
    return Indicador(
      codigo: codigo,
      nombre: "Número de piezas de comunicación producidas para las campañas distritales",
      proceso: "Contratación", dependencia: "D", periodicidad: .trimestral, anualizacion: .suma,
      unidad: unidad,
      metaVigencia: meta, programacion: programacion, ejecucion: programacion)
  }
}
