import Foundation

// PLAN "How the plan is measured": risk management, measured only at the
// cortes of the risk follow-up cycle.

/// The monitoring window that ends at a corte: after the previous risk
/// corte, up to and including the corte.
public struct CicloRiesgos: Hashable, Sendable {
  /// The previous risk corte, excluded.
  public let desde: Fecha
  /// The corte, included.
  public let hasta: Fecha

  /// Whether a monitoring date falls in the window.
  public func contiene(_ fecha: Fecha) -> Bool { desde < fecha && fecha <= hasta }

  /// The months (1…12) whose last day falls in the window, in order:
  /// January–April for the window that ends on 30 April.
  public var meses: [Int] {
    var out: [Int] = []
    var year = desde.year
    var month = desde.month
    while (year, month) <= (hasta.year, hasta.month) {
      if let fin = Fecha(year: year, month: month, day: 1)?.endOfMonth, contiene(fin) {
        out.append(month)
      }
      (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
    }
    return out
  }

  /// Monitorings due in the window for a risk of this periodicity: its
  /// months among `meses` (a bimestral risk has 2 in a four-month cycle, a
  /// cuatrimestral one 1).
  public func monitoreosEsperados(_ periodicidad: Periodicidad) -> Int {
    meses.filter { periodicidad.meses.contains($0) }.count
  }
}

/// One monitoring of one risk, as received.
public struct MedicionRiesgo: Hashable, Sendable {
  public let codigo: String
  public let proceso: String
  public let tipo: TipoRiesgo
  public let descripcion: String
  public let zona: ZonaRiesgo
  public let periodicidad: Periodicidad
  public let fechaMonitoreo: Fecha
  public let accionesProgramadas: Int
  public let accionesEjecutadas: Int
  public let materializado: Bool
  /// Whether the monitoring falls in the cycle that ends at the corte.
  public let enCiclo: Bool
}

/// A risk with fewer monitorings in the cycle than its periodicity asks.
public struct MonitoreoFaltante: Hashable, Sendable {
  public let codigo: String
  public let proceso: String
  public let tipo: TipoRiesgo
  public let periodicidad: Periodicidad
  /// Monitorings due in the cycle.
  public let esperados: Int
  /// Monitorings received in the cycle.
  public let recibidos: Int
}

/// The risk component at the corte.
public struct MedicionRiesgos: Hashable, Sendable {
  /// Whether the corte is one of the risk follow-up cycle.
  public let corteDeSeguimiento: Bool
  /// Whether the component enters the PAI average: a risk corte with
  /// actions programmed in the cycle.
  public var medido: Bool { valor != nil }
  /// Why it is not measured; nil when it is.
  public let motivo: MotivoNoMedido?
  /// The next risk corte after this corte; nil when none is configured.
  public let proximoSeguimiento: Fecha?
  /// The window that ends at the corte (the cycle in progress when the
  /// corte is not a risk corte); nil when no risk corte is configured.
  public let ciclo: CicloRiesgos?
  /// Σ acciones programadas over the monitorings in the cycle.
  public let accionesProgramadas: Int
  /// Σ acciones ejecutadas over the monitorings in the cycle.
  public let accionesEjecutadas: Int
  /// Σ ejecutadas / Σ programadas in the cycle, at a risk corte only.
  public let valor: Decimal?
  /// Every monitoring received, in the order received.
  public let items: [MedicionRiesgo]
  /// Distinct risks received (by code).
  public let riesgos: Int
  /// Distinct risks per residual zone of their latest monitoring; every
  /// zone is present.
  public let porZona: [ZonaRiesgo: Int]
  /// Distinct risks per type; every type is present.
  public let porTipo: [TipoRiesgo: Int]
  /// Codes of the risks with a materialised monitoring in the cycle.
  public let materializados: [String]
  /// At a risk corte, the risks whose due monitorings are missing.
  public let monitoreosFaltantes: [MonitoreoFaltante]

  init(_ filas: [Riesgo], corte: Fecha, cortesRiesgo: [DiaDelAno]) {
    let calendario = { (anios: ClosedRange<Int>) -> [Fecha] in
      Array(Set(anios.flatMap { anio in cortesRiesgo.compactMap { $0.fecha(en: anio) } }))
        .sorted()
    }
    let corteDeSeguimiento = calendario(corte.year...corte.year).contains(corte)
    let anterior = calendario((corte.year - 1)...corte.year).last { $0 < corte }
    let proximo = calendario(corte.year...(corte.year + 1)).first { $0 > corte }
    let ciclo = anterior.map { CicloRiesgos(desde: $0, hasta: corte) }

    let items = filas.map { fila in
      MedicionRiesgo(
        codigo: fila.codigo, proceso: fila.proceso, tipo: fila.tipo,
        descripcion: fila.descripcion, zona: fila.zona, periodicidad: fila.periodicidad,
        fechaMonitoreo: fila.fechaMonitoreo, accionesProgramadas: fila.accionesProgramadas,
        accionesEjecutadas: fila.accionesEjecutadas, materializado: fila.materializado,
        enCiclo: ciclo?.contiene(fila.fechaMonitoreo) ?? false)
    }
    let enCiclo = items.filter(\.enCiclo)

    // One entry per risk: its latest monitoring up to the corte (any, if
    // all are later) gives its zone, type and periodicity.
    var codigos: [String] = []
    var ultimo: [String: MedicionRiesgo] = [:]
    for item in items {
      guard let visto = ultimo[item.codigo] else {
        codigos.append(item.codigo)
        ultimo[item.codigo] = item
        continue
      }
      let itemAlCorte = item.fechaMonitoreo <= corte
      let vistoAlCorte = visto.fechaMonitoreo <= corte
      let mejor =
        itemAlCorte != vistoAlCorte
        ? itemAlCorte : item.fechaMonitoreo > visto.fechaMonitoreo
      if mejor { ultimo[item.codigo] = item }
    }
    let riesgos = codigos.compactMap { ultimo[$0] }

    var porZona = Dictionary(uniqueKeysWithValues: ZonaRiesgo.allCases.map { ($0, 0) })
    var porTipo = Dictionary(uniqueKeysWithValues: TipoRiesgo.allCases.map { ($0, 0) })
    for riesgo in riesgos {
      porZona[riesgo.zona, default: 0] += 1
      porTipo[riesgo.tipo, default: 0] += 1
    }

    var faltantes: [MonitoreoFaltante] = []
    if corteDeSeguimiento, let ciclo {
      for riesgo in riesgos {
        let esperados = ciclo.monitoreosEsperados(riesgo.periodicidad)
        let recibidos = enCiclo.filter { $0.codigo == riesgo.codigo }.count
        if recibidos < esperados {
          faltantes.append(
            MonitoreoFaltante(
              codigo: riesgo.codigo, proceso: riesgo.proceso, tipo: riesgo.tipo,
              periodicidad: riesgo.periodicidad, esperados: esperados, recibidos: recibidos))
        }
      }
    }

    let programadas = enCiclo.reduce(0) { $0 + $1.accionesProgramadas }
    let ejecutadas = enCiclo.reduce(0) { $0 + $1.accionesEjecutadas }
    let valor =
      corteDeSeguimiento
      ? Aritmetica.cociente(Decimal(ejecutadas), Decimal(programadas)) : nil

    self.corteDeSeguimiento = corteDeSeguimiento
    if !corteDeSeguimiento {
      self.motivo = .fueraDeCiclo(proximoSeguimiento: proximo)
    } else if valor == nil {
      self.motivo = enCiclo.isEmpty ? .sinDatos : .sinProgramacion
    } else {
      self.motivo = nil
    }
    self.proximoSeguimiento = proximo
    self.ciclo = ciclo
    self.accionesProgramadas = programadas
    self.accionesEjecutadas = ejecutadas
    self.valor = valor
    self.items = items
    self.riesgos = riesgos.count
    self.porZona = porZona
    self.porTipo = porTipo
    self.materializados = codigos.filter { codigo in
      enCiclo.contains { $0.codigo == codigo && $0.materializado }
    }
    self.monitoreosFaltantes = faltantes
  }
}
