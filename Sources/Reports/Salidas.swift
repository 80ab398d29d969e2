import Foundation
import XLSX

/// Writes outputs so that a reader never sees half a file: the bytes go to
/// a temporary name in the same folder, then one `rename` puts them in
/// place. A run killed at any moment leaves the old file or the new one.
public enum Salidas {
  public static func escribir(_ data: Data, en ruta: String) throws {
    let url = URL(fileURLWithPath: ruta)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let temporal = URL(fileURLWithPath: TemporaryFile.path(for: ruta))
    do {
      try data.write(to: temporal)
      guard rename(temporal.path, url.path) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: ruta])
      }
    } catch {
      try? FileManager.default.removeItem(at: temporal)
      throw error
    }
  }

  public static func escribir(_ texto: String, en ruta: String) throws {
    try escribir(Data(texto.utf8), en: ruta)
  }

  /// A file name safe on every file system, kept readable (`Oficina TIC`
  /// stays; `/` and control characters go).
  public static func nombreSeguro(_ s: String) -> String {
    let prohibidos = CharacterSet(charactersIn: "/\\:*?\"<>|").union(.controlCharacters)
    let limpio = String(s.unicodeScalars.map { prohibidos.contains($0) ? "_" : Character($0) })
    return limpio.isEmpty || limpio.hasPrefix(".") ? "_" + limpio : limpio
  }
}
