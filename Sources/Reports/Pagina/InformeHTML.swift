import Foundation
import Ledger
import Mustache
import Plan
import Schema

/// The quarterly follow-up report as one self-contained HTML page, like
/// the seed's slides ("Plan de Acción Institucional — Seguimiento a 31 de
/// marzo 2021").
///
/// Swift supplies the figures, every one already written in es-CO
/// (`16,98 %`, `$19.615 millones`) with its SVG chart; the words and the
/// layout live in the Mustache template (`schemas/informe/informe.mustache`),
/// which the planning office edits without touching code. The context's
/// keys are listed at the top of that template.
public enum InformeHTML {
  /// The template's path inside the schemas folder.
  public static let rutaPlantilla = "informe/informe.mustache"

  /// Renders the page.
  ///
  /// - Parameters:
  ///   - m: the measures at the corte (`medir`).
  ///   - entidad: the entity's name, mission, vision and objectives.
  ///   - plantilla: the Mustache template's text.
  ///   - cobertura: what the catalogue expects and what is missing; every
  ///     figure of an incomplete component is marked partial. nil without
  ///     a catalogue.
  ///   - observaciones: findings the planning office must read on
  ///     accepted submissions (a correction that removes data).
  ///   - historial: the vigencia's cortes up to this one, oldest first;
  ///     with two or more the page shows the evolution.
  /// - Returns: the HTML page.
  /// - Throws: `ErrorEsquema.archivoInvalido` when the template does not
  ///   parse, naming the line and column.
  public static func generar(
    _ m: MedicionPAI, entidad: Entidad, plantilla: String, cobertura: Cobertura? = nil,
    observaciones: [Hallazgo] = [], historial: [CorteHistorial] = []
  ) throws -> String {
    let template: MustacheTemplate
    do {
      template = try MustacheTemplate(string: plantilla)
    } catch let error as MustacheTemplate.ParserError {
      throw ErrorEsquema.archivoInvalido(
        archivo: "informe.mustache",
        detalle: "línea \(error.context.lineNumber), columna \(error.context.columnNumber): "
          + detalle(error.error))
    }
    var c = contexto(
      m, entidad: entidad, cobertura: cobertura, observaciones: observaciones, historial: historial)
    c["evolucion"] = evolucion(historial, cierre: ClaseCorte(m) == .cierre)
    return template.render(c)
  }

  static func detalle(_ error: Error) -> String {
    guard let e = error as? MustacheTemplate.Error else { return "\(error)." }
    switch e {
    case .sectionCloseNameIncorrect:
      return "una sección se cierra ({{/…}}) con un nombre distinto del que la abrió."
    case .unfinishedName:
      return "una etiqueta {{…}} no está bien cerrada."
    case .expectedSectionEnd:
      return "falta el cierre {{/…}} de una sección."
    case .invalidSetDelimiter:
      return "el cambio de delimitadores {{=… …=}} está mal escrito."
    case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection,
      .textInsideInheritSection:
      return "una sección heredada ({{<…}}) está mal escrita."
    case .invalidConfigVariableSyntax, .unrecognisedConfigVariable:
      return "una opción {{%…}} está mal escrita o no existe."
    }
  }

  // MARK: - The context

  /// The Mustache context: dictionaries, arrays, strings and booleans only;
  /// every number is text already formatted, and every count comes with the
  /// flags its words agree with (`cantidades`).
  static func contexto(
    _ m: MedicionPAI, entidad: Entidad, cobertura: Cobertura? = nil, observaciones: [Hallazgo] = [],
    historial: [CorteHistorial] = []
  ) -> [String: Any] {
    let anteriores = Anteriores(historial, antesDe: m.corte.fecha)
    let medidos = ComponentePAI.allCases.filter { m.componente($0).medido }
    let clase = ClaseCorte(m)
    let conector = Dictionary(
      uniqueKeysWithValues: zip(medidos, conectores(medidos.count)).map { ($0, $1) })
    let escalaComponentes = escala(m.componentes.map(\.valor))
    var componentes: [String: Any] = [:]
    for id in ComponentePAI.allCases {
      let c = m.componente(id)
      var campos = cifra(c.valor, escala: escalaComponentes)
      campos.merge(motivo(c.motivo, proximo: m.riesgos.proximoSeguimiento)) { $1 }
      campos["conector"] = conector[id] ?? ""
      campos.merge(parcial(cobertura, id)) { $1 }
      // A risk-only corte (30 April) leaves out the sections of the
      // components not expected then, unless something of theirs came.
      campos["mostrar"] =
        clase != .riesgos || c.motivo != .sinDatos || !(cobertura?.faltantes(id).isEmpty ?? true)
      componentes[clave(id)] = campos
    }
    var pai = cifra(m.pai)
    pai["donaGrande"] = m.pai.map { Graficos.dona($0, diametro: 240) } ?? ""
    let proyectos = m.proyectos.map {
      proyecto($0, anterior: anteriores.proyectos[$0.codigo], columna: anteriores.corteProyectos)
    }
    let raiz: [String: Any] = [
      "entidad": [
        "nombre": entidad.nombre,
        "mision": entidad.mision,
        "vision": entidad.vision,
        "objetivos": entidad.objetivosEstrategicos.enumerated().map { i, texto in
          ["numero": String(i + 1), "texto": texto]
        },
      ] as [String: Any],
      "vigencia": String(m.corte.vigencia),
      "corte": corte(m.corte),
      "clase": [
        "seguimiento": clase == .seguimiento, "soloRiesgos": clase == .riesgos,
        "cierre": clase == .cierre,
        "soloRiesgosMedidos": medidos == [.riesgos],
      ],
      "rotulo": ClaseCorte.titulo(m),
      "pai": pai,
      "componentes": componentes,
      "proyectos": proyectos,
      "hayProyectos": !m.proyectos.isEmpty || !(cobertura?.faltantes(.proyectos).isEmpty ?? true),
      "tablaProyectos": tablaProyectos(
        zip(m.proyectos.map(\.codigo), proyectos), cobertura: cobertura),
      "indicadores": indicadores(m.indicadores, anteriores: anteriores),
      "planIntegrado": planIntegrado(m.planIntegrado, anteriores: anteriores),
      "columnasAnteriores": [
        "proyectos": Anteriores.columna(anteriores.corteProyectos),
        "indicadores": Anteriores.columna(anteriores.corteIndicadores),
        "actividades": Anteriores.columna(anteriores.corteActividades),
        "hay": anteriores.corteIndicadores != nil || anteriores.corteActividades != nil,
      ] as [String: Any],
      "riesgos": riesgos(m.riesgos),
      "cobertura": coberturaContexto(cobertura),
      "observaciones": observaciones.map {
        ["mensaje": Catalogo.mensaje($0), "archivo": $0.ubicacion.archivo]
      },
      "hayObservaciones": !observaciones.isEmpty,
    ]
    return raiz.merging(cantidades(["numComponentesMedidos": medidos.count])) { $1 }
  }

  /// The evolution across cortes: a chart of the PAI and each component,
  /// and the same figures as a table. From the second corte of the
  /// vigencia on, and always at its close (the year's evolution).
  static func evolucion(_ h: [CorteHistorial], cierre: Bool = false) -> [String: Any] {
    guard h.count > 1 || (cierre && !h.isEmpty) else { return ["hay": false] }
    let colores: [ComponentePAI: String] = [
      .proyectos: "#1d4e89", .indicadores: "#2e7d32", .planIntegrado: "#b26a00",
      .riesgos: "#6a1b9a",
    ]
    var series = [
      Graficos.Serie(nombre: "Avance del PAI", color: "#a6192e", valores: h.map(\.medicion.pai))
    ]
    for id in ComponentePAI.allCases where h.contains(where: { $0.medicion.componente(id).medido })
    {
      series.append(
        Graficos.Serie(
          nombre: EstadoTexto.nombre(id), color: colores[id] ?? "#444",
          valores: h.map { $0.medicion.componente(id).valor }))
    }
    func celda(_ x: Decimal?) -> String { x.map(Formato.porcentaje) ?? "—" }
    return [
      "hay": true,
      "grafico": Graficos.evolucion(cortes: h.map(\.corte), series: series),
      "filas": h.map { c -> [String: Any] in
        [
          "corte": Textos.fechaLarga(c.corte), "pai": celda(c.medicion.pai),
          "proyectos": celda(c.medicion.componente(.proyectos).valor),
          "indicadores": celda(c.medicion.componente(.indicadores).valor),
          "planIntegrado": celda(c.medicion.componente(.planIntegrado).valor),
          "riesgos": celda(c.medicion.componente(.riesgos).valor),
          "parcial": c.cobertura.map { !$0.completa } ?? false,
          "cobertura": c.cobertura.map(EstadoTexto.coberturaTexto) ?? "",
        ]
      },
    ]
  }

  /// The cover's notice: whether the corte is complete and what is missing.
  static func coberturaContexto(_ c: Cobertura?) -> [String: Any] {
    guard let c else { return ["hay": false, "parcial": false, "completa": false] }
    return [
      "hay": true, "parcial": !c.completa, "completa": c.completa,
      "aviso": EstadoTexto.coberturaTexto(c),
      "faltantes": faltantes(c.faltantes, conComponente: true),
    ].merging(
      cantidades([
        "esperados": c.esperados, "aceptados": c.aceptados, "numFaltantes": c.faltantes.count,
      ])
    ) {
      $1
    }
  }

  static func faltantes(_ l: [Pendiente], conComponente: Bool = false) -> [[String: Any]] {
    zip(l, conectores(l.count)).map { p, c in
      [
        "componente": EstadoTexto.nombre(p.componente), "que": EstadoTexto.que(p),
        "dependencia": p.dependencia, "conector": c, "hayRechazado": p.rechazado != nil,
        "rechazado": p.rechazado?.archivo ?? "",
      ]
    }
  }

  /// A component's partial-figures flags: `parcial`, `avisoParcial`
  /// («Cifras parciales: falta 1 de 7 reportes esperados») and its
  /// `faltantes`; `numFaltantes`* counts them.
  static func parcial(_ c: Cobertura?, _ id: ComponentePAI) -> [String: Any] {
    guard let c, c.completo(id) == false else {
      return ["parcial": false, "avisoParcial": "", "faltantes": [] as [Any]]
        .merging(cantidades(["numFaltantes": 0])) { $1 }
    }
    let l = c.faltantes(id)
    return [
      "parcial": true,
      "avisoParcial": "Cifras parciales: "
        + EstadoTexto.faltan(l.count, de: c.esperadosPorComponente[id] ?? 0) + ".",
      "faltantes": faltantes(l),
    ].merging(cantidades(["numFaltantes": l.count])) { $1 }
  }

  /// The projects' table: those measured and, in code order among them,
  /// the catalogue's projects that did not report, as «sin reporte»
  /// instead of vanishing from the page.
  static func tablaProyectos(
    _ medidos: Zip2Sequence<[String], [[String: Any]]>, cobertura: Cobertura?
  ) -> [[String: Any]] {
    var filas: [(codigo: String, fila: [String: Any])] = medidos.map {
      ($0, $1.merging(["sinReporte": false]) { $1 })
    }
    for p in cobertura?.faltantes(.proyectos) ?? [] {
      guard case .proyecto(let codigo, let nombre) = p.que else { continue }
      filas.append(
        (
          codigo,
          [
            "sinReporte": true, "codigo": codigo, "nombre": nombre, "dependencia": p.dependencia,
            "hayRechazado": p.rechazado != nil, "rechazado": p.rechazado?.archivo ?? "",
          ]
        ))
    }
    return filas.sorted { $0.codigo < $1.codigo }.map(\.fila)
  }

  /// Counts as the template sees them: each one as es-CO text under its
  /// key (`1.048`), with `<key>EsUno` and `<key>EsCero` beside it so the
  /// template can make the words agree in number: «1 indicador
  /// programado», «52 indicadores programados», «Sin indicadores
  /// programados». Spanish puts 0 in the plural, like any count but 1.
  static func cantidades(_ valores: KeyValuePairs<String, Int>) -> [String: Any] {
    var c: [String: Any] = [:]
    for (clave, n) in valores {
      c[clave] = Formato.entero(n)
      c[clave + "EsUno"] = n == 1
      c[clave + "EsCero"] = n == 0
    }
    return c
  }

  /// The key of a component in the context (`planIntegrado`).
  static func clave(_ id: ComponentePAI) -> String {
    switch id {
    case .proyectos: return "proyectos"
    case .indicadores: return "indicadores"
    case .planIntegrado: return "planIntegrado"
    case .riesgos: return "riesgos"
    }
  }

  /// A ratio as the template sees it: whether there is one, its percent,
  /// a bar on the shared scale and a ring.
  static func cifra(_ x: Decimal?, escala: Decimal = 1) -> [String: Any] {
    guard let x else {
      return ["medido": false, "valor": "", "barra": "", "dona": "", "completo": false]
    }
    return [
      "medido": true,
      "valor": Formato.porcentaje(x),
      "barra": Graficos.barra(x, escala: escala),
      "dona": Graficos.dona(x),
      "completo": x >= 1,
    ]
  }

  /// The scale bars compared together share: 1, or their largest value
  /// when one passes 100 %.
  static func escala(_ valores: [Decimal?]) -> Decimal {
    valores.compactMap { $0 }.reduce(Decimal(1)) { max($0, $1) }
  }

  /// What joins the i-th item of a list written as a sentence: "", then
  /// ", ", and " y " before the last ("a, b y c").
  static func conectores(_ n: Int) -> [String] {
    (0..<max(n, 0)).map { i in i == 0 ? "" : (i == n - 1 ? " y " : ", ") }
  }

  /// Why a component is not measured, as flags the template words.
  static func motivo(_ m: MotivoNoMedido?, proximo: Fecha?) -> [String: Any] {
    var fuera = false
    var sinDatos = false
    var sinProgramacion = false
    var siguiente: Fecha?
    switch m {
    case .fueraDeCiclo(let proximoSeguimiento)?:
      fuera = true
      siguiente = proximoSeguimiento ?? proximo
    case .sinDatos?:
      sinDatos = true
    case .sinProgramacion?:
      sinProgramacion = true
    case nil:
      break
    }
    return [
      "fueraDeCiclo": fuera, "sinDatos": sinDatos, "sinProgramacion": sinProgramacion,
      "hayProximoSeguimiento": siguiente != nil,
      "proximoSeguimiento": siguiente.map(Textos.fechaLarga) ?? "",
    ]
  }

  static let ordinalesTrimestre = ["primer", "segundo", "tercer", "cuarto"]

  static func corte(_ c: Corte) -> [String: Any] {
    let f = c.fecha
    return [
      "iso": f.iso,
      "corto": Formato.fecha(f),
      "largo": Textos.fechaLarga(f),
      "dia": String(f.day),
      "mes": Textos.meses[f.month - 1],
      "anio": String(f.year),
      "finDeTrimestre": f.cierraTrimestre,
      "trimestre": ordinalesTrimestre[(f.month - 1) / 3],
    ]
  }

  /// A project's figures; with an earlier corte of the vigencia
  /// (`columna`), each with its previous value beside (`anterior`).
  static func proyecto(
    _ p: MedicionProyecto, anterior: Anteriores.Valor<MedicionProyecto>? = nil,
    columna: Fecha? = nil
  ) -> [String: Any] {
    let valores = p.objetivos.flatMap { [$0.programacion, $0.cumplimiento, $0.avance] }
    let e = escala(valores)
    func previo(_ valor: (MedicionProyecto) -> Decimal?) -> String {
      Anteriores.celda(anterior, columna: columna, valor)
    }
    let objetivos: [[String: Any]] = p.objetivos.map { o in
      let objetivo = anterior.flatMap { a in a.item.objetivos.first { $0.numero == o.numero } }
      func previoObjetivo(_ valor: (MedicionObjetivo) -> Decimal?) -> String {
        guard let anterior, let objetivo else { return "—" }
        return Anteriores.celda(
          Anteriores.Valor(corte: anterior.corte, item: objetivo), columna: columna, valor)
      }
      let campos: [String: Any] = [
        "anterior": [
          "cumplimiento": previoObjetivo(\.cumplimiento), "avance": previoObjetivo(\.avance),
        ],
        "numero": String(o.numero),
        "descripcion": o.descripcion,
        "programacion": cifra(o.programacion, escala: e),
        "cumplimiento": cifra(o.cumplimiento, escala: e),
        "avance": cifra(o.avance, escala: e),
      ]
      return campos.merging(cantidades(["numMetas": o.metas.count])) { $1 }
    }
    let pr = p.presupuesto
    return [
      "codigo": p.codigo,
      "nombre": p.nombre,
      "objetivoGeneral": p.objetivoGeneral,
      "dependencia": p.dependencia,
      "ejecucion": cifra(p.ejecucion),
      "avance": cifra(p.avance),
      "anterior": [
        "ejecucion": previo(\.ejecucion), "avance": previo(\.avance),
        "avancePresupuestal": previo(\.presupuesto.avance),
      ],
      "objetivos": objetivos,
      "presupuesto": [
        "programacion": Formato.millones(pr.programacion),
        "ejecucion": Formato.millones(pr.ejecucion),
        "programacionPesos": Formato.pesos(pr.programacion),
        "ejecucionPesos": Formato.pesos(pr.ejecucion),
        "hayGiros": pr.giros != nil,
        "giros": pr.giros.map(Formato.millones) ?? "",
        "avance": cifra(pr.avance),
      ].merging(cantidades(["numFuentes": pr.fuentes.count])) { $1 },
    ]
  }

  static func indicadores(_ i: MedicionIndicadores, anteriores: Anteriores = Anteriores())
    -> [String: Any]
  {
    func previo(_ x: MedicionIndicador) -> String {
      Anteriores.celda(
        anteriores.indicadores[x.codigo], columna: anteriores.corteIndicadores, \.cumplimiento)
    }
    let periodicidades = Periodicidad.allCases.filter { p in
      i.excluidos.contains { $0.periodicidad == p }
    }
    let bandas = Graficos.barraApilada([
      .init(cantidad: i.bandas.desde100, clase: "banda-desde100", color: "#1b7f3b"),
      .init(cantidad: i.bandas.de75a100, clase: "banda-de75a100", color: "#d99a00"),
      .init(cantidad: i.bandas.bajo75, clase: "banda-bajo75", color: "#b3261e"),
    ])
    let c: [String: Any] = [
      "valor": cifra(i.valor, escala: escala([i.valor])),
      "bandas": [
        "hayDesde100": i.bandas.desde100 > 0,
        "hayDe75a100": i.bandas.de75a100 > 0,
        "hayBajo75": i.bandas.bajo75 > 0,
        "grafico": bandas,
      ].merging(
        cantidades([
          "desde100": i.bandas.desde100, "de75a100": i.bandas.de75a100, "bajo75": i.bandas.bajo75,
        ])
      ) { $1 },
      "bajo100": i.bajo100.map { x in
        [
          "valor": x.cumplimiento.map(Formato.porcentaje) ?? "",
          "anterior": previo(x),
          "bajo75": x.banda == .bajo75,
          "codigo": x.codigo, "nombre": x.nombre, "proceso": x.proceso,
          "dependencia": x.dependencia,
        ] as [String: Any]
      },
      "hayBajo100": !i.bajo100.isEmpty,
      // Every indicator with its previous value, for the comparison table;
      // then those an earlier corte had and this one has not.
      "todos": Anteriores.todos(i.items, anteriores.indicadores, codigo: \.codigo) { x, actual in
        [
          "codigo": x.codigo, "nombre": x.nombre, "proceso": x.proceso,
          "valor": actual ? x.cumplimiento.map(Formato.porcentaje) ?? "—" : "—",
          "anterior": previo(x),
        ]
      },
      "excluidos": zip(i.excluidos, conectores(i.excluidos.count)).map { x, c in
        [
          "codigo": x.codigo, "nombre": x.nombre, "proceso": x.proceso,
          "periodicidad": x.periodicidad.rawValue.lowercased(), "conector": c,
        ]
      },
      "hayExcluidos": !i.excluidos.isEmpty,
      "periodicidadesExcluidos": zip(periodicidades, conectores(periodicidades.count)).map {
        ["nombre": $0.rawValue.lowercased(), "conector": $1]
      },
    ]
    return c.merging(
      cantidades([
        "total": i.total, "programados": i.programados, "numBajo100": i.bajo100.count,
        "numExcluidos": i.excluidos.count,
      ])
    ) { $1 }
  }

  static func planIntegrado(_ p: MedicionPlanIntegrado, anteriores: Anteriores = Anteriores())
    -> [String: Any]
  {
    func previo(_ a: MedicionActividad) -> String {
      Anteriores.celda(
        anteriores.actividades[a.codigo], columna: anteriores.corteActividades, \.cumplimiento)
    }
    let c: [String: Any] = [
      "valor": cifra(p.valor, escala: escala([p.valor])),
      "todos": Anteriores.todos(p.items, anteriores.actividades, codigo: \.codigo) { a, actual in
        [
          "codigo": a.codigo, "actividad": a.actividad, "plan": a.plan,
          "valor": actual ? a.cumplimiento.map(Formato.porcentaje) ?? "—" : "—",
          "anterior": previo(a),
        ]
      },
      "bajo100": p.bajo100.map { a in
        [
          "valor": a.cumplimiento.map(Formato.porcentaje) ?? "",
          "anterior": previo(a),
          "codigo": a.codigo, "actividad": a.actividad, "plan": a.plan,
          "dependencia": a.dependencia,
        ]
      },
      "hayBajo100": !p.bajo100.isEmpty,
      "sinProgramacion": p.sinProgramacion.map { a in
        [
          "codigo": a.codigo, "actividad": a.actividad, "plan": a.plan,
          "dependencia": a.dependencia,
        ]
      },
      "haySinProgramacion": !p.sinProgramacion.isEmpty,
    ]
    return c.merging(
      cantidades([
        "total": p.total, "programadas": p.programadas,
        "numSinProgramacion": p.sinProgramacion.count,
      ])
    ) { $1 }
  }

  static func riesgos(_ r: MedicionRiesgos) -> [String: Any] {
    var c = motivo(r.motivo, proximo: r.proximoSeguimiento)
    c["medido"] = r.medido
    c["corteDeSeguimiento"] = r.corteDeSeguimiento
    c["valor"] = cifra(r.valor, escala: escala([r.valor]))
    c["hayProximoSeguimiento"] = r.proximoSeguimiento != nil
    c["proximoSeguimiento"] = r.proximoSeguimiento.map(Textos.fechaLarga) ?? ""
    c["hayCiclo"] = r.ciclo != nil
    c["cicloDesde"] = r.ciclo.map { Textos.fechaLarga($0.desde) } ?? ""
    c["cicloHasta"] = r.ciclo.map { Textos.fechaLarga($0.hasta) } ?? ""
    c.merge(
      cantidades([
        "accionesProgramadas": r.accionesProgramadas, "accionesEjecutadas": r.accionesEjecutadas,
        "total": r.riesgos, "monitoreos": r.items.count,
        "numMaterializados": r.materializados.count,
      ])
    ) { $1 }
    c["porZona"] = ZonaRiesgo.allCases.map { z -> [String: Any] in
      cantidades(["cantidad": r.porZona[z] ?? 0]).merging(["zona": z.rawValue]) { $1 }
    }
    c["porTipo"] = TipoRiesgo.allCases.map { t -> [String: Any] in
      cantidades(["cantidad": r.porTipo[t] ?? 0]).merging(["tipo": t.rawValue]) { $1 }
    }
    c["materializados"] = zip(r.materializados, conectores(r.materializados.count)).map {
      codigo, conector -> [String: String] in ["codigo": codigo, "conector": conector]
    }
    c["hayMaterializados"] = !r.materializados.isEmpty
    c["faltantes"] = r.monitoreosFaltantes.map { f -> [String: Any] in
      [
        "codigo": f.codigo, "proceso": f.proceso, "tipo": f.tipo.rawValue,
        "periodicidad": f.periodicidad.rawValue.lowercased(),
      ].merging(cantidades(["esperados": f.esperados, "recibidos": f.recibidos])) { $1 }
    }
    c["hayFaltantes"] = !r.monitoreosFaltantes.isEmpty
    c["items"] = r.items.map(riesgo)
    c["hayItems"] = !r.items.isEmpty
    return c
  }

  static func riesgo(_ x: MedicionRiesgo) -> [String: Any] {
    var c = cantidades([
      "accionesProgramadas": x.accionesProgramadas, "accionesEjecutadas": x.accionesEjecutadas,
    ])
    c.merge([
      "codigo": x.codigo, "proceso": x.proceso, "tipo": x.tipo.rawValue,
      "descripcion": x.descripcion, "zona": x.zona.rawValue,
      "periodicidad": x.periodicidad.rawValue.lowercased(),
      "fechaMonitoreo": Formato.fecha(x.fechaMonitoreo),
    ]) { $1 }
    c["materializado"] = x.materializado
    c["enCiclo"] = x.enCiclo
    return c
  }
}
