import Foundation

// PLAN "How the plan is measured": metas, objectives, projects, budget.

/// A project goal at the corte.
public struct MedicionMeta: Hashable, Sendable {
  public let numero: Int
  public let descripcion: String
  public let anualizacion: Anualizacion
  public let magnitud: Decimal
  /// `Suma`: Σ prog of months 1…m. `Constante`: prog of the last programmed
  /// month ≤ m (0 when there is none).
  public let programado: Decimal
  /// `Suma`: Σ ejec of months 1…m, work ahead of schedule included.
  /// `Constante`: ejec of the last programmed month ≤ m (0 when none).
  public let ejecutado: Decimal
  /// The last month ≤ m with programming (> 0); nil when there is none.
  public let ultimoMesProgramado: Int?
  /// Whether any month of the vigencia is programmed.
  public let programadaEnVigencia: Bool
  /// *Cumplimiento al corte*: ejecutado / programado, capped at 100 %; nil
  /// when no month ≤ m is programmed.
  public let cumplimiento: Decimal?
  /// *Avance al corte*: ejecutado / magnitud, **not** capped (an
  /// over-executed meta passes 100 %); nil only for a magnitud of 0.
  public let avance: Decimal?

  init(_ meta: Meta, mes: Int) {
    let programados = meta.programacion.mesesConValorPositivo
    let ultimo = programados.last { $0 <= mes }
    let programado: Decimal
    let ejecutado: Decimal
    switch meta.anualizacion {
    case .suma:
      programado = meta.programacion.acumulado(hasta: mes)
      ejecutado = meta.ejecucion.acumulado(hasta: mes)
    case .constante, .creciente, .decreciente:
      // Metas are Suma or Constante (PLAN, template 1); any other kind is
      // read as a level, like Constante.
      programado = ultimo.flatMap { meta.programacion.valor($0) } ?? 0
      ejecutado = ultimo.flatMap { meta.ejecucion.valor($0) } ?? 0
    }
    self.numero = meta.numero
    self.descripcion = meta.descripcion
    self.anualizacion = meta.anualizacion
    self.magnitud = meta.magnitud
    self.programado = programado
    self.ejecutado = ejecutado
    self.ultimoMesProgramado = ultimo
    self.programadaEnVigencia = !programados.isEmpty
    self.cumplimiento =
      ultimo == nil ? nil : Aritmetica.cociente(ejecutado, programado).map(Aritmetica.topado)
    self.avance = Aritmetica.cociente(ejecutado, meta.magnitud)
  }
}

/// A specific objective (*objetivo específico*) of a project at the corte.
public struct MedicionObjetivo: Hashable, Sendable {
  public let numero: Int
  public let descripcion: String
  /// *Programación*: 1 (100 %) when a meta is programmed in the vigencia,
  /// else 0.
  public let programacion: Decimal
  /// The mean cumplimiento of the metas that have one; nil when none has
  /// (the objective has no cumplimiento at this corte).
  public let cumplimiento: Decimal?
  /// The mean avance of all the metas.
  public let avance: Decimal?
  /// The metas, by number.
  public let metas: [MedicionMeta]

  init(numero: Int, descripcion: String, metas: [MedicionMeta]) {
    self.numero = numero
    self.descripcion = descripcion
    self.programacion = metas.contains { $0.programadaEnVigencia } ? 1 : 0
    self.cumplimiento = Aritmetica.media(metas.compactMap(\.cumplimiento))
    self.avance = Aritmetica.media(metas.compactMap(\.avance))
    self.metas = metas
  }
}

/// A project's budget at the corte, in pesos.
public struct MedicionPresupuesto: Hashable, Sendable {
  /// Σ apropiación vigente.
  public let programacion: Decimal
  /// Σ compromisos acumulados.
  public let ejecucion: Decimal
  /// Σ giros acumulados of the sources that report them; nil when none does.
  public let giros: Decimal?
  /// *Avance presupuestal*: ejecución / programación; nil for no apropiación.
  public let avance: Decimal?
  /// The funding sources as received.
  public let fuentes: [LineaPresupuesto]

  init(_ lineas: [LineaPresupuesto]) {
    programacion = Aritmetica.suma(lineas.map(\.apropiacion))
    ejecucion = Aritmetica.suma(lineas.map(\.compromisos))
    let girosReportados = lineas.compactMap(\.giros)
    giros = girosReportados.isEmpty ? nil : Aritmetica.suma(girosReportados)
    avance = Aritmetica.cociente(ejecucion, programacion)
    fuentes = lineas
  }
}

/// An investment project at the corte.
public struct MedicionProyecto: Hashable, Sendable {
  public let codigo: String
  public let nombre: String
  public let objetivoGeneral: String
  public let dependencia: String
  /// The *objetivo general*'s *Ejecución*: the mean cumplimiento of the
  /// objectives that have one; nil when none has.
  public let ejecucion: Decimal?
  /// The *objetivo general*'s *Avance*: the mean avance of all objectives.
  public let avance: Decimal?
  /// The specific objectives, by number.
  public let objetivos: [MedicionObjetivo]
  public let presupuesto: MedicionPresupuesto

  init(_ proyecto: Proyecto, mes: Int) {
    var porObjetivo: [Int: [Meta]] = [:]
    for meta in proyecto.metas { porObjetivo[meta.objetivo, default: []].append(meta) }
    let objetivos = porObjetivo.keys.sorted().map { numero -> MedicionObjetivo in
      let metas = porObjetivo[numero] ?? []
      let medidas = metas.enumerated()
        .sorted { ($0.element.numero, $0.offset) < ($1.element.numero, $1.offset) }
        .map { MedicionMeta($0.element, mes: mes) }
      return MedicionObjetivo(
        numero: numero, descripcion: metas.first?.descripcionObjetivo ?? "", metas: medidas)
    }
    self.codigo = proyecto.codigo
    self.nombre = proyecto.nombre
    self.objetivoGeneral = proyecto.objetivoGeneral
    self.dependencia = proyecto.dependencia
    self.ejecucion = Aritmetica.media(objetivos.compactMap(\.cumplimiento))
    self.avance = Aritmetica.media(objetivos.compactMap(\.avance))
    self.objetivos = objetivos
    self.presupuesto = MedicionPresupuesto(proyecto.presupuesto)
  }
}
