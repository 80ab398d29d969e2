import Foundation

// PLAN "How the plan is measured": management indicators.

/// The band an indicator's cumplimiento falls in, on the unrounded value.
public enum BandaCumplimiento: String, Hashable, Sendable, CaseIterable {
  /// ≥ 100 %.
  case desde100 = "desde_100"
  /// ≥ 75 % and < 100 % (the seed's "entre el 75% y 99%").
  case de75a100 = "de_75_a_100"
  /// < 75 %.
  case bajo75 = "bajo_75"

  /// The band of a cumplimiento (a fraction).
  public init(cumplimiento: Decimal) {
    if cumplimiento >= 1 {
      self = .desde100
    } else if cumplimiento >= Decimal(75) / 100 {
      self = .de75a100
    } else {
      self = .bajo75
    }
  }
}

/// How many programmed indicators fall in each band.
public struct ConteoBandas: Hashable, Sendable {
  public let desde100: Int
  public let de75a100: Int
  public let bajo75: Int
}

/// One indicator at the corte.
public struct MedicionIndicador: Hashable, Sendable {
  public let codigo: String
  public let nombre: String
  public let proceso: String
  public let dependencia: String
  public let periodicidad: Periodicidad
  public let anualizacion: Anualizacion
  public let unidad: UnidadMedida
  public let metaVigencia: Decimal
  /// *Programado al periodo*: a programmed month ≤ m (for `Decreciente`
  /// any number, 0 included, in a month its periodicity allows).
  public let programado: Bool
  /// The last programmed month ≤ m; nil when not programmed.
  public let ultimoMesProgramado: Int?
  /// What the cumplimiento compares: `Suma` Σ prog of months 1…m, the
  /// others the prog of `ultimoMesProgramado`; nil when not programmed.
  public let valorProgramado: Decimal?
  /// `Suma` Σ ejec of months 1…m, the others the ejec of
  /// `ultimoMesProgramado` (blank as 0); nil when not programmed.
  public let valorEjecutado: Decimal?
  /// `Suma` Σ ejec / Σ prog; `Constante`, `Creciente` ejec / prog;
  /// `Decreciente` prog / ejec, 100 % when ejec is 0. Not capped.
  public let cumplimiento: Decimal?
  /// The band of `cumplimiento`.
  public let banda: BandaCumplimiento?

  init(_ indicador: Indicador, mes: Int) {
    let ultimo = Self.mesesProgramados(indicador).last { $0 <= mes }
    var programado: Decimal?
    var ejecutado: Decimal?
    var cumplimiento: Decimal?
    if let ultimo {
      switch indicador.anualizacion {
      case .suma:
        programado = indicador.programacion.acumulado(hasta: mes)
        ejecutado = indicador.ejecucion.acumulado(hasta: mes)
      case .constante, .creciente, .decreciente:
        programado = indicador.programacion.valor(ultimo) ?? 0
        ejecutado = indicador.ejecucion.valor(ultimo) ?? 0
      }
      let p = programado ?? 0
      let e = ejecutado ?? 0
      if indicador.anualizacion == .decreciente {
        // Lower is better; an execution of 0 met any target (PLAN).
        cumplimiento = e.isZero ? 1 : Aritmetica.cociente(p, e)
      } else {
        cumplimiento = Aritmetica.cociente(e, p)
      }
    }
    self.codigo = indicador.codigo
    self.nombre = indicador.nombre
    self.proceso = indicador.proceso
    self.dependencia = indicador.dependencia
    self.periodicidad = indicador.periodicidad
    self.anualizacion = indicador.anualizacion
    self.unidad = indicador.unidad
    self.metaVigencia = indicador.metaVigencia
    self.programado = ultimo != nil
    self.ultimoMesProgramado = ultimo
    self.valorProgramado = programado
    self.valorEjecutado = ejecutado
    self.cumplimiento = cumplimiento
    self.banda = cumplimiento.map { BandaCumplimiento(cumplimiento: $0) }
  }

  /// PLAN reading rules: a month is programmed when its prog is > 0, or,
  /// for a `Decreciente` indicator, any number in a month its periodicity
  /// allows (a target of 0 is a real target).
  static func mesesProgramados(_ indicador: Indicador) -> [Int] {
    let permitidos = indicador.periodicidad.meses
    return (1...12).filter { mes in
      guard let valor = indicador.programacion.valor(mes) else { return false }
      if indicador.anualizacion == .decreciente && permitidos.contains(mes) { return true }
      return valor > 0
    }
  }
}

/// The management-indicators component at the corte.
public struct MedicionIndicadores: Hashable, Sendable {
  /// Indicators received (programmed for the vigencia).
  public let total: Int
  /// Indicators programmed at the period.
  public let programados: Int
  public let bandas: ConteoBandas
  /// The mean cumplimiento of the programmed indicators; nil when none is.
  public let valor: Decimal?
  /// Every indicator, in the order received.
  public let items: [MedicionIndicador]
  /// The programmed indicators below 100 %, highest first (as the seed
  /// lists them); ties keep the order received.
  public let bajo100: [MedicionIndicador]
  /// The indicators not programmed at the period (the seed's note).
  public let excluidos: [MedicionIndicador]

  init(_ indicadores: [Indicador], mes: Int) {
    let items = indicadores.map { MedicionIndicador($0, mes: mes) }
    let programados = items.filter(\.programado)
    self.total = items.count
    self.programados = programados.count
    self.bandas = ConteoBandas(
      desde100: programados.filter { $0.banda == .desde100 }.count,
      de75a100: programados.filter { $0.banda == .de75a100 }.count,
      bajo75: programados.filter { $0.banda == .bajo75 }.count)
    self.valor = Aritmetica.media(programados.compactMap(\.cumplimiento))
    self.items = items
    self.bajo100 = ordenadosDeMayorAMenor(
      programados.filter { ($0.cumplimiento ?? 0) < 1 }, por: { $0.cumplimiento ?? 0 })
    self.excluidos = items.filter { !$0.programado }
  }
}

/// Sorts by a value, highest first, keeping the given order on ties.
func ordenadosDeMayorAMenor<T>(_ xs: [T], por valor: (T) -> Decimal) -> [T] {
  xs.enumerated()
    .sorted { a, b in
      let va = valor(a.element)
      let vb = valor(b.element)
      return va != vb ? va > vb : a.offset < b.offset
    }
    .map(\.element)
}
