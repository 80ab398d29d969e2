/// `xl/styles.xml` for the fixed `CellStyle` set: one `cellXfs` entry per
/// case, in `CellStyle.allCases` order, so a style's `s` index is its
/// position and `.general` is 0, the default every reader assumes.
enum StylesPart {
  /// Custom number formats take ids from 164; below are Excel's built-ins,
  /// whose codes readers know without a `numFmt` element.
  static let customFormats: [(id: Int, code: String)] = [
    (164, "\"$ \"#,##0"),
    (165, "dd/mm/yyyy"),
  ]

  /// `cellXfs` holds every style four times: locked and plain first (so
  /// a style's index is its position), then unlocked, then shaded, then
  /// shaded and unlocked.
  static let variants = 4

  /// The `cellXfs` index of a cell's look, written as its `s`.
  static func index(_ style: CellStyle, locked: Bool = true, shaded: Bool = false) -> Int {
    let base = CellStyle.allCases.firstIndex(of: style) ?? 0
    return base + CellStyle.allCases.count * ((locked ? 0 : 1) + (shaded ? 2 : 0))
  }

  /// NUL-terminated `s` values, built once, for the row-writing hot path.
  static let indexText: [[UInt8]] = (0..<(CellStyle.allCases.count * variants)).map {
    Array(String($0).utf8) + [0]
  }

  private struct Look {
    var numFmt = 0
    var font = 0
    var fill = 0
    var border = 0
    var wrap = false
    var vertical: StaticString?
  }

  /// Whether a style wraps its text within the column.
  static func wraps(_ style: CellStyle) -> Bool { look(style).wrap }

  // Fonts: 0 normal, 1 bold, 2 bold 14 pt, 3 hyperlink.
  // Fills: 0 none, 1 gray125 (both required first by Excel), 2 header,
  // 3 light red, 4 light yellow, 5 light grey (shaded). Borders: 0 none, 1 thin bottom.
  private static func look(_ style: CellStyle) -> Look {
    switch style {
    case .general: return Look()
    case .header: return Look(font: 1, fill: 2, border: 1, wrap: true, vertical: "center")
    case .text: return Look(numFmt: 49)
    case .integer: return Look(numFmt: 3)
    case .decimal: return Look(numFmt: 4)
    case .percent: return Look(numFmt: 10)
    case .pesos: return Look(numFmt: 164)
    case .date: return Look(numFmt: 165)
    case .title: return Look(font: 2)
    case .errorCell: return Look(fill: 3)
    case .warningCell: return Look(fill: 4)
    case .link: return Look(font: 3)
    // Bottom-aligned, as the numbers beside it.
    case .wrapped: return Look(wrap: true)
    }
  }

  /// The part, children in CT_Stylesheet order: numFmts, fonts, fills,
  /// borders, cellStyleXfs, cellXfs, cellStyles, dxfs, tableStyles.
  static func bytes() throws -> [UInt8] {
    let w = try XMLWriter(memoryFor: "xl/styles.xml")
    try w.startDocument()
    try w.start("styleSheet")
    try w.attribute("xmlns", Namespace.spreadsheet)

    try w.start("numFmts")
    try w.attribute("count", customFormats.count)
    for format in customFormats {
      try w.start("numFmt")
      try w.attribute("numFmtId", format.id)
      try w.attribute("formatCode", format.code)
      try w.end()
    }
    try w.end()

    try w.start("fonts")
    try w.attribute("count", 4)
    try font(w, bold: false, size: "11", color: nil, underline: false)
    try font(w, bold: true, size: "11", color: nil, underline: false)
    try font(w, bold: true, size: "14", color: nil, underline: false)
    try font(w, bold: false, size: "11", color: "FF0563C1", underline: true)
    try w.end()

    try w.start("fills")
    try w.attribute("count", 6)
    for pattern: StaticString in ["none", "gray125"] {
      try w.start("fill")
      try w.start("patternFill")
      try w.attribute("patternType", pattern)
      try w.end()
      try w.end()
    }
    for color in ["FFD9E1F2", "FFFFC7CE", "FFFFEB9C", "FFE7E6E6"] {
      try w.start("fill")
      try w.start("patternFill")
      try w.attribute("patternType", "solid")
      try w.start("fgColor")
      try w.attribute("rgb", color)
      try w.end()
      try w.start("bgColor")
      try w.attribute("indexed", 64)
      try w.end()
      try w.end()
      try w.end()
    }
    try w.end()

    try w.start("borders")
    try w.attribute("count", 2)
    for thinBottom in [false, true] {
      // CT_Border: left, right, top, bottom, diagonal, in that order.
      try w.start("border")
      try w.start("left")
      try w.end()
      try w.start("right")
      try w.end()
      try w.start("top")
      try w.end()
      try w.start("bottom")
      if thinBottom {
        try w.attribute("style", "thin")
        try w.start("color")
        try w.attribute("indexed", 64)
        try w.end()
      }
      try w.end()
      try w.start("diagonal")
      try w.end()
      try w.end()
    }
    try w.end()

    try w.start("cellStyleXfs")
    try w.attribute("count", 1)
    try w.start("xf")
    for name: StaticString in ["numFmtId", "fontId", "fillId", "borderId"] {
      try w.attribute(name, 0)
    }
    try w.end()
    try w.end()

    try w.start("cellXfs")
    try w.attribute("count", CellStyle.allCases.count * variants)
    let variantes = [(true, false), (false, false), (true, true), (false, true)]
    for (locked, shaded) in variantes {
      for style in CellStyle.allCases {
        var l = look(style)
        if shaded { l.fill = 5 }
        try w.start("xf")
        try w.attribute("numFmtId", l.numFmt)
        try w.attribute("fontId", l.font)
        try w.attribute("fillId", l.fill)
        try w.attribute("borderId", l.border)
        try w.attribute("xfId", 0)
        if l.numFmt != 0 { try w.attribute("applyNumberFormat", 1) }
        if l.font != 0 { try w.attribute("applyFont", 1) }
        if l.fill != 0 { try w.attribute("applyFill", 1) }
        if l.border != 0 { try w.attribute("applyBorder", 1) }
        if l.wrap { try w.attribute("applyAlignment", 1) }
        if !locked { try w.attribute("applyProtection", 1) }
        // CT_Xf children: alignment, then protection.
        if l.wrap {
          try w.start("alignment")
          if let vertical = l.vertical { try w.attribute("vertical", vertical) }
          try w.attribute("wrapText", 1)
          try w.end()
        }
        if !locked {
          try w.start("protection")
          try w.attribute("locked", 0)
          try w.end()
        }
        try w.end()
      }
    }
    try w.end()

    try w.start("cellStyles")
    try w.attribute("count", 1)
    try w.start("cellStyle")
    try w.attribute("name", "Normal")
    try w.attribute("xfId", 0)
    try w.attribute("builtinId", 0)
    try w.end()
    try w.end()

    // Differential formats for conditional formatting, one per
    // `Highlight`, in its order: CT_Dxf children font, then fill.
    try w.start("dxfs")
    try w.attribute("count", Highlight.allCases.count)
    for highlight in Highlight.allCases {
      let (text, fill) = colors(highlight)
      try w.start("dxf")
      try w.start("font")
      try w.start("color")
      try w.attribute("rgb", text)
      try w.end()
      try w.end()
      try w.start("fill")
      try w.start("patternFill")
      // In a dxf the solid fill's colour is the background one.
      try w.start("bgColor")
      try w.attribute("rgb", fill)
      try w.end()
      try w.end()
      try w.end()
      try w.end()
    }
    try w.end()
    try w.start("tableStyles")
    try w.attribute("count", 0)
    try w.attribute("defaultTableStyle", "TableStyleMedium2")
    try w.attribute("defaultPivotStyle", "PivotStyleLight16")
    try w.end()

    try w.end()
    try w.endDocument()
    return try w.bytes()
  }

  /// The `dxfId` of a highlight.
  static func dxfIndex(_ highlight: Highlight) -> Int {
    Highlight.allCases.firstIndex(of: highlight) ?? 0
  }

  /// Text and fill colours of Excel's three presets ("light red fill with
  /// dark red text", and the yellow and green ones).
  private static func colors(_ highlight: Highlight) -> (text: String, fill: String) {
    switch highlight {
    case .bad: return ("FF9C0006", "FFFFC7CE")
    case .neutral: return ("FF9C5700", "FFFFEB9C")
    case .good: return ("FF006100", "FFC6EFCE")
    }
  }

  /// One `<font>`.
  ///
  /// CT_Font children in the order Excel writes them: b, u, sz, color,
  /// name, family. No `theme` colour or `scheme`: the package has no theme
  /// part for them to point into.
  private static func font(
    _ w: XMLWriter, bold: Bool, size: String, color: String?, underline: Bool
  ) throws {
    try w.start("font")
    if bold {
      try w.start("b")
      try w.end()
    }
    if underline {
      try w.start("u")
      try w.end()
    }
    try w.start("sz")
    try w.attribute("val", size)
    try w.end()
    if let color {
      try w.start("color")
      try w.attribute("rgb", color)
      try w.end()
    }
    try w.start("name")
    try w.attribute("val", "Calibri")
    try w.end()
    try w.start("family")
    try w.attribute("val", 2)
    try w.end()
    try w.end()
  }
}

/// The namespaces and relationship types the parts use (transitional
/// OOXML, which every reader accepts).
enum Namespace {
  static let spreadsheet: StaticString =
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let relationships: StaticString =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let packageRelationships: StaticString =
    "http://schemas.openxmlformats.org/package/2006/relationships"
  static let contentTypes: StaticString =
    "http://schemas.openxmlformats.org/package/2006/content-types"
}
