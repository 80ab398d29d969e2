import Foundation

/// A `Decimal`'s digits without `description`, which divides the mantissa
/// by ten and grows a `String` once per digit: for the 38-digit ratios of a
/// consolidation that cost more than the rest of writing its JSON.
///
/// The significand is read from the value's stored words. That layout is
/// Foundation's, not a promise, so it is checked once against
/// `description` on values of every length; if it does not hold, every
/// call takes the slow path and the text is the same.
package enum DecimalText {
  /// `valor.description`: plain notation, no exponent, `-` when negative.
  package static func plain(_ valor: Decimal) -> String {
    guard let digitos = significand(valor) else { return valor.description }
    guard digitos != "0" else { return "0" }
    let signo = valor.sign == .minus ? "-" : ""
    let e = valor.exponent
    if e >= 0 { return signo + digitos + String(repeating: "0", count: e) }
    let enteros = digitos.utf8.count + e
    if enteros > 0 {
      let corte = digitos.index(digitos.startIndex, offsetBy: enteros)
      return signo + digitos[..<corte] + "." + digitos[corte...]
    }
    return signo + "0." + String(repeating: "0", count: -enteros) + digitos
  }

  /// The decimal digits of the significand (`"0"` for zero); nil for NaN
  /// or when the layout check failed.
  package static func significand(_ valor: Decimal) -> String? {
    guard disposicionComprobada, !valor.isNaN else { return nil }
    return leer(valor)
  }

  /// `_exponent: Int8`, then a byte whose high four bits are the number of
  /// words in use, two reserved bytes, then `_mantissa: 8 × UInt16`, least
  /// significant word first.
  private static func leer(_ valor: Decimal) -> String {
    withUnsafeBytes(of: valor) { raw -> String in
      let largo = min(Int(raw[1] >> 4), 8)
      return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 8) { w in
        for i in 0..<largo {
          w[i] = UInt32(raw.loadUnaligned(fromByteOffset: 4 + 2 * i, as: UInt16.self))
        }
        // Groups of four digits, least significant first, by long
        // division of the words by 10,000.
        var grupos: [UInt32] = []
        grupos.reserveCapacity(10)
        var n = largo
        while n > 0 && w[n - 1] == 0 { n -= 1 }
        while n > 0 {
          var resto: UInt32 = 0
          for i in stride(from: n - 1, through: 0, by: -1) {
            let v = resto << 16 | w[i]
            w[i] = v / 10_000
            resto = v % 10_000
          }
          grupos.append(resto)
          while n > 0 && w[n - 1] == 0 { n -= 1 }
        }
        guard let alto = grupos.last else { return "0" }
        var s = String(alto)
        for g in grupos.dropLast().reversed() {
          let t = String(g)
          s += String(repeating: "0", count: 4 - t.utf8.count) + t
        }
        return s
      }
    }
  }

  private static let disposicionComprobada: Bool = {
    guard MemoryLayout<Decimal>.size == 20 else { return false }
    var muestras = [
      "0", "1", "9999", "10000", "65535", "65536", "4294967296", "18446744073709551615",
      "18446744073709551616", "340282366920938463463374607431768211455", "-12.5", "0.0001",
      "123456789012345678901234567890.12345678",
    ].compactMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
    muestras += [Decimal(1) / 3, Decimal(-2) / 7, Decimal(10) / 4]
    return muestras.allSatisfy { d in
      leer(d) == String(d.significand.description.drop { $0 == "-" })
    }
  }()
}
