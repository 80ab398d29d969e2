import Foundation

/// Compact JSON with sorted keys: the very bytes Foundation's `JSONEncoder`
/// writes with `[.sortedKeys, .withoutEscapingSlashes]`, for documents made
/// of strings, integers, booleans, null, arrays and objects, which is what
/// every ledger column holds. Foundation boxes each value and casts it
/// against its special types (`Date`, `Decimal`, `URL`, …); for the rows of
/// a thousand workbooks that cost half as much as validating them.
///
/// Anything else (a floating-point number, a `Decimal`, a date, data) is
/// refused with `Rechazo`, and `JSONLibro.texto` then asks `JSONEncoder`,
/// so the text is the same either way (`CodecTests` compares them).
enum JSONCompacto {
  /// A value this writer does not write; `JSONEncoder` does.
  struct Rechazo: Error {}

  static func texto<T: Encodable>(_ valor: T) throws -> String {
    let raiz = Ranura()
    try Codificador.escribir(valor, en: raiz, camino: [])
    guard let nodo = raiz.nodo else { throw Rechazo() }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(512)
    nodo.serializar(en: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }
}

// MARK: - The document tree

/// A value being built; containers fill theirs in place.
private class Nodo {
  func serializar(en bytes: inout [UInt8]) {}
}

/// A scalar, already written as JSON text.
private final class Hoja: Nodo {
  let texto: String
  init(_ texto: String) { self.texto = texto }
  override func serializar(en bytes: inout [UInt8]) { bytes.append(contentsOf: texto.utf8) }
}

private final class Lista: Nodo {
  var elementos: [Ranura] = []
  override func serializar(en bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "["))
    for (i, e) in elementos.enumerated() {
      if i > 0 { bytes.append(UInt8(ascii: ",")) }
      e.serializar(en: &bytes)
    }
    bytes.append(UInt8(ascii: "]"))
  }
}

private final class Objeto: Nodo {
  /// By key: a key encoded twice keeps its last value, as in Foundation.
  var campos: [String: Ranura] = [:]
  override func serializar(en bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "{"))
    // Foundation's order: by the keys' UTF-8 bytes.
    let claves = campos.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    for (i, clave) in claves.enumerated() {
      if i > 0 { bytes.append(UInt8(ascii: ",")) }
      escribirCadena(clave, en: &bytes)
      bytes.append(UInt8(ascii: ":"))
      campos[clave]?.serializar(en: &bytes)
    }
    bytes.append(UInt8(ascii: "}"))
  }
}

/// Where one value goes: a field, an element, the document.
private final class Ranura {
  var nodo: Nodo?

  func serializar(en bytes: inout [UInt8]) {
    // A value that asked for no container is an empty object in Foundation.
    if let nodo { nodo.serializar(en: &bytes) } else { bytes.append(contentsOf: "{}".utf8) }
  }

  func objeto() -> Objeto {
    if let o = nodo as? Objeto { return o }
    let o = Objeto()
    nodo = o
    return o
  }

  func lista() -> Lista {
    if let l = nodo as? Lista { return l }
    let l = Lista()
    nodo = l
    return l
  }
}

/// A string as Foundation writes it: `"` and `\` escaped, the control
/// characters as `\b \t \n \f \r` or `\u00XX`, everything else as it is.
private func escribirCadena(_ s: String, en bytes: inout [UInt8]) {
  let hex = Array("0123456789abcdef".utf8)
  bytes.append(UInt8(ascii: "\""))
  for b in s.utf8 {
    switch b {
    case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), b])
    case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), b])
    case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
    case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
    case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
    case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
    case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
    case 0..<0x20:
      bytes.append(contentsOf: "\\u00".utf8)
      bytes.append(hex[Int(b >> 4)])
      bytes.append(hex[Int(b & 0xF)])
    default: bytes.append(b)
    }
  }
  bytes.append(UInt8(ascii: "\""))
}

private func cadena(_ s: String) -> Hoja {
  var bytes: [UInt8] = []
  bytes.reserveCapacity(s.utf8.count + 2)
  escribirCadena(s, en: &bytes)
  return Hoja(String(decoding: bytes, as: UTF8.self))
}

// MARK: - Encoder

private struct Codificador: Encoder {
  let ranura: Ranura
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  /// Writes `valor` into `ranura`; the types Foundation writes its own way
  /// are refused.
  static func escribir<T: Encodable>(_ valor: T, en ranura: Ranura, camino: [any CodingKey])
    throws
  {
    if T.self == Decimal.self || T.self == Date.self || T.self == Data.self || T.self == URL.self {
      throw JSONCompacto.Rechazo()
    }
    try valor.encode(to: Codificador(ranura: ranura, codingPath: camino))
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    KeyedEncodingContainer(Campos<Key>(objeto: ranura.objeto(), codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    Elementos(lista: ranura.lista(), codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    Unico(destino: ranura, codingPath: codingPath)
  }
}

/// The scalars every container writes alike.
private protocol Escritor {
  var codingPath: [any CodingKey] { get }
  /// A new place for the next value (at `clave` in an object).
  func ranura(_ clave: (any CodingKey)?) -> Ranura
}

extension Escritor {
  func hoja(_ texto: String, _ clave: (any CodingKey)?) { ranura(clave).nodo = Hoja(texto) }
  func texto(_ s: String, _ clave: (any CodingKey)?) { ranura(clave).nodo = cadena(s) }
  func valor<T: Encodable>(_ v: T, _ clave: (any CodingKey)?) throws {
    try Codificador.escribir(v, en: ranura(clave), camino: codingPath + (clave.map { [$0] } ?? []))
  }
}

/// The scalars of a list and of a single value: the two protocols ask for
/// the same methods.
private protocol EscritorSinClave: Escritor {}

extension EscritorSinClave {
  func encodeNil() throws { hoja("null", nil) }
  func encode(_ value: Bool) throws { hoja(value ? "true" : "false", nil) }
  func encode(_ value: String) throws { texto(value, nil) }
  func encode(_ value: Double) throws { throw JSONCompacto.Rechazo() }
  func encode(_ value: Float) throws { throw JSONCompacto.Rechazo() }
  func encode(_ value: Int) throws { hoja(String(value), nil) }
  func encode(_ value: Int8) throws { hoja(String(value), nil) }
  func encode(_ value: Int16) throws { hoja(String(value), nil) }
  func encode(_ value: Int32) throws { hoja(String(value), nil) }
  func encode(_ value: Int64) throws { hoja(String(value), nil) }
  func encode(_ value: UInt) throws { hoja(String(value), nil) }
  func encode(_ value: UInt8) throws { hoja(String(value), nil) }
  func encode(_ value: UInt16) throws { hoja(String(value), nil) }
  func encode(_ value: UInt32) throws { hoja(String(value), nil) }
  func encode(_ value: UInt64) throws { hoja(String(value), nil) }
  func encode<T: Encodable>(_ value: T) throws { try valor(value, nil) }
}

private struct Campos<Key: CodingKey>: KeyedEncodingContainerProtocol, Escritor {
  let objeto: Objeto
  let codingPath: [any CodingKey]

  func ranura(_ clave: (any CodingKey)?) -> Ranura {
    let r = Ranura()
    objeto.campos[clave?.stringValue ?? ""] = r
    return r
  }

  mutating func encodeNil(forKey key: Key) throws { hoja("null", key) }
  mutating func encode(_ value: Bool, forKey key: Key) throws {
    hoja(value ? "true" : "false", key)
  }
  mutating func encode(_ value: String, forKey key: Key) throws { texto(value, key) }
  mutating func encode(_ value: Double, forKey key: Key) throws { throw JSONCompacto.Rechazo() }
  mutating func encode(_ value: Float, forKey key: Key) throws { throw JSONCompacto.Rechazo() }
  mutating func encode(_ value: Int, forKey key: Key) throws { hoja(String(value), key) }
  mutating func encode(_ value: Int8, forKey key: Key) throws { hoja(String(value), key) }
  mutating func encode(_ value: Int16, forKey key: Key) throws { hoja(String(value), key) }
  mutating func encode(_ value: Int32, forKey key: Key) throws { hoja(String(value), key) }
  mutating func encode(_ value: Int64, forKey key: Key) throws { hoja(String(value), key) }
  mutating func encode(_ value: UInt, forKey key: Key) throws { hoja(String(value), key) }
  mutating func encode(_ value: UInt8, forKey key: Key) throws { hoja(String(value), key) }
  mutating func encode(_ value: UInt16, forKey key: Key) throws { hoja(String(value), key) }
  mutating func encode(_ value: UInt32, forKey key: Key) throws { hoja(String(value), key) }
  mutating func encode(_ value: UInt64, forKey key: Key) throws { hoja(String(value), key) }
  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try valor(value, key) }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    KeyedEncodingContainer(
      Campos<NestedKey>(objeto: ranura(key).objeto(), codingPath: codingPath + [key]))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    Elementos(lista: ranura(key).lista(), codingPath: codingPath + [key])
  }

  mutating func superEncoder() -> any Encoder {
    Codificador(ranura: ranura(ClaveSuper()), codingPath: codingPath)
  }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    Codificador(ranura: ranura(key), codingPath: codingPath + [key])
  }
}

/// The key Foundation gives `superEncoder()`.
private struct ClaveSuper: CodingKey {
  var stringValue: String { "super" }
  var intValue: Int? { nil }
  init() {}
  init?(stringValue: String) { nil }
  init?(intValue: Int) { nil }
}

private struct Elementos: UnkeyedEncodingContainer, EscritorSinClave {
  let lista: Lista
  let codingPath: [any CodingKey]
  var count: Int { lista.elementos.count }

  func ranura(_ clave: (any CodingKey)?) -> Ranura {
    let r = Ranura()
    lista.elementos.append(r)
    return r
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    KeyedEncodingContainer(Campos<NestedKey>(objeto: ranura(nil).objeto(), codingPath: codingPath))
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    Elementos(lista: ranura(nil).lista(), codingPath: codingPath)
  }

  mutating func superEncoder() -> any Encoder {
    Codificador(ranura: ranura(nil), codingPath: codingPath)
  }
}

private struct Unico: SingleValueEncodingContainer, EscritorSinClave {
  let destino: Ranura
  let codingPath: [any CodingKey]

  func ranura(_ clave: (any CodingKey)?) -> Ranura { destino }
}
