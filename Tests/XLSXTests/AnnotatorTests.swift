import Foundation
import Plan
import Reports
import Schema
import XCTest

@testable import XLSX

/// The annotated copy: each fixture annotated, then read back with the
/// module's own reader and its parts looked at.
///
/// Set `PAI_COPIAS_ANOTADAS` to a folder to keep every copy there, for
/// `scripts/verificar_libreoffice.sh` and openpyxl.
final class AnnotatorTests: XCTestCase {
  private var directory = ""

  override func setUpWithError() throws {
    directory = NSTemporaryDirectory() + "pai-anotar-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: directory)
  }

  static let red = "FFFFC7CE"
  static let yellow = "FFFFEB9C"
  static let headers = ["N.º", "Severidad", "Hoja", "Celda", "Código", "Mensaje"]

  // MARK: openpyxl

  func testOpenpyxlMarksKeepValuesAndNumberKinds() throws {
    let source = Fixture.path("openpyxl_basico")
    let marks = [
      CellMark(sheet: "Datos", cell: ref("B2"), severity: .error),
      CellMark(sheet: "datos", cell: ref("C2"), severity: .warning),
      CellMark(sheet: "Datos", cell: ref("B4"), severity: .error),
      CellMark(sheet: "Datos", range: range("D5:E5"), severity: .warning),
      CellMark(sheet: "Datos", cell: ref("C5"), severity: .warning),
      CellMark(sheet: "Datos", cell: ref("C5"), severity: .error),
      CellMark(sheet: "Oculta", cell: ref("A1"), severity: .warning),
    ]
    let sheet = errorSheet(
      [
        ("Error", "Datos", "B2"), ("Advertencia", "Datos", "C2"), ("Error", "Datos", "B4"),
        ("Advertencia", "Datos", "D5:E5"), ("Error", "Datos", "C5"),
        ("Advertencia", "Oculta", "A1"),
      ])
    let copy = try annotate(source, marks, sheet, keep: "openpyxl_basico")

    let book = try Workbook(path: copy)
    XCTAssertEqual(book.sheets.map(\.name), ["Errores", "Datos", "Oculta", "MuyOculta"])
    XCTAssertEqual(book.sheets.map(\.visibility), [.visible, .visible, .hidden, .veryHidden])
    try assertSameValues(source, copy)

    let datos = try cells(copy, sheet: "Datos")
    let styles = try styleProbe(copy)
    let original = try styleProbe(source)
    try assertFilled(datos["B2"], Self.red, like: original.xfs[1], in: styles)
    try assertFilled(datos["C2"], Self.yellow, like: original.xfs[2], in: styles)
    try assertFilled(datos["C5"], Self.red, like: original.xfs[0], in: styles)
    // Absent cells and the absent row 4, in order.
    try assertFilled(datos["B4"], Self.red, like: original.xfs[0], in: styles)
    try assertFilled(datos["D5"], Self.yellow, like: original.xfs[0], in: styles)
    try assertFilled(datos["E5"], Self.yellow, like: original.xfs[0], in: styles)
    XCTAssertEqual(try rowOrder(copy, sheet: "Datos"), [1, 2, 3, 4, 5, 7])
    XCTAssertEqual(try cellOrder(copy, sheet: "Datos", row: 5), ["C5", "D5", "E5"])
    // Cells without a mark keep their style.
    XCTAssertEqual(datos["F2"] ?? nil, "3")
    XCTAssertEqual(fill(of: try cells(copy, sheet: "Oculta")["A1"], styles), Self.yellow)

    let workbook = try workbookProbe(copy)
    XCTAssertEqual(workbook.sheets.map(\.sheetId), ["4", "1", "2", "3"])
    XCTAssertEqual(workbook.views.first?["activeTab"], "0")
    XCTAssertEqual(workbook.views.first?["firstSheet"], "0")
    XCTAssertEqual(
      workbook.definedNames.map(\.text), ["'Errores'!$A$1:$F$7", "'Errores'!$1:$1"])
    XCTAssertEqual(
      workbook.definedNames.map { $0.attributes["name"] },
      ["_xlnm._FilterDatabase", "_xlnm.Print_Titles"])
    XCTAssertEqual(workbook.definedNames.map { $0.attributes["localSheetId"] }, ["0", "0"])

    try assertLinks(
      copy,
      [
        "D2": ("'Datos'!B2", "Datos!B2"), "D3": ("'Datos'!C2", "Datos!C2"),
        "D4": ("'Datos'!B4", "Datos!B4"), "D5": ("'Datos'!D5", "Datos!D5"),
        "D6": ("'Datos'!C5", "Datos!C5"), "D7": ("'Oculta'!A1", "Oculta!A1"),
      ])
    try assertUntouchedPartsEqual(
      source, copy,
      changed: [
        "[content_types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
        "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
      ], added: ["xl/worksheets/errores.xml"])
    let override =
      "<Override PartName=\"/xl/worksheets/errores.xml\" "
      + "ContentType=\"\(AnnotationPlan.worksheetType)\"/>"
    XCTAssertTrue(try part("[Content_Types].xml", in: copy).contains(override))
  }

  func testErrorSheetIsFirstActiveFrozenFilteredAndReadsBack() throws {
    let source = Fixture.path("openpyxl_basico")
    let sheet = errorSheet([("Error", "Datos", "B2"), ("Advertencia", "Datos", "C2")])
    let copy = try annotate(source, [], sheet)
    let book = try Workbook(path: copy)
    let rows = try Fixture.rows(book, "Errores")
    XCTAssertEqual(rows.map(\.index), [1, 2, 3])
    XCTAssertEqual(rows[0].cells.map(\.value), Self.headers.map { .text($0) })
    XCTAssertEqual(rows[1].cells.first?.value, .number("1"))
    XCTAssertEqual(
      Array(rows[1].cells.map(\.value).dropFirst()),
      [
        .text("Error"), .text("Datos"), .text("B2"), .text("codigo-1"),
        .text("Mensaje 1 con «comillas» & <marcas>"),
      ])

    let xml = try part("xl/worksheets/errores.xml", in: copy)
    XCTAssertTrue(xml.contains("<sheetView tabSelected=\"1\" workbookViewId=\"0\">"))
    XCTAssertTrue(
      xml.contains(
        "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
    XCTAssertTrue(xml.contains("<autoFilter ref=\"A1:F3\"/>"))
    // One page wide, landscape, as many pages down as it takes.
    XCTAssertTrue(
      xml.contains(
        "<sheetPr><tabColor rgb=\"FFC00000\"/><pageSetUpPr fitToPage=\"1\"/></sheetPr>"))
    XCTAssertTrue(
      xml.contains(
        "/><pageSetup orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>"))
    XCTAssertFalse(try part("xl/worksheets/sheet1.xml", in: copy).contains("tabSelected"))
    let styles = try styleProbe(copy)
    let errores = try cells(copy, sheet: "Errores")
    // The severity column carries its colour; the header is bold.
    XCTAssertEqual(fill(of: errores["B2"], styles), Self.red)
    XCTAssertEqual(fill(of: errores["B3"], styles), Self.yellow)
    let header = try XCTUnwrap(errores["A1"].flatMap { $0 }.flatMap(Int.init))
    let font = try XCTUnwrap(Int(styles.xfs[header]["fontId"] ?? ""))
    XCTAssertTrue(styles.fonts[font].contains("b"))
  }

  // MARK: XlsxWriter

  func testXlsxWriterSharedStringsRichTextAndDate1904() throws {
    let source = Fixture.path("xlsxwriter_basico")
    let marks = [
      CellMark(sheet: "Hoja1", cell: ref("A2"), severity: .error),
      CellMark(sheet: "Hoja1", cell: ref("B1"), severity: .warning),
      CellMark(sheet: "Hoja1", cell: ref("A3"), severity: .error),
      CellMark(sheet: "Hoja1", cell: ref("B2"), severity: .warning),
      CellMark(sheet: "Segunda", cell: ref("C9"), severity: .error),
    ]
    let sheet = errorSheet([("Error", "Hoja1", "A2"), ("Error", "Segunda", "C9")])
    let copy = try annotate(source, marks, sheet, keep: "xlsxwriter_basico")
    let book = try Workbook(path: copy)
    XCTAssertTrue(book.date1904)
    XCTAssertEqual(book.sheets.map(\.name), ["Errores", "Hoja1", "Segunda"])
    try assertSameValues(source, copy)
    let rows = try Fixture.rows(book, "Hoja1")
    XCTAssertEqual(Fixture.cell(rows, "A2")?.kind, .percent)
    XCTAssertEqual(Fixture.cell(rows, "B2")?.kind, .date)
    XCTAssertEqual(Fixture.cell(rows, "B1")?.value, .text("Hola mundo"))
    XCTAssertEqual(Fixture.cell(rows, "A3")?.value, .error("#DIV/0!"))

    let styles = try styleProbe(copy)
    let original = try styleProbe(source)
    let hoja1 = try cells(copy, sheet: "Hoja1")
    let before = try cells(source, sheet: "Hoja1")
    for (a1, color) in [
      ("A2", Self.red), ("B1", Self.yellow), ("A3", Self.red), ("B2", Self.yellow),
    ] {
      let xf = original.xfs[Int(before[a1].flatMap { $0 } ?? "0") ?? 0]
      try assertFilled(hoja1[a1], color, like: xf, in: styles)
    }
    try assertFilled(
      try cells(copy, sheet: "Segunda")["C9"], Self.red, like: original.xfs[0], in: styles)
    XCTAssertEqual(try rowOrder(copy, sheet: "Segunda"), [1, 9])
    // The shared-string table is the sender's, untouched.
    try assertUntouchedPartsEqual(
      source, copy,
      changed: [
        "[content_types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
        "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
      ], added: ["xl/worksheets/errores.xml"])
  }

  // MARK: Hand-made: prefixes, odd part names, rows and cells without r

  func testPrefixedPartsKeepTheirPrefixesAndImpliedPositions() throws {
    let source = Fixture.path("a_mano_peculiar")
    let marks = [
      CellMark(sheet: "Primera", cell: ref("B1"), severity: .error),
      CellMark(sheet: "Primera", cell: ref("A7"), severity: .warning),
      CellMark(sheet: "Primera", cell: ref("D3"), severity: .error),
      CellMark(sheet: "Primera", cell: ref("A2"), severity: .warning),
      CellMark(sheet: "Primera", cell: ref("C4"), severity: .error),
      CellMark(sheet: "Segunda", cell: ref("A1"), severity: .warning),
    ]
    let sheet = errorSheet([("Error", "Primera", "B1"), ("Advertencia", "Segunda", "A1")])
    let copy = try annotate(source, marks, sheet, keep: "a_mano_peculiar")
    let book = try Workbook(path: copy)
    XCTAssertEqual(book.sheets.map(\.name), ["Errores", "Primera", "Segunda"])
    try assertSameValues(source, copy)

    let zeta = try part("xl/hojas/zeta.xml", in: copy)
    XCTAssertTrue(zeta.contains("<x:worksheet xmlns:x=\"\(AnnotationPlan.transitionalMain)\""))
    XCTAssertTrue(zeta.contains("<x:row r=\"2\"><x:c r=\"A2\" s=\""))
    XCTAssertTrue(zeta.contains("<x:c r=\"D3\" s=\""))
    XCTAssertTrue(zeta.contains("xml:space=\"preserve\">  con espacios  </x:t>"))
    // libxml2's writer escapes quotes in text too; the formula is the same.
    XCTAssertTrue(zeta.contains("<x:f>&quot;x&quot;&amp;&quot;y&quot;</x:f>"))
    XCTAssertFalse(zeta.contains("xmlns=\""))
    XCTAssertEqual(try rowOrder(copy, sheet: "Primera"), [1, 2, 3, 4, 5, 6, 7])
    XCTAssertEqual(try cellOrder(copy, sheet: "Primera", row: 3), ["D3", "XFD3"])

    let styles = try styleProbe(copy)
    let original = try styleProbe(source)
    let primera = try cells(copy, sheet: "Primera", impliedPositions: true)
    try assertFilled(primera["B1"], Self.red, like: original.xfs[0], in: styles)
    try assertFilled(primera["C4"], Self.red, like: original.xfs[0], in: styles)
    try assertFilled(primera["A7"], Self.yellow, like: original.xfs[1], in: styles)
    XCTAssertEqual(primera["C7"] ?? nil, "3")
    let rows = try Fixture.rows(book, "Primera")
    XCTAssertEqual(Fixture.cell(rows, "A7")?.kind, .percent)

    // The new part sits beside the workbook's own folder, named relative
    // to `xl/libro.xml`.
    let rels = try part("xl/_rels/libro.xml.rels", in: copy)
    XCTAssertTrue(rels.contains("Target=\"worksheets/errores.xml\""))
    XCTAssertEqual(book.sheets.first?.part, "xl/worksheets/errores.xml")
    try assertUntouchedPartsEqual(
      source, copy,
      changed: [
        "[content_types].xml", "xl/libro.xml", "xl/_rels/libro.xml.rels", "xl/estilos.xml",
        "xl/hojas/zeta.xml", "xl/hojas/alfa.xml",
      ], added: ["xl/worksheets/errores.xml"])
  }

  // MARK: Defined names, active tab, a sheet already called Errores

  func testDefinedNamesShiftAndTheActiveTabMoves() throws {
    let source = Fixture.path("anotar_nombres_definidos")
    let marks = [
      CellMark(sheet: "Metas", cell: ref("C4"), severity: .error),
      CellMark(sheet: "Metas", cell: ref("F5"), severity: .warning),
      CellMark(sheet: "Metas", cell: ref("B10"), severity: .error),
      CellMark(sheet: "Metas", cell: ref("A12"), severity: .warning),
      CellMark(sheet: "Plan d'acción", cell: ref("B2"), severity: .error),
    ]
    let sheet = errorSheet([("Error", "Metas", "C4"), ("Error", "Plan d'acción", "B2")])
    let name = try WorkbookAnnotator.annotate(
      source: source, destination: path("nombres.xlsx"), marks: marks, errorSheet: sheet)
    let copy = path("nombres.xlsx")
    keep(copy, as: "anotar_nombres_definidos")
    XCTAssertEqual(name, "Errores (2)")
    let book = try Workbook(path: copy)
    XCTAssertEqual(
      book.sheets.map(\.name),
      ["Errores (2)", "Portada", "Metas", "Errores", "Plan d'acción", "Listas"])
    XCTAssertEqual(book.sheets.last?.visibility, .hidden)
    try assertSameValues(source, copy)

    let workbook = try workbookProbe(copy)
    XCTAssertEqual(workbook.sheets.map(\.sheetId), ["6", "1", "2", "3", "4", "5"])
    XCTAssertEqual(workbook.views.first?["activeTab"], "0")
    XCTAssertEqual(workbook.views.first?["firstSheet"], "0")
    let names = workbook.definedNames.map {
      ($0.attributes["name"] ?? "", $0.attributes["localSheetId"])
    }
    XCTAssertEqual(
      names.map(\.0),
      [
        "_xlnm._FilterDatabase", "Inicio", "_xlnm.Print_Area", "Tasa", "Total",
        "_xlnm._FilterDatabase", "_xlnm.Print_Titles",
      ])
    XCTAssertEqual(names.map(\.1), ["2", "4", "2", nil, "2", "0", "0"])
    XCTAssertEqual(workbook.definedNames[5].text, "'Errores (2)'!$A$1:$F$3")
    XCTAssertEqual(workbook.definedNames[6].text, "'Errores (2)'!$1:$1")
    XCTAssertEqual(workbook.definedNames[1].text, "'Plan d''acción'!$A$1")

    // Only the new sheet is selected, or Excel would open them grouped.
    XCTAssertFalse(try part("xl/worksheets/sheet2.xml", in: copy).contains("tabSelected"))
    XCTAssertTrue(try part("xl/worksheets/errores.xml", in: copy).contains("tabSelected=\"1\""))

    let styles = try styleProbe(copy)
    let original = try styleProbe(source)
    let metas = try cells(copy, sheet: "Metas")
    // C4: 0.00 %, bold, thin border: all kept, only the fill changes.
    try assertFilled(metas["C4"], Self.red, like: original.xfs[1], in: styles)
    // F5 absent: takes its column's style (xf 1), B10 its row's (xf 4,
    // grey fill, which the mark replaces), A12 the default.
    try assertFilled(metas["F5"], Self.yellow, like: original.xfs[1], in: styles)
    try assertFilled(metas["B10"], Self.red, like: original.xfs[4], in: styles)
    try assertFilled(metas["A12"], Self.yellow, like: original.xfs[0], in: styles)
    XCTAssertEqual(try rowOrder(copy, sheet: "Metas"), [1, 3, 4, 5, 6, 7, 8, 10, 12])
    XCTAssertTrue(
      try part("xl/worksheets/sheet2.xml", in: copy).contains("<dimension ref=\"A1:F12\"/>"))
    let rows = try Fixture.rows(book, "Metas")
    XCTAssertEqual(Fixture.cell(rows, "C4")?.kind, .percent)
    XCTAssertEqual(Fixture.cell(rows, "D4")?.kind, .date)

    try assertLinks(
      copy, ["D2": ("'Metas'!C4", "Metas!C4"), "D3": ("'Plan d''acción'!B2", "Plan d'acción!B2")])
    // The counts follow the entries.
    XCTAssertEqual(styles.counts["cellXfs"], String(styles.xfs.count))
    XCTAssertEqual(styles.counts["fills"], String(styles.fills.count))
    XCTAssertEqual(styles.counts["fonts"], String(styles.fonts.count))
  }

  // MARK: Hand-made, Excel-like: no styles, calcChain, comments, `&`

  func testExcelQuirksAreKeptStylesMadeAndCalcChainDropped() throws {
    let source = Fixture.path("anotar_a_mano")
    let otra = "Año 2021 & más"
    let marks = [
      CellMark(sheet: "Datos", cell: ref("B2"), severity: .error),
      CellMark(sheet: "Datos", cell: ref("A1"), severity: .warning),
      CellMark(sheet: "Datos", cell: ref("A3"), severity: .error),
      CellMark(sheet: otra, cell: ref("B2"), severity: .warning),
    ]
    let sheet = errorSheet([("Error", "Datos", "B2"), ("Advertencia", otra, "B2")])
    let copy = try annotate(source, marks, sheet, keep: "anotar_a_mano")
    let book = try Workbook(path: copy)
    XCTAssertEqual(try workbookProbe(copy).sheets.map(\.name), ["Errores", "Datos", otra])
    // `&amp;` in the sheet name reads back as `&`, and links quote it.
    XCTAssertEqual(book.sheets.last?.name, otra)
    let again = try WorkbookAnnotator.annotate(
      source: source, destination: path("otra.xlsx"),
      marks: [CellMark(sheet: otra, cell: ref("B2"), severity: .error)],
      errorSheet: ErrorSheet(headers: ["Hoja"], rows: [["x"]], links: [(0, 0, otra, ref("B2"))]))
    XCTAssertEqual(again, "Errores")
    XCTAssertEqual(
      try hyperlinks(path("otra.xlsx"), sheet: "Errores")["A2"]?.location, "'\(otra)'!B2")
    try assertSameValues(source, copy)
    let rows = try Fixture.rows(book, "Datos")
    XCTAssertEqual(Fixture.cell(rows, "A1")?.value, .text("  Código & nombre  "))
    XCTAssertEqual(Fixture.cell(rows, "B1")?.value, .text("Meta <1>"))

    let entries = try PackageCopy.names(in: copy)
    XCTAssertFalse(entries.contains("xl/calcChain.xml"))
    XCTAssertTrue(entries.contains("xl/"))
    XCTAssertTrue(entries.contains("xl/styles.xml"))
    let types = try part("[Content_Types].xml", in: copy)
    XCTAssertFalse(types.contains("calcChain"))
    XCTAssertTrue(types.contains("<Override PartName=\"/xl/styles.xml\""))
    let rels = try part("xl/_rels/workbook.xml.rels", in: copy)
    XCTAssertFalse(rels.contains("calcChain"))
    XCTAssertTrue(rels.contains("relationships/styles\" Target=\"styles.xml\""))

    let workbook = try part("xl/workbook.xml", in: copy)
    XCTAssertTrue(workbook.contains("<?mso-application progid=\"Excel.Sheet\"?>"))
    XCTAssertTrue(workbook.contains("<!-- hecho a mano -->"))
    XCTAssertTrue(workbook.contains("mc:Ignorable=\"x15\""))
    let probe = try workbookProbe(copy)
    XCTAssertEqual(
      probe.children,
      [
        "fileVersion", "workbookPr", "AlternateContent", "bookViews", "sheets", "definedNames",
        "calcPr",
      ])
    XCTAssertEqual(probe.sheets.map(\.sheetId), ["8", "3", "7"])
    XCTAssertEqual(probe.sheets.first?.rId, "rId10")

    let datos = try part("xl/worksheets/sheet1.xml", in: copy)
    XCTAssertTrue(datos.contains("<!-- fila 2: números y una fórmula -->"))
    XCTAssertTrue(datos.contains("x14ac:dyDescent=\"0.25\""))
    XCTAssertTrue(datos.contains("mc:Ignorable=\"x14ac\""))
    XCTAssertFalse(datos.contains("tabSelected"))
    XCTAssertTrue(datos.contains("<c r=\"B2\" s=\""))
    XCTAssertEqual(try cellOrder(copy, sheet: "Datos", row: 2), ["A2", "B2", "C2"])
    let links = try hyperlinks(copy, sheet: "Datos")
    XCTAssertEqual(links["A3"]?.display, "Año & más <2021>")
    XCTAssertEqual(links["A3"]?.location, "'\(otra)'!A1")

    let styles = try styleProbe(copy)
    XCTAssertEqual(styles.fills.prefix(2), [nil, nil])
    let marked = try cells(copy, sheet: "Datos")
    for (a1, color) in [("B2", Self.red), ("A1", Self.yellow), ("A3", Self.red)] {
      XCTAssertEqual(fill(of: marked[a1], styles), color, a1)
    }
    try assertLinks(copy, ["D2": ("'Datos'!B2", "Datos!B2"), "D3": ("'\(otra)'!B2", "\(otra)!B2")])
    // The stored part that was not marked comes through as it was.
    try assertUntouchedPartsEqual(
      source, copy,
      changed: [
        "[content_types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
        "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/calcchain.xml",
      ], added: ["xl/styles.xml", "xl/worksheets/errores.xml"])
  }

  func testStrictWorkbookGetsAStrictSheet() throws {
    let source = Fixture.path("estricto")
    let copy = try annotate(
      source, [CellMark(sheet: "Estricta", cell: ref("B1"), severity: .error)],
      errorSheet([("Error", "Estricta", "B1")]), keep: "estricto")
    let book = try Workbook(path: copy)
    XCTAssertEqual(book.sheets.map(\.name), ["Errores", "Estricta"])
    XCTAssertTrue(book.date1904)
    try assertSameValues(source, copy)
    XCTAssertTrue(
      try part("xl/worksheets/errores.xml", in: copy).contains(
        "<worksheet xmlns=\"\(AnnotationPlan.strictMain)\">"))
    XCTAssertTrue(
      try part("xl/_rels/workbook.xml.rels", in: copy).contains(
        "Type=\"\(AnnotationPlan.strictRelationships)/worksheet\" Target=\"worksheets/errores.xml\""
      ))
    let styles = try styleProbe(copy)
    XCTAssertEqual(fill(of: try cells(copy, sheet: "Estricta")["B1"], styles), Self.red)
    try assertLinks(copy, ["D2": ("'Estricta'!B1", "Estricta!B1")])
  }

  // MARK: Notes

  /// The office's own notes are kept: a noted cell gets ours below theirs
  /// (plain and rich text), the others a new note; a sheet without notes
  /// gets its comments part, drawing, relationships and `legacyDrawing`.
  func testNotesJoinTheWorkbooksOwn() throws {
    let source = Fixture.path("anotar_notas")
    let marks = [
      CellMark(sheet: "Datos", cell: ref("B2"), severity: .error),
      CellMark(sheet: "Datos", cell: ref("C3"), severity: .warning),
      CellMark(sheet: "Sin notas", cell: ref("A2"), severity: .error),
    ]
    let added = [
      CellNote(sheet: "Datos", cell: ref("B2"), text: "Error: uno"),
      CellNote(sheet: "Datos", cell: ref("D4"), text: "Advertencia: dos"),
      CellNote(sheet: "datos", cell: ref("C3"), text: "Error: tres & <cuatro>"),
      CellNote(sheet: "Datos", cell: ref("C3"), text: "Advertencia: cinco"),
      CellNote(sheet: "Sin notas", cell: ref("A2"), text: "Error: seis"),
      CellNote(sheet: "Sin notas", cell: ref("B7"), text: "Error: siete"),
    ]
    let copy = path()
    try WorkbookAnnotator.annotate(
      source: source, destination: copy, marks: marks,
      errorSheet: errorSheet([("Error", "Datos", "B2")]), notes: added)
    keep(copy, as: "anotar_notas")
    try assertSameValues(source, copy)

    let datos = try notes(copy, sheet: "Datos")
    XCTAssertEqual(datos["B2"]?.author, "Oficina TIC")
    XCTAssertEqual(datos["B2"]?.text, "Revisar con la jefa de planeación.\n\nError: uno")
    XCTAssertEqual(datos["D4"]?.author, "Ana")
    XCTAssertEqual(datos["D4"]?.text, "Ana: Dato provisional.\n\nAdvertencia: dos")
    XCTAssertEqual(datos["C3"]?.author, "pai")
    XCTAssertEqual(datos["C3"]?.text, "Error: tres & <cuatro>\nAdvertencia: cinco")
    XCTAssertEqual(datos.count, 3)
    let theirs = try part("xl/comments/comment1.xml", in: copy)
    XCTAssertTrue(
      theirs.contains(
        "<t xml:space=\"preserve\">Revisar con la jefa de planeación.\n\nError: uno</t>"), theirs)
    XCTAssertTrue(
      theirs.contains(
        "<t xml:space=\"preserve\"> Dato provisional.</t></r><r><t xml:space=\"preserve\">\n\n"
          + "Advertencia: dos</t></r></text>"), theirs)
    // Their drawing, with the new cell's shape after theirs.
    XCTAssertEqual(
      try noteShapes(copy, sheet: "Datos").map(\.description), ["B2", "D4", "C3"])
    XCTAssertEqual(
      try shapeIds(part("xl/drawings/commentsDrawing1.vml", in: copy)),
      ["_x0000_s1026", "_x0000_s1027", "_x0000_s1028"])
    XCTAssertEqual(
      try part("xl/worksheets/sheet1.xml", in: copy).components(separatedBy: "<legacyDrawing")
        .count, 2)

    let otra = try notes(copy, sheet: "Sin notas")
    XCTAssertEqual(otra.mapValues(\.text), ["A2": "Error: seis", "B7": "Error: siete"])
    XCTAssertEqual(try noteShapes(copy, sheet: "Sin notas").map(\.description), ["A2", "B7"])
    let sheet2 = try part("xl/worksheets/sheet2.xml", in: copy)
    XCTAssertTrue(
      sheet2.contains(
        "/><legacyDrawing xmlns:r=\"\(AnnotationPlan.transitionalRelationships)\" "
          + "r:id=\"rId2\"/></worksheet>"), sheet2)
    let rels = try part("xl/worksheets/_rels/sheet2.xml.rels", in: copy)
    XCTAssertTrue(rels.contains("relationships/comments\" Target=\"/xl/comments1.xml\""), rels)
    XCTAssertTrue(
      rels.contains("relationships/vmlDrawing\" Target=\"/xl/drawings/vmlDrawing1.vml\""), rels)
    let types = try part("[Content_Types].xml", in: copy)
    XCTAssertEqual(types.components(separatedBy: "Extension=\"vml\"").count, 2)
    XCTAssertTrue(
      types.contains(
        "<Override PartName=\"/xl/comments1.xml\" ContentType=\"\(NoteWriter.commentsType)\"/>"))
    try assertUntouchedPartsEqual(
      source, copy,
      changed: [
        "[content_types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
        "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/comments/comment1.xml",
        "xl/drawings/commentsdrawing1.vml",
      ],
      added: [
        "xl/worksheets/errores.xml", "xl/comments1.xml", "xl/drawings/vmldrawing1.vml",
        "xl/worksheets/_rels/sheet2.xml.rels",
      ])
  }

  /// A workbook with no notes and no `Default` for `.vml` gets both; the
  /// sheet without `xmlns:r` gets it on `legacyDrawing`, before
  /// `tableParts`-like followers and after `pageMargins`.
  func testNotesOnAWorkbookWithoutAny() throws {
    let source = Fixture.path("anotar_a_mano")
    let copy = path()
    try WorkbookAnnotator.annotate(
      source: source, destination: copy, marks: [], errorSheet: errorSheet([]),
      notes: [CellNote(sheet: "Año 2021 & más", cell: ref("C3"), text: "Error: ocho")])
    let notas = try notes(copy, sheet: "Año 2021 & más")
    XCTAssertEqual(notas["C3"]?.text, "Error: ocho")
    XCTAssertEqual(notas["C3"]?.author, "pai")
    let types = try part("[Content_Types].xml", in: copy)
    XCTAssertTrue(
      types.contains("<Default Extension=\"vml\" ContentType=\"\(NoteWriter.vmlType)\"/>"))
    let sheet = try part("xl/worksheets/sheet2.xml", in: copy)
    XCTAssertTrue(
      sheet.contains(
        "</sheetData><legacyDrawing xmlns:r=\"\(AnnotationPlan.transitionalRelationships)\" "
          + "r:id=\"rId2\"/></worksheet>"), sheet)
    let vml = try part("xl/drawings/vmlDrawing1.vml", in: copy)
    XCTAssertTrue(vml.contains("<x:Row>2</x:Row><x:Column>2</x:Column>"), vml)
    XCTAssertTrue(vml.contains("visibility:hidden"))
  }

  /// Notes on sheets the workbook lacks, or off the grid, are typed
  /// errors like marks.
  func testNotesOnUnknownSheetsAreRefused() throws {
    XCTAssertEqual(
      error {
        try WorkbookAnnotator.annotate(
          source: Fixture.path("openpyxl_basico"), destination: path(), marks: [],
          errorSheet: errorSheet([]),
          notes: [CellNote(sheet: "Nada", cell: ref("A1"), text: "x")])
      }, .sheetNotFound(name: "Nada"))
    XCTAssertEqual(try leftovers(), [])
  }

  // MARK: Streaming

  /// A sheet of 10,000 rows × 12 columns with 1,000 marks (cells, absent
  /// cells, short ranges): one pass, every mark in place.
  func testLargeSheetStreamsWithEveryMark() throws {
    let source = path("grande.xlsx")
    let writer = try WorkbookWriter(path: source)
    let sheet = try writer.addSheet("Datos")
    for r in 1...10_000 {
      try sheet.appendRow(
        (1...12).map { c in
          c == 5 && r % 7 == 0
            ? nil : WriteCell(.number(Decimal(r * 100 + c)), style: c == 3 ? .percent : .general)
        })
    }
    try writer.close()
    var marks: [CellMark] = []
    for i in 0..<1_000 {
      let row = 2 + i * 9
      switch i % 3 {
      case 0:
        marks.append(CellMark(sheet: "Datos", cell: CellRef(row: row, column: 3), severity: .error))
      case 1:
        marks.append(
          CellMark(sheet: "Datos", cell: CellRef(row: row, column: 14), severity: .warning))
      default:
        marks.append(
          CellMark(
            sheet: "Datos",
            range: CellRange(
              first: CellRef(row: row, column: 4), last: CellRef(row: row + 2, column: 5)),
            severity: .warning))
      }
    }
    let start = Date()
    let copy = try annotate(source, marks, errorSheet([]))
    let seconds = Date().timeIntervalSince(start)
    print("copia anotada: 10.000 filas, 1.000 marcas en \(String(format: "%.2f", seconds)) s")
    try assertSameValues(source, copy)
    let styles = try styleProbe(copy)
    let datos = try cells(copy, sheet: "Datos")
    for mark in marks {
      let r = mark.range
      for row in r.first.row...r.last.row {
        for column in r.first.column...r.last.column {
          let a1 = CellRef(row: row, column: column).description
          XCTAssertEqual(
            fill(of: datos[a1], styles), mark.severity == .error ? Self.red : Self.yellow, a1)
        }
      }
    }
    XCTAssertEqual(try Fixture.rows(Workbook(path: copy), "Datos")[1][3]?.kind, .percent)
  }

  // MARK: From validation to the copy (Reports)

  func testInboxWorkbookCopyFromItsFindings() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let source = root.appendingPathComponent("inbox/oficina-tic/Indicadores TIC - marzo 2021.xlsx")
      .path
    let schemas = try SchemaSet.cargar(desde: root.appendingPathComponent("schemas"))
    // A corte before March makes March's execution an error (PLAN: no
    // execution after the corte).
    var informe = validar(ruta: source, esquemas: schemas, corte: Fecha(iso: "2021-02-28"))
    let archivo = informe.archivo
    let found = informe.hallazgos.count
    XCTAssertEqual(found, 5)
    XCTAssertTrue(informe.hallazgos.allSatisfy { $0.ubicacion.celda?.column == 23 })
    informe.hallazgos += [
      Hallazgo(
        .numeroComoTexto, .advertencia,
        Ubicacion(archivo: archivo, hoja: "Indicadores", rango: CellRange("E6:E8"))),
      Hallazgo(
        .filaIncompleta, .error, Ubicacion(archivo: archivo, hoja: "Indicadores", fila: 14)),
      Hallazgo(.hojaOculta, .advertencia, Ubicacion(archivo: archivo, hoja: "Indicadores")),
      Hallazgo(
        .valorFaltante, .error, Ubicacion(archivo: archivo, hoja: "Sin hoja", celda: ref("A1"))),
      Hallazgo(.codigoDuplicado, .error, Ubicacion(archivo: archivo)),
      // A sum's target and two of its months, one of them inside the
      // warning's range: every cell marked, red winning.
      Hallazgo(
        .sumaProgramacion, .error,
        Ubicacion(
          archivo: archivo, hoja: "Indicadores", celda: ref("H6"),
          otrasCeldas: [ref("I6"), ref("E7")]),
        ["suma": .texto("3"), "meta": .texto("2"), "columna": .texto("Meta vigencia")]),
    ]
    let copy = path("copia.xlsx")
    try CopiaAnotada.escribir(informe: informe, origen: source, destino: copy)
    keep(copy, as: "inbox_indicadores_tic")

    let book = try Workbook(path: copy)
    XCTAssertEqual(book.sheets.map(\.name), ["Errores", "Indicadores"])
    try assertSameValues(source, copy)
    let rows = try Fixture.rows(book, "Errores")
    XCTAssertEqual(rows.count, 1 + found + 6)
    XCTAssertEqual(rows[0].cells.map(\.value), CopiaAnotada.encabezados.map { .text($0) })
    XCTAssertEqual(
      CopiaAnotada.encabezados, ["N.º", "Mensaje", "Hoja", "Celda", "Severidad", "Código"])
    func text(_ row: Row, _ column: Int) -> String? {
      if case .text(let s)? = row[column]?.value { return s }
      return nil
    }
    // Errors first, in the order found, then warnings.
    XCTAssertEqual(
      rows.dropFirst().map { text($0, 5) },
      Array(repeating: "Error", count: found + 4) + ["Advertencia", "Advertencia"])
    XCTAssertEqual(rows[1][1]?.value, .number("1"))
    XCTAssertEqual(text(rows[1], 3), "Indicadores")
    XCTAssertEqual(text(rows[1], 4), "W6")
    XCTAssertEqual(text(rows[1], 6), "ejecucion-despues-del-corte")
    let mensaje = try XCTUnwrap(text(rows[1], 2))
    XCTAssertTrue(mensaje.hasPrefix("Hay ejecución (99,80 %) en marzo"), mensaje)
    XCTAssertEqual(text(rows[found + 1], 4), "Fila 14")
    XCTAssertEqual(text(rows[found + 4], 4), "H6")
    XCTAssertEqual(text(rows[found + 5], 4), "E6:E8")
    XCTAssertNil(text(rows[found + 6], 4))

    let styles = try styleProbe(copy)
    let original = try styleProbe(source)
    let before = try cells(source, sheet: "Indicadores")
    let after = try cells(copy, sheet: "Indicadores")
    for a1 in ["W6", "W7", "W9", "W10", "W11", "A14", "H6", "I6", "E7"] {
      let xf = original.xfs[Int(before[a1].flatMap { $0 } ?? "0") ?? 0]
      try assertFilled(after[a1], Self.red, like: xf, in: styles)
    }
    for a1 in ["E6", "E8"] {
      let xf = original.xfs[Int(before[a1].flatMap { $0 } ?? "0") ?? 0]
      try assertFilled(after[a1], Self.yellow, like: xf, in: styles)
    }
    // The severity column is coloured, the message column wraps.
    let errores = try cells(copy, sheet: "Errores")
    XCTAssertEqual(fill(of: errores["E2"], styles), Self.red)
    XCTAssertEqual(fill(of: errores["E\(found + 6)"], styles), Self.yellow)
    let messageStyle = try XCTUnwrap(errores["B2"].flatMap { $0 }.flatMap(Int.init))
    XCTAssertTrue(styles.wraps[messageStyle])

    // A note on every marked cell: the message, errors first.
    let suma = try XCTUnwrap(text(rows[found + 4], 2))
    let aviso = try XCTUnwrap(text(rows[found + 5], 2))
    let notas = try notes(copy, sheet: "Indicadores")
    XCTAssertEqual(
      Set(notas.keys),
      ["W6", "W7", "W9", "W10", "W11", "A14", "H6", "I6", "E6", "E7", "E8"])
    XCTAssertEqual(notas["W6"]?.text, "Error: " + mensaje)
    XCTAssertEqual(notas["H6"]?.text, "Error: " + suma)
    XCTAssertEqual(notas["I6"]?.text, "Error: " + suma)
    XCTAssertEqual(notas["E7"]?.text, "Error: \(suma)\nAdvertencia: \(aviso)")
    XCTAssertEqual(notas["E8"]?.text, "Advertencia: " + aviso)
    XCTAssertEqual(Set(notas.values.map(\.author)), ["pai"])
    XCTAssertEqual(
      Set(try noteShapes(copy, sheet: "Indicadores").map(\.description)), Set(notas.keys))

    let indicadores = try Fixture.rows(book, "Indicadores")
    XCTAssertEqual(Fixture.cell(indicadores, "W6")?.kind, .percent)
    XCTAssertEqual(Fixture.cell(indicadores, "W6")?.value, .number("0.998"))

    // Links for the cells, the range's first cell and the row's column A;
    // none for the whole sheet, a sheet the book lacks, or the file.
    var expected: [String: (String, String)] = [:]
    for (i, a1) in ["W6", "W7", "W9", "W10", "W11"].enumerated() {
      expected["D\(i + 2)"] = ("'Indicadores'!\(a1)", "Indicadores!\(a1)")
    }
    expected["D\(found + 2)"] = ("'Indicadores'!A14", "Indicadores!A14")
    expected["D\(found + 5)"] = ("'Indicadores'!H6", "Indicadores!H6")
    expected["D\(found + 6)"] = ("'Indicadores'!E6", "Indicadores!E6")
    try assertLinks(copy, expected)
  }

  // MARK: Refusals

  func testUnreadableSourceGetsNoCopy() throws {
    for name in ["truncado", "cifrado", "xls_renombrado", "vacio", "xml_malformado"] {
      let copy = path(name + ".xlsx")
      let sheet = errorSheet([])
      XCTAssertThrowsError(
        try WorkbookAnnotator.annotate(
          source: Fixture.path(name), destination: copy, marks: [], errorSheet: sheet)
      ) { error in
        XCTAssertTrue(error is XLSXError, "\(name): \(error)")
      }
      XCTAssertFalse(FileManager.default.fileExists(atPath: copy), name)
    }
    // Through Reports: a file validation could not read gets none either.
    let schemas = try SchemaSet.cargar(
      desde: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schemas"))
    let informe = validar(ruta: Fixture.path("truncado"), esquemas: schemas, corte: nil)
    XCTAssertFalse(informe.aceptado)
    XCTAssertThrowsError(
      try CopiaAnotada.escribir(
        informe: informe, origen: Fixture.path("truncado"), destino: path("r.xlsx"))
    ) { XCTAssertEqual($0 as? XLSXError, .corruptZip(.noCentralDirectory)) }
    XCTAssertEqual(try leftovers(), [])
  }

  func testUnknownSheetsAndBadInputAreTypedErrors() throws {
    let source = Fixture.path("openpyxl_basico")
    let copy = path()
    XCTAssertEqual(
      error {
        try WorkbookAnnotator.annotate(
          source: source, destination: copy,
          marks: [CellMark(sheet: "Nada", cell: ref("A1"), severity: .error)],
          errorSheet: errorSheet([]))
      }, .sheetNotFound(name: "Nada"))
    XCTAssertEqual(
      error {
        try WorkbookAnnotator.annotate(
          source: source, destination: copy, marks: [],
          errorSheet: ErrorSheet(
            headers: Self.headers, rows: [["1"]], links: [(0, 3, "Nada", ref("A1"))]))
      }, .linkTargetNotFound(sheet: "Errores", cell: ref("D2"), target: "Nada"))
    XCTAssertEqual(
      error {
        try WorkbookAnnotator.annotate(
          source: source, destination: copy, marks: [],
          errorSheet: ErrorSheet(
            headers: Self.headers, rows: [["1"]], links: [(3, 0, "Datos", ref("A1"))]))
      }, .outsideGrid(sheet: "Errores", what: .errorSheetLink(row: 3, column: 0)))
    XCTAssertEqual(
      error {
        try WorkbookAnnotator.annotate(
          source: source, destination: copy, marks: [],
          errorSheet: ErrorSheet(name: "Mal:nombre", headers: Self.headers, rows: []))
      }, .invalidSheetName(name: "Mal:nombre", problem: .forbiddenCharacter(":")))
    XCTAssertEqual(
      error {
        try WorkbookAnnotator.annotate(
          source: source, destination: source, marks: [], errorSheet: errorSheet([]))
      }, .writeFailed(path: source, reason: "es el mismo archivo de origen"))
    XCTAssertEqual(try leftovers(), [])
  }

  func testDestinationReplacedWholeAndSourceUntouched() throws {
    let source = Fixture.path("openpyxl_basico")
    let before = try Data(contentsOf: URL(fileURLWithPath: source))
    let copy = path()
    try Data("viejo".utf8).write(to: URL(fileURLWithPath: copy))
    try WorkbookAnnotator.annotate(
      source: source, destination: copy,
      marks: [CellMark(sheet: "Datos", cell: ref("B2"), severity: .error)],
      errorSheet: errorSheet([]))
    XCTAssertEqual(try Workbook(path: copy).sheets.first?.name, "Errores")
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: source)), before)
    XCTAssertEqual(try leftovers(), ["libro.xlsx"])
  }

  func testWideRangeHighlightsPresentCellsOnly() throws {
    let source = Fixture.path("openpyxl_basico")
    let copy = try annotate(
      source, [CellMark(sheet: "Datos", range: range("A2:A1048576"), severity: .warning)],
      errorSheet([]))
    let datos = try cells(copy, sheet: "Datos")
    let styles = try styleProbe(copy)
    XCTAssertEqual(fill(of: datos["A2"], styles), Self.yellow)
    XCTAssertEqual(fill(of: datos["A7"], styles), Self.yellow)
    XCTAssertNil(datos["A3"] ?? nil)
    XCTAssertEqual(try rowOrder(copy, sheet: "Datos"), [1, 2, 3, 5, 7])
    XCTAssertLessThan(try Data(contentsOf: URL(fileURLWithPath: copy)).count, 20_000)
  }

  // MARK: Helpers

  private func path(_ name: String = "libro.xlsx") -> String { directory + "/" + name }

  private func leftovers() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
  }

  private func ref(_ a1: String) -> CellRef { CellRef(a1) ?? CellRef(row: 0, column: 0) }

  private func range(_ a1: String) -> CellRange {
    CellRange(a1) ?? CellRange(first: ref("A1"), last: ref("A1"))
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

  /// An error sheet with a row per (severity, sheet, cell or range) and
  /// a link on each, as Reports builds it.
  private func errorSheet(_ findings: [(String, String, String)]) -> ErrorSheet {
    var rows: [[String]] = []
    var links: [(row: Int, column: Int, sheet: String, cell: CellRef)] = []
    var fills: [(row: Int, column: Int, severity: CellMark.Severity)] = []
    for (i, f) in findings.enumerated() {
      rows.append([
        String(i + 1), f.0, f.1, f.2, "codigo-\(i + 1)",
        "Mensaje \(i + 1) con «comillas» & <marcas>",
      ])
      links.append((i, 3, f.1, range(f.2).first))
      fills.append((i, 1, f.0 == "Error" ? .error : .warning))
    }
    return ErrorSheet(
      headers: Self.headers, rows: rows, links: links, fills: fills, numericColumns: [0])
  }

  private func annotate(
    _ source: String, _ marks: [CellMark], _ sheet: ErrorSheet, keep name: String? = nil
  ) throws -> String {
    let copy = path()
    try WorkbookAnnotator.annotate(
      source: source, destination: copy, marks: marks, errorSheet: sheet)
    if let name { keep(copy, as: name) }
    return copy
  }

  /// Copies the result where `PAI_COPIAS_ANOTADAS` says, for checks by
  /// other programs.
  private func keep(_ copy: String, as name: String) {
    guard let folder = ProcessInfo.processInfo.environment["PAI_COPIAS_ANOTADAS"] else { return }
    let target = folder + "/" + name + ".anotado.xlsx"
    try? FileManager.default.removeItem(atPath: target)
    try? FileManager.default.copyItem(atPath: copy, toPath: target)
  }

  private func bytes(_ name: String, in file: String) throws -> [UInt8] {
    let package = try ZipPackage(path: file, limits: .default)
    var bytes: [UInt8] = []
    try package.stream(name) { bytes.append(contentsOf: $0) }
    return bytes
  }

  private func part(_ name: String, in file: String) throws -> String {
    String(decoding: try bytes(name, in: file), as: UTF8.self)
  }

  /// Every value and number kind of every sheet of the source, read back
  /// the same from the copy.
  private func assertSameValues(
    _ source: String, _ copy: String, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let a = try Workbook(path: source)
    let b = try Workbook(path: copy)
    for sheet in a.sheets {
      let info = try XCTUnwrap(b.sheet(named: sheet.name), file: file, line: line)
      XCTAssertEqual(info.visibility, sheet.visibility, file: file, line: line)
      XCTAssertEqual(
        try Fixture.rows(b, sheet.name), try Fixture.rows(a, sheet.name), sheet.name, file: file,
        line: line)
    }
  }

  /// Parts outside `changed` are inflated to the same bytes, and the
  /// copy has exactly the source's entries plus `added`.
  private func assertUntouchedPartsEqual(
    _ source: String, _ copy: String, changed: Set<String>, added: Set<String>,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let before = try PackageCopy.names(in: source)
    let after = try PackageCopy.names(in: copy)
    let dropped = Set(before.map(ZipPackage.key)).subtracting(after.map(ZipPackage.key))
    XCTAssertTrue(dropped.isSubset(of: changed), "\(dropped)", file: file, line: line)
    XCTAssertEqual(
      Set(after.map(ZipPackage.key)),
      Set(before.map(ZipPackage.key)).subtracting(dropped).union(added),
      file: file, line: line)
    for name in before where !changed.contains(ZipPackage.key(name)) && !name.hasSuffix("/") {
      XCTAssertEqual(
        try bytes(name, in: copy), try bytes(name, in: source), name, file: file, line: line)
    }
  }

  private func assertFilled(
    _ s: String??, _ color: String, like original: [String: String], in styles: StyleProbe,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let text = try XCTUnwrap(s.flatMap { $0 }, "no cell or no s", file: file, line: line)
    let index = try XCTUnwrap(Int(text), file: file, line: line)
    let xf = styles.xfs[index]
    XCTAssertEqual(fill(of: s, styles), color, file: file, line: line)
    XCTAssertEqual(xf["applyFill"], "1", file: file, line: line)
    for key in ["numFmtId", "fontId", "borderId", "xfId", "applyNumberFormat", "applyFont"] {
      XCTAssertEqual(xf[key], original[key], key, file: file, line: line)
    }
  }

  private func fill(of s: String??, _ styles: StyleProbe) -> String? {
    guard let index = s.flatMap({ $0 }).flatMap(Int.init), styles.xfs.indices.contains(index),
      let fill = styles.xfs[index]["fillId"].flatMap(Int.init), styles.fills.indices.contains(fill)
    else { return nil }
    return styles.fills[fill]
  }

  private func assertLinks(
    _ copy: String, _ expected: [String: (String, String)], file: StaticString = #filePath,
    line: UInt = #line
  ) throws {
    let book = try Workbook(path: copy)
    let links = try hyperlinks(copy, sheet: book.sheets[0].name)
    XCTAssertEqual(Set(links.keys), Set(expected.keys), file: file, line: line)
    for (cell, (location, display)) in expected {
      XCTAssertEqual(links[cell]?.location, location, cell, file: file, line: line)
      XCTAssertEqual(links[cell]?.display, display, cell, file: file, line: line)
    }
  }

  // MARK: Probes over the parts, with the module's own SAX parser

  private func sheetPart(_ file: String, _ sheet: String) throws -> (ZipPackage, String) {
    let book = try Workbook(path: file)
    let info = try XCTUnwrap(book.sheet(named: sheet))
    return (book.package, info.part)
  }

  /// Cell → its `s` (nil when absent), with positions implied as the
  /// reader implies them when `r` is missing.
  private func cells(_ file: String, sheet: String, impliedPositions: Bool = false) throws
    -> [String: String?]
  {
    let (package, part) = try sheetPart(file, sheet)
    let probe = CellProbe()
    try transform(part, in: package, with: probe)
    var out: [String: String?] = [:]
    for c in probe.cells { out[c.ref] = c.s }
    return out
  }

  private func rowOrder(_ file: String, sheet: String) throws -> [Int] {
    let (package, part) = try sheetPart(file, sheet)
    let probe = CellProbe()
    try transform(part, in: package, with: probe)
    return probe.rows
  }

  private func cellOrder(_ file: String, sheet: String, row: Int) throws -> [String] {
    let (package, part) = try sheetPart(file, sheet)
    let probe = CellProbe()
    try transform(part, in: package, with: probe)
    return probe.cells.filter { CellRef($0.ref)?.row == row }.map(\.ref)
  }

  private func hyperlinks(_ file: String, sheet: String) throws
    -> [String: (location: String?, display: String?)]
  {
    let (package, part) = try sheetPart(file, sheet)
    let probe = CellProbe()
    try transform(part, in: package, with: probe)
    return probe.links
  }

  /// Cell → author and text of the sheet's notes, read from the comments
  /// part its relationships name.
  private func notes(_ file: String, sheet: String) throws
    -> [String: (author: String, text: String)]
  {
    let (package, part) = try sheetPart(file, sheet)
    let rels = try Relationships.read(for: part, in: package)
    let comments = try XCTUnwrap(rels.first { $0.kind == "comments" }?.target)
    let probe = CommentProbe()
    try transform(comments, in: package, with: probe)
    var out: [String: (author: String, text: String)] = [:]
    for c in probe.comments {
      out[c.ref] = (
        probe.authors.indices.contains(c.author) ? probe.authors[c.author] : "?", c.text
      )
    }
    return out
  }

  /// The cells of the note shapes of the sheet's VML drawing, in order.
  private func noteShapes(_ file: String, sheet: String) throws -> [CellRef] {
    let (package, part) = try sheetPart(file, sheet)
    let rels = try Relationships.read(for: part, in: package)
    let drawing = try XCTUnwrap(rels.first { $0.kind == "vmlDrawing" }?.target)
    let probe = ShapeProbe()
    try transform(drawing, in: package, with: probe)
    return probe.cells
  }

  private func shapeIds(_ vml: String) -> [String] {
    vml.components(separatedBy: "<").compactMap { tag in
      guard tag.contains(":shape "), let range = tag.range(of: " id=\"") else { return nil }
      return String(tag[range.upperBound...].prefix { $0 != "\"" })
    }
  }

  private func styleProbe(_ file: String) throws -> StyleProbe {
    let book = try Workbook(path: file)
    let rels = try Relationships.read(for: mainPart(book), in: book.package)
    let probe = StyleProbe()
    if let styles = rels.first(where: { $0.kind == "styles" }) {
      try transform(styles.target, in: book.package, with: probe)
    }
    return probe
  }

  private func workbookProbe(_ file: String) throws -> WorkbookProbe {
    let book = try Workbook(path: file)
    let probe = WorkbookProbe()
    try transform(mainPart(book), in: book.package, with: probe)
    return probe
  }

  private func mainPart(_ book: Workbook) throws -> String {
    let root = try Relationships.read(for: nil, in: book.package)
    return try XCTUnwrap(root.first { $0.kind == "officeDocument" }?.target)
  }
}

/// The cells, rows and links of a sheet part in document order. The
/// probes use the annotator's parser, which decodes `&amp;` in attributes.
private final class CellProbe: EchoTransform {
  var cells: [(ref: String, s: String?)] = []
  var rows: [Int] = []
  var links: [String: (location: String?, display: String?)] = [:]
  private var row = 0
  private var column = 0

  init() { super.init(out: nil) }

  override func didStart(_ tag: XMLTag) throws {
    if tag.is("row") {
      row = tag.value("r").flatMap(Int.init) ?? row + 1
      column = 0
      rows.append(row)
    } else if tag.is("c") {
      let ref = tag.value("r").flatMap(CellRef.init) ?? CellRef(row: row, column: column + 1)
      column = ref.column
      cells.append((ref.description, tag.value("s")))
    } else if tag.is("hyperlink"), let ref = tag.value("ref") {
      links[ref] = (tag.value("location"), tag.value("display"))
    }
  }
}

/// Authors and comments (cell, author index, every `t` joined) of a
/// comments part.
private final class CommentProbe: EchoTransform {
  var authors: [String] = []
  var comments: [(ref: String, author: Int, text: String)] = []
  private var inAuthor = false
  private var inText = false

  init() { super.init(out: nil) }

  override func didStart(_ tag: XMLTag) throws {
    if tag.is("author") {
      authors.append("")
      inAuthor = true
    } else if tag.is("comment") {
      comments.append((tag.value("ref") ?? "", tag.value("authorId").flatMap(Int.init) ?? -1, ""))
    } else if tag.is("t") {
      inText = true
    }
  }

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    inAuthor = false
    inText = false
  }

  override func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {
    let s = String(decoding: bytes, as: UTF8.self)
    if inAuthor { authors[authors.count - 1] += s }
    if inText { comments[comments.count - 1].text += s }
  }
}

/// The `x:Row`/`x:Column` of each note shape of a VML drawing.
private final class ShapeProbe: EchoTransform {
  var cells: [CellRef] = []
  private var row = 0
  private var field = ""
  private var value = ""

  init() { super.init(out: nil) }

  override func didStart(_ tag: XMLTag) throws {
    field = tag.name
    value = ""
  }

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    if field == "Row" { row = Int(value) ?? -1 }
    if field == "Column" { cells.append(CellRef(row: row + 1, column: (Int(value) ?? -1) + 1)) }
    field = ""
  }

  override func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {
    value += String(decoding: bytes, as: UTF8.self)
  }
}

/// Cell `xf` attributes, fill colours (nil for a pattern without one),
/// font children and section counts of a styles part.
private final class StyleProbe: EchoTransform {
  var xfs: [[String: String]] = []
  /// Whether each cell `xf` wraps its text.
  var wraps: [Bool] = []
  var fills: [String?] = []
  var fonts: [[String]] = []
  var counts: [String: String] = [:]
  private var section = ""

  init() { super.init(out: nil) }

  override func didStart(_ tag: XMLTag) throws {
    let local = tag.name
    if depth == 2 {
      section = local
      counts[local] = tag.value("count")
    } else if depth == 3, section == "cellXfs", local == "xf" {
      var xf: [String: String] = [:]
      for a in tag.attributeList where a.prefix == nil { xf[a.local] = a.value }
      xfs.append(xf)
      wraps.append(false)
    } else if depth == 4, section == "cellXfs", local == "alignment" {
      wraps[wraps.count - 1] = tag.value("wrapText") == "1"
    } else if depth == 3, section == "fills" {
      fills.append(nil)
    } else if depth == 5, section == "fills", local == "fgColor" {
      fills[fills.count - 1] = tag.value("rgb")
    } else if depth == 3, section == "fonts" {
      fonts.append([])
    } else if depth == 4, section == "fonts" {
      fonts[fonts.count - 1].append(local)
    }
  }
}

/// Root children, sheets, views and defined names of `workbook.xml`.
private final class WorkbookProbe: EchoTransform {
  var children: [String] = []
  var sheets: [(name: String, sheetId: String, rId: String)] = []
  var views: [[String: String]] = []
  var definedNames: [(attributes: [String: String], text: String)] = []
  private var inName = false

  init() { super.init(out: nil) }

  override func didStart(_ tag: XMLTag) throws {
    if depth == 2 { children.append(tag.name) }
    var attributes: [String: String] = [:]
    for a in tag.attributeList { attributes[a.local] = a.value }
    if tag.is("sheet") {
      sheets.append((attributes["name"] ?? "", attributes["sheetId"] ?? "", attributes["id"] ?? ""))
    } else if tag.is("workbookView") {
      views.append(attributes)
    } else if tag.is("definedName") {
      definedNames.append((attributes, ""))
      inName = true
    }
  }

  override func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    inName = false
  }

  override func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {
    guard inName else { return }
    definedNames[definedNames.count - 1].text += String(decoding: bytes, as: UTF8.self)
  }
}

/// The error sheet's rows are as tall as their wrapped message: a
/// spreadsheet does not grow them itself, and LibreOffice printed a long
/// message over the next row.
final class ErrorSheetRowHeightTests: XCTestCase {
  func testAWrappedMessageGetsTheLinesItNeeds() {
    let widths: [Double] = [7, 20, 10]
    XCTAssertEqual(ErrorSheetPart.lineCount(["1", "corto", "Metas"], widths: widths), 1)
    // 18 characters a line in a 20-wide column: 40 characters take 3.
    XCTAssertEqual(
      ErrorSheetPart.lineCount(["1", String(repeating: "x", count: 40), ""], widths: widths), 3)
    XCTAssertEqual(ErrorSheetPart.lineCount(["1", "uno\ndos\ntres", ""], widths: widths), 3)
    XCTAssertEqual(
      ErrorSheetPart.lineCount(["1", "", String(repeating: "y", count: 30)], widths: widths), 4)
  }
}
