import Foundation
import Plan
import XLSX

/// es-CO number formatting: decimal comma, thousands dot (`16,98 %`,
/// `$19.615 millones`). Rounding is half-up and happens only here.
public enum Formato {
  /// `1.048.576`.
  public static func entero(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(".") }
      out.append(c)
    }
    return value < 0 ? "-" + out : out
  }

  /// A decimal with at most `decimales` places, trailing zeros dropped:
  /// `19.615`, `0,5`, `1.234.567,5`.
  public static func numero(_ x: Decimal, decimales: Int = 2) -> String {
    let r = redondear(x, decimales: decimales)
    let negativo = r < 0
    let texto = DecimalText.plain(negativo ? -r : r)
    let partes = texto.split(separator: ".", omittingEmptySubsequences: false)
    let enteraTexto = String(partes[0])
    var entera = ""
    for (i, c) in enteraTexto.enumerated() {
      if i > 0, (enteraTexto.count - i) % 3 == 0 { entera.append(".") }
      entera.append(c)
    }
    var fraccion = partes.count > 1 ? String(partes[1]) : ""
    while fraccion.hasSuffix("0") { fraccion.removeLast() }
    return (negativo ? "-" : "") + entera + (fraccion.isEmpty ? "" : "," + fraccion)
  }

  /// A fraction as a percent with two decimals, as the seed writes them:
  /// `16,98 %`, `12,50 %`, and whole values without decimals, `100 %`.
  public static func porcentaje(_ fraccion: Decimal) -> String {
    let puntos = redondear(fraccion * 100, decimales: 2)
    if puntos == redondear(puntos, decimales: 0) {
      return numero(puntos, decimales: 0) + " %"
    }
    let texto = numero(puntos, decimales: 2)
    let decimales = texto.split(separator: ",").last?.count ?? 0
    return texto + (decimales == 1 ? "0" : "") + " %"
  }

  /// `$ 19.615.000.000`.
  public static func pesos(_ x: Decimal) -> String {
    "$ " + numero(x, decimales: 0)
  }

  /// `$19.615 millones`, the seed's way of writing a budget.
  public static func millones(_ x: Decimal) -> String {
    "$" + numero(x / 1_000_000, decimales: 0) + " millones"
  }

  /// `31/03/2021`.
  public static func fecha(_ f: Fecha) -> String {
    String(format: "%02d/%02d/%04d", f.day, f.month, f.year)
  }

  /// `1,0 GB`, `256 MB`, `4 KB`.
  public static func bytes(_ value: Int64) -> String {
    let units = ["bytes", "KB", "MB", "GB", "TB"]
    var amount = Decimal(value)
    var unit = 0
    while amount >= 1024, unit < units.count - 1 {
      amount /= 1024
      unit += 1
    }
    if unit == 0 { return "\(value) bytes" }
    return numero(amount, decimales: 1) + " " + units[unit]
  }
}
