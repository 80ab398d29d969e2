import Foundation
import Plan
import XLSX

/// A cell read as its field's type.
public enum ValorTipado: Hashable, Sendable {
  case texto(String)
  case numero(Decimal)
  case fecha(Fecha)

  public var texto: String? {
    if case .texto(let s) = self { return s }
    return nil
  }
  public var numero: Decimal? {
    if case .numero(let d) = self { return d }
    return nil
  }
  public var fecha: Fecha? {
    if case .fecha(let f) = self { return f }
    return nil
  }
}

/// Interprets cells as typed values: es-CO text numbers, percents as
/// fractions, points or text, serial or text dates, enum spellings.
///
/// Errors are recorded per cell; warnings about how a value was written are
/// gathered per column and reported once with their range and count (PLAN).
struct LectorCeldas {
  let archivo: String
  let hoja: String
  let date1904: Bool
  private(set) var errores: [Hallazgo] = []
  private var avisos: [ClaveAviso: (primera: CellRef, ultima: CellRef, cuenta: Int)] = [:]
  private var ordenAvisos: [ClaveAviso] = []

  struct ClaveAviso: Hashable {
    let codigo: CodigoHallazgo
    let columna: Int
    let encabezado: String
  }

  init(archivo: String, hoja: String, date1904: Bool) {
    self.archivo = archivo
    self.hoja = hoja
    self.date1904 = date1904
  }

  /// The aggregated warnings, in the order first seen.
  var advertencias: [Hallazgo] {
    ordenAvisos.compactMap { clave in
      guard let a = avisos[clave] else { return nil }
      return Hallazgo(
        clave.codigo, .advertencia,
        Ubicacion(archivo: archivo, hoja: hoja, rango: CellRange(first: a.primera, last: a.ultima)),
        ["cuenta": .entero(a.cuenta), "columna": .texto(clave.encabezado)])
    }
  }

  mutating func avisar(_ codigo: CodigoHallazgo, _ ref: CellRef, _ encabezado: String) {
    let clave = ClaveAviso(codigo: codigo, columna: ref.column, encabezado: encabezado)
    if var a = avisos[clave] {
      a.ultima = ref
      a.cuenta += 1
      avisos[clave] = a
    } else {
      avisos[clave] = (ref, ref, 1)
      ordenAvisos.append(clave)
    }
  }

  mutating func error(
    _ codigo: CodigoHallazgo, _ ref: CellRef, _ valores: [String: ValorHallazgo] = [:]
  ) {
    errores.append(
      Hallazgo(codigo, .error, Ubicacion(archivo: archivo, hoja: hoja, celda: ref), valores))
  }

  /// True when the cell holds nothing a user typed (blank or spaces).
  static func vacia(_ cell: Cell?) -> Bool {
    guard let cell else { return true }
    if case .text(let s) = cell.value {
      // Most texts start with a visible ASCII character.
      if let b = s.utf8.first, b < 0x80, !esEspacioASCII(b) { return false }
      return s.allSatisfy { $0.isWhitespace }
    }
    return false
  }

  /// A field's allowed values and its «no value» spellings, normalised once
  /// per sheet instead of once per cell.
  struct ValoresCampo {
    /// The allowed values as the schema writes them, in order.
    let valores: [String]
    /// Normalised spelling → the first allowed value that has it.
    private let canonicos: [String: String]
    private let faltantes: Set<String>

    init(valores: [String] = [], faltantes: [String] = []) {
      self.valores = valores
      var canonicos: [String: String] = [:]
      for v in valores where canonicos[normalizar(v)] == nil { canonicos[normalizar(v)] = v }
      self.canonicos = canonicos
      self.faltantes = Set(faltantes.map(normalizar))
    }

    static let ninguno = ValoresCampo()

    var tieneFaltantes: Bool { !faltantes.isEmpty }
    func esFaltante(normalizado n: String) -> Bool { faltantes.contains(n) }
    func canonico(normalizado n: String) -> String? { canonicos[n] }
  }

  /// Reads one cell; nil when blank or unreadable (the error is recorded).
  mutating func leer(
    _ cell: Cell?, _ ref: CellRef, tipo: TipoCampo, porcentaje: Bool = false,
    encabezado: String, valores: ValoresCampo = .ninguno
  ) -> ValorTipado? {
    guard let cell, !LectorCeldas.vacia(cell) else { return nil }
    if valores.tieneFaltantes, case .text(let s) = cell.value,
      valores.esFaltante(normalizado: normalizar(s))
    {
      return nil
    }
    switch cell.value {
    case .error(let code):
      error(.celdaConError, ref, ["encontrado": .texto(code), "columna": .texto(encabezado)])
      return nil
    case .notComputed:
      error(.formulaSinCalcular, ref, ["columna": .texto(encabezado)])
      return nil
    default: break
    }
    let tipoEfectivo: TipoCampo = porcentaje ? .porcentaje : tipo
    switch tipoEfectivo {
    case .texto:
      return texto(cell).map { .texto($0) }
    case .enum:
      guard let t = texto(cell) else { return nil }
      if let canonico = valores.canonico(normalizado: normalizar(t)) {
        return .texto(canonico)
      }
      error(
        .valorNoPermitido, ref,
        [
          "encontrado": .texto(t), "permitidos": .lista(valores.valores),
          "columna": .texto(encabezado),
        ])
      return nil
    case .entero, .numero, .dinero:
      guard let valor = numero(cell, ref, encabezado: encabezado) else { return nil }
      if tipo == .entero, valor != valor.redondeado(0) {
        error(.enteroInvalido, ref, ["encontrado": .numero(valor), "columna": .texto(encabezado)])
        return nil
      }
      return .numero(valor)
    case .porcentaje:
      return porcentajeDe(cell, ref, encabezado: encabezado).map { .numero($0) }
    case .fecha:
      return fecha(cell, ref, encabezado: encabezado).map { .fecha($0) }
    }
  }

  private func texto(_ cell: Cell) -> String? {
    switch cell.value {
    case .text(let s): return recortar(s)
    case .number(let s):
      return decimalExacto(s).map { "\($0)" } ?? s
    case .bool(let b): return b ? "Sí" : "No"
    case .isoDate(let d): return d
    case .error, .notComputed: return nil
    }
  }

  private mutating func numero(_ cell: Cell, _ ref: CellRef, encabezado: String) -> Decimal? {
    switch cell.value {
    case .number(let s):
      guard let d = decimalExacto(s) else {
        error(.numeroInvalido, ref, ["encontrado": .texto(s), "columna": .texto(encabezado)])
        return nil
      }
      return d
    case .text(let s):
      guard let n = leerNumeroTexto(s) else {
        error(.numeroInvalido, ref, ["encontrado": .texto(s), "columna": .texto(encabezado)])
        return nil
      }
      avisar(.numeroComoTexto, ref, encabezado)
      if n.puntoDecimal { avisar(.puntoDecimal, ref, encabezado) }
      return n.porcentaje ? n.valor.centesimas() : n.valor
    default:
      error(
        .numeroInvalido, ref,
        ["encontrado": .texto(texto(cell) ?? ""), "columna": .texto(encabezado)])
      return nil
    }
  }

  /// PLAN: a number with a percent format is a fraction; a plain number is
  /// percentage points (warning); text is parsed (warning).
  private mutating func porcentajeDe(_ cell: Cell, _ ref: CellRef, encabezado: String) -> Decimal? {
    switch cell.value {
    case .number(let s):
      guard let d = decimalExacto(s) else {
        error(.numeroInvalido, ref, ["encontrado": .texto(s), "columna": .texto(encabezado)])
        return nil
      }
      if cell.kind == .percent { return d }
      if d != 0 { avisar(.porcentajeComoPuntos, ref, encabezado) }
      return d.centesimas()
    case .text(let s):
      guard let n = leerNumeroTexto(s) else {
        error(.numeroInvalido, ref, ["encontrado": .texto(s), "columna": .texto(encabezado)])
        return nil
      }
      avisar(.porcentajeComoTexto, ref, encabezado)
      if n.puntoDecimal { avisar(.puntoDecimal, ref, encabezado) }
      return n.valor.centesimas()
    default:
      error(
        .numeroInvalido, ref,
        ["encontrado": .texto(texto(cell) ?? ""), "columna": .texto(encabezado)])
      return nil
    }
  }

  private mutating func fecha(_ cell: Cell, _ ref: CellRef, encabezado: String) -> Fecha? {
    switch cell.value {
    case .number(let s):
      if let d = decimalExacto(s), d >= 1,
        let f = Fecha(
          serial: Int(truncating: d.redondeado(0, .down) as NSNumber), date1904: date1904)
      {
        return f
      }
    case .isoDate(let s):
      if let f = Fecha(iso: String(s.prefix(10))) { return f }
    case .text(let s):
      if let f = LectorCeldas.fechaTexto(s) {
        avisar(.fechaComoTexto, ref, encabezado)
        return f
      }
    default: break
    }
    error(
      .fechaInvalida, ref, ["encontrado": .texto(texto(cell) ?? ""), "columna": .texto(encabezado)])
    return nil
  }

  /// `2021-03-31` or `31/03/2021` (also `31-03-2021`, one-digit day/month).
  static func fechaTexto(_ s: String) -> Fecha? {
    let t = s.trimmingCharacters(in: .whitespaces)
    if let f = Fecha(iso: String(t.prefix(10))),
      t.count == 10 || t.dropFirst(10).first == "T" || t.dropFirst(10).first == " "
    {
      return f
    }
    let partes = t.split(whereSeparator: { $0 == "/" || $0 == "-" }).map(String.init)
    guard partes.count == 3, partes[2].count == 4, let d = Int(partes[0]), let m = Int(partes[1]),
      let y = Int(partes[2])
    else { return nil }
    return Fecha(year: y, month: m, day: d)
  }
}

extension Decimal {
  /// Rounds to `scale` decimals (half-up by default).
  func redondeado(_ scale: Int, _ mode: NSDecimalNumber.RoundingMode = .plain) -> Decimal {
    var source = self
    var result = Decimal()
    NSDecimalRound(&result, &source, scale, mode)
    return result
  }
}
