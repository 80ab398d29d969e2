import Foundation

/// The marks of one sheet, walked down the rows as the part streams by.
struct SheetMarks {
  struct Mark {
    let range: CellRange
    let severity: CellMark.Severity
    /// Every cell of the range is highlighted, inserted when absent; a
    /// sparse one only its cells present in the XML, and its first cell.
    let dense: Bool
  }

  /// A range past this many cells is sparse.
  static let denseCellsPerMark = 10_000
  /// So is every range once a sheet's dense ones add up to this.
  static let denseCellsPerSheet = 200_000

  private let marks: [Mark]
  /// Rows holding cells to insert when absent, in order.
  let rows: [Int]
  /// The block those cells span, to widen `<dimension>`.
  let bounds: CellRange?
  private var next = 0
  private(set) var active: [Mark] = []

  init(_ cellMarks: [CellMark]) {
    var budget = Self.denseCellsPerSheet
    var marks: [Mark] = []
    var rows = Set<Int>()
    var first: CellRef?
    var last: CellRef?
    for m in cellMarks {
      let r = m.range
      let area = (r.last.row - r.first.row + 1) * (r.last.column - r.first.column + 1)
      let dense = area <= Self.denseCellsPerMark && area <= budget
      if dense { budget -= area }
      marks.append(Mark(range: r, severity: m.severity, dense: dense))
      if dense {
        rows.formUnion(r.first.row...r.last.row)
      } else {
        rows.insert(r.first.row)
      }
      let far = dense ? r.last : r.first
      first = CellRef(
        row: min(first?.row ?? r.first.row, r.first.row),
        column: min(first?.column ?? r.first.column, r.first.column))
      last = CellRef(
        row: max(last?.row ?? far.row, far.row), column: max(last?.column ?? far.column, far.column)
      )
    }
    self.marks = marks.sorted { $0.range.first.row < $1.range.first.row }
    self.rows = rows.sorted()
    if let first, let last {
      bounds = CellRange(first: first, last: last)
    } else {
      bounds = nil
    }
  }

  /// Moves to `row` (rows only go down): `active` becomes the marks that
  /// cross it.
  mutating func advance(to row: Int) {
    active.removeAll { $0.range.last.row < row }
    while next < marks.count, marks[next].range.first.row <= row {
      if marks[next].range.last.row >= row { active.append(marks[next]) }
      next += 1
    }
  }

  /// The cells of the current row to insert when absent, left to right,
  /// each with the worst severity marking it.
  func required(row: Int) -> [(column: Int, severity: CellMark.Severity)] {
    var columns: [Int: CellMark.Severity] = [:]
    for mark in active {
      let r = mark.range
      if mark.dense {
        for c in r.first.column...r.last.column {
          columns[c] = max(columns[c] ?? mark.severity, mark.severity)
        }
      } else if r.first.row == row {
        let c = r.first.column
        columns[c] = max(columns[c] ?? mark.severity, mark.severity)
      }
    }
    return columns.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  /// The worst severity marking a cell of the current row.
  func severity(column: Int) -> CellMark.Severity? {
    var worst: CellMark.Severity?
    for mark in active
    where (mark.range.first.column...mark.range.last.column).contains(column) {
      worst = max(worst ?? mark.severity, mark.severity)
    }
    return worst
  }
}

/// Rewrites one sheet part: marked cells get the copy of their `xf` with
/// the severity's fill, absent marked cells and rows are inserted in
/// order, `<dimension>` covers them, and `tabSelected` can be dropped.
///
/// Rows and cells are numbered as the reader numbers them (an `r`, or one
/// past the previous), and the same damage stops it: rows or cells out of
/// order, a style index past `cellXfs`, too many cells.
final class SheetEdit: EchoTransform {
  /// A `<legacyDrawing r:id>` to add: the sheet's notes' drawing.
  struct LegacyDrawing {
    let id: String
    /// The relationships namespace (transitional or strict).
    let namespace: String
  }

  /// CT_Worksheet's elements that come after `legacyDrawing`; Excel puts
  /// `oleObjects` and `controls` inside `mc:AlternateContent`.
  private static let afterLegacyDrawing: Set<String> = [
    "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
    "tableParts", "extLst", "AlternateContent",
  ]

  private let sheet: String
  private var legacyDrawing: LegacyDrawing?
  private var pastSheetData = false
  private var marks: SheetMarks
  private let book: StyleBook
  private let dropTabSelected: Bool
  private let limits: ReadLimits

  private var inSheetData = false
  private var sheetDataPrefix: String?
  /// Column styles from `<cols>`, for cells that are inserted.
  private var columnStyles: [(min: Int, max: Int, style: Int)] = []
  private var nextRequiredRow = 0
  private var rowIndex = 0
  private var column = 0
  private var rowStyle: Int?
  private var required: [(column: Int, severity: CellMark.Severity)] = []
  private var nextRequired = 0
  private var cellCount = 0

  init(
    out: XMLWriter, sheet: String, marks: SheetMarks, book: StyleBook, dropTabSelected: Bool,
    legacyDrawing: LegacyDrawing? = nil, limits: ReadLimits
  ) {
    self.sheet = sheet
    self.legacyDrawing = legacyDrawing
    self.marks = marks
    self.book = book
    self.dropTabSelected = dropTabSelected
    self.limits = limits
    super.init(out: out)
  }

  override func didStart(_ tag: XMLTag) throws {
    if inSheetData {
      if depth == 3, tag.is("row") {
        try startRow(tag)
        return
      }
      if depth == 4, tag.is("c") {
        try startCell(tag)
        return
      }
      try echo(tag)
      return
    }
    if depth == 2, pastSheetData, Self.afterLegacyDrawing.contains(tag.name) {
      try writeLegacyDrawing(prefix: sheetDataPrefix)
    }
    switch depth {
    case 2 where tag.is("sheetData"):
      inSheetData = true
      sheetDataPrefix = tag.prefixName
      try echo(tag)
    case 2 where tag.is("dimension"):
      try echo(tag, dimensionEdit(tag))
    case 3 where tag.is("sheetView") && dropTabSelected:
      try echo(tag, [AttributeEdit(name: "tabSelected", value: nil)])
    case 3 where tag.is("col"):
      if let min = tag.value("min").flatMap(Int.init), let max = tag.value("max").flatMap(Int.init),
        let style = tag.value("style").flatMap(Int.init)
      {
        columnStyles.append((min, max, style))
      }
      try echo(tag)
    default:
      try echo(tag)
    }
  }

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    if depth == 1 {
      try writeLegacyDrawing(prefix: prefix.map { String(cString: $0) })
    }
    guard inSheetData else { return }
    if depth == 3, XMLName(pointer: local).is("row") {
      try insertCells(before: Int.max)
    } else if depth == 2 {
      try insertRows(before: Int.max)
      inSheetData = false
      pastSheetData = true
    }
  }

  /// `<legacyDrawing r:id="…"/>`, once, where CT_Worksheet wants it.
  private func writeLegacyDrawing(prefix: String?) throws {
    guard let drawing = legacyDrawing, let out else { return }
    legacyDrawing = nil
    try out.start(prefix: prefix, local: "legacyDrawing")
    try relationshipId(drawing.id, namespace: drawing.namespace)
    try out.end()
  }

  private func dimensionEdit(_ tag: XMLTag) -> [AttributeEdit] {
    guard let bounds = marks.bounds, let old = tag.value("ref").flatMap(CellRange.init) else {
      return []
    }
    let grown = CellRange(
      first: CellRef(
        row: min(old.first.row, bounds.first.row),
        column: min(old.first.column, bounds.first.column)),
      last: CellRef(
        row: max(old.last.row, bounds.last.row), column: max(old.last.column, bounds.last.column)))
    return [AttributeEdit(name: "ref", value: grown.description)]
  }

  private func startRow(_ tag: XMLTag) throws {
    let index: Int
    if let r = tag.value("r") {
      guard let n = Int(r), n > rowIndex, n <= CellRef.maxRow else {
        throw XLSXError.invalidCellReference(sheet: sheet, text: "<row r=\"\(r)\">")
      }
      index = n
    } else {
      index = rowIndex + 1
      guard index <= CellRef.maxRow else {
        throw XLSXError.invalidCellReference(sheet: sheet, text: "<row r=\"\(index)\">")
      }
    }
    try insertRows(before: index)
    rowIndex = index
    column = 0
    marks.advance(to: index)
    required = marks.required(row: index)
    nextRequired = 0
    let custom = tag.value("customFormat").map { $0 == "1" || $0.lowercased() == "true" } ?? false
    rowStyle = custom ? tag.value("s").flatMap(Int.init) : nil
    // `spans` is only a hint, but a wrong one is best not left behind.
    try echo(tag, required.isEmpty ? [] : [AttributeEdit(name: "spans", value: nil)])
  }

  private func startCell(_ tag: XMLTag) throws {
    column = try nextCellColumn(tag.bytes("r"), row: rowIndex, after: column, sheet: sheet)
    cellCount += 1
    if cellCount > limits.maxCellsPerSheet {
      throw XLSXError.tooManyCells(sheet: sheet, limit: limits.maxCellsPerSheet)
    }
    try insertCells(before: column)
    if nextRequired < required.count, required[nextRequired].column == column {
      nextRequired += 1
    }
    guard let severity = marks.severity(column: column) else {
      try echo(tag)
      return
    }
    var style = 0
    if let s = tag.value("s") {
      guard let n = Int(s), n >= 0, n < book.xfCount else {
        throw XLSXError.styleOutOfRange(
          sheet: sheet, cell: CellRef(row: rowIndex, column: column), index: s,
          count: book.scan.xfs.count)
      }
      style = n
    }
    try echo(tag, [AttributeEdit(name: "s", value: String(book.style(for: style, severity)))])
  }

  /// Writes the current row's absent marked cells left of `limit`.
  private func insertCells(before limit: Int) throws {
    while nextRequired < required.count, required[nextRequired].column < limit {
      let cell = required[nextRequired]
      nextRequired += 1
      try writeCell(CellRef(row: rowIndex, column: cell.column), cell.severity)
    }
  }

  /// Writes the marked rows absent from the XML above row `limit`.
  private func insertRows(before limit: Int) throws {
    let rows = marks.rows
    while nextRequiredRow < rows.count, rows[nextRequiredRow] < limit {
      let row = rows[nextRequiredRow]
      nextRequiredRow += 1
      guard row > rowIndex else { continue }
      marks.advance(to: row)
      let cells = marks.required(row: row)
      guard !cells.isEmpty, let out else { continue }
      rowIndex = row
      rowStyle = nil
      try out.start(prefix: sheetDataPrefix, local: "row")
      try out.attribute("r", row)
      for cell in cells {
        try writeCell(CellRef(row: row, column: cell.column), cell.severity)
      }
      try out.end()
    }
    if nextRequiredRow < rows.count, rows[nextRequiredRow] == limit {
      nextRequiredRow += 1
    }
  }

  /// `<c r="K14" s="…"/>`: an absent cell takes its row's style when the
  /// row has one, else its column's, as Excel shows it.
  private func writeCell(_ ref: CellRef, _ severity: CellMark.Severity) throws {
    guard let out else { return }
    var base = rowStyle ?? columnStyles.last { ($0.min...$0.max).contains(ref.column) }?.style ?? 0
    if !(0..<book.xfCount).contains(base) { base = 0 }
    try out.start(prefix: sheetDataPrefix, local: "c")
    try out.attribute("r", ref.description)
    try out.attribute("s", book.style(for: base, severity))
    try out.end()
  }
}

/// The relationship id of a sheet's `<legacyDrawing>`, if it has one.
final class LegacyDrawingScan: EchoTransform {
  private(set) var id: String?

  init() { super.init(out: nil) }

  override func didStart(_ tag: XMLTag) throws {
    guard depth == 2, tag.is("legacyDrawing") else { return }
    id = tag.attributeList.first { $0.local == "id" && $0.uri != nil }?.value
    throw ScanFinished()
  }
}

/// Whether a sheet's view is selected (`tabSelected`); stops at the
/// sheet's data, since the views come first.
final class SheetViewScan: EchoTransform {
  private(set) var selected = false

  init() { super.init(out: nil) }

  override func didStart(_ tag: XMLTag) throws {
    if depth == 2, tag.is("sheetData") { throw ScanFinished() }
    if depth == 3, tag.is("sheetView"),
      let value = tag.value("tabSelected"), value == "1" || value.lowercased() == "true"
    {
      selected = true
      throw ScanFinished()
    }
  }
}
