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
public enum ConsolidadoXLSX {
  public static func escribir(
    _ m: MedicionPAI, lote: Lote, duplicados: [ArchivoDuplicado], cobertura: Cobertura? = nil,
    en ruta: String,
    hojasExtra: [(nombre: String, encabezados: [String], filas: [[WriteCell?]])] = []
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
    try tabla(
      libro, "Proyectos",
      ["Código", "Proyecto", "Objetivo general", "Dependencia", "Ejecución", "Avance",
       "Programación presupuestal", "Ejecución presupuestal", "Giros", "Avance presupuestal"],
      anchos: [10, 50, 50, 36, 12, 12, 22, 22, 20, 14],
      m.proyectos.map { p in
        [t(p.codigo), t(p.nombre), t(p.objetivoGeneral), t(p.dependencia), pct(p.ejecucion), pct(p.avance),
         pesos(p.presupuesto.programacion), pesos(p.presupuesto.ejecucion), p.presupuesto.giros.map(pesos) ?? nil,
         pct(p.presupuesto.avance)]
      })
    try tabla(
      libro, "Objetivos",
      ["Proyecto", "Objetivo específico", "Descripción", "Programación", "Cumplimiento al corte", "Avance al corte"],
      anchos: [10, 10, 70, 14, 14, 14],
      m.proyectos.flatMap { p in
        p.objetivos.map { o in
          [t(p.codigo), n(o.numero), t(o.descripcion), pct(o.programacion), pct(o.cumplimiento), pct(o.avance)]
        }
      })
    try tabla(
      libro, "Metas",
      ["Proyecto", "Objetivo específico", "Meta", "Descripción", "Tipo de anualización", "Magnitud vigencia",
       "Programado al corte", "Ejecutado al corte", "Cumplimiento al corte", "Avance al corte"],
      anchos: [10, 10, 8, 60, 14, 14, 14, 14, 14, 14],
      m.proyectos.flatMap { p in
        p.objetivos.flatMap { o in
          o.metas.map { x in
            [t(p.codigo), n(o.numero), n(x.numero), t(x.descripcion), t(x.anualizacion.rawValue),
             dec(x.magnitud), dec(x.programado), dec(x.ejecutado), pct(x.cumplimiento), pct(x.avance)]
          }
        }
      })
    try tabla(
      libro, "Presupuesto",
      ["Proyecto", "Fuente de financiación", "Apropiación vigente", "Compromisos acumulados", "Giros acumulados",
       "Avance presupuestal"],
      anchos: [10, 36, 22, 22, 22, 14],
      m.proyectos.flatMap { p in
        p.presupuesto.fuentes.map { f in
          [t(p.codigo), t(f.fuente), pesos(f.apropiacion), pesos(f.compromisos), f.giros.map(pesos) ?? nil,
           f.apropiacion > 0 ? pct(f.compromisos / f.apropiacion) : nil]
        }
      })
    try tabla(
      libro, "Indicadores",
      ["Código", "Indicador", "Proceso", "Dependencia", "Periodicidad", "Tipo de anualización", "Unidad",
       "Meta vigencia", "Programado al periodo", "Valor programado", "Valor ejecutado", "Cumplimiento", "Banda"],
      anchos: [10, 60, 30, 30, 14, 14, 12, 14, 12, 14, 14, 14, 16],
      m.indicadores.items.map { i in
        let porcentual = i.unidad == .porcentaje
        let valor: (Decimal?) -> WriteCell? = { v in v.map { porcentual ? pct($0) : dec($0) } ?? nil }
        return [
          t(i.codigo), t(i.nombre), t(i.proceso), t(i.dependencia), t(i.periodicidad.rawValue),
          t(i.anualizacion.rawValue), t(i.unidad.rawValue), valor(i.metaVigencia), t(i.programado ? "Sí" : "No"),
          valor(i.valorProgramado), valor(i.valorEjecutado), pct(i.cumplimiento), t(banda(i.banda)),
        ]
      })
    try tabla(
      libro, "Plan integrado",
      ["Código", "Actividad", "Plan institucional", "Dependencia", "Programada al periodo", "Programado",
       "Ejecutado", "Cumplimiento"],
      anchos: [10, 60, 50, 30, 12, 12, 12, 14],
      m.planIntegrado.items.map { a in
        [t(a.codigo), t(a.actividad), t(a.plan), t(a.dependencia), t(a.programada ? "Sí" : "No"), pct(a.programado),
         pct(a.ejecutado), pct(a.cumplimiento)]
      })
    try tabla(
      libro, "Riesgos",
      ["Código", "Proceso", "Tipo", "Descripción", "Zona residual", "Periodicidad", "Fecha de monitoreo",
       "Acciones programadas", "Acciones ejecutadas", "¿Se materializó?"],
      anchos: [10, 30, 12, 60, 12, 14, 14, 12, 12, 12],
      m.riesgos.items.map { r in
        [t(r.codigo), t(r.proceso), t(r.tipo.rawValue), t(r.descripcion), t(r.zona.rawValue),
         t(r.periodicidad.rawValue), fecha(r.fechaMonitoreo), n(r.accionesProgramadas), n(r.accionesEjecutadas),
         t(r.materializado ? "Sí" : "No")]
      })
    for extra in hojasExtra {
      try tabla(libro, extra.nombre, extra.encabezados, anchos: [], extra.filas)
    }
    try tabla(
      libro, "Observaciones",
      ["Remitente", "Archivo", "Severidad", "Código", "Hoja", "Celda o rango", "Mensaje"],
      anchos: [28, 40, 12, 26, 16, 14, 100],
      lote.envios.flatMap { e in e.informe.hallazgos.map { observacion(e, $0) } })
    try libro.close()
  }

  private static func resumen(
    _ libro: WorkbookWriter, _ m: MedicionPAI, lote: Lote, duplicados: [ArchivoDuplicado],
    cobertura: Cobertura?
  ) throws {
    var opciones = SheetOptions()
    opciones.columnWidths = [1: 34, 2: 14, 3: 14, 4: 14, 5: 14, 6: 70]
    let hoja = try libro.addSheet("Resumen", options: opciones)
    try hoja.appendRow([WriteCell(.text("Plan de Acción Institucional"), style: .title)])
    try hoja.appendRow([t("Seguimiento a \(Textos.fechaLarga(m.corte.fecha))")])
    if let cobertura {
      // Before any figure: an incomplete corte must not read as a whole one.
      try hoja.appendRow([
        WriteCell(.text(EstadoTexto.coberturaTexto(cobertura)), style: cobertura.completa ? .header : .title)
      ])
      if !cobertura.completa {
        try hoja.appendRow([t("Las cifras cubren solo los reportes aceptados. Faltan (ver la hoja Pendientes):")])
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
      ["Componente", "Medido", "Valor", "Reportes esperados", "Reportes aceptados", "Observación"].map {
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
        esperados.map { n($0 - faltan) }, observacion.isEmpty ? nil : t(observacion),
      ])
    }
    try hoja.appendRow([])
    try hoja.appendRow(["Envíos por componente", "Recibidos", "Aceptados", "Rechazados"].map { WriteCell(.text($0), style: .header) })
    for id in ComponentePAI.allCases {
      let envios = lote.envios.filter { $0.informe.componente == id.rawValue }
      try hoja.appendRow([
        t(nombre(id)), n(envios.count), n(envios.filter(\.informe.aceptado).count),
        n(envios.filter { !$0.informe.aceptado }.count),
      ])
    }
    let sinPlantilla = lote.envios.filter { $0.informe.componente == nil }
    try hoja.appendRow([t("Sin plantilla reconocida"), n(sinPlantilla.count), n(0), n(sinPlantilla.count)])
    try hoja.appendRow([
      WriteCell(.text("Total"), style: .header), n(lote.envios.count), n(lote.aceptados), n(lote.rechazados),
    ])
    try hoja.appendRow([t("Reemplazados por una corrección"), n(lote.reemplazados.count)])
    try hoja.appendRow([t("Duplicados (mismo contenido)"), n(duplicados.count)])
  }

  private static func tabla(
    _ libro: WorkbookWriter, _ nombre: String, _ encabezados: [String], anchos: [Double],
    _ filas: [[WriteCell?]]
  ) throws {
    var opciones = SheetOptions()
    opciones.frozenRows = 1
    opciones.autoFilter = true
    for i in encabezados.indices {
      opciones.columnWidths[i + 1] = i < anchos.count ? anchos[i] : 18
    }
    let hoja = try libro.addSheet(nombre, options: opciones)
    try hoja.appendRow(encabezados.map { WriteCell(.text($0), style: .header) })
    for fila in filas { try hoja.appendRow(fila) }
  }

  private static func observacion(_ e: Envio, _ h: Hallazgo) -> [WriteCell?] {
    let u = h.ubicacion
    let donde: String? = u.celda?.description ?? u.rango?.description ?? u.fila.map { "fila \($0)" }
    let severidad = h.severidad == .error ? "Error" : "Advertencia"
    return [
      t(e.remitente), t(e.archivo), t(severidad), t(h.codigo.rawValue), u.hoja.map(t), donde.map(t), t(Catalogo.texto(h)),
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
  private static func dec(_ d: Decimal) -> WriteCell { WriteCell(.number(d), style: .decimal) }
  private static func pesos(_ d: Decimal) -> WriteCell { WriteCell(.number(d), style: .pesos) }
  private static func pct(_ d: Decimal) -> WriteCell { WriteCell(.number(d), style: .percent) }
  private static func pct(_ d: Decimal?) -> WriteCell? { d.map { WriteCell(.number($0), style: .percent) } }
  private static func fecha(_ f: Fecha) -> WriteCell {
    WriteCell(.date(year: f.year, month: f.month, day: f.day), style: .date)
  }
}
