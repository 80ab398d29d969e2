import Foundation
import Ledger
import XLSX

/// Writes only when the bytes differ: a run that changes nothing touches
/// nothing. Through a temporary name and a rename, but without flushing
/// each file to disk: these are outputs the next run rewrites from the
/// ledger, and a thousand flushes cost seconds.
///
/// - Returns: whether the file was written.
@discardableResult
public func escribirSiCambia(_ texto: String, _ ruta: String) throws -> Bool {
  let data = Data(texto.utf8)
  if let actual = FileManager.default.contents(atPath: ruta), actual == data { return false }
  let temporal = TemporaryFile.path(for: ruta)
  let modo = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
  var fd = open(temporal, modo, 0o644)
  if fd < 0 && errno == ENOENT {
    // The folder is made when it is missing, not checked at every write.
    try FileManager.default.createDirectory(
      atPath: (ruta as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    fd = open(temporal, modo, 0o644)
  }
  guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: ruta]) }
  let escrito = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
  close(fd)
  PuntoDeParada.temporalEscrito.pasar()
  guard escrito == data.count, rename(temporal, ruta) == 0 else {
    unlink(temporal)
    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: ruta])
  }
  return true
}
