import Foundation
import Plan
import Schema
import XCTest

@testable import Ledger

/// `pai estado`'s list of what is missing, against `schemas/catalogo.json`.
final class EstadoCorteTests: XCTestCase {
  func catalogo() throws -> CatalogoEntidad {
    try CatalogoEntidad.cargar(Apoyo.raiz.appendingPathComponent("schemas/catalogo.json").path)
  }

  func testElCatalogoCubreLaBandejaDeEjemplo() throws {
    let c = try catalogo()
    XCTAssertEqual(
      c.proyectos.map(\.codigo), ["7867", "7868", "7869", "7870", "7871", "7872", "7873"])
    let carpetas = Set(
      try FileManager.default.contentsOfDirectory(
        atPath: Apoyo.raiz.appendingPathComponent("inbox").path))
    XCTAssertEqual(Set(c.dependencias.map(\.carpeta)), carpetas)
    XCTAssertTrue(
      Set(c.proyectos.map(\.carpeta) + c.procesos.map(\.carpeta) + c.planIntegrado).isSubset(
        of: carpetas))
  }

  func testLoQueFalta() throws {
    let e = try Apoyo.Escenario()
    defer { e.limpiar() }
    // Three offices send: 7867 arrives; oficina-tic's indicators arrive;
    // subdireccion-financiera sends a file that is not a workbook.
    try Apoyo.dejar(
      Apoyo.proyecto7867, en: e.bandeja.appendingPathComponent("consejeria-comunicaciones"))
    try Apoyo.dejar(Apoyo.indicadoresTIC, en: e.bandeja.appendingPathComponent("oficina-tic"))
    let financiera = e.bandeja.appendingPathComponent("subdireccion-financiera")
    try Apoyo.dejar(
      Apoyo.ejemplo("subdireccion-financiera", "Indicadores gestion financiera marzo 2021.xlsx"),
      en: financiera,
      nombre: "indicadores.xlsx")
    try Apoyo.reemplazar(
      en: financiera.appendingPathComponent("indicadores.xlsx"), parte: "xl/sharedStrings.xml",
      ">Mensual<",
      por: ">Semanal<")
    try Data("%PDF-1.4".utf8).write(to: financiera.appendingPathComponent("riesgos.xlsx"))
    try e.pasada()
    let libro = try LibroMayor(ruta: e.rutaLibro)
    // 31 March is not a corte of the risk cycle (30 April, 31 August, 31
    // December): no risk report is expected there.
    let cicloDeRiesgos = [(4, 30), (8, 31), (12, 31)].map {
      Fecha(year: 2021, month: $0.0, day: $0.1)!
    }
    let estado = EstadoCorte.calcular(
      registrados: try libro.envios(corte: Apoyo.corte),
      duplicados: try libro.duplicados(corte: Apoyo.corte),
      catalogo: try catalogo(), corte: Apoyo.corte, cortesRiesgo: cicloDeRiesgos)

    let faltan = estado.pendientes
    let proyectos = faltan.compactMap {
      if case .proyecto(let c, _) = $0.que { return c } else { return nil }
    }
    XCTAssertEqual(proyectos, ["7868", "7869", "7870", "7871", "7872", "7873"])
    let indicadores = faltan.compactMap {
      if case .indicadores(let p) = $0.que { return p } else { return nil }
    }
    XCTAssertFalse(indicadores.contains("Gestión de TIC"))
    XCTAssertTrue(indicadores.contains("Gestión financiera"))
    XCTAssertEqual(indicadores.count, 7)
    XCTAssertEqual(
      faltan.filter { $0.que == .planIntegrado }.map(\.carpeta).sorted(),
      [
        "direccion-talento-humano", "oficina-asesora-planeacion", "oficina-tic",
        "servicios-administrativos",
      ])
    XCTAssertEqual(
      faltan.filter { if case .riesgos = $0.que { return true } else { return false } }.count, 0)

    // Coverage counts catalogue items of the measured components, from the
    // same computation as the pending list.
    XCTAssertEqual(estado.cobertura.esperados, 7 + 8 + 4)
    XCTAssertEqual(estado.cobertura.aceptados, 2)
    XCTAssertEqual(estado.cobertura.faltantes.count, faltan.count)
    XCTAssertEqual(estado.cobertura.completo(.proyectos), false)
    XCTAssertNil(estado.cobertura.completo(.riesgos), "no se mide el 31 de marzo")
    XCTAssertEqual(
      estado.cobertura.faltantes.first { $0.componente == .planIntegrado }?.elemento,
      "Oficina de Tecnologías de la Información y las Comunicaciones")

    // At a quarter that is also a risk corte (31 December; here 31 March
    // made one) the processes that report risks are expected too.
    let enCiclo = EstadoCorte.calcular(
      registrados: try libro.envios(corte: Apoyo.corte),
      duplicados: try libro.duplicados(corte: Apoyo.corte),
      catalogo: try catalogo(), corte: Apoyo.corte, cortesRiesgo: [Apoyo.corte])
    XCTAssertEqual(enCiclo.pendientes.filter { $0.componente == .riesgos }.count, 3)
    XCTAssertEqual(enCiclo.cobertura.esperados, 7 + 8 + 4 + 3)
    XCTAssertEqual(enCiclo.cobertura.completo(.riesgos), false)

    // What arrived, per office and component, with the reason of a rejection.
    let fin = try XCTUnwrap(estado.dependencias.first { $0.carpeta == "subdireccion-financiera" })
    let ind = try XCTUnwrap(fin.componentes.first { $0.componente == .indicadores })
    XCTAssertEqual(ind.recibidos.map(\.situacion), [.rechazado])
    XCTAssertEqual(
      ind.faltantes.first?.rechazado?.archivo, "indicadores.xlsx",
      "falta, y se dice que llegó rechazado")
    XCTAssertNotNil(ind.recibidos.first?.primerError)
    let sinPlantilla = try XCTUnwrap(fin.componentes.first { $0.componente == nil })
    XCTAssertEqual(sinPlantilla.recibidos.map(\.archivo), ["riesgos.xlsx"])
    XCTAssertEqual(sinPlantilla.recibidos.first?.situacion, .rechazado)
    let tic = try XCTUnwrap(estado.dependencias.first { $0.carpeta == "oficina-tic" })
    XCTAssertEqual(
      tic.componentes.first { $0.componente == .indicadores }?.recibidos.map(\.situacion),
      [.aceptado])
    XCTAssertEqual(
      estado.dependencias.first?.carpeta, "consejeria-comunicaciones", "en el orden del catálogo")
  }

  /// A rejected project file is that project's attempt, whatever folder it
  /// came from, and never stands for another project of the same office.
  func testElIntentoRechazadoEsElDelProyectoQueDeclara() throws {
    let e = try Apoyo.Escenario()
    defer { e.limpiar() }
    let tic = e.bandeja.appendingPathComponent("oficina-tic")
    try Apoyo.dejar(Apoyo.proyecto7867, en: tic, nombre: "7867.xlsx")
    try Apoyo.reemplazar(
      en: tic.appendingPathComponent("7867.xlsx"), parte: "xl/sharedStrings.xml", ">Suma<",
      por: ">Sumatoria<")
    try e.pasada()
    let libro = try LibroMayor(ruta: e.rutaLibro)
    let estado = EstadoCorte.calcular(
      registrados: try libro.envios(corte: Apoyo.corte),
      duplicados: try libro.duplicados(corte: Apoyo.corte),
      catalogo: try catalogo(), corte: Apoyo.corte, cortesRiesgo: [])
    func pendiente(_ codigo: String) -> Pendiente? {
      estado.pendientes.first {
        if case .proyecto(codigo, _) = $0.que { return true } else { return false }
      }
    }
    XCTAssertEqual(pendiente("7867")?.rechazado?.archivo, "7867.xlsx")
    XCTAssertNotNil(pendiente("7872"))
    XCTAssertNil(pendiente("7872")?.rechazado, "el 7867 rechazado no es un intento del 7872")
  }
}
