import Foundation

/// Streams one worksheet row by row: libzip inflates 64 KiB at a time
/// (`PartStream`, a few chunks ahead on another thread) into libxml2's SAX2
/// push parser, and the rows each chunk completes are handed
/// out before the next chunk is read, so memory does not grow with the
/// number of rows.
///
/// `mergedRanges` and `dimension` are complete once `next()` has returned
/// nil: in the part, `<mergeCells>` follows `<sheetData>`.
public final class SheetReader: Sequence, IteratorProtocol {
  public let sheet: SheetInfo
  private let stream: PartStream?
  private let parser: XMLStream?
  private let handler: SheetHandler?
  private var finished = false
  /// The error that ended the stream, when iterated with `for … in`.
  public private(set) var error: Error?

  init(
    sheet: SheetInfo, stream: PartStream, sharedStrings: [String],
    styles: [NumberKind], limits: ReadLimits
  ) throws {
    self.sheet = sheet
    self.stream = stream
    let handler = SheetHandler(
      sheet: sheet.name, sharedStrings: sharedStrings, styles: styles,
      limits: limits)
    self.handler = handler
    parser = XMLStream(part: sheet.part, handler: handler)
  }

  init(empty sheet: SheetInfo) {
    self.sheet = sheet
    stream = nil
    parser = nil
    handler = nil
    finished = true
  }

  public var mergedRanges: [CellRange] { handler?.merges ?? [] }
  public var dimension: CellRange? { handler?.dimension }

  /// The next row with at least one non-empty cell, or nil at the end.
  public func nextRow() throws -> Row? {
    guard let handler, let parser, let stream else { return nil }
    while true {
      if let row = handler.popRow() { return row }
      if finished { return nil }
      if let chunk = try stream.next() {
        try parser.feed(chunk)
      } else {
        finished = true
        try parser.finish()
      }
    }
  }

  /// `for row in reader` stops at the first error and keeps it in `error`;
  /// callers that must tell a clean end from a failure use `nextRow()`.
  public func next() -> Row? {
    guard error == nil else { return nil }
    do {
      return try nextRow()
    } catch {
      self.error = error
      return nil
    }
  }
}

/// The lexical form of a number cell (xsd:double as spreadsheet writers
/// write it): sign, digits, fraction, exponent. Checked on the bytes, since
/// this runs for most cells of a sheet; `inf`, `nan` and hex floats, which
/// `Double(_:)` would take, are no spreadsheet's numbers.
func isNumeral(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  var i = 0
  let n = bytes.count
  @inline(__always) func digits() -> Int {
    let start = i
    while i < n, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
    return i - start
  }
  if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
  var mantissa = digits()
  if i < n, bytes[i] == UInt8(ascii: ".") {
    i += 1
    mantissa += digits()
  }
  guard mantissa > 0 else { return false }
  if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
    i += 1
    if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
    guard digits() > 0 else { return false }
  }
  return i == n
}

enum CellType { case number, shared, formulaString, inline, bool, error, date }

/// The column of the next `<c>` of a row: its `r` when it has one (which
/// must lie in this row, right of the previous cell), else the next
/// column. Shared by the reader and the annotator, which must agree on
/// where every cell is.
func nextCellColumn(
  _ r: UnsafeBufferPointer<UInt8>?, row: Int, after column: Int, sheet: String
) throws -> Int {
  if let r {
    guard let ref = CellRef(bytes: r), ref.row == row, ref.column > column else {
      throw XLSXError.invalidCellReference(sheet: sheet, text: String(decoding: r, as: UTF8.self))
    }
    return ref.column
  }
  guard column + 1 <= CellRef.maxColumn else {
    throw XLSXError.invalidCellReference(
      sheet: sheet, text: CellRef.columnName(column + 1) + String(row))
  }
  return column + 1
}

/// The SAX state machine of a worksheet part.
final class SheetHandler: XMLEventHandler {
  let sheet: String
  let sharedStrings: [String]
  let styles: [NumberKind]
  let limits: ReadLimits

  private(set) var merges: [CellRange] = []
  private(set) var dimension: CellRange?

  private var ready: [Row] = []
  private var readyHead = 0
  private var inSheetData = false
  private var rowIndex = 0
  private var cells: [Cell] = []
  private var cellCount = 0
  // The cell being read.
  private var column = 0
  private var type: CellType = .number
  private var kind: NumberKind = .general
  private var hasFormula = false
  private var hasValue = false
  private let value = TextBuffer()
  private let inline = TextBuffer()
  private var inInline = false
  private var phoneticDepth = 0

  init(sheet: String, sharedStrings: [String], styles: [NumberKind], limits: ReadLimits) {
    self.sheet = sheet
    self.sharedStrings = sharedStrings
    self.styles = styles
    self.limits = limits
  }

  func popRow() -> Row? {
    guard readyHead < ready.count else {
      if readyHead > 0 {
        ready.removeAll(keepingCapacity: true)
        readyHead = 0
      }
      return nil
    }
    defer { readyHead += 1 }
    return ready[readyHead]
  }

  var wantsText: Bool { value.isCollecting || inline.isCollecting }

  func start(_ name: XMLName, _ attributes: XMLAttributes) throws {
    if name.is("c") {
      try startCell(attributes)
    } else if name.is("v") {
      value.begin()
      hasValue = true
    } else if name.is("f") {
      hasFormula = true
    } else if name.is("t") {
      if inInline, phoneticDepth == 0 { inline.isCollecting = true }
    } else if name.is("is") {
      inInline = true
      inline.begin()
      inline.isCollecting = false
    } else if name.is("rPh") {
      phoneticDepth += 1
    } else if name.is("row") {
      try startRow(attributes)
    } else if name.is("sheetData") {
      inSheetData = true
    } else if name.is("mergeCell") {
      if let ref = attributes.value("ref"), let range = CellRange(ref) {
        merges.append(range)
      }
    } else if name.is("dimension") {
      dimension = attributes.value("ref").flatMap(CellRange.init)
    }
  }

  func end(_ name: XMLName) throws {
    if name.is("v") {
      value.isCollecting = false
    } else if name.is("t") {
      inline.isCollecting = false
    } else if name.is("c") {
      try endCell()
    } else if name.is("is") {
      inInline = false
    } else if name.is("rPh") {
      phoneticDepth -= 1
    } else if name.is("row") {
      if !cells.isEmpty {
        ready.append(Row(index: rowIndex, cells: cells))
        cells.removeAll(keepingCapacity: true)
      }
    } else if name.is("sheetData") {
      inSheetData = false
    }
  }

  func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {
    let ok =
      value.isCollecting
      ? value.append(bytes, limit: limits.maxStringLength)
      : inline.append(bytes, limit: limits.maxStringLength)
    if !ok {
      throw XLSXError.stringTooLong(
        part: sheet, cell: CellRef(row: rowIndex, column: column),
        limit: limits.maxStringLength)
    }
  }

  private func startRow(_ attributes: XMLAttributes) throws {
    guard inSheetData else { return }
    if let r = attributes.value("r") {
      // Rows go down the sheet; one out of order or off the grid is a
      // damaged part, not something to guess around.
      guard let index = Int(r), index > rowIndex, index <= CellRef.maxRow else {
        throw XLSXError.invalidCellReference(sheet: sheet, text: "<row r=\"\(r)\">")
      }
      rowIndex = index
    } else {
      rowIndex += 1
      guard rowIndex <= CellRef.maxRow else {
        throw XLSXError.invalidCellReference(sheet: sheet, text: "<row r=\"\(rowIndex)\">")
      }
    }
    column = 0
  }

  private func startCell(_ attributes: XMLAttributes) throws {
    guard inSheetData else { return }
    // One pass over the attributes: this runs for every cell of the sheet.
    var r: UnsafeBufferPointer<UInt8>?
    var t: UnsafeBufferPointer<UInt8>?
    var s: UnsafeBufferPointer<UInt8>?
    // swift-format-ignore: ReplaceForEachWithForLoop
    // The attributes are libxml2's array, walked in place, not a Sequence.
    attributes.forEach { name, value in
      if name.is("r") {
        r = value
      } else if name.is("t") {
        t = value
      } else if name.is("s") {
        s = value
      }
    }
    column = try nextCellColumn(r, row: rowIndex, after: column, sheet: sheet)
    type = try t.map(cellType) ?? .number
    kind = .general
    if let s {
      guard let index = parseIndex(s), index < max(styles.count, 1) else {
        throw XLSXError.styleOutOfRange(
          sheet: sheet, cell: CellRef(row: rowIndex, column: column),
          index: String(decoding: s, as: UTF8.self), count: styles.count)
      }
      kind = index < styles.count ? styles[index] : .general
    }
    hasFormula = false
    hasValue = false
    value.begin()
    value.isCollecting = false
    inline.begin()
    inline.isCollecting = false
  }

  /// The `t` attribute (ECMA-376 §18.18.11); an unknown one is a damaged
  /// part rather than something to guess.
  private func cellType(_ t: UnsafeBufferPointer<UInt8>) throws -> CellType {
    switch (t.count, t.first) {
    case (1, UInt8(ascii: "n")): return .number
    case (1, UInt8(ascii: "s")): return .shared
    case (1, UInt8(ascii: "b")): return .bool
    case (1, UInt8(ascii: "e")): return .error
    case (1, UInt8(ascii: "d")): return .date
    case (3, _) where t.equals("str"): return .formulaString
    case (9, _) where t.equals("inlineStr"): return .inline
    default:
      throw XLSXError.invalidCellValue(
        sheet: sheet, cell: CellRef(row: rowIndex, column: column),
        text: "t=\"\(String(decoding: t, as: UTF8.self))\"")
    }
  }

  /// A non-negative decimal index (`s` attribute, shared-string number).
  private func parseIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !bytes.isEmpty, bytes.count < 10 else { return nil }
    var n = 0
    for b in bytes {
      guard (48...57).contains(b) else { return nil }
      n = n * 10 + Int(b - 48)
    }
    return n
  }

  private func endCell() throws {
    guard inSheetData else { return }
    let ref = CellRef(row: rowIndex, column: column)
    let cellValue: CellValue?
    switch type {
    case .shared:
      guard let index = parseIndex(value.bytes),
        index < sharedStrings.count
      else {
        throw XLSXError.sharedStringOutOfRange(
          sheet: sheet, cell: ref, index: Int(value.string) ?? -1,
          count: sharedStrings.count)
      }
      cellValue = .text(sharedStrings[index])
    case .inline:
      cellValue = .text(inline.decoded)
    case .formulaString:
      cellValue = hasValue ? .text(value.decoded) : (hasFormula ? .notComputed : nil)
    case .bool:
      let raw = value.string
      cellValue = hasValue ? .bool(raw == "1" || raw.lowercased() == "true") : nil
    case .error:
      cellValue = hasValue ? .error(value.string) : nil
    case .date:
      cellValue = hasValue ? .isoDate(value.string) : nil
    case .number:
      if hasValue, !value.bytes.isEmpty {
        guard isNumeral(value.bytes) else {
          throw XLSXError.invalidCellValue(sheet: sheet, cell: ref, text: value.string)
        }
        cellValue = .number(value.string)
      } else {
        cellValue = hasFormula ? .notComputed : nil
      }
    }
    guard let cellValue else { return }
    cellCount += 1
    if cellCount > limits.maxCellsPerSheet {
      throw XLSXError.tooManyCells(sheet: sheet, limit: limits.maxCellsPerSheet)
    }
    cells.append(Cell(column: column, value: cellValue, kind: kind, isFormula: hasFormula))
  }
}
