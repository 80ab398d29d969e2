import Foundation

/// How values become the text of a part: numbers in invariant form, dates
/// as serials, strings made safe for XML 1.0 and Excel's limits.
enum CellText {
  /// Excel keeps at most 32,767 characters in a cell (UTF-16 code units).
  static let maxTextLength = 32_767
  /// Excel's ScreenTip box stops at 255 characters.
  static let maxTooltipLength = 255

  /// The lexical form of an `xsd:double`, from the decimal digits; nil for
  /// NaN, which no cell can hold.
  ///
  /// Exact (`0.3`, `-1234.5`) and locale-independent. Plain notation up to
  /// 20 places either side of the point, scientific past that (`1.2E121`),
  /// which Excel and LibreOffice read alike.
  static func number(_ value: Decimal) -> String? {
    if value.isNaN { return nil }
    // `Decimal.description` allocates per digit and cost a fifth of the
    // time of writing a sheet.
    if let digits = DecimalText.significand(value) {
      return layout(digits: digits, exponent: value.exponent, negative: value.sign == .minus)
    }
    var digits = value.description
    let negative = digits.hasPrefix("-")
    if negative { digits.removeFirst() }
    var exponent = 0
    if let point = digits.firstIndex(of: ".") {
      exponent = -digits.distance(from: point, to: digits.endIndex) + 1
      digits.remove(at: point)
    }
    return layout(digits: digits, exponent: exponent, negative: negative)
  }

  /// Writes `digits` × 10^`exponent` without leading or trailing zeros.
  static func layout(digits raw: String, exponent raw10: Int, negative: Bool) -> String {
    var digits = Substring(raw.drop { $0 == "0" })
    var exponent = raw10
    while digits.last == "0" {
      digits.removeLast()
      exponent += 1
    }
    guard !digits.isEmpty else { return "0" }
    let sign = negative ? "-" : ""
    // The power of ten of the first digit.
    let magnitude = digits.count - 1 + exponent
    if magnitude > 20 || magnitude < -20 {
      let rest = digits.dropFirst()
      return sign + String(digits.prefix(1)) + (rest.isEmpty ? "" : "." + rest) + "E"
        + String(magnitude)
    }
    if exponent >= 0 {
      return sign + digits + String(repeating: "0", count: exponent)
    }
    let point = digits.count + exponent
    if point > 0 {
      return sign + digits.prefix(point) + "." + digits.dropFirst(point)
    }
    return sign + "0." + String(repeating: "0", count: -point) + digits
  }

  /// The serial day of a date in the 1900 system, or nil when Excel cannot
  /// show it (before 1900-01-01, after 9999-12-31, or not a real date).
  ///
  /// Serial 1 is 1900-01-01 and Excel counts a 29 February 1900 that never
  /// was (Lotus's bug, kept for compatibility): from 1900-03-01 on the
  /// serial is days since 1899-12-30, before it one less.
  static func serial(year: Int, month: Int, day: Int) -> Int? {
    guard (1900...9999).contains(year), (1...12).contains(month),
      (1...daysIn(month: month, year: year)).contains(day)
    else { return nil }
    let days = daysFromCivil(year, month, day) - daysFromCivil(1899, 12, 30)
    return year == 1900 && month <= 2 ? days - 1 : days
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2:
      let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
      return leap ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard
  /// Hinnant's `days_from_civil`), without Foundation's calendars and
  /// their time zones.
  private static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y - 1 : y
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// Cuts `text` to `limit` UTF-16 code units without splitting a
  /// surrogate pair; nil when it already fits.
  static func truncated(_ text: String, limit: Int) -> String? {
    guard text.utf16.count > limit else { return nil }
    var out = String.UnicodeScalarView()
    var length = 0
    for scalar in text.unicodeScalars {
      let width = scalar.value > 0xFFFF ? 2 : 1
      if length + width > limit { break }
      out.append(scalar)
      length += width
    }
    return String(out)
  }

  /// Makes text safe for an XML 1.0 part.
  ///
  /// Uses OOXML's own escape (ECMA-376 §22.4.2.4): a character XML forbids (controls other than
  /// tab, LF and CR; U+FFFE, U+FFFF) becomes `_xHHHH_`, and an underscore
  /// that would read as the start of such an escape becomes `_x005F_`, so
  /// the reader's `decodeEscapes` gives back exactly this text. libxml2
  /// escapes `<`, `&`, quotes and CR itself.
  static func escaped(_ text: String) -> String {
    guard text.utf8.contains(where: needsLook) else { return text }
    let scalars = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    for (i, scalar) in scalars.enumerated() {
      if isForbidden(scalar) {
        out.append(contentsOf: hexEscape(scalar.value).unicodeScalars)
      } else if scalar == "_", looksLikeEscape(scalars, from: i) {
        out.append(contentsOf: "_x005F_".unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// Bytes that may start something to escape: a control byte, `_`, or
  /// the lead byte of U+FFFE/U+FFFF.
  private static func needsLook(_ byte: UInt8) -> Bool {
    (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D)
      || byte == UInt8(ascii: "_") || byte == 0xEF
  }

  private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE
      || v == 0xFFFF
  }

  /// `_x` + four hex digits + `_` starting at `i`.
  private static func looksLikeEscape(_ scalars: [Unicode.Scalar], from i: Int) -> Bool {
    guard i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_" else {
      return false
    }
    return scalars[(i + 2)...(i + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
  }

  private static func hexEscape(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return "_x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "_"
  }

  /// Whether Excel needs `xml:space="preserve"` to keep the text as is:
  /// leading or trailing whitespace, or line breaks and tabs inside.
  static func needsPreserve(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last
    else { return false }
    return first.properties.isWhitespace || last.properties.isWhitespace
      || text.utf8.contains { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
  }

  /// `FF1F4E79` from `1F4E79`, `#1f4e79` or `FF1F4E79`; nil otherwise.
  static func argb(_ color: String) -> String? {
    var hex = Substring(color)
    if hex.hasPrefix("#") { hex = hex.dropFirst() }
    guard hex.count == 6 || hex.count == 8,
      hex.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit })
    else { return nil }
    return (hex.count == 6 ? "FF" : "") + hex.uppercased()
  }

  /// A formula as `<f>` holds it: without the `=` people type first.
  static func formulaBody(_ formula: String) -> String {
    formula.hasPrefix("=") ? String(formula.dropFirst()) : formula
  }

  /// A width or margin in invariant form (`20.5`, `15`).
  static func decimal(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15
      ? String(Int64(value)) : String(value)
  }
}
