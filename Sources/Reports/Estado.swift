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

/// `estado.json` and `pai estado --json`: per office and component, what
/// arrived and what became of it, what is missing, and the corte's
/// coverage, as data for programs.
public struct EstadoV1: DocumentoJSON, Sendable {
  public var corte: String
  public var dependencias: [DependenciaEstadoV1]
  public var pendientes: [PendienteV1]
  public var cobertura: CoberturaV1

  public init(_ e: EstadoCorte) {
    corte = e.corte.iso
    dependencias = e.dependencias.map(DependenciaEstadoV1.init)
    pendientes = e.pendientes.map(PendienteV1.init)
    cobertura = CoberturaV1(e.cobertura)
  }
}

/// One office: its folder, its name in the catalogue (null when the
/// catalogue does not have it) and its components.
public struct DependenciaEstadoV1: Encodable, Sendable {
  public var carpeta: String
  @Nulo public var nombre: String?
  public var componentes: [ComponenteEstadoV1]

  init(_ d: EstadoDependencia) {
    carpeta = d.carpeta
    nombre = d.nombre
    componentes = d.componentes.map(ComponenteEstadoV1.init)
  }
}

/// One component of an office; null for files no template recognised.
public struct ComponenteEstadoV1: Encodable, Sendable {
  @Nulo public var componente: String?
  public var recibidos: [RecibidoV1]
  public var faltantes: [PendienteV1]

  init(_ c: EstadoComponente) {
    componente = c.componente?.rawValue
    recibidos = c.recibidos.map(RecibidoV1.init)
    faltantes = c.faltantes.map(PendienteV1.init)
  }
}

/// One received file and its fate, in the words of `pai estado`.
public struct RecibidoV1: Encodable, Sendable {
  public var archivo: String
  /// `aceptado`, `reemplazado`, `rechazado` or `duplicado`.
  public var estado: String
  @Nulo public var primerError: String?
  @Nulo public var igualA: String?
  @Nulo public var reemplaza: String?
  @Nulo public var reemplazadoPor: String?
  public var situacion: String
  public var avisos: [String]

  enum CodingKeys: String, CodingKey {
    case archivo, estado
    case primerError = "primer_error"
    case igualA = "igual_a"
    case reemplaza
    case reemplazadoPor = "reemplazado_por"
    case situacion, avisos
  }

  init(_ r: EnvioEstado) {
    archivo = r.archivo
    estado = r.situacion.rawValue
    primerError = r.primerError.map(Catalogo.mensaje)
    igualA = r.igualA
    reemplaza = r.reemplaza
    reemplazadoPor = r.reemplazadoPor
    situacion = EstadoTexto.situacion(r)
    avisos = r.avisos.map(Catalogo.mensaje)
  }
}

/// One missing item as data, as `estado.json` and the portal show it.
public struct PendienteV1: Encodable, Sendable {
  public var carpeta: String
  public var dependencia: String
  public var componente: String
  /// What is missing, in words.
  public var que: String
  /// The office's latest rejected file for it, if one came.
  @Nulo public var rechazado: String?

  public init(_ p: Pendiente) {
    carpeta = p.carpeta
    dependencia = p.dependencia
    componente = p.componente.rawValue
    que = EstadoTexto.que(p)
    rechazado = p.rechazado?.archivo
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
