import Foundation
import Plan
import XLSX

/// What the vigencia's earlier cortes accepted, item by item: the latest
/// accepted state of each project, indicator and activity before the corte
/// being validated, with the corte it comes from. A risk corte that closes
/// no quarter carries only risks, so each item keeps its own latest corte
/// rather than the plan of one corte.
public struct CorteAnterior: Sendable {
  public struct Previo<T: Sendable>: Sendable {
    public var valor: T
    public var corte: Fecha
  }

  var proyectos: [String: Previo<Proyecto>] = [:]
  var indicadores: [String: Previo<Indicador>] = [:]
  var actividades: [String: Previo<Actividad>] = [:]
  /// By process and code: two processes may number their risks alike.
  var riesgos: [String: Previo<Riesgo>] = [:]

  /// - Parameter planes: the accepted plan of each earlier corte, oldest
  ///   first; a later corte's item replaces an earlier one's.
  public init(planes: [PlanAccion]) {
    for p in planes {
      let f = p.corte.fecha
      for x in p.proyectos { proyectos[normalizar(x.codigo)] = Previo(valor: x, corte: f) }
      for x in p.indicadores { indicadores[normalizar(x.codigo)] = Previo(valor: x, corte: f) }
      for x in p.actividades { actividades[normalizar(x.codigo)] = Previo(valor: x, corte: f) }
      for x in p.riesgos {
        riesgos[normalizar(x.proceso) + "|" + normalizar(x.codigo)] = Previo(valor: x, corte: f)
      }
    }
  }

  public var vacio: Bool {
    proyectos.isEmpty && indicadores.isEmpty && actividades.isEmpty && riesgos.isEmpty
  }

  // What one office's next workbook carries forward (`pai plantilla
  // --outbox`): each query answers in code order, so a template lists its
  // rows as the office knows them.

  public func proyecto(codigo: String) -> Previo<Proyecto>? { proyectos[normalizar(codigo)] }

  public func indicadores(proceso: String) -> [Previo<Indicador>] {
    let p = normalizar(proceso)
    return indicadores.values.filter { normalizar($0.valor.proceso) == p }.sorted {
      $0.valor.codigo < $1.valor.codigo
    }
  }

  /// The activities an office is responsible for, by the name it has in
  /// the catalogue.
  public func actividades(dependencia: String) -> [Previo<Actividad>] {
    let d = normalizar(dependencia)
    return actividades.values.filter { normalizar($0.valor.dependencia) == d }.sorted {
      ($0.valor.plan, $0.valor.codigo) < ($1.valor.plan, $1.valor.codigo)
    }
  }

  public func riesgos(proceso: String) -> [Previo<Riesgo>] {
    let p = normalizar(proceso)
    return riesgos.values.filter { normalizar($0.valor.proceso) == p }.sorted {
      $0.valor.codigo < $1.valor.codigo
    }
  }
}

/// PLAN practice: offices report a vigencia in one workbook that grows
/// through the year, and a reprogramming needs a justification. Each cell
/// that holds another value than the earlier corte accepted — a target, a
/// month's programming, an execution of a month that corte already closed
/// — is one warning, naming the cell and both values. A meta the earlier
/// corte had and this workbook lacks is the same warning, on its sheet.
struct ComparadorCorteAnterior {
  let anterior: CorteAnterior
  let archivo: String
  let hojas: [String: HojaLeida]

  func hallazgos(plantilla: Plantilla) -> [Hallazgo] {
    switch plantilla.id {
    case "proyecto": return proyecto()
    case "indicadores": return indicadores()
    case "actividades": return actividades()
    default: return []
    }
  }

  private func registros(_ hoja: String) -> [Registro] { hojas[hoja]?.registros ?? [] }

  /// The sheet as the workbook spells it.
  private func nombre(_ hoja: String) -> String { hojas[hoja]?.nombre ?? hoja }

  private func proyecto() -> [Hallazgo] {
    guard let codigo = registros("Proyecto").first?.texto("codigo"),
      let previo = anterior.proyectos[normalizar(codigo)]
    else { return [] }
    var out: [Hallazgo] = []
    var vistas = Set<[Int]>()
    for r in registros("Metas") {
      guard let o = r.numero("objetivo"), let m = r.numero("meta") else { continue }
      let clave = [entero(o), entero(m)]
      vistas.insert(clave)
      guard let meta = previo.valor.metas.first(where: { [$0.objetivo, $0.numero] == clave }) else {
        continue
      }
      let h = nombre("Metas")
      out += campo(
        r, h, "magnitud", "Magnitud vigencia", antes: meta.magnitud, previo.corte, porcentual: false
      )
      out += meses(r, h, prog: meta.programacion, ejec: meta.ejecucion, previo.corte)
    }
    for meta in previo.valor.metas where !vistas.contains([meta.objetivo, meta.numero]) {
      out.append(
        Hallazgo(
          .cambioFrenteAlCorteAnterior, .advertencia,
          Ubicacion(archivo: archivo, hoja: nombre("Metas")),
          [
            "quitado": .texto("meta \(meta.numero) del objetivo \(meta.objetivo)"),
            "corteAnterior": .fecha(previo.corte),
          ]))
    }
    return out
  }

  private func indicadores() -> [Hallazgo] {
    registros("Indicadores").flatMap { r -> [Hallazgo] in
      guard let codigo = r.texto("codigo"), let previo = anterior.indicadores[normalizar(codigo)]
      else { return [] }
      let i = previo.valor
      let h = nombre("Indicadores")
      return campo(
        r, h, "metaVigencia", "Meta vigencia", antes: i.metaVigencia, previo.corte,
        porcentual: r.porcentual)
        + meses(r, h, prog: i.programacion, ejec: i.ejecucion, previo.corte)
    }
  }

  private func actividades() -> [Hallazgo] {
    registros("Actividades").flatMap { r -> [Hallazgo] in
      guard let codigo = r.texto("codigo"), let previo = anterior.actividades[normalizar(codigo)]
      else { return [] }
      return meses(
        r, nombre("Actividades"), prog: previo.valor.programacion, ejec: previo.valor.ejecucion,
        previo.corte)
    }
  }

  /// Every programming month, and the execution of the months the earlier
  /// corte closed. A blank and a 0 are the same here: offices pre-fill
  /// zeros, and neither programs nor reports anything new.
  private func meses(_ r: Registro, _ hoja: String, prog: Meses, ejec: Meses, _ corte: Fecha)
    -> [Hallazgo]
  {
    var out: [Hallazgo] = []
    for mes in 1...12 where !r.mesErroneo(mes, programacion: true) {
      out += cambio(
        hoja, r.celdasProg[mes - 1], "Prog. \(nombresMeses[mes - 1])", antes: prog[mes - 1],
        ahora: r.prog[mes - 1],
        corte, porcentual: r.porcentual)
    }
    for mes in 1...min(corte.month, 12) where !r.mesErroneo(mes, programacion: false) {
      out += cambio(
        hoja, r.celdasEjec[mes - 1], "Ejec. \(nombresMeses[mes - 1])", antes: ejec[mes - 1],
        ahora: r.ejec[mes - 1],
        corte, porcentual: r.porcentual)
    }
    return out
  }

  private func campo(
    _ r: Registro, _ hoja: String, _ id: String, _ columna: String, antes: Decimal, _ corte: Fecha,
    porcentual: Bool
  ) -> [Hallazgo] {
    guard !r.erroneo(id) else { return [] }
    return cambio(
      hoja, r.celdas[id], columna, antes: antes, ahora: r.numero(id), corte, porcentual: porcentual)
  }

  private func cambio(
    _ hoja: String, _ celda: CellRef?, _ columna: String, antes: Decimal?, ahora: Decimal?,
    _ corte: Fecha, porcentual: Bool
  ) -> [Hallazgo] {
    let a = antes ?? 0
    let b = ahora ?? 0
    guard a != b, let celda else { return [] }
    func valor(_ x: Decimal) -> ValorHallazgo { porcentual ? .porcentaje(x) : .numero(x) }
    return [
      Hallazgo(
        .cambioFrenteAlCorteAnterior, .advertencia,
        Ubicacion(archivo: archivo, hoja: hoja, celda: celda),
        [
          "columna": .texto(columna), "anterior": valor(a), "nuevo": valor(b),
          "corteAnterior": .fecha(corte),
        ])
    ]
  }

  private func entero(_ d: Decimal) -> Int { NSDecimalNumber(decimal: d).intValue }
}
