import Foundation
import Plan
import Schema
import XCTest

@testable import Reports

/// The words next to a count agree with it: «1 indicador programado»,
/// «2 indicadores programados», and 0 reads naturally.
final class ConcordanciaInformeTests: XCTestCase {
  // MARK: - The mechanism

  func testCadaCantidadTraeSuTextoYSiEsUnoOCero() throws {
    let c = InformeHTML.cantidades(["uno": 1, "cero": 0, "dos": 2, "mil": 1_000])
    XCTAssertEqual(c["uno"] as? String, "1")
    XCTAssertEqual(c["unoEsUno"] as? Bool, true)
    XCTAssertEqual(c["unoEsCero"] as? Bool, false)
    XCTAssertEqual(c["cero"] as? String, "0")
    XCTAssertEqual(c["ceroEsUno"] as? Bool, false)
    XCTAssertEqual(c["ceroEsCero"] as? Bool, true)
    XCTAssertEqual(c["dos"] as? String, "2")
    XCTAssertEqual(c["dosEsUno"] as? Bool, false)
    XCTAssertEqual(c["dosEsCero"] as? Bool, false)
    XCTAssertEqual(c["mil"] as? String, "1.000")
    XCTAssertEqual(c["milEsUno"] as? Bool, false)
    XCTAssertEqual(c.count, 12)
  }

  /// A template edited by the planning office reaches the flags by the
  /// names its header lists.
  func testLaPlantillaLeeLasBanderasPorSuNombre() throws {
    let plantilla =
      "{{#indicadores}}{{programados}} {{#programadosEsUno}}indicador{{/programadosEsUno}}"
      + "{{^programadosEsUno}}indicadores{{/programadosEsUno}}"
      + "{{#programadosEsCero}} (ninguno){{/programadosEsCero}}{{/indicadores}}"
    let entidad = Entidad(nombre: "E", mision: "m", vision: "v", objetivosEstrategicos: [])
    let casos: [(Int, String)] = [
      (0, "0 indicadores (ninguno)"), (1, "1 indicador"), (2, "2 indicadores"),
    ]
    for (n, esperado) in casos {
      let m = medir(
        PlanAccion(corte: marzo, indicadores: (0..<n).map { indicador("I-\($0)", 100) }))
      XCTAssertEqual(
        try InformeHTML.generar(m, entidad: entidad, plantilla: plantilla), esperado, "\(n)")
    }
  }

  // MARK: - The page

  func testIndicadoresConUno() throws {
    try assertSeccion(
      "indicadores", PlanAccion(corte: marzo, indicadores: [indicador("I-1", 100)]),
      dice: [
        "1 indicador programado para la vigencia 2021",
        "1 indicador programado al periodo",
        "cumplimiento del indicador programado al periodo",
        "Cumplimiento del indicador programado al periodo",
        "1 indicador ≥ 100 %",
        "0 indicadores entre el 75 % y 99 %",
        "0 indicadores por debajo del 75 %",
      ],
      noDice: ["1 indicadores", "de los 1", "promedio"])
  }

  func testIndicadoresConDos() throws {
    try assertSeccion(
      "indicadores",
      PlanAccion(corte: marzo, indicadores: [indicador("I-1", 100), indicador("I-2", 100)]),
      dice: [
        "2 indicadores programados para la vigencia 2021",
        "2 indicadores programados al periodo",
        "cumplimiento promedio de los indicadores programados al periodo",
        "Cumplimiento de los 2 indicadores programados al periodo",
        "2 indicadores ≥ 100 %",
      ])
  }

  func testIndicadoresUnoEnCadaBandaYUnoExcluido() throws {
    let indicadores = [
      indicador("I-1", 100), indicador("I-2", 80), indicador("I-3", 50), excluido("I-4", .anual),
    ]
    try assertSeccion(
      "indicadores", PlanAccion(corte: marzo, indicadores: indicadores),
      dice: [
        "4 indicadores programados para la vigencia 2021",
        "3 indicadores programados al periodo",
        "Cumplimiento de los 3 indicadores programados al periodo",
        "1 indicador ≥ 100 %",
        "1 indicador entre el 75 % y 99 %",
        "1 indicador por debajo del 75 %",
        "Nota: no se incluye 1 indicador de gestión que tiene programación anual sin meta al "
          + "periodo: Indicador I-4 (anual).",
      ])
  }

  func testIndicadoresDosEnCadaBandaYDosExcluidos() throws {
    let indicadores = [
      indicador("I-1", 80), indicador("I-2", 90), indicador("I-3", 50), indicador("I-4", 60),
      excluido("I-5", .anual), excluido("I-6", .semestral),
    ]
    try assertSeccion(
      "indicadores", PlanAccion(corte: marzo, indicadores: indicadores),
      dice: [
        "0 indicadores ≥ 100 %",
        "2 indicadores entre el 75 % y 99 %",
        "2 indicadores por debajo del 75 %",
        "Nota: no se incluyen 2 indicadores de gestión que tienen programación semestral y anual "
          + "sin meta al periodo: Indicador I-5 (anual) y Indicador I-6 (semestral).",
      ])
  }

  /// None programmed at the period: the heading says so instead of «de los
  /// 0 indicadores»; the cards keep the count in the plural, as Spanish
  /// writes 0.
  func testIndicadoresSinProgramadosAlPeriodo() throws {
    try assertSeccion(
      "indicadores", PlanAccion(corte: marzo, indicadores: [excluido("I-1", .anual)]),
      dice: [
        "1 indicador programado para la vigencia 2021",
        "0 indicadores programados al periodo",
        "Sin indicadores programados al periodo",
        "Nota: no se incluye 1 indicador de gestión",
      ],
      noDice: ["Cumplimiento de los 0", "Cumplimiento del indicador"])
  }

  func testPlanIntegradoConUno() throws {
    try assertSeccion(
      "plan-integrado", PlanAccion(corte: marzo, actividades: [actividad("A-1")]),
      dice: [
        "1 actividad programada para la vigencia 2021",
        "1 actividad programada para el primer trimestre",
        "cumplimiento de la actividad programada al periodo",
      ],
      noDice: ["1 actividades", "promedio"])
  }

  func testPlanIntegradoConDos() throws {
    try assertSeccion(
      "plan-integrado",
      PlanAccion(corte: marzo, actividades: [actividad("A-1"), actividad("A-2")]),
      dice: [
        "2 actividades programadas para la vigencia 2021",
        "2 actividades programadas para el primer trimestre",
        "cumplimiento promedio de las actividades programadas al periodo",
      ])
  }

  func testPlanIntegradoSinProgramadasAlPeriodo() throws {
    try assertSeccion(
      "plan-integrado", PlanAccion(corte: marzo, actividades: [actividad("A-1", mes: 12)]),
      dice: [
        "1 actividad programada para la vigencia 2021",
        "0 actividades programadas para el primer trimestre",
      ])
  }

  func testRiesgosConUno() throws {
    let riesgos = [
      riesgo("R-1", .cuatrimestral, "2021-04-30", acciones: (1, 1), materializado: true)
    ]
    try assertSeccion(
      "riesgos", PlanAccion(corte: abril, riesgos: riesgos),
      dice: [
        "acción ejecutada frente a la programada (1 de 1) en el ciclo",
        "1 riesgo monitoreado",
        "1 riesgo materializado: R-1",
        "Riesgos recibidos: 1 (1 monitoreo)",
      ],
      noDice: ["1 riesgos", "1 monitoreos"])
  }

  func testRiesgosConDos() throws {
    let riesgos = [
      riesgo("R-1", .bimestral, "2021-04-30", acciones: (1, 1), materializado: true),
      riesgo("R-2", .bimestral, "2021-04-30", acciones: (1, 0), materializado: true),
    ]
    try assertSeccion(
      "riesgos", PlanAccion(corte: abril, riesgos: riesgos),
      dice: [
        "acciones ejecutadas frente a las programadas (1 de 2) en el ciclo",
        "2 riesgos monitoreados",
        "2 riesgos materializados: R-1 y R-2",
        "R-1 (Contratación, Gestión, bimestral): 1 de 2 monitoreos.",
        "Riesgos recibidos: 2 (2 monitoreos)",
      ])
  }

  /// No risk materialised, and a monitoring due once in the cycle that did
  /// not come (R-2's is from the previous cycle).
  func testRiesgosSinMaterializadosYUnMonitoreoFaltante() throws {
    let riesgos = [
      riesgo("R-1", .cuatrimestral, "2021-04-30", acciones: (2, 1), materializado: false),
      riesgo("R-2", .cuatrimestral, "2020-12-31", acciones: (1, 1), materializado: false),
    ]
    try assertSeccion(
      "riesgos", PlanAccion(corte: abril, riesgos: riesgos),
      dice: [
        "acciones ejecutadas frente a las programadas (1 de 2)",
        "0 riesgos materializados",
        "R-2 (Contratación, Gestión, cuatrimestral): 0 de 1 monitoreo.",
      ])
  }

  func testLaNotaDelPAINombraUnComponenteOVarios() throws {
    try assertSeccion(
      "avance-pai", PlanAccion(corte: marzo, indicadores: [indicador("I-1", 100)]),
      dice: ["*La medición contempla el componente de indicadores de gestión."])
    try assertSeccion(
      "avance-pai",
      PlanAccion(
        corte: marzo, indicadores: [indicador("I-1", 100)], actividades: [actividad("A-1")]),
      dice: [
        "*La medición contempla los componentes de indicadores de gestión y plan de acción integrado."
      ])
  }

  // MARK: - Helpers

  let marzo = Corte(Fecha(iso: "2021-03-31")!)
  let abril = Corte(Fecha(iso: "2021-04-30")!)

  /// A quarterly indicator programmed in March (100) with this percent of
  /// it executed.
  func indicador(_ codigo: String, _ porcentaje: Int) -> Indicador {
    var programacion: Meses = Array(repeating: nil, count: 12)
    var ejecucion: Meses = Array(repeating: nil, count: 12)
    programacion[2] = 100
    ejecucion[2] = Decimal(porcentaje)
    return Indicador(
      codigo: codigo, nombre: "Indicador \(codigo)", proceso: "Contratación", dependencia: "D",
      periodicidad: .trimestral, anualizacion: .suma, unidad: .numero, metaVigencia: 400,
      programacion: programacion, ejecucion: ejecucion)
  }

  /// An indicator first programmed in December (not at the period in March).
  func excluido(_ codigo: String, _ periodicidad: Periodicidad) -> Indicador {
    var programacion: Meses = Array(repeating: nil, count: 12)
    programacion[11] = 1
    return Indicador(
      codigo: codigo, nombre: "Indicador \(codigo)", proceso: "Contratación", dependencia: "D",
      periodicidad: periodicidad, anualizacion: .suma, unidad: .numero, metaVigencia: 1,
      programacion: programacion, ejecucion: Array(repeating: nil, count: 12))
  }

  /// An activity programmed (25 %, all done) in the month given.
  func actividad(_ codigo: String, mes: Int = 3) -> Actividad {
    var programacion: Meses = Array(repeating: nil, count: 12)
    programacion[mes - 1] = Decimal(string: "0.25")!
    return Actividad(
      plan: "Plan", codigo: codigo, actividad: "Actividad \(codigo)", dependencia: "D",
      programacion: programacion, ejecucion: programacion)
  }

  /// A monitoring with its actions (programadas, ejecutadas).
  func riesgo(
    _ codigo: String, _ periodicidad: Periodicidad, _ fecha: String, acciones: (Int, Int),
    materializado: Bool
  ) -> Riesgo {
    Riesgo(
      proceso: "Contratación", codigo: codigo, tipo: .gestion, descripcion: "d", zona: .baja,
      periodicidad: periodicidad, fechaMonitoreo: Fecha(iso: fecha)!,
      accionesProgramadas: acciones.0, accionesEjecutadas: acciones.1,
      materializado: materializado)
  }

  /// Renders the page with the real template and checks the visible text
  /// of one section: it says every phrase of `dice` and none of `noDice`.
  func assertSeccion(
    _ id: String, _ plan: PlanAccion, dice: [String], noDice: [String] = [],
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let esquemas = InformeHTMLTests.esquemas
    let entidad = try Entidad.cargar(desde: esquemas)
    let plantilla = try String(
      contentsOf: esquemas.appendingPathComponent(InformeHTML.rutaPlantilla), encoding: .utf8)
    let html = try InformeHTML.generar(medir(plan), entidad: entidad, plantilla: plantilla)
    let seccion = try XCTUnwrap(InformeHTMLTests.seccion(html, id: id), id, file: file, line: line)
    let texto = InformeHTMLTests.texto(seccion)
    for frase in dice {
      XCTAssertTrue(texto.contains(frase), "falta «\(frase)» en\n\(texto)", file: file, line: line)
    }
    for frase in noDice {
      XCTAssertFalse(texto.contains(frase), "sobra «\(frase)» en\n\(texto)", file: file, line: line)
    }
  }
}
