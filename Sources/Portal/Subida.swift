import Foundation
import Hummingbird
import Ledger
import MultipartKit
import XLSX

/// One `multipart/form-data` upload, streamed to a temporary file as it
/// arrives: the file part (`archivo`) goes to disk chunk by chunk, never
/// whole into memory, and stops at the cap.
struct Subida {
  /// Upload temporaries sit hidden in the inbox's root (the inbox ignores
  /// hidden files) until their folder is known, then are renamed into it.
  static let prefijo = ".subida-"

  /// The temporary file; nil when the form had no `archivo` part.
  var temporal: String?
  /// The client's file name, sanitised.
  var nombre: String
  var bytes: Int64
  /// The `dependencia` field, when sent (even empty).
  var dependencia: String?

  /// Reads the whole form.
  ///
  /// - Throws: `ErrorPortal.envioMuyGrande` past `limite` bytes of file
  ///   (nothing is left on disk), `.formularioInvalido` for another body.
  static func leer(_ request: Request, limite: Int64, carpeta: String) async throws -> Subida {
    guard let tipo = request.headers[.contentType], let frontera = frontera(tipo) else {
      throw ErrorPortal.formularioInvalido
    }
    // The form's other fields and headers are small: a declared length
    // far past the cap is refused before a byte is read.
    let holgura: Int64 = 1 << 20
    if let largo = request.headers[.contentLength].flatMap({ Int64($0) }), largo > limite + holgura {
      throw ErrorPortal.envioMuyGrande(limiteMB: Int(limite >> 20))
    }
    let estado = Estado(carpeta: carpeta, limite: limite)
    defer { estado.cerrar() }
    let parser = MultipartParser(boundary: frontera)
    parser.onHeader = { nombre, valor in estado.encabezado(nombre, valor) }
    parser.onBody = { buffer in estado.cuerpo(&buffer) }
    parser.onPartComplete = { estado.finParte() }
    var total: Int64 = 0
    do {
      for try await buffer in request.body {
        total += Int64(buffer.readableBytes)
        // Past twice the cap the rest is not even read: the connection
        // is dropped after the answer.
        if total > 2 * limite + holgura { estado.excedido = true }
        if estado.excedido { if total > 2 * limite + holgura { break } else { continue } }
        try parser.execute(buffer)
      }
    } catch let e as ErrorPortal {
      estado.descartar()
      throw e
    } catch {
      estado.descartar()
      throw ErrorPortal.formularioInvalido
    }
    if estado.excedido || estado.fallo != nil {
      estado.descartar()
      throw estado.excedido ? ErrorPortal.envioMuyGrande(limiteMB: Int(limite >> 20)) : ErrorPortal.interno
    }
    // A file part cut before its closing boundary is not a file.
    if !estado.completo { estado.descartar() }
    return Subida(
      temporal: estado.completo ? estado.ruta : nil, nombre: Buzon.nombreDeCliente(estado.nombreArchivo ?? ""),
      bytes: estado.bytes, dependencia: estado.dependencia)
  }

  /// The `boundary` parameter of a `multipart/form-data` content type.
  static func frontera(_ tipo: String) -> String? {
    let partes = tipo.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
    guard partes.first?.lowercased() == "multipart/form-data" else { return nil }
    for p in partes.dropFirst() where p.lowercased().hasPrefix("boundary=") {
      let v = p.dropFirst("boundary=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
      return v.isEmpty || v.count > 200 ? nil : v
    }
    return nil
  }

  /// A parameter of a `Content-Disposition` header (`name`, `filename`).
  static func parametro(_ nombre: String, de valor: String) -> String? {
    for p in valor.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
      guard let igual = p.firstIndex(of: "="), p[..<igual].lowercased() == nombre else { continue }
      var v = String(p[p.index(after: igual)...])
      if v.hasPrefix("\"") && v.hasSuffix("\"") && v.count >= 2 { v = String(v.dropFirst().dropLast()) }
      return v
    }
    return nil
  }

  /// What the parser's callbacks build.
  final class Estado {
    let carpeta: String
    let limite: Int64
    var parte: String?
    var nombreParte: String?
    var nombreArchivo: String?
    var ruta: String?
    var salida: FileHandle?
    var bytes: Int64 = 0
    var completo = false
    var dependencia: String?
    var excedido = false
    var fallo: (any Error)?

    init(carpeta: String, limite: Int64) {
      self.carpeta = carpeta
      self.limite = limite
    }

    func encabezado(_ nombre: String, _ valor: String) {
      guard nombre.lowercased() == "content-disposition" else { return }
      parte = Subida.parametro("name", de: valor)
      nombreParte = Subida.parametro("filename", de: valor)
      if parte == "archivo" && ruta == nil {
        nombreArchivo = nombreParte
        // `.subida-<uuid>.tmp-<pid>`: a leftover of a dead server is told
        // apart by its pid (`TemporaryFile.isLeftover`).
        let r = carpeta + "/" + Subida.prefijo + UUID().uuidString + ".tmp-\(getpid())"
        // Only the owner reads it until it is received.
        guard FileManager.default.createFile(atPath: r, contents: nil, attributes: [.posixPermissions: 0o600]),
          let h = FileHandle(forWritingAtPath: r)
        else {
          fallo = ErrorPortal.interno
          return
        }
        ruta = r
        salida = h
      } else if parte == "dependencia" {
        dependencia = ""
      }
    }

    func cuerpo(_ buffer: inout ByteBuffer) {
      switch parte {
      case "archivo" where salida != nil && !completo:
        bytes += Int64(buffer.readableBytes)
        if bytes > limite {
          excedido = true
          return
        }
        do {
          try salida?.write(contentsOf: Data(buffer.readableBytesView))
        } catch {
          fallo = error
        }
      case "dependencia":
        if (dependencia?.utf8.count ?? 0) < 200 {
          dependencia = (dependencia ?? "") + String(decoding: buffer.readableBytesView, as: UTF8.self)
        }
      default:
        break
      }
    }

    func finParte() {
      if parte == "archivo" && salida != nil && !completo {
        completo = true
        try? salida?.close()
        salida = nil
      }
      parte = nil
    }

    func cerrar() {
      try? salida?.close()
      salida = nil
    }

    /// Nothing half-written is kept.
    func descartar() {
      cerrar()
      if let ruta { unlink(ruta) }
      ruta = nil
      completo = false
    }
  }
}
