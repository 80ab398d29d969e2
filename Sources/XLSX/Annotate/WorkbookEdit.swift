import Foundation

/// What `workbook.xml` holds that the rewrite must know before it reaches
/// `<sheets>`: the ids in use, and which optional sections exist.
final class WorkbookScan: EchoTransform {
  private(set) var namespace: String?
  private(set) var maxSheetId = 0
  private(set) var hasBookViews = false
  private(set) var hasDefinedNames = false
  /// The namespace of the sheets' `r:id` (transitional or strict).
  private(set) var relationshipNamespace: String?
  /// The sheets' names in tab order, entities decoded.
  private(set) var sheetNames: [String] = []

  init() { super.init(out: nil) }

  override func didStart(_ tag: XMLTag) throws {
    switch depth {
    case 1:
      namespace = tag.namespace
    case 2:
      if tag.is("bookViews") { hasBookViews = true }
      if tag.is("definedNames") { hasDefinedNames = true }
    case 3 where tag.is("sheet"):
      if let id = tag.value("sheetId").flatMap(Int.init) { maxSheetId = max(maxSheetId, id) }
      let relationship = tag.attributeList.first { $0.local == "id" && $0.uri != nil }
      if relationshipNamespace == nil { relationshipNamespace = relationship?.uri }
      // The reader lists the sheets that have both.
      if let name = tag.value("name"), relationship != nil { sheetNames.append(name) }
    default:
      break
    }
  }
}

/// Rewrites `workbook.xml`: the error sheet first in `<sheets>`, every
/// `localSheetId` one higher (the sheets behind it moved one tab right),
/// the first view showing tab 0, and the filter's hidden name.
final class WorkbookEdit: EchoTransform {
  struct NewSheet {
    let name: String
    let sheetId: Int
    let relationshipId: String
    let relationshipNamespace: String
    /// `A1:F11`, for `_xlnm._FilterDatabase`.
    let filter: CellRange
  }

  private let scan: WorkbookScan
  private let sheet: NewSheet
  private var path: [String] = []
  private var rootPrefix: String?
  /// `</sheets>` was passed and the part has no `<definedNames>`: make one
  /// before the next section that must follow it.
  private var definedNamesDue = false

  init(out: XMLWriter, scan: WorkbookScan, sheet: NewSheet) {
    self.scan = scan
    self.sheet = sheet
    super.init(out: out)
  }

  override func didStart(_ tag: XMLTag) throws {
    let name = tag.name
    defer { path.append(name) }
    switch depth {
    case 1:
      rootPrefix = tag.prefixName
      try echo(tag)
    case 2:
      // CT_Workbook: sheets, functionGroups, externalReferences, then
      // definedNames.
      if definedNamesDue, name != "functionGroups", name != "externalReferences" {
        try writeDefinedNames()
      }
      if name == "sheets" {
        if !scan.hasBookViews { try writeBookViews() }
        try echo(tag)
        try writeSheet(prefix: tag.prefixName)
      } else {
        try echo(tag)
      }
    case 3 where name == "workbookView" && path.last == "bookViews":
      try echo(
        tag,
        [
          AttributeEdit(name: "activeTab", value: "0", addIfMissing: false),
          AttributeEdit(name: "firstSheet", value: "0", addIfMissing: false),
        ])
    case 3 where name == "definedName" && path.last == "definedNames":
      if let id = tag.value("localSheetId"), let n = Int(id) {
        try echo(tag, [AttributeEdit(name: "localSheetId", value: String(n + 1))])
      } else {
        try echo(tag)
      }
    default:
      try echo(tag)
    }
  }

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    let name = path.popLast()
    switch depth {
    case 1:
      if definedNamesDue { try writeDefinedNames() }
    case 2 where name == "definedNames":
      try writeFilterName(prefix: prefix.map { String(cString: $0) })
    case 2 where name == "sheets":
      definedNamesDue = !scan.hasDefinedNames
    default:
      break
    }
  }

  private func writeBookViews() throws {
    guard let out else { return }
    try out.start(prefix: rootPrefix, local: "bookViews")
    try out.start(prefix: rootPrefix, local: "workbookView")
    try out.attribute("activeTab", 0)
    try out.end()
    try out.end()
  }

  private func writeSheet(prefix: String?) throws {
    guard let out else { return }
    try out.start(prefix: prefix, local: "sheet")
    try out.attribute("name", sheet.name)
    try out.attribute("sheetId", sheet.sheetId)
    if let r = attributePrefix(for: sheet.relationshipNamespace) {
      try out.attribute(prefix: r, local: "id", value: sheet.relationshipId)
    } else {
      var r = "r"
      var n = 1
      while isBound(r) {
        r = "r\(n)"
        n += 1
      }
      try out.declare(prefix: r, uri: sheet.relationshipNamespace)
      try out.attribute(prefix: r, local: "id", value: sheet.relationshipId)
    }
    try out.end()
  }

  private func writeDefinedNames() throws {
    definedNamesDue = false
    guard let out else { return }
    try out.start(prefix: rootPrefix, local: "definedNames")
    try writeFilterName(prefix: rootPrefix)
    try out.end()
  }

  /// Excel and LibreOffice find a sheet's filter range through this name.
  private func writeFilterName(prefix: String?) throws {
    guard let out else { return }
    let f = sheet.filter
    try out.start(prefix: prefix, local: "definedName")
    try out.attribute("name", "_xlnm._FilterDatabase")
    try out.attribute("localSheetId", 0)
    try out.attribute("hidden", 1)
    try out.text(
      SheetName.quoted(sheet.name) + "!$\(CellRef.columnName(f.first.column))$\(f.first.row):$"
        + "\(CellRef.columnName(f.last.column))$\(f.last.row)")
    try out.end()
  }
}

/// Rewrites a `.rels` part: some relationships left out, new ones added
/// at the end.
final class RelationshipsEdit: EchoTransform {
  struct Addition {
    let id: String
    let type: String
    let target: String
  }

  private let dropping: Set<String>
  private let additions: [Addition]

  /// - Parameters:
  ///   - out: where the part goes.
  ///   - dropping: ids of the relationships to leave out.
  ///   - additions: the relationships to add.
  init(out: XMLWriter, dropping: Set<String>, additions: [Addition]) {
    self.dropping = dropping
    self.additions = additions
    super.init(out: out)
  }

  override func didStart(_ tag: XMLTag) throws {
    if depth == 2, tag.is("Relationship"), let id = tag.value("Id"), dropping.contains(id) {
      skip()
    } else {
      try echo(tag)
    }
  }

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    guard depth == 1, let out else { return }
    let prefixName = prefix.map { String(cString: $0) }
    for a in additions {
      try out.start(prefix: prefixName, local: "Relationship")
      try out.attribute("Id", a.id)
      try out.attribute("Type", a.type)
      try out.attribute("Target", a.target)
      try out.end()
    }
  }
}

/// Rewrites `[Content_Types].xml`: overrides for dropped parts left out,
/// one per new part added (replacing any stale one of the same name).
final class ContentTypesEdit: EchoTransform {
  private let dropping: Set<String>
  private let additions: [(part: String, type: String)]

  /// - Parameters:
  ///   - out: where the part goes.
  ///   - dropping: part names (`ZipPackage.key`) whose overrides go.
  ///   - additions: the new parts and their content types.
  init(out: XMLWriter, dropping: Set<String>, additions: [(part: String, type: String)]) {
    self.dropping = dropping.union(additions.map { ZipPackage.key($0.part) })
    self.additions = additions
    super.init(out: out)
  }

  override func didStart(_ tag: XMLTag) throws {
    if depth == 2, tag.is("Override"), let part = tag.value("PartName"),
      dropping.contains(ZipPackage.key(part.removingPercentEncoding ?? part))
    {
      skip()
    } else {
      try echo(tag)
    }
  }

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    guard depth == 1, let out else { return }
    let prefixName = prefix.map { String(cString: $0) }
    for a in additions {
      try out.start(prefix: prefixName, local: "Override")
      try out.attribute("PartName", "/" + a.part)
      try out.attribute("ContentType", a.type)
      try out.end()
    }
  }
}
