/// Parses a whole part through a handler.
func parse(
  _ part: String, in package: ZipPackage, cap: Int64? = nil,
  with handler: XMLEventHandler
) throws {
  let stream = XMLStream(part: part, handler: handler)
  try package.stream(part, cap: cap) { try stream.feed($0) }
  try stream.finish()
}

/// Collects the text of the elements a handler marks, within a cap.
///
/// A class over its own storage rather than an array: it is emptied and
/// refilled for every cell of a sheet, and an array's uniqueness checks
/// and range replacement showed in profiles.
final class TextBuffer {
  private var storage: UnsafeMutablePointer<UInt8>
  private var capacity = 64
  private var count = 0
  var isCollecting = false

  init() { storage = .allocate(capacity: capacity) }

  deinit { storage.deallocate() }

  var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

  func begin() {
    count = 0
    isCollecting = true
  }

  func append(_ chunk: UnsafeBufferPointer<UInt8>, limit: Int) -> Bool {
    guard let source = chunk.baseAddress, !chunk.isEmpty else { return true }
    if count + chunk.count > capacity {
      capacity = max(capacity * 2, count + chunk.count)
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
      grown.update(from: storage, count: count)
      storage.deallocate()
      storage = grown
    }
    (storage + count).update(from: source, count: chunk.count)
    count += chunk.count
    // Bytes ≥ characters, so this only refuses too early by a factor of 4
    // in the worst case; check characters when the byte count is close.
    return count <= limit || string.count <= limit
  }

  var string: String { String(decoding: bytes, as: UTF8.self) }

  /// The text with its `_xHHHH_` escapes decoded.
  var decoded: String { decodeEscapes(bytes) }
}

/// Decodes OOXML's `_xHHHH_` escapes (ECMA-376 §22.4.2.4): `_x000D_` is a
/// carriage return, `_x005F_` a literal underscore.
func decodeEscapes(_ text: String) -> String {
  var text = text
  return text.withUTF8(decodeEscapes)
}

/// The same on the bytes of a cell's text; most texts have no `_x` and
/// this runs for every text cell and shared string, so that is checked
/// byte by byte first.
func decodeEscapes(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
  var i = 0
  while i + 6 < bytes.count, !(bytes[i] == UInt8(ascii: "_") && bytes[i + 1] == UInt8(ascii: "x")) {
    i += 1
  }
  guard i + 6 < bytes.count else { return String(decoding: bytes, as: UTF8.self) }
  var out = ""
  var utf8 = bytes[...]
  var pending: [UInt8] = []
  func hex(_ b: UInt8) -> UInt32? {
    switch b {
    case 48...57: return UInt32(b - 48)
    case 65...70: return UInt32(b - 55)
    case 97...102: return UInt32(b - 87)
    default: return nil
    }
  }
  while let first = utf8.first {
    if first == UInt8(ascii: "_"), utf8.count >= 7,
      utf8[utf8.startIndex + 1] == UInt8(ascii: "x"),
      utf8[utf8.startIndex + 6] == UInt8(ascii: "_")
    {
      let digits = utf8[(utf8.startIndex + 2)..<(utf8.startIndex + 6)]
      let values = digits.compactMap(hex)
      if values.count == 4,
        let scalar = Unicode.Scalar(values.reduce(0) { $0 * 16 + $1 })
      {
        out += String(decoding: pending, as: UTF8.self)
        pending.removeAll()
        out.unicodeScalars.append(scalar)
        utf8 = utf8.dropFirst(7)
        continue
      }
    }
    pending.append(first)
    utf8 = utf8.dropFirst()
  }
  out += String(decoding: pending, as: UTF8.self)
  return out
}
