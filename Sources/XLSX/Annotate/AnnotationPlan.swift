import Foundation

/// What the copy will change, decided from the open workbook before
/// anything is written: where the marks go, the error sheet's name, part
/// and ids, which parts are rewritten and which dropped.
final class AnnotationPlan {
  private let workbook: Workbook
  private let package: ZipPackage
  private let limits: ReadLimits
  private let mainPart: String
  private let relationships: [Relationship]
  private let errorSheet: ErrorSheet
  /// The error sheet's tab name, unique in the workbook.
  let errorSheetName: String
  private let errorPart: String
  private let errorRelationshipId: String
  /// Marks by the lower-cased part of their sheet.
  private let marks: [String: [CellMark]]
  /// Error sheet cell → the sheet (as the workbook spells it) and cell.
  private let links: [CellRef: (sheet: String, cell: CellRef)]
  private let relationshipBase: String
  private let scan: WorkbookScan
  /// Each sheet's name as `workbook.xml` spells it, entities decoded.
  ///
  /// In `workbook.sheets` order; links are written with these names.
  private let sheetNames: [String]

  static let worksheetType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
  static let stylesType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
  static let transitionalRelationships =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let strictRelationships = "http://purl.oclc.org/ooxml/officeDocument/relationships"
  static let strictMain = "http://purl.oclc.org/ooxml/spreadsheetml/main"
  static let transitionalMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

  init(workbook: Workbook, marks: [CellMark], errorSheet: ErrorSheet) throws {
    self.workbook = workbook
    package = workbook.package
    limits = workbook.limits
    self.errorSheet = errorSheet

    let root = try Relationships.read(for: nil, in: package)
    guard let main = root.first(where: { $0.kind == "officeDocument" && !$0.isExternal }) else {
      throw XLSXError.missingPart(path: "_rels/.rels")
    }
    mainPart = main.target
    relationships = try Relationships.read(for: mainPart, in: package)
    guard package.contains(Relationships.relsPart(for: mainPart)) else {
      throw XLSXError.missingPart(path: Relationships.relsPart(for: mainPart))
    }
    guard package.contains("[Content_Types].xml") else {
      throw XLSXError.missingPart(path: "[Content_Types].xml")
    }

    scan = WorkbookScan()
    try transform(mainPart, in: package, cap: 64 << 20, with: scan)
    sheetNames =
      scan.sheetNames.count == workbook.sheets.count ? scan.sheetNames : workbook.sheets.map(\.name)
    let sheets = workbook.sheets
    let names = sheetNames
    func sheet(named name: String) -> (info: SheetInfo, name: String)? {
      let key = name.lowercased()
      guard
        let i = sheets.indices.first(where: {
          sheets[$0].name.lowercased() == key || names[$0].lowercased() == key
        })
      else { return nil }
      return (sheets[i], names[i])
    }

    var byPart: [String: [CellMark]] = [:]
    for mark in marks {
      guard let info = sheet(named: mark.sheet)?.info, info.kind == .worksheet else {
        throw XLSXError.sheetNotFound(name: mark.sheet)
      }
      guard WorkbookAnnotator.isInGrid(mark.range.first),
        WorkbookAnnotator.isInGrid(mark.range.last)
      else {
        throw XLSXError.outsideGrid(sheet: info.name, text: mark.range.description)
      }
      guard package.contains(info.part) else { throw XLSXError.missingPart(path: info.part) }
      byPart[ZipPackage.key(info.part), default: []].append(mark)
    }
    self.marks = byPart

    var name = errorSheet.name
    var n = 2
    let taken = names + sheets.map(\.name)
    while SheetName.problem(name, existing: taken) != nil {
      let suffix = " (\(n))"
      let room = SheetName.maxLength - suffix.utf16.count
      name = (CellText.truncated(errorSheet.name, limit: room) ?? errorSheet.name) + suffix
      n += 1
    }
    errorSheetName = name

    var links: [CellRef: (sheet: String, cell: CellRef)] = [:]
    for link in errorSheet.links {
      let at = CellRef(row: link.row + 2, column: link.column + 1)
      guard let target = sheet(named: link.sheet) else {
        throw XLSXError.linkTargetNotFound(sheet: name, cell: at, target: link.sheet)
      }
      links[at] = (target.name, link.cell)
    }
    self.links = links

    let folder = mainPart.split(separator: "/").dropLast().joined(separator: "/")
    var part = ""
    var k = 1
    repeat {
      let file = k == 1 ? "errores.xml" : "errores\(k).xml"
      part = (folder.isEmpty ? "" : folder + "/") + "worksheets/" + file
      k += 1
    } while package.contains(part)
    errorPart = part

    let ids = Set(relationships.map(\.id))
    var next =
      (relationships.compactMap { $0.id.hasPrefix("rId") ? Int($0.id.dropFirst(3)) : nil }.max()
        ?? 0) + 1
    while ids.contains("rId\(next)") { next += 1 }
    errorRelationshipId = "rId\(next)"

    if let sheetType = relationships.first(where: { $0.kind == "worksheet" })?.type,
      let slash = sheetType.lastIndex(of: "/")
    {
      relationshipBase = String(sheetType[..<slash])
    } else {
      relationshipBase = Self.transitionalRelationships
    }
  }

  /// Reads every worksheet as validation does, so a workbook the reader
  /// rejects gets no copy rather than one with the damage carried over.
  func checkReadable() throws {
    for info in workbook.sheets where info.kind == .worksheet {
      let reader = try workbook.rows(in: info)
      while try reader.nextRow() != nil {}
    }
  }

  /// Writes every changed part into `scratch`, then the zip; returns the
  /// zip's path.
  func write(in scratch: String) throws -> String {
    var fileCount = 0
    func newFile() throws -> (String, XMLWriter) {
      fileCount += 1
      let path = scratch + "/part\(fileCount).xml"
      let out = try XMLWriter(file: path)
      try out.startDocument()
      return (path, out)
    }
    func finish(_ out: XMLWriter) throws {
      try out.endDocument()
      try out.close()
    }

    let mainNamespace = scan.namespace ?? Self.transitionalMain
    let strict = mainNamespace == Self.strictMain

    let stylesRelationship = relationships.first { $0.kind == "styles" && !$0.isExternal }
    let stylesPart = stylesRelationship?.target
    let stylesScan = StylesScan()
    if let stylesPart, package.contains(stylesPart) {
      try transform(stylesPart, in: package, cap: 64 << 20, with: stylesScan)
    }
    let book = StyleBook(scan: stylesScan)

    var replaced: [String: String] = [:]
    for info in workbook.sheets where package.contains(info.part) {
      let key = ZipPackage.key(info.part)
      guard replaced[key] == nil else { continue }
      let views = SheetViewScan()
      try transform(info.part, in: package, cap: limits.maxPartBytes, with: views)
      let sheetMarks = marks[key] ?? []
      guard !sheetMarks.isEmpty || views.selected else { continue }
      let (path, out) = try newFile()
      let edit = SheetEdit(
        out: out, sheet: info.name, marks: SheetMarks(sheetMarks), book: book,
        dropTabSelected: views.selected, limits: limits)
      try transform(info.part, in: package, cap: limits.maxPartBytes, with: edit)
      try finish(out)
      replaced[key] = path
    }

    var added: [(name: String, file: String)] = []
    var newRelationships: [RelationshipsEdit.Addition] = []
    var newTypes: [(part: String, type: String)] = []

    let (errorFile, errorOut) = try newFile()
    try ErrorSheetPart.write(
      errorSheet, name: errorSheetName, links: links, to: errorOut, namespace: mainNamespace,
      styles: book)
    try finish(errorOut)
    added.append((errorPart, errorFile))
    newRelationships.append(
      .init(
        id: errorRelationshipId, type: relationshipBase + "/worksheet",
        target: relativeToMain(errorPart)))
    newTypes.append((errorPart, Self.worksheetType))

    let (stylesFile, stylesOut) = try newFile()
    if let stylesPart, package.contains(stylesPart) {
      try transform(
        stylesPart, in: package, cap: 64 << 20, with: StylesTransform(out: stylesOut, book: book))
      try finish(stylesOut)
      replaced[ZipPackage.key(stylesPart)] = stylesFile
    } else {
      try StylesTransform.writeNew(to: stylesOut, book: book, namespace: mainNamespace)
      try finish(stylesOut)
      let part = stylesPart ?? freePart(near: errorPart, named: "styles")
      added.append((part, stylesFile))
      newTypes.append((part, Self.stylesType))
      if stylesRelationship == nil {
        let ids = Set(relationships.map(\.id) + [errorRelationshipId])
        var k = 1
        while ids.contains("rIdEstilos\(k)") { k += 1 }
        newRelationships.append(
          .init(
            id: "rIdEstilos\(k)", type: relationshipBase + "/styles", target: relativeToMain(part)))
      }
    }

    // calcChain lists formula cells by sheet; Excel rebuilds it when it is
    // missing, but asks to repair the workbook when it disagrees.
    let calcChain = relationships.filter { $0.kind == "calcChain" && !$0.isExternal }
    let dropped = Set(calcChain.map { ZipPackage.key($0.target) })

    let (workbookFile, workbookOut) = try newFile()
    let newSheet = WorkbookEdit.NewSheet(
      name: errorSheetName, sheetId: scan.maxSheetId + 1, relationshipId: errorRelationshipId,
      relationshipNamespace: scan.relationshipNamespace
        ?? (strict ? Self.strictRelationships : Self.transitionalRelationships),
      filter: CellRange(
        first: CellRef(row: 1, column: 1),
        last: CellRef(row: errorSheet.rows.count + 1, column: errorSheet.columnCount)))
    try transform(
      mainPart, in: package, cap: 64 << 20,
      with: WorkbookEdit(out: workbookOut, scan: scan, sheet: newSheet))
    try finish(workbookOut)
    replaced[ZipPackage.key(mainPart)] = workbookFile

    let relsPart = Relationships.relsPart(for: mainPart)
    let (relsFile, relsOut) = try newFile()
    try transform(
      relsPart, in: package, cap: 16 << 20,
      with: RelationshipsEdit(
        out: relsOut, dropping: Set(calcChain.map(\.id)), additions: newRelationships))
    try finish(relsOut)
    replaced[ZipPackage.key(relsPart)] = relsFile

    let (typesFile, typesOut) = try newFile()
    try transform(
      "[Content_Types].xml", in: package, cap: 16 << 20,
      with: ContentTypesEdit(out: typesOut, dropping: dropped, additions: newTypes))
    try finish(typesOut)
    replaced[ZipPackage.key("[Content_Types].xml")] = typesFile

    let zip = scratch + "/libro.xlsx"
    try PackageCopy.write(
      source: workbook.path, destination: zip, replaced: replaced, dropped: dropped, added: added)
    return zip
  }

  /// A part's target as the workbook's relationships name it: relative to
  /// the workbook's folder when inside it, else absolute.
  private func relativeToMain(_ part: String) -> String {
    let folder = mainPart.split(separator: "/").dropLast().joined(separator: "/")
    if folder.isEmpty { return part }
    if part.hasPrefix(folder + "/") { return String(part.dropFirst(folder.count + 1)) }
    return "/" + part
  }

  /// A part name beside `near` that the package does not have.
  private func freePart(near: String, named base: String) -> String {
    let folder = mainPart.split(separator: "/").dropLast().joined(separator: "/")
    var k = 1
    while true {
      let file = k == 1 ? "\(base).xml" : "\(base)\(k).xml"
      let part = (folder.isEmpty ? "" : folder + "/") + file
      if !package.contains(part), part != near { return part }
      k += 1
    }
  }
}
