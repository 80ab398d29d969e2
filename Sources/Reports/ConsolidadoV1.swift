import Foundation
import Ledger
import Plan
import Schema

/// `consolidado.json`, version 1: the contract offices script against
/// (PLAN, "the stable part"). Keys may be added, none renamed; ratios are
/// unrounded fractions, money is pesos, codes are strings.
public enum ConsolidadoV1 {
  public static let version = 1

  /// - Parameter cobertura: what the catalogue expects and what is
  ///   missing; nil without a catalogue (then `cobertura` and every
  ///   `completo` are null: nothing says the corte is complete).
  /// - Parameter historial: the cortes of the vigencia up to this one,
  ///   oldest first, this one included (`historial`).
  public static func json(
    _ m: MedicionPAI, lote: Lote, duplicados: [ArchivoDuplicado], cobertura: Cobertura?,
    historial: [CorteHistorial] = []
  ) -> JSONValor {
    .objeto([
      ("version", .entero(version)),
      ("vigencia", .entero(m.corte.vigencia)),
      ("corte", .texto(m.corte.fecha.iso)),
      ("pai", .objeto([("avance", .opcional(m.pai))])),
      (
        "componentes",
        .lista(m.componentes.map { componente($0, completo: cobertura?.completo($0.id)) })
      ),
      ("cobertura", cobertura.map(Self.cobertura) ?? .null),
      ("proyectos", .lista(m.proyectos.map(proyecto))),
      ("indicadores", indicadores(m.indicadores)),
      ("plan_integrado", planIntegrado(m.planIntegrado)),
      ("riesgos", riesgos(m.riesgos)),
      ("envios", envios(lote, duplicados: duplicados)),
      ("historial", Evolucion.json(historial)),
    ])
  }

  static func componente(_ c: MedicionComponente, completo: Bool?) -> JSONValor {
    var campos: [(String, JSONValor)] = [
      ("id", .texto(c.id.rawValue)), ("medido", .bool(c.medido)),
    ]
    if let v = c.valor { campos.append(("valor", .numero(v))) }
    if let motivo = c.motivo { campos.append(("motivo", .texto(Textos.motivo(motivo)))) }
    campos.append(("completo", completo.map { .bool($0) } ?? .null))
    return .objeto(campos)
  }

  /// Catalogue items, not files: `esperados` counts only the components
  /// measured at the corte.
  public static func cobertura(_ c: Cobertura) -> JSONValor {
    .objeto([
      ("esperados", .entero(c.esperados)),
      ("aceptados", .entero(c.aceptados)),
      (
        "faltantes",
        .lista(
          c.faltantes.map { p in
            .objeto([
              ("componente", .texto(p.componente.rawValue)), ("elemento", .texto(p.elemento)),
              ("nombre", .texto(p.nombre)), ("dependencia", .texto(p.dependencia)),
              ("carpeta", .texto(p.carpeta)),
              ("rechazado", p.rechazado.map { .texto($0.archivo) } ?? .null),
            ])
          })
      ),
    ])
  }

  static func proyecto(_ p: MedicionProyecto) -> JSONValor {
    .objeto([
      ("codigo", .texto(p.codigo)), ("nombre", .texto(p.nombre)),
      ("objetivo_general", .texto(p.objetivoGeneral)), ("dependencia", .texto(p.dependencia)),
      ("ejecucion", .opcional(p.ejecucion)), ("avance", .opcional(p.avance)),
      (
        "objetivos",
        .lista(
          p.objetivos.map { o in
            .objeto([
              ("numero", .entero(o.numero)), ("descripcion", .texto(o.descripcion)),
              ("programacion", .numero(o.programacion)),
              ("cumplimiento", .opcional(o.cumplimiento)),
              ("avance", .opcional(o.avance)),
              (
                "metas",
                .lista(
                  o.metas.map { m in
                    .objeto([
                      ("numero", .entero(m.numero)), ("descripcion", .texto(m.descripcion)),
                      ("anualizacion", .texto(m.anualizacion.rawValue)),
                      ("magnitud", .numero(m.magnitud)),
                      ("programado", .numero(m.programado)), ("ejecutado", .numero(m.ejecutado)),
                      ("cumplimiento", .opcional(m.cumplimiento)), ("avance", .opcional(m.avance)),
                    ])
                  })
              ),
            ])
          })
      ),
      (
        "presupuesto",
        .objeto([
          ("programacion", .numero(p.presupuesto.programacion)),
          ("ejecucion", .numero(p.presupuesto.ejecucion)),
          ("giros", .opcional(p.presupuesto.giros)),
          ("avance", .opcional(p.presupuesto.avance)),
        ])
      ),
    ])
  }

  static func indicadores(_ i: MedicionIndicadores) -> JSONValor {
    .objeto([
      ("total", .entero(i.total)), ("programados", .entero(i.programados)),
      (
        "bandas",
        .objeto([
          ("desde_100", .entero(i.bandas.desde100)), ("de_75_a_100", .entero(i.bandas.de75a100)),
          ("bajo_75", .entero(i.bandas.bajo75)),
        ])
      ),
      ("valor", .opcional(i.valor)),
      (
        "items",
        .lista(
          i.items.map { x in
            .objeto([
              ("codigo", .texto(x.codigo)), ("nombre", .texto(x.nombre)),
              ("proceso", .texto(x.proceso)),
              ("dependencia", .texto(x.dependencia)),
              ("periodicidad", .texto(x.periodicidad.rawValue)),
              ("anualizacion", .texto(x.anualizacion.rawValue)),
              ("unidad", .texto(x.unidad.rawValue)),
              ("meta_vigencia", .numero(x.metaVigencia)), ("programado", .bool(x.programado)),
              ("valor_programado", .opcional(x.valorProgramado)),
              ("valor_ejecutado", .opcional(x.valorEjecutado)),
              ("cumplimiento", .opcional(x.cumplimiento)),
              ("banda", .opcional(x.banda?.rawValue)),
            ])
          })
      ),
    ])
  }

  static func planIntegrado(_ p: MedicionPlanIntegrado) -> JSONValor {
    .objeto([
      ("total", .entero(p.total)), ("programadas", .entero(p.programadas)),
      ("valor", .opcional(p.valor)),
      (
        "items",
        .lista(
          p.items.map { a in
            .objeto([
              ("codigo", .texto(a.codigo)), ("actividad", .texto(a.actividad)),
              ("plan", .texto(a.plan)),
              ("dependencia", .texto(a.dependencia)), ("programada", .bool(a.programada)),
              ("programado", .numero(a.programado)), ("ejecutado", .numero(a.ejecutado)),
              ("cumplimiento", .opcional(a.cumplimiento)),
            ])
          })
      ),
    ])
  }

  static func riesgos(_ r: MedicionRiesgos) -> JSONValor {
    var campos: [(String, JSONValor)] = [("medido", .bool(r.medido))]
    if let motivo = r.motivo { campos.append(("motivo", .texto(Textos.motivo(motivo)))) }
    campos += [
      ("proximo_seguimiento", .opcional(r.proximoSeguimiento?.iso)),
      ("valor", .opcional(r.valor)),
      ("acciones_programadas", .entero(r.accionesProgramadas)),
      ("acciones_ejecutadas", .entero(r.accionesEjecutadas)),
      ("riesgos", .entero(r.riesgos)),
      ("por_zona", .objeto(ZonaRiesgo.allCases.map { ($0.rawValue, .entero(r.porZona[$0] ?? 0)) })),
      ("por_tipo", .objeto(TipoRiesgo.allCases.map { ($0.rawValue, .entero(r.porTipo[$0] ?? 0)) })),
      ("materializados", .lista(r.materializados.map { .texto($0) })),
      (
        "monitoreos_faltantes",
        .lista(
          r.monitoreosFaltantes.map { f in
            .objeto([
              ("codigo", .texto(f.codigo)), ("proceso", .texto(f.proceso)),
              ("tipo", .texto(f.tipo.rawValue)),
              ("esperados", .entero(f.esperados)), ("recibidos", .entero(f.recibidos)),
            ])
          })
      ),
      (
        "items",
        .lista(
          r.items.map { x in
            .objeto([
              ("codigo", .texto(x.codigo)), ("proceso", .texto(x.proceso)),
              ("tipo", .texto(x.tipo.rawValue)),
              ("descripcion", .texto(x.descripcion)), ("zona", .texto(x.zona.rawValue)),
              ("periodicidad", .texto(x.periodicidad.rawValue)),
              ("fecha_monitoreo", .texto(x.fechaMonitoreo.iso)),
              ("acciones_programadas", .entero(x.accionesProgramadas)),
              ("acciones_ejecutadas", .entero(x.accionesEjecutadas)),
              ("materializado", .bool(x.materializado)),
            ])
          })
      ),
    ]
    return .objeto(campos)
  }

  static func envios(_ lote: Lote, duplicados: [ArchivoDuplicado]) -> JSONValor {
    var porComponente: [(String, JSONValor)] = []
    for id in ComponentePAI.allCases.map(\.rawValue) {
      let envios = lote.envios.filter { $0.informe.componente == id }
      porComponente.append(
        (
          id,
          .objeto([
            ("recibidos", .entero(envios.count)),
            ("aceptados", .entero(envios.filter(\.informe.aceptado).count)),
            ("rechazados", .entero(envios.filter { !$0.informe.aceptado }.count)),
          ])
        ))
    }
    let sinPlantilla = lote.envios.filter { $0.informe.componente == nil }.count
    return .objeto([
      ("recibidos", .entero(lote.envios.count)),
      ("aceptados", .entero(lote.aceptados)),
      ("rechazados", .entero(lote.rechazados)),
      ("reemplazados", .entero(lote.reemplazadoPor.count)),
      ("duplicados", .entero(duplicados.count)),
      ("sin_plantilla", .entero(sinPlantilla)),
      ("por_componente", .objeto(porComponente)),
      (
        "archivos",
        .lista(
          lote.envios.enumerated().map { (i, e) in
            .objeto([
              ("archivo", .texto(e.archivo)), ("remitente", .texto(e.remitente)),
              ("sha256", .texto(e.sha256)), ("plantilla", .opcional(e.informe.plantilla)),
              (
                "estado",
                .texto(
                  e.informe.aceptado
                    ? (lote.reemplazadoPor[i] != nil ? "reemplazado" : "aceptado") : "rechazado")
              ),
              ("reemplaza", lote.reemplaza[i].map { .texto(lote.envios[$0].archivo) } ?? .null),
              (
                "reemplazado_por",
                lote.reemplazadoPor[i].map { .texto(lote.envios[$0].archivo) } ?? .null
              ),
              ("errores", .entero(e.informe.errores)),
              ("advertencias", .entero(e.informe.advertencias)),
              (
                "codigos_error",
                .lista(
                  Array(
                    Set(
                      e.informe.hallazgos.filter { $0.severidad == .error }.map(\.codigo.rawValue))
                  ).sorted()
                    .map { .texto($0) })
              ),
            ])
          })
      ),
      (
        "duplicados_detalle",
        .lista(
          duplicados.map {
            .objeto([
              ("archivo", .texto($0.archivo)), ("igual_a", .texto($0.igualA)),
              ("sha256", .texto($0.sha256)),
            ])
          })
      ),
    ])
  }
}

/// A drop of bytes already received: counted once, reported, kept.
public struct ArchivoDuplicado: Sendable {
  public var archivo: String
  public var igualA: String
  public var sha256: String

  public init(archivo: String, igualA: String, sha256: String) {
    self.archivo = archivo
    self.igualA = igualA
    self.sha256 = sha256
  }
}

/// Spanish sentences about the measures (not findings).
public enum Textos {
  public static func motivo(_ m: MotivoNoMedido) -> String {
    switch m {
    case .fueraDeCiclo(let proximo):
      guard let proximo else { return "El componente no se mide en este corte." }
      return
        "De acuerdo con el ciclo de monitoreo de riesgos, el seguimiento se realizará con corte a \(fechaLarga(proximo))."
    case .sinDatos:
      return "No se recibieron reportes aceptados de este componente."
    case .sinProgramacion:
      return "Ningún elemento del componente tiene programación al periodo."
    }
  }

  static let meses = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
  ]

  /// `30 de abril de 2021`.
  public static func fechaLarga(_ f: Fecha) -> String {
    "\(f.day) de \(meses[f.month - 1]) de \(f.year)"
  }
}
