import Foundation

/// Whether a file that is still arriving is a finished zip, from its first
/// and last bytes only: a zip writer puts the end-of-central-directory
/// record last, so a zip without it is still being written (or was cut
/// short). The drop box asks this before it takes a file.
public enum ZipEnd {
  public enum State: Sendable, Equatable {
    /// Not a zip at all (a PDF, a `.xls`): nothing to wait for.
    case notZip
    case complete
    /// Empty, or a zip without its end record yet.
    case incomplete
  }

  /// - Parameter size: the file's size as last seen.
  public static func state(ofFileAt path: String, size: Int) -> State {
    if size == 0 { return .incomplete }
    guard let h = FileHandle(forReadingAtPath: path) else { return .notZip }
    defer { try? h.close() }
    guard let start = try? h.read(upToCount: 4), start.count == 4 else { return .incomplete }
    guard start[0] == 0x50, start[1] == 0x4B else { return .notZip }
    let tail = min(size, 22 + 65_535)
    guard (try? h.seek(toOffset: UInt64(size - tail))) != nil,
      let bytes = try? h.read(upToCount: tail)
    else { return .incomplete }
    return hasEndRecord(bytes) ? .complete : .incomplete
  }

  /// `PK\u{5}\u{6}` followed by a record whose comment reaches exactly the
  /// end of the bytes.
  static func hasEndRecord(_ tail: Data) -> Bool {
    let b = [UInt8](tail)
    guard b.count >= 22 else { return false }
    var i = b.count - 22
    while i >= 0 {
      if b[i] == 0x50, b[i + 1] == 0x4B, b[i + 2] == 0x05, b[i + 3] == 0x06 {
        let comment = Int(b[i + 20]) | Int(b[i + 21]) << 8
        if i + 22 + comment == b.count { return true }
      }
      i -= 1
    }
    return false
  }
}
