import Foundation

// Notes (legacy comments) live in two parts per sheet: the comments part
// holds the text, a VML drawing holds one hidden `v:shape` per note, which
// is what Excel shows on hover. The sheet points at the drawing with
// `<legacyDrawing r:id>`, and its relationships name both parts.

/// The notes of one sheet: one text per cell, cells in row order.
struct SheetNotes {
  /// Notes past this many cells on one sheet are left out, so a flood of
  /// findings cannot inflate the copy (each note is a VML shape).
  static let maxPerSheet = 20_000

  let cells: [(ref: CellRef, text: String)]
  private let index: [CellRef: Int]

  /// Texts on the same cell are joined a line each, in the order given.
  init(_ notes: [CellNote]) {
    var texts: [CellRef: [String]] = [:]
    var order: [CellRef] = []
    for note in notes {
      if texts[note.cell] == nil {
        guard order.count < Self.maxPerSheet else { continue }
        order.append(note.cell)
      }
      if texts[note.cell]?.contains(note.text) != true {
        texts[note.cell, default: []].append(note.text)
      }
    }
    cells = order.sorted().map { ref in
      let text = texts[ref, default: []].joined(separator: "\n")
      return (
        ref, CellText.escaped(CellText.truncated(text, limit: CellText.maxTextLength) ?? text)
      )
    }
    index = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($0.element.ref, $0.offset) })
  }

  func text(at ref: CellRef) -> String? { index[ref].map { cells[$0].text } }
}

/// The author of the notes the copy adds.
let noteAuthor = "pai"

/// What a sheet's comments part holds: its authors and the cells that
/// have a comment.
final class CommentsScan: EchoTransform {
  private(set) var authors: [String] = []
  private(set) var cells: Set<CellRef> = []
  private var inAuthor = false

  init() { super.init(out: nil) }

  override func didStart(_ tag: XMLTag) throws {
    if depth == 3, tag.is("author") {
      authors.append("")
      inAuthor = true
    } else if depth == 3, tag.is("comment"), let ref = tag.value("ref").flatMap(CellRef.init) {
      cells.insert(ref)
    }
  }

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    inAuthor = false
  }

  override func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {
    guard inAuthor else { return }
    authors[authors.count - 1] += String(decoding: bytes, as: UTF8.self)
  }
}

/// Rewrites a sheet's comments part: theirs kept; a cell of `notes` that
/// has a comment gets our text after a blank line; the other cells of
/// `notes` get a new comment at the end of `commentList`, by `pai`.
final class CommentsEdit: EchoTransform {
  private let notes: SheetNotes
  private let existing: Set<CellRef>
  private let authorId: Int
  private let addAuthor: Bool
  /// Our text for the comment being copied, until it is written.
  private var pending: String?
  /// Inside a `<t>` straight under that comment's `<text>`.
  private var inPlainText = false
  private var sawCommentList = false
  private var rootPrefix: String?

  init(out: XMLWriter, notes: SheetNotes, scan: CommentsScan) {
    self.notes = notes
    existing = scan.cells
    if let i = scan.authors.firstIndex(of: noteAuthor) {
      authorId = i
      addAuthor = false
    } else {
      authorId = scan.authors.count
      addAuthor = true
    }
    super.init(out: out)
  }

  override func didStart(_ tag: XMLTag) throws {
    switch depth {
    case 1:
      rootPrefix = tag.prefixName
      try echo(tag)
    case 2:
      if tag.is("commentList") { sawCommentList = true }
      if tag.is("commentList"), !sawAuthors { try writeAuthors(prefix: rootPrefix) }
      try echo(tag)
    case 3 where tag.is("comment"):
      pending = tag.value("ref").flatMap(CellRef.init).flatMap(notes.text(at:))
      try echo(tag)
    case 5 where pending != nil && tag.is("t"):
      try echo(tag)
      if tag.attributeList.first(where: { $0.local == "space" && $0.prefix == "xml" }) == nil {
        try out?.attribute(prefix: "xml", local: "space", value: "preserve")
      }
      inPlainText = true
    case 5 where pending != nil && (tag.is("rPh") || tag.is("phoneticPr")):
      try writeRun(prefix: tag.prefixName)
      try echo(tag)
    default:
      try echo(tag)
    }
  }

  private var sawAuthors = false

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    let name = XMLName(pointer: local)
    let prefixName = prefix.map { String(cString: $0) }
    switch depth {
    case 1:
      if !sawCommentList {
        if !sawAuthors { try writeAuthors(prefix: prefixName) }
        try out?.start(prefix: prefixName, local: "commentList")
        try writeNew(prefix: prefixName)
        try out?.end()
      }
    case 2 where name.is("authors"):
      sawAuthors = true
      if addAuthor { try out?.element(prefix: prefixName, "author", noteAuthor) }
    case 2 where name.is("commentList"):
      try writeNew(prefix: prefixName)
    case 3:
      pending = nil
    case 4 where name.is("text"):
      try writeRun(prefix: prefixName)
    case 5 where inPlainText:
      inPlainText = false
      if let text = pending {
        try out?.text("\n\n" + text)
        pending = nil
      }
    default:
      break
    }
  }

  private func writeAuthors(prefix: String?) throws {
    sawAuthors = true
    try out?.start(prefix: prefix, local: "authors")
    for _ in 0..<authorId { try out?.element(prefix: prefix, "author", "") }
    try out?.element(prefix: prefix, "author", noteAuthor)
    try out?.end()
  }

  /// `<r><t xml:space="preserve">\n\n…</t></r>`: our text after theirs.
  private func writeRun(prefix: String?) throws {
    guard let text = pending, let out else { return }
    pending = nil
    try out.start(prefix: prefix, local: "r")
    try out.start(prefix: prefix, local: "t")
    try out.attribute(prefix: "xml", local: "space", value: "preserve")
    try out.text("\n\n" + text)
    try out.end()
    try out.end()
  }

  private func writeNew(prefix: String?) throws {
    guard let out else { return }
    for (ref, text) in notes.cells where !existing.contains(ref) {
      try NoteWriter.comment(ref: ref, text: text, authorId: authorId, prefix: prefix, to: out)
    }
  }
}

/// What a sheet's VML drawing holds: the highest shape number
/// (`_x0000_s1025` → 1025) and whether it defines the note shape type.
final class VMLScan: EchoTransform {
  private(set) var maxShape = 1024
  private(set) var hasNoteType = false

  init() { super.init(out: nil) }

  override func didStart(_ tag: XMLTag) throws {
    guard depth == 2 else { return }
    let id = tag.value("id") ?? ""
    if tag.is("shapetype"), id == NoteWriter.noteType {
      hasNoteType = true
    } else if tag.is("shape"), id.hasPrefix("_x0000_s"), let n = Int(id.dropFirst(8)) {
      maxShape = max(maxShape, n)
    }
  }
}

/// Rewrites a sheet's VML drawing: everything kept, a hidden note shape
/// added at the end for each of `cells`.
final class VMLEdit: EchoTransform {
  private let cells: [CellRef]
  private let scan: VMLScan

  init(out: XMLWriter, cells: [CellRef], scan: VMLScan) {
    self.cells = cells
    self.scan = scan
    super.init(out: out)
  }

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    guard depth == 1, let out else { return }
    var prefixes: [String: String] = [:]
    var declare: [(prefix: String, uri: String)] = []
    for (uri, base) in NoteWriter.vmlNamespaces {
      if let bound = attributePrefix(for: uri) {
        prefixes[uri] = bound
      } else {
        var name = base
        var n = 1
        while isBound(name) || declare.contains(where: { $0.prefix == name }) {
          name = base + String(n)
          n += 1
        }
        prefixes[uri] = name
        declare.append((name, uri))
      }
    }
    let vml = NoteWriter.VML(prefixes: prefixes, declare: declare)
    if !scan.hasNoteType { try vml.writeNoteType(to: out) }
    for (i, ref) in cells.enumerated() {
      try vml.writeShape(number: scan.maxShape + 1 + i, at: ref, to: out)
    }
  }
}

/// The comment and VML markup of a note.
enum NoteWriter {
  static let commentsType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
  static let vmlType = "application/vnd.openxmlformats-officedocument.vmlDrawing"
  static let noteType = "_x0000_t202"
  static let v = "urn:schemas-microsoft-com:vml"
  static let o = "urn:schemas-microsoft-com:office:office"
  static let x = "urn:schemas-microsoft-com:office:excel"
  static let vmlNamespaces = [(v, "v"), (o, "o"), (x, "x")]

  /// `<comment ref="B2" authorId="0"><text><t>…</t></text></comment>`.
  static func comment(ref: CellRef, text: String, authorId: Int, prefix: String?, to out: XMLWriter)
    throws
  {
    try out.start(prefix: prefix, local: "comment")
    try out.attribute("ref", ref.description)
    try out.attribute("authorId", authorId)
    try out.start(prefix: prefix, local: "text")
    try out.textElement(prefix: prefix, text)
    try out.end()
    try out.end()
  }

  /// A whole comments part, by `pai`.
  static func writeComments(_ notes: SheetNotes, namespace: String, to out: XMLWriter) throws {
    try out.start(prefix: nil, local: "comments")
    try out.declare(prefix: nil, uri: namespace)
    try out.start(prefix: nil, local: "authors")
    try out.element(prefix: nil, "author", noteAuthor)
    try out.end()
    try out.start(prefix: nil, local: "commentList")
    for (ref, text) in notes.cells {
      try comment(ref: ref, text: text, authorId: 0, prefix: nil, to: out)
    }
    try out.end()
    try out.end()
  }

  /// A whole VML drawing with a note shape on each of `cells`.
  static func writeDrawing(_ cells: [CellRef], to out: XMLWriter) throws {
    let vml = VML(prefixes: Dictionary(uniqueKeysWithValues: vmlNamespaces), declare: [])
    try out.start(prefix: nil, local: "xml")
    for (uri, prefix) in vmlNamespaces { try out.declare(prefix: prefix, uri: uri) }
    try out.start(prefix: "o", local: "shapelayout")
    try out.attribute(prefix: "v", local: "ext", value: "edit")
    try out.start(prefix: "o", local: "idmap")
    try out.attribute(prefix: "v", local: "ext", value: "edit")
    // Shape numbers come in blocks of 1,024; block n holds n·1024 + 1….
    let blocks = (cells.count + 1024) / 1024
    try out.attribute("data", (1...max(blocks, 1)).map(String.init).joined(separator: ","))
    try out.end()
    try out.end()
    try vml.writeNoteType(to: out)
    for (i, ref) in cells.enumerated() {
      try vml.writeShape(number: 1025 + i, at: ref, to: out)
    }
    try out.end()
  }

  /// Writes VML with the prefixes in scope, declaring on each top element
  /// those that are not.
  struct VML {
    let prefixes: [String: String]
    let declare: [(prefix: String, uri: String)]

    private var v: String { prefixes[NoteWriter.v] ?? "v" }
    private var o: String { prefixes[NoteWriter.o] ?? "o" }
    private var x: String { prefixes[NoteWriter.x] ?? "x" }

    private func startTop(_ local: String, _ out: XMLWriter) throws {
      try out.start(prefix: v, local: local)
      for d in declare { try out.declare(prefix: d.prefix, uri: d.uri) }
    }

    func writeNoteType(to out: XMLWriter) throws {
      try startTop("shapetype", out)
      try out.attribute("id", NoteWriter.noteType)
      try out.attribute("coordsize", "21600,21600")
      try out.attribute(prefix: o, local: "spt", value: "202")
      try out.attribute("path", "m,l,21600r21600,l21600,xe")
      try out.start(prefix: v, local: "stroke")
      try out.attribute("joinstyle", "miter")
      try out.end()
      try out.start(prefix: v, local: "path")
      try out.attribute("gradientshapeok", "t")
      try out.attribute(prefix: o, local: "connecttype", value: "rect")
      try out.end()
      try out.end()
    }

    /// A hidden note box to the right of the cell (`x:Row`, `x:Column`
    /// zero-based), as Excel writes one.
    func writeShape(number: Int, at ref: CellRef, to out: XMLWriter) throws {
      let row = ref.row - 1
      let column = ref.column - 1
      try startTop("shape", out)
      try out.attribute("id", "_x0000_s\(number)")
      try out.attribute("type", "#" + NoteWriter.noteType)
      try out.attribute(
        "style",
        "position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:216pt;height:80pt;"
          + "z-index:\(number - 1024);visibility:hidden")
      try out.attribute("fillcolor", "#ffffe1")
      try out.attribute(prefix: o, local: "insetmode", value: "auto")
      try out.start(prefix: v, local: "fill")
      try out.attribute("color2", "#ffffe1")
      try out.end()
      try out.start(prefix: v, local: "shadow")
      try out.attribute("on", "t")
      try out.attribute("color", "black")
      try out.attribute("obscured", "t")
      try out.end()
      try out.start(prefix: v, local: "path")
      try out.attribute(prefix: o, local: "connecttype", value: "none")
      try out.end()
      try out.start(prefix: v, local: "textbox")
      try out.attribute("style", "mso-direction-alt:auto")
      try out.start(prefix: nil, local: "div")
      try out.attribute("style", "text-align:left")
      try out.end()
      try out.end()
      try out.start(prefix: x, local: "ClientData")
      try out.attribute("ObjectType", "Note")
      try out.element(prefix: x, "MoveWithCells", "")
      try out.element(prefix: x, "SizeWithCells", "")
      // Left column, offset, top row, offset, right column, offset,
      // bottom row, offset.
      try out.element(
        prefix: x, "Anchor",
        "\(column + 1), 15, \(max(row - 1, 0)), 10, \(column + 4), 15, \(max(row - 1, 0) + 5), 4")
      try out.element(prefix: x, "AutoFill", "False")
      try out.element(prefix: x, "Row", String(row))
      try out.element(prefix: x, "Column", String(column))
      try out.end()
      try out.end()
    }
  }
}

extension XMLWriter {
  /// `<prefix:local>text</prefix:local>`, or an empty element for no text.
  func element(prefix: String?, _ local: String, _ text: String) throws {
    try start(prefix: prefix, local: local)
    if !text.isEmpty { try self.text(text) }
    try end()
  }
}
