import Foundation

/// Walks a JSON text and reports every object whose keys are not in
/// sorted order (by the path of the object), which a parse into
/// dictionaries cannot see.
public enum ClavesJSON {
  struct Error: Swift.Error {}

  public static func desordenadas(_ texto: String) throws -> [String] {
    var lector = Lector(bytes: Array(texto.utf8))
    var fuera: [String] = []
    try lector.valor("$", &fuera)
    return fuera
  }

  struct Lector {
    let bytes: [UInt8]
    var i = 0

    mutating func espacios() {
      while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
    }

    mutating func cadena() throws -> String {
      guard bytes[i] == UInt8(ascii: "\"") else { throw Error() }
      i += 1
      let inicio = i
      while bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
      defer { i += 1 }
      return String(decoding: bytes[inicio..<i], as: UTF8.self)
    }

    mutating func valor(_ ruta: String, _ fuera: inout [String]) throws {
      espacios()
      switch bytes[i] {
      case UInt8(ascii: "{"):
        i += 1
        var claves: [String] = []
        espacios()
        while bytes[i] != UInt8(ascii: "}") {
          if bytes[i] == UInt8(ascii: ",") { i += 1 }
          espacios()
          let clave = try cadena()
          claves.append(clave)
          espacios()
          i += 1  // ':'
          try valor(ruta + "." + clave, &fuera)
          espacios()
        }
        i += 1
        if claves != claves.sorted() { fuera.append(ruta) }
      case UInt8(ascii: "["):
        i += 1
        var n = 0
        espacios()
        while bytes[i] != UInt8(ascii: "]") {
          if bytes[i] == UInt8(ascii: ",") { i += 1 }
          try valor("\(ruta)[\(n)]", &fuera)
          n += 1
          espacios()
        }
        i += 1
      case UInt8(ascii: "\""): _ = try cadena()
      default:
        while i < bytes.count, !",}] \n".utf8.contains(bytes[i]) { i += 1 }
      }
    }
  }
}
