import Foundation
import Ledger
import Plan
import Schema
import XLSX

/// `pai estado`: per office and component, what arrived, what was accepted
/// or rejected and why, and what is still missing — in Spanish.
public enum EstadoTexto {
  static let componentes: [ComponentePAI: String] = [
    .proyectos: "Proyectos de inversión", .indicadores: "Indicadores de gestión",
    .planIntegrado: "Plan de acción integrado", .riesgos: "Gestión de riesgos",
  ]

  public static func nombre(_ c: ComponentePAI?) -> String {
    c.flatMap { componentes[$0] } ?? "Sin plantilla reconocida"
  }

  public static func situacion(_ e: EnvioEstado) -> String {
    switch e.situacion {
    case .aceptado: return "aceptado"
    case .reemplazado: return "aceptado, reemplazado por una corrección"
    case .rechazado: return "rechazado"
    case .duplicado: return "duplicado de «\(e.igualA ?? "")», no cuenta"
    }
  }

  public static func que(_ p: Pendiente) -> String {
    switch p.que {
    case .proyecto(let codigo, let nombre): return "proyecto \(codigo) – \(nombre)"
    case .indicadores(let proceso): return "indicadores del proceso \(proceso)"
    case .riesgos(let proceso): return "monitoreo de riesgos del proceso \(proceso)"
    case .planIntegrado: return "actividades del plan de acción integrado"
    }
  }

  public static func texto(_ e: EstadoCorte) -> String {
    var out = "Estado de los envíos — corte \(Formato.fecha(e.corte))\n"
    let pendientes = e.pendientes
    out += "\(e.recibidos) archivo(s) recibido(s); \(pendientes.count) envío(s) pendiente(s).\n"
    for d in e.dependencias {
      out += "\n\(d.nombre ?? d.carpeta)"
      out += d.nombre == nil ? " (no está en el catálogo)\n" : " [\(d.carpeta)]\n"
      for c in d.componentes {
        out += "  \(nombre(c.componente))\n"
        for r in c.recibidos {
          let marca = r.situacion == .rechazado ? "✗" : (r.situacion == .duplicado ? "=" : "✓")
          out += "    \(marca) \(r.archivo): \(situacion(r))"
          if let h = r.primerError { out += " — \(Catalogo.mensaje(h))" }
          out += "\n"
        }
        for p in c.faltantes {
          out += "    … falta: \(que(p))"
          if let r = p.rechazado { out += " (el envío «\(r.archivo)» fue rechazado)" }
          out += "\n"
        }
      }
    }
    if !pendientes.isEmpty {
      out += "\nPendientes por dependencia:\n"
      var previa = ""
      for p in pendientes {
        if p.carpeta != previa {
          out += "  \(p.dependencia):\n"
          previa = p.carpeta
        }
        out += "    - \(que(p))\n"
      }
    } else {
      out += "\nNo falta ningún envío del catálogo.\n"
    }
    return out
  }

  /// The same as data, for programs (`pai estado --json`).
  public static func json(_ e: EstadoCorte) -> JSONValor {
    func pendiente(_ p: Pendiente) -> JSONValor {
      .objeto([
        ("carpeta", .texto(p.carpeta)), ("dependencia", .texto(p.dependencia)),
        ("componente", .texto(p.componente.rawValue)), ("que", .texto(que(p))),
        ("rechazado", p.rechazado.map { .texto($0.archivo) } ?? .null),
      ])
    }
    return .objeto([
      ("corte", .texto(e.corte.iso)),
      (
        "dependencias",
        .lista(
          e.dependencias.map { d in
            .objeto([
              ("carpeta", .texto(d.carpeta)), ("nombre", d.nombre.map { .texto($0) } ?? .null),
              (
                "componentes",
                .lista(
                  d.componentes.map { c in
                    .objeto([
                      ("componente", c.componente.map { .texto($0.rawValue) } ?? .null),
                      (
                        "recibidos",
                        .lista(
                          c.recibidos.map { r in
                            .objeto([
                              ("archivo", .texto(r.archivo)), ("estado", .texto(r.situacion.rawValue)),
                              ("primer_error", r.primerError.map { .texto(Catalogo.mensaje($0)) } ?? .null),
                              ("igual_a", r.igualA.map { .texto($0) } ?? .null),
                            ])
                          })
                      ),
                      ("faltantes", .lista(c.faltantes.map(pendiente))),
                    ])
                  })
              ),
            ])
          })
      ),
      ("pendientes", .lista(e.pendientes.map(pendiente))),
    ])
  }
}

extension EstadoTexto {
  /// The `Pendientes` sheet of `consolidado.xlsx`: one row per item the
  /// catalogue expects that has not arrived accepted.
  public static func hojaPendientes(_ e: EstadoCorte) -> HojaTabla {
    let filas = e.pendientes.map { p -> [WriteCell?] in
      let situacion: String
      if let r = p.rechazado {
        situacion = "Rechazado: «\(r.archivo)»" + (r.primerError.map { " — " + Catalogo.mensaje($0) } ?? "")
      } else {
        situacion = "No ha llegado"
      }
      return [
        WriteCell(.text(p.dependencia)), WriteCell(.text(p.carpeta)), WriteCell(.text(nombre(p.componente))),
        WriteCell(.text(que(p))), WriteCell(.text(situacion)),
      ]
    }
    return HojaTabla(
      "Pendientes", ["Dependencia", "Carpeta", "Componente", "Qué falta", "Situación"],
      anchos: [30, 24, 24, 40, 50], envolver: [0, 1, 2, 3, 4], vacia: "Sin pendientes", filas)
  }
}
