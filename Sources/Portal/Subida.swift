import Foundation
import Hummingbird
import Ledger
import MultipartKit
import XLSX

/// One `multipart/form-data` upload, streamed to temporary files as it
/// arrives: each file part (`archivo`) goes to disk chunk by chunk, never
/// whole into memory, and the form stops at the cap.
struct Subida {
  /// Upload temporaries sit hidden in the inbox's root (the inbox ignores
  /// hidden files) until their folder is known, then are renamed into it.
  static let prefijo = ".subida-"

  /// One file of the form.
  struct Archivo {
    var temporal: String
    /// The client's file name, sanitised.
    var nombre: String
    var bytes: Int64
  }

  /// The files, in the form's order; empty when it had none.
  var archivos: [Archivo]
  /// The small fields (`dependencia`, `csrf`), when sent (even empty).
  var campos: [String: String]

  /// The first file's name, sanitised (`envio.xlsx` without one).
  var nombre: String { archivos.first?.nombre ?? Buzon.nombreDeCliente("") }
  /// The `dependencia` field, when sent (even empty).
  var dependencia: String? { campos["dependencia"] }

  /// Removes what is still in the temporaries (a file placed in the inbox
  /// is no longer there).
  func descartar() {
    for a in archivos { unlink(a.temporal) }
  }

  /// Reads the whole form.
  ///
  /// - Parameter maximo: file parts kept (the API takes one, the page
  ///   several); later ones are skipped.
  /// - Throws: `ErrorPortal.envioMuyGrande` past `limite` bytes of files
  ///   in all (nothing is left on disk), `.formularioInvalido` for another
  ///   body.
  static func leer(_ request: Request, limite: Int64, carpeta: String, maximo: Int = 1) async throws
    -> Subida
  {
    guard let tipo = request.headers[.contentType], let frontera = frontera(tipo) else {
      throw ErrorPortal.formularioInvalido
    }
    // The form's other fields and headers are small: a declared length
    // far past the cap is refused before a byte is read.
    let holgura: Int64 = 1 << 20
    if let largo = request.headers[.contentLength].flatMap({ Int64($0) }), largo > limite + holgura
    {
      throw ErrorPortal.envioMuyGrande(limiteMB: Int(limite >> 20))
    }
    let estado = Estado(carpeta: carpeta, limite: limite, maximo: maximo)
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
      throw estado.excedido
        ? ErrorPortal.envioMuyGrande(limiteMB: Int(limite >> 20)) : ErrorPortal.interno
    }
    // A file part cut before its closing boundary is not a file.
    estado.cerrar()
    return Subida(archivos: estado.archivos, campos: estado.campos)
  }

  /// The `boundary` parameter of a `multipart/form-data` content type.
  static func frontera(_ tipo: String) -> String? {
    let partes = tipo.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
    guard partes.first?.lowercased() == "multipart/form-data" else { return nil }
    for p in partes.dropFirst() where p.lowercased().hasPrefix("boundary=") {
      let v = p.dropFirst("boundary=".count).trimmingCharacters(
        in: CharacterSet(charactersIn: "\""))
      return v.isEmpty || v.count > 200 ? nil : v
    }
    return nil
  }

  /// A parameter of a `Content-Disposition` header (`name`, `filename`).
  static func parametro(_ nombre: String, de valor: String) -> String? {
    for p in valor.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
      guard let igual = p.firstIndex(of: "="), p[..<igual].lowercased() == nombre else { continue }
      var v = String(p[p.index(after: igual)...])
      if v.hasPrefix("\"") && v.hasSuffix("\"") && v.count >= 2 {
        v = String(v.dropFirst().dropLast())
      }
      return v
    }
    return nil
  }

  /// What the parser's callbacks build.
  final class Estado {
    /// Small fields kept, and their largest size.
    static let camposConocidos: Set = ["dependencia", "csrf"]
    static let largoCampo = 200

    let carpeta: String
    let limite: Int64
    let maximo: Int
    var parte: String?
    /// The file being written: its path, client name and handle.
    var ruta: String?
    var nombreArchivo: String?
    var salida: FileHandle?
    var bytesArchivo: Int64 = 0
    /// Complete files.
    var archivos: [Archivo] = []
    /// Bytes of files in all, against `limite`.
    var bytes: Int64 = 0
    var campos: [String: String] = [:]
    var excedido = false
    var fallo: (any Error)?

    init(carpeta: String, limite: Int64, maximo: Int) {
      self.carpeta = carpeta
      self.limite = limite
      self.maximo = maximo
    }

    func encabezado(_ nombre: String, _ valor: String) {
      guard nombre.lowercased() == "content-disposition" else { return }
      parte = Subida.parametro("name", de: valor)
      if parte == "archivo" && ruta == nil && archivos.count < maximo {
        nombreArchivo = Subida.parametro("filename", de: valor)
        // `.subida-<uuid>.tmp-<pid>`: a leftover of a dead server is told
        // apart by its pid (`TemporaryFile.isLeftover`).
        let r = TemporaryFile.path(
          for: carpeta + "/" + Subida.prefijo.dropFirst() + UUID().uuidString)
        // Only the owner reads it until it is received.
        guard
          FileManager.default.createFile(
            atPath: r, contents: nil, attributes: [.posixPermissions: 0o600]),
          let h = FileHandle(forWritingAtPath: r)
        else {
          fallo = ErrorPortal.interno
          return
        }
        ruta = r
        salida = h
        bytesArchivo = 0
      } else if let p = parte, Estado.camposConocidos.contains(p), campos[p] == nil {
        campos[p] = ""
      } else if parte != "archivo" {
        parte = nil
      }
    }

    func cuerpo(_ buffer: inout ByteBuffer) {
      switch parte {
      case "archivo" where salida != nil:
        bytes += Int64(buffer.readableBytes)
        bytesArchivo += Int64(buffer.readableBytes)
        if bytes > limite {
          excedido = true
          return
        }
        do {
          try salida?.write(contentsOf: Data(buffer.readableBytesView))
        } catch {
          fallo = error
        }
      case let p? where Estado.camposConocidos.contains(p):
        if (campos[p]?.utf8.count ?? 0) < Estado.largoCampo {
          campos[p] = (campos[p] ?? "") + String(decoding: buffer.readableBytesView, as: UTF8.self)
        }
      default:
        break
      }
    }

    func finParte() {
      if parte == "archivo", let r = ruta {
        try? salida?.close()
        salida = nil
        ruta = nil
        // A browser sends an empty part with no name for a file input
        // left empty: not a file.
        if bytesArchivo == 0 && (nombreArchivo ?? "").isEmpty {
          unlink(r)
        } else {
          archivos.append(
            Archivo(
              temporal: r, nombre: Buzon.nombreDeCliente(nombreArchivo ?? ""), bytes: bytesArchivo))
        }
      }
      parte = nil
    }

    /// A file left open was cut before its closing boundary: not a file.
    func cerrar() {
      try? salida?.close()
      salida = nil
      if let ruta { unlink(ruta) }
      ruta = nil
    }

    /// Nothing half-written is kept.
    func descartar() {
      cerrar()
      for a in archivos { unlink(a.temporal) }
      archivos = []
    }
  }
}
