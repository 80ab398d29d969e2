import Foundation

/// PLAN: header matching ignores case and accents and folds every run of
/// white space (line breaks included) into one space.
///
/// Nearly every cell and header is ASCII: those are folded byte by byte
/// (case folding of ASCII is lower-casing; it has no accents). Anything
/// else goes through Foundation's fold, which the ASCII path must equal
/// (`TextoTests`).
func normalizar(_ s: String) -> String {
  if let rapido = normalizarASCII(s) ?? normalizarLatino(s) { return rapido }
  return normalizarFoundation(s)
}

/// Spanish text: ASCII and the accented letters of Latin-1 (`Descripción`,
/// `Año`), each letter folded as Foundation folds it alone, which is how
/// it folds it in a word: precomposed letters have no context. Anything
/// else (a combining mark, other white space, other scripts) is nil.
private func normalizarLatino(_ s: String) -> String? {
  var out: [UInt8] = []
  out.reserveCapacity(s.utf8.count)
  var space = false
  for u in s.unicodeScalars {
    let v = u.value
    if v < 0x80, esEspacioASCII(UInt8(v)) {
      space = !out.isEmpty
      continue
    }
    if space { out.append(0x20) }
    space = false
    if v < 0x80 {
      let b = UInt8(v)
      out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
    } else if v >= 0xC0, v <= 0xFF, let plegada = letrasLatinas[Int(v - 0xC0)] {
      out.append(plegada)
    } else {
      return nil
    }
  }
  return String(decoding: out, as: UTF8.self)
}

/// U+00C0…U+00FF folded by Foundation, where the fold is one ASCII letter
/// (`Á`, `á` → `a`; `Ñ` → `n`); nil for the rest (`Æ`, `ß`, `×`, …).
private let letrasLatinas: [UInt8?] = (0xC0...0xFF).map { v -> UInt8? in
  guard let u = Unicode.Scalar(UInt32(v)), Character(u).isLetter else { return nil }
  let f = String(u).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
  guard f.utf8.count == 1, let b = f.utf8.first, b >= 0x61, b <= 0x7A else { return nil }
  return b
}

/// The reference fold, for non-ASCII text (and the tests of the fast path).
func normalizarFoundation(_ s: String) -> String {
  let folded = s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
  var out = ""
  var space = false
  for ch in folded {
    if ch.isWhitespace {
      space = !out.isEmpty
    } else {
      if space { out.append(" ") }
      space = false
      out.append(ch)
    }
  }
  return out
}

/// U+0009…U+000D and U+0020: the ASCII members of both `Character.isWhitespace`
/// and `CharacterSet.whitespacesAndNewlines`.
@inline(__always)
func esEspacioASCII(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

/// `normalizar` of an all-ASCII string; nil when any byte is not ASCII.
private func normalizarASCII(_ s: String) -> String? {
  enum Resultado {
    case igual
    case otro(String)
    case noASCII
  }
  var copia = s
  let r = copia.withUTF8 { bytes -> Resultado in
    var limpio = true  // already lower-case, single-spaced, trimmed
    var anterior: UInt8 = 0x20
    for b in bytes {
      if b >= 0x80 { return .noASCII }
      if (b >= 0x41 && b <= 0x5A) || (esEspacioASCII(b) && (b != 0x20 || anterior == 0x20)) {
        limpio = false
      }
      anterior = b
    }
    if bytes.isEmpty || (limpio && anterior != 0x20) { return .igual }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var space = false
    for b in bytes {
      if esEspacioASCII(b) {
        space = !out.isEmpty
      } else {
        if space { out.append(0x20) }
        space = false
        out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
      }
    }
    return .otro(String(decoding: out, as: UTF8.self))
  }
  switch r {
  case .igual: return s
  case .otro(let o): return o
  case .noASCII: return nil
  }
}

/// `s.trimmingCharacters(in: .whitespacesAndNewlines)`, without Foundation
/// when the ends are ASCII (nearly always: usually nothing to trim).
func recortar(_ s: String) -> String {
  let u = s.utf8
  guard let primero = u.first, let ultimo = u.last else { return s }
  if primero < 0x80, ultimo < 0x80, !esEspacioASCII(primero), !esEspacioASCII(ultimo) { return s }
  var inicio = u.startIndex
  var fin = u.endIndex
  while inicio < fin, esEspacioASCII(u[inicio]) { inicio = u.index(after: inicio) }
  while fin > inicio, esEspacioASCII(u[u.index(before: fin)]) { fin = u.index(before: fin) }
  // A non-ASCII byte at either new end may be Unicode white space.
  if inicio < fin, u[inicio] >= 0x80 || u[u.index(before: fin)] >= 0x80 {
    return s.trimmingCharacters(in: .whitespacesAndNewlines)
  }
  return String(s[inicio..<fin])
}

/// How a number was written as text, for the warnings PLAN asks for.
struct NumeroTexto {
  var valor: Decimal
  var porcentaje: Bool
  /// A dot used as decimal mark (`16.98%`, `8.33`): accepted, warned.
  var puntoDecimal: Bool
}

/// Parses es-CO text: a comma is always the decimal mark; a dot followed by
/// exactly three digits (and more such groups) is a thousands separator
/// (`19.615`, `1.234.567,5`); any other dot is a decimal point. `$`,
/// spaces and non-breaking spaces are dropped; a trailing `%` marks a
/// percent. Never goes through binary floating point.
func leerNumeroTexto(_ texto: String) -> NumeroTexto? {
  var s = ""
  var porcentaje = false
  for ch in texto {
    switch ch {
    case "$", " ", "\u{00A0}", "\u{202F}", "\t": continue
    case "%":
      porcentaje = true
    default:
      if porcentaje { return nil }  // text after the percent sign
      s.append(ch)
    }
  }
  var negativo = false
  if s.hasPrefix("-") {
    negativo = true
    s.removeFirst()
  } else if s.hasPrefix("(") && s.hasSuffix(")") {
    // Accounting style negative: (1.234)
    negativo = true
    s = String(s.dropFirst().dropLast())
  }
  guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") })
  else { return nil }
  var puntoDecimal = false
  var normal: String
  let comas = s.filter { $0 == "," }.count
  if comas > 1 { return nil }
  if comas == 1 {
    // Dots before the comma must be thousands groups.
    let partes = s.split(separator: ",", omittingEmptySubsequences: false)
    guard esEnteroConMiles(partes[0]), !partes[1].contains(".") else { return nil }
    normal = partes[0].replacingOccurrences(of: ".", with: "") + "." + partes[1]
  } else if s.contains(".") {
    if esEnteroConMiles(Substring(s)) {
      normal = s.replacingOccurrences(of: ".", with: "")
    } else {
      guard s.filter({ $0 == "." }).count == 1 else { return nil }
      normal = s
      puntoDecimal = true
    }
  } else {
    normal = s
  }
  if normal.hasPrefix(".") { normal = "0" + normal }
  if normal.hasSuffix(".") { normal += "0" }
  guard let valor = decimalExacto(normal) else {
    return nil
  }
  return NumeroTexto(
    valor: negativo ? -valor : valor, porcentaje: porcentaje, puntoDecimal: puntoDecimal)
}

/// `19.615`, `1.234.567`, `12` (no dot); not `16.98` nor `.5`.
private func esEnteroConMiles(_ s: Substring) -> Bool {
  let grupos = s.split(separator: ".", omittingEmptySubsequences: false)
  guard let primero = grupos.first, !primero.isEmpty, primero.count <= 3 || grupos.count == 1
  else { return false }
  return grupos.dropFirst().allSatisfy { $0.count == 3 }
}

/// The exact value of a number cell's lexical form (`0.1698`, `4.4286E4`).
///
/// Plain forms (sign, up to 19 significant digits, a fraction, an
/// exponent) are built from their digits, with the same representation
/// Foundation's parser gives (trailing zeros folded into the exponent), so
/// every later sum and output is unchanged; anything else goes through
/// `Decimal(string:)` (`TextoTests` compares both).
func decimalExacto(_ lexical: String) -> Decimal? {
  if let d = decimalRapido(lexical) { return d }
  return decimalFoundation(lexical)
}

private let posix = Locale(identifier: "en_US_POSIX")

func decimalFoundation(_ lexical: String) -> Decimal? {
  Decimal(string: lexical, locale: posix)
}

/// nil when the form is not a plain one (the caller then asks Foundation).
private func decimalRapido(_ lexical: String) -> Decimal? {
  var mantisa: UInt64 = 0
  var digitos = 0  // significant digits in `mantisa`
  var exponente = 0
  var negativo = false
  var vistos = 0  // digits of the mantissa part, zeros included
  var i = lexical.utf8.startIndex
  let u = lexical.utf8
  let fin = u.endIndex
  if i < fin, u[i] == 0x2D || u[i] == 0x2B {
    negativo = u[i] == 0x2D
    i = u.index(after: i)
  }
  var fraccion = false
  while i < fin {
    let b = u[i]
    if b >= 0x30 && b <= 0x39 {
      vistos += 1
      if mantisa != 0 || b != 0x30 {
        if digitos == 19 { return nil }
        mantisa = mantisa * 10 + UInt64(b - 0x30)
        digitos += 1
      }
      if fraccion { exponente -= 1 }
    } else if b == 0x2E, !fraccion {
      fraccion = true
    } else {
      break
    }
    i = u.index(after: i)
  }
  guard vistos > 0 else { return nil }
  if i < fin {
    guard u[i] == 0x45 || u[i] == 0x65 else { return nil }
    i = u.index(after: i)
    var signo = 1
    if i < fin, u[i] == 0x2D || u[i] == 0x2B {
      if u[i] == 0x2D { signo = -1 }
      i = u.index(after: i)
    }
    var e = 0
    var hay = false
    while i < fin {
      let b = u[i]
      guard b >= 0x30 && b <= 0x39, e < 10_000 else { return nil }
      e = e * 10 + Int(b - 0x30)
      hay = true
      i = u.index(after: i)
    }
    guard hay else { return nil }
    exponente += signo * e
  }
  // Foundation keeps a zero's exponent (`0.0` is not `0` inside); only
  // the plain zero is built here.
  if mantisa == 0 { return exponente == 0 ? Decimal() : nil }
  while mantisa % 10 == 0 {
    mantisa /= 10
    exponente += 1
  }
  // Decimal's exponent is 8 bits; past that Foundation decides.
  guard exponente > -100, exponente < 100 else { return nil }
  return Decimal(
    sign: negativo ? .minus : .plus, exponent: exponente, significand: Decimal(mantisa))
}

extension Decimal {
  /// `self / 100`, exactly, by moving the exponent: Foundation's division
  /// is long division and was a third of validating a large workbook. The
  /// representation is the one the division gives (`TextoTests`).
  func centesimas() -> Decimal {
    if isZero { return Decimal() }  // what the division gives for any zero
    guard !isNaN, exponent > -100 else { return self / 100 }
    return Decimal(sign: sign, exponent: exponent - 2, significand: significand)
  }
}

let nombresMeses = [
  "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
  "septiembre", "octubre", "noviembre", "diciembre",
]

/// Matches `Prog. enero`, `Programado enero`, `Prog enero` (prefix compared
/// without its final dot) → month 1…12.
func mesDeEncabezado(_ encabezado: String, prefijos: [String]) -> Int? {
  mesDeEncabezado(normalizado: normalizar(encabezado), prefijos: prefijos.map(prefijoDeMes))
}

/// A month prefix as `mesDeEncabezado(normalizado:prefijos:)` takes it.
func prefijoDeMes(_ prefijo: String) -> String {
  var p = normalizar(prefijo)
  if p.hasSuffix(".") { p.removeLast() }
  return p
}

/// The same, for a header already normalised and prefixes already through
/// `prefijoDeMes` (a header row is read once, its prefixes once per sheet).
func mesDeEncabezado(normalizado h: String, prefijos: [String]) -> Int? {
  for p in prefijos {
    guard h.hasPrefix(p) else { continue }
    var resto = h.dropFirst(p.count)
    if resto.hasPrefix(".") { resto = resto.dropFirst() }
    let mes = resto.trimmingCharacters(in: .whitespaces)
    if let i = nombresMeses.firstIndex(of: mes) { return i + 1 }
    if mes == "setiembre" { return 9 }
  }
  return nil
}
