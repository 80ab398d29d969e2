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
struct TextBuffer {
  private(set) var bytes: [UInt8] = []
  var isCollecting = false

  mutating func begin() {
    bytes.removeAll(keepingCapacity: true)
    isCollecting = true
  }

  mutating func append(_ chunk: UnsafeBufferPointer<UInt8>, limit: Int) -> Bool {
    bytes.append(contentsOf: chunk)
    // Bytes ≥ characters, so this only refuses too early by a factor of 4
    // in the worst case; check characters when the byte count is close.
    return bytes.count <= limit
      || String(decoding: bytes, as: UTF8.self).count <= limit
  }

  var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// Decodes OOXML's `_xHHHH_` escapes (ECMA-376 §22.4.2.4): `_x000D_` is a
/// carriage return, `_x005F_` a literal underscore.
func decodeEscapes(_ text: String) -> String {
  guard text.contains("_x") else { return text }
  var out = ""
  var utf8 = Array(text.utf8)[...]
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
