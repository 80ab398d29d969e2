import Foundation
import Ledger
import Plan
import Schema

/// The one-screen summary at the end of `pai procesar`.
public enum Resumen {
  public static func texto(
    lote: Lote, medicion m: MedicionPAI, duplicados: [ArchivoDuplicado], cobertura: Cobertura?,
    carpeta: String
  ) -> String {
    var out = "\nPlan de Acción Institucional — "
    switch ClaseCorte(m) {
    case .seguimiento: out += "corte \(Formato.fecha(m.corte.fecha))\n"
    case .riesgos: out += "seguimiento de riesgos, corte \(Formato.fecha(m.corte.fecha))\n"
    case .cierre:
      out += "cierre de la vigencia \(m.corte.vigencia), corte \(Formato.fecha(m.corte.fecha))\n"
    }
    if let cobertura, !cobertura.completa {
      out += "CORTE INCOMPLETO. \(EstadoTexto.coberturaTexto(cobertura)) Faltan:\n"
      for p in cobertura.faltantes {
        out += "  … \(p.dependencia): \(EstadoTexto.que(p))"
        if let r = p.rechazado { out += " (el envío «\(r.archivo)» fue rechazado)" }
        out += "\n"
      }
    }
    if let cobertura, cobertura.completa { out += EstadoTexto.coberturaTexto(cobertura) + "\n" }
    out += ClaseCorte(m) == .cierre ? "Avance del PAI en el año: " : "Avance del PAI: "
    out += m.pai.map(Formato.porcentaje) ?? "sin medir"
    if ClaseCorte(m) == .riesgos { out += " (solo gestión de riesgos)" }
    if let cobertura, !cobertura.completa { out += " (parcial)" }
    out += "\n"
    let nombres: [ComponentePAI: String] = [
      .proyectos: "Proyectos de inversión", .indicadores: "Indicadores de gestión",
      .planIntegrado: "Plan de acción integrado", .riesgos: "Gestión de riesgos",
    ]
    for c in m.componentes {
      let valor =
        c.valor.map(Formato.porcentaje)
        ?? ("no se mide" + (c.motivo.map { ": " + Textos.motivo($0) } ?? ""))
      out += "  \(nombres[c.id] ?? c.id.rawValue): \(valor)"
      if let cobertura, cobertura.completo(c.id) == false {
        out += " (" + EstadoTexto.parcial(cobertura, c.id) + ")"
      }
      out += "\n"
    }
    out +=
      "\nEnvíos: \(lote.envios.count) recibidos, \(lote.aceptados) aceptados, \(lote.rechazados) rechazados"
    out += ", \(lote.reemplazadoPor.count) reemplazados, \(duplicados.count) duplicados.\n"
    for e in lote.envios where !e.informe.aceptado {
      let primero = e.informe.hallazgos.first { $0.severidad == .error }.map(Catalogo.mensaje) ?? ""
      out += "  ✗ \(e.remitente)/\(e.archivo): \(primero)\n"
    }
    out += "Resultados en \(carpeta)\n"
    return out
  }
}
