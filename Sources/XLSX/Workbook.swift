import Foundation

/// Whether Excel shows a sheet tab. A hidden template sheet is still read
/// (with a warning from the schema stage); `veryHidden` can only be undone
/// from VBA, which is how macros hide their lists.
public enum SheetVisibility: String, Sendable, Codable {
  case visible, hidden, veryHidden
}

/// What a sheet part holds; only worksheets have cells.
public enum SheetKind: String, Sendable, Codable {
  case worksheet, chartsheet, dialogsheet, macrosheet
}

/// A sheet as `workbook.xml` lists it, in tab order.
public struct SheetInfo: Hashable, Sendable {
  public let name: String
  /// 0-based tab position.
  public let position: Int
  public let visibility: SheetVisibility
  public let kind: SheetKind
  /// The part inside the package, found through the workbook's
  /// relationships, never guessed from the position.
  public let part: String

  public init(
    name: String, position: Int, visibility: SheetVisibility = .visible,
    kind: SheetKind = .worksheet, part: String = ""
  ) {
    self.name = name
    self.position = position
    self.visibility = visibility
    self.kind = kind
    self.part = part
  }
}

/// An open XLSX workbook: its sheets, styles and shared strings, with
/// worksheets read on demand as streams of rows.
///
/// Opening follows a fixed order (calamine's): sniff the bytes (renamed
/// `.xls`, `.csv`, encrypted package), open the zip, follow
/// `_rels/.rels` to the workbook part, read its relationships, then the
/// shared strings and styles they name, then the sheet list.
public final class Workbook {
  public let path: String
  public let sheets: [SheetInfo]
  /// The 1904 date system (old Mac Excel, some exports): serial 0 is
  /// 1904-01-01 instead of 1899-12-30.
  public let date1904: Bool
  public let limits: ReadLimits

  let package: ZipPackage
  let sharedStrings: [String]
  let styles: [NumberKind]

  public convenience init(path: String, limits: ReadLimits = .default) throws {
    try self.init(package: ZipPackage(path: path, limits: limits), path: path, limits: limits)
  }

  /// A workbook held in memory; `name` stands in for the path in
  /// messages.
  public convenience init(data: Data, name: String = "libro.xlsx", limits: ReadLimits = .default)
    throws
  {
    try self.init(package: ZipPackage(data: data, limits: limits), path: name, limits: limits)
  }

  init(package: ZipPackage, path: String, limits: ReadLimits) throws {
    self.path = path
    self.limits = limits
    self.package = package

    let root = try Relationships.read(for: nil, in: package)
    guard
      let main = root.first(where: { $0.kind == "officeDocument" && !$0.isExternal })
    else {
      throw XLSXError.missingPart(
        path: package.contains("xl/workbook.xml") ? "_rels/.rels" : "xl/workbook.xml")
    }
    guard package.contains(main.target) else {
      throw XLSXError.missingPart(path: main.target)
    }
    let rels = try Relationships.read(for: main.target, in: package)
    let internalRels = rels.filter { !$0.isExternal }

    if let part = internalRels.first(where: { $0.kind == "sharedStrings" }) {
      sharedStrings = try SharedStrings.read(part.target, in: package, limits: limits)
    } else {
      sharedStrings = []
    }
    styles = try Styles.read(
      internalRels.first { $0.kind == "styles" }?.target, in: package)

    let list = WorkbookPart()
    try parse(main.target, in: package, cap: 64 << 20, with: list)
    date1904 = list.date1904
    var sheets: [SheetInfo] = []
    for entry in list.sheets {
      guard let rel = internalRels.first(where: { $0.id == entry.relationship })
      else {
        throw XLSXError.missingPart(path: "\(main.target)#\(entry.relationship)")
      }
      sheets.append(
        SheetInfo(
          name: entry.name, position: sheets.count, visibility: entry.visibility,
          kind: SheetKind(rawValue: String(rel.kind)) ?? .worksheet,
          part: rel.target))
    }
    self.sheets = sheets
  }

  /// The sheet of that name, compared as Excel does (case-insensitively).
  public func sheet(named name: String) -> SheetInfo? {
    sheets.first { $0.name.lowercased() == name.lowercased() }
  }

  /// A stream of the sheet's rows; memory stays flat however long it is.
  public func rows(in sheet: SheetInfo) throws -> SheetReader {
    guard sheet.kind == .worksheet else {
      return SheetReader(empty: sheet)
    }
    guard package.contains(sheet.part) else {
      throw XLSXError.missingPart(path: sheet.part)
    }
    return try SheetReader(
      sheet: sheet, stream: package.open(sheet.part), sharedStrings: sharedStrings,
      styles: styles, limits: limits)
  }
}

/// `workbook.xml`: the sheet list and the date system.
private final class WorkbookPart: XMLEventHandler {
  var sheets: [(name: String, relationship: String, visibility: SheetVisibility)] = []
  var date1904 = false
  var wantsText: Bool { false }

  func start(_ name: XMLName, _ attributes: XMLAttributes) throws {
    if name.is("sheet"), let sheetName = attributes.value("name"),
      let id = attributes.value("id")
    {
      let visibility = attributes.value("state").flatMap(SheetVisibility.init) ?? .visible
      sheets.append((sheetName, id, visibility))
    } else if name.is("workbookPr") {
      let value = attributes.value("date1904")?.lowercased()
      date1904 = value == "1" || value == "true"
    }
  }

  func end(_ name: XMLName) throws {}
  func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {}
}
