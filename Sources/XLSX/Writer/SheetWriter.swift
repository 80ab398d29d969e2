import Foundation

/// Writes one worksheet row by row, straight to a part file on disk
/// through libxml2's `xmlTextWriter`, so memory does not grow with rows.
///
/// Made by `WorkbookWriter.addSheet(_:options:)`. Rows go down the sheet
/// one at a time, starting at row 1; a `nil` cell is skipped. The part is
/// finished when the next sheet is added or the workbook is closed; its
/// dimension, filter, merged ranges and links are written then, since in a
/// worksheet part they follow the rows (ECMA-376 §18.3.1.99).
public final class SheetWriter {
  /// The name on the tab.
  public let name: String
  /// Text cells cut to Excel's 32,767 characters, so a caller can say so.
  public private(set) var truncatedCells: [CellRef] = []

  let options: SheetOptions
  /// The part file being written, in the workbook's scratch directory.
  let file: String
  /// Set when the next sheet is added or the workbook closes.
  private(set) var isFinished = false
  /// The filter range once finished, for the workbook's hidden
  /// `_xlnm._FilterDatabase` name.
  private(set) var filterRange: CellRange?
  /// Links kept until the workbook closes, to check their target sheets.
  private(set) var links: [Link] = []
  /// A `merge` or `link` call on a finished sheet: there is no part left
  /// to put it in, so closing the workbook reports it.
  private(set) var lateCall: XLSXError?

  struct Link {
    let cell: CellRef
    let sheet: String
    let target: CellRef
    let tooltip: String?
  }

  private var xml: XMLWriter?
  private var dimensionOffset: Int64 = 0
  private var nextRow = 1
  private var firstRow = 0
  private var lastRow = 0
  private var minColumn = Int.max
  private var maxColumn = 0
  private var merges: [CellRange] = []
  private var linkIndex: [CellRef: Int] = [:]
  /// The first bad `merge` or `link` argument; those calls do not throw, so
  /// finishing the sheet does.
  private var deferred: XLSXError?
  /// A write that failed half-way: the part is unusable from then on.
  private var failure: Error?
  /// `r` of the cell being written, NUL-terminated: letters, then the
  /// row's digits, which stay put for the whole row.
  private var reference = [UInt8](repeating: 0, count: 24)

  /// Excel's limits: `fitToWidth` is an unsigned short it caps at 32767,
  /// and a header or footer holds 255 characters, codes included.
  static let maxFitPages = 32_767
  static let maxFooterLength = 255

  /// `<dimension ref="XFD1048576:XFD1048576"/>` is 40 bytes; the head
  /// reserves that many spaces and the real element overwrites them.
  private static let dimensionRoom = 40

  init(name: String, options: SheetOptions, file: String, selected: Bool) throws {
    self.name = name
    self.options = options
    self.file = file
    let xml = try XMLWriter(file: file)
    self.xml = xml
    try writeHead(xml, selected: selected)
  }

  /// Checks options before any file exists, so a bad one leaves no trace.
  static func validate(_ options: SheetOptions, sheet: String) throws {
    func bad(_ option: String, _ value: String) -> XLSXError {
      .invalidSheetOption(sheet: sheet, option: option, value: value)
    }
    for (column, width) in options.columnWidths {
      guard (1...CellRef.maxColumn).contains(column) else {
        throw bad("columnWidths", "\(column)")
      }
      guard width.isFinite, (0...255).contains(width) else {
        throw bad("columnWidths", "\(CellRef.columnName(column)): \(width)")
      }
    }
    guard (0..<CellRef.maxRow).contains(options.frozenRows) else {
      throw bad("frozenRows", String(options.frozenRows))
    }
    guard (0..<CellRef.maxColumn).contains(options.frozenColumns) else {
      throw bad("frozenColumns", String(options.frozenColumns))
    }
    if let color = options.tabColor, CellText.argb(color) == nil {
      throw bad("tabColor", color)
    }
    if let setup = options.pageSetup {
      if let pages = setup.fitToWidth, !(1...Self.maxFitPages).contains(pages) {
        throw bad("pageSetup.fitToWidth", String(pages))
      }
      if let rows = setup.repeatedRows, rows.lowerBound < 1 || rows.upperBound > CellRef.maxRow {
        throw bad("pageSetup.repeatedRows", "\(rows.lowerBound)…\(rows.upperBound)")
      }
      if let footer = setup.footer, footer.utf16.count > Self.maxFooterLength {
        throw bad(
          "pageSetup.footer",
          "\(footer.utf16.count) > \(Self.maxFooterLength) UTF-16 units")
      }
    }
    for validation in options.dataValidations {
      if let problem = problem(of: validation) { throw bad("dataValidations", problem) }
    }
    for format in options.conditionalFormats {
      if let range = format.ranges.first(where: { !inGrid($0) }) {
        throw bad("conditionalFormats", range.description)
      }
      if format.ranges.isEmpty || ValidationValue.formula(format.formula).formulaText == nil {
        throw bad("conditionalFormats", "\"\(format.formula)\"")
      }
    }
  }

  /// What makes a validation unwritable: no range or one off the grid,
  /// a bound or list Excel cannot hold, a message past Excel's limits.
  private static func problem(of v: DataValidation) -> String? {
    let place = v.ranges.first.map(\.description) ?? "no range"
    guard !v.ranges.isEmpty else { return place }
    if let range = v.ranges.first(where: { !inGrid($0) }) { return range.description }
    if case .listRange(_, let source) = v.rule, !inGrid(source) {
      return "\(place): \(source)"
    }
    if case .failure(let problem) = v.rule.formulas() { return "\(place): \(problem)" }
    let limits: [(String?, Int, String)] = [
      (v.prompt?.title, DataValidation.maxTitleLength, "promptTitle"),
      (v.prompt?.text, DataValidation.maxPromptLength, "prompt"),
      (v.error?.title, DataValidation.maxTitleLength, "errorTitle"),
      (v.error?.text, DataValidation.maxErrorLength, "error"),
    ]
    for case (let text?, let limit, let name) in limits where text.utf16.count > limit {
      return "\(place): \(name) \(text.utf16.count) > \(limit) UTF-16 units"
    }
    return nil
  }

  private static func inGrid(_ range: CellRange) -> Bool {
    inGrid(range.first) && inGrid(range.last)
  }

  // MARK: Rows

  /// Writes the next row; `cells[0]` goes to column A.
  ///
  /// The whole row is checked before any of it is written, so a thrown
  /// `unwritableValue` (a NaN, a date Excel cannot show) leaves the sheet
  /// as it was and the row can be sent again. Text past 32,767 characters
  /// is cut and the cell listed in `truncatedCells`.
  ///
  /// - Parameter cells: the row's cells, left to right; `nil` for none.
  /// - Throws: `unwritableValue`; `outsideGrid` past row 1,048,576 or
  ///   column XFD; `writerFinished` once the next sheet was added;
  ///   `writeFailed` when the disk refuses, after which the sheet is spent.
  public func appendRow(_ cells: [WriteCell?]) throws {
    guard !isFinished else { throw XLSXError.writerFinished(sheet: name) }
    if let failure { throw failure }
    let row = nextRow
    guard row <= CellRef.maxRow else {
      throw XLSXError.outsideGrid(sheet: name, what: .row(row))
    }
    guard let last = cells.lastIndex(where: { $0 != nil }) else {
      nextRow += 1
      return
    }
    guard last < CellRef.maxColumn else {
      throw XLSXError.outsideGrid(sheet: name, what: .cell(row: row, column: last + 1))
    }
    try check(cells, row: row)
    do {
      try write(cells, row: row)
    } catch {
      failure = error
      throw error
    }
    nextRow += 1
  }

  private func check(_ cells: [WriteCell?], row: Int) throws {
    for (i, cell) in cells.enumerated() {
      guard let cell else { continue }
      let ref = CellRef(row: row, column: i + 1)
      switch cell.value {
      case .number(let d) where d.isNaN, .formula(_, cached: .some(let d)) where d.isNaN:
        throw XLSXError.unwritableValue(sheet: name, cell: ref, text: "NaN")
      case .date(let y, let m, let d)
      where CellText.serial(year: y, month: m, day: d) == nil:
        throw XLSXError.unwritableValue(
          sheet: name, cell: ref, text: "\(y)-\(m)-\(d)")
      default:
        continue
      }
    }
  }

  private func write(_ cells: [WriteCell?], row: Int) throws {
    guard let xml else { throw XLSXError.writerFinished(sheet: name) }
    let rowDigits = Array(String(row).utf8)
    var opened = false
    for (i, cell) in cells.enumerated() {
      guard let cell else { continue }
      var style = cell.style
      if case .date = cell.value, style == .general { style = .date }
      let index = StylesPart.index(style, locked: cell.locked, shaded: cell.shaded)
      if case .empty = cell.value, index == 0 { continue }
      let column = i + 1
      if !opened {
        try xml.start("row")
        try xml.attribute("r", row)
        // No customHeight: the height is a fit to the text, not a choice,
        // and Excel may fit the row again when it changes.
        if options.fitsWrappedRows,
          let height = RowHeight.points(cells, widths: options.columnWidths)
        {
          try xml.attribute("ht", CellText.decimal(height))
        }
        opened = true
      }
      try xml.start("c")
      try setReference(column: column, rowDigits: rowDigits)
      try reference.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        try xml.attribute("r", ascii: base)
      }
      if index != 0 {
        try StylesPart.indexText[index].withUnsafeBufferPointer {
          buffer in
          guard let base = buffer.baseAddress else { return }
          try xml.attribute("s", ascii: base)
        }
      }
      try writeValue(cell.value, xml, ref: CellRef(row: row, column: column))
      try xml.end()
      if firstRow == 0 { firstRow = row }
      lastRow = row
      minColumn = min(minColumn, column)
      maxColumn = max(maxColumn, column)
    }
    if opened { try xml.end() }
  }

  private func writeValue(_ value: WriteValue, _ xml: XMLWriter, ref: CellRef) throws {
    switch value {
    case .number(let d):
      try xml.element("v", CellText.number(d) ?? "0")
    case .integer(let n):
      try xml.element("v", String(n))
    case .text(let original):
      var text = original
      if let cut = CellText.truncated(original, limit: CellText.maxTextLength) {
        text = cut
        truncatedCells.append(ref)
      }
      // Inline strings keep the stream flat: a shared-string table would
      // have to be held whole until the workbook closes.
      try xml.attribute("t", "inlineStr")
      try xml.start("is")
      try xml.start("t")
      if CellText.needsPreserve(text) { try xml.attribute("xml:space", "preserve") }
      try xml.text(CellText.escaped(text))
      try xml.end()
      try xml.end()
    case .bool(let b):
      try xml.attribute("t", "b")
      try xml.element("v", b ? "1" : "0")
    case .date(let y, let m, let d):
      try xml.element("v", String(CellText.serial(year: y, month: m, day: d) ?? 0))
    case .formula(let formula, let cached):
      try xml.element("f", CellText.escaped(CellText.formulaBody(formula)))
      if let cached { try xml.element("v", CellText.number(cached) ?? "0") }
    case .textFormula(let formula, let cached):
      try xml.attribute("t", "str")
      try xml.element("f", CellText.escaped(CellText.formulaBody(formula)))
      try xml.element("v", CellText.escaped(cached))
    case .empty:
      break
    }
  }

  /// Puts the column letters and the row digits in `reference`, without
  /// allocating: this runs for every cell.
  private func setReference(column: Int, rowDigits: [UInt8]) throws {
    var count = 0
    var n = column
    while n > 0 {
      count += 1
      n = (n - 1) / 26
    }
    n = column
    var i = count
    while n > 0 {
      i -= 1
      reference[i] = UInt8(65 + (n - 1) % 26)
      n = (n - 1) / 26
    }
    i = count
    for digit in rowDigits {
      reference[i] = digit
      i += 1
    }
    reference[i] = 0
  }

  // MARK: Merges and links

  /// Merges a range, which Excel shows as one cell with the top-left value.
  ///
  /// Does not throw: a range off the grid, or one sharing a cell with
  /// another, is reported when the sheet is finished (the next `addSheet`
  /// or `close`). Merging a single cell changes nothing and is ignored.
  public func merge(_ range: CellRange) {
    guard !isFinished else {
      lateCall = lateCall ?? .writerFinished(sheet: name)
      return
    }
    guard Self.inGrid(range) else {
      deferred = deferred ?? .outsideGrid(sheet: name, what: .range(range))
      return
    }
    guard range.first != range.last else { return }
    merges.append(range)
  }

  /// Makes `cell` a link to `target` on sheet `toSheet` of this workbook.
  ///
  /// Written as `<hyperlink location="'Metas'!K14">`, which needs no
  /// relationship. The target sheet is checked when the workbook closes, so
  /// it may be added later. A second link on the same cell replaces the
  /// first; a tooltip is cut to Excel's 255 characters. Give the cell the
  /// `.link` style to make it look like one.
  public func link(
    _ cell: CellRef, toSheet: String, cell target: CellRef, tooltip: String?
  ) {
    guard !isFinished else {
      lateCall = lateCall ?? .writerFinished(sheet: name)
      return
    }
    guard Self.inGrid(cell), Self.inGrid(target) else {
      let bad = Self.inGrid(cell) ? target : cell
      deferred =
        deferred ?? .outsideGrid(sheet: name, what: .cell(row: bad.row, column: bad.column))
      return
    }
    let tip = tooltip.map {
      CellText.truncated($0, limit: CellText.maxTooltipLength) ?? $0
    }
    let link = Link(cell: cell, sheet: toSheet, target: target, tooltip: tip)
    if let existing = linkIndex[cell] {
      links[existing] = link
    } else {
      linkIndex[cell] = links.count
      links.append(link)
    }
  }

  private static func inGrid(_ ref: CellRef) -> Bool {
    (1...CellRef.maxRow).contains(ref.row) && (1...CellRef.maxColumn).contains(ref.column)
  }

  // MARK: Head and tail of the part

  /// Everything before the rows, in CT_Worksheet order: sheetPr,
  /// dimension (room reserved), sheetViews, sheetFormatPr, cols,
  /// and the opening of sheetData.
  private func writeHead(_ xml: XMLWriter, selected: Bool) throws {
    try xml.startDocument()
    try xml.start("worksheet")
    try xml.attribute("xmlns", Namespace.spreadsheet)
    try xml.attribute("xmlns:r", Namespace.relationships)
    // CT_SheetPr: tabColor, outlinePr, pageSetUpPr, in that order.
    let color = options.tabColor.flatMap(CellText.argb)
    let fits = options.pageSetup?.fitToWidth != nil
    if color != nil || fits {
      try xml.start("sheetPr")
      if let color {
        try xml.start("tabColor")
        try xml.attribute("rgb", color)
        try xml.end()
      }
      if fits {
        // Without it Excel ignores fitToWidth and prints at `scale`.
        try xml.start("pageSetUpPr")
        try xml.attribute("fitToPage", 1)
        try xml.end()
      }
      try xml.end()
    }
    try xml.raw(String(repeating: " ", count: Self.dimensionRoom))
    dimensionOffset = try xml.offset() - Int64(Self.dimensionRoom)

    try xml.start("sheetViews")
    try xml.start("sheetView")
    if selected { try xml.attribute("tabSelected", 1) }
    try xml.attribute("workbookViewId", 0)
    try writePane(xml)
    try xml.end()
    try xml.end()

    try xml.start("sheetFormatPr")
    try xml.attribute("defaultRowHeight", "15")
    try xml.end()

    if !options.columnWidths.isEmpty {
      try xml.start("cols")
      for (column, width) in options.columnWidths.sorted(by: { $0.key < $1.key }) {
        try xml.start("col")
        try xml.attribute("min", column)
        try xml.attribute("max", column)
        try xml.attribute("width", CellText.decimal(width))
        try xml.attribute("customWidth", 1)
        try xml.end()
      }
      try xml.end()
    }
    try xml.start("sheetData")
  }

  /// A frozen pane: the split, the first scrolling cell, and the pane that
  /// holds the cursor (bottomRight, bottomLeft or topRight, by which sides
  /// are frozen), as Excel writes them.
  private func writePane(_ xml: XMLWriter) throws {
    let rows = options.frozenRows
    let columns = options.frozenColumns
    guard rows > 0 || columns > 0 else { return }
    let topLeft = CellRef(row: rows + 1, column: columns + 1).description
    let pane: String =
      rows > 0 && columns > 0 ? "bottomRight" : rows > 0 ? "bottomLeft" : "topRight"
    try xml.start("pane")
    if columns > 0 { try xml.attribute("xSplit", columns) }
    if rows > 0 { try xml.attribute("ySplit", rows) }
    try xml.attribute("topLeftCell", topLeft)
    try xml.attribute("activePane", pane)
    try xml.attribute("state", "frozen")
    try xml.end()
    try xml.start("selection")
    try xml.attribute("pane", pane)
    try xml.attribute("activeCell", topLeft)
    try xml.attribute("sqref", topLeft)
    try xml.end()
  }

  /// The used range: first to last row with a cell, narrowest columns.
  private var usedRange: CellRange? {
    guard firstRow > 0 else { return nil }
    return CellRange(
      first: CellRef(row: firstRow, column: minColumn),
      last: CellRef(row: lastRow, column: maxColumn))
  }

  /// Closes the part: sheetData, then autoFilter, mergeCells,
  /// conditionalFormatting, dataValidations, hyperlinks, pageMargins,
  /// pageSetup and headerFooter in CT_Worksheet order, and the dimension written into
  /// the room the head left for it.
  func finish() throws {
    guard !isFinished else { return }
    isFinished = true
    defer {
      merges = []
      linkIndex = [:]
    }
    if let failure { throw failure }
    if let deferred { throw deferred }
    try checkMerges()
    guard let xml else { throw XLSXError.writerFinished(sheet: name) }
    self.xml = nil

    try xml.end()  // sheetData
    if options.protected {
      // No password: `sheet` turns protection on; `formatColumns` and
      // `formatRows` at 0 leave widths and heights adjustable.
      try xml.start("sheetProtection")
      try xml.attribute("sheet", 1)
      try xml.attribute("objects", 1)
      try xml.attribute("scenarios", 1)
      try xml.attribute("formatColumns", 0)
      try xml.attribute("formatRows", 0)
      try xml.end()
    }
    if options.autoFilter, let used = usedRange {
      filterRange = used
      try xml.start("autoFilter")
      try xml.attribute("ref", used.description)
      try xml.end()
    }
    if !merges.isEmpty {
      try xml.start("mergeCells")
      try xml.attribute("count", merges.count)
      for range in merges {
        try xml.start("mergeCell")
        try xml.attribute("ref", range.description)
        try xml.end()
      }
      try xml.end()
    }
    try writeConditionalFormats(xml)
    try writeDataValidations(xml)
    if !links.isEmpty {
      try xml.start("hyperlinks")
      for link in links {
        try xml.start("hyperlink")
        try xml.attribute("ref", link.cell.description)
        try xml.attribute(
          "location", SheetName.quoted(link.sheet) + "!" + link.target.description)
        if let tip = link.tooltip { try xml.attribute("tooltip", CellText.escaped(tip)) }
        try xml.end()
      }
      try xml.end()
    }
    try writePrinting(xml)
    try xml.end()  // worksheet
    try xml.endDocument()
    try xml.finishWriting()
    try xml.overwrite(
      "<dimension ref=\"\(usedRange?.description ?? "A1")\"/>", at: dimensionOffset)
    try xml.close()
  }

  /// `<pageMargins>`, then with a page setup `<pageSetup>` and
  /// `<headerFooter>`, the last children this writer puts in a worksheet
  /// (CT_Worksheet: hyperlinks, printOptions, pageMargins, pageSetup,
  /// headerFooter, rowBreaks…).
  ///
  /// Margins are Excel's «Normal» preset, or for a sheet set up for
  /// printing narrow ones (a quarter inch at the sides, half an inch above,
  /// room for the footer below) to give the rows the page.
  private func writePrinting(_ xml: XMLWriter) throws {
    let setup = options.pageSetup
    let margins: [(StaticString, String)] =
      setup == nil
      ? [("left", "0.7"), ("right", "0.7"), ("top", "0.75"), ("bottom", "0.75")]
      : [("left", "0.25"), ("right", "0.25"), ("top", "0.5"), ("bottom", "0.6")]
    try xml.start("pageMargins")
    for (name, value) in margins + [("header", "0.3"), ("footer", "0.3")] {
      try xml.attribute(name, value)
    }
    try xml.end()
    guard let setup else { return }
    try xml.start("pageSetup")
    try xml.attribute("paperSize", setup.paper.rawValue)
    if let pages = setup.fitToWidth {
      try xml.attribute("fitToWidth", pages)
      // 0: as many pages down as the rows take.
      try xml.attribute("fitToHeight", 0)
    }
    try xml.attribute("orientation", setup.orientation.rawValue)
    try xml.end()
    if let footer = setup.footer {
      try xml.start("headerFooter")
      try xml.element("oddFooter", CellText.escaped(footer))
      try xml.end()
    }
  }

  /// `<conditionalFormatting>`, one per format, each with one expression
  /// rule; priorities count up through the sheet, as Excel requires them
  /// unique.
  private func writeConditionalFormats(_ xml: XMLWriter) throws {
    for (i, format) in options.conditionalFormats.enumerated() {
      try xml.start("conditionalFormatting")
      try xml.attribute("sqref", Self.sqref(format.ranges))
      try xml.start("cfRule")
      try xml.attribute("type", "expression")
      try xml.attribute("dxfId", StylesPart.dxfIndex(format.highlight))
      try xml.attribute("priority", i + 1)
      try xml.element("formula", ValidationValue.formula(format.formula).formulaText ?? "FALSE")
      try xml.end()
      try xml.end()
    }
  }

  /// `<dataValidations>`, after the conditional formats and before the
  /// hyperlinks (CT_Worksheet, ECMA-376 §18.3.1.99).
  private func writeDataValidations(_ xml: XMLWriter) throws {
    let validations = options.dataValidations
    guard !validations.isEmpty else { return }
    try xml.start("dataValidations")
    try xml.attribute("count", validations.count)
    for v in validations {
      try xml.start("dataValidation")
      if let type = v.rule.typeName { try xml.attribute("type", type) }
      if v.errorStyle != .stop { try xml.attribute("errorStyle", v.errorStyle.rawValue) }
      if let op = v.rule.condition?.operatorName { try xml.attribute("operator", op) }
      if v.allowBlank { try xml.attribute("allowBlank", 1) }
      // Inverted in Excel: 1 hides the arrow.
      if !v.showsDropDownArrow { try xml.attribute("showDropDown", 1) }
      if v.prompt != nil { try xml.attribute("showInputMessage", 1) }
      if v.rule != .any { try xml.attribute("showErrorMessage", 1) }
      if let error = v.error {
        try xml.attribute("errorTitle", CellText.escaped(error.title))
        try xml.attribute("error", CellText.escaped(error.text))
      }
      if let prompt = v.prompt {
        try xml.attribute("promptTitle", CellText.escaped(prompt.title))
        try xml.attribute("prompt", CellText.escaped(prompt.text))
      }
      try xml.attribute("sqref", Self.sqref(v.ranges))
      // Checked when the sheet was added.
      let formulas = (try? v.rule.formulas().get()) ?? []
      if let first = formulas.first { try xml.element("formula1", CellText.escaped(first)) }
      if formulas.count > 1 { try xml.element("formula2", CellText.escaped(formulas[1])) }
      try xml.end()
    }
    try xml.end()
  }

  /// Ranges as `sqref` lists them, space-separated.
  static func sqref(_ ranges: [CellRange]) -> String {
    ranges.map(\.description).joined(separator: " ")
  }

  /// Sheets that list validations draw their values from, to check at
  /// close that each exists.
  var listSources: [String] {
    options.dataValidations.compactMap {
      if case .listRange(let sheet, _) = $0.rule { return sheet }
      return nil
    }
  }

  /// Throws on two merged ranges that share a cell.
  ///
  /// Overlapping merges make Excel repair the file. Sorted by first row, each range is compared only
  /// with those starting above its last row.
  private func checkMerges() throws {
    let sorted = merges.sorted { $0.first < $1.first }
    for (i, a) in sorted.enumerated() {
      for b in sorted[(i + 1)...] {
        if b.first.row > a.last.row { break }
        if b.first.column <= a.last.column, a.first.column <= b.last.column {
          throw XLSXError.overlappingMerges(sheet: name, first: a, second: b)
        }
      }
    }
  }

  /// Drops the part without finishing it (the workbook failed or was never
  /// closed); the file itself goes with the scratch directory.
  func abandon() {
    isFinished = true
    xml = nil
  }
}
