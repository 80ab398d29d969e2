import Foundation
import Plan
import Reports
import Schema

/// PLAN practice: an office reports a vigencia in one workbook that grows
/// through the year. Its next template therefore starts from what the
/// planning office accepted at the vigencia's earlier cortes — identities,
/// descriptions, targets, the monthly programming, appropriations and
/// every execution already reported — so that only the new months are
/// typed, and retyping cannot break a total or a periodicity.
public enum Arrastre {
  /// What `contexto`'s workbook carries: only the data of the project,
  /// process or office it is for, and the corte it comes from (the latest
  /// among its items). Nil when the earlier cortes accepted nothing for it:
  /// the template is then blank, as without a ledger.
  ///
  /// Fields the schema marks `cadaCorte` (cumulative commitments, a
  /// risk's monitoring) are reported anew and are left out.
  public static func datos(
    _ plantilla: Plantilla, contexto: ContextoPlantilla, anterior: CorteAnterior
  ) -> (datos: DatosPlantilla, corte: Fecha)? {
    var datos = DatosPlantilla()
    var cortes: [Fecha] = []
    switch ComponentePAI(rawValue: plantilla.componente) {
    case .proyectos?:
      guard let codigo = contexto.proyecto?.codigo, let previo = anterior.proyecto(codigo: codigo)
      else { return nil }
      let p = previo.valor
      cortes.append(previo.corte)
      datos.formulario = [
        "codigo": .texto(p.codigo), "nombre": .texto(p.nombre),
        "objetivoGeneral": .texto(p.objetivoGeneral),
        "dependencia": .texto(p.dependencia),
      ]
      datos.filas["Metas"] = p.metas.map { m in
        FilaPlantilla(
          [
            "codigo": .texto(p.codigo), "objetivo": .numero(Decimal(m.objetivo)),
            "descripcionObjetivo": .texto(m.descripcionObjetivo),
            "meta": .numero(Decimal(m.numero)),
            "descripcionMeta": .texto(m.descripcion),
            "anualizacion": .texto(m.anualizacion.rawValue),
            "magnitud": .numero(m.magnitud),
          ], prog: m.programacion, ejec: m.ejecucion)
      }
      datos.filas["Presupuesto"] = p.presupuesto.map { l in
        FilaPlantilla(
          [
            "codigo": .texto(p.codigo), "fuente": .texto(l.fuente),
            "apropiacion": .numero(l.apropiacion),
            "compromisos": .numero(l.compromisos), "giros": l.giros.map(DatoPlantilla.numero),
          ].compactMapValues { $0 })
      }
    case .indicadores?:
      guard let proceso = contexto.proceso else { return nil }
      let previos = anterior.indicadores(proceso: proceso)
      cortes = previos.map(\.corte)
      datos.filas["Indicadores"] = previos.map(\.valor).map { i in
        FilaPlantilla(
          [
            "codigo": .texto(i.codigo), "nombre": .texto(i.nombre), "proceso": .texto(i.proceso),
            "dependencia": .texto(i.dependencia), "periodicidad": .texto(i.periodicidad.rawValue),
            "anualizacion": .texto(i.anualizacion.rawValue), "unidad": .texto(i.unidad.rawValue),
            "metaVigencia": .numero(i.metaVigencia),
          ], prog: i.programacion, ejec: i.ejecucion)
      }
    case .planIntegrado?:
      guard let dependencia = contexto.dependencia else { return nil }
      let previos = anterior.actividades(dependencia: dependencia)
      cortes = previos.map(\.corte)
      datos.filas["Actividades"] = previos.map(\.valor).map { a in
        FilaPlantilla(
          [
            "plan": .texto(a.plan), "codigo": .texto(a.codigo), "actividad": .texto(a.actividad),
            "dependencia": .texto(a.dependencia),
          ], prog: a.programacion, ejec: a.ejecucion)
      }
    case .riesgos?:
      guard let proceso = contexto.proceso else { return nil }
      let previos = anterior.riesgos(proceso: proceso)
      cortes = previos.map(\.corte)
      datos.filas["Riesgos"] = previos.map(\.valor).map { r in
        FilaPlantilla([
          "proceso": .texto(r.proceso), "codigo": .texto(r.codigo), "tipo": .texto(r.tipo.rawValue),
          "descripcion": .texto(r.descripcion), "zona": .texto(r.zona.rawValue),
          "periodicidad": .texto(r.periodicidad.rawValue),
          "fechaMonitoreo": .fecha(r.fechaMonitoreo),
          "programadas": .numero(Decimal(r.accionesProgramadas)),
          "ejecutadas": .numero(Decimal(r.accionesEjecutadas)),
          "materializado": .texto(r.materializado ? "Sí" : "No"),
        ])
      }
    case nil:
      return nil
    }
    guard let corte = cortes.max() else { return nil }
    return (sinLoQueSeReportaCadaCorte(datos, plantilla), corte)
  }

  private static func sinLoQueSeReportaCadaCorte(_ datos: DatosPlantilla, _ plantilla: Plantilla)
    -> DatosPlantilla
  {
    var out = datos
    for hoja in plantilla.hojas {
      let nuevos = Set(hoja.campos.filter { $0.cadaCorte == true }.map(\.id))
      guard !nuevos.isEmpty else { continue }
      if hoja.tipo == .formulario {
        out.formulario = out.formulario.filter { !nuevos.contains($0.key) }
      }
      out.filas[hoja.nombre] = out.filas[hoja.nombre]?.map { fila in
        var f = fila
        f.valores = f.valores.filter { !nuevos.contains($0.key) }
        return f
      }
    }
    return out
  }
}
