/// The height a row of wrapped text needs, estimated from its characters.
///
/// Excel fits a row without a stored height to its wrapped text when it
/// opens the file; LibreOffice does not, and shows one line of each cell.
/// So a sheet that asks for it (`SheetOptions.fitsWrappedRows`) gets a
/// height per row from a greedy word wrap that counts characters against
/// the column width. Calibri 11's letters and spaces average about 0.75
/// of the digit width a column is measured in, bold ones nearly 1;
/// counting them as 0.8 and 1, and the cell's padding as a whole digit,
/// leans to a line too many (a little blank space) rather than a cut word.
enum RowHeight {
  /// Excel's default row height, one line of Calibri 11 with its
  /// padding, in points; each further line adds `nextLine`.
  static let line = 15.0
  static let nextLine = 14.0
  /// Excel's default column width, in digit widths.
  static let defaultWidth = 8.43

  /// Lines `text` takes in a column `width` digits wide.
  static func lines(_ text: String, width: Double, bold: Bool) -> Int {
    // Less the cell's padding, about one digit.
    let room = max(1, (width - 1) / (bold ? 1.0 : 0.8))
    // Below U+0300 (Latin, with its accented letters) every scalar but CR
    // is a character of its own, so characters are counted by scalars in
    // one pass: a consolidated workbook has thousands of wrapped cells.
    guard text.unicodeScalars.allSatisfy({ $0.value < 0x300 && $0 != "\r" }) else {
      return linesByCharacter(text, room: room)
    }
    var total = 0
    var paragraph = Paragraph()
    var word = 0
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n":
        paragraph.add(word: word, room: room)
        total += paragraph.lines
        paragraph = Paragraph()
        word = 0
      case " ":
        paragraph.add(word: word, room: room)
        word = 0
      default:
        word += 1
      }
    }
    paragraph.add(word: word, room: room)
    return max(1, total + paragraph.lines)
  }

  /// The lines of one paragraph so far, filled word by word.
  private struct Paragraph {
    var lines = 1
    var used = 0.0

    mutating func add(word: Int, room: Double) {
      guard word > 0 else { return }
      let length = Double(word)
      if used > 0, used + 1 + length <= room {
        used += 1 + length
        return
      }
      if used > 0 { lines += 1 }
      // A word longer than the line breaks where it must.
      let extra = max(0, Int((length / room).rounded(.up)) - 1)
      lines += extra
      used = length - Double(extra) * room
    }
  }

  /// `lines` counting characters (grapheme clusters), for text with
  /// combining marks or other scripts.
  static func linesByCharacter(_ text: String, room: Double) -> Int {
    var total = 0
    for text in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var paragraph = Paragraph()
      for word in text.split(separator: " ") { paragraph.add(word: word.count, room: room) }
      total += paragraph.lines
    }
    return max(1, total)
  }

  /// The row's height in points, or `nil` when one line is enough.
  ///
  /// - Parameters:
  ///   - cells: the row's cells, column A first.
  ///   - widths: the sheet's column widths by 1-based column.
  static func points(_ cells: [WriteCell?], widths: [Int: Double]) -> Double? {
    var most = 1
    for (i, cell) in cells.enumerated() {
      guard let cell, case .text(let text) = cell.value, StylesPart.wraps(cell.style)
      else { continue }
      let width = widths[i + 1] ?? defaultWidth
      most = max(most, lines(text, width: width, bold: cell.style == .header))
    }
    return most > 1 ? line + Double(most - 1) * nextLine : nil
  }
}
