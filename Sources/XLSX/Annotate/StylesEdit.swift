import Foundation

/// What `styles.xml` holds, read before any sheet is rewritten: how many
/// fonts, fills, borders and cell style `xf`s there are, and each cell
/// `xf` whole, to be copied with a new fill.
final class StylesScan: EchoTransform {
  private(set) var present: Set<String> = []
  private(set) var counts: [String: Int] = [:]
  private(set) var xfs: [XMLNode] = []
  private(set) var firstFont: XMLNode?
  private var section = ""
  private var builder = XMLNodeBuilder()

  init() { super.init(out: nil) }

  func count(_ section: String) -> Int { counts[section] ?? 0 }

  override func didStart(_ tag: XMLTag) throws {
    if builder.isBuilding {
      builder.start(tag)
      return
    }
    switch depth {
    case 2:
      section = tag.name
      present.insert(section)
    case 3:
      counts[section, default: 0] += 1
      if (section == "cellXfs" && tag.is("xf"))
        || (section == "fonts" && tag.is("font") && firstFont == nil)
      {
        builder.start(tag)
      }
    default:
      break
    }
  }

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    guard builder.isBuilding, let node = builder.end() else { return }
    if section == "cellXfs" { xfs.append(node) } else { firstFont = node }
  }
}

/// The styles the copy adds, and their indices: fonts, fills and `xf`s for
/// the error sheet, and one copy of a cell's `xf` per severity it is
/// marked with, handed out as the sheets are rewritten.
final class StyleBook {
  /// Children of `styleSheet` in schema order (CT_Stylesheet).
  static let order = [
    "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
    "tableStyles", "colors", "extLst",
  ]
  /// The sections Excel needs, made when the part lacks them; `cellStyles`
  /// for its `Normal` style, which Excel and openpyxl expect.
  static let required = ["fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles"]

  static let headerColor = "FFD9E1F2"
  static let errorColor = "FFFFC7CE"
  static let warningColor = "FFFFEB9C"
  static let linkColor = "FF0563C1"

  let scan: StylesScan
  /// Existing cell `xf`s, plus a default one when there are none.
  let xfCount: Int
  private let fontBase: Int
  private let fillBase: Int
  private(set) var clones: [(source: Int, severity: CellMark.Severity)] = []
  private var cloneIndex: [Int: Int] = [:]

  init(scan: StylesScan) {
    self.scan = scan
    xfCount = max(scan.xfs.count, 1)
    fontBase = max(scan.count("fonts"), 1)
    fillBase = max(scan.count("fills"), 2)
  }

  /// The error sheet's styles, right after the existing `xf`s.
  var header: Int { xfCount }
  var body: Int { xfCount + 1 }
  var link: Int { xfCount + 2 }
  func filled(_ severity: CellMark.Severity) -> Int {
    severity == .error ? xfCount + 3 : xfCount + 4
  }
  private static let errorSheetXfs = 5

  var boldFont: Int { fontBase }
  var linkFont: Int { fontBase + 1 }
  var headerFill: Int { fillBase }
  func fill(_ severity: CellMark.Severity) -> Int {
    severity == .error ? fillBase + 1 : fillBase + 2
  }

  /// The `xf` that looks like `source` with the severity's fill.
  func style(for source: Int, _ severity: CellMark.Severity) -> Int {
    let key = source * 2 + severity.rawValue
    if let index = cloneIndex[key] { return index }
    let index = xfCount + Self.errorSheetXfs + clones.count
    clones.append((source, severity))
    cloneIndex[key] = index
    return index
  }

  // MARK: What gets appended

  /// The defaults a section needs when the part has none of its entries.
  func defaults(_ section: String, prefix: String?) -> [XMLNode] {
    func node(_ local: String, _ attributes: [(String, String)] = [], _ children: [XMLNode] = [])
      -> XMLNode
    {
      XMLNode(
        prefix: prefix, local: local,
        attributes: attributes.map { XMLAttribute(local: $0.0, value: $0.1) }, children: children)
    }
    switch section {
    case "fonts" where scan.count("fonts") == 0:
      return [defaultFont(prefix: prefix)]
    case "fills" where scan.count("fills") == 0:
      return ["none", "gray125"].map {
        node("fill", [], [node("patternFill", [("patternType", $0)])])
      }
    case "borders" where scan.count("borders") == 0:
      return [node("border", [], ["left", "right", "top", "bottom", "diagonal"].map { node($0) })]
    case "cellStyleXfs" where scan.count("cellStyleXfs") == 0:
      return [node("xf", [("numFmtId", "0"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0")])]
    case "cellXfs" where scan.xfs.isEmpty:
      return [defaultXf(prefix: prefix)]
    case "cellStyles" where scan.count("cellStyles") == 0:
      return [node("cellStyle", [("name", "Normal"), ("xfId", "0"), ("builtinId", "0")])]
    default:
      return []
    }
  }

  /// The entries the copy adds to a section, after the existing ones.
  func additions(_ section: String, prefix: String?) -> [XMLNode] {
    func node(_ local: String, _ attributes: [(String, String)] = [], _ children: [XMLNode] = [])
      -> XMLNode
    {
      XMLNode(
        prefix: prefix, local: local,
        attributes: attributes.map { XMLAttribute(local: $0.0, value: $0.1) }, children: children)
    }
    switch section {
    case "fonts":
      var base = scan.firstFont ?? defaultFont(prefix: prefix)
      base.declarations = []
      return [
        font(base, adding: [node("b")], dropping: ["b"]),
        font(
          base, adding: [node("u"), node("color", [("rgb", Self.linkColor)])],
          dropping: ["u", "color"]),
      ]
    case "fills":
      return [Self.headerColor, Self.errorColor, Self.warningColor].map { color in
        node(
          "fill", [],
          [
            node(
              "patternFill", [("patternType", "solid")],
              [node("fgColor", [("rgb", color)]), node("bgColor", [("indexed", "64")])])
          ])
      }
    case "cellXfs":
      func xf(font: Int, fill: Int, vertical: String, wrap: Bool) -> XMLNode {
        var attributes = [
          ("numFmtId", "0"), ("fontId", String(font)), ("fillId", String(fill)), ("borderId", "0"),
          ("xfId", "0"),
        ]
        if font != 0 { attributes.append(("applyFont", "1")) }
        if fill != 0 { attributes.append(("applyFill", "1")) }
        attributes.append(("applyAlignment", "1"))
        var alignment = [("vertical", vertical)]
        if wrap { alignment.append(("wrapText", "1")) }
        return node("xf", attributes, [node("alignment", alignment)])
      }
      var out = [
        xf(font: boldFont, fill: headerFill, vertical: "center", wrap: true),
        xf(font: 0, fill: 0, vertical: "top", wrap: true),
        xf(font: linkFont, fill: 0, vertical: "top", wrap: false),
        xf(font: 0, fill: fill(.error), vertical: "top", wrap: true),
        xf(font: 0, fill: fill(.warning), vertical: "top", wrap: true),
      ]
      for clone in clones {
        var copy =
          scan.xfs.indices.contains(clone.source)
          ? scan.xfs[clone.source] : defaultXf(prefix: prefix)
        copy.declarations = []
        copy.set("fillId", String(fill(clone.severity)))
        copy.set("applyFill", "1")
        out.append(copy)
      }
      return out
    default:
      return []
    }
  }

  /// Entries of a section once rewritten, for its `count`.
  func total(_ section: String) -> Int {
    let defaults = defaults(section, prefix: nil).count
    switch section {
    case "fonts": return scan.count(section) + defaults + 2
    case "fills": return scan.count(section) + defaults + 3
    case "cellXfs": return scan.xfs.count + defaults + Self.errorSheetXfs + clones.count
    default: return scan.count(section) + defaults
    }
  }

  private func defaultFont(prefix: String?) -> XMLNode {
    XMLNode(
      prefix: prefix, local: "font",
      children: [("sz", "11"), ("name", "Calibri"), ("family", "2")].map {
        XMLNode(prefix: prefix, local: $0.0, attributes: [XMLAttribute(local: "val", value: $0.1)])
      })
  }

  private func defaultXf(prefix: String?) -> XMLNode {
    XMLNode(
      prefix: prefix, local: "xf",
      attributes: [
        ("numFmtId", "0"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"),
      ]
      .map { XMLAttribute(local: $0.0, value: $0.1) })
  }

  /// The workbook's first font with some properties replaced, children
  /// kept in the order Excel writes them (CT_Font allows any).
  private func font(_ base: XMLNode, adding: [XMLNode], dropping: Set<String>) -> XMLNode {
    let order = [
      "b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
      "color", "name", "family", "charset", "scheme",
    ]
    var font = base
    var children = base.children.filter { !dropping.contains($0.local) }
    for var child in adding {
      child.prefix = base.prefix
      children.append(child)
    }
    let rank = { (node: XMLNode) in order.firstIndex(of: node.local) ?? order.count }
    font.children = children.enumerated().sorted {
      (rank($0.element), $0.offset) < (rank($1.element), $1.offset)
    }.map(\.element)
    return font
  }
}

/// Rewrites `styles.xml`: appends the book's fonts, fills and `xf`s to
/// their sections, updates their `count`, and makes any required section
/// the part lacks, in schema order.
final class StylesTransform: EchoTransform {
  private let book: StyleBook
  private var rootPrefix: String?
  private var handled: Set<String> = []
  /// The section being copied that gets the additions at its end.
  private var appending: String?

  init(out: XMLWriter, book: StyleBook) {
    self.book = book
    super.init(out: out)
  }

  /// A whole new part, for a workbook that had none.
  static func writeNew(to out: XMLWriter, book: StyleBook, namespace: String) throws {
    let writer = StylesTransform(out: out, book: book)
    try out.start(prefix: nil, local: "styleSheet")
    try out.declare(prefix: nil, uri: namespace)
    try writer.makeMissing(before: StyleBook.order.count)
    try out.end()
  }

  override func didStart(_ tag: XMLTag) throws {
    switch depth {
    case 1:
      rootPrefix = tag.prefixName
      try echo(tag)
    case 2:
      let section = tag.name
      if let rank = StyleBook.order.firstIndex(of: section) {
        try makeMissing(before: rank)
      }
      guard StyleBook.required.contains(section), !handled.contains(section) else {
        try echo(tag)
        return
      }
      handled.insert(section)
      appending = section
      try echo(
        tag, [AttributeEdit(name: "count", value: String(book.total(section)), addIfMissing: false)]
      )
      if let out {
        for node in book.defaults(section, prefix: tag.prefixName) { try node.write(to: out) }
      }
    default:
      try echo(tag)
    }
  }

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    switch depth {
    case 1:
      try makeMissing(before: StyleBook.order.count)
    case 2:
      guard let section = appending, let out else { return }
      appending = nil
      let prefixName = prefix.map { String(cString: $0) }
      for node in book.additions(section, prefix: prefixName) { try node.write(to: out) }
    default:
      break
    }
  }

  /// Writes the required sections the part has not had before `rank`.
  private func makeMissing(before rank: Int) throws {
    guard let out else { return }
    for section in StyleBook.required {
      guard let r = StyleBook.order.firstIndex(of: section), r < rank,
        !handled.contains(section), !book.scan.present.contains(section)
      else { continue }
      handled.insert(section)
      try out.start(prefix: rootPrefix, local: section)
      try out.attribute("count", book.total(section))
      for node in book.defaults(section, prefix: rootPrefix)
        + book.additions(section, prefix: rootPrefix)
      {
        try node.write(to: out)
      }
      try out.end()
    }
  }
}
