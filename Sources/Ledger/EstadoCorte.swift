import Foundation
import Plan
import Schema

/// What became of one received file, for `pai estado`.
public struct EnvioEstado: Sendable {
  public enum Situacion: String, Sendable {
    case aceptado, reemplazado, rechazado, duplicado
  }

  public var archivo: String
  public var situacion: Situacion
  /// Why it was rejected: its first error.
  public var primerError: Hallazgo?
  /// For a duplicate, the file it repeats.
  public var igualA: String?
  /// For a correction, the earlier file it took records over from.
  public var reemplaza: String?
  /// For a replaced file, the correction that holds its records now.
  public var reemplazadoPor: String?
  /// Warnings the planning office must see on an accepted file (a
  /// correction that removes data: `correccion-reduce`).
  public var avisos: [Hallazgo] = []
}

/// Something the catalogue expects that has not arrived accepted.
public struct Pendiente: Sendable {
  public enum Que: Sendable, Equatable {
    case proyecto(codigo: String, nombre: String)
    case indicadores(proceso: String)
    case riesgos(proceso: String)
    case planIntegrado
  }

  public var carpeta: String
  public var dependencia: String
  public var componente: ComponentePAI
  public var que: Que
  /// The latest attempt, when one arrived and was rejected.
  public var rechazado: EnvioEstado?

  /// What is missing, as `cobertura.faltantes[].elemento` names it: a
  /// project's code, a process, or the dependencia for the integrated plan.
  public var elemento: String {
    switch que {
    case .proyecto(let codigo, _): return codigo
    case .indicadores(let proceso), .riesgos(let proceso): return proceso
    case .planIntegrado: return dependencia
    }
  }

  /// Its name: the project's, the process, or the dependencia.
  public var nombre: String {
    switch que {
    case .proyecto(_, let nombre): return nombre
    case .indicadores(let proceso), .riesgos(let proceso): return proceso
    case .planIntegrado: return dependencia
    }
  }
}

/// How much of what the catalogue expects at a corte arrived accepted,
/// counted in catalogue items (projects, processes, dependencias), not
/// files. Only the components measured at the corte are expected: risks
/// only at a corte of their follow-up cycle.
public struct Cobertura: Sendable {
  /// Expected items per component; a component absent here is not
  /// measured at the corte.
  public var esperadosPorComponente: [ComponentePAI: Int]
  /// Every expected item not accepted, office by office.
  public var faltantes: [Pendiente]

  public var esperados: Int { esperadosPorComponente.values.reduce(0, +) }
  public var aceptados: Int { esperados - faltantes.count }
  public var completa: Bool { faltantes.isEmpty }

  /// nil for a component not measured at the corte; else whether every
  /// item it expects arrived accepted.
  public func completo(_ c: ComponentePAI) -> Bool? {
    esperadosPorComponente[c] == nil ? nil : !faltantes.contains { $0.componente == c }
  }

  public func faltantes(_ c: ComponentePAI) -> [Pendiente] {
    faltantes.filter { $0.componente == c }
  }
}

public struct EstadoComponente: Sendable {
  /// nil: files no template recognised.
  public var componente: ComponentePAI?
  public var recibidos: [EnvioEstado]
  public var faltantes: [Pendiente]
}

public struct EstadoDependencia: Sendable {
  public var carpeta: String
  /// The catalogue's name; nil for a sender the catalogue does not list.
  public var nombre: String?
  public var componentes: [EstadoComponente]
}

/// Per office and component: what arrived, what was accepted or rejected
/// and why, and what is still missing against the catalogue.
public struct EstadoCorte: Sendable {
  public var corte: Fecha
  public var dependencias: [EstadoDependencia]
  public var cobertura: Cobertura

  /// Every missing item, office by office: the list to chase by e-mail.
  public var pendientes: [Pendiente] { cobertura.faltantes }

  public var recibidos: Int {
    dependencias.reduce(0) { $0 + $1.componentes.reduce(0) { $0 + $1.recibidos.count } }
  }

  /// - Parameter cortesRiesgo: the risk follow-up cortes of the vigencia;
  ///   risk reports are expected only when `corte` is one of them.
  public static func calcular(
    registrados: [EnvioLibro], duplicados: [DuplicadoLibro], catalogo: CatalogoEntidad,
    corte: Fecha,
    cortesRiesgo: [Fecha]
  ) -> EstadoCorte {
    calcular(
      lote: resolverLote(registrados.map(\.envio), corte: corte), duplicados: duplicados,
      catalogo: catalogo,
      corte: corte, cortesRiesgo: cortesRiesgo)
  }

  /// From a corte already resolved (`resolverLote`).
  public static func calcular(
    lote: Lote, duplicados: [DuplicadoLibro], catalogo: CatalogoEntidad, corte: Fecha,
    cortesRiesgo: [Fecha]
  ) -> EstadoCorte {
    let riesgosEsperados = cortesRiesgo.contains(corte)
    // A corte of the risk cycle that closes no quarter (30 April, 31
    // August) is the risk follow-up alone: the plan's other components
    // report at the quarters.
    let planEsperado = !riesgosEsperados || corte.cierraTrimestre
    func clave(_ s: String) -> String {
      s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
    // A sender is its folder; one named by the workbook's dependencia is
    // matched to the catalogue by name.
    var carpetaDeNombre: [String: String] = [:]
    for d in catalogo.dependencias { carpetaDeNombre[clave(d.nombre)] = d.carpeta }
    func carpeta(_ remitente: String) -> String { carpetaDeNombre[clave(remitente)] ?? remitente }

    var recibidos: [String: [ComponentePAI?: [EnvioEstado]]] = [:]
    var ultimoRechazo: [String: [ComponentePAI: EnvioEstado]] = [:]
    // A rejected file that names what it reports (a project's code) is
    // that item's attempt, whichever folder it came from.
    var rechazoPorClave: [String: EnvioEstado] = [:]
    var declaranIdentidad = Set<String>()
    var proyectosOk = Set<String>()
    var indicadoresOk = Set<String>()
    var riesgosOk = Set<String>()
    var planOk = Set<String>()
    for (i, e) in lote.envios.enumerated() {
      let c = carpeta(e.remitente)
      let componente = e.informe.componente.flatMap(ComponentePAI.init(rawValue:))
      let situacion: EnvioEstado.Situacion =
        e.informe.aceptado ? (lote.reemplazadoPor[i] != nil ? .reemplazado : .aceptado) : .rechazado
      let estado = EnvioEstado(
        archivo: e.archivo, situacion: situacion,
        primerError: e.informe.aceptado
          ? nil : e.informe.hallazgos.first { $0.severidad == .error }, igualA: nil,
        reemplaza: lote.reemplaza[i].map { lote.envios[$0].archivo },
        reemplazadoPor: lote.reemplazadoPor[i].map { lote.envios[$0].archivo },
        avisos: e.informe.hallazgos.filter { $0.codigo == .correccionReduce })
      recibidos[c, default: [:]][componente, default: []].append(estado)
      if !e.informe.aceptado, let componente {
        ultimoRechazo[c, default: [:]][componente] = estado
        for i in e.informe.identidades { rechazoPorClave[i.clave] = estado }
        if !e.informe.identidades.isEmpty { declaranIdentidad.insert(e.archivo) }
      }
      guard e.informe.aceptado, let contenido = e.informe.contenido else { continue }
      switch contenido {
      case .proyecto(let p): proyectosOk.insert(p.codigo)
      case .indicadores(let l): indicadoresOk.formUnion(l.map { clave($0.proceso) })
      case .riesgos(let l): riesgosOk.formUnion(l.map { clave($0.proceso) })
      case .actividades(let l):
        // By content: the dependencia written in the rows, matched to the
        // catalogue; the sender's folder only when no row names one it
        // knows (an entity whose folders differ from the catalogue).
        let nombradas = Set(l.compactMap { carpetaDeNombre[clave($0.dependencia)] })
        if nombradas.isEmpty { planOk.insert(c) } else { planOk.formUnion(nombradas) }
      @unknown default: break
      }
    }
    for d in duplicados {
      let c = carpeta(d.remitente)
      let componente: ComponentePAI? = lote.envios.first { $0.sha256 == d.sha256 }
        .flatMap { $0.informe.componente }.flatMap(ComponentePAI.init(rawValue:))
      recibidos[c, default: [:]][componente, default: []].append(
        EnvioEstado(archivo: d.nombre, situacion: .duplicado, primerError: nil, igualA: d.igualA))
    }

    var faltantes: [String: [ComponentePAI: [Pendiente]]] = [:]
    let nombres = Dictionary(
      catalogo.dependencias.map { ($0.carpeta, $0.nombre) }, uniquingKeysWith: { a, _ in a })
    func falta(
      _ carpeta: String, _ componente: ComponentePAI, _ que: Pendiente.Que, intento: EnvioEstado?
    ) {
      faltantes[carpeta, default: [:]][componente, default: []].append(
        Pendiente(
          carpeta: carpeta, dependencia: nombres[carpeta] ?? carpeta, componente: componente,
          que: que,
          rechazado: intento))
    }
    // A project is one workbook with its code: its attempt is the rejected
    // file that declares that code, never another project's file from the
    // same office.
    for p in catalogo.proyectos where planEsperado && !proyectosOk.contains(p.codigo) {
      // A rejected project file whose code could not be read stands for
      // any project of its office.
      let intento =
        rechazoPorClave[claveIdentidad("proyecto", [p.codigo])]
        ?? ultimoRechazo[p.carpeta]?[.proyectos].flatMap {
          declaranIdentidad.contains($0.archivo) ? nil : $0
        }
      falta(p.carpeta, .proyectos, .proyecto(codigo: p.codigo, nombre: p.nombre), intento: intento)
    }
    for p in catalogo.procesos {
      if planEsperado && p.indicadores && !indicadoresOk.contains(clave(p.nombre)) {
        falta(
          p.carpeta, .indicadores, .indicadores(proceso: p.nombre),
          intento: ultimoRechazo[p.carpeta]?[.indicadores])
      }
      if riesgosEsperados && p.riesgos && !riesgosOk.contains(clave(p.nombre)) {
        falta(
          p.carpeta, .riesgos, .riesgos(proceso: p.nombre),
          intento: ultimoRechazo[p.carpeta]?[.riesgos])
      }
    }
    for c in catalogo.planIntegrado where planEsperado && !planOk.contains(c) {
      falta(c, .planIntegrado, .planIntegrado, intento: ultimoRechazo[c]?[.planIntegrado])
    }

    // The catalogue's order, then senders it does not list, by name.
    var orden = catalogo.dependencias.map(\.carpeta)
    let extra = Set(recibidos.keys).union(faltantes.keys).subtracting(orden).sorted()
    orden += extra
    let componentes: [ComponentePAI?] = ComponentePAI.allCases.map { $0 } + [nil]
    let dependencias = orden.map { c in
      EstadoDependencia(
        carpeta: c, nombre: nombres[c],
        componentes: componentes.compactMap { comp -> EstadoComponente? in
          let r = recibidos[c]?[comp] ?? []
          let f = comp.flatMap { faltantes[c]?[$0] } ?? []
          return r.isEmpty && f.isEmpty
            ? nil : EstadoComponente(componente: comp, recibidos: r, faltantes: f)
        })
    }
    var esperados: [ComponentePAI: Int] = [:]
    if planEsperado {
      esperados[.proyectos] = catalogo.proyectos.count
      esperados[.indicadores] = catalogo.procesos.filter(\.indicadores).count
      esperados[.planIntegrado] = catalogo.planIntegrado.count
    }
    if riesgosEsperados { esperados[.riesgos] = catalogo.procesos.filter(\.riesgos).count }
    // One list for coverage and `pendientes`, office by office.
    let pendientes = dependencias.flatMap { $0.componentes.flatMap(\.faltantes) }
    return EstadoCorte(
      corte: corte, dependencias: dependencias,
      cobertura: Cobertura(esperadosPorComponente: esperados, faltantes: pendientes))
  }
}
