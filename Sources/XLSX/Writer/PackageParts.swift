import Foundation

/// The small parts written when the workbook closes: content types,
/// relationships, `workbook.xml` and the document properties.
enum PackageParts {
  /// What the workbook part needs to know of each sheet.
  struct Sheet {
    let name: String
    let hidden: Bool
    let filterRange: CellRange?
    /// Rows repeated at the top of each printed page.
    let printTitles: ClosedRange<Int>?
  }

  static func part(ofSheet number: Int) -> String { "xl/worksheets/sheet\(number).xml" }

  /// `[Content_Types].xml`: defaults for rels and xml, an override per part.
  static func contentTypes(sheetCount: Int) throws -> [UInt8] {
    let w = try XMLWriter(memoryFor: "[Content_Types].xml")
    try w.startDocument()
    try w.start("Types")
    try w.attribute("xmlns", Namespace.contentTypes)
    for (ext, type) in [
      ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
      ("xml", "application/xml"),
    ] {
      try w.start("Default")
      try w.attribute("Extension", ext)
      try w.attribute("ContentType", type)
      try w.end()
    }
    let ml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    var overrides = [
      ("/xl/workbook.xml", "\(ml).sheet.main+xml"),
      ("/xl/styles.xml", "\(ml).styles+xml"),
      (
        "/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"
      ),
      (
        "/docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml"
      ),
    ]
    for number in stride(from: 1, through: sheetCount, by: 1) {
      overrides.append(("/" + part(ofSheet: number), "\(ml).worksheet+xml"))
    }
    for (name, type) in overrides {
      try w.start("Override")
      try w.attribute("PartName", name)
      try w.attribute("ContentType", type)
      try w.end()
    }
    try w.end()
    try w.endDocument()
    return try w.bytes()
  }

  /// `_rels/.rels`: the workbook and the two property parts.
  static func rootRelationships() throws -> [UInt8] {
    let base = "http://schemas.openxmlformats.org"
    return try relationships(
      part: "_rels/.rels",
      [
        (
          "rId1", "\(base)/officeDocument/2006/relationships/officeDocument",
          "xl/workbook.xml"
        ),
        (
          "rId2", "\(base)/package/2006/relationships/metadata/core-properties",
          "docProps/core.xml"
        ),
        (
          "rId3", "\(base)/officeDocument/2006/relationships/extended-properties",
          "docProps/app.xml"
        ),
      ])
  }

  /// `xl/_rels/workbook.xml.rels`: `rId`n for sheet n, then the styles.
  static func workbookRelationships(sheetCount: Int) throws -> [UInt8] {
    let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    var list: [(String, String, String)] = []
    for number in stride(from: 1, through: sheetCount, by: 1) {
      list.append(("rId\(number)", "\(base)/worksheet", "worksheets/sheet\(number).xml"))
    }
    list.append(("rId\(sheetCount + 1)", "\(base)/styles", "styles.xml"))
    return try relationships(part: "xl/_rels/workbook.xml.rels", list)
  }

  private static func relationships(
    part: String, _ list: [(id: String, type: String, target: String)]
  ) throws -> [UInt8] {
    let w = try XMLWriter(memoryFor: part)
    try w.startDocument()
    try w.start("Relationships")
    try w.attribute("xmlns", Namespace.packageRelationships)
    for rel in list {
      try w.start("Relationship")
      try w.attribute("Id", rel.id)
      try w.attribute("Type", rel.type)
      try w.attribute("Target", rel.target)
      try w.end()
    }
    try w.end()
    try w.endDocument()
    return try w.bytes()
  }

  /// `xl/workbook.xml`, children in CT_Workbook order: workbookPr,
  /// bookViews, sheets, definedNames, calcPr.
  ///
  /// Each filtered sheet gets the hidden, sheet-local
  /// `_xlnm._FilterDatabase` name that Excel writes beside every
  /// `<autoFilter>` (as XlsxWriter and openpyxl do); a sheet with rows
  /// repeated on each printed page, its `_xlnm.Print_Titles`. `fullCalcOnLoad`
  /// makes Excel compute formulas written without a cached result.
  static func workbook(_ sheets: [Sheet], activeTab: Int) throws -> [UInt8] {
    let w = try XMLWriter(memoryFor: "xl/workbook.xml")
    try w.startDocument()
    try w.start("workbook")
    try w.attribute("xmlns", Namespace.spreadsheet)
    try w.attribute("xmlns:r", Namespace.relationships)
    try w.start("workbookPr")
    try w.end()
    try w.start("bookViews")
    try w.start("workbookView")
    try w.attribute("activeTab", activeTab)
    try w.end()
    try w.end()
    try w.start("sheets")
    for (i, sheet) in sheets.enumerated() {
      try w.start("sheet")
      try w.attribute("name", sheet.name)
      try w.attribute("sheetId", i + 1)
      if sheet.hidden { try w.attribute("state", "hidden") }
      try w.attribute("r:id", "rId\(i + 1)")
      try w.end()
    }
    try w.end()
    // Excel lists built-in names by name, then by sheet.
    var names: [(name: StaticString, sheet: Int, hidden: Bool, value: String)] = []
    for (i, sheet) in sheets.enumerated() {
      if let range = sheet.filterRange {
        names.append(
          ("_xlnm._FilterDatabase", i, true, SheetName.quoted(sheet.name) + "!" + absolute(range)))
      }
    }
    for (i, sheet) in sheets.enumerated() {
      if let rows = sheet.printTitles {
        names.append(
          ("_xlnm.Print_Titles", i, false, SheetName.quoted(sheet.name) + "!" + absolute(rows)))
      }
    }
    if !names.isEmpty {
      try w.start("definedNames")
      for name in names {
        try w.start("definedName")
        try w.attribute("name", name.name)
        try w.attribute("localSheetId", name.sheet)
        if name.hidden { try w.attribute("hidden", 1) }
        try w.text(name.value)
        try w.end()
      }
      try w.end()
    }
    try w.start("calcPr")
    try w.attribute("calcId", 191_029)
    try w.attribute("fullCalcOnLoad", 1)
    try w.end()
    try w.end()
    try w.endDocument()
    return try w.bytes()
  }

  /// `$1:$1`, as defined names spell whole rows.
  static func absolute(_ rows: ClosedRange<Int>) -> String {
    "$\(rows.lowerBound):$\(rows.upperBound)"
  }

  /// `$A$1:$K$50001`, as defined names spell ranges.
  static func absolute(_ range: CellRange) -> String {
    func cell(_ ref: CellRef) -> String {
      "$" + CellRef.columnName(ref.column) + "$" + String(ref.row)
    }
    return cell(range.first) + ":" + cell(range.last)
  }

  /// The creator every generated workbook names.
  static let creator = "pai"

  /// `docProps/core.xml`: creator and W3CDTF timestamps, UTC.
  static func core(created: Date) throws -> [UInt8] {
    let w = try XMLWriter(memoryFor: "docProps/core.xml")
    try w.startDocument()
    try w.start("cp:coreProperties")
    try w.attribute(
      "xmlns:cp",
      "http://schemas.openxmlformats.org/package/2006/metadata/core-properties")
    try w.attribute("xmlns:dc", "http://purl.org/dc/elements/1.1/")
    try w.attribute("xmlns:dcterms", "http://purl.org/dc/terms/")
    try w.attribute("xmlns:dcmitype", "http://purl.org/dc/dcmitype/")
    try w.attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
    try w.element("dc:creator", creator)
    try w.element("cp:lastModifiedBy", creator)
    let stamp = timestamp(created)
    for name: StaticString in ["dcterms:created", "dcterms:modified"] {
      try w.start(name)
      try w.attribute("xsi:type", "dcterms:W3CDTF")
      try w.text(stamp)
      try w.end()
    }
    try w.end()
    try w.endDocument()
    return try w.bytes()
  }

  /// `2024-05-01T13:45:00Z`: W3CDTF without fractions, which Excel wants.
  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  /// `docProps/app.xml`: the application and the sheet titles.
  static func app(sheetNames: [String]) throws -> [UInt8] {
    let w = try XMLWriter(memoryFor: "docProps/app.xml")
    try w.startDocument()
    try w.start("Properties")
    try w.attribute(
      "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    )
    try w.attribute(
      "xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes")
    try w.element("Application", creator)
    try w.element("DocSecurity", "0")
    try w.element("ScaleCrop", "false")
    try w.start("HeadingPairs")
    try w.start("vt:vector")
    try w.attribute("size", 2)
    try w.attribute("baseType", "variant")
    try w.start("vt:variant")
    try w.element("vt:lpstr", "Worksheets")
    try w.end()
    try w.start("vt:variant")
    try w.element("vt:i4", String(sheetNames.count))
    try w.end()
    try w.end()
    try w.end()
    try w.start("TitlesOfParts")
    try w.start("vt:vector")
    try w.attribute("size", sheetNames.count)
    try w.attribute("baseType", "lpstr")
    for name in sheetNames { try w.element("vt:lpstr", name) }
    try w.end()
    try w.end()
    try w.element("LinksUpToDate", "false")
    try w.element("SharedDoc", "false")
    try w.element("HyperlinksChanged", "false")
    try w.end()
    try w.endDocument()
    return try w.bytes()
  }
}
