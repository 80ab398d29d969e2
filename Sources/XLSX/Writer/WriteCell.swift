import Foundation

/// A value to write into a cell.
///
/// Numbers come as `Decimal` or `Int64` so they reach the file in the exact
/// form the program computed (`0.3`, never `0.30000000000000004`).
public enum WriteValue: Hashable, Sendable {
  case number(Decimal)
  case integer(Int64)
  case text(String)
  case bool(Bool)
  /// Written as a serial day number in the 1900 date system, which is what
  /// Excel stores; a `.general` style becomes `.date` so it shows as one.
  case date(year: Int, month: Int, day: Int)
  /// A formula without its `=` (a leading one is dropped), with the result
  /// to show until the sheet is recalculated. Without a cached result Excel
  /// computes it on opening (the workbook asks for a full recalculation).
  case formula(String, cached: Decimal?)
  /// A formula whose result is text (`IF(…,"Cuadra","Revisar")`), with
  /// the text to show until the sheet is recalculated (`t="str"`).
  case textFormula(String, cached: String)
  /// A blank cell; written only when its style is not `.general`, so a
  /// blank can carry a fill or a border.
  case empty
}

/// The fixed set of looks a generated workbook uses.
///
/// Each is one entry of
/// `styles.xml`, so the reader sees the number kind it implies (`.percent`
/// shows `0.1698` as `16.98%` and reads back as a percent).
public enum CellStyle: CaseIterable, Hashable, Sendable {
  case general
  /// Bold on a light fill, wrapped, with a thin bottom border.
  case header
  /// `@`: the text format, so a code like `007` stays text when edited.
  case text
  /// `#,##0`.
  case integer
  /// `#,##0.00`.
  case decimal
  /// `0.00%`.
  case percent
  /// `"$ "#,##0`, Colombian pesos without cents.
  case pesos
  /// `dd/mm/yyyy`.
  case date
  /// Bold 14 pt.
  case title
  /// A light red fill for a cell with an error finding.
  case errorCell
  /// A light yellow fill for a cell with a warning finding.
  case warningCell
  /// Blue and underlined, for a cell that carries a link.
  case link
  /// Text wrapped within the column's width, for long names and
  /// descriptions that a narrow column would cut.
  case wrapped
}

/// One cell of a row being written.
public struct WriteCell: Hashable, Sendable {
  /// What the cell holds.
  public var value: WriteValue
  /// How it looks, and so which number kind a reader sees.
  public var style: CellStyle
  /// Whether the cell resists editing once its sheet is protected
  /// (`SheetOptions.protected`); true, as in Excel, for every cell. Cells
  /// left for the reader to fill are written unlocked.
  public var locked = true
  /// A light grey fill over the style's own, for values that come from
  /// elsewhere (a template's values carried from an earlier report).
  public var shaded = false

  /// A cell holding `value`, shown with `style`.
  public init(
    _ value: WriteValue, style: CellStyle = .general, locked: Bool = true, shaded: Bool = false
  ) {
    self.value = value
    self.style = style
    self.locked = locked
    self.shaded = shaded
  }
}

/// How a sheet is laid out; fixed when the sheet is added, since those
/// elements precede the rows in the part.
public struct SheetOptions: Hashable, Sendable {
  /// Width in characters (0–255) by 1-based column.
  public var columnWidths: [Int: Double] = [:]
  /// Rows kept in view while scrolling (the header).
  public var frozenRows = 0
  /// Columns kept in view while scrolling.
  public var frozenColumns = 0
  /// A filter over the used range; its header is the first row written.
  public var autoFilter: Bool = false
  /// The tab colour as hex `RRGGBB`, `#RRGGBB` or `AARRGGBB`.
  public var tabColor: String?
  /// Hides the tab; at least one sheet of the workbook must stay visible.
  public var hidden = false
  /// Checks and input prompts on ranges; one per cell (see
  /// `DataValidation`).
  public var dataValidations: [DataValidation] = []
  /// Highlights where a formula is true, in priority order (the first
  /// wins where two apply).
  public var conditionalFormats: [ConditionalFormat] = []
  /// How the sheet prints; `nil` leaves it to the reader's defaults
  /// (portrait, 100 %, cut into as many pages as it takes).
  public var pageSetup: PageSetup?
  /// Gives each row with wrapped text (`.wrapped`, `.header`) a height
  /// for the lines its text takes in its column's width, estimated from
  /// the characters: LibreOffice does not fit rows to their text on
  /// opening, and would show only each cell's first line.
  public var fitsWrappedRows = false
  /// Protects the sheet without a password, so that a value kept on
  /// purpose is not changed by a slip, yet a deliberate change stays one
  /// click away (Review › Unprotect Sheet). Only cells written with
  /// `WriteCell.locked == false` take input; column widths and row
  /// heights stay adjustable.
  public var protected = false

  /// A plain sheet: default widths, nothing frozen, no filter.
  public init() {}
}

/// How a sheet prints: orientation, paper, scaling to the page width, the
/// rows repeated at the top of each page and the footer.
///
/// Written as `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`,
/// `<pageMargins>`, `<pageSetup>` and `<headerFooter>` in the part, and
/// the repeated rows as the sheet's `_xlnm.Print_Titles` name.
public struct PageSetup: Hashable, Sendable {
  public enum Orientation: String, Sendable {
    case portrait, landscape
  }

  /// Paper sizes by their `paperSize` code (ECMA-376 §18.3.1.63).
  public enum Paper: Int, Sendable {
    /// 8½ × 11 in, carta.
    case letter = 1
    /// 8½ × 14 in, oficio.
    case legal = 5
    case a4 = 9
  }

  public var orientation: Orientation = .portrait
  public var paper: Paper = .letter
  /// Scales the sheet down so its columns fit this many pages across,
  /// rows running on to as many pages as they take; `nil` prints at
  /// 100 %.
  public var fitToWidth: Int?
  /// Rows printed again at the top of every page (1-based), e.g. `1...1`
  /// for a header row.
  public var repeatedRows: ClosedRange<Int>?
  /// The footer in Excel's header/footer codes: `&L`, `&C`, `&R` start
  /// the left, centre and right parts, `&P` is the page number and `&N`
  /// the page count, `&&` an ampersand.
  public var footer: String?

  public init(
    orientation: Orientation = .portrait, paper: Paper = .letter, fitToWidth: Int? = nil,
    repeatedRows: ClosedRange<Int>? = nil, footer: String? = nil
  ) {
    self.orientation = orientation
    self.paper = paper
    self.fitToWidth = fitToWidth
    self.repeatedRows = repeatedRows
    self.footer = footer
  }
}
