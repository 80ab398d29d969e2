import Foundation

// PLAN "How the plan is measured": activities of the integrated action plan.

/// One activity at the corte.
public struct MedicionActividad: Hashable, Sendable {
  public let codigo: String
  public let actividad: String
  public let plan: String
  public let dependencia: String
  /// *Programada al periodo*: a month ≤ m with programming > 0.
  public let programada: Bool
  /// Σ prog of months 1…m (a fraction: 0.3 is 30 %).
  public let programado: Decimal
  /// Σ ejec of months 1…m, work ahead of schedule included.
  public let ejecutado: Decimal
  /// ejecutado / programado, capped at 100 %; nil when not programmed.
  public let cumplimiento: Decimal?

  init(_ actividad: Actividad, mes: Int) {
    let programada = actividad.programacion.mesesConValorPositivo.contains { $0 <= mes }
    let programado = actividad.programacion.acumulado(hasta: mes)
    let ejecutado = actividad.ejecucion.acumulado(hasta: mes)
    self.codigo = actividad.codigo
    self.actividad = actividad.actividad
    self.plan = actividad.plan
    self.dependencia = actividad.dependencia
    self.programada = programada
    self.programado = programado
    self.ejecutado = ejecutado
    self.cumplimiento =
      programada ? Aritmetica.cociente(ejecutado, programado).map(Aritmetica.topado) : nil
  }
}

/// The integrated-action-plan component at the corte.
public struct MedicionPlanIntegrado: Hashable, Sendable {
  /// Activities received (programmed for the vigencia).
  public let total: Int
  /// Activities programmed at the period.
  public let programadas: Int
  /// The mean cumplimiento of the programmed activities; nil when none is.
  public let valor: Decimal?
  /// Every activity, in the order received.
  public let items: [MedicionActividad]
  /// The programmed activities below 100 %, highest first (as the seed
  /// lists them); ties keep the order received.
  public let bajo100: [MedicionActividad]
  /// The activities without programming at the period (the seed lists them).
  public let sinProgramacion: [MedicionActividad]

  init(_ actividades: [Actividad], mes: Int) {
    let items = actividades.map { MedicionActividad($0, mes: mes) }
    let programadas = items.filter(\.programada)
    self.total = items.count
    self.programadas = programadas.count
    self.valor = Aritmetica.media(programadas.compactMap(\.cumplimiento))
    self.items = items
    self.bajo100 = ordenadosDeMayorAMenor(
      programadas.filter { ($0.cumplimiento ?? 0) < 1 }, por: { $0.cumplimiento ?? 0 })
    self.sinProgramacion = items.filter { !$0.programada }
  }
}
