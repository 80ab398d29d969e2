/// Why a workbook could not be read. Cases carry data only; the Spanish
/// wording lives in one place at the edge (`Reports.Mensajes`).
public enum XLSXError: Error, Equatable, Sendable, Codable {
  /// The file could not be opened or read at all (`errno` text).
  case unreadableFile(reason: String)
  case emptyFile
  /// Not a zip: what the first bytes say it is instead.
  case notAZip(FileKind)
  /// An old binary Excel file (`.xls`, compound document).
  case legacyExcel
  /// A password-protected workbook (a compound document holding an
  /// `EncryptedPackage` stream).
  case encrypted
  /// An OpenDocument spreadsheet (`.ods`) renamed `.xlsx`.
  case openDocument
  /// A zip whose directory or data is damaged or truncated.
  case corruptZip(ZipDamage)
  /// A zip that is not an OOXML workbook, or lacks a part its relationships
  /// name.
  case missingPart(path: String)
  case partTooLarge(part: String, bytes: Int64, limit: Int64)
  case compressionRatioTooHigh(part: String, ratio: Int64, limit: Int64)
  /// A DOCTYPE in a part: OOXML never has one, and it is how entity bombs
  /// and external entities (XXE) arrive.
  case forbiddenDTD(part: String)
  case invalidEncoding(part: String, line: Int)
  case malformedXML(part: String, line: Int, message: String)
  /// Elements nested deeper than any OOXML part needs.
  case nestingTooDeep(part: String, limit: Int)
  case relationshipOutsidePackage(part: String, target: String)
  case sheetNotFound(name: String)
  case invalidCellReference(sheet: String, text: String)
  case sharedStringOutOfRange(sheet: String, cell: CellRef, index: Int, count: Int)
  case styleOutOfRange(sheet: String, cell: CellRef, index: String, count: Int)
  /// A numeric cell whose stored value is not a number.
  case invalidCellValue(sheet: String, cell: CellRef, text: String)
  case tooManyCells(sheet: String, limit: Int)
  case stringTooLong(part: String, cell: CellRef?, limit: Int)

  // Writing (`WorkbookWriter`). These are the program's mistakes or the
  // disk's, never the sending office's.

  /// A sheet name Excel would refuse or rename on opening.
  case invalidSheetName(name: String, problem: SheetNameProblem)
  /// A `SheetOptions` value Excel cannot show: a width past 255, a frozen
  /// pane or width off the grid, a tab colour that is not hex RGB.
  case invalidSheetOption(sheet: String, option: String, value: String)
  /// A value a cell cannot hold: a NaN, or a date before 1900-01-01, after
  /// 9999-12-31 or not in the calendar.
  case unwritableValue(sheet: String, cell: CellRef, text: String)
  /// A row, column, merged range or link beyond Excel's grid.
  case outsideGrid(sheet: String, what: GridOverflow)
  /// Two merged ranges that share a cell, which Excel repairs by dropping
  /// both.
  case overlappingMerges(sheet: String, first: CellRange, second: CellRange)
  /// An internal link to a sheet the workbook does not have.
  case linkTargetNotFound(sheet: String, cell: CellRef, target: String)
  /// A workbook with no sheet, or with every sheet hidden: Excel needs one
  /// tab to show.
  case noVisibleSheet
  /// A write after the sheet was finished (the next one was added) or the
  /// workbook closed or abandoned after an error; `sheet` is nil for the
  /// workbook itself.
  case writerFinished(sheet: String?)
  /// The file system, libxml2 or libzip failed while writing.
  case writeFailed(path: String, reason: String)
}

/// What lies beyond Excel's grid (1,048,576 rows, columns to XFD).
public enum GridOverflow: Equatable, Sendable, Codable {
  /// A row past the last one.
  case row(Int)
  /// A cell, by row and column numbers that may not name one.
  case cell(row: Int, column: Int)
  case range(CellRange)
  /// A table of this many rows, or this many columns.
  case rows(Int)
  case columns(Int)
  /// A link or fill of the error sheet outside its own table (row and
  /// column of that table, 0-based).
  case errorSheetLink(row: Int, column: Int)
  case errorSheetFill(row: Int, column: Int)
}

/// What a file that is not a zip appears to be, from its first bytes.
public enum FileKind: String, Sendable, Equatable, Codable {
  case pdf, text, markup, unknown
}

/// How a zip is damaged, in terms a message can explain.
public enum ZipDamage: Equatable, Sendable, Codable {
  /// No end-of-central-directory record: the file was cut short.
  case noCentralDirectory
  case inconsistent(part: String?)
  case checksum(part: String)
  case data(part: String)
  case other(part: String?, text: String)
}
