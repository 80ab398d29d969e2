import Crypto
import Foundation

/// A file's identity in the ledger: its SHA-256, so the same bytes dropped
/// twice are counted once. Streamed in 64 KiB reads, through swift-crypto.
enum Huella {
  static func archivo(_ ruta: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: ruta) else {
      throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: ruta])
    }
    defer { try? handle.close() }
    var hash = SHA256()
    while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
      hash.update(data: chunk)
    }
    return hex(hash.finalize())
  }

  static func datos(_ datos: Data) -> String { hex(SHA256.hash(data: datos)) }

  /// Lowercase hexadecimal, two digits a byte (`String(format:)` per
  /// byte cost more than the hashing of a small workbook).
  private static func hex(_ d: SHA256.Digest) -> String {
    let digitos = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for b in d {
      out.append(digitos[Int(b >> 4)])
      out.append(digitos[Int(b & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
