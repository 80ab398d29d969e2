import Foundation

/// A JSON tree with ordered keys and exact decimals, so `consolidado.json`
/// is byte-for-byte the same for the same data, and `null` is written
/// where the contract shows one (`"cumplimiento": null`).
public indirect enum JSONValor: Equatable {
  case null
  case bool(Bool)
  case numero(Decimal)
  case entero(Int)
  case texto(String)
  case lista([JSONValor])
  case objeto([(String, JSONValor)])

  public static func == (a: JSONValor, b: JSONValor) -> Bool {
    a.serializar() == b.serializar()
  }

  public static func opcional(_ d: Decimal?) -> JSONValor { d.map { .numero($0) } ?? .null }
  public static func opcional(_ s: String?) -> JSONValor { s.map { .texto($0) } ?? .null }

  /// Two-space indented JSON with a final newline.
  public func serializar() -> String {
    var out = ""
    escribir(&out, nivel: 0)
    return out + "\n"
  }

  private func escribir(_ out: inout String, nivel: Int) {
    let sangria = String(repeating: "  ", count: nivel + 1)
    let cierre = String(repeating: "  ", count: nivel)
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .entero(let i): out += String(i)
    case .numero(let d):
      // Decimal's description is plain positional notation ("0.1698").
      out += d.isNaN ? "null" : "\(d)"
    case .texto(let s): out += JSONValor.comillas(s)
    case .lista(let l):
      if l.isEmpty {
        out += "[]"
        return
      }
      out += "[\n"
      for (i, v) in l.enumerated() {
        out += sangria
        v.escribir(&out, nivel: nivel + 1)
        out += i < l.count - 1 ? ",\n" : "\n"
      }
      out += cierre + "]"
    case .objeto(let campos):
      if campos.isEmpty {
        out += "{}"
        return
      }
      out += "{\n"
      for (i, (k, v)) in campos.enumerated() {
        out += sangria + JSONValor.comillas(k) + ": "
        v.escribir(&out, nivel: nivel + 1)
        out += i < campos.count - 1 ? ",\n" : "\n"
      }
      out += cierre + "}"
    }
  }

  /// A JSON string literal (RFC 8259 escaping).
  public static func comillas(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }
}
