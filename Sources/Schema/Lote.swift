import Foundation
import Plan

/// A file received for a corte: who sent it, when, and its validation.
public struct Envio: Sendable {
  public var ruta: String
  /// The inbox sub-folder it came from, or the dependencia it names.
  public var remitente: String
  public var modificado: Date
  public var sha256: String
  public var informe: InformeArchivo

  public init(
    ruta: String, remitente: String, modificado: Date, sha256: String, informe: InformeArchivo
  ) {
    self.ruta = ruta
    self.remitente = remitente
    self.modificado = modificado
    self.sha256 = sha256
    self.informe = informe
  }

  public var archivo: String { informe.archivo }
}

/// The batch after PLAN's *Identity and corrections*: cross-file
/// findings added, corrections resolved, and the plan that results.
public struct Lote: Sendable {
  /// In arrival order (modification time, then name).
  public var envios: [Envio]
  /// Accepted submission → the later correction from the same sender
  /// that now holds its records (the latest, when several share them).
  /// Only submissions whose every record was taken over are here.
  public var reemplazadoPor: [Int: Int]
  /// Correction → the earlier submission it took records over from (the
  /// latest, when several), whether it replaced all of them or some.
  public var reemplaza: [Int: Int]
  public var plan: PlanAccion

  public var aceptados: Int { envios.filter(\.informe.aceptado).count }
  public var rechazados: Int { envios.count - aceptados }
}

/// Resolves identities across the submissions of one corte.
///
/// The same identity from the same sender in a later file is a correction
/// that replaces the earlier record; from a different sender it is an
/// error (`codigo-duplicado`) on the later file, naming the earlier one.
/// Only accepted submissions hold identities, so a rejected file blocks
/// nobody.
public func resolverLote(_ envios: [Envio], corte: Fecha) -> Lote {
  var ordenados = envios.sorted {
    ($0.modificado, $0.archivo, $0.ruta) < ($1.modificado, $1.archivo, $1.ruta)
  }
  // Identity → (submission index, position of the record in its content).
  var vigentes: [String: (envio: Int, item: Int)] = [:]
  var reemplaza: [Int: Int] = [:]
  for i in ordenados.indices {
    guard ordenados[i].informe.aceptado, let contenido = ordenados[i].informe.contenido else {
      continue
    }
    let claves = identidades(contenido)
    var duplicados: [Hallazgo] = []
    for (posicion, clave) in claves.enumerated() {
      guard let previo = vigentes[clave.clave],
        ordenados[previo.envio].remitente != ordenados[i].remitente
      else { continue }
      let anterior = ordenados[previo.envio]
      let ubicacion =
        ordenados[i].informe.identidades.first { $0.clave == clave.clave }?.ubicacion
        ?? Ubicacion(archivo: ordenados[i].archivo)
      duplicados.append(
        Hallazgo(
          .codigoDuplicado, .error, ubicacion,
          [
            "codigo": .texto(clave.codigo), "archivoAnterior": .texto(anterior.archivo),
            "remitenteAnterior": .texto(anterior.remitente), "posicion": .entero(posicion),
          ]))
    }
    if !duplicados.isEmpty {
      ordenados[i].informe.hallazgos += duplicados
      ordenados[i].informe.contenido = nil
      continue
    }
    for (posicion, clave) in claves.enumerated() {
      if let previo = vigentes[clave.clave] {
        reemplaza[i] = max(reemplaza[i] ?? previo.envio, previo.envio)
      }
      vigentes[clave.clave] = (i, posicion)
    }
    if let previo = reemplaza[i],
      case .proyecto(let anterior)? = ordenados[previo].informe.contenido,
      case .proyecto(let nuevo)? = ordenados[i].informe.contenido
    {
      ordenados[i].informe.hallazgos += correccionReduce(
        anterior: anterior, nuevo: nuevo, archivoAnterior: ordenados[previo].archivo,
        archivo: ordenados[i].archivo)
    }
  }
  // Rebuild the plan from the records that stand, in arrival order.
  var plan = PlanAccion(corte: Corte(corte))
  var usados = Set<Int>()
  for (i, envio) in ordenados.enumerated() {
    guard envio.informe.aceptado, let contenido = envio.informe.contenido else { continue }
    let claves = identidades(contenido)
    let propios = Set(
      claves.indices.filter { p in
        vigentes[claves[p].clave].map { $0.envio == i && $0.item == p } ?? false
      })
    if !propios.isEmpty { usados.insert(i) }
    switch contenido {
    case .proyecto(let p):
      if propios.contains(0) { plan.proyectos.append(p) }
    case .indicadores(let lista):
      plan.indicadores += lista.enumerated().filter { propios.contains($0.offset) }.map(\.element)
    case .actividades(let lista):
      plan.actividades += lista.enumerated().filter { propios.contains($0.offset) }.map(\.element)
    case .riesgos(let lista):
      plan.riesgos += lista.enumerated().filter { propios.contains($0.offset) }.map(\.element)
    }
  }
  // Projects read best in code order, as the seed lists them.
  plan.proyectos.sort { $0.codigo < $1.codigo }
  var reemplazadoPor: [Int: Int] = [:]
  for j in ordenados.indices where ordenados[j].informe.aceptado && !usados.contains(j) {
    guard let contenido = ordenados[j].informe.contenido else { continue }
    reemplazadoPor[j] = identidades(contenido).compactMap { vigentes[$0.clave]?.envio }.max()
  }
  return Lote(envios: ordenados, reemplazadoPor: reemplazadoPor, reemplaza: reemplaza, plan: plan)
}

/// PLAN: a project's identity is the whole workbook, so a correction that
/// leaves out metas, objectives or budget lines the replaced report had
/// makes them vanish from the figures. That may be meant (a meta dropped
/// from the plan), but the planning office must see it: a warning on the
/// correction naming what disappears, one per sheet.
func correccionReduce(
  anterior: Proyecto, nuevo: Proyecto, archivoAnterior: String, archivo: String
) -> [Hallazgo] {
  var hallazgos: [Hallazgo] = []
  let objetivos = Set(nuevo.metas.map(\.objetivo))
  let metas = Set(nuevo.metas.map { [$0.objetivo, $0.numero] })
  var quitados: [String] = []
  var objetivosQuitados = Set<Int>()
  for m in anterior.metas where !metas.contains([m.objetivo, m.numero]) {
    if !objetivos.contains(m.objetivo) {
      if objetivosQuitados.insert(m.objetivo).inserted {
        quitados.append("objetivo específico \(m.objetivo)")
      }
    } else {
      quitados.append("meta \(m.numero) del objetivo \(m.objetivo)")
    }
  }
  if !quitados.isEmpty {
    hallazgos.append(
      Hallazgo(
        .correccionReduce, .advertencia, Ubicacion(archivo: archivo, hoja: "Metas"),
        ["archivoAnterior": .texto(archivoAnterior), "quitados": .lista(quitados)]))
  }
  let fuentes = Set(nuevo.presupuesto.map { normalizar($0.fuente) })
  let fuentesQuitadas = anterior.presupuesto.filter { !fuentes.contains(normalizar($0.fuente)) }
    .map { "fuente \($0.fuente)" }
  if !fuentesQuitadas.isEmpty {
    hallazgos.append(
      Hallazgo(
        .correccionReduce, .advertencia, Ubicacion(archivo: archivo, hoja: "Presupuesto"),
        ["archivoAnterior": .texto(archivoAnterior), "quitados": .lista(fuentesQuitadas)]))
  }
  return hallazgos
}

/// PLAN: a project by its code (the whole workbook), an indicator or an
/// activity by its code, a risk by its code and monitoring date. Codes are
/// unique within their kind only. The same keys as `Normalizador`'s, which
/// reads them from the rows with the cell of each (`claveIdentidad`).
func identidades(_ contenido: Contenido) -> [(clave: String, codigo: String)] {
  switch contenido {
  case .proyecto(let p):
    return [(claveIdentidad("proyecto", [p.codigo]), p.codigo)]
  case .indicadores(let l):
    return l.map { (claveIdentidad("indicadores", [$0.codigo]), $0.codigo) }
  case .actividades(let l):
    return l.map { (claveIdentidad("actividades", [$0.codigo]), $0.codigo) }
  case .riesgos(let l):
    return l.map { (claveIdentidad("riesgos", [$0.codigo, $0.fechaMonitoreo.iso]), $0.codigo) }
  }
}

/// One record's identity key: its template and the template's identity
/// fields (`"identidad"` in the schema), compared without case or accents.
/// Public so that a rejected file can be matched to what it tried to
/// report (`pai estado`: «el envío X fue rechazado» under its project).
public func claveIdentidad(_ plantilla: String, _ partes: [String]) -> String {
  plantilla + ":" + partes.map(normalizar).joined(separator: "|")
}
