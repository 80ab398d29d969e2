/// What a cell's style says its number is.
///
/// Read from `cellXfs` → `numFmtId` once per workbook, so the schema stage
/// can tell 0.1698 shown as `16,98 %` from 16.98 typed as points, and a date
/// serial from a count.
public enum NumberKind: String, Sendable, Codable {
  case general, number, percent, date, time, text
}

/// A cell's value as the file states it; interpretation (es-CO text,
/// percent points, serial dates) belongs to the schema stage.
public enum CellValue: Hashable, Sendable {
  /// A number in its lexical form from the file (`0.1698`, `4.4286E4`), so
  /// that later stages can read it as an exact decimal.
  case number(String)
  case text(String)
  case bool(Bool)
  /// A formula error such as `#DIV/0!`, `#N/A`, `#REF!`.
  case error(String)
  /// `t="d"`: an ISO 8601 date written as text.
  case isoDate(String)
  /// A formula whose result the writer did not store (openpyxl, generators).
  case notComputed

  /// The number as binary floating point, for display and dates only.
  public var double: Double? {
    if case .number(let s) = self { return Double(s) }
    return nil
  }
}

/// One non-empty cell of a row.
public struct Cell: Hashable, Sendable {
  public let column: Int
  public let value: CellValue
  public let kind: NumberKind
  /// True when the cell holds a formula; `value` is then its cached result.
  public let isFormula: Bool

  public init(
    column: Int, value: CellValue, kind: NumberKind = .general,
    isFormula: Bool = false
  ) {
    self.column = column
    self.value = value
    self.kind = kind
    self.isFormula = isFormula
  }
}

/// A sheet row: its 1-based index and its non-empty cells, left to right.
public struct Row: Hashable, Sendable {
  public let index: Int
  public let cells: [Cell]

  public init(index: Int, cells: [Cell]) {
    self.index = index
    self.cells = cells
  }

  /// The cell in a 1-based column, if the row has one there.
  public subscript(column: Int) -> Cell? {
    cells.first { $0.column == column }
  }

  public func ref(_ column: Int) -> CellRef { CellRef(row: index, column: column) }
}
