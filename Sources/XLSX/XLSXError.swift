/// Why a workbook could not be read. Cases carry data only; the Spanish
/// wording lives in one place at the edge (`Reports.Mensajes`).
public enum XLSXError: Error, Equatable, Sendable {
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
}

/// What a file that is not a zip appears to be, from its first bytes.
public enum FileKind: String, Sendable, Equatable {
  case pdf, text, markup, unknown
}

/// How a zip is damaged, in terms a message can explain.
public enum ZipDamage: Equatable, Sendable {
  /// No end-of-central-directory record: the file was cut short.
  case noCentralDirectory
  case inconsistent(part: String?)
  case checksum(part: String)
  case data(part: String)
  case other(part: String?, text: String)
}
