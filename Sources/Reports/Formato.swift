import Foundation

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

  /// `1,0 GB`, `256 MB`, `4 KB`.
  public static func bytes(_ value: Int64) -> String {
    let units = ["bytes", "KB", "MB", "GB", "TB"]
    var amount = Double(value)
    var unit = 0
    while amount >= 1024, unit < units.count - 1 {
      amount /= 1024
      unit += 1
    }
    if unit == 0 { return "\(value) bytes" }
    let rounded = (amount * 10).rounded() / 10
    let text =
      rounded == rounded.rounded()
      ? String(Int(rounded)) : String(format: "%.1f", rounded).replacingOccurrences(of: ".", with: ",")
    return "\(text) \(units[unit])"
  }
}
