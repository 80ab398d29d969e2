import Foundation

// PLAN "How the plan is measured": the entry point and the PAI figure.

/// A day of the year without a year: a corte of the risk follow-up cycle.
public struct DiaDelAno: Hashable, Sendable {
  public var mes: Int
  public var dia: Int

  /// A month (1…12) and a day of it.
  public init(mes: Int, dia: Int) {
    self.mes = mes
    self.dia = dia
  }

  /// This day in `year`.
  ///
  /// A day past the month's end is its last day (29 February is 28 February
  /// in a common year), so that a configured month end stays a month end.
  ///
  /// - Returns: nil for a month outside 1…12 or a day below 1.
  public func fecha(en year: Int) -> Fecha? {
    guard (1...12).contains(mes), dia >= 1 else { return nil }
    let ultimo = Fecha.daysIn(month: mes, year: year)
    return Fecha(year: year, month: mes, day: Swift.min(dia, ultimo))
  }
}

/// What an entity may change about the measures (kept in `schemas/`).
public struct ConfiguracionMedicion: Hashable, Sendable {
  /// PLAN: the risk component is measured at 30 April, 31 August and
  /// 31 December by default.
  public static let cortesRiesgoPorDefecto: [DiaDelAno] = [
    DiaDelAno(mes: 4, dia: 30), DiaDelAno(mes: 8, dia: 31), DiaDelAno(mes: 12, dia: 31),
  ]

  /// The cortes of the risk follow-up cycle, every year.
  public var cortesRiesgo: [DiaDelAno]

  /// A configuration; by default the seed's risk cycle.
  public init(cortesRiesgo: [DiaDelAno] = ConfiguracionMedicion.cortesRiesgoPorDefecto) {
    self.cortesRiesgo = cortesRiesgo
  }

  /// A configuration from `(mes, dia)` pairs, as a schema file lists them.
  public init(cortesRiesgo pares: [(mes: Int, dia: Int)]) {
    self.cortesRiesgo = pares.map { DiaDelAno(mes: $0.mes, dia: $0.dia) }
  }
}

/// The four components of the PAI; the raw value is the stable JSON id.
public enum ComponentePAI: String, Hashable, Sendable, CaseIterable {
  case proyectos
  case indicadores
  case planIntegrado = "plan_integrado"
  case riesgos
}

/// Why a component has no value at a corte; data, worded by Reports.
public enum MotivoNoMedido: Hashable, Sendable {
  /// Risks: the corte is not one of the follow-up cycle. The next one is
  /// given (nil only when no risk corte is configured).
  case fueraDeCiclo(proximoSeguimiento: Fecha?)
  /// Nothing was received for the component.
  case sinDatos
  /// Rows were received, but none is programmed up to the corte.
  case sinProgramacion
}

/// One component's figure at the corte.
public struct MedicionComponente: Hashable, Sendable {
  public let id: ComponentePAI
  /// The component's value, a fraction (1.0928 is 109,28 %); nil when not
  /// measured.
  public let valor: Decimal?
  /// Why it is not measured; nil when it is.
  public let motivo: MotivoNoMedido?

  /// Whether the component enters the PAI average.
  public var medido: Bool { valor != nil }

  init(id: ComponentePAI, valor: Decimal?, motivo: MotivoNoMedido?) {
    self.id = id
    self.valor = valor
    self.motivo = valor == nil ? (motivo ?? .sinDatos) : nil
  }
}

/// The measures of the whole plan at one corte.
public struct MedicionPAI: Hashable, Sendable {
  public let corte: Corte
  /// PLAN: *Avance del PAI*, the simple mean of the components measured at
  /// the corte; nil when none is.
  public let pai: Decimal?
  /// The four components, in the order of `ComponentePAI.allCases`.
  public let componentes: [MedicionComponente]
  /// Each project, in the order received.
  public let proyectos: [MedicionProyecto]
  public let indicadores: MedicionIndicadores
  public let planIntegrado: MedicionPlanIntegrado
  public let riesgos: MedicionRiesgos

  /// The figure of one component.
  public func componente(_ id: ComponentePAI) -> MedicionComponente {
    componentes.first { $0.id == id } ?? MedicionComponente(id: id, valor: nil, motivo: nil)
  }
}

/// Measures the plan at its corte, as the seed does.
///
/// Every figure is an unrounded `Decimal` fraction; round only to show it
/// (`redondear(_:decimales:)`). The input is assumed validated (Schema
/// rejects what the reading rules call errors); where invalid input would
/// still reach a formula, a blank execution counts as 0 and a division by
/// zero gives no value rather than a number.
///
/// - Parameters:
///   - plan: everything accepted for the corte.
///   - configuracion: the risk follow-up cycle.
/// - Returns: the PAI figure, its components and every level below them.
public func medir(
  _ plan: PlanAccion, configuracion: ConfiguracionMedicion = .init()
) -> MedicionPAI {
  let mes = plan.corte.mes
  let proyectos = plan.proyectos.map { MedicionProyecto($0, mes: mes) }
  let indicadores = MedicionIndicadores(plan.indicadores, mes: mes)
  let planIntegrado = MedicionPlanIntegrado(plan.actividades, mes: mes)
  let riesgos = MedicionRiesgos(
    plan.riesgos, corte: plan.corte.fecha, cortesRiesgo: configuracion.cortesRiesgo)

  let ejecuciones = proyectos.compactMap(\.ejecucion)
  let componentes = [
    MedicionComponente(
      id: .proyectos, valor: Aritmetica.media(ejecuciones),
      motivo: proyectos.isEmpty ? .sinDatos : .sinProgramacion),
    MedicionComponente(
      id: .indicadores, valor: indicadores.valor,
      motivo: indicadores.total == 0 ? .sinDatos : .sinProgramacion),
    MedicionComponente(
      id: .planIntegrado, valor: planIntegrado.valor,
      motivo: planIntegrado.total == 0 ? .sinDatos : .sinProgramacion),
    MedicionComponente(id: .riesgos, valor: riesgos.valor, motivo: riesgos.motivo),
  ]
  return MedicionPAI(
    corte: plan.corte,
    pai: Aritmetica.media(componentes.compactMap(\.valor)),
    componentes: componentes, proyectos: proyectos, indicadores: indicadores,
    planIntegrado: planIntegrado, riesgos: riesgos)
}
