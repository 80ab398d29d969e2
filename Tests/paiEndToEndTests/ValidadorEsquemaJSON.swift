import Foundation

/// The subset of JSON Schema (2020-12) that `consolidado.schema.json`
/// uses: type, properties, required, additionalProperties, items, enum,
/// minimum, maximum, $ref to $defs. Enough to hold the output to its
/// contract without a validator package.
struct ValidadorEsquemaJSON {
  let raiz: Any

  func validar(_ valor: Any) -> [String] {
    var errores: [String] = []
    validar(valor, contra: raiz, en: "$", errores: &errores)
    return errores
  }

  private func resolver(_ esquema: [String: Any]) -> [String: Any] {
    guard let ref = esquema["$ref"] as? String, ref.hasPrefix("#/$defs/"),
      let defs = (raiz as? [String: Any])?["$defs"] as? [String: Any],
      let destino = defs[String(ref.dropFirst("#/$defs/".count))] as? [String: Any]
    else { return esquema }
    return resolver(destino)
  }

  private func tipo(_ v: Any) -> String {
    if v is NSNull { return "null" }
    if let n = v as? NSNumber {
      if String(describing: type(of: n)).contains("Boolean") { return "boolean" }
      return n.decimalValue == n.decimalValue.rounded ? "integer" : "number"
    }
    if v is String { return "string" }
    if v is [Any] { return "array" }
    if v is [String: Any] { return "object" }
    return "?"
  }

  private func validar(_ v: Any, contra esquemaCrudo: Any, en ruta: String, errores: inout [String])
  {
    guard let esquemaBase = esquemaCrudo as? [String: Any] else { return }
    let esquema = resolver(esquemaBase)
    if let tipos = esquema["type"] {
      let permitidos = (tipos as? [String]) ?? [(tipos as? String) ?? ""]
      let t = tipo(v)
      let ok = permitidos.contains(t) || (t == "integer" && permitidos.contains("number"))
      if !ok {
        errores.append("\(ruta): tipo \(t), se esperaba \(permitidos)")
        return
      }
    }
    if let valores = esquema["enum"] as? [Any] {
      if !valores.contains(where: { "\($0)" == "\(v)" }) {
        errores.append("\(ruta): \(v) no está en enum")
      }
    }
    if let n = v as? NSNumber, tipo(v) != "boolean" {
      if let min = esquema["minimum"] as? NSNumber, n.decimalValue < min.decimalValue {
        errores.append("\(ruta): \(n) < \(min)")
      }
      if let max = esquema["maximum"] as? NSNumber, n.decimalValue > max.decimalValue {
        errores.append("\(ruta): \(n) > \(max)")
      }
    }
    if let objeto = v as? [String: Any] {
      for clave in (esquema["required"] as? [String]) ?? [] where objeto[clave] == nil {
        errores.append("\(ruta): falta \(clave)")
      }
      let propiedades = (esquema["properties"] as? [String: Any]) ?? [:]
      for (clave, valor) in objeto {
        if let sub = propiedades[clave] {
          validar(valor, contra: sub, en: "\(ruta).\(clave)", errores: &errores)
        } else if (esquema["additionalProperties"] as? Bool) == false {
          errores.append("\(ruta): propiedad no prevista \(clave)")
        } else if let sub = esquema["additionalProperties"] as? [String: Any] {
          validar(valor, contra: sub, en: "\(ruta).\(clave)", errores: &errores)
        }
      }
    }
    if let lista = v as? [Any], let items = esquema["items"] {
      for (i, x) in lista.enumerated() {
        validar(x, contra: items, en: "\(ruta)[\(i)]", errores: &errores)
      }
    }
  }
}

extension Decimal {
  fileprivate var rounded: Decimal {
    var s = self
    var r = Decimal()
    NSDecimalRound(&r, &s, 0, .plain)
    return r
  }
}
