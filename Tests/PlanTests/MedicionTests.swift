import Foundation
import Plan
import XCTest

// One test per formula of PLAN "How the plan is measured", on hand-made
// inputs, plus the seed's projects 7867, 7869 and 7871 rebuilt meta by meta
// from the example inbox (scripts/generar_inbox.py).

// MARK: - Builders

/// A decimal from its text, never through binary floating point; NaN (which
/// fails every assertion) for a typo.
private func d(_ texto: String) -> Decimal {
  Decimal(string: texto, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
}

private func meses(_ valores: [Int: Decimal]) -> Meses {
  (1...12).map { valores[$0] }
}

private func fecha(_ iso: String) throws -> Fecha {
  try XCTUnwrap(Fecha(iso: iso), iso)
}

private func corte(_ iso: String) throws -> Corte {
  Corte(try fecha(iso))
}

private func meta(
  objetivo: Int = 1, numero: Int = 1, _ anualizacion: Anualizacion = .suma,
  magnitud: Decimal, prog: [Int: Decimal], ejec: [Int: Decimal]
) -> Meta {
  Meta(
    objetivo: objetivo, descripcionObjetivo: "Objetivo \(objetivo)", numero: numero,
    descripcion: "Meta \(objetivo).\(numero)", anualizacion: anualizacion,
    magnitud: magnitud, programacion: meses(prog), ejecucion: meses(ejec))
}

/// The example inbox's `suma_meta`: the first quarter given, the rest of
/// the magnitude in December (the measures at March never look there).
private func sumaMeta(
  objetivo: Int, numero: Int, magnitud: Decimal, q1Prog: [Decimal], q1Ejec: [Decimal]
) -> Meta {
  var prog: [Int: Decimal] = [:]
  var ejec: [Int: Decimal] = [:]
  for (i, v) in q1Prog.enumerated() { prog[i + 1] = v }
  for (i, v) in q1Ejec.enumerated() { ejec[i + 1] = v }
  prog[12] = magnitud - q1Prog.reduce(0, +)
  return meta(
    objetivo: objetivo, numero: numero, .suma, magnitud: magnitud, prog: prog, ejec: ejec)
}

/// The example inbox's `acumulado_meta`: cumulative progress in percent,
/// 5/10/15 in the first quarter, 100 in December.
private func acumuladoMeta(objetivo: Int, numero: Int, q1Ejec: [Decimal]) -> Meta {
  var prog: [Int: Decimal] = [1: 5, 2: 10, 3: 15]
  for (i, v) in [25, 35, 45, 55, 65, 75, 85, 95, 100].enumerated() { prog[4 + i] = Decimal(v) }
  var ejec: [Int: Decimal] = [:]
  for (i, v) in q1Ejec.enumerated() { ejec[i + 1] = v }
  return meta(
    objetivo: objetivo, numero: numero, .constante, magnitud: 100, prog: prog, ejec: ejec)
}

/// The example inbox's `constante_meta`: the same level every month.
private func constanteMeta(objetivo: Int, numero: Int, q1Ejec: [Decimal]) -> Meta {
  var ejec: [Int: Decimal] = [:]
  for (i, v) in q1Ejec.enumerated() { ejec[i + 1] = v }
  return meta(
    objetivo: objetivo, numero: numero, .constante, magnitud: 100,
    prog: Dictionary(uniqueKeysWithValues: (1...12).map { ($0, Decimal(100)) }), ejec: ejec)
}

private func proyecto(
  _ codigo: String = "7000", metas: [Meta], presupuesto: [LineaPresupuesto] = []
) -> Proyecto {
  Proyecto(
    codigo: codigo, nombre: "Proyecto \(codigo)", objetivoGeneral: "General",
    dependencia: "Oficina", metas: metas, presupuesto: presupuesto)
}

private func indicador(
  _ periodicidad: Periodicidad, _ anualizacion: Anualizacion, meta: Decimal,
  prog: [Int: Decimal], ejec: [Int: Decimal]
) -> Indicador {
  indicador("IND-01", periodicidad, anualizacion, meta: meta, prog: prog, ejec: ejec)
}

private func indicador(
  _ codigo: String, _ periodicidad: Periodicidad, _ anualizacion: Anualizacion,
  meta: Decimal, prog: [Int: Decimal], ejec: [Int: Decimal]
) -> Indicador {
  Indicador(
    codigo: codigo, nombre: "Indicador \(codigo)", proceso: "Proceso", dependencia: "Oficina",
    periodicidad: periodicidad, anualizacion: anualizacion, unidad: .numero,
    metaVigencia: meta, programacion: meses(prog), ejecucion: meses(ejec))
}

/// A Constante indicator whose March cumplimiento is exactly `valor`.
private func indicadorConCumplimiento(_ codigo: String, _ valor: Decimal) -> Indicador {
  indicador(codigo, .trimestral, .constante, meta: 100, prog: [3: 100], ejec: [3: valor * 100])
}

private func actividad(
  _ codigo: String = "ACT-01", prog: [Int: Decimal], ejec: [Int: Decimal]
) -> Actividad {
  Actividad(
    plan: "Plan Anual de Adquisiciones", codigo: codigo, actividad: "Actividad \(codigo)",
    dependencia: "Oficina", programacion: meses(prog), ejecucion: meses(ejec))
}

private func riesgo(
  _ codigo: String, _ tipo: TipoRiesgo, zona: ZonaRiesgo = .alta, fecha: Fecha,
  programadas: Int, ejecutadas: Int, materializado: Bool = false
) -> Riesgo {
  Riesgo(
    proceso: "Proceso", codigo: codigo, tipo: tipo, descripcion: "Riesgo \(codigo)",
    zona: zona, periodicidad: tipo == .corrupcion ? .bimestral : .cuatrimestral,
    fechaMonitoreo: fecha, accionesProgramadas: programadas, accionesEjecutadas: ejecutadas,
    materializado: materializado)
}

/// Measures one project at the corte.
private func medirProyecto(_ p: Proyecto, al iso: String = "2021-03-31") throws
  -> MedicionProyecto
{
  let medicion = medir(PlanAccion(corte: try corte(iso), proyectos: [p]))
  return try XCTUnwrap(medicion.proyectos.first)
}

private func medirMeta(_ m: Meta, al iso: String = "2021-03-31") throws -> MedicionMeta {
  try XCTUnwrap(try medirProyecto(proyecto(metas: [m]), al: iso).objetivos.first?.metas.first)
}

private func medirIndicador(_ i: Indicador, al iso: String = "2021-03-31") throws
  -> MedicionIndicador
{
  try XCTUnwrap(medir(PlanAccion(corte: try corte(iso), indicadores: [i])).indicadores.items.first)
}

private func medirActividad(_ a: Actividad, al iso: String = "2021-03-31") throws
  -> MedicionActividad
{
  try XCTUnwrap(
    medir(PlanAccion(corte: try corte(iso), actividades: [a])).planIntegrado.items.first)
}

/// A figure as the report shows a percent: two decimals, half-up.
private func porcentaje(_ x: Decimal?) -> Decimal? {
  x.map { redondear($0 * 100, decimales: 2) }
}

final class MedicionTests: XCTestCase {

  // MARK: - Metas

  func testMetaSumaAcumulaProgramadoYEjecutadoHastaElCorte() throws {
    let m = meta(magnitud: 20, prog: [1: 1, 2: 2, 3: 3, 12: 14], ejec: [1: 1, 2: 1, 3: 3])
    let marzo = try medirMeta(m)
    XCTAssertEqual(marzo.programado, 6)
    XCTAssertEqual(marzo.ejecutado, 5)
    XCTAssertEqual(marzo.cumplimiento, Decimal(5) / 6)
    XCTAssertEqual(marzo.avance, d("0.25"))
    XCTAssertEqual(marzo.ultimoMesProgramado, 3)

    let febrero = try medirMeta(m, al: "2021-02-28")
    XCTAssertEqual(febrero.programado, 3)
    XCTAssertEqual(febrero.ejecutado, 2)
    XCTAssertEqual(febrero.avance, d("0.1"))
  }

  func testMetaConstanteUsaUltimoMesProgramado() throws {
    // March unprogrammed: the level is February's, not a sum of months.
    let m = meta(
      .constante, magnitud: 100, prog: [1: 5, 2: 10, 4: 25, 12: 100],
      ejec: [1: 5, 2: 8, 3: 9])
    let medida = try medirMeta(m)
    XCTAssertEqual(medida.ultimoMesProgramado, 2)
    XCTAssertEqual(medida.programado, 10)
    XCTAssertEqual(medida.ejecutado, 8)
    XCTAssertEqual(medida.cumplimiento, d("0.8"))
    XCTAssertEqual(medida.avance, d("0.08"))
  }

  func testMetaSobreejecutadaTieneAvanceMayorQueCumplimiento() throws {
    // The seed's 7871 objective 3, meta 3: 313 people of 300.
    let m = meta(
      magnitud: 300, prog: [1: 25, 2: 25, 3: 25, 12: 225], ejec: [1: 98, 2: 105, 3: 110])
    let medida = try medirMeta(m)
    XCTAssertEqual(medida.cumplimiento, 1, "cumplimiento is capped at 100 %")
    XCTAssertEqual(medida.avance, Decimal(313) / 300, "avance is not capped")
    XCTAssertGreaterThan(try XCTUnwrap(medida.avance), 1)
  }

  func testMetaSinProgramacionAlCorteNoTieneCumplimiento() throws {
    let m = meta(magnitud: 2, prog: [6: 1, 12: 1], ejec: [:])
    let medida = try medirMeta(m)
    XCTAssertNil(medida.cumplimiento)
    XCTAssertNil(medida.ultimoMesProgramado)
    XCTAssertEqual(medida.avance, 0)
    XCTAssertTrue(medida.programadaEnVigencia)
  }

  func testEjecucionAdelantadaDeUnaMetaCuentaEnLaSuma() throws {
    // The seed's 7868 objective 1, meta 1: held in February, programmed for
    // March, March reports 0.
    let m = meta(magnitud: 4, prog: [3: 1, 6: 1, 9: 1, 12: 1], ejec: [1: 0, 2: 1, 3: 0])
    let medida = try medirMeta(m)
    XCTAssertEqual(medida.programado, 1)
    XCTAssertEqual(medida.ejecutado, 1)
    XCTAssertEqual(medida.cumplimiento, 1)
    XCTAssertEqual(medida.avance, d("0.25"))
  }

  // MARK: - Objectives and projects

  func testObjetivoPromediaCumplimientoDeLasMetasQueLoTienenYAvanceDeTodas() throws {
    let p = proyecto(metas: [
      meta(numero: 1, magnitud: 10, prog: [3: 2, 12: 8], ejec: [3: 1]),
      meta(numero: 2, magnitud: 10, prog: [3: 2, 12: 8], ejec: [3: 2]),
      meta(numero: 3, magnitud: 2, prog: [6: 1, 12: 1], ejec: [:]),
    ])
    let objetivo = try XCTUnwrap(try medirProyecto(p).objetivos.first)
    XCTAssertEqual(objetivo.cumplimiento, d("0.75"), "(50 % + 100 %) / 2; meta 3 has none")
    XCTAssertEqual(objetivo.avance, d("0.1"), "(10 % + 20 % + 0 %) / 3")
    XCTAssertEqual(objetivo.programacion, 1)
    XCTAssertEqual(objetivo.metas.map(\.numero), [1, 2, 3])
  }

  func testObjetivoSinCumplimientoNoEntraEnLaEjecucionDelProyecto() throws {
    let p = proyecto(metas: [
      meta(objetivo: 1, magnitud: 10, prog: [3: 2, 12: 8], ejec: [3: 1]),
      meta(objetivo: 2, magnitud: 2, prog: [6: 1, 12: 1], ejec: [:]),
    ])
    let medida = try medirProyecto(p)
    XCTAssertEqual(medida.objetivos.map(\.numero), [1, 2])
    XCTAssertNil(medida.objetivos[1].cumplimiento)
    XCTAssertEqual(medida.objetivos[1].programacion, 1)
    XCTAssertEqual(medida.ejecucion, d("0.5"), "only objective 1 has a cumplimiento")
    XCTAssertEqual(medida.avance, d("0.05"), "(10 % + 0 %) / 2")
  }

  func testObjetivoSinProgramacionEnLaVigenciaMuestraProgramacionCero() throws {
    let p = proyecto(metas: [meta(magnitud: 5, prog: [:], ejec: [:])])
    let objetivo = try XCTUnwrap(try medirProyecto(p).objetivos.first)
    XCTAssertEqual(objetivo.programacion, 0)
    XCTAssertNil(objetivo.cumplimiento)
  }

  func testPresupuestoAvanceEsCompromisosSobreApropiacion() throws {
    // The seed's 7867: $19.615 millones, $9.261 millones, 47,21 %.
    let p = proyecto(
      metas: [],
      presupuesto: [
        LineaPresupuesto(
          fuente: "Recursos del distrito", apropiacion: 18_402_610_000,
          compromisos: 8_521_337_180, giros: 1_712_450_300),
        LineaPresupuesto(
          fuente: "Otros distritales", apropiacion: 1_212_590_000, compromisos: 739_880_000,
          giros: nil),
      ])
    let presupuesto = try medirProyecto(p).presupuesto
    XCTAssertEqual(presupuesto.programacion, 19_615_200_000)
    XCTAssertEqual(presupuesto.ejecucion, 9_261_217_180)
    XCTAssertEqual(presupuesto.giros, 1_712_450_300, "the sources that report giros")
    XCTAssertEqual(presupuesto.avance, Decimal(9_261_217_180) / 19_615_200_000)
    XCTAssertEqual(porcentaje(presupuesto.avance), d("47.21"))
    XCTAssertEqual(redondear(presupuesto.programacion / 1_000_000, decimales: 0), 19615)
    XCTAssertEqual(redondear(presupuesto.ejecucion / 1_000_000, decimales: 0), 9261)
  }

  func testPresupuestoSinGirosNiApropiacionNoInventaValores() throws {
    let presupuesto = try medirProyecto(proyecto(metas: [])).presupuesto
    XCTAssertEqual(presupuesto.programacion, 0)
    XCTAssertNil(presupuesto.giros)
    XCTAssertNil(presupuesto.avance)
  }

  func testComponenteProyectosPromediaLaEjecucionDeLosProyectosQueLaTienen() throws {
    let plan = PlanAccion(
      corte: try corte("2021-03-31"),
      proyectos: [
        proyecto("1", metas: [meta(magnitud: 10, prog: [3: 2, 12: 8], ejec: [3: 2])]),
        proyecto("2", metas: [meta(magnitud: 10, prog: [3: 2, 12: 8], ejec: [3: 1])]),
        proyecto("3", metas: [meta(magnitud: 2, prog: [6: 1, 12: 1], ejec: [:])]),
      ])
    let medicion = medir(plan)
    XCTAssertNil(medicion.proyectos[2].ejecucion)
    XCTAssertEqual(medicion.componente(.proyectos).valor, d("0.75"))
    XCTAssertTrue(medicion.componente(.proyectos).medido)
  }

  // MARK: - The seed's projects

  func testSemilla7867EjecucionYAvance() throws {
    let p = proyecto(
      "7867",
      metas: [
        sumaMeta(objetivo: 1, numero: 1, magnitud: 20, q1Prog: [1, 1, 1], q1Ejec: [1, 1, 1]),
        acumuladoMeta(objetivo: 1, numero: 2, q1Ejec: [5, 10, 15]),
        sumaMeta(objetivo: 2, numero: 1, magnitud: 50, q1Prog: [3, 3, 3], q1Ejec: [3, 3, 3]),
        sumaMeta(
          objetivo: 2, numero: 2, magnitud: 1250, q1Prog: [80, 80, 80], q1Ejec: [78, 84, 87]),
      ])
    let medida = try medirProyecto(p)
    XCTAssertEqual(medida.objetivos.map { porcentaje($0.cumplimiento) }, [100, 100])
    XCTAssertEqual(medida.objetivos.map { porcentaje($0.avance) }, [15, d("18.96")])
    XCTAssertEqual(porcentaje(medida.ejecucion), 100)
    XCTAssertEqual(porcentaje(medida.avance), d("16.98"))
    XCTAssertEqual(medida.avance, d("0.1698"), "(15 % + 18,96 %) / 2, exactly")
  }

  func testSemilla7871EjecucionYAvance() throws {
    let p = proyecto(
      "7871",
      metas: [
        sumaMeta(objetivo: 1, numero: 1, magnitud: 125, q1Prog: [6, 7, 7], q1Ejec: [7, 8, 8]),
        sumaMeta(
          objetivo: 1, numero: 2, magnitud: 280, q1Prog: [18, 19, 19], q1Ejec: [17, 18, 18]),
        constanteMeta(objetivo: 2, numero: 1, q1Ejec: [d("80.5"), d("78.2"), d("75.7")]),
        sumaMeta(
          objetivo: 2, numero: 2, magnitud: 3000, q1Prog: [250, 250, 250],
          q1Ejec: [920, 950, 964]),
        constanteMeta(objetivo: 3, numero: 1, q1Ejec: [93, d("91.5"), 92]),
        constanteMeta(objetivo: 3, numero: 2, q1Ejec: [90, 91, d("90.67")]),
        sumaMeta(
          objetivo: 3, numero: 3, magnitud: 300, q1Prog: [25, 25, 25], q1Ejec: [98, 105, 110]),
      ])
    let medida = try medirProyecto(p)
    XCTAssertEqual(
      medida.objetivos.map { porcentaje($0.cumplimiento) }, [d("97.32"), d("87.85"), d("94.22")])
    XCTAssertEqual(
      medida.objetivos.map { porcentaje($0.avance) }, [d("18.66"), d("85.08"), d("95.67")])
    // Objective 3: the over-executed meta lifts avance above cumplimiento.
    XCTAssertGreaterThan(
      try XCTUnwrap(medida.objetivos[2].avance), try XCTUnwrap(medida.objetivos[2].cumplimiento))
    XCTAssertEqual(porcentaje(medida.ejecucion), d("93.13"))
    XCTAssertEqual(porcentaje(medida.avance), d("66.47"))
  }

  func testSemilla7869RedondeaElValorExactoNoLosMostrados() throws {
    let p = proyecto(
      "7869",
      metas: [
        sumaMeta(objetivo: 1, numero: 1, magnitud: 20, q1Prog: [0, 1, 1], q1Ejec: [0, 1, 1]),
        sumaMeta(objetivo: 1, numero: 2, magnitud: 40, q1Prog: [2, 2, 2], q1Ejec: [2, 2, 2]),
        sumaMeta(
          objetivo: 1, numero: 3, magnitud: 2500, q1Prog: [100, 120, 150],
          q1Ejec: [110, 130, 160]),
        sumaMeta(
          objetivo: 2, numero: 1, magnitud: 3000, q1Prog: [150, 150, 150],
          q1Ejec: [140, 150, 160]),
        sumaMeta(objetivo: 2, numero: 2, magnitud: 20, q1Prog: [1, 1, 1], q1Ejec: [1, 1, 1]),
      ])
    let medida = try medirProyecto(p)
    XCTAssertEqual(medida.objetivos.map { porcentaje($0.avance) }, [d("13.67"), 15])
    // Rounding the shown 13,67 % and 15 % would give 14,335 → 14,34 %; the
    // exact mean, 0,14333…, is below 14,335 % and the seed shows 14,33 %.
    let avance = try XCTUnwrap(medida.avance)
    XCTAssertLessThan(avance, d("0.14335"))
    XCTAssertEqual(porcentaje(avance), d("14.33"))
    XCTAssertEqual(redondear((d("13.67") + 15) / 2, decimales: 2), d("14.34"))
  }

  // MARK: - Indicators

  func testIndicadorSumaEsEjecutadoSobreProgramadoSinTope() throws {
    let i = indicador(
      .trimestral, .suma, meta: 120, prog: [3: 25, 6: 35, 9: 35, 12: 25], ejec: [3: 31])
    let medida = try medirIndicador(i)
    XCTAssertTrue(medida.programado)
    XCTAssertEqual(medida.valorProgramado, 25)
    XCTAssertEqual(medida.valorEjecutado, 31)
    XCTAssertEqual(medida.cumplimiento, d("1.24"))
    XCTAssertEqual(medida.banda, .desde100)
  }

  func testIndicadorSumaMensualAcumulaLosMeses() throws {
    let i = indicador(
      .mensual, .suma, meta: 3600, prog: [1: 300, 2: 300, 3: 300], ejec: [1: 250, 2: 410, 3: 420])
    XCTAssertEqual(try medirIndicador(i).cumplimiento, d("1.2"))
  }

  func testIndicadorConstanteUsaUltimoMesProgramado() throws {
    let i = indicador(
      .mensual, .constante, meta: 1,
      prog: Dictionary(uniqueKeysWithValues: (1...12).map { ($0, Decimal(1)) }),
      ejec: [1: 1, 2: d("0.99"), 3: d("0.9894")])
    let medida = try medirIndicador(i)
    XCTAssertEqual(medida.ultimoMesProgramado, 3)
    XCTAssertEqual(medida.cumplimiento, d("0.9894"))
    XCTAssertEqual(medida.banda, .de75a100)
  }

  func testIndicadorCrecienteUsaUltimoMesProgramado() throws {
    let i = indicador(
      .bimestral, .creciente, meta: d("0.95"),
      prog: [2: d("0.15"), 4: d("0.3"), 6: d("0.5"), 12: d("0.95")], ejec: [2: d("0.18")])
    let medida = try medirIndicador(i)
    XCTAssertEqual(medida.ultimoMesProgramado, 2)
    XCTAssertEqual(medida.cumplimiento, d("1.2"))
  }

  func testIndicadorDecrecienteEsProgramadoSobreEjecutado() throws {
    // Lower is better: 9 days programmed, 8 reached.
    let i = indicador(
      .mensual, .decreciente, meta: 8, prog: [1: 10, 2: 10, 3: 9, 12: 8], ejec: [1: 9, 2: 9, 3: 8])
    XCTAssertEqual(try medirIndicador(i).cumplimiento, d("1.125"))
  }

  func testIndicadorDecrecienteConEjecucionCeroCumple() throws {
    let i = indicador(
      .trimestral, .decreciente, meta: 5, prog: [3: 10, 6: 8, 9: 6, 12: 5], ejec: [3: 0])
    XCTAssertEqual(try medirIndicador(i).cumplimiento, 1)
  }

  func testIndicadorDecrecienteConMetaCeroEstaProgramado() throws {
    // PLAN: for a Decreciente indicator a target of 0 is a real target.
    let ceros = Dictionary(uniqueKeysWithValues: (1...12).map { ($0, Decimal(0)) })
    let cumplida = try medirIndicador(
      indicador(.mensual, .decreciente, meta: 0, prog: ceros, ejec: [1: 0, 2: 0, 3: 0]))
    XCTAssertTrue(cumplida.programado)
    XCTAssertEqual(cumplida.cumplimiento, 1)

    let incumplida = try medirIndicador(
      indicador(.mensual, .decreciente, meta: 0, prog: ceros, ejec: [1: 0, 2: 0, 3: 2]))
    XCTAssertEqual(incumplida.cumplimiento, 0, "0 programmed / 2 reached")
    XCTAssertEqual(incumplida.banda, .bajo75)

    // Zeros are pre-filled blanks for any other kind.
    let constante = try medirIndicador(
      indicador(.mensual, .constante, meta: 0, prog: ceros, ejec: [1: 0, 2: 0, 3: 0]))
    XCTAssertFalse(constante.programado)
    XCTAssertNil(constante.cumplimiento)
  }

  func testIndicadorDecrecienteConCeroFueraDeSuPeriodicidadNoEstaProgramado() throws {
    // Trimestral: a 0 in January or February is no target.
    let i = indicador(
      .trimestral, .decreciente, meta: 5, prog: [1: 0, 2: 0, 6: 8, 12: 5], ejec: [:])
    XCTAssertFalse(try medirIndicador(i).programado)
  }

  func testIndicadorSobre100NoSeTopa() throws {
    let i = indicador(
      .trimestral, .constante, meta: d("0.98"), prog: [3: d("0.98")], ejec: [3: d("1.176")])
    let medida = try medirIndicador(i)
    XCTAssertEqual(medida.cumplimiento, d("1.2"))
    XCTAssertEqual(porcentaje(medida.cumplimiento), 120)
  }

  func testBandasEnLosBordes() throws {
    XCTAssertEqual(BandaCumplimiento(cumplimiento: 1), .desde100)
    XCTAssertEqual(BandaCumplimiento(cumplimiento: d("0.99999")), .de75a100)
    XCTAssertEqual(BandaCumplimiento(cumplimiento: d("0.75")), .de75a100)
    XCTAssertEqual(BandaCumplimiento(cumplimiento: d("0.74999")), .bajo75)

    let plan = PlanAccion(
      corte: try corte("2021-03-31"),
      indicadores: [
        indicadorConCumplimiento("A", 1), indicadorConCumplimiento("B", d("0.75")),
        indicadorConCumplimiento("C", d("0.74999")), indicadorConCumplimiento("D", d("0.99995")),
      ])
    let medicion = medir(plan).indicadores
    XCTAssertEqual(medicion.items.map(\.banda), [.desde100, .de75a100, .bajo75, .de75a100])
    let bandas = medicion.bandas
    XCTAssertEqual([bandas.desde100, bandas.de75a100, bandas.bajo75], [1, 2, 1])
    // Bands use the unrounded value: 99,995 % shows as 100,00 % but is below.
    XCTAssertEqual(porcentaje(medicion.items[3].cumplimiento), 100)
  }

  func testIndicadorSinProgramacionAlPeriodoQuedaExcluido() throws {
    let plan = PlanAccion(
      corte: try corte("2021-03-31"),
      indicadores: [
        indicadorConCumplimiento("A", d("1.2")),
        indicadorConCumplimiento("B", d("0.8")),
        indicador(
          "C", .cuatrimestral, .constante, meta: 1, prog: [4: 1, 8: 1, 12: 1], ejec: [:]),
      ])
    let medicion = medir(plan).indicadores
    XCTAssertEqual(medicion.total, 3)
    XCTAssertEqual(medicion.programados, 2)
    XCTAssertEqual(medicion.excluidos.map(\.codigo), ["C"])
    XCTAssertEqual(medicion.excluidos.first?.periodicidad, .cuatrimestral)
    XCTAssertNil(medicion.excluidos.first?.cumplimiento)
    XCTAssertEqual(medicion.valor, 1, "(120 % + 80 %) / 2; C is left out")
  }

  func testIndicadoresBajo100DeMayorAMenor() throws {
    let plan = PlanAccion(
      corte: try corte("2021-03-31"),
      indicadores: [
        indicadorConCumplimiento("OCI-01", d("0.75")),
        indicadorConCumplimiento("CON-01", d("0.9894")),
        indicadorConCumplimiento("OK-01", 1),
        indicadorConCumplimiento("FIN-02", d("0.842592")),
        indicadorConCumplimiento("FIN-01", d("0.923076")),
      ])
    let bajo100 = medir(plan).indicadores.bajo100
    XCTAssertEqual(bajo100.map(\.codigo), ["CON-01", "FIN-01", "FIN-02", "OCI-01"])
  }

  // MARK: - Activities

  func testActividadTopadaEn100() throws {
    let a = actividad(
      prog: [2: d("0.1"), 3: d("0.1"), 12: d("0.8")], ejec: [2: d("0.1"), 3: d("0.12")])
    let medida = try medirActividad(a)
    XCTAssertTrue(medida.programada)
    XCTAssertEqual(medida.programado, d("0.2"))
    XCTAssertEqual(medida.ejecutado, d("0.22"))
    XCTAssertEqual(medida.cumplimiento, 1)
  }

  func testActividadBajoSuProgramacion() throws {
    // The seed's OTIC-01: 23,7 % of 30 % → 79 %.
    let a = actividad(
      prog: [1: d("0.1"), 2: d("0.1"), 3: d("0.1"), 12: d("0.7")],
      ejec: [1: d("0.1"), 2: d("0.08"), 3: d("0.057")])
    XCTAssertEqual(try medirActividad(a).cumplimiento, d("0.79"))
  }

  func testActividadSinProgramacionAlPeriodo() throws {
    let plan = PlanAccion(
      corte: try corte("2021-03-31"),
      actividades: [
        actividad("A", prog: [1: 1], ejec: [1: 1]),
        actividad("B", prog: [1: d("0.5"), 2: d("0.5")], ejec: [1: d("0.4"), 2: d("0.4")]),
        actividad("C", prog: [6: d("0.3"), 9: d("0.3"), 12: d("0.4")], ejec: [2: d("0.1")]),
      ])
    let medicion = medir(plan).planIntegrado
    XCTAssertEqual(medicion.total, 3)
    XCTAssertEqual(medicion.programadas, 2)
    XCTAssertEqual(medicion.sinProgramacion.map(\.codigo), ["C"])
    XCTAssertNil(medicion.sinProgramacion.first?.cumplimiento)
    XCTAssertEqual(medicion.bajo100.map(\.codigo), ["B"])
    XCTAssertEqual(medicion.valor, d("0.9"), "(100 % + 80 %) / 2; C is left out")
  }

  // MARK: - Risks

  func testRiesgosNoSeMidenFueraDelCiclo() throws {
    let plan = PlanAccion(
      corte: try corte("2021-03-31"),
      riesgos: [
        riesgo("R-1", .gestion, fecha: try fecha("2021-03-31"), programadas: 4, ejecutadas: 1),
        riesgo("R-2", .corrupcion, fecha: try fecha("2021-02-28"), programadas: 2, ejecutadas: 1),
      ])
    let medicion = medir(plan)
    XCTAssertFalse(medicion.riesgos.medido)
    XCTAssertFalse(medicion.riesgos.corteDeSeguimiento)
    XCTAssertNil(medicion.riesgos.valor)
    XCTAssertEqual(medicion.riesgos.proximoSeguimiento, try fecha("2021-04-30"))
    XCTAssertEqual(
      medicion.riesgos.motivo, .fueraDeCiclo(proximoSeguimiento: try fecha("2021-04-30")))
    XCTAssertEqual(medicion.componente(.riesgos).motivo, medicion.riesgos.motivo)
    XCTAssertEqual(medicion.riesgos.items.map(\.codigo), ["R-1", "R-2"], "listed either way")
    XCTAssertTrue(medicion.riesgos.monitoreosFaltantes.isEmpty)
  }

  func testRiesgosSeMidenEnCorteDelCiclo() throws {
    let plan = PlanAccion(
      corte: try corte("2021-04-30"),
      riesgos: [
        riesgo(
          "G-1", .gestion, zona: .alta, fecha: try fecha("2021-04-30"), programadas: 4,
          ejecutadas: 1, materializado: true),
        riesgo(
          "C-1", .corrupcion, zona: .extrema, fecha: try fecha("2021-02-28"), programadas: 2,
          ejecutadas: 1),
        riesgo(
          "C-1", .corrupcion, zona: .moderada, fecha: try fecha("2021-04-30"), programadas: 2,
          ejecutadas: 2),
        // The previous cycle's monitoring: listed, not counted.
        riesgo(
          "G-1", .gestion, zona: .alta, fecha: try fecha("2020-12-31"), programadas: 10,
          ejecutadas: 0, materializado: true),
      ])
    let riesgos = medir(plan).riesgos
    XCTAssertTrue(riesgos.corteDeSeguimiento)
    XCTAssertTrue(riesgos.medido)
    XCTAssertNil(riesgos.motivo)
    XCTAssertEqual(riesgos.accionesProgramadas, 8)
    XCTAssertEqual(riesgos.accionesEjecutadas, 4)
    XCTAssertEqual(riesgos.valor, d("0.5"))
    XCTAssertEqual(riesgos.items.map(\.enCiclo), [true, true, true, false])
    XCTAssertEqual(riesgos.riesgos, 2)
    XCTAssertEqual(riesgos.porZona, [.baja: 0, .moderada: 1, .alta: 1, .extrema: 0])
    XCTAssertEqual(riesgos.porTipo, [.gestion: 1, .corrupcion: 1])
    XCTAssertEqual(riesgos.materializados, ["G-1"])
    XCTAssertTrue(riesgos.monitoreosFaltantes.isEmpty)
    XCTAssertEqual(riesgos.proximoSeguimiento, try fecha("2021-08-31"))
  }

  func testRiesgosConMonitoreosFaltantes() throws {
    let plan = PlanAccion(
      corte: try corte("2021-04-30"),
      riesgos: [
        // Corrupción is bimestral: February and April are due; only one came.
        riesgo("C-1", .corrupcion, fecha: try fecha("2021-02-28"), programadas: 2, ejecutadas: 2),
        // Gestión is cuatrimestral: April is due; only December's came.
        riesgo("G-1", .gestion, fecha: try fecha("2020-12-31"), programadas: 3, ejecutadas: 3),
        riesgo("G-2", .gestion, fecha: try fecha("2021-04-29"), programadas: 1, ejecutadas: 0),
      ])
    let riesgos = medir(plan).riesgos
    XCTAssertEqual(
      riesgos.monitoreosFaltantes.map { [$0.codigo, "\($0.esperados)", "\($0.recibidos)"] },
      [["C-1", "2", "1"], ["G-1", "1", "0"]])
    XCTAssertEqual(riesgos.monitoreosFaltantes.first?.periodicidad, .bimestral)
    XCTAssertEqual(riesgos.valor, Decimal(2) / 3)
  }

  func testRiesgosEnCorteDelCicloSinMonitoreosNoSeMiden() throws {
    let riesgos = medir(PlanAccion(corte: try corte("2021-08-31"))).riesgos
    XCTAssertTrue(riesgos.corteDeSeguimiento)
    XCTAssertFalse(riesgos.medido)
    XCTAssertEqual(riesgos.motivo, .sinDatos)
  }

  func testCicloDeRiesgosYProximoSeguimiento() throws {
    let diciembre = medir(PlanAccion(corte: try corte("2021-12-31"))).riesgos
    XCTAssertTrue(diciembre.corteDeSeguimiento)
    XCTAssertEqual(diciembre.proximoSeguimiento, try fecha("2022-04-30"))
    XCTAssertEqual(diciembre.ciclo?.desde, try fecha("2021-08-31"))
    XCTAssertEqual(diciembre.ciclo?.meses, [9, 10, 11, 12])

    let abril = try XCTUnwrap(medir(PlanAccion(corte: try corte("2021-04-30"))).riesgos.ciclo)
    XCTAssertEqual(abril.desde, try fecha("2020-12-31"))
    XCTAssertEqual(abril.meses, [1, 2, 3, 4])
    XCTAssertEqual(abril.monitoreosEsperados(.bimestral), 2)
    XCTAssertEqual(abril.monitoreosEsperados(.cuatrimestral), 1)

    let septiembre = medir(PlanAccion(corte: try corte("2021-09-15"))).riesgos
    XCTAssertEqual(septiembre.proximoSeguimiento, try fecha("2021-12-31"))
  }

  func testCortesDeRiesgoConfigurables() throws {
    let semestral = ConfiguracionMedicion(cortesRiesgo: [(mes: 6, dia: 30), (mes: 12, dia: 31)])
    let plan = PlanAccion(
      corte: try corte("2021-06-30"),
      riesgos: [
        riesgo("C-1", .corrupcion, fecha: try fecha("2021-06-30"), programadas: 4, ejecutadas: 3)
      ])
    let junio = medir(plan, configuracion: semestral).riesgos
    XCTAssertTrue(junio.medido)
    XCTAssertEqual(junio.ciclo?.meses, [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(junio.monitoreosFaltantes.first?.esperados, 3)
    XCTAssertFalse(medir(plan).riesgos.medido, "30 June is no corte of the default cycle")

    let ninguno = medir(plan, configuracion: ConfiguracionMedicion(cortesRiesgo: [DiaDelAno]()))
    XCTAssertEqual(ninguno.riesgos.motivo, .fueraDeCiclo(proximoSeguimiento: nil))
    XCTAssertEqual(DiaDelAno(mes: 2, dia: 29).fecha(en: 2021), try fecha("2021-02-28"))
  }

  // MARK: - PAI

  func testPAIPromediaSoloLosComponentesMedidos() throws {
    var plan = PlanAccion(
      corte: try corte("2021-03-31"),
      proyectos: [proyecto(metas: [meta(magnitud: 10, prog: [3: 2, 12: 8], ejec: [3: 2])])],
      indicadores: [indicadorConCumplimiento("A", d("1.2"))],
      actividades: [actividad(prog: [1: 1], ejec: [1: d("0.5")])],
      riesgos: [
        riesgo("G-1", .gestion, fecha: try fecha("2021-03-31"), programadas: 2, ejecutadas: 1)
      ])
    let marzo = medir(plan)
    XCTAssertEqual(marzo.componentes.map(\.id), ComponentePAI.allCases)
    XCTAssertEqual(marzo.componentes.map(\.medido), [true, true, true, false])
    XCTAssertEqual(marzo.componentes.map(\.valor), [1, d("1.2"), d("0.5"), nil])
    XCTAssertEqual(marzo.pai, d("0.9"), "(100 % + 120 % + 50 %) / 3; risks left out")

    plan.corte = try corte("2021-04-30")
    let abril = medir(plan)
    XCTAssertEqual(abril.componente(.riesgos).valor, d("0.5"))
    XCTAssertEqual(abril.pai, d("0.8"), "(100 % + 120 % + 50 % + 50 %) / 4")
  }

  func testComponenteSinDatosNoSeMide() throws {
    let medicion = medir(PlanAccion(corte: try corte("2021-03-31")))
    XCTAssertNil(medicion.pai)
    XCTAssertEqual(
      medicion.componentes.map(\.motivo),
      [.sinDatos, .sinDatos, .sinDatos, .fueraDeCiclo(proximoSeguimiento: try fecha("2021-04-30"))])
  }

  func testComponenteSinProgramacionAlPeriodoNoSeMide() throws {
    let plan = PlanAccion(
      corte: try corte("2021-03-31"),
      indicadores: [indicador(.anual, .suma, meta: 1, prog: [12: 1], ejec: [:])],
      actividades: [actividad(prog: [6: 1], ejec: [:])])
    let medicion = medir(plan)
    XCTAssertEqual(medicion.componente(.indicadores).motivo, .sinProgramacion)
    XCTAssertEqual(medicion.componente(.planIntegrado).motivo, .sinProgramacion)
    XCTAssertNil(medicion.indicadores.valor)
    XCTAssertNil(medicion.pai)
  }

  // MARK: - Display rounding

  func testRedondearEsMitadHaciaArriba() {
    XCTAssertEqual(redondear(d("0.125"), decimales: 2), d("0.13"), "not banker's 0.12")
    XCTAssertEqual(redondear(d("0.14335"), decimales: 4), d("0.1434"))
    XCTAssertEqual(redondear(d("0.143349999"), decimales: 4), d("0.1433"))
    XCTAssertEqual(redondear(d("2.5"), decimales: 0), 3)
    XCTAssertEqual(redondear(d("19615.2"), decimales: 0), 19615)
  }

  func testRedondearAbsorbeElErrorDeLaDivisionDecimal() {
    // 1/3 keeps 38 digits, so (1/3 · 3) / 2 is 0,4999…95 where the exact
    // value is the half 0,5.
    let casiMedio = Decimal(1) / 3 * 3 / 2
    XCTAssertLessThan(casiMedio, d("0.5"))
    XCTAssertEqual(redondear(casiMedio, decimales: 0), 1)
  }
}
