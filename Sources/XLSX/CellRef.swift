/// A cell position in A1 notation, 1-based on both axes.
///
/// Every finding a user reads points at one of these (`Metas!K14`), so the
/// type is shared by all stages; it knows nothing of sheets or templates.
public struct CellRef: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Excel's grid: 1,048,576 rows by 16,384 columns (`XFD`).
  public static let maxRow = 1_048_576
  public static let maxColumn = 16_384

  public let row: Int
  public let column: Int

  public init(row: Int, column: Int) {
    self.row = row
    self.column = column
  }

  /// Parses `B7`, `$B$7` or `xfd1048576`; nil when the text is no cell
  /// reference or lies outside Excel's grid.
  public init?(_ text: Substring) {
    var text = text
    guard let ref = text.withUTF8({ CellRef(bytes: $0) }) else { return nil }
    self = ref
  }

  /// Letters then digits, `$` anchors skipped; runs for every cell of a
  /// sheet that has an `r`, so it works on the bytes.
  init?(bytes text: UnsafeBufferPointer<UInt8>) {
    var i = 0
    let n = text.count
    @inline(__always) func skipAnchor() {
      if i < n, text[i] == UInt8(ascii: "$") { i += 1 }
    }
    skipAnchor()
    var column = 0
    let lettersStart = i
    while i < n, i - lettersStart < 4 {
      let letter = text[i] | 0x20  // lower case
      guard letter &- UInt8(ascii: "a") < 26 else { break }
      column = column * 26 + Int(letter - UInt8(ascii: "a")) + 1
      i += 1
    }
    guard i > lettersStart, i - lettersStart <= 3 else { return nil }
    skipAnchor()
    var row = 0
    let digitsStart = i
    while i < n, i - digitsStart < 8 {
      let digit = text[i] &- UInt8(ascii: "0")
      guard digit < 10 else { break }
      row = row * 10 + Int(digit)
      i += 1
    }
    guard i == n, i > digitsStart, i - digitsStart <= 7, (1...Self.maxRow).contains(row),
      (1...Self.maxColumn).contains(column)
    else { return nil }
    self.init(row: row, column: column)
  }

  public init?(_ text: String) { self.init(Substring(text)) }

  /// `A`, `Z`, `AA`, `XFD`.
  public static func columnName(_ column: Int) -> String {
    var n = column
    var scalars: [Character] = []
    while n > 0 {
      let rem = (n - 1) % 26
      scalars.append(Character(Unicode.Scalar(UInt8(65 + rem))))
      n = (n - 1) / 26
    }
    return String(scalars.reversed())
  }

  /// Column letters alone, without a row: `AA`, `xfd`.
  static func parseColumn(_ text: Substring) -> Int? {
    var column = 0
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"):
        column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
      case UInt8(ascii: "a")...UInt8(ascii: "z"):
        column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
      default: return nil
      }
      if column > maxColumn { return nil }
    }
    return column > 0 ? column : nil
  }

  public var description: String { Self.columnName(column) + String(row) }

  public static func < (a: CellRef, b: CellRef) -> Bool {
    (a.row, a.column) < (b.row, b.column)
  }
}

/// A rectangular block of cells (`A7:D7`), as merged ranges and
/// `<dimension>` give them.
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
  public let first: CellRef
  public let last: CellRef

  public init(first: CellRef, last: CellRef) {
    self.first = CellRef(
      row: min(first.row, last.row), column: min(first.column, last.column))
    self.last = CellRef(
      row: max(first.row, last.row), column: max(first.column, last.column))
  }

  /// `A1:D4`, or a single cell `A1`.
  public init?(_ text: String) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    switch parts.count {
    case 1:
      guard let a = CellRef(parts[0]) else { return nil }
      self.init(first: a, last: a)
    case 2:
      guard let a = CellRef(parts[0]), let b = CellRef(parts[1]) else {
        return nil
      }
      self.init(first: a, last: b)
    default:
      return nil
    }
  }

  public func contains(_ ref: CellRef) -> Bool {
    (first.row...last.row).contains(ref.row)
      && (first.column...last.column).contains(ref.column)
  }

  public var description: String {
    first == last ? first.description : "\(first):\(last)"
  }
}

// In A1 notation, as a user reads them: the ledger and the JSON reports
// keep cells this way.
extension CellRef: Codable {
  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    let text = try c.decode(String.self)
    guard let ref = CellRef(Substring(text)) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a cell: \(text)")
    }
    self = ref
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}

extension CellRange: Codable {
  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    let text = try c.decode(String.self)
    guard let range = CellRange(text) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a range: \(text)")
    }
    self = range
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}
