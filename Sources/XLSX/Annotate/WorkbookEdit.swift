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
      try writeOwnNames(prefix: prefix.map { String(cString: $0) })
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
    try relationshipId(sheet.relationshipId, namespace: sheet.relationshipNamespace)
    try out.end()
  }

  private func writeDefinedNames() throws {
    definedNamesDue = false
    guard let out else { return }
    try out.start(prefix: rootPrefix, local: "definedNames")
    try writeOwnNames(prefix: rootPrefix)
    try out.end()
  }

  /// The new sheet's names: its filter range, which Excel and LibreOffice
  /// find through `_xlnm._FilterDatabase`, and its header row repeated on
  /// every printed page (`_xlnm.Print_Titles`).
  private func writeOwnNames(prefix: String?) throws {
    guard let out else { return }
    let f = sheet.filter
    let quoted = SheetName.quoted(sheet.name)
    for (name, hidden, text) in [
      (
        "_xlnm._FilterDatabase", true,
        quoted + "!$\(CellRef.columnName(f.first.column))$\(f.first.row):$"
          + "\(CellRef.columnName(f.last.column))$\(f.last.row)"
      ),
      ("_xlnm.Print_Titles", false, quoted + "!$1:$1"),
    ] {
      try out.start(prefix: prefix, local: "definedName")
      try out.attribute("name", name)
      try out.attribute("localSheetId", 0)
      if hidden { try out.attribute("hidden", 1) }
      try out.text(text)
      try out.end()
    }
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

  /// A whole `.rels` part holding `additions`.
  static func writeNew(_ additions: [Addition], to out: XMLWriter) throws {
    try out.start(prefix: nil, local: "Relationships")
    try out.declare(
      prefix: nil, uri: "http://schemas.openxmlformats.org/package/2006/relationships")
    try write(additions, prefix: nil, to: out)
    try out.end()
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
    try Self.write(additions, prefix: prefix.map { String(cString: $0) }, to: out)
  }

  private static func write(_ additions: [Addition], prefix: String?, to out: XMLWriter) throws {
    for a in additions {
      try out.start(prefix: prefix, local: "Relationship")
      try out.attribute("Id", a.id)
      try out.attribute("Type", a.type)
      try out.attribute("Target", a.target)
      try out.end()
    }
  }
}

/// Rewrites `[Content_Types].xml`: overrides for dropped parts left out,
/// one per new part added (replacing any stale one of the same name), and
/// the defaults for new extensions the part lacks.
final class ContentTypesEdit: EchoTransform {
  private let dropping: Set<String>
  private let additions: [(part: String, type: String)]
  private var defaults: [(extension: String, type: String)]

  /// - Parameters:
  ///   - out: where the part goes.
  ///   - dropping: part names (`ZipPackage.key`) whose overrides go.
  ///   - additions: the new parts and their content types.
  ///   - defaults: extensions and their content types, added unless the
  ///     part has a default for the extension already.
  init(
    out: XMLWriter, dropping: Set<String>, additions: [(part: String, type: String)],
    defaults: [(extension: String, type: String)] = []
  ) {
    self.dropping = dropping.union(additions.map { ZipPackage.key($0.part) })
    self.additions = additions
    self.defaults = defaults
    super.init(out: out)
  }

  override func didStart(_ tag: XMLTag) throws {
    if depth == 2, tag.is("Override"), let part = tag.value("PartName"),
      dropping.contains(ZipPackage.key(part.removingPercentEncoding ?? part))
    {
      skip()
    } else {
      if depth == 2, tag.is("Default"), let ext = tag.value("Extension")?.lowercased() {
        defaults.removeAll { $0.extension == ext }
      }
      try echo(tag)
    }
  }

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    guard depth == 1, let out else { return }
    let prefixName = prefix.map { String(cString: $0) }
    for d in defaults {
      try out.start(prefix: prefixName, local: "Default")
      try out.attribute("Extension", d.extension)
      try out.attribute("ContentType", d.type)
      try out.end()
    }
    for a in additions {
      try out.start(prefix: prefixName, local: "Override")
      try out.attribute("PartName", "/" + a.part)
      try out.attribute("ContentType", a.type)
      try out.end()
    }
  }
}
