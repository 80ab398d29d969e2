import Foundation

/// What several test targets need alike, kept once.
public enum Soporte {
  /// The repository's root: the example inbox and `schemas/` are there.
  public static var raiz: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  /// Different bytes, same workbook: a comment in the zip's end record, so
  /// a file is new to the ledger's checksum but reads the same.
  public static func conComentario(_ datos: Data, _ comentario: String) -> Data {
    var b = [UInt8](datos)
    guard
      let i = stride(from: b.count - 22, through: 0, by: -1).first(where: {
        b[$0] == 0x50 && b[$0 + 1] == 0x4B && b[$0 + 2] == 0x05 && b[$0 + 3] == 0x06
      })
    else { return datos }
    let texto = Array(comentario.utf8)
    b.removeSubrange((i + 22)...)
    b[i + 20] = UInt8(texto.count & 0xFF)
    b[i + 21] = UInt8(texto.count >> 8)
    return Data(b + texto)
  }
}
