import Foundation

/// Reads the ledger's JSON columns into their `Codable` types with less
/// work than `JSONDecoder`, which boxes every value and builds a
/// dictionary per object: reading a corte back from the ledger was mostly
/// that. The text is parsed once into a flat arena (strict RFC 8259), and
/// the decoder walks it.
///
/// It is stricter than Foundation, never looser: anything it does not
/// handle exactly as Foundation would (a floating-point or `Decimal`
/// number, a key with non-ASCII or escaped characters, a key written twice,
/// a string with a lone surrogate, any decoding error at all) makes it
/// throw, and `JSONLibro.valor` then asks `JSONDecoder`, whose value or
/// error (with its coding path) is the one used. `CodecTests` compares the
/// two on every kind of row.
enum JSONLector {
  struct Rechazo: Error {}

  static func valor<T: Decodable>(_ tipo: T.Type, _ texto: String) throws -> T {
    var texto = texto
    return try texto.withUTF8 { bytes in
      var analisis = Analisis(bytes)
      return try Lector.leer(tipo, arbol: try analisis.arbol(), nodo: 0)
    }
  }
}

// MARK: - The parsed document

private struct Nodo {
  enum Clase: UInt8 { case nulo, verdadero, falso, numero, cadena, cadenaEscapada, lista, objeto }
  var clase: Clase
  /// The value's bytes: a number's text, a string's content between its
  /// quotes.
  var inicio: Int32 = 0
  var fin: Int32 = 0
  /// An object member's key: bytes of the source, ASCII, no escapes.
  var claveInicio: Int32 = 0
  var claveFin: Int32 = 0
  var primero: Int32 = -1
  var siguiente: Int32 = -1
  var hijos: Int32 = 0
}

/// The document as the decoder sees it: the source bytes and their nodes.
private struct Arbol {
  let bytes: UnsafeBufferPointer<UInt8>
  let nodos: [Nodo]

  func texto(_ n: Nodo) throws -> String {
    let contenido = UnsafeBufferPointer(rebasing: bytes[Int(n.inicio)..<Int(n.fin)])
    switch n.clase {
    case .cadena: return String(decoding: contenido, as: UTF8.self)
    case .cadenaEscapada: return try desescapar(contenido)
    default: throw JSONLector.Rechazo()
    }
  }

  func clave(_ n: Nodo) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: bytes[Int(n.claveInicio)..<Int(n.claveFin)])
  }

  /// The member of object `i` at `clave`; nil when absent. A key written
  /// twice is left to Foundation.
  func miembro(_ i: Int, _ clave: String) throws -> Int? {
    var hallado: Int?
    var clave = clave
    try clave.withUTF8 { buscada in
      var h = Int(nodos[i].primero)
      while h >= 0 {
        if self.clave(nodos[h]).elementsEqual(buscada) {
          guard hallado == nil else { throw JSONLector.Rechazo() }
          hallado = h
        }
        h = Int(nodos[h].siguiente)
      }
    }
    return hallado
  }

  /// An integer of `T`'s range written as one (`-?digits`).
  func entero<T: FixedWidthInteger>(_ n: Nodo, _ tipo: T.Type) throws -> T {
    guard n.clase == .numero else { throw JSONLector.Rechazo() }
    var i = Int(n.inicio)
    let fin = Int(n.fin)
    let negativo = bytes[i] == UInt8(ascii: "-")
    if negativo { i += 1 }
    var valor: T = 0
    while i < fin {
      let d = bytes[i] &- UInt8(ascii: "0")
      guard d < 10 else { throw JSONLector.Rechazo() }  // a fraction or an exponent
      let (m, o1) = valor.multipliedReportingOverflow(by: 10)
      let (s, o2) =
        negativo ? m.subtractingReportingOverflow(T(d)) : m.addingReportingOverflow(T(d))
      guard !o1, !o2 else { throw JSONLector.Rechazo() }
      valor = s
      i += 1
    }
    return valor
  }

  private func desescapar(_ s: UnsafeBufferPointer<UInt8>) throws -> String {
    var salida: [UInt8] = []
    salida.reserveCapacity(s.count)
    var i = 0
    func hex4() throws -> UInt32 {
      guard i + 4 <= s.count else { throw JSONLector.Rechazo() }
      var v: UInt32 = 0
      for _ in 0..<4 {
        let c = s[i]
        let d: UInt8
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
        default: throw JSONLector.Rechazo()
        }
        v = v << 4 | UInt32(d)
        i += 1
      }
      return v
    }
    while i < s.count {
      let b = s[i]
      i += 1
      guard b == UInt8(ascii: "\\") else {
        salida.append(b)
        continue
      }
      guard i < s.count else { throw JSONLector.Rechazo() }
      let e = s[i]
      i += 1
      switch e {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): salida.append(e)
      case UInt8(ascii: "b"): salida.append(0x08)
      case UInt8(ascii: "f"): salida.append(0x0C)
      case UInt8(ascii: "n"): salida.append(0x0A)
      case UInt8(ascii: "r"): salida.append(0x0D)
      case UInt8(ascii: "t"): salida.append(0x09)
      case UInt8(ascii: "u"):
        var v = try hex4()
        if (0xD800..<0xDC00).contains(v) {
          // A high surrogate must be followed by a low one.
          guard i + 1 < s.count, s[i] == UInt8(ascii: "\\"), s[i + 1] == UInt8(ascii: "u") else {
            throw JSONLector.Rechazo()
          }
          i += 2
          let bajo = try hex4()
          guard (0xDC00..<0xE000).contains(bajo) else { throw JSONLector.Rechazo() }
          v = 0x10000 + ((v - 0xD800) << 10) + (bajo - 0xDC00)
        }
        guard let u = Unicode.Scalar(v) else { throw JSONLector.Rechazo() }
        salida.append(contentsOf: String(Character(u)).utf8)
      default: throw JSONLector.Rechazo()
      }
    }
    return String(decoding: salida, as: UTF8.self)
  }
}

/// RFC 8259, nothing more: no comments, no trailing commas, no leading
/// zeros, no control characters inside strings, only JSON white space.
private struct Analisis {
  let b: UnsafeBufferPointer<UInt8>
  var i = 0
  var nodos: [Nodo] = []
  var profundidad = 0

  init(_ b: UnsafeBufferPointer<UInt8>) {
    self.b = b
    nodos.reserveCapacity(64)
  }

  mutating func arbol() throws -> Arbol {
    _ = try valor()
    espacios()
    guard i == b.count else { throw JSONLector.Rechazo() }
    return Arbol(bytes: b, nodos: nodos)
  }

  private mutating func espacios() {
    while i < b.count {
      switch b[i] {
      case 0x20, 0x09, 0x0A, 0x0D: i += 1
      default: return
      }
    }
  }

  private mutating func literal(_ s: StaticString) throws {
    let n = s.utf8CodeUnitCount
    guard i + n <= b.count else { throw JSONLector.Rechazo() }
    for k in 0..<n where b[i + k] != s.utf8Start[k] { throw JSONLector.Rechazo() }
    i += n
  }

  /// Parses one value and returns its node's index.
  private mutating func valor() throws -> Int {
    espacios()
    guard i < b.count else { throw JSONLector.Rechazo() }
    let indice = nodos.count
    switch b[i] {
    case UInt8(ascii: "n"):
      try literal("null")
      nodos.append(Nodo(clase: .nulo))
    case UInt8(ascii: "t"):
      try literal("true")
      nodos.append(Nodo(clase: .verdadero))
    case UInt8(ascii: "f"):
      try literal("false")
      nodos.append(Nodo(clase: .falso))
    case UInt8(ascii: "\""):
      let (inicio, fin, escapada) = try cadena()
      nodos.append(
        Nodo(clase: escapada ? .cadenaEscapada : .cadena, inicio: Int32(inicio), fin: Int32(fin)))
    case UInt8(ascii: "["): try contenedor(.lista, cierre: UInt8(ascii: "]"))
    case UInt8(ascii: "{"): try contenedor(.objeto, cierre: UInt8(ascii: "}"))
    default:
      let inicio = i
      try numero()
      nodos.append(Nodo(clase: .numero, inicio: Int32(inicio), fin: Int32(i)))
    }
    return indice
  }

  /// A list or an object, from its opening bracket: its elements (or
  /// members) separated by commas up to `cierre`. Nested no deeper than
  /// Foundation reads (512), which also keeps the recursion off the end
  /// of a worker's stack.
  private mutating func contenedor(_ clase: Nodo.Clase, cierre: UInt8) throws {
    profundidad += 1
    defer { profundidad -= 1 }
    guard profundidad <= 512 else { throw JSONLector.Rechazo() }
    let indice = nodos.count
    i += 1
    nodos.append(Nodo(clase: clase))
    espacios()
    if i < b.count, b[i] == cierre {
      i += 1
      return
    }
    var anterior = -1
    while true {
      let h = try clase == .objeto ? miembro() : valor()
      enlazar(indice, h, tras: anterior)
      anterior = h
      espacios()
      guard i < b.count else { throw JSONLector.Rechazo() }
      if b[i] == UInt8(ascii: ",") {
        i += 1
      } else if b[i] == cierre {
        i += 1
        return
      } else {
        throw JSONLector.Rechazo()
      }
    }
  }

  /// `"key": value`; the value's node, its key set.
  private mutating func miembro() throws -> Int {
    espacios()
    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw JSONLector.Rechazo() }
    let (ki, kf, escapada) = try cadena()
    // Keys as Foundation matches them only when they are plain ASCII.
    guard !escapada, b[ki..<kf].allSatisfy({ $0 < 0x80 }) else { throw JSONLector.Rechazo() }
    espacios()
    guard i < b.count, b[i] == UInt8(ascii: ":") else { throw JSONLector.Rechazo() }
    i += 1
    let h = try valor()
    nodos[h].claveInicio = Int32(ki)
    nodos[h].claveFin = Int32(kf)
    return h
  }

  private mutating func enlazar(_ padre: Int, _ hijo: Int, tras anterior: Int) {
    if anterior >= 0 {
      nodos[anterior].siguiente = Int32(hijo)
    } else {
      nodos[padre].primero = Int32(hijo)
    }
    nodos[padre].hijos += 1
  }

  /// A string's content range, after its opening quote; whether it has
  /// escapes.
  private mutating func cadena() throws -> (Int, Int, Bool) {
    i += 1
    let inicio = i
    var escapada = false
    while i < b.count {
      let c = b[i]
      if c == UInt8(ascii: "\"") {
        i += 1
        return (inicio, i - 1, escapada)
      }
      guard c >= 0x20 else { throw JSONLector.Rechazo() }
      if c == UInt8(ascii: "\\") {
        // Every escape checked here, read or not: Foundation skips a `\u`
        // and four bytes, so a short one would end the string elsewhere.
        escapada = true
        i += 1
        guard i < b.count else { throw JSONLector.Rechazo() }
        switch b[i] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
          UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
          break
        case UInt8(ascii: "u"):
          guard i + 4 < b.count, b[(i + 1)...(i + 4)].allSatisfy({ $0.isHexDigitASCII }) else {
            throw JSONLector.Rechazo()
          }
          i += 4
        default: throw JSONLector.Rechazo()
        }
      }
      i += 1
    }
    throw JSONLector.Rechazo()
  }

  private mutating func numero() throws {
    func digitos() -> Int {
      let desde = i
      while i < b.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]) { i += 1 }
      return i - desde
    }
    if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
    guard i < b.count else { throw JSONLector.Rechazo() }
    if b[i] == UInt8(ascii: "0") {
      i += 1
    } else {
      guard digitos() > 0 else { throw JSONLector.Rechazo() }
    }
    if i < b.count, b[i] == UInt8(ascii: ".") {
      i += 1
      guard digitos() > 0 else { throw JSONLector.Rechazo() }
    }
    if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
      i += 1
      if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
      guard digitos() > 0 else { throw JSONLector.Rechazo() }
    }
  }
}

// MARK: - Decoder

private struct Lector: Decoder {
  let arbol: Arbol
  let nodo: Int
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  /// Decodes the value at `nodo`; the types Foundation reads its own way
  /// are left to it.
  static func leer<T: Decodable>(_ tipo: T.Type, arbol: Arbol, nodo: Int) throws -> T {
    if T.self == Decimal.self || T.self == Date.self || T.self == Data.self || T.self == URL.self
      || T.self == Double.self || T.self == Float.self
    {
      throw JSONLector.Rechazo()
    }
    // The months of every goal and indicator: read in one loop rather
    // than an element at a time through `Array`'s and `Optional`'s
    // conformances.
    if T.self == [String?].self, let lista = try textos(arbol: arbol, nodo: nodo) as? T {
      return lista
    }
    return try T(from: Lector(arbol: arbol, nodo: nodo))
  }

  private static func textos(arbol: Arbol, nodo: Int) throws -> [String?] {
    guard arbol.nodos[nodo].clase == .lista else { throw JSONLector.Rechazo() }
    var lista: [String?] = []
    lista.reserveCapacity(Int(arbol.nodos[nodo].hijos))
    var h = Int(arbol.nodos[nodo].primero)
    while h >= 0 {
      let n = arbol.nodos[h]
      lista.append(n.clase == .nulo ? nil : try arbol.texto(n))
      h = Int(n.siguiente)
    }
    return lista
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard arbol.nodos[nodo].clase == .objeto else { throw JSONLector.Rechazo() }
    return KeyedDecodingContainer(Miembros<Key>(arbol: arbol, nodo: nodo))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    guard arbol.nodos[nodo].clase == .lista else { throw JSONLector.Rechazo() }
    return Elementos(arbol: arbol, nodo: nodo)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer {
    Unico(arbol: arbol, nodo: nodo)
  }
}

/// The scalars every container reads alike, from the node `actual` gives.
private protocol LectorEscalar {
  var arbol: Arbol { get }
}

extension LectorEscalar {
  func nulo(_ i: Int) -> Bool { arbol.nodos[i].clase == .nulo }

  func logico(_ i: Int) throws -> Bool {
    switch arbol.nodos[i].clase {
    case .verdadero: return true
    case .falso: return false
    default: throw JSONLector.Rechazo()
    }
  }

  func texto(_ i: Int) throws -> String { try arbol.texto(arbol.nodos[i]) }

  func entero<T: FixedWidthInteger>(_ i: Int, _ t: T.Type) throws -> T {
    try arbol.entero(arbol.nodos[i], t)
  }

  func valor<T: Decodable>(_ i: Int, _ t: T.Type) throws -> T {
    try Lector.leer(t, arbol: arbol, nodo: i)
  }
}

private struct Miembros<Key: CodingKey>: KeyedDecodingContainerProtocol, LectorEscalar {
  let arbol: Arbol
  let nodo: Int
  var codingPath: [any CodingKey] { [] }

  var allKeys: [Key] {
    var claves: [Key] = []
    var h = Int(arbol.nodos[nodo].primero)
    while h >= 0 {
      if let k = Key(stringValue: String(decoding: arbol.clave(arbol.nodos[h]), as: UTF8.self)) {
        claves.append(k)
      }
      h = Int(arbol.nodos[h].siguiente)
    }
    // A key written twice: the list would hold it twice, and Foundation's
    // once; `Dictionary`'s decoding checks `contains` too, which throws.
    return claves
  }

  /// A key written twice is "present": the decode that follows throws,
  /// rather than an optional read as absent.
  func contains(_ key: Key) -> Bool {
    do { return try arbol.miembro(nodo, key.stringValue) != nil } catch { return true }
  }

  func h(_ key: Key) throws -> Int {
    guard let h = try arbol.miembro(nodo, key.stringValue) else { throw JSONLector.Rechazo() }
    return h
  }

  func decodeNil(forKey key: Key) throws -> Bool { nulo(try h(key)) }
  func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try logico(h(key)) }
  func decode(_ type: String.Type, forKey key: Key) throws -> String { try texto(h(key)) }
  func decode(_ type: Double.Type, forKey key: Key) throws -> Double { throw JSONLector.Rechazo() }
  func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw JSONLector.Rechazo() }
  func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try entero(h(key), type) }
  func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try entero(h(key), type) }
  func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try entero(h(key), type) }
  func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try entero(h(key), type) }
  func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try entero(h(key), type) }
  func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try entero(h(key), type) }
  func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try entero(h(key), type) }
  func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try entero(h(key), type) }
  func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try entero(h(key), type) }
  func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try entero(h(key), type) }
  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    try valor(h(key), type)
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try Lector(arbol: arbol, nodo: h(key)).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    try Lector(arbol: arbol, nodo: h(key)).unkeyedContainer()
  }

  func superDecoder() throws -> any Decoder { throw JSONLector.Rechazo() }
  func superDecoder(forKey key: Key) throws -> any Decoder { throw JSONLector.Rechazo() }
}

private struct Elementos: UnkeyedDecodingContainer, LectorEscalar {
  let arbol: Arbol
  var codingPath: [any CodingKey] { [] }
  let count: Int?
  private(set) var currentIndex = 0
  /// The next element's node, -1 past the end.
  private var siguiente: Int

  init(arbol: Arbol, nodo: Int) {
    self.arbol = arbol
    count = Int(arbol.nodos[nodo].hijos)
    siguiente = Int(arbol.nodos[nodo].primero)
  }

  var isAtEnd: Bool { siguiente < 0 }

  /// The next element, consumed.
  mutating func tomar() throws -> Int {
    guard siguiente >= 0 else { throw JSONLector.Rechazo() }
    let h = siguiente
    siguiente = Int(arbol.nodos[h].siguiente)
    currentIndex += 1
    return h
  }

  mutating func decodeNil() throws -> Bool {
    guard siguiente >= 0 else { throw JSONLector.Rechazo() }
    guard nulo(siguiente) else { return false }
    _ = try tomar()
    return true
  }
  mutating func decode(_ type: Bool.Type) throws -> Bool { try logico(tomar()) }
  mutating func decode(_ type: String.Type) throws -> String { try texto(tomar()) }
  mutating func decode(_ type: Double.Type) throws -> Double { throw JSONLector.Rechazo() }
  mutating func decode(_ type: Float.Type) throws -> Float { throw JSONLector.Rechazo() }
  mutating func decode(_ type: Int.Type) throws -> Int { try entero(tomar(), type) }
  mutating func decode(_ type: Int8.Type) throws -> Int8 { try entero(tomar(), type) }
  mutating func decode(_ type: Int16.Type) throws -> Int16 { try entero(tomar(), type) }
  mutating func decode(_ type: Int32.Type) throws -> Int32 { try entero(tomar(), type) }
  mutating func decode(_ type: Int64.Type) throws -> Int64 { try entero(tomar(), type) }
  mutating func decode(_ type: UInt.Type) throws -> UInt { try entero(tomar(), type) }
  mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try entero(tomar(), type) }
  mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try entero(tomar(), type) }
  mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try entero(tomar(), type) }
  mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try entero(tomar(), type) }
  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try valor(tomar(), type) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try Lector(arbol: arbol, nodo: tomar()).container(keyedBy: type)
  }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
    try Lector(arbol: arbol, nodo: tomar()).unkeyedContainer()
  }

  mutating func superDecoder() throws -> any Decoder { throw JSONLector.Rechazo() }
}

private struct Unico: SingleValueDecodingContainer, LectorEscalar {
  let arbol: Arbol
  let nodo: Int
  var codingPath: [any CodingKey] { [] }

  func decodeNil() -> Bool { nulo(nodo) }
  func decode(_ type: Bool.Type) throws -> Bool { try logico(nodo) }
  func decode(_ type: String.Type) throws -> String { try texto(nodo) }
  func decode(_ type: Double.Type) throws -> Double { throw JSONLector.Rechazo() }
  func decode(_ type: Float.Type) throws -> Float { throw JSONLector.Rechazo() }
  func decode(_ type: Int.Type) throws -> Int { try entero(nodo, type) }
  func decode(_ type: Int8.Type) throws -> Int8 { try entero(nodo, type) }
  func decode(_ type: Int16.Type) throws -> Int16 { try entero(nodo, type) }
  func decode(_ type: Int32.Type) throws -> Int32 { try entero(nodo, type) }
  func decode(_ type: Int64.Type) throws -> Int64 { try entero(nodo, type) }
  func decode(_ type: UInt.Type) throws -> UInt { try entero(nodo, type) }
  func decode(_ type: UInt8.Type) throws -> UInt8 { try entero(nodo, type) }
  func decode(_ type: UInt16.Type) throws -> UInt16 { try entero(nodo, type) }
  func decode(_ type: UInt32.Type) throws -> UInt32 { try entero(nodo, type) }
  func decode(_ type: UInt64.Type) throws -> UInt64 { try entero(nodo, type) }
  func decode<T: Decodable>(_ type: T.Type) throws -> T { try valor(nodo, type) }
}

extension UInt8 {
  fileprivate var isHexDigitASCII: Bool {
    (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
  }
}
