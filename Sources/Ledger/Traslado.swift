import Foundation
import XLSX

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Moving and copying received files into the outbox. Never overwrites:
/// every destination was reserved in the ledger as a name nobody uses.
enum Traslado {
  enum Fallo: Error {
    case origenPerdido(String)
    case sistema(String, Int32)
  }

  /// Moves `origen` to `destino`: one `rename` on the same file system;
  /// across file systems a copy under a temporary name, flushed, renamed,
  /// and only then the original removed.
  static func mover(_ origen: String, a destino: String) throws {
    // The folder usually exists already: it is made only when the
    // rename says it is missing.
    if rename(origen, destino) == 0 { return }
    if errno == ENOENT {
      try crearCarpeta(de: destino)
      if rename(origen, destino) == 0 { return }
    }
    let e = errno
    guard e == EXDEV else { throw Fallo.sistema(origen, e) }
    try copiar(origen, a: destino)
    guard unlink(origen) == 0 || errno == ENOENT else { throw Fallo.sistema(origen, errno) }
  }

  /// Copies `origen` to `destino` through a temporary name in the
  /// destination's folder, keeping its modification time.
  static func copiar(_ origen: String, a destino: String) throws {
    try crearCarpeta(de: destino)
    let temporal = TemporaryFile.path(for: destino)
    let entrada = open(origen, O_RDONLY | O_CLOEXEC)
    guard entrada >= 0 else { throw Fallo.sistema(origen, errno) }
    defer { close(entrada) }
    let salida = open(temporal, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard salida >= 0 else { throw Fallo.sistema(temporal, errno) }
    var ok = false
    defer {
      if !ok { unlink(temporal) }
    }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(entrada, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        close(salida)
        throw Fallo.sistema(origen, errno)
      }
      if n == 0 { break }
      var escrito = 0
      while escrito < n {
        let m = buffer.withUnsafeBytes { write(salida, $0.baseAddress! + escrito, n - escrito) }
        if m < 0 {
          if errno == EINTR { continue }
          close(salida)
          throw Fallo.sistema(temporal, errno)
        }
        escrito += m
      }
    }
    var st = stat()
    if fstat(entrada, &st) == 0 {
      #if canImport(Darwin)
        var tiempos = [st.st_atimespec, st.st_mtimespec]
      #else
        var tiempos = [st.st_atim, st.st_mtim]
      #endif
      _ = futimens(salida, &tiempos)
    }
    _ = fsync(salida)
    close(salida)
    guard rename(temporal, destino) == 0 else { throw Fallo.sistema(destino, errno) }
    ok = true
  }

  static func crearCarpeta(de ruta: String) throws {
    try crear((ruta as NSString).deletingLastPathComponent)
  }

  /// `mkdir -p` with one `mkdir` per folder that is missing: the
  /// reception makes a folder for nearly every sender.
  private static func crear(_ carpeta: String) throws {
    if mkdir(carpeta, 0o777) == 0 || errno == EEXIST { return }
    guard errno == ENOENT else { throw Fallo.sistema(carpeta, errno) }
    let madre = (carpeta as NSString).deletingLastPathComponent
    guard !madre.isEmpty, madre != carpeta else { throw Fallo.sistema(carpeta, ENOENT) }
    try crear(madre)
    guard mkdir(carpeta, 0o777) == 0 || errno == EEXIST else {
      throw Fallo.sistema(carpeta, errno)
    }
  }

  /// Whether something is at `ruta`, following links as `fileExists`
  /// does, with one `stat` and none of Foundation's path handling: the
  /// reception asks it several times per file.
  static func existe(_ ruta: String) -> Bool {
    var st = stat()
    return stat(ruta, &st) == 0
  }

  /// `informe.xlsx`, `informe (2).xlsx`, `informe (3).xlsx`, …
  static func conSufijo(_ nombre: String, _ n: Int) -> String {
    guard n > 1 else { return nombre }
    let ext = (nombre as NSString).pathExtension
    let base = ext.isEmpty ? nombre : String(nombre.dropLast(ext.count + 1))
    return ext.isEmpty ? "\(base) (\(n))" : "\(base) (\(n)).\(ext)"
  }
}
