import Foundation

/// The kinds of rule a template may declare, named as its JSON names them
/// (`"regla": "programacion-total"`). `plantilla.schema.json` lists the
/// same names; a test keeps the two equal.
public enum TipoRegla: String, CaseIterable, Codable, Sendable {
  case vigenciaDelCorte = "vigencia-del-corte"
  case corteDeLaCorrida = "corte-de-la-corrida"
  case igualAlFormulario = "igual-al-formulario"
  case unico
  case mismoTextoPorGrupo = "mismo-texto-por-grupo"
  case programacionTotal = "programacion-total"
  case ejecucionMaxima = "ejecucion-maxima"
  case ejecucionFaltante = "ejecucion-faltante"
  case ejecucionPosteriorAlCorte = "ejecucion-posterior-al-corte"
  case mesesDeLaPeriodicidad = "meses-de-la-periodicidad"
  case comparacion
  case implica
  case fechaHastaElCorte = "fecha-hasta-el-corte"
}

/// How `comparacion` relates its field to the other one.
public enum OperadorComparacion: String, CaseIterable, Sendable {
  case menor = "<"
  case menorIgual = "<="
  case mayor = ">"
  case mayorIgual = ">="

  /// Whether `a` stands in this relation to `b`.
  public func cumple(_ a: Decimal, _ b: Decimal) -> Bool {
    switch self {
    case .menor: return a < b
    case .menorIgual: return a <= b
    case .mayor: return a > b
    case .mayorIgual: return a >= b
    }
  }
}

/// What `programacion-total` compares the twelve months with.
public enum MetaProgramacion: Sendable, Hashable {
  /// A fixed total (`1`: an activity programs 100 %).
  case total(Decimal)
  /// A field of the row (`magnitud`, `metaVigencia`).
  case campo(String)
}

/// A rule applied to a row or a sheet. Each kind carries exactly the
/// parameters it needs, each naming a field of the sheet; the JSON is the
/// flat object of `plantilla.schema.json` (`{"regla": "comparacion",
/// "campo": …, "operador": …, "otro": …}`).
///
/// Every concern switches over this enum once, with no `default:`: the
/// check (`MotorReglas`), the template's formula and the instructions'
/// sentence (Reports). A new kind does not compile until it has all three.
public enum Regla: Sendable, Hashable {
  /// The form's year is the corte's.
  case vigenciaDelCorte(campo: String)
  /// The form's corte date is the run's.
  case corteDeLaCorrida(campo: String)
  /// The column repeats, on every row, a value of the form sheet.
  case igualAlFormulario(campo: String, formulario: String)
  /// No two rows share these fields.
  case unico(campos: [String])
  /// Rows of the same `grupo` write the same `campo`.
  case mismoTextoPorGrupo(grupo: String, campo: String)
  /// The months add up to (or, by anualización, end at) the target.
  case programacionTotal(meta: MetaProgramacion, anualizacion: String?)
  /// The executed months add up to at most `total`.
  case ejecucionMaxima(total: Decimal)
  /// Every programmed month up to the corte reports its execution.
  case ejecucionFaltante
  /// No execution after the corte.
  case ejecucionPosteriorAlCorte
  /// Values only in the months the row's periodicity allows; the
  /// anualización says when a 0 is a target (`Decreciente`).
  case mesesDeLaPeriodicidad(periodicidad: String, anualizacion: String?)
  /// `campo operador otro`, both numbers of the row.
  case comparacion(campo: String, operador: OperadorComparacion, otro: String)
  /// When `si` holds, `entonces` must.
  case implica(si: Condicion, entonces: Condicion)
  /// A date of the row no later than the corte.
  case fechaHastaElCorte(campo: String)

  /// The kind, as the JSON names it.
  public var tipo: TipoRegla {
    switch self {
    case .vigenciaDelCorte: return .vigenciaDelCorte
    case .corteDeLaCorrida: return .corteDeLaCorrida
    case .igualAlFormulario: return .igualAlFormulario
    case .unico: return .unico
    case .mismoTextoPorGrupo: return .mismoTextoPorGrupo
    case .programacionTotal: return .programacionTotal
    case .ejecucionMaxima: return .ejecucionMaxima
    case .ejecucionFaltante: return .ejecucionFaltante
    case .ejecucionPosteriorAlCorte: return .ejecucionPosteriorAlCorte
    case .mesesDeLaPeriodicidad: return .mesesDeLaPeriodicidad
    case .comparacion: return .comparacion
    case .implica: return .implica
    case .fechaHastaElCorte: return .fechaHastaElCorte
    }
  }

  /// Every field of the sheet the rule names, i.e. reads.
  public var camposNombrados: [String] {
    switch self {
    case .vigenciaDelCorte(let campo), .corteDeLaCorrida(let campo),
      .igualAlFormulario(let campo, _), .fechaHastaElCorte(let campo):
      return [campo]
    case .unico(let campos): return campos
    case .mismoTextoPorGrupo(let grupo, let campo): return [grupo, campo]
    case .programacionTotal(let meta, let anualizacion):
      if case .campo(let id) = meta { return [id] + [anualizacion].compactMap { $0 } }
      return [anualizacion].compactMap { $0 }
    case .ejecucionMaxima, .ejecucionFaltante, .ejecucionPosteriorAlCorte: return []
    case .mesesDeLaPeriodicidad(let periodicidad, let anualizacion):
      return [periodicidad] + [anualizacion].compactMap { $0 }
    case .comparacion(let campo, _, let otro): return [campo, otro]
    case .implica(let si, let entonces): return [si.campo, entonces.campo]
    }
  }

  /// The field the rule reads a row's anualización from, if it names one.
  public var anualizacion: String? {
    switch self {
    case .programacionTotal(_, let a), .mesesDeLaPeriodicidad(_, let a): return a
    case .vigenciaDelCorte, .corteDeLaCorrida, .igualAlFormulario, .unico, .mismoTextoPorGrupo,
      .ejecucionMaxima, .ejecucionFaltante, .ejecucionPosteriorAlCorte, .comparacion, .implica,
      .fechaHastaElCorte:
      return nil
    }
  }

  /// The field the rule reads a row's periodicity from, if it names one.
  public var periodicidad: String? {
    if case .mesesDeLaPeriodicidad(let p, _) = self { return p }
    return nil
  }
}

/// What is wrong with one rule's parameters.
public enum ProblemaRegla: Equatable, Sendable {
  /// None of these is given, and the kind needs one (`programacion-total`
  /// needs `meta` or `total`).
  case falta([String])
  /// A parameter the kind does not read: likely a typo or a misplaced
  /// line, which would otherwise be silently ignored.
  case sobra(String)
  /// Two parameters of which the kind takes one.
  case excluyentes(String, String)
  /// A value the parameter does not allow (`operador`).
  case valorInvalido(parametro: String, valor: String)
}

/// Thrown while decoding a rule; `Plantilla.leer` adds the template and
/// sheet and turns it into an `ErrorEsquema`.
struct ReglaInvalida: Error {
  enum Causa {
    case desconocida(String)
    case malFormada(TipoRegla, ProblemaRegla)
  }
  let causa: Causa
  /// The rule's sheet, by its position in `hojas`.
  let hoja: Int?
}

extension Regla: Codable {
  enum Clave: String, CodingKey {
    case regla, campo, campos, otro, operador, formulario, grupo, meta, anualizacion, periodicidad
    case total, si, entonces
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Clave.self)
    let nombre = try c.decode(String.self, forKey: .regla)
    // The sheet is the index that follows `hojas` in the path.
    let ruta = decoder.codingPath
    let hoja = ruta.indices.first { ruta[$0].stringValue == "hojas" }
      .flatMap { $0 + 1 < ruta.count ? ruta[$0 + 1].intValue : nil }
    guard let tipo = TipoRegla(rawValue: nombre) else {
      throw ReglaInvalida(causa: .desconocida(nombre), hoja: hoja)
    }
    func fallo(_ p: ProblemaRegla) -> ReglaInvalida {
      ReglaInvalida(causa: .malFormada(tipo, p), hoja: hoja)
    }
    var leidas: Set<Clave> = [.regla]
    func opcional<T: Decodable>(_: T.Type, _ k: Clave) throws -> T? {
      leidas.insert(k)
      return try c.decodeIfPresent(T.self, forKey: k)
    }
    func requerido<T: Decodable>(_ t: T.Type, _ k: Clave) throws -> T {
      guard let v = try opcional(t, k) else { throw fallo(.falta([k.rawValue])) }
      return v
    }
    switch tipo {
    case .vigenciaDelCorte:
      self = .vigenciaDelCorte(campo: try requerido(String.self, .campo))
    case .corteDeLaCorrida:
      self = .corteDeLaCorrida(campo: try requerido(String.self, .campo))
    case .igualAlFormulario:
      self = .igualAlFormulario(
        campo: try requerido(String.self, .campo),
        formulario: try requerido(String.self, .formulario))
    case .unico:
      let campos = try requerido([String].self, .campos)
      guard !campos.isEmpty else { throw fallo(.falta([Clave.campos.rawValue])) }
      self = .unico(campos: campos)
    case .mismoTextoPorGrupo:
      self = .mismoTextoPorGrupo(
        grupo: try requerido(String.self, .grupo), campo: try requerido(String.self, .campo))
    case .programacionTotal:
      let meta: MetaProgramacion
      switch (try opcional(String.self, .meta), try opcional(Decimal.self, .total)) {
      case (let id?, nil): meta = .campo(id)
      case (nil, let total?): meta = .total(total)
      case (nil, nil): throw fallo(.falta([Clave.meta.rawValue, Clave.total.rawValue]))
      case (_?, _?): throw fallo(.excluyentes(Clave.meta.rawValue, Clave.total.rawValue))
      }
      self = .programacionTotal(meta: meta, anualizacion: try opcional(String.self, .anualizacion))
    case .ejecucionMaxima:
      self = .ejecucionMaxima(total: try requerido(Decimal.self, .total))
    case .ejecucionFaltante:
      self = .ejecucionFaltante
    case .ejecucionPosteriorAlCorte:
      self = .ejecucionPosteriorAlCorte
    case .mesesDeLaPeriodicidad:
      self = .mesesDeLaPeriodicidad(
        periodicidad: try requerido(String.self, .periodicidad),
        anualizacion: try opcional(String.self, .anualizacion))
    case .comparacion:
      // PLAN's comparisons are "no more than": `<=` unless written.
      let texto = try opcional(String.self, .operador) ?? OperadorComparacion.menorIgual.rawValue
      guard let operador = OperadorComparacion(rawValue: texto) else {
        throw fallo(.valorInvalido(parametro: Clave.operador.rawValue, valor: texto))
      }
      self = .comparacion(
        campo: try requerido(String.self, .campo), operador: operador,
        otro: try requerido(String.self, .otro))
    case .implica:
      self = .implica(
        si: try requerido(Condicion.self, .si), entonces: try requerido(Condicion.self, .entonces))
    case .fechaHastaElCorte:
      self = .fechaHastaElCorte(campo: try requerido(String.self, .campo))
    }
    if let ajena = c.allKeys.first(where: { !leidas.contains($0) }) {
      throw fallo(.sobra(ajena.rawValue))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Clave.self)
    try c.encode(tipo.rawValue, forKey: .regla)
    switch self {
    case .vigenciaDelCorte(let campo), .corteDeLaCorrida(let campo), .fechaHastaElCorte(let campo):
      try c.encode(campo, forKey: .campo)
    case .igualAlFormulario(let campo, let formulario):
      try c.encode(campo, forKey: .campo)
      try c.encode(formulario, forKey: .formulario)
    case .unico(let campos):
      try c.encode(campos, forKey: .campos)
    case .mismoTextoPorGrupo(let grupo, let campo):
      try c.encode(grupo, forKey: .grupo)
      try c.encode(campo, forKey: .campo)
    case .programacionTotal(let meta, let anualizacion):
      switch meta {
      case .campo(let id): try c.encode(id, forKey: .meta)
      case .total(let total): try c.encode(total, forKey: .total)
      }
      try c.encodeIfPresent(anualizacion, forKey: .anualizacion)
    case .ejecucionMaxima(let total):
      try c.encode(total, forKey: .total)
    case .ejecucionFaltante, .ejecucionPosteriorAlCorte:
      break
    case .mesesDeLaPeriodicidad(let periodicidad, let anualizacion):
      try c.encode(periodicidad, forKey: .periodicidad)
      try c.encodeIfPresent(anualizacion, forKey: .anualizacion)
    case .comparacion(let campo, let operador, let otro):
      try c.encode(campo, forKey: .campo)
      try c.encode(operador.rawValue, forKey: .operador)
      try c.encode(otro, forKey: .otro)
    case .implica(let si, let entonces):
      try c.encode(si, forKey: .si)
      try c.encode(entonces, forKey: .entonces)
    }
  }
}
