import Foundation

/// A block of cells to highlight in the annotated copy.
public struct CellMark: Hashable, Sendable {
  /// How serious what was found there is; an error's red wins over a
  /// warning's yellow on a cell marked twice.
  public enum Severity: Int, Hashable, Sendable, Comparable {
    case warning, error

    /// A warning ranks below an error.
    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
  }

  /// The sheet's name, compared as Excel does (ignoring case).
  public var sheet: String
  /// The cells; a single cell is a range of one.
  public var range: CellRange
  /// Red for an error, yellow for a warning.
  public var severity: Severity

  /// A block of cells.
  public init(sheet: String, range: CellRange, severity: Severity) {
    self.sheet = sheet
    self.range = range
    self.severity = severity
  }

  /// One cell.
  public init(sheet: String, cell: CellRef, severity: Severity) {
    self.init(sheet: sheet, range: CellRange(first: cell, last: cell), severity: severity)
  }
}

/// A note (a legacy comment, shown on hover in Excel, LibreOffice and
/// Google Sheets) to put on one cell of the annotated copy.
public struct CellNote: Hashable, Sendable {
  /// The sheet's name, compared as Excel does (ignoring case).
  public var sheet: String
  public var cell: CellRef
  /// The words; several notes on one cell become one, a line each, in
  /// the order given.
  public var text: String

  public init(sheet: String, cell: CellRef, text: String) {
    self.sheet = sheet
    self.cell = cell
    self.text = text
  }
}

/// The sheet put first in the annotated copy.
///
/// A header row, then one row of text per finding. XLSX writes what it is
/// given; the words are the caller's.
public struct ErrorSheet: Sendable {
  /// The tab name.
  ///
  /// When the workbook already has a sheet of that name, ` (2)`, ` (3)`…
  /// is added.
  public var name: String
  /// The header row, frozen and filtered.
  public var headers: [String]
  /// One row per finding, below the header.
  public var rows: [[String]]
  /// Internal links: the cell at 0-based `row` of `rows` and 0-based
  /// `column` opens `cell` of `sheet`.
  public var links: [(row: Int, column: Int, sheet: String, cell: CellRef)]
  /// Cells of `rows` (0-based, as in `links`) filled with a severity's
  /// colour, such as the column that says error or warning.
  public var fills: [(row: Int, column: Int, severity: CellMark.Severity)]
  /// 0-based columns whose text, when it is a whole number, is written as
  /// a number (a counter), so Excel sorts it as one and flags nothing.
  public var numericColumns: Set<Int>
  /// Column widths in characters; missing ones are worked out from the
  /// text, between 8 and 80.
  public var widths: [Double]

  /// A sheet of `rows` under `headers`; see each property.
  public init(
    name: String = "Errores", headers: [String], rows: [[String]],
    links: [(row: Int, column: Int, sheet: String, cell: CellRef)] = [],
    fills: [(row: Int, column: Int, severity: CellMark.Severity)] = [],
    numericColumns: Set<Int> = [], widths: [Double] = []
  ) {
    self.name = name
    self.headers = headers
    self.rows = rows
    self.links = links
    self.fills = fills
    self.numericColumns = numericColumns
    self.widths = widths
  }

  /// Columns in use: the header's or the longest row's, at least one.
  var columnCount: Int { max(1, headers.count, rows.map(\.count).max() ?? 0) }
}

/// Writes the annotated copy of a sender's workbook: the same package,
/// every part it does not need to change copied byte for byte, with the
/// cells of each finding highlighted and a first sheet listing them.
///
/// What changes, all through streaming XML rewrites (libxml2's SAX2 parser
/// into its `xmlTextWriter`, so prefixes, namespace declarations,
/// attributes and text stay as they were):
/// - each marked sheet: a marked cell's `s` points to a copy of its own
///   `xf` (number format, font, border, alignment kept) whose fill is light
///   red for an error or light yellow for a warning; a marked cell absent
///   from the XML is inserted in column order, a missing `<row>` in row
///   order; `<dimension>` grows to cover them;
/// - `styles.xml` (made when the workbook has none): the new fonts, fills
///   and `xf`s appended, `count`s updated;
/// - `workbook.xml`: the new sheet first, with a fresh `sheetId` and
///   relationship id, every `localSheetId` one higher, the new sheet the
///   active and first tab, its filter's `_xlnm._FilterDatabase` name;
/// - the workbook's relationships and `[Content_Types].xml`: the new parts;
/// - `tabSelected` dropped from the other sheets' views, since Excel
///   would otherwise open with two tabs grouped;
/// - each sheet with notes: its comments part and VML drawing, made or,
///   when the sheet has notes already, rewritten with theirs kept (a cell
///   that has one gets ours added below it); its relationships and a
///   `<legacyDrawing>` pointing at the drawing;
/// - `calcChain.xml` dropped: it lists cells by sheet, and Excel rebuilds
///   it when it is missing but asks to repair a stale one.
///
/// A range wider than 10,000 cells (or past 200,000 in one sheet)
/// highlights its cells present in the XML and its first cell only, so a
/// whole-column mark cannot inflate the copy.
public enum WorkbookAnnotator {
  /// Writes the annotated copy of `source` at `destination`.
  ///
  /// The source is opened and every worksheet read as the reader reads
  /// them, under `limits`; when that fails nothing is written and the
  /// reader's error is thrown. The
  /// copy is assembled in a scratch directory beside `destination` and
  /// renamed onto it, so `destination` holds the old file or the whole new
  /// one; `source` is never written.
  ///
  /// - Parameters:
  ///   - source: the sender's `.xlsx`.
  ///   - destination: where the copy goes; its directory must exist, and
  ///     it must not be `source`.
  ///   - marks: the cells to highlight, on worksheets of `source`.
  ///   - errorSheet: the sheet put first.
  ///   - notes: notes to put on cells of worksheets of `source`, kept
  ///     beside the notes the workbook already has.
  ///   - limits: the reader's caps, applied to every part read.
  /// - Returns: the name the error sheet got (see `ErrorSheet.name`).
  /// - Throws: the reader's `XLSXError` for an unreadable source;
  ///   `sheetNotFound` for a mark on a sheet the workbook lacks (or that is
  ///   not a worksheet) or a note on one; `linkTargetNotFound` for a link to one;
  ///   `outsideGrid` for a mark, link or row past Excel's grid;
  ///   `invalidSheetName` for a bad `errorSheet.name`; `writeFailed`.
  @discardableResult
  public static func annotate(
    source: String, destination: String, marks: [CellMark], errorSheet: ErrorSheet,
    notes: [CellNote] = [], limits: ReadLimits = .default
  ) throws -> String {
    if let problem = SheetName.problem(errorSheet.name, existing: []) {
      throw XLSXError.invalidSheetName(name: errorSheet.name, problem: problem)
    }
    try checkGrid(errorSheet)
    try refuseSameFile(source: source, destination: destination)
    let workbook = try Workbook(path: source, limits: limits)
    let plan = try AnnotationPlan(
      workbook: workbook, marks: marks, errorSheet: errorSheet, notes: notes)
    try plan.checkReadable()
    let scratch = try Scratch(beside: destination)
    defer { scratch.remove() }
    let zip = try plan.write(in: scratch.path)
    guard rename(zip, destination) == 0 else {
      throw XLSXError.writeFailed(path: destination, reason: String(cString: strerror(errno)))
    }
    return plan.errorSheetName
  }

  private static func checkGrid(_ sheet: ErrorSheet) throws {
    func outside(_ what: GridOverflow) -> XLSXError { .outsideGrid(sheet: sheet.name, what: what) }
    if sheet.columnCount > CellRef.maxColumn { throw outside(.columns(sheet.columnCount)) }
    if sheet.rows.count + 1 > CellRef.maxRow { throw outside(.rows(sheet.rows.count)) }
    for link in sheet.links {
      guard sheet.rows.indices.contains(link.row), (0..<sheet.columnCount).contains(link.column)
      else { throw outside(.errorSheetLink(row: link.row, column: link.column)) }
      guard isInGrid(link.cell) else {
        throw outside(.cell(row: link.cell.row, column: link.cell.column))
      }
    }
    for fill in sheet.fills {
      guard sheet.rows.indices.contains(fill.row), (0..<sheet.columnCount).contains(fill.column)
      else { throw outside(.errorSheetFill(row: fill.row, column: fill.column)) }
    }
  }

  static func isInGrid(_ ref: CellRef) -> Bool {
    (1...CellRef.maxRow).contains(ref.row) && (1...CellRef.maxColumn).contains(ref.column)
  }

  /// Writing the copy over its source would replace the sender's file.
  private static func refuseSameFile(source: String, destination: String) throws {
    var a = stat()
    var b = stat()
    guard stat(source, &a) == 0, stat(destination, &b) == 0 else { return }
    if a.st_dev == b.st_dev && a.st_ino == b.st_ino {
      throw XLSXError.writeFailed(path: destination, reason: "es el mismo archivo de origen")
    }
  }
}

/// A hidden scratch directory beside the destination, on the same file
/// system so the final rename is atomic.
struct Scratch {
  let path: String

  init(beside destination: String) throws {
    let url = URL(fileURLWithPath: destination)
    let directory = url.deletingLastPathComponent().path
    let token = UUID().uuidString.prefix(8).lowercased()
    path = directory + "/." + url.lastPathComponent + "." + token + ".tmp"
    guard mkdir(path, 0o700) == 0 else {
      throw XLSXError.writeFailed(path: destination, reason: String(cString: strerror(errno)))
    }
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
