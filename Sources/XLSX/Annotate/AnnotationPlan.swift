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
  /// Parts this copy adds, so two never get the same name.
  private var takenParts: Set<String>
  /// The error sheet's tab name, unique in the workbook.
  let errorSheetName: String
  private let errorPart: String
  private let errorRelationshipId: String
  /// Marks by the lower-cased part of their sheet.
  private let marks: [String: [CellMark]]
  /// Notes by the lower-cased part of their sheet.
  private let notes: [String: SheetNotes]
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

  init(workbook: Workbook, marks: [CellMark], errorSheet: ErrorSheet, notes: [CellNote]) throws {
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

    let package = self.package
    /// The part key of the worksheet a mark or note is on.
    func worksheet(_ name: String, _ range: CellRange) throws -> String {
      guard let info = sheet(named: name)?.info, info.kind == .worksheet else {
        throw XLSXError.sheetNotFound(name: name)
      }
      guard WorkbookAnnotator.isInGrid(range.first), WorkbookAnnotator.isInGrid(range.last) else {
        throw XLSXError.outsideGrid(sheet: info.name, what: .range(range))
      }
      guard package.contains(info.part) else { throw XLSXError.missingPart(path: info.part) }
      return ZipPackage.key(info.part)
    }
    var byPart: [String: [CellMark]] = [:]
    for mark in marks {
      byPart[try worksheet(mark.sheet, mark.range), default: []].append(mark)
    }
    self.marks = byPart
    var notesByPart: [String: [CellNote]] = [:]
    for note in notes {
      let range = CellRange(first: note.cell, last: note.cell)
      notesByPart[try worksheet(note.sheet, range), default: []].append(note)
    }
    self.notes = notesByPart.mapValues(SheetNotes.init)

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

    var newParts = Set<String>()
    errorPart = Self.freePart(
      "errores", in: "worksheets", extension: "xml", numbered: false, main: mainPart,
      package: package, taken: &newParts)
    takenParts = newParts
    errorRelationshipId = Self.freeId(among: relationships.map(\.id))

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

  /// Files written into the scratch directory, one per changed part.
  private final class ScratchFiles {
    let directory: String
    private var count = 0

    init(_ directory: String) { self.directory = directory }

    /// A new file with its XML declaration written.
    func new() throws -> (String, XMLWriter) {
      count += 1
      let path = directory + "/part\(count).xml"
      let out = try XMLWriter(file: path)
      try out.startDocument()
      return (path, out)
    }

    /// Writes a part with `body`; returns its file.
    func write(_ body: (XMLWriter) throws -> Void) throws -> String {
      let (path, out) = try new()
      try body(out)
      try out.endDocument()
      try out.close()
      return path
    }
  }

  /// What the copy changes in the package, gathered as parts are written.
  private struct Changes {
    var replaced: [String: String] = [:]
    var added: [(name: String, file: String)] = []
    var relationships: [RelationshipsEdit.Addition] = []
    var types: [(part: String, type: String)] = []
    var defaults: [(extension: String, type: String)] = []
  }

  /// Writes every changed part into `scratch`, then the zip; returns the
  /// zip's path.
  func write(in scratch: String) throws -> String {
    let files = ScratchFiles(scratch)
    var changes = Changes()

    let mainNamespace = scan.namespace ?? Self.transitionalMain
    let strict = mainNamespace == Self.strictMain

    let stylesRelationship = relationships.first { $0.kind == "styles" && !$0.isExternal }
    let stylesPart = stylesRelationship?.target
    let stylesScan = StylesScan()
    if let stylesPart, package.contains(stylesPart) {
      try transform(stylesPart, in: package, cap: 64 << 20, with: stylesScan)
    }
    let book = StyleBook(scan: stylesScan)

    var rewritten = Set<String>()
    for info in workbook.sheets where package.contains(info.part) {
      let key = ZipPackage.key(info.part)
      guard rewritten.insert(key).inserted else { continue }
      let views = SheetViewScan()
      try transform(info.part, in: package, cap: limits.maxPartBytes, with: views)
      let sheetMarks = marks[key] ?? []
      var legacy: SheetEdit.LegacyDrawing?
      if let sheetNotes = notes[key], info.kind == .worksheet {
        legacy = try writeNotes(
          sheetNotes, on: info, namespace: mainNamespace, files: files, changes: &changes)
      }
      guard !sheetMarks.isEmpty || views.selected || legacy != nil else { continue }
      changes.replaced[key] = try files.write { out in
        let edit = SheetEdit(
          out: out, sheet: info.name, marks: SheetMarks(sheetMarks), book: book,
          dropTabSelected: views.selected, legacyDrawing: legacy, limits: limits)
        try transform(info.part, in: package, cap: limits.maxPartBytes, with: edit)
      }
    }

    let errorFile = try files.write { out in
      try ErrorSheetPart.write(
        errorSheet, name: errorSheetName, links: links, to: out, namespace: mainNamespace,
        styles: book)
    }
    changes.added.append((errorPart, errorFile))
    changes.relationships.append(
      .init(
        id: errorRelationshipId, type: relationshipBase + "/worksheet",
        target: relativeToMain(errorPart)))
    changes.types.append((errorPart, Self.worksheetType))

    if let stylesPart, package.contains(stylesPart) {
      changes.replaced[ZipPackage.key(stylesPart)] = try files.write { out in
        try transform(
          stylesPart, in: package, cap: 64 << 20, with: StylesTransform(out: out, book: book))
      }
    } else {
      let stylesFile = try files.write { out in
        try StylesTransform.writeNew(to: out, book: book, namespace: mainNamespace)
      }
      let part = stylesPart ?? freePart("styles")
      changes.added.append((part, stylesFile))
      changes.types.append((part, Self.stylesType))
      if stylesRelationship == nil {
        let ids = Set(relationships.map(\.id) + [errorRelationshipId])
        var k = 1
        while ids.contains("rIdEstilos\(k)") { k += 1 }
        changes.relationships.append(
          .init(
            id: "rIdEstilos\(k)", type: relationshipBase + "/styles", target: relativeToMain(part)))
      }
    }

    // calcChain lists formula cells by sheet; Excel rebuilds it when it is
    // missing, but asks to repair the workbook when it disagrees.
    let calcChain = relationships.filter { $0.kind == "calcChain" && !$0.isExternal }
    let dropped = Set(calcChain.map { ZipPackage.key($0.target) })

    let newSheet = WorkbookEdit.NewSheet(
      name: errorSheetName, sheetId: scan.maxSheetId + 1, relationshipId: errorRelationshipId,
      relationshipNamespace: scan.relationshipNamespace
        ?? (strict ? Self.strictRelationships : Self.transitionalRelationships),
      filter: CellRange(
        first: CellRef(row: 1, column: 1),
        last: CellRef(row: errorSheet.rows.count + 1, column: errorSheet.columnCount)))
    changes.replaced[ZipPackage.key(mainPart)] = try files.write { out in
      try transform(
        mainPart, in: package, cap: 64 << 20,
        with: WorkbookEdit(out: out, scan: scan, sheet: newSheet))
    }

    let relsPart = Relationships.relsPart(for: mainPart)
    let additions = changes.relationships
    changes.replaced[ZipPackage.key(relsPart)] = try files.write { out in
      try transform(
        relsPart, in: package, cap: 16 << 20,
        with: RelationshipsEdit(
          out: out, dropping: Set(calcChain.map(\.id)), additions: additions))
    }

    let (types, defaults) = (changes.types, changes.defaults)
    changes.replaced[ZipPackage.key("[Content_Types].xml")] = try files.write { out in
      try transform(
        "[Content_Types].xml", in: package, cap: 16 << 20,
        with: ContentTypesEdit(out: out, dropping: dropped, additions: types, defaults: defaults))
    }

    let zip = scratch + "/libro.xlsx"
    try PackageCopy.write(
      source: workbook.path, destination: zip, replaced: changes.replaced, dropped: dropped,
      added: changes.added)
    return zip
  }

  /// Writes the parts that carry a sheet's notes: its comments part and
  /// VML drawing, each made or (when the sheet has one) rewritten with
  /// what it held kept, and the sheet's relationships to the new ones.
  ///
  /// A sheet whose own notes cannot be read (a part missing, damaged,
  /// shared with another sheet, or its relationships unreadable) gets no
  /// notes: the copy never drops the office's notes to add ours.
  ///
  /// - Returns: the `<legacyDrawing>` the sheet must get when its drawing
  ///   is new.
  private func writeNotes(
    _ notes: SheetNotes, on info: SheetInfo, namespace: String, files: ScratchFiles,
    changes: inout Changes
  ) throws -> SheetEdit.LegacyDrawing? {
    let relsPart = Relationships.relsPart(for: info.part)
    let rels: [Relationship]
    let commentsPart: String?
    let drawingPart: String?
    let theirs = CommentsScan()
    let drawing = VMLScan()
    do {
      rels = try Relationships.read(for: info.part, in: package)
      commentsPart = rels.first { $0.kind == "comments" && !$0.isExternal }?.target
      drawingPart = try legacyDrawing(of: info.part, rels)
      for part in [commentsPart, drawingPart].compactMap({ $0 }) {
        guard package.contains(part), changes.replaced[ZipPackage.key(part)] == nil else {
          return nil
        }
      }
      if let commentsPart { try transform(commentsPart, in: package, cap: 64 << 20, with: theirs) }
      if let drawingPart { try transform(drawingPart, in: package, cap: 64 << 20, with: drawing) }
    } catch {
      return nil
    }

    var ids = rels.map(\.id)
    var additions: [RelationshipsEdit.Addition] = []
    func relate(_ part: String, _ kind: String) -> String {
      let id = Self.freeId(among: ids)
      ids.append(id)
      additions.append(.init(id: id, type: relationshipBase + "/" + kind, target: "/" + part))
      return id
    }

    if let commentsPart {
      changes.replaced[ZipPackage.key(commentsPart)] = try files.write { out in
        try transform(
          commentsPart, in: package, cap: 64 << 20,
          with: CommentsEdit(out: out, notes: notes, scan: theirs))
      }
    } else {
      let part = freePart("comments", numbered: true)
      changes.added.append(
        (
          part,
          try files.write { try NoteWriter.writeComments(notes, namespace: namespace, to: $0) }
        ))
      changes.types.append((part, NoteWriter.commentsType))
      _ = relate(part, "comments")
    }

    var legacy: SheetEdit.LegacyDrawing?
    if let drawingPart {
      let fresh = notes.cells.map(\.ref).filter { !theirs.cells.contains($0) }
      changes.replaced[ZipPackage.key(drawingPart)] = try files.write { out in
        try transform(
          drawingPart, in: package, cap: 64 << 20,
          with: VMLEdit(out: out, cells: fresh, scan: drawing))
      }
    } else {
      // Their comments had no drawing to show them: one for all.
      let cells = Set(notes.cells.map(\.ref)).union(theirs.cells).sorted()
      let part = freePart("vmlDrawing", in: "drawings", extension: "vml", numbered: true)
      changes.added.append((part, try files.write { try NoteWriter.writeDrawing(cells, to: $0) }))
      if !changes.defaults.contains(where: { $0.extension == "vml" }) {
        changes.defaults.append(("vml", NoteWriter.vmlType))
      }
      legacy = SheetEdit.LegacyDrawing(
        id: relate(part, "vmlDrawing"), namespace: relationshipBase)
    }

    if !additions.isEmpty {
      if package.contains(relsPart) {
        changes.replaced[ZipPackage.key(relsPart)] = try files.write { out in
          try transform(
            relsPart, in: package, cap: 16 << 20,
            with: RelationshipsEdit(out: out, dropping: [], additions: additions))
        }
      } else {
        changes.added.append(
          (relsPart, try files.write { try RelationshipsEdit.writeNew(additions, to: $0) }))
      }
    }
    return legacy
  }

  /// The VML drawing the sheet's `<legacyDrawing>` points at, if any.
  private func legacyDrawing(of part: String, _ rels: [Relationship]) throws -> String? {
    let scan = LegacyDrawingScan()
    try transform(part, in: package, cap: limits.maxPartBytes, with: scan)
    guard let id = scan.id else { return nil }
    guard let rel = rels.first(where: { $0.id == id && !$0.isExternal }) else {
      throw XLSXError.missingPart(path: Relationships.relsPart(for: part))
    }
    return rel.target
  }

  /// A part's target as the workbook's relationships name it: relative to
  /// the workbook's folder when inside it, else absolute.
  private func relativeToMain(_ part: String) -> String {
    let folder = mainPart.split(separator: "/").dropLast().joined(separator: "/")
    if folder.isEmpty { return part }
    if part.hasPrefix(folder + "/") { return String(part.dropFirst(folder.count + 1)) }
    return "/" + part
  }

  /// A part name in the workbook's folder (or a folder inside it) that
  /// neither the package nor this copy has: `errores.xml`,
  /// `errores2.xml`…, or `comments1.xml`… when `numbered`.
  private func freePart(
    _ base: String, in subfolder: String? = nil, extension ext: String = "xml",
    numbered: Bool = false
  ) -> String {
    Self.freePart(
      base, in: subfolder, extension: ext, numbered: numbered, main: mainPart, package: package,
      taken: &takenParts)
  }

  private static func freePart(
    _ base: String, in subfolder: String?, extension ext: String, numbered: Bool, main: String,
    package: ZipPackage, taken: inout Set<String>
  ) -> String {
    var folder = main.split(separator: "/").dropLast().joined(separator: "/")
    if let subfolder { folder = folder.isEmpty ? subfolder : folder + "/" + subfolder }
    var k = 1
    while true {
      let file = !numbered && k == 1 ? "\(base).\(ext)" : "\(base)\(k).\(ext)"
      let part = (folder.isEmpty ? "" : folder + "/") + file
      if !package.contains(part), taken.insert(ZipPackage.key(part)).inserted { return part }
      k += 1
    }
  }

  /// `rId` one past the highest `rIdN` of `ids`, not among them.
  static func freeId(among ids: [String]) -> String {
    let taken = Set(ids)
    var next = (ids.compactMap { $0.hasPrefix("rId") ? Int($0.dropFirst(3)) : nil }.max() ?? 0) + 1
    while taken.contains("rId\(next)") { next += 1 }
    return "rId\(next)"
  }
}
