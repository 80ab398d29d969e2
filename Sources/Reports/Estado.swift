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
    case .aceptado, .reemplazado, .rechazado:
      return situacion(
        e.archivo, aceptado: e.situacion != .rechazado, reemplaza: e.reemplaza,
        reemplazadoPor: e.reemplazadoPor)
    case .duplicado: return "duplicado de «\(e.igualA ?? "")», no cuenta"
    }
  }

  /// The words for a file's fate, the same in `pai estado` and in the
  /// file's own report: a correction names the file it replaces, a
  /// replaced file the correction that replaced it, so that nobody reads
  /// which of the two stands the wrong way round.
  /// A correction sent under the same name as the file it replaces is
  /// told apart by when it came, not by a name that reads the same twice.
  public static func situacion(
    _ archivo: String, aceptado: Bool, reemplaza: String?, reemplazadoPor: String?
  ) -> String {
    guard aceptado else { return "rechazado" }
    var partes: [String] = []
    if let reemplaza {
      partes.append(
        reemplaza == archivo
          ? "corrección (reemplaza a un envío anterior con el mismo nombre)"
          : "corrección (reemplaza a «\(reemplaza)»)")
    }
    if let reemplazadoPor {
      partes.append(
        reemplazadoPor == archivo
          ? "reemplazado por una corrección posterior con el mismo nombre"
          : "reemplazado por «\(reemplazadoPor)»")
    }
    return partes.isEmpty ? "aceptado" : "aceptado, " + partes.joined(separator: "; ")
  }

  /// The same, for the submission at `i` of a resolved corte.
  public static func situacion(_ lote: Lote, _ i: Int) -> String {
    situacion(
      lote.envios[i].archivo, aceptado: lote.envios[i].informe.aceptado,
      reemplaza: lote.reemplaza[i].map { lote.envios[$0].archivo },
      reemplazadoPor: lote.reemplazadoPor[i].map { lote.envios[$0].archivo })
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
    out += coberturaTexto(e.cobertura) + "\n"
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
          for h in r.avisos { out += "      ⚠ \(Catalogo.mensaje(h))\n" }
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

  static func recibido(_ r: EnvioEstado) -> JSONValor {
    let opcional: (String?) -> JSONValor = { $0.map { .texto($0) } ?? .null }
    return .objeto([
      ("archivo", .texto(r.archivo)), ("estado", .texto(r.situacion.rawValue)),
      ("primer_error", opcional(r.primerError.map(Catalogo.mensaje))),
      ("igual_a", opcional(r.igualA)),
      ("reemplaza", opcional(r.reemplaza)),
      ("reemplazado_por", opcional(r.reemplazadoPor)),
      ("situacion", .texto(situacion(r))),
      ("avisos", .lista(r.avisos.map { .texto(Catalogo.mensaje($0)) })),
    ])
  }

  /// The same as data, for programs (`pai estado --json`).
  /// One missing item as data, as `estado.json` and the portal show it.
  public static func pendienteJSON(_ p: Pendiente) -> JSONValor {
    .objeto([
      ("carpeta", .texto(p.carpeta)), ("dependencia", .texto(p.dependencia)),
      ("componente", .texto(p.componente.rawValue)), ("que", .texto(que(p))),
      ("rechazado", p.rechazado.map { .texto($0.archivo) } ?? .null),
    ])
  }

  public static func json(_ e: EstadoCorte) -> JSONValor {
    let pendiente = pendienteJSON
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
                          c.recibidos.map(recibido))
                      ),
                      ("faltantes", .lista(c.faltantes.map(pendiente))),
                    ])
                  })
              ),
            ])
          })
      ),
      ("pendientes", .lista(e.pendientes.map(pendiente))),
      ("cobertura", ConsolidadoV1.cobertura(e.cobertura)),
    ])
  }

  /// «parcial: falta 1 de 7 reportes esperados», for one component.
  public static func parcial(_ c: Cobertura, _ componente: ComponentePAI) -> String {
    "parcial: "
      + faltan(c.faltantes(componente).count, de: c.esperadosPorComponente[componente] ?? 0)
  }

  /// «falta 1 de 7 reportes esperados», «faltan 2 de 19 reportes esperados».
  static func faltan(_ n: Int, de: Int) -> String {
    "falta\(n == 1 ? "" : "n") \(n) de \(de) reporte\(de == 1 ? "" : "s") esperado\(de == 1 ? "" : "s")"
  }

  /// «Cifras parciales: faltan 2 de 19 reportes esperados» or «Cifras
  /// completas: llegaron los 19 reportes esperados».
  public static func coberturaTexto(_ c: Cobertura) -> String {
    if c.completa {
      return "Cifras completas: se aceptaron los \(c.esperados) reportes esperados en este corte."
    }
    return "Cifras parciales: " + faltan(c.faltantes.count, de: c.esperados) + "."
  }
}

extension EstadoTexto {
  /// The `Pendientes` sheet of `consolidado.xlsx`: one row per item the
  /// catalogue expects that has not arrived accepted.
  public static func hojaPendientes(_ e: EstadoCorte) -> HojaTabla {
    let filas = e.pendientes.map { p -> [WriteCell?] in
      let situacion: String
      if let r = p.rechazado {
        situacion =
          "Rechazado: «\(r.archivo)»" + (r.primerError.map { " — " + Catalogo.mensaje($0) } ?? "")
      } else {
        situacion = "No ha llegado"
      }
      return [
        WriteCell(.text(p.dependencia)), WriteCell(.text(p.carpeta)),
        WriteCell(.text(nombre(p.componente))),
        WriteCell(.text(que(p))), WriteCell(.text(situacion)),
      ]
    }
    return HojaTabla(
      "Pendientes", ["Dependencia", "Carpeta", "Componente", "Qué falta", "Situación"],
      anchos: [30, 24, 24, 40, 50], envolver: [0, 1, 2, 3, 4], vacia: "Sin pendientes", filas)
  }
}
