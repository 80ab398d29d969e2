import XLSX

/// Where Schema reads rows from: a workbook on disk, or rows built in
/// memory by tests, so rules are tested without zips.
public protocol FuenteLibro {
  var sheets: [SheetInfo] { get }
  var date1904: Bool { get }
  func filas(de hoja: SheetInfo) throws -> FuenteFilas
}

/// A stream of rows, top to bottom.
public protocol FuenteFilas: AnyObject {
  func nextRow() throws -> Row?
}

extension SheetReader: FuenteFilas {}

extension Workbook: FuenteLibro {
  public func filas(de hoja: SheetInfo) throws -> FuenteFilas { try rows(in: hoja) }
}
