import Foundation

/// Writes the error sheet's part: header frozen and filtered, one row per
/// finding as inline strings (the shared-string table stays untouched),
/// internal links to the cells, the tab selected, printed landscape on
/// one page width (the header repeated: `WorkbookEdit`'s
/// `_xlnm.Print_Titles`).
enum ErrorSheetPart {
  static func write(
    _ sheet: ErrorSheet, name: String, links: [CellRef: (sheet: String, cell: CellRef)],
    to out: XMLWriter, namespace: String, styles: StyleBook
  ) throws {
    let columns = sheet.columnCount
    let lastRow = sheet.rows.count + 1
    let whole = CellRange(
      first: CellRef(row: 1, column: 1), last: CellRef(row: lastRow, column: columns))
    var fills: [CellRef: CellMark.Severity] = [:]
    for f in sheet.fills {
      let ref = CellRef(row: f.row + 2, column: f.column + 1)
      fills[ref] = max(fills[ref] ?? f.severity, f.severity)
    }

    try out.start(prefix: nil, local: "worksheet")
    try out.declare(prefix: nil, uri: namespace)

    try out.start(prefix: nil, local: "sheetPr")
    try out.start(prefix: nil, local: "tabColor")
    try out.attribute("rgb", "FFC00000")
    try out.end()
    // Printed on one page width, as many pages down as it takes.
    try out.start(prefix: nil, local: "pageSetUpPr")
    try out.attribute("fitToPage", 1)
    try out.end()
    try out.end()

    try out.start(prefix: nil, local: "dimension")
    try out.attribute("ref", whole.description)
    try out.end()

    try out.start(prefix: nil, local: "sheetViews")
    try out.start(prefix: nil, local: "sheetView")
    try out.attribute("tabSelected", 1)
    try out.attribute("workbookViewId", 0)
    try out.start(prefix: nil, local: "pane")
    try out.attribute("ySplit", 1)
    try out.attribute("topLeftCell", "A2")
    try out.attribute("activePane", "bottomLeft")
    try out.attribute("state", "frozen")
    try out.end()
    try out.start(prefix: nil, local: "selection")
    try out.attribute("pane", "bottomLeft")
    try out.attribute("activeCell", "A2")
    try out.attribute("sqref", "A2")
    try out.end()
    try out.end()
    try out.end()

    try out.start(prefix: nil, local: "sheetFormatPr")
    try out.attribute("defaultRowHeight", "15")
    try out.end()

    let widths = (0..<columns).map { c in
      sheet.widths.indices.contains(c) ? sheet.widths[c] : fittedWidth(sheet, column: c)
    }
    try out.start(prefix: nil, local: "cols")
    for c in 0..<columns {
      let width = widths[c]
      try out.start(prefix: nil, local: "col")
      try out.attribute("min", c + 1)
      try out.attribute("max", c + 1)
      try out.attribute("width", CellText.decimal(min(max(width, 0), 255)))
      try out.attribute("customWidth", 1)
      try out.end()
    }
    try out.end()

    try out.start(prefix: nil, local: "sheetData")
    try writeRow(out, index: 1, sheet.headers, columns: columns) { _ in styles.header }
    for (i, row) in sheet.rows.enumerated() {
      try writeRow(
        out, index: i + 2, row, columns: columns, numeric: sheet.numericColumns,
        lines: lineCount(row, widths: widths)
      ) { ref in
        if links[ref] != nil { return styles.link }
        if let severity = fills[ref] { return styles.filled(severity) }
        return styles.body
      }
    }
    try out.end()

    try out.start(prefix: nil, local: "autoFilter")
    try out.attribute("ref", whole.description)
    try out.end()

    if !links.isEmpty {
      try out.start(prefix: nil, local: "hyperlinks")
      for (ref, target) in links.sorted(by: { $0.key < $1.key }) {
        let display = "\(target.sheet)!\(target.cell)"
        try out.start(prefix: nil, local: "hyperlink")
        try out.attribute("ref", ref.description)
        try out.attribute(
          "location", SheetName.quoted(target.sheet) + "!" + target.cell.description)
        try out.attribute("display", display)
        try out.end()
      }
      try out.end()
    }

    try out.start(prefix: nil, local: "pageMargins")
    for (name, value): (StaticString, String) in [
      ("left", "0.7"), ("right", "0.7"), ("top", "0.75"), ("bottom", "0.75"), ("header", "0.3"),
      ("footer", "0.3"),
    ] {
      try out.attribute(name, value)
    }
    try out.end()
    try out.start(prefix: nil, local: "pageSetup")
    try out.attribute("orientation", "landscape")
    try out.attribute("fitToWidth", 1)
    try out.attribute("fitToHeight", 0)
    try out.end()
    try out.end()
  }

  /// How many lines the row's wrapped text takes at the columns' widths.
  /// Spreadsheets do not grow a row to fit wrapped text they did not lay
  /// out themselves (LibreOffice prints such a message over the next row),
  /// so the height is written. A column `w` wide holds about `w`
  /// characters of the default font; a little less, to be safe.
  static func lineCount(_ values: [String], widths: [Double]) -> Int {
    var most = 1
    for (c, value) in values.enumerated() where c < widths.count && !value.isEmpty {
      let perLine = max(1, Int(widths[c] * 0.9))
      let lines = value.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) {
        $0 + max(1, ($1.count + perLine - 1) / perLine)
      }
      most = max(most, lines)
    }
    return most
  }

  private static func writeRow(
    _ out: XMLWriter, index: Int, _ values: [String], columns: Int, numeric: Set<Int> = [],
    lines: Int = 1, style: (CellRef) -> Int
  ) throws {
    try out.start(prefix: nil, local: "row")
    try out.attribute("r", index)
    if lines > 1 {
      try out.attribute("ht", CellText.decimal(Double(min(lines, 27)) * 15))
      try out.attribute("customHeight", 1)
    }
    for c in 0..<columns {
      let ref = CellRef(row: index, column: c + 1)
      let value = c < values.count ? values[c] : ""
      try out.start(prefix: nil, local: "c")
      try out.attribute("r", ref.description)
      try out.attribute("s", style(ref))
      if value.isEmpty {
        // Styled and empty, so the row's wrap and fills stay even.
      } else if numeric.contains(c), let n = Int(value) {
        try out.start(prefix: nil, local: "v")
        try out.text(String(n))
        try out.end()
      } else {
        let text = CellText.escaped(
          CellText.truncated(value, limit: CellText.maxTextLength) ?? value)
        try out.attribute("t", "inlineStr")
        try out.start(prefix: nil, local: "is")
        try out.textElement(prefix: nil, text)
        try out.end()
      }
      try out.end()
    }
    try out.end()
  }

  /// Wide enough for the longest line of the column, between 8 and 80.
  private static func fittedWidth(_ sheet: ErrorSheet, column: Int) -> Double {
    let texts = [sheet.headers] + sheet.rows
    let longest =
      texts.lazy.compactMap { column < $0.count ? $0[column] : nil }
      .map { $0.split(separator: "\n").map(\.count).max() ?? 0 }.max() ?? 0
    return Double(min(max(longest + 2, 8), 80))
  }
}
