import Foundation

/// PLAN: header matching ignores case and accents and folds every run of
/// white space (line breaks included) into one space.
func normalizar(_ s: String) -> String {
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
  guard let valor = Decimal(string: normal, locale: Locale(identifier: "en_US_POSIX")) else {
    return nil
  }
  return NumeroTexto(valor: negativo ? -valor : valor, porcentaje: porcentaje, puntoDecimal: puntoDecimal)
}

/// `19.615`, `1.234.567`, `12` (no dot); not `16.98` nor `.5`.
private func esEnteroConMiles(_ s: Substring) -> Bool {
  let grupos = s.split(separator: ".", omittingEmptySubsequences: false)
  guard let primero = grupos.first, !primero.isEmpty, primero.count <= 3 || grupos.count == 1
  else { return false }
  return grupos.dropFirst().allSatisfy { $0.count == 3 }
}

/// The exact value of a number cell's lexical form (`0.1698`, `4.4286E4`).
func decimalExacto(_ lexical: String) -> Decimal? {
  Decimal(string: lexical, locale: Locale(identifier: "en_US_POSIX"))
}

let nombresMeses = [
  "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
  "septiembre", "octubre", "noviembre", "diciembre",
]

/// Matches `Prog. enero`, `Programado enero`, `Prog enero` (prefix compared
/// without its final dot) → month 1…12.
func mesDeEncabezado(_ encabezado: String, prefijos: [String]) -> Int? {
  let h = normalizar(encabezado)
  for prefijo in prefijos {
    var p = normalizar(prefijo)
    if p.hasSuffix(".") { p.removeLast() }
    guard h.hasPrefix(p) else { continue }
    var resto = h.dropFirst(p.count)
    if resto.hasPrefix(".") { resto = resto.dropFirst() }
    let mes = resto.trimmingCharacters(in: .whitespaces)
    if let i = nombresMeses.firstIndex(of: mes) { return i + 1 }
    if mes == "setiembre" { return 9 }
  }
  return nil
}
