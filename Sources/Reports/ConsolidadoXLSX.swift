import Foundation
import Ledger
import Plan
import Schema
import XLSX

/// `consolidado.xlsx`: the consolidated quarter as a workbook. `Resumen`
/// first (the PAI figure and each component, as the seed's first pages),
/// then one sheet per level of the model and `Observaciones` with every
/// finding of the run. Numbers are numbers, percents carry a percent
/// format, money a pesos format; headers are frozen and filtered.
/// One table sheet of `consolidado.xlsx`: a header row, then one row per
/// record.
public struct HojaTabla {
  public var nombre: String
  public var encabezados: [String]
  /// Column widths in characters, left to right; missing ones are 18.
  public var anchos: [Double]
  /// 0-based columns of long text (names, descriptions) that wrap within
  /// their width instead of being cut by the next cell.
  public var envolver: Set<Int>
  /// The row under the header when there are no records («Sin
  /// pendientes»), so an empty sheet does not print as a bare header.
  public var vacia: String
  public var filas: [[WriteCell?]]

  public init(
    _ nombre: String, _ encabezados: [String], anchos: [Double], envolver: Set<Int>,
    vacia: String? = nil, _ filas: [[WriteCell?]]
  ) {
    self.nombre = nombre
    self.encabezados = encabezados
    self.anchos = anchos
    self.envolver = envolver
    self.vacia = vacia ?? "Sin " + nombre.lowercased()
    self.filas = filas
  }

  /// The rows as written: long text wrapped, and the «Sin …» line when
  /// there are none.
  var filasEscritas: [[WriteCell?]] {
    guard !filas.isEmpty else { return [[WriteCell(.text(vacia))]] }
    return filas.map { fila in
      fila.enumerated().map { i, celda in
        guard var c = celda, envolver.contains(i), c.style == .general, case .text = c.value else {
          return celda
        }
        c.style = .wrapped
        return c
      }
    }
  }
}

/// `consolidado.xlsx`: the consolidated quarter as a workbook. `Resumen`
/// first (the PAI figure and each component, as the seed's first pages),
/// then one sheet per level of the model and `Observaciones` with every
/// finding of the run. Numbers are numbers, percents carry a percent
/// format, money a pesos format, whole numbers no decimals; headers are
/// frozen and filtered.
///
/// Each sheet prints as a report: landscape on letter paper, scaled to one
/// page wide, the header row repeated on every page, long text wrapped in
/// its column, «Página n de m» at the foot.
public enum ConsolidadoXLSX {
  public static func escribir(
    _ m: MedicionPAI, lote: Lote, duplicados: [ArchivoDuplicado], cobertura: Cobertura? = nil,
    en ruta: String, hojasExtra: [HojaTabla] = []
  ) throws {
    let libro = try WorkbookWriter(path: ruta)
    // The same ledger gives the same bytes: the workbook is dated by its
    // newest submission, else by the corte itself.
    let f = m.corte.fecha
    libro.creado =
      lote.envios.map(\.modificado).max()
      ?? DateComponents(
        calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"),
        year: f.year, month: f.month, day: f.day
      ).date ?? Date(timeIntervalSince1970: 0)
    try resumen(libro, m, lote: lote, duplicados: duplicados, cobertura: cobertura)
    for hoja in hojas(m) + hojasExtra + [observaciones(lote)] {
      try tabla(libro, hoja)
    }
    try libro.close()
  }

  /// The sheets of the model, in the order of the seed's sections.
  static func hojas(_ m: MedicionPAI) -> [HojaTabla] {
    [
      HojaTabla(
        "Proyectos",
        [
          "Código", "Proyecto", "Objetivo general", "Dependencia", "Ejecución", "Avance",
          "Programación presupuestal", "Ejecución presupuestal", "Giros", "Avance presupuestal",
        ],
        anchos: [10, 34, 44, 24, 11, 11, 17, 17, 17, 12], envolver: [1, 2, 3],
        m.proyectos.map { p in
          [
            t(p.codigo), t(p.nombre), t(p.objetivoGeneral), t(p.dependencia), pct(p.ejecucion),
            pct(p.avance),
            pesos(p.presupuesto.programacion), pesos(p.presupuesto.ejecucion),
            p.presupuesto.giros.map(pesos) ?? nil,
            pct(p.presupuesto.avance),
          ]
        }),
      HojaTabla(
        "Objetivos",
        [
          "Proyecto", "Objetivo específico", "Descripción", "Programación", "Cumplimiento al corte",
          "Avance al corte",
        ],
        anchos: [10, 10, 86, 14, 14, 14], envolver: [2],
        m.proyectos.flatMap { p in
          p.objetivos.map { o in
            [
              t(p.codigo), n(o.numero), t(o.descripcion), pct(o.programacion), pct(o.cumplimiento),
              pct(o.avance),
            ]
          }
        }),
      HojaTabla(
        "Metas",
        [
          "Proyecto", "Objetivo específico", "Meta", "Descripción", "Tipo de anualización",
          "Magnitud vigencia",
          "Programado al corte", "Ejecutado al corte", "Cumplimiento al corte", "Avance al corte",
        ],
        anchos: [10, 10, 7, 64, 13, 12, 12, 12, 13, 12], envolver: [3, 4],
        m.proyectos.flatMap { p in
          p.objetivos.flatMap { o in
            o.metas.map { x in
              [
                t(p.codigo), n(o.numero), n(x.numero), t(x.descripcion), t(x.anualizacion.rawValue),
                cifra(x.magnitud), cifra(x.programado), cifra(x.ejecutado), pct(x.cumplimiento),
                pct(x.avance),
              ]
            }
          }
        }),
      HojaTabla(
        "Presupuesto",
        [
          "Proyecto", "Fuente de financiación", "Apropiación vigente", "Compromisos acumulados",
          "Giros acumulados",
          "Avance presupuestal",
        ],
        anchos: [10, 36, 20, 20, 20, 13], envolver: [1],
        m.proyectos.flatMap { p in
          p.presupuesto.fuentes.map { f in
            [
              t(p.codigo), t(f.fuente), pesos(f.apropiacion), pesos(f.compromisos),
              f.giros.map(pesos) ?? nil,
              f.apropiacion > 0 ? pct(f.compromisos / f.apropiacion) : nil,
            ]
          }
        }),
      HojaTabla(
        "Indicadores",
        [
          "Código", "Indicador", "Proceso", "Dependencia", "Periodicidad", "Tipo de anualización",
          "Unidad",
          "Meta vigencia", "Programado al periodo", "Valor programado", "Valor ejecutado",
          "Cumplimiento", "Banda",
        ],
        anchos: [10, 40, 20, 24, 12, 13, 11, 11, 11, 11, 11, 13, 13],
        envolver: [1, 2, 3, 4, 5, 6, 12],
        m.indicadores.items.map { i in
          let porcentual = i.unidad == .porcentaje
          let valor: (Decimal?) -> WriteCell? = { v in
            v.map { porcentual ? pct($0) : cifra($0) } ?? nil
          }
          return [
            t(i.codigo), t(i.nombre), t(i.proceso), t(i.dependencia), t(i.periodicidad.rawValue),
            t(i.anualizacion.rawValue), t(i.unidad.rawValue), valor(i.metaVigencia),
            t(i.programado ? "Sí" : "No"),
            valor(i.valorProgramado), valor(i.valorEjecutado), pct(i.cumplimiento),
            t(banda(i.banda)),
          ]
        }),
      HojaTabla(
        "Plan integrado",
        [
          "Código", "Actividad", "Plan institucional", "Dependencia", "Programada al periodo",
          "Programado",
          "Ejecutado", "Cumplimiento",
        ],
        anchos: [10, 46, 36, 26, 12, 12, 12, 13], envolver: [1, 2, 3],
        m.planIntegrado.items.map { a in
          [
            t(a.codigo), t(a.actividad), t(a.plan), t(a.dependencia), t(a.programada ? "Sí" : "No"),
            pct(a.programado),
            pct(a.ejecutado), pct(a.cumplimiento),
          ]
        }),
      HojaTabla(
        "Riesgos",
        [
          "Código", "Proceso", "Tipo", "Descripción", "Zona residual", "Periodicidad",
          "Fecha de monitoreo",
          "Acciones programadas", "Acciones ejecutadas", "¿Se materializó?",
        ],
        anchos: [10, 26, 12, 52, 11, 13, 12, 12, 12, 12], envolver: [1, 2, 3, 5],
        m.riesgos.items.map { r in
          [
            t(r.codigo), t(r.proceso), t(r.tipo.rawValue), t(r.descripcion), t(r.zona.rawValue),
            t(r.periodicidad.rawValue), fecha(r.fechaMonitoreo), n(r.accionesProgramadas),
            n(r.accionesEjecutadas),
            t(r.materializado ? "Sí" : "No"),
          ]
        }),
    ]
  }

  /// Every finding of the run, by submission.
  static func observaciones(_ lote: Lote) -> HojaTabla {
    HojaTabla(
      "Observaciones",
      ["Remitente", "Archivo", "Severidad", "Código", "Hoja", "Celda o rango", "Mensaje"],
      anchos: [24, 30, 12, 22, 14, 12, 70], envolver: [0, 1, 3, 4, 6],
      lote.envios.flatMap { e in e.informe.hallazgos.map { observacion(e, $0) } })
  }

  /// How every sheet of the workbook prints.
  static func impresion(encabezado: ClosedRange<Int>?) -> PageSetup {
    PageSetup(
      orientation: .landscape, paper: .letter, fitToWidth: 1, repeatedRows: encabezado,
      footer: "&CPágina &P de &N")
  }

  private static func resumen(
    _ libro: WorkbookWriter, _ m: MedicionPAI, lote: Lote, duplicados: [ArchivoDuplicado],
    cobertura: Cobertura?
  ) throws {
    var opciones = SheetOptions()
    opciones.columnWidths = [1: 34, 2: 14, 3: 14, 4: 14, 5: 14, 6: 60]
    opciones.pageSetup = impresion(encabezado: nil)
    opciones.fitsWrappedRows = true
    let hoja = try libro.addSheet("Resumen", options: opciones)
    try hoja.appendRow([WriteCell(.text("Plan de Acción Institucional"), style: .title)])
    try hoja.appendRow([t(ClaseCorte.titulo(m))])
    if let alcance = ClaseCorte.alcance(m) { try hoja.appendRow([t(alcance)]) }
    if let cobertura {
      // Before any figure: an incomplete corte must not read as a whole one.
      try hoja.appendRow([
        WriteCell(
          .text(EstadoTexto.coberturaTexto(cobertura)), style: cobertura.completa ? .header : .title
        )
      ])
      if !cobertura.completa {
        try hoja.appendRow([
          t("Las cifras cubren solo los reportes aceptados. Faltan (ver la hoja Pendientes):")
        ])
        for p in cobertura.faltantes {
          try hoja.appendRow([t("  … \(p.dependencia): \(EstadoTexto.que(p))")])
        }
      }
    }
    try hoja.appendRow([])
    try hoja.appendRow([
      WriteCell(.text("Avance del PAI"), style: .header), pct(m.pai),
      cobertura.map { $0.completa ? t("Completo") : t("Parcial") } ?? nil,
    ])
    try hoja.appendRow([t("Promedio simple de los componentes medidos en el corte.")])
    try hoja.appendRow([])
    try hoja.appendRow(
      ["Componente", "Medido", "Valor", "Reportes esperados", "Reportes aceptados", "Observación"]
        .map {
          WriteCell(.text($0), style: .header)
        })
    for c in m.componentes {
      let esperados = cobertura?.esperadosPorComponente[c.id]
      let faltan = cobertura?.faltantes(c.id).count ?? 0
      var observacion = c.motivo.map { Textos.motivo($0) } ?? ""
      if let cobertura, cobertura.completo(c.id) == false {
        observacion = ("Cifra " + EstadoTexto.parcial(cobertura, c.id) + ". " + observacion)
          .trimmingCharacters(in: .whitespaces)
      }
      try hoja.appendRow([
        t(nombre(c.id)), t(c.medido ? "Sí" : "No"), pct(c.valor), esperados.map(n),
        esperados.map { n($0 - faltan) },
        observacion.isEmpty ? nil : WriteCell(.text(observacion), style: .wrapped),
      ])
    }
    try hoja.appendRow([])
    try hoja.appendRow(
      ["Envíos por componente", "Recibidos", "Aceptados", "Rechazados"].map {
        WriteCell(.text($0), style: .header)
      })
    for id in ComponentePAI.allCases {
      let envios = lote.envios.filter { $0.informe.componente == id.rawValue }
      try hoja.appendRow([
        t(nombre(id)), n(envios.count), n(envios.filter(\.informe.aceptado).count),
        n(envios.filter { !$0.informe.aceptado }.count),
      ])
    }
    let sinPlantilla = lote.envios.filter { $0.informe.componente == nil }
    try hoja.appendRow([
      t("Sin plantilla reconocida"), n(sinPlantilla.count), n(0), n(sinPlantilla.count),
    ])
    try hoja.appendRow([
      WriteCell(.text("Total"), style: .header), n(lote.envios.count), n(lote.aceptados),
      n(lote.rechazados),
    ])
    try hoja.appendRow([t("Reemplazados por una corrección"), n(lote.reemplazadoPor.count)])
    try hoja.appendRow([t("Duplicados (mismo contenido)"), n(duplicados.count)])
  }

  private static func tabla(_ libro: WorkbookWriter, _ tabla: HojaTabla) throws {
    var opciones = SheetOptions()
    opciones.frozenRows = 1
    opciones.autoFilter = true
    for i in tabla.encabezados.indices {
      opciones.columnWidths[i + 1] = i < tabla.anchos.count ? tabla.anchos[i] : 18
    }
    opciones.pageSetup = impresion(encabezado: 1...1)
    opciones.fitsWrappedRows = true
    let hoja = try libro.addSheet(tabla.nombre, options: opciones)
    try hoja.appendRow(tabla.encabezados.map { WriteCell(.text($0), style: .header) })
    for fila in tabla.filasEscritas { try hoja.appendRow(fila) }
  }

  private static func observacion(_ e: Envio, _ h: Hallazgo) -> [WriteCell?] {
    let u = h.ubicacion
    let donde: String? = u.celda?.description ?? u.rango?.description ?? u.fila.map { "fila \($0)" }
    let severidad = h.severidad == .error ? "Error" : "Advertencia"
    return [
      t(e.remitente), t(e.archivo), t(severidad), t(h.codigo.rawValue), u.hoja.map(t), donde.map(t),
      t(Catalogo.texto(h)),
    ]
  }

  static func nombre(_ id: ComponentePAI) -> String {
    switch id {
    case .proyectos: return "Proyectos de inversión / POAI"
    case .indicadores: return "Indicadores de gestión"
    case .planIntegrado: return "Plan de acción integrado"
    case .riesgos: return "Gestión de riesgos"
    }
  }

  private static func banda(_ b: BandaCumplimiento?) -> String {
    switch b {
    case .desde100?: return "≥ 100 %"
    case .de75a100?: return "75 % a 99 %"
    case .bajo75?: return "< 75 %"
    case nil: return "No programado"
    }
  }

  private static func t(_ s: String) -> WriteCell { WriteCell(.text(s)) }
  private static func n(_ i: Int) -> WriteCell { WriteCell(.integer(Int64(i)), style: .integer) }
  /// A quantity: without decimals when it is whole (a goal of 1.800
  /// units), with two when it is not.
  static func cifra(_ d: Decimal) -> WriteCell {
    WriteCell(.number(d), style: redondear(d, decimales: 0) == d ? .integer : .decimal)
  }
  private static func pesos(_ d: Decimal) -> WriteCell { WriteCell(.number(d), style: .pesos) }
  private static func pct(_ d: Decimal) -> WriteCell { WriteCell(.number(d), style: .percent) }
  private static func pct(_ d: Decimal?) -> WriteCell? {
    d.map { WriteCell(.number($0), style: .percent) }
  }
  private static func fecha(_ f: Fecha) -> WriteCell {
    WriteCell(.date(year: f.year, month: f.month, day: f.day), style: .date)
  }
}
