import Foundation
import Reports
import XCTest

@testable import XLSX

/// The writer, checked by reading its output back with the module's own
/// reader and by looking at the XML of the parts it wrote.
final class WriterTests: XCTestCase {
  private var directory = ""

  override func setUpWithError() throws {
    directory = NSTemporaryDirectory() + "pai-writer-" + UUID().uuidString
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: directory)
  }

  private func path(_ name: String = "libro.xlsx") -> String { directory + "/" + name }

  /// What is left in the test directory: only the target, never scratch.
  private func leftovers() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
  }

  private func text(_ s: String, _ style: CellStyle = .general) -> WriteCell {
    WriteCell(.text(s), style: style)
  }

  private func number(_ s: String, _ style: CellStyle = .general) -> WriteCell {
    WriteCell(.number(Decimal(string: s) ?? .nan), style: style)
  }

  /// A zip entry's text, read through the package's own `ZipPackage`.
  private func part(_ name: String, in file: String) throws -> String {
    let package = try ZipPackage(path: file, limits: .default)
    var bytes: [UInt8] = []
    try package.stream(name) { bytes.append(contentsOf: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Local names of the direct children of the root element, in order.
  private func childrenOfRoot(_ xml: String) -> [String] {
    var names: [String] = []
    var depth = 0
    var rest = Substring(xml)
    while let open = rest.firstIndex(of: "<") {
      rest = rest[rest.index(after: open)...]
      guard let close = rest.firstIndex(of: ">") else { break }
      let tag = rest[..<close]
      rest = rest[rest.index(after: close)...]
      if tag.hasPrefix("?") || tag.hasPrefix("!") { continue }
      if tag.hasPrefix("/") {
        depth -= 1
        continue
      }
      let name = String(tag.prefix { $0 != " " && $0 != "/" })
      if depth == 1 { names.append(name) }
      if !tag.hasSuffix("/") { depth += 1 }
    }
    return names
  }

  private func error(_ body: () throws -> Void) -> XLSXError? {
    do {
      try body()
      return nil
    } catch let error as XLSXError {
      return error
    } catch {
      XCTFail("untyped error \(error)")
      return nil
    }
  }

  // MARK: The whole workbook

  /// Metas (frozen header and column, filter, widths, tab colour, merges,
  /// links, every value and style), a summary that links back, a hidden
  /// sheet, and a sheet whose name needs quoting.
  private func writeSample(at file: String) throws -> SheetWriter {
    let book = try WorkbookWriter(path: file)
    var options = SheetOptions()
    options.frozenRows = 1
    options.frozenColumns = 1
    options.autoFilter = true
    options.columnWidths = [1: 12, 2: 40.5, 8: 18]
    options.tabColor = "#1F4E79"
    let metas = try book.addSheet("Metas", options: options)
    try metas.appendRow(
      [
        "Código", "Meta", "Avance", "Corte", "Pesos", "Cantidad", "Activa", "Fórmula",
        "Nota",
      ]
      .map { text($0, .header) })
    try metas.appendRow([
      WriteCell(.integer(7867), style: .text),
      text("  Implementar el modelo  "),
      number("0.1698", .percent),
      WriteCell(.date(year: 2021, month: 3, day: 31)),
      WriteCell(.integer(1_250_000_000), style: .pesos),
      number("1234.5", .decimal),
      WriteCell(.bool(true)),
      WriteCell(.formula("=SUM(F2:F3)", cached: Decimal(string: "1236.5"))),
      text("Revisar", .warningCell),
    ])
    try metas.appendRow([
      WriteCell(.integer(7868), style: .integer),
      text("línea 1\nlínea 2", .errorCell),
      number("0.3", .percent),
      WriteCell(.date(year: 2024, month: 12, day: 31), style: .date),
      nil,
      number("2"),
      WriteCell(.bool(false)),
      WriteCell(.formula("F3*2", cached: nil)),
      WriteCell(.empty, style: .errorCell),
      WriteCell(.empty),
    ])
    try metas.appendRow([text("Ver resumen", .link), text("Total", .title)])
    metas.merge(CellRange("B4:D4")!)
    metas.link(
      CellRef("A4")!, toSheet: "Resumen", cell: CellRef("A1")!, tooltip: "Ir al resumen")

    let resumen = try book.addSheet("Resumen")
    try resumen.appendRow([text("Resumen del trimestre", .title)])
    try resumen.appendRow([])
    try resumen.appendRow([text("Volver a Metas", .link), text("Ver D'Ana", .link)])
    resumen.merge(CellRange("A1:D1")!)
    resumen.link(CellRef("A3")!, toSheet: "Metas", cell: CellRef("K14")!, tooltip: nil)
    resumen.link(
      CellRef("B3")!, toSheet: "D'Ana", cell: CellRef("A1")!, tooltip: "a\u{1}b")

    var hidden = SheetOptions()
    hidden.hidden = true
    let oculta = try book.addSheet("Oculta", options: hidden)
    try oculta.appendRow([text("lista")])

    let quoted = try book.addSheet("D'Ana")
    try quoted.appendRow([nil, nil, text("C1")])
    try book.close()
    return metas
  }

  func testSheetsValuesAndKindsReadBack() throws {
    let file = path()
    _ = try writeSample(at: file)
    // For `scripts/verificar_libreoffice.sh`: the sample, kept where asked.
    if let keep = ProcessInfo.processInfo.environment["PAI_MUESTRA_XLSX"] {
      try? FileManager.default.removeItem(atPath: keep)
      try FileManager.default.copyItem(atPath: file, toPath: keep)
    }
    let book = try Workbook(path: file)
    XCTAssertEqual(book.sheets.map(\.name), ["Metas", "Resumen", "Oculta", "D'Ana"])
    XCTAssertEqual(
      book.sheets.map(\.visibility), [.visible, .visible, .hidden, .visible])
    XCTAssertFalse(book.date1904)

    let rows = try Fixture.rows(book, "Metas")
    XCTAssertEqual(rows.map(\.index), [1, 2, 3, 4])
    XCTAssertEqual(Fixture.cell(rows, "A1")?.value, .text("Código"))
    XCTAssertEqual(Fixture.cell(rows, "A2")?.value, .number("7867"))
    XCTAssertEqual(Fixture.cell(rows, "A2")?.kind, .text)
    XCTAssertEqual(Fixture.cell(rows, "B2")?.value, .text("  Implementar el modelo  "))
    XCTAssertEqual(Fixture.cell(rows, "C2")?.value, .number("0.1698"))
    XCTAssertEqual(Fixture.cell(rows, "C2")?.kind, .percent)
    XCTAssertEqual(Fixture.cell(rows, "D2")?.value, .number("44286"))
    XCTAssertEqual(Fixture.cell(rows, "D2")?.kind, .date)
    XCTAssertEqual(Fixture.cell(rows, "E2")?.value, .number("1250000000"))
    XCTAssertEqual(Fixture.cell(rows, "E2")?.kind, .number)
    XCTAssertEqual(Fixture.cell(rows, "F2")?.kind, .number)
    XCTAssertEqual(Fixture.cell(rows, "G2")?.value, .bool(true))
    XCTAssertEqual(Fixture.cell(rows, "H2")?.value, .number("1236.5"))
    XCTAssertEqual(Fixture.cell(rows, "H2")?.isFormula, true)
    XCTAssertEqual(Fixture.cell(rows, "B3")?.value, .text("línea 1\nlínea 2"))
    XCTAssertEqual(Fixture.cell(rows, "C3")?.value, .number("0.3"))
    XCTAssertEqual(Fixture.cell(rows, "D3")?.value, .number("45657"))
    XCTAssertNil(Fixture.cell(rows, "E3"))
    XCTAssertEqual(Fixture.cell(rows, "G3")?.value, .bool(false))
    XCTAssertEqual(Fixture.cell(rows, "H3")?.value, .notComputed)
    // A styled blank is written, a plain one is not; neither has a value.
    XCTAssertNil(Fixture.cell(rows, "I3"))
    XCTAssertNil(Fixture.cell(rows, "J3"))

    XCTAssertEqual(
      try Fixture.rows(book, "Oculta").first?.cells.first?.value, .text("lista"))
    let quoted = try Fixture.rows(book, "D'Ana")
    XCTAssertEqual(quoted.first?.cells.map(\.column), [3])
  }

  func testMergesAndDimensionReadBack() throws {
    let file = path()
    _ = try writeSample(at: file)
    let book = try Workbook(path: file)
    for (name, merges, dimension) in [
      ("Metas", ["B4:D4"], "A1:I4"), ("Resumen", ["A1:D1"], "A1:B3"), ("D'Ana", [], "C1"),
    ] {
      let reader = try book.rows(in: try XCTUnwrap(book.sheet(named: name)))
      while try reader.nextRow() != nil {}
      XCTAssertEqual(reader.mergedRanges, merges.compactMap(CellRange.init), name)
      XCTAssertEqual(reader.dimension, CellRange(dimension), name)
    }
  }

  func testEveryStyleHasItsXfAndKind() throws {
    let file = path()
    let book = try WorkbookWriter(path: file)
    let sheet = try book.addSheet("Estilos")
    try sheet.appendRow(CellStyle.allCases.map { WriteCell(.integer(1), style: $0) })
    // The unlocked and shaded variants read as the same kinds.
    try sheet.appendRow(CellStyle.allCases.map { WriteCell(.integer(1), style: $0, locked: false) })
    try sheet.appendRow(
      CellStyle.allCases.map { WriteCell(.integer(1), style: $0, locked: false, shaded: true) })
    try book.close()

    let read = try Workbook(path: file)
    let rows = try Fixture.rows(read, "Estilos")
    for row in rows {
      XCTAssertEqual(
        row.cells.map(\.kind),
        [
          .general, .general, .text, .number, .number, .percent, .number, .date, .general,
          .general, .general, .general, .general,
        ], "fila \(row.index)")
    }
    XCTAssertEqual(rows.count, 3)
    XCTAssertEqual(read.styles.count, CellStyle.allCases.count * 4)
    let styles = try part("xl/styles.xml", in: file)
    XCTAssertTrue(
      styles.contains(#"<numFmt numFmtId="164" formatCode="&quot;$ &quot;#,##0"/>"#))
    XCTAssertTrue(styles.contains(#"<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/>"#))
    XCTAssertEqual(
      childrenOfRoot(styles),
      [
        "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
        "dxfs",
        "tableStyles",
      ])
  }

  // MARK: The parts' XML

  func testWorksheetElementsInSchemaOrder() throws {
    let file = path()
    _ = try writeSample(at: file)
    let metas = try part("xl/worksheets/sheet1.xml", in: file)
    XCTAssertEqual(
      childrenOfRoot(metas),
      [
        "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
        "autoFilter", "mergeCells", "hyperlinks", "pageMargins",
      ])
    XCTAssertTrue(metas.contains(#"<tabColor rgb="FF1F4E79"/>"#))
    XCTAssertTrue(metas.contains(#"<dimension ref="A1:I4"/>"#))
    XCTAssertTrue(
      metas.contains(
        #"<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>"#
      ))
    XCTAssertTrue(metas.contains(#"<sheetView tabSelected="1" workbookViewId="0">"#))
    XCTAssertTrue(metas.contains(#"<col min="2" max="2" width="40.5" customWidth="1"/>"#))
    XCTAssertTrue(metas.contains(#"<autoFilter ref="A1:I4"/>"#))
    XCTAssertTrue(
      metas.contains(#"<mergeCells count="1"><mergeCell ref="B4:D4"/></mergeCells>"#))
    XCTAssertTrue(
      metas.contains(
        #"<hyperlink ref="A4" location="'Resumen'!A1" tooltip="Ir al resumen"/>"#))
    XCTAssertTrue(
      metas.contains(#"<t xml:space="preserve">  Implementar el modelo  </t>"#))
    XCTAssertTrue(metas.contains(#"<c r="H2"><f>SUM(F2:F3)</f><v>1236.5</v></c>"#))
    XCTAssertTrue(metas.contains(#"<c r="I3" s="9"/>"#))
    // Every cell says where it is.
    XCTAssertFalse(metas.contains("<c>"))
    XCTAssertFalse(metas.contains("<c s="))

    let resumen = try part("xl/worksheets/sheet2.xml", in: file)
    XCTAssertEqual(
      childrenOfRoot(resumen),
      [
        "dimension", "sheetViews", "sheetFormatPr", "sheetData", "mergeCells",
        "hyperlinks",
        "pageMargins",
      ])
    XCTAssertFalse(resumen.contains("tabSelected"))
    XCTAssertTrue(resumen.contains(#"location="'Metas'!K14""#))
    XCTAssertTrue(resumen.contains(#"location="'D''Ana'!A1" tooltip="a_x0001_b""#))
  }

  func testWorkbookPartNamesTheFilterAndHiddenSheet() throws {
    let file = path()
    _ = try writeSample(at: file)
    let workbook = try part("xl/workbook.xml", in: file)
    XCTAssertEqual(
      childrenOfRoot(workbook),
      ["workbookPr", "bookViews", "sheets", "definedNames", "calcPr"])
    XCTAssertTrue(
      workbook.contains(
        #"<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'Metas'!$A$1:$I$4</definedName>"#
      ))
    XCTAssertTrue(
      workbook.contains(#"<sheet name="Oculta" sheetId="3" state="hidden" r:id="rId3"/>"#)
    )
    XCTAssertTrue(workbook.contains(#"<workbookView activeTab="0"/>"#))

    let core = try part("docProps/core.xml", in: file)
    XCTAssertTrue(core.contains("<dc:creator>pai</dc:creator>"))
    let app = try part("docProps/app.xml", in: file)
    XCTAssertTrue(app.contains("<Application>pai</Application>"))
    XCTAssertTrue(app.contains("<vt:lpstr>D'Ana</vt:lpstr>"))
    let types = try part("[Content_Types].xml", in: file)
    XCTAssertTrue(types.contains(#"PartName="/xl/worksheets/sheet4.xml""#))
  }

  func testHiddenFirstSheetIsNotTheActiveTab() throws {
    let file = path()
    let book = try WorkbookWriter(path: file)
    var hidden = SheetOptions()
    hidden.hidden = true
    _ = try book.addSheet("Listas", options: hidden)
    _ = try book.addSheet("Datos")
    try book.close()
    XCTAssertTrue(try part("xl/workbook.xml", in: file).contains(#"activeTab="1""#))
    XCTAssertFalse(try part("xl/worksheets/sheet1.xml", in: file).contains("tabSelected"))
    XCTAssertTrue(try part("xl/worksheets/sheet2.xml", in: file).contains("tabSelected"))
  }

  // MARK: Values

  func testNumbersAreWrittenExactly() throws {
    let file = path()
    let book = try WorkbookWriter(path: file)
    let sheet = try book.addSheet("Números")
    let sum = (Decimal(string: "0.1") ?? 0) + (Decimal(string: "0.2") ?? 0)
    try sheet.appendRow([
      WriteCell(.number(sum)),
      number("-1234.5000"),
      WriteCell(.number(Decimal(sign: .plus, exponent: 120, significand: 12))),
      WriteCell(.number(Decimal(sign: .minus, exponent: -30, significand: 5))),
      WriteCell(.integer(.max)),
      number("0.000001"),
    ])
    try book.close()
    let values = try Fixture.rows(Workbook(path: file), "Números").first?.cells.map(
      \.value)
    XCTAssertEqual(
      values,
      [
        .number("0.3"), .number("-1234.5"), .number("1.2E121"), .number("-5E-30"),
        .number("9223372036854775807"), .number("0.000001"),
      ])
  }

  /// The fast path (64-bit significands) and the slow one (Decimal's own
  /// digits) both give back the same decimal, in plain or E notation.
  func testNumberTextRoundTripsEveryMagnitude() {
    var generator = SystemRandomNumberGenerator()
    var values: [Decimal] = [0, 1, -1, Decimal(UInt64.max), Decimal(UInt64.max) * 10 + 7]
    for _ in 0..<2_000 {
      let significand =
        Decimal(UInt64.random(in: 0...UInt64.max, using: &generator))
        * Decimal(Int.random(in: 1...1_000_000, using: &generator))
      let exponent = Int.random(in: -60...60, using: &generator)
      let sign: FloatingPointSign = Bool.random(using: &generator) ? .plus : .minus
      values.append(Decimal(sign: sign, exponent: exponent, significand: significand))
    }
    for value in values {
      guard let text = CellText.number(value) else { return XCTFail("nil for \(value)") }
      XCTAssertEqual(Decimal(string: text), value, text)
      XCTAssertFalse(text.contains(","), text)
      XCTAssertLessThanOrEqual(text.count, 64, text)
    }
    XCTAssertEqual(
      CellText.number(Decimal(sign: .plus, exponent: -2, significand: 100)), "1")
    XCTAssertEqual(
      CellText.number(Decimal(sign: .minus, exponent: 20, significand: 5)),
      "-500000000000000000000")
    XCTAssertEqual(
      CellText.number(Decimal(sign: .plus, exponent: 21, significand: 5)), "5E21")
    XCTAssertNil(CellText.number(.nan))
  }

  func testDateSerialsFollowExcels1900System() {
    XCTAssertEqual(CellText.serial(year: 1900, month: 1, day: 1), 1)
    XCTAssertEqual(CellText.serial(year: 1900, month: 2, day: 28), 59)
    XCTAssertEqual(CellText.serial(year: 1900, month: 3, day: 1), 61)
    XCTAssertEqual(CellText.serial(year: 2021, month: 3, day: 31), 44286)
    XCTAssertEqual(CellText.serial(year: 9999, month: 12, day: 31), 2_958_465)
    XCTAssertNil(CellText.serial(year: 1900, month: 2, day: 29))
    XCTAssertNil(CellText.serial(year: 1899, month: 12, day: 31))
    XCTAssertNil(CellText.serial(year: 2023, month: 2, day: 29))
    XCTAssertNotNil(CellText.serial(year: 2024, month: 2, day: 29))
    XCTAssertNil(CellText.serial(year: 2024, month: 13, day: 1))
  }

  func testUnwritableValueLeavesTheSheetUsable() throws {
    let file = path()
    let book = try WorkbookWriter(path: file)
    let sheet = try book.addSheet("Datos")
    XCTAssertEqual(
      error {
        try sheet.appendRow([
          text("antes"), WriteCell(.date(year: 2023, month: 2, day: 30)),
        ])
      },
      .unwritableValue(sheet: "Datos", cell: CellRef("B1")!, text: "2023-2-30"))
    XCTAssertEqual(
      error { try sheet.appendRow([WriteCell(.number(.nan))]) },
      .unwritableValue(sheet: "Datos", cell: CellRef("A1")!, text: "NaN"))
    try sheet.appendRow([text("después")])
    try book.close()
    let rows = try Fixture.rows(Workbook(path: file), "Datos")
    XCTAssertEqual(rows.map(\.index), [1])
    XCTAssertEqual(rows.first?.cells.first?.value, .text("después"))
  }

  func testControlCharactersEscapesAndLongText() throws {
    let file = path()
    let book = try WorkbookWriter(path: file)
    let sheet = try book.addSheet("Texto")
    let long = String(repeating: "á", count: 40_000)
    let emoji = String(repeating: "a", count: 32_766) + "😀"
    try sheet.appendRow([
      text("campana\u{7} y nulo\u{0} fin"),
      text("literal _x0041_ y _x_"),
      text("<b>&amp;\"'</b>\r\n"),
      text(long),
      text(emoji),
      text("\u{FFFE}"),
    ])
    try book.close()
    XCTAssertEqual(sheet.truncatedCells, [CellRef("D1")!, CellRef("E1")!])
    let xml = try part("xl/worksheets/sheet1.xml", in: file)
    XCTAssertTrue(xml.contains("campana_x0007_ y nulo_x0000_ fin"))
    XCTAssertTrue(xml.contains("literal _x005F_x0041_ y _x_"))
    let cells = try Fixture.rows(Workbook(path: file), "Texto").first?.cells.map(\.value)
    XCTAssertEqual(cells?[0], .text("campana\u{7} y nulo\u{0} fin"))
    XCTAssertEqual(cells?[1], .text("literal _x0041_ y _x_"))
    XCTAssertEqual(cells?[2], .text("<b>&amp;\"'</b>\r\n"))
    XCTAssertEqual(cells?[3], .text(String(repeating: "á", count: 32_767)))
    // The surrogate pair would pass the limit, so the emoji goes whole.
    XCTAssertEqual(cells?[4], .text(String(repeating: "a", count: 32_766)))
    XCTAssertEqual(cells?[5], .text("\u{FFFE}"))
  }

  // MARK: Volume

  func testFiftyThousandRowsStreamBack() throws {
    let file = path()
    let book = try WorkbookWriter(path: file)
    var options = SheetOptions()
    options.frozenRows = 1
    options.autoFilter = true
    let sheet = try book.addSheet("Filas", options: options)
    try sheet.appendRow(
      ["N", "Texto", "Fracción", "Fecha", "Pesos"].map { text($0, .header) })
    for i in 1...50_000 {
      try sheet.appendRow([
        WriteCell(.integer(Int64(i)), style: .integer),
        text("fila \(i)"),
        WriteCell(.number(Decimal(i) / 100_000), style: .percent),
        WriteCell(.date(year: 2024, month: 1 + i % 12, day: 1 + i % 28)),
        WriteCell(.integer(Int64(i) * 1_000), style: .pesos),
      ])
    }
    _ = try book.addSheet("Después")
    try book.close()

    let read = try Workbook(path: file)
    let reader = try read.rows(in: try XCTUnwrap(read.sheet(named: "Filas")))
    var count = 0
    var last: Row?
    while let row = try reader.nextRow() {
      count += 1
      last = row
    }
    XCTAssertEqual(count, 50_001)
    XCTAssertEqual(last?.index, 50_001)
    XCTAssertEqual(last?[1]?.value, .number("50000"))
    XCTAssertEqual(last?[2]?.value, .text("fila 50000"))
    XCTAssertEqual(last?[3]?.value, .number("0.5"))
    XCTAssertEqual(last?[3]?.kind, .percent)
    XCTAssertEqual(last?[4]?.kind, .date)
    XCTAssertEqual(reader.dimension, CellRange("A1:E50001"))
    XCTAssertEqual(try leftovers(), ["libro.xlsx"])
  }

  // MARK: Temporary files and failures

  func testScratchIsGoneAfterClose() throws {
    _ = try writeSample(at: path())
    XCTAssertEqual(try leftovers(), ["libro.xlsx"])
    let attributes = try FileManager.default.attributesOfItem(atPath: path())
    XCTAssertGreaterThan((attributes[.size] as? Int) ?? 0, 0)
  }

  func testScratchExistsOnlyWhileWriting() throws {
    let book = try WorkbookWriter(path: path())
    let sheet = try book.addSheet("Datos")
    try sheet.appendRow([text("x")])
    let during = try leftovers()
    XCTAssertEqual(during.count, 1)
    XCTAssertTrue(during.first?.hasPrefix(".libro.xlsx.") ?? false)
    try book.close()
    XCTAssertEqual(try leftovers(), ["libro.xlsx"])
  }

  func testWriterDroppedWithoutCloseLeavesNothing() throws {
    do {
      let book = try WorkbookWriter(path: path())
      let sheet = try book.addSheet("Datos")
      try sheet.appendRow([text("x")])
    }
    XCTAssertEqual(try leftovers(), [])
  }

  func testFailedCloseLeavesNothingAndKeepsTheOldFile() throws {
    let file = path()
    try Data("anterior".utf8).write(to: URL(fileURLWithPath: file))

    let book = try WorkbookWriter(path: file)
    let sheet = try book.addSheet("Datos")
    try sheet.appendRow([text("Ir")])
    sheet.link(CellRef("A1")!, toSheet: "No existe", cell: CellRef("A1")!, tooltip: nil)
    XCTAssertEqual(
      error { try book.close() },
      .linkTargetNotFound(sheet: "Datos", cell: CellRef("A1")!, target: "No existe"))
    XCTAssertEqual(try leftovers(), ["libro.xlsx"])
    XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "anterior")
    XCTAssertEqual(error { try book.close() }, .writerFinished(sheet: nil))
    XCTAssertEqual(error { try sheet.appendRow([]) }, .writerFinished(sheet: "Datos"))
  }

  func testWorkbookWithoutVisibleSheetFails() throws {
    let empty = try WorkbookWriter(path: path())
    XCTAssertEqual(error { try empty.close() }, .noVisibleSheet)

    let book = try WorkbookWriter(path: path())
    var hidden = SheetOptions()
    hidden.hidden = true
    _ = try book.addSheet("Oculta", options: hidden)
    XCTAssertEqual(error { try book.close() }, .noVisibleSheet)
    XCTAssertEqual(try leftovers(), [])
  }

  func testOverlappingMergesFailWhenTheSheetFinishes() throws {
    let book = try WorkbookWriter(path: path())
    let sheet = try book.addSheet("Datos")
    try sheet.appendRow([text("x")])
    sheet.merge(CellRange("A1:C2")!)
    sheet.merge(CellRange("A1:A1")!)
    sheet.merge(CellRange("D1:E1")!)
    sheet.merge(CellRange("C2:D3")!)
    XCTAssertEqual(
      error { _ = try book.addSheet("Otra") },
      .overlappingMerges(
        sheet: "Datos", first: CellRange("A1:C2")!, second: CellRange("C2:D3")!))
    XCTAssertEqual(try leftovers(), [])
  }

  func testOffGridMergeFailsWhenTheSheetFinishes() throws {
    let book = try WorkbookWriter(path: path())
    let sheet = try book.addSheet("Datos")
    sheet.merge(
      CellRange(first: CellRef(row: 0, column: 1), last: CellRef(row: 2, column: 2)))
    XCTAssertEqual(
      error { try book.close() },
      .outsideGrid(
        sheet: "Datos",
        what: .range(CellRange(first: CellRef(row: 0, column: 1), last: CellRef(row: 2, column: 2)))
      ))
    XCTAssertEqual(try leftovers(), [])
  }

  func testWritingToAFinishedSheetFails() throws {
    let book = try WorkbookWriter(path: path())
    let first = try book.addSheet("Primera")
    _ = try book.addSheet("Segunda")
    XCTAssertEqual(
      error { try first.appendRow([text("tarde")]) }, .writerFinished(sheet: "Primera"))
    first.merge(CellRange("A1:B1")!)
    XCTAssertEqual(error { try book.close() }, .writerFinished(sheet: "Primera"))
    XCTAssertEqual(try leftovers(), [])
  }

  func testMissingDirectoryFailsAtOnce() {
    guard
      case .writeFailed = error({ _ = try WorkbookWriter(path: path("no/existe.xlsx")) })
    else { return XCTFail("no writeFailed for a missing directory") }
  }

  // MARK: Names and options

  func testSheetNamesFollowExcelsRules() throws {
    let book = try WorkbookWriter(path: path())
    _ = try book.addSheet("Metas")
    let cases: [(String, SheetNameProblem)] = [
      ("", .empty),
      (String(repeating: "x", count: 32), .tooLong(length: 32)),
      ("Metas 2024/1", .forbiddenCharacter("/")),
      ("¿Qué?", .forbiddenCharacter("?")),
      ("[1]", .forbiddenCharacter("[")),
      ("a\tb", .forbiddenCharacter("\t")),
      ("'Hoja", .apostropheAtEdge),
      ("METAS", .duplicate(existing: "Metas")),
      ("history", .reserved),
    ]
    for (name, problem) in cases {
      XCTAssertEqual(
        error { _ = try book.addSheet(name) },
        .invalidSheetName(name: name, problem: problem))
    }
    // A refused name costs nothing: the workbook carries on.
    _ = try book.addSheet(String(repeating: "ñ", count: 31))
    _ = try book.addSheet("D'Ana (copia)")
    try book.close()
    XCTAssertEqual(try Workbook(path: path()).sheets.count, 3)
  }

  func testBadOptionsAreRefused() throws {
    let book = try WorkbookWriter(path: path())
    var options = SheetOptions()
    options.tabColor = "rojo"
    XCTAssertEqual(
      error { _ = try book.addSheet("A", options: options) },
      .invalidSheetOption(sheet: "A", option: "tabColor", value: "rojo"))
    options = SheetOptions()
    options.columnWidths = [3: 300]
    XCTAssertEqual(
      error { _ = try book.addSheet("A", options: options) },
      .invalidSheetOption(sheet: "A", option: "columnWidths", value: "C: 300.0"))
    options = SheetOptions()
    options.frozenRows = -1
    XCTAssertEqual(
      error { _ = try book.addSheet("A", options: options) },
      .invalidSheetOption(sheet: "A", option: "frozenRows", value: "-1"))
  }

  func testFrozenRowsOnlyUseTheBottomLeftPane() throws {
    let file = path()
    let book = try WorkbookWriter(path: file)
    var options = SheetOptions()
    options.frozenRows = 2
    _ = try book.addSheet("Datos", options: options)
    try book.close()
    let xml = try part("xl/worksheets/sheet1.xml", in: file)
    XCTAssertTrue(
      xml.contains(
        #"<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>"#))
    // An empty sheet still has a dimension, and no filter or merges.
    XCTAssertTrue(xml.contains(#"<dimension ref="A1"/>"#))
    XCTAssertEqual(
      childrenOfRoot(xml),
      ["dimension", "sheetViews", "sheetFormatPr", "sheetData", "pageMargins"])
  }

  // MARK: Printing

  /// A sheet set up to print: fit to one page wide in sheetPr, narrow
  /// margins, pageSetup and the footer after the hyperlinks, in
  /// CT_Worksheet order; the header row as the sheet's print titles.
  func testPageSetupPrintsLandscapeOnePageWideWithTitles() throws {
    let file = path()
    let book = try WorkbookWriter(path: file)
    _ = try book.addSheet("Portada")
    var options = SheetOptions()
    options.tabColor = "1F4E79"
    options.autoFilter = true
    options.pageSetup = PageSetup(
      orientation: .landscape, paper: .letter, fitToWidth: 1, repeatedRows: 1...1,
      footer: "&CPágina &P de &N")
    let metas = try book.addSheet("Metas", options: options)
    try metas.appendRow([text("Código", .header), text("Meta", .header)])
    try metas.appendRow([text("7867"), text("Ver", .link)])
    metas.link(CellRef("B2")!, toSheet: "Portada", cell: CellRef("A1")!, tooltip: nil)
    var dos = SheetOptions()
    dos.pageSetup = PageSetup(orientation: .portrait, paper: .a4, repeatedRows: 2...3)
    _ = try book.addSheet("D'Ana", options: dos)
    try book.close()

    let xml = try part("xl/worksheets/sheet2.xml", in: file)
    XCTAssertEqual(
      childrenOfRoot(xml),
      [
        "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "sheetData", "autoFilter",
        "hyperlinks", "pageMargins", "pageSetup", "headerFooter",
      ])
    XCTAssertTrue(
      xml.contains(#"<sheetPr><tabColor rgb="FF1F4E79"/><pageSetUpPr fitToPage="1"/></sheetPr>"#),
      xml)
    XCTAssertTrue(
      xml.contains(
        #"<pageSetup paperSize="1" fitToWidth="1" fitToHeight="0" orientation="landscape"/>"#),
      xml)
    XCTAssertTrue(
      xml.contains(
        #"<pageMargins left="0.25" right="0.25" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>"#
      ))
    XCTAssertTrue(
      xml.contains(
        "<headerFooter><oddFooter>&amp;CPágina &amp;P de &amp;N</oddFooter></headerFooter>"),
      xml)

    // Not fitted: no pageSetUpPr, no fit attributes, no footer.
    let ana = try part("xl/worksheets/sheet3.xml", in: file)
    XCTAssertFalse(ana.contains("sheetPr"))
    XCTAssertTrue(ana.contains(#"<pageSetup paperSize="9" orientation="portrait"/>"#), ana)
    XCTAssertFalse(ana.contains("headerFooter"))
    // A sheet without a page setup keeps Excel's normal margins only.
    let portada = try part("xl/worksheets/sheet1.xml", in: file)
    XCTAssertFalse(portada.contains("pageSetup"))
    XCTAssertTrue(portada.contains(#"<pageMargins left="0.7" right="0.7""#))

    let workbook = try part("xl/workbook.xml", in: file)
    XCTAssertTrue(
      workbook.contains(
        "<definedNames>"
          + #"<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'Metas'!$A$1:$B$2</definedName>"#
          + #"<definedName name="_xlnm.Print_Titles" localSheetId="1">'Metas'!$1:$1</definedName>"#
          + #"<definedName name="_xlnm.Print_Titles" localSheetId="2">'D''Ana'!$2:$3</definedName>"#
          + "</definedNames>"), workbook)
    // The reader still opens it and sees the rows.
    XCTAssertEqual(try Fixture.rows(Workbook(path: file), "Metas").count, 2)
  }

  func testBadPageSetupsAreRefused() throws {
    let book = try WorkbookWriter(path: path())
    var options = SheetOptions()
    options.pageSetup = PageSetup(fitToWidth: 0)
    XCTAssertEqual(
      error { _ = try book.addSheet("A", options: options) },
      .invalidSheetOption(sheet: "A", option: "pageSetup.fitToWidth", value: "0"))
    options.pageSetup = PageSetup(repeatedRows: 0...1)
    XCTAssertEqual(
      error { _ = try book.addSheet("A", options: options) },
      .invalidSheetOption(sheet: "A", option: "pageSetup.repeatedRows", value: "0…1"))
    options.pageSetup = PageSetup(footer: String(repeating: "x", count: 256))
    XCTAssertEqual(
      error { _ = try book.addSheet("A", options: options) },
      .invalidSheetOption(
        sheet: "A", option: "pageSetup.footer", value: "256 > 255 UTF-16 units"))
  }

  /// Rows with wrapped text get the height of their longest cell's lines
  /// when the sheet asks for it; a one-line row keeps the default.
  func testWrappedRowsGetTheHeightOfTheirLines() throws {
    let file = path()
    let book = try WorkbookWriter(path: file)
    var options = SheetOptions()
    options.columnWidths = [1: 11, 2: 21]
    options.fitsWrappedRows = true
    let sheet = try book.addSheet("Datos", options: options)
    try sheet.appendRow([text("Código", .header), text("Descripción", .header)])
    // Room for 25 characters at width 21 (less a digit of padding, / 0.8):
    // «Fortalecer la», «articulación de las», «oficinas».
    try sheet.appendRow([
      text("7867"), text("Fortalecer la articulación de las oficinas", .wrapped),
    ])
    // Not wrapped: one line however long.
    try sheet.appendRow([text(String(repeating: "palabra ", count: 20))])
    // An explicit break counts as a line.
    try sheet.appendRow([nil, text("uno\ndos", .wrapped)])
    try book.close()
    let xml = try part("xl/worksheets/sheet1.xml", in: file)
    XCTAssertTrue(xml.contains(#"<row r="1"><c"#), xml)
    XCTAssertTrue(xml.contains(#"<row r="2" ht="43">"#), xml)
    XCTAssertTrue(xml.contains(#"<row r="3"><c"#), xml)
    XCTAssertTrue(xml.contains(#"<row r="4" ht="29">"#), xml)
    XCTAssertFalse(xml.contains("customHeight"))
  }

  func testLineEstimateWrapsWordsAndBreaksLongOnes() {
    XCTAssertEqual(RowHeight.lines("", width: 10, bold: false), 1)
    XCTAssertEqual(RowHeight.lines("corto", width: 10, bold: false), 1)
    // Room for 11.25 characters: «uno dos tres» (12) takes two lines.
    XCTAssertEqual(RowHeight.lines("uno dos tres", width: 10, bold: false), 2)
    XCTAssertEqual(RowHeight.lines(String(repeating: "x", count: 30), width: 10, bold: false), 3)
    XCTAssertEqual(RowHeight.lines("Cumplimiento", width: 12, bold: true), 2)
    XCTAssertEqual(RowHeight.lines("Cumplimiento", width: 13, bold: true), 1)
    XCTAssertNil(RowHeight.points([WriteCell(.text("uno"), style: .wrapped)], widths: [:]))
  }

  /// The one-pass count by scalars must give the lines the count by
  /// characters gives, for the Latin text it is used on.
  func testLineEstimateByScalarsEqualsTheOneByCharacters() {
    var generador = SystemRandomNumberGenerator()
    let letras = Array("abcdeéíóúñÑ xyz  Á\n0123.,;-")
    for _ in 0..<5000 {
      let texto = String(
        (0..<Int.random(in: 0...90, using: &generador)).map { _ in
          letras.randomElement(using: &generador)!
        })
      let ancho = Double.random(in: 1...60, using: &generador)
      for negrita in [false, true] {
        let sala = max(1, (ancho - 1) / (negrita ? 1.0 : 0.8))
        XCTAssertEqual(
          RowHeight.lines(texto, width: ancho, bold: negrita),
          RowHeight.linesByCharacter(texto, room: sala), "«\(texto)» en \(ancho)")
      }
    }
    // Combining marks and CR LF take the count by characters.
    XCTAssertEqual(RowHeight.lines("cafe\u{301} cafe\u{301}", width: 6, bold: true), 2)
    XCTAssertEqual(RowHeight.lines("uno\r\ndos", width: 40, bold: false), 1)
  }

  func testEveryWritingErrorHasSpanishWords() {
    let ref = CellRef(row: 1, column: 1)
    let range = CellRange(first: ref, last: ref)
    let errors: [XLSXError] = [
      .invalidSheetName(name: "x", problem: .forbiddenCharacter("\u{1}")),
      .invalidSheetOption(sheet: "x", option: "tabColor", value: "rojo"),
      .unwritableValue(sheet: "x", cell: ref, text: "NaN"),
      .outsideGrid(sheet: "x", what: .row(1_048_577)),
      .overlappingMerges(sheet: "x", first: range, second: range),
      .linkTargetNotFound(sheet: "x", cell: ref, target: "y"),
      .noVisibleSheet,
      .writerFinished(sheet: nil),
      .writeFailed(path: "libro.xlsx", reason: "No space left on device"),
    ]
    for error in errors {
      let message = Mensajes.lectura(error, archivo: "libro.xlsx")
      XCTAssertGreaterThan(message.count, "libro.xlsx: ".count + 20, "\(error)")
    }
  }
}

// MARK: Data validations, conditional formats, text formulas

extension WriterTests {
  private func validation(
    _ rule: ValidationRule, _ ranges: String..., prompt: (String, String)? = nil,
    error: (String, String)? = nil
  ) -> DataValidation {
    var v = DataValidation(rule, ranges: ranges.compactMap(CellRange.init))
    v.prompt = prompt.map { ValidationMessage(title: $0.0, text: $0.1) }
    v.error = error.map { ValidationMessage(title: $0.0, text: $0.1) }
    return v
  }

  /// A sheet with every kind of validation, a merge, two conditional
  /// formats and a link, and the hidden sheet its list draws on.
  private func writeValidated(at file: String) throws {
    let book = try WorkbookWriter(path: file)
    var options = SheetOptions()
    var hiddenArrow = validation(.list(["Sí", "No"]), "B2:B10")
    hiddenArrow.showsDropDownArrow = false
    var question = validation(
      .decimal(.between(.number(0), .formula("$C2"))), "D2:D10",
      error: ("Revise el valor", "No puede pasar de la apropiación."))
    question.errorStyle = .warning
    var required = validation(.whole(.greaterThanOrEqual(.number(1))), "E2:E10")
    required.allowBlank = false
    options.dataValidations = [
      validation(.any, "A1:F1", prompt: ("Encabezado", "Lo que va en la columna.")),
      validation(
        .list(["Suma", "Constante", "Dice \"hola\""]), "A2:A10", "H2",
        prompt: ("Tipo de anualización", "Elija de la lista."),
        error: ("Valor no permitido", "Elija Suma o Constante.")),
      hiddenArrow,
      validation(.listRange(sheet: "Listas", range: CellRange("A2:A19")!), "C2:C10"),
      question,
      required,
      validation(.date(.lessThanOrEqual(.date(year: 2021, month: 3, day: 31))), "F2:F10"),
      validation(.textLength(.equal(.number(4))), "G2:G10"),
      validation(.custom("=AND(ISNUMBER($I2),$I2>=0)"), "I2:I10"),
    ]
    options.conditionalFormats = [
      ConditionalFormat(
        ranges: [CellRange("J2:J10")!], formula: "$J2=\"Correcto\"", highlight: .good),
      ConditionalFormat(
        ranges: [CellRange("J2:J10")!], formula: "AND($J2<>\"\",$J2<>\"Correcto\")", highlight: .bad
      ),
    ]
    let sheet = try book.addSheet("Datos", options: options)
    try sheet.appendRow(["Tipo", "Materializado", "Plan"].map { text($0, .header) })
    try sheet.appendRow([
      text("Suma"), text("Sí"), nil, nil, nil, nil, nil, nil, nil,
      WriteCell(.textFormula("=IF(A2=\"Suma\",\"Correcto\",\"Revisar\")", cached: "Correcto")),
      WriteCell(.textFormula("IF(A2=\"\",\"\",\"x\")", cached: "")),
    ])
    sheet.merge(CellRange("A12:C12")!)
    sheet.link(CellRef("A11")!, toSheet: "Listas", cell: CellRef("A1")!, tooltip: nil)
    var hidden = SheetOptions()
    hidden.hidden = true
    let listas = try book.addSheet("Listas", options: hidden)
    try listas.appendRow([text("Plan", .header)])
    try book.close()
  }

  func testDataValidationsSitBetweenConditionalFormatsAndHyperlinks() throws {
    let file = path()
    try writeValidated(at: file)
    let xml = try part("xl/worksheets/sheet1.xml", in: file)
    // CT_Worksheet: … mergeCells, phoneticPr, conditionalFormatting,
    // dataValidations, hyperlinks, printOptions, pageMargins …
    XCTAssertEqual(
      childrenOfRoot(xml),
      [
        "dimension", "sheetViews", "sheetFormatPr", "sheetData", "mergeCells",
        "conditionalFormatting", "conditionalFormatting", "dataValidations", "hyperlinks",
        "pageMargins",
      ])
    XCTAssertTrue(xml.contains(#"<dataValidations count="9">"#))
  }

  func testDataValidationAttributesAndFormulas() throws {
    let file = path()
    try writeValidated(at: file)
    let xml = try part("xl/worksheets/sheet1.xml", in: file)
    // Prompt only: no type (none), no operator, no error box.
    XCTAssertTrue(
      xml.contains(
        #"<dataValidation allowBlank="1" showInputMessage="1" promptTitle="Encabezado" prompt="Lo que va en la columna." sqref="A1:F1"/>"#
      ))
    // An inline list: quoted, quotes doubled, several ranges in sqref.
    XCTAssertTrue(
      xml.contains(
        #"<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="Valor no permitido" error="Elija Suma o Constante." promptTitle="Tipo de anualización" prompt="Elija de la lista." sqref="A2:A10 H2"><formula1>&quot;Suma,Constante,Dice &quot;&quot;hola&quot;&quot;&quot;</formula1></dataValidation>"#
      ))
    // Excel's inverted attribute: showDropDown="1" hides the arrow, and is
    // written only then.
    XCTAssertTrue(
      xml.contains(
        #"<dataValidation type="list" allowBlank="1" showDropDown="1" showErrorMessage="1" sqref="B2:B10">"#
      ))
    XCTAssertEqual(xml.components(separatedBy: "showDropDown").count - 1, 1)
    XCTAssertTrue(xml.contains(#"sqref="C2:C10"><formula1>'Listas'!$A$2:$A$19</formula1>"#))
    // between is the default operator; a bound may be another cell.
    XCTAssertTrue(
      xml.contains(
        #"<dataValidation type="decimal" errorStyle="warning" allowBlank="1" showErrorMessage="1" errorTitle="Revise el valor" error="No puede pasar de la apropiación." sqref="D2:D10"><formula1>0</formula1><formula2>$C2</formula2></dataValidation>"#
      ))
    XCTAssertTrue(
      xml.contains(
        #"<dataValidation type="whole" operator="greaterThanOrEqual" showErrorMessage="1" sqref="E2:E10"><formula1>1</formula1></dataValidation>"#
      ))
    // Dates are serials in the 1900 system.
    XCTAssertTrue(
      xml.contains(
        #"<dataValidation type="date" operator="lessThanOrEqual" allowBlank="1" showErrorMessage="1" sqref="F2:F10"><formula1>44286</formula1>"#
      ))
    XCTAssertTrue(xml.contains(#"type="textLength" operator="equal""#))
    XCTAssertTrue(
      xml.contains(#"sqref="I2:I10"><formula1>AND(ISNUMBER($I2),$I2&gt;=0)</formula1>"#))
  }

  func testConditionalFormatsUseTheHighlightDxfs() throws {
    let file = path()
    try writeValidated(at: file)
    let xml = try part("xl/worksheets/sheet1.xml", in: file)
    XCTAssertTrue(
      xml.contains(
        #"<conditionalFormatting sqref="J2:J10"><cfRule type="expression" dxfId="2" priority="1"><formula>$J2=&quot;Correcto&quot;</formula></cfRule></conditionalFormatting>"#
      ))
    XCTAssertTrue(xml.contains(#"<cfRule type="expression" dxfId="0" priority="2">"#))
    let styles = try part("xl/styles.xml", in: file)
    XCTAssertTrue(
      styles.contains(
        #"<dxfs count="3"><dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf>"#
      ))
  }

  func testTextFormulaKeepsItsCachedText() throws {
    let file = path()
    try writeValidated(at: file)
    let xml = try part("xl/worksheets/sheet1.xml", in: file)
    XCTAssertTrue(
      xml.contains(
        #"<c r="J2" t="str"><f>IF(A2=&quot;Suma&quot;,&quot;Correcto&quot;,&quot;Revisar&quot;)</f><v>Correcto</v></c>"#
      ))
    let rows = try Fixture.rows(try Workbook(path: file), "Datos")
    let j2 = try XCTUnwrap(Fixture.cell(rows, "J2"))
    XCTAssertEqual(j2.value, .text("Correcto"))
    XCTAssertTrue(j2.isFormula)
    XCTAssertEqual(Fixture.cell(rows, "K2")?.value, .text(""))
  }

  func testBadValidationsAreRefusedAndTheWorkbookCarriesOn() throws {
    let book = try WorkbookWriter(path: path())
    let long = String(repeating: "x", count: 256)
    let cases: [(DataValidation, String)] = [
      (validation(.list(["a,b", "c"]), "A1"), "A1: list value \"a,b\" (blank or with a comma)"),
      (validation(.list([]), "A1"), "A1: empty list"),
      (
        validation(.list([String(repeating: "p", count: 300)]), "A1"),
        "A1: list of 300 > 255 characters"
      ),
      (
        validation(.any, "A1", prompt: (String(repeating: "t", count: 33), "x")),
        "A1: promptTitle 33 > 32 UTF-16 units"
      ),
      (validation(.any, "A1", prompt: ("t", long)), "A1: prompt 256 > 255 UTF-16 units"),
      (
        validation(
          .whole(.equal(.number(1))), "A1", error: ("t", String(repeating: "e", count: 226))),
        "A1: error 226 > 225 UTF-16 units"
      ),
      (
        validation(.date(.equal(.date(year: 2021, month: 2, day: 30))), "A1"),
        "A1: bound date(year: 2021, month: 2, day: 30)"
      ),
      (validation(.custom("="), "A1"), "A1: bound formula(\"=\")"),
      (DataValidation(.any, ranges: []), "no range"),
      (
        DataValidation(
          .any,
          ranges: [
            CellRange(first: CellRef(row: 1, column: 1), last: CellRef(row: 1_048_577, column: 1))
          ]), "A1:A1048577"
      ),
    ]
    for (v, value) in cases {
      var options = SheetOptions()
      options.dataValidations = [v]
      XCTAssertEqual(
        error { _ = try book.addSheet("Datos", options: options) },
        .invalidSheetOption(sheet: "Datos", option: "dataValidations", value: value))
    }
    var options = SheetOptions()
    options.conditionalFormats = [ConditionalFormat(ranges: [], formula: "A1>0", highlight: .bad)]
    XCTAssertEqual(
      error { _ = try book.addSheet("Datos", options: options) },
      .invalidSheetOption(sheet: "Datos", option: "conditionalFormats", value: "\"A1>0\""))
    _ = try book.addSheet("Datos")
    try book.close()
  }

  func testListOnAMissingSheetFailsAtClose() throws {
    let file = path()
    let book = try WorkbookWriter(path: file)
    var options = SheetOptions()
    options.dataValidations = [
      validation(.listRange(sheet: "Listas", range: CellRange("A2:A3")!), "A1")
    ]
    _ = try book.addSheet("Datos", options: options)
    XCTAssertEqual(
      error { try book.close() },
      .invalidSheetOption(
        sheet: "Datos", option: "dataValidations", value: "list source sheet \"Listas\""))
    XCTAssertEqual(try leftovers(), [])
  }
}
