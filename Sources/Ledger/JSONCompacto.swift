import Foundation

/// JSON with sorted keys: the very bytes Foundation's `JSONEncoder` writes
/// with `[.sortedKeys, .withoutEscapingSlashes]`, compact or with
/// `.prettyPrinted` as well, for documents made of strings, integers,
/// booleans, null, decimals, arrays and objects, which is what the ledger's
/// columns and every published document hold. Foundation boxes each value
/// and casts it against its special types (`Date`, `Decimal`, `URL`, …);
/// for the rows of a thousand workbooks that cost half as much as
/// validating them. Here the document is built in one flat arena (values
/// as byte ranges, children as linked indices) and written in one pass.
///
/// Anything else (a floating-point number, a NaN decimal, a date, data) is
/// refused with `Rechazo`, and the caller then asks `JSONEncoder`, so the
/// text is the same either way (`CodecTests` compares them, and debug
/// builds compare every published document).
package enum JSONCompacto {
  /// A value this writer does not write; `JSONEncoder` does.
  struct Rechazo: Error {}

  /// Compact, as the ledger keeps it.
  package static func texto<T: Encodable>(_ valor: T) throws -> String {
    try escribir(valor, legible: false)
  }

  /// `.prettyPrinted`: two-space indent and `"clave" : valor`, as the
  /// published documents are written.
  package static func legible<T: Encodable>(_ valor: T) throws -> String {
    try escribir(valor, legible: true)
  }

  private static func escribir<T: Encodable>(_ valor: T, legible: Bool) throws -> String {
    let arbol = Arbol()
    try Codificador.escribir(valor, arbol: arbol, nodo: 0)
    guard arbol.nodos[0].clase != .vacio else { throw Rechazo() }
    var salida: [UInt8] = []
    salida.reserveCapacity(arbol.texto.count * (legible ? 2 : 1) + 64)
    arbol.serializar(0, en: &salida, sangria: legible ? 0 : -1)
    return String(decoding: salida, as: UTF8.self)
  }
}

// MARK: - The document

/// Every value of the document: node 0 is the root. A scalar is a range of
/// `texto`, already JSON; a container links its children; a child of an
/// object has its key, unescaped, as a range of `claves`.
private final class Arbol {
  enum Clase: UInt8 { case vacio, escalar, lista, objeto }

  struct Nodo {
    var clase = Clase.vacio
    var padre: Int32 = -1
    var inicio: Int32 = 0
    var fin: Int32 = 0
    var claveInicio: Int32 = 0
    var claveFin: Int32 = -1
    var primero: Int32 = -1
    var ultimo: Int32 = -1
    var siguiente: Int32 = -1
    var hijos: Int32 = 0
  }

  // One encoder uses its tree from one thread, and no access to these
  // overlaps another: the runtime's exclusivity checks on them were a
  // tenth of encoding a ledger row.
  @exclusivity(unchecked) var nodos = [Nodo()]
  @exclusivity(unchecked) var texto: [UInt8] = []
  @exclusivity(unchecked) var claves: [UInt8] = []

  init() {
    nodos.reserveCapacity(64)
    texto.reserveCapacity(1024)
  }

  /// Makes `nodo` a container of `clase`; asking again for the same kind
  /// keeps what it holds, as Foundation's encoder does.
  func contenedor(_ nodo: Int, _ clase: Clase) {
    guard nodos[nodo].clase != clase else { return }
    nodos[nodo].clase = clase
    nodos[nodo].primero = -1
    nodos[nodo].ultimo = -1
    nodos[nodo].hijos = 0
  }

  /// The child of object `padre` at `clave` that is already a container
  /// of `clase`: asked again for a nested container at the same key,
  /// Foundation's encoder hands back the one it made.
  func contenedorExistente(_ padre: Int, clave: String, _ clase: Clase) -> Int? {
    var h = Int(nodos[padre].primero)
    var hallado: Int?
    while h >= 0 {
      let n = nodos[h]
      if n.clase == clase, claves[Int(n.claveInicio)..<Int(n.claveFin)].elementsEqual(clave.utf8) {
        hallado = h
      }
      h = Int(n.siguiente)
    }
    return hallado
  }

  /// A new child of `padre`, at `clave` when it is an object.
  func hijo(_ padre: Int, clave: String?) -> Int {
    var n = Nodo()
    n.padre = Int32(padre)
    if let clave {
      n.claveInicio = Int32(claves.count)
      claves.append(contentsOf: clave.utf8)
      n.claveFin = Int32(claves.count)
    }
    let i = nodos.count
    nodos.append(n)
    let ultimo = Int(nodos[padre].ultimo)
    if ultimo >= 0 { nodos[ultimo].siguiente = Int32(i) } else { nodos[padre].primero = Int32(i) }
    nodos[padre].ultimo = Int32(i)
    nodos[padre].hijos += 1
    return i
  }

  /// Starts the text of scalar `nodo`; `terminar` closes it.
  func empezar(_ nodo: Int) {
    nodos[nodo].clase = .escalar
    nodos[nodo].inicio = Int32(texto.count)
  }

  func terminar(_ nodo: Int) { nodos[nodo].fin = Int32(texto.count) }

  func escalar(_ nodo: Int, _ s: StaticString) {
    empezar(nodo)
    texto.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    terminar(nodo)
  }

  func escalar(_ nodo: Int, _ s: String) {
    empezar(nodo)
    texto.append(contentsOf: s.utf8)
    terminar(nodo)
  }

  func entero<I: BinaryInteger>(_ nodo: Int, _ v: I) {
    empezar(nodo)
    if v == 0 {
      texto.append(UInt8(ascii: "0"))
    } else {
      if v < 0 { texto.append(UInt8(ascii: "-")) }
      let desde = texto.count
      var m = v.magnitude
      while m > 0 {
        texto.append(UInt8(ascii: "0") + UInt8(m % 10))
        m /= 10
      }
      texto[desde...].reverse()
    }
    terminar(nodo)
  }

  func cadena(_ nodo: Int, _ s: String) {
    empezar(nodo)
    escribirCadena(s.utf8, en: &texto)
    terminar(nodo)
  }

  /// The path of keys to `nodo`, for a conformance that asks for it.
  func camino(_ nodo: Int) -> [any CodingKey] {
    var claves: [any CodingKey] = []
    var i = nodo
    while i > 0 {
      let n = nodos[i]
      let padre = Int(n.padre)
      if nodos[padre].clase == .objeto {
        let k = String(decoding: self.claves[Int(n.claveInicio)..<Int(n.claveFin)], as: UTF8.self)
        claves.append(ClaveJSON(stringValue: k))
      } else {
        var posicion = 0
        var h = Int(nodos[padre].primero)
        while h != i && h >= 0 {
          posicion += 1
          h = Int(nodos[h].siguiente)
        }
        claves.append(ClaveJSON(intValue: posicion))
      }
      i = padre
    }
    return claves.reversed()
  }

  // MARK: Writing

  /// `sangria` is the indent of the line the value starts on, -1 when
  /// compact. Foundation's pretty layout puts each element on its own
  /// line, two spaces deeper, and an empty container still opens and
  /// closes on lines of its own.
  func serializar(_ i: Int, en s: inout [UInt8], sangria: Int) {
    let n = nodos[i]
    switch n.clase {
    case .escalar:
      s.append(contentsOf: texto[Int(n.inicio)..<Int(n.fin)])
    case .vacio, .objeto:
      // A value that asked for no container is an empty object.
      abrir(UInt8(ascii: "{"), en: &s, sangria: sangria)
      for (k, h) in ordenados(n).enumerated() {
        if k > 0 { separar(en: &s, sangria: sangria) }
        sangrar(sangria, en: &s)
        let c = nodos[h]
        escribirCadena(claves[Int(c.claveInicio)..<Int(c.claveFin)], en: &s)
        if sangria < 0 {
          s.append(UInt8(ascii: ":"))
        } else {
          s.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")])
        }
        serializar(h, en: &s, sangria: sangria < 0 ? -1 : sangria + 2)
      }
      cerrar(UInt8(ascii: "}"), en: &s, sangria: sangria)
    case .lista:
      abrir(UInt8(ascii: "["), en: &s, sangria: sangria)
      var h = Int(n.primero)
      var primero = true
      while h >= 0 {
        if !primero { separar(en: &s, sangria: sangria) }
        primero = false
        sangrar(sangria, en: &s)
        serializar(h, en: &s, sangria: sangria < 0 ? -1 : sangria + 2)
        h = Int(nodos[h].siguiente)
      }
      cerrar(UInt8(ascii: "]"), en: &s, sangria: sangria)
    }
  }

  /// An object's children in Foundation's order, by the keys' UTF-8
  /// bytes; a key written twice keeps its last value.
  private func ordenados(_ n: Nodo) -> [Int] {
    var hijos: [Int] = []
    hijos.reserveCapacity(Int(n.hijos))
    var h = Int(n.primero)
    while h >= 0 {
      hijos.append(h)
      h = Int(nodos[h].siguiente)
    }
    return claves.withUnsafeBufferPointer { c in
      func clave(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: c[Int(nodos[i].claveInicio)..<Int(nodos[i].claveFin)])
      }
      // Stable (by position on ties), so the last of equal keys is last.
      hijos.sort { a, b in
        let (x, y) = (clave(a), clave(b))
        return x.elementsEqual(y) ? a < b : x.lexicographicallyPrecedes(y)
      }
      var unicos: [Int] = []
      unicos.reserveCapacity(hijos.count)
      for (k, h) in hijos.enumerated()
      where k + 1 == hijos.count || !clave(h).elementsEqual(clave(hijos[k + 1])) {
        unicos.append(h)
      }
      return unicos
    }
  }

  private func abrir(_ c: UInt8, en s: inout [UInt8], sangria: Int) {
    s.append(c)
    if sangria >= 0 { s.append(UInt8(ascii: "\n")) }
  }

  private func separar(en s: inout [UInt8], sangria: Int) {
    s.append(UInt8(ascii: ","))
    if sangria >= 0 { s.append(UInt8(ascii: "\n")) }
  }

  private func sangrar(_ sangria: Int, en s: inout [UInt8]) {
    if sangria >= 0 { s.append(contentsOf: repeatElement(UInt8(ascii: " "), count: sangria + 2)) }
  }

  private func cerrar(_ c: UInt8, en s: inout [UInt8], sangria: Int) {
    if sangria >= 0 {
      s.append(UInt8(ascii: "\n"))
      s.append(contentsOf: repeatElement(UInt8(ascii: " "), count: sangria))
    }
    s.append(c)
  }
}

/// A string as Foundation writes it: `"` and `\` escaped, the control
/// characters as `\b \t \n \f \r` or `\u00XX`, everything else as it is.
private func escribirCadena<C: Collection<UInt8>>(_ utf8: C, en s: inout [UInt8]) {
  s.append(UInt8(ascii: "\""))
  for b in utf8 {
    switch b {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"): s.append(contentsOf: [UInt8(ascii: "\\"), b])
    case 0x08: s.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
    case 0x09: s.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
    case 0x0A: s.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
    case 0x0C: s.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
    case 0x0D: s.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
    case 0..<0x20:
      let hex = Array("0123456789abcdef".utf8)
      s.append(contentsOf: "\\u00".utf8)
      s.append(hex[Int(b >> 4)])
      s.append(hex[Int(b & 0xF)])
    default: s.append(b)
    }
  }
  s.append(UInt8(ascii: "\""))
}

/// A key made up along the way: a place in a coding path (`Arbol.camino`,
/// a month of `MesesLibro`), or "super", where `superEncoder()` writes as in
/// Foundation.
struct ClaveJSON: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init(intValue: Int) {
    stringValue = "Index \(intValue)"
    self.intValue = intValue
  }
}

// MARK: - Encoder

private struct Codificador: Encoder {
  let arbol: Arbol
  let nodo: Int
  var codingPath: [any CodingKey] { arbol.camino(nodo) }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  /// Writes `valor` at `nodo`; the types Foundation writes its own way
  /// are refused.
  static func escribir<T: Encodable>(_ valor: T, arbol: Arbol, nodo: Int) throws {
    if T.self == Decimal.self, let d = valor as? Decimal {
      // Foundation writes a decimal's `description`; NaN it writes as the
      // bare word, which this writer leaves to it.
      guard !d.isNaN else { throw JSONCompacto.Rechazo() }
      arbol.escalar(nodo, Digitos.texto(d))
      return
    }
    if T.self == Date.self || T.self == Data.self || T.self == URL.self {
      throw JSONCompacto.Rechazo()
    }
    try valor.encode(to: Codificador(arbol: arbol, nodo: nodo))
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    arbol.contenedor(nodo, .objeto)
    return KeyedEncodingContainer(Campos<Key>(arbol: arbol, nodo: nodo))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    arbol.contenedor(nodo, .lista)
    return Elementos(arbol: arbol, nodo: nodo)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    Unico(arbol: arbol, nodo: nodo)
  }
}

/// The scalars every container writes alike, at the place `destino`
/// gives (a new child of an object or a list, or the single value).
private protocol Escritor {
  var arbol: Arbol { get }
  var nodo: Int { get }
  func destino(_ clave: (any CodingKey)?) -> Int
}

extension Escritor {
  var codingPath: [any CodingKey] { arbol.camino(nodo) }
  func valor<T: Encodable>(_ v: T, _ clave: (any CodingKey)?) throws {
    try Codificador.escribir(v, arbol: arbol, nodo: destino(clave))
  }
}

/// The scalars of a list and of a single value: the two protocols ask for
/// the same methods.
private protocol EscritorSinClave: Escritor {}

extension EscritorSinClave {
  func encodeNil() throws { arbol.escalar(destino(nil), "null") }
  func encode(_ value: Bool) throws { arbol.escalar(destino(nil), value ? "true" : "false") }
  func encode(_ value: String) throws { arbol.cadena(destino(nil), value) }
  func encode(_ value: Double) throws { throw JSONCompacto.Rechazo() }
  func encode(_ value: Float) throws { throw JSONCompacto.Rechazo() }
  func encode(_ value: Int) throws { arbol.entero(destino(nil), value) }
  func encode(_ value: Int8) throws { arbol.entero(destino(nil), value) }
  func encode(_ value: Int16) throws { arbol.entero(destino(nil), value) }
  func encode(_ value: Int32) throws { arbol.entero(destino(nil), value) }
  func encode(_ value: Int64) throws { arbol.entero(destino(nil), value) }
  func encode(_ value: UInt) throws { arbol.entero(destino(nil), value) }
  func encode(_ value: UInt8) throws { arbol.entero(destino(nil), value) }
  func encode(_ value: UInt16) throws { arbol.entero(destino(nil), value) }
  func encode(_ value: UInt32) throws { arbol.entero(destino(nil), value) }
  func encode(_ value: UInt64) throws { arbol.entero(destino(nil), value) }
  func encode<T: Encodable>(_ value: T) throws { try valor(value, nil) }
}

private struct Campos<Key: CodingKey>: KeyedEncodingContainerProtocol, Escritor {
  let arbol: Arbol
  let nodo: Int

  func destino(_ clave: (any CodingKey)?) -> Int {
    arbol.hijo(nodo, clave: clave?.stringValue ?? "")
  }

  mutating func encodeNil(forKey key: Key) throws { arbol.escalar(destino(key), "null") }
  mutating func encode(_ value: Bool, forKey key: Key) throws {
    arbol.escalar(destino(key), value ? "true" : "false")
  }
  mutating func encode(_ value: String, forKey key: Key) throws {
    arbol.cadena(destino(key), value)
  }
  mutating func encode(_ value: Double, forKey key: Key) throws { throw JSONCompacto.Rechazo() }
  mutating func encode(_ value: Float, forKey key: Key) throws { throw JSONCompacto.Rechazo() }
  mutating func encode(_ value: Int, forKey key: Key) throws { arbol.entero(destino(key), value) }
  mutating func encode(_ value: Int8, forKey key: Key) throws { arbol.entero(destino(key), value) }
  mutating func encode(_ value: Int16, forKey key: Key) throws {
    arbol.entero(destino(key), value)
  }
  mutating func encode(_ value: Int32, forKey key: Key) throws {
    arbol.entero(destino(key), value)
  }
  mutating func encode(_ value: Int64, forKey key: Key) throws {
    arbol.entero(destino(key), value)
  }
  mutating func encode(_ value: UInt, forKey key: Key) throws { arbol.entero(destino(key), value) }
  mutating func encode(_ value: UInt8, forKey key: Key) throws {
    arbol.entero(destino(key), value)
  }
  mutating func encode(_ value: UInt16, forKey key: Key) throws {
    arbol.entero(destino(key), value)
  }
  mutating func encode(_ value: UInt32, forKey key: Key) throws {
    arbol.entero(destino(key), value)
  }
  mutating func encode(_ value: UInt64, forKey key: Key) throws {
    arbol.entero(destino(key), value)
  }
  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try valor(value, key) }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    let h = arbol.contenedorExistente(nodo, clave: key.stringValue, .objeto) ?? destino(key)
    arbol.contenedor(h, .objeto)
    return KeyedEncodingContainer(Campos<NestedKey>(arbol: arbol, nodo: h))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    let h = arbol.contenedorExistente(nodo, clave: key.stringValue, .lista) ?? destino(key)
    arbol.contenedor(h, .lista)
    return Elementos(arbol: arbol, nodo: h)
  }

  mutating func superEncoder() -> any Encoder {
    Codificador(arbol: arbol, nodo: destino(ClaveJSON(stringValue: "super")))
  }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    Codificador(arbol: arbol, nodo: destino(key))
  }
}

private struct Elementos: UnkeyedEncodingContainer, EscritorSinClave {
  let arbol: Arbol
  let nodo: Int
  var count: Int { Int(arbol.nodos[nodo].hijos) }

  func destino(_ clave: (any CodingKey)?) -> Int { arbol.hijo(nodo, clave: nil) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    let h = destino(nil)
    arbol.contenedor(h, .objeto)
    return KeyedEncodingContainer(Campos<NestedKey>(arbol: arbol, nodo: h))
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let h = destino(nil)
    arbol.contenedor(h, .lista)
    return Elementos(arbol: arbol, nodo: h)
  }

  mutating func superEncoder() -> any Encoder { Codificador(arbol: arbol, nodo: destino(nil)) }
}

private struct Unico: SingleValueEncodingContainer, EscritorSinClave {
  let arbol: Arbol
  let nodo: Int

  func destino(_ clave: (any CodingKey)?) -> Int { nodo }
}
