import Foundation
import Plan
import Reports
import XCTest

@testable import Schema

/// Changes against the vigencia's earlier cortes: one warning per changed
/// cell, naming it and both values; nothing for what the earlier corte had
/// not closed yet; a meta that vanished is said on its sheet.
final class CorteAnteriorTests: XCTestCase {
  static let raiz = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()
  let corte = Fecha(iso: "2021-03-31")!
  let febrero = Corte(Fecha(iso: "2021-02-28")!)

  func esquemas() throws -> SchemaSet {
    try SchemaSet.cargar(desde: Self.raiz.appendingPathComponent("schemas"))
  }

  func ejemplo(_ ruta: String) -> String { Self.raiz.appendingPathComponent("inbox/" + ruta).path }

  func cambios(_ i: InformeArchivo) -> [Hallazgo] {
    i.hallazgos.filter { $0.codigo == .cambioFrenteAlCorteAnterior }
  }

  func testUnaProgramacionCambiadaEsUnaAdvertenciaEnSuCelda() throws {
    let set = try esquemas()
    let ruta = ejemplo("oficina-tic/Indicadores TIC - marzo 2021.xlsx")
    let base = validar(ruta: ruta, esquemas: set, corte: corte)
    guard case .indicadores(var lista)? = base.contenido else { return XCTFail("sin contenido") }

    // The same data at February: no change, no warning.
    let igual = validar(
      ruta: ruta, esquemas: set, corte: corte,
      anterior: CorteAnterior(planes: [PlanAccion(corte: febrero, indicadores: lista)]))
    XCTAssertEqual(cambios(igual), [])

    // February had another programming in one month, and another March
    // execution: only the programming warns, since February had not
    // closed March.
    let mes = try XCTUnwrap((0..<12).first { (lista[0].programacion[$0] ?? 0) > 0 })
    let original = try XCTUnwrap(lista[0].programacion[mes])
    lista[0].programacion[mes] = original + 1
    lista[0].ejecucion[2] = (lista[0].ejecucion[2] ?? 0) + 7
    let r = validar(
      ruta: ruta, esquemas: set, corte: corte,
      anterior: CorteAnterior(planes: [PlanAccion(corte: febrero, indicadores: lista)]))
    XCTAssertTrue(r.aceptado, "un cambio avisa, no rechaza")
    let c = cambios(r)
    XCTAssertEqual(c.count, 1, "\(c)")
    XCTAssertEqual(c.first?.severidad, .advertencia)
    XCTAssertEqual(c.first?.ubicacion.hoja, "Indicadores")
    XCTAssertNotNil(c.first?.ubicacion.celda)
    let texto = c.first.map(Catalogo.texto) ?? ""
    XCTAssertTrue(
      texto.contains(
        "«Prog. \(["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"][mes])»"
      ), texto)
    XCTAssertTrue(texto.contains("28/02/2021"), texto)
  }

  func testUnaEjecucionYaReportadaQueCambiaAvisa() throws {
    let set = try esquemas()
    let ruta = ejemplo("oficina-tic/Indicadores TIC - marzo 2021.xlsx")
    guard case .indicadores(var lista)? = validar(ruta: ruta, esquemas: set, corte: corte).contenido
    else {
      return XCTFail("sin contenido")
    }
    let i = try XCTUnwrap(lista.firstIndex { $0.ejecucion[1] != nil })
    lista[i].ejecucion[1] = (lista[i].ejecucion[1] ?? 0) + 1
    let r = validar(
      ruta: ruta, esquemas: set, corte: corte,
      anterior: CorteAnterior(planes: [PlanAccion(corte: febrero, indicadores: lista)]))
    XCTAssertEqual(cambios(r).count, 1)
    XCTAssertTrue(cambios(r).first.map(Catalogo.texto)?.contains("«Ejec. febrero»") ?? false)
  }

  func testUnaMetaQueDesapareceSeDiceEnSuHoja() throws {
    let set = try esquemas()
    let ruta = ejemplo("consejeria-comunicaciones/PAI 2021-T1 Proyecto 7867.xlsx")
    guard case .proyecto(var p)? = validar(ruta: ruta, esquemas: set, corte: corte).contenido else {
      return XCTFail("sin contenido")
    }
    var extra = try XCTUnwrap(p.metas.last)
    extra.numero += 10
    p.metas.append(extra)
    let r = validar(
      ruta: ruta, esquemas: set, corte: corte,
      anterior: CorteAnterior(planes: [PlanAccion(corte: febrero, proyectos: [p])]))
    let c = cambios(r)
    XCTAssertEqual(c.count, 1, "\(c)")
    XCTAssertEqual(c.first?.ubicacion.hoja, "Metas")
    XCTAssertNil(c.first?.ubicacion.celda, "ya no tiene celda")
    XCTAssertTrue(
      c.first.map(Catalogo.texto)?.contains("meta \(extra.numero) del objetivo \(extra.objetivo)")
        ?? false)
  }
}
