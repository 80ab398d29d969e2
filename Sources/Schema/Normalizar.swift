import Foundation
import Plan
import XLSX

/// Turns a valid submission's records into plan types, and tells each
/// record's identity for the cross-file rules.
struct Normalizador {
  let plantilla: Plantilla
  let hojas: [String: HojaLeida]
  let archivo: String

  private func registros(_ hoja: String) -> [Registro] { hojas[hoja]?.registros ?? [] }

  /// The dependencia the workbook names of itself.
  var dependencia: String? {
    for hoja in plantilla.hojas {
      if let d = registros(hoja.nombre).lazy.compactMap({ $0.texto("dependencia") }).first {
        return d
      }
    }
    return nil
  }

  func identidades() -> [(clave: String, ubicacion: Ubicacion)] {
    // Projects are identified by the whole workbook's code (the form).
    guard
      let principal = plantilla.hojas.first(where: { $0.tipo == .formulario })
        ?? plantilla.hojas.first
    else { return [] }
    return registros(principal.nombre).compactMap { r in
      let partes = plantilla.identidad.compactMap { r.valores[$0].map(describir) }
      guard partes.count == plantilla.identidad.count else { return nil }
      let id = plantilla.identidad[0]
      return (
        claveIdentidad(plantilla.id, partes),
        Ubicacion(archivo: archivo, hoja: hojas[principal.nombre]?.nombre, celda: r.celda(id))
      )
    }
  }

  func contenido() -> Contenido? {
    switch plantilla.id {
    case "proyecto": return proyecto().map { .proyecto($0) }
    case "indicadores": return .indicadores(registros("Indicadores").compactMap(indicador))
    case "actividades": return .actividades(registros("Actividades").compactMap(actividad))
    case "riesgos": return .riesgos(registros("Riesgos").compactMap(riesgo))
    default: return nil
    }
  }

  private func proyecto() -> Proyecto? {
    guard let f = registros("Proyecto").first, let codigo = f.texto("codigo") else { return nil }
    let metas = registros("Metas").compactMap { r -> Meta? in
      guard let objetivo = r.numero("objetivo"), let numero = r.numero("meta"),
        let anualizacion = r.texto("anualizacion").flatMap(Anualizacion.init(rawValue:)),
        let magnitud = r.numero("magnitud")
      else { return nil }
      return Meta(
        objetivo: entero(objetivo), descripcionObjetivo: r.texto("descripcionObjetivo") ?? "",
        numero: entero(numero), descripcion: r.texto("descripcionMeta") ?? "",
        anualizacion: anualizacion, magnitud: magnitud, programacion: r.prog, ejecucion: r.ejec)
    }
    let presupuesto = registros("Presupuesto").compactMap { r -> LineaPresupuesto? in
      guard let apropiacion = r.numero("apropiacion"), let compromisos = r.numero("compromisos")
      else { return nil }
      return LineaPresupuesto(
        fuente: r.texto("fuente") ?? "", apropiacion: apropiacion, compromisos: compromisos,
        giros: r.numero("giros"))
    }
    return Proyecto(
      codigo: codigo, nombre: f.texto("nombre") ?? "",
      objetivoGeneral: f.texto("objetivoGeneral") ?? "",
      dependencia: f.texto("dependencia") ?? "", metas: metas, presupuesto: presupuesto)
  }

  private func indicador(_ r: Registro) -> Indicador? {
    guard let codigo = r.texto("codigo"),
      let periodicidad = r.texto("periodicidad").flatMap(Periodicidad.init(rawValue:)),
      let anualizacion = r.texto("anualizacion").flatMap(Anualizacion.init(rawValue:)),
      let unidad = r.texto("unidad").flatMap(UnidadMedida.init(rawValue:)),
      let meta = r.numero("metaVigencia")
    else { return nil }
    return Indicador(
      codigo: codigo, nombre: r.texto("nombre") ?? "", proceso: r.texto("proceso") ?? "",
      dependencia: r.texto("dependencia") ?? "", periodicidad: periodicidad,
      anualizacion: anualizacion, unidad: unidad, metaVigencia: meta, programacion: r.prog,
      ejecucion: r.ejec)
  }

  private func actividad(_ r: Registro) -> Actividad? {
    guard let codigo = r.texto("codigo") else { return nil }
    return Actividad(
      plan: r.texto("plan") ?? "", codigo: codigo, actividad: r.texto("actividad") ?? "",
      dependencia: r.texto("dependencia") ?? "", programacion: r.prog, ejecucion: r.ejec)
  }

  private func riesgo(_ r: Registro) -> Riesgo? {
    guard let codigo = r.texto("codigo"),
      let tipo = r.texto("tipo").flatMap(TipoRiesgo.init(rawValue:)),
      let zona = r.texto("zona").flatMap(ZonaRiesgo.init(rawValue:)),
      let periodicidad = r.texto("periodicidad").flatMap(Periodicidad.init(rawValue:)),
      let fecha = r.fecha("fechaMonitoreo"), let programadas = r.numero("programadas"),
      let ejecutadas = r.numero("ejecutadas")
    else { return nil }
    return Riesgo(
      proceso: r.texto("proceso") ?? "", codigo: codigo, tipo: tipo,
      descripcion: r.texto("descripcion") ?? "", zona: zona, periodicidad: periodicidad,
      fechaMonitoreo: fecha, accionesProgramadas: entero(programadas),
      accionesEjecutadas: entero(ejecutadas), materializado: r.texto("materializado") == "Sí")
  }

  private func entero(_ d: Decimal) -> Int { NSDecimalNumber(decimal: d).intValue }
}
