import XCTest

@testable import XLSX

/// What real writers produce: openpyxl, XlsxWriter, hand-made parts with
/// prefixes and odd names, strict OOXML.
final class WriterQuirksTests: XCTestCase {
  func testOpenpyxlSheetsInTabOrderWithVisibility() throws {
    let book = try Fixture.open("openpyxl_basico")
    XCTAssertEqual(book.sheets.map(\.name), ["Datos", "Oculta", "MuyOculta"])
    XCTAssertEqual(book.sheets.map(\.visibility), [.visible, .hidden, .veryHidden])
    XCTAssertFalse(book.date1904)
  }

  func testOpenpyxlCellKinds() throws {
    let book = try Fixture.open("openpyxl_basico")
    let rows = try Fixture.rows(book, "Datos")
    XCTAssertEqual(Fixture.cell(rows, "A1")?.value, .text("Código"))
    XCTAssertEqual(Fixture.cell(rows, "A2")?.value, .text("7867"))
    XCTAssertEqual(Fixture.cell(rows, "B2")?.value, .number("0.1698"))
    XCTAssertEqual(Fixture.cell(rows, "B2")?.kind, .percent)
    XCTAssertEqual(Fixture.cell(rows, "C2")?.value, .number("44286"))
    XCTAssertEqual(Fixture.cell(rows, "C2")?.kind, .date)
    XCTAssertEqual(Fixture.cell(rows, "D2")?.value, .bool(true))
    XCTAssertEqual(Fixture.cell(rows, "F2")?.kind, .number)
    XCTAssertEqual(Fixture.cell(rows, "C5")?.value, .number("42"))
  }

  func testFormulaWithoutCachedValueIsNotComputed() throws {
    let rows = try Fixture.rows(Fixture.open("openpyxl_basico"), "Datos")
    let e2 = Fixture.cell(rows, "E2")
    XCTAssertEqual(e2?.value, .notComputed)
    XCTAssertEqual(e2?.isFormula, true)
  }

  func testSparseRowsAndColumnsPastZ() throws {
    let rows = try Fixture.rows(Fixture.open("openpyxl_basico"), "Datos")
    XCTAssertEqual(rows.map(\.index), [1, 2, 3, 5, 7])
    XCTAssertEqual(rows[2].cells.map(\.column), [27])
    XCTAssertEqual(rows[2].cells.first?.value, .text("columna AA"))
  }

  func testMergedRangesAreKnownAfterTheStream() throws {
    let book = try Fixture.open("openpyxl_basico")
    let reader = try book.rows(in: try XCTUnwrap(book.sheet(named: "datos")))
    while try reader.nextRow() != nil {}
    XCTAssertEqual(reader.mergedRanges, [CellRange("A7:D7")!])
  }

  func testXlsxWriterCachedResultsErrorsAndDate1904() throws {
    let book = try Fixture.open("xlsxwriter_basico")
    XCTAssertTrue(book.date1904)
    let rows = try Fixture.rows(book, "Hoja1")
    XCTAssertEqual(Fixture.cell(rows, "B1")?.value, .text("Hola mundo"))
    XCTAssertEqual(Fixture.cell(rows, "A2")?.kind, .percent)
    XCTAssertEqual(Fixture.cell(rows, "B2")?.kind, .date)
    XCTAssertEqual(Fixture.cell(rows, "A3")?.value, .error("#DIV/0!"))
    XCTAssertEqual(Fixture.cell(rows, "A3")?.isFormula, true)
    XCTAssertEqual(Fixture.cell(rows, "B3")?.value, .text("ab"))
    XCTAssertEqual(Fixture.cell(rows, "C3")?.value, .number("5"))
    XCTAssertEqual(Fixture.cell(rows, "A4")?.value, .bool(true))
    XCTAssertEqual(Fixture.cell(rows, "A5")?.value, .number("3.14159"))
    XCTAssertEqual(Fixture.cell(rows, "A5")?.kind, .general)
  }

  func testPartsFoundThroughRelationshipsNotNames() throws {
    let book = try Fixture.open("a_mano_peculiar")
    XCTAssertEqual(book.sheets.map(\.name), ["Primera", "Segunda"])
    XCTAssertEqual(book.sheets.map(\.part), ["xl/hojas/zeta.xml", "xl/hojas/alfa.xml"])
    XCTAssertEqual(
      try Fixture.rows(book, "Segunda").first?.cells.first?.value, .text("segunda"))
  }

  func testPrefixedElementsAndMissingReferences() throws {
    let rows = try Fixture.rows(Fixture.open("a_mano_peculiar"), "Primera")
    XCTAssertEqual(rows.map(\.index), [1, 3, 4, 5, 6, 7])
    XCTAssertEqual(Fixture.cell(rows, "A1")?.value, .text("Hola"))
    XCTAssertEqual(Fixture.cell(rows, "B1")?.value, .number("1.5"))
    XCTAssertEqual(Fixture.cell(rows, "C1")?.value, .text("en línea"))
    XCTAssertEqual(Fixture.cell(rows, "XFD3")?.value, .number("7"))
    XCTAssertEqual(Fixture.cell(rows, "B4")?.value, .bool(true))
    XCTAssertEqual(Fixture.cell(rows, "C4")?.value, .error("#N/A"))
  }

  func testFormulaCases() throws {
    let rows = try Fixture.rows(Fixture.open("a_mano_peculiar"), "Primera")
    XCTAssertEqual(Fixture.cell(rows, "A5")?.value, .notComputed)
    XCTAssertEqual(Fixture.cell(rows, "B5")?.value, .text("xy"))
    XCTAssertEqual(Fixture.cell(rows, "C5")?.value, .number("10"))
    XCTAssertEqual(Fixture.cell(rows, "C5")?.isFormula, true)
  }

  func testStringsPreserveSpacesJoinRunsSkipPhoneticAndDecodeEscapes() throws {
    let rows = try Fixture.rows(Fixture.open("a_mano_peculiar"), "Primera")
    XCTAssertEqual(Fixture.cell(rows, "A6")?.value, .text("  con espacios  "))
    XCTAssertEqual(Fixture.cell(rows, "B6")?.value, .text("Hola mundo"))
    XCTAssertEqual(Fixture.cell(rows, "C6")?.value, .text("línea\rnueva_x000D_"))
  }

  func testNumberKindsFromBuiltinAndCustomFormats() throws {
    let rows = try Fixture.rows(Fixture.open("a_mano_peculiar"), "Primera")
    let kinds = (1...7).map { rows.last?[$0]?.kind }
    XCTAssertEqual(kinds, [.percent, .date, .number, .date, .time, .number, .percent])
  }

  func testNoDimensionAndMerges() throws {
    let book = try Fixture.open("a_mano_peculiar")
    let reader = try book.rows(in: book.sheets[0])
    while try reader.nextRow() != nil {}
    XCTAssertNil(reader.dimension)
    XCTAssertEqual(reader.mergedRanges, [CellRange("A10:C11")!])
  }

  func testStrictOOXML() throws {
    let book = try Fixture.open("estricto")
    XCTAssertTrue(book.date1904)
    let rows = try Fixture.rows(book, "Estricta")
    XCTAssertEqual(Fixture.cell(rows, "A1")?.value, .text("estricto"))
    XCTAssertEqual(Fixture.cell(rows, "B1")?.value, .number("2.5"))
  }

  func testSequenceIterationYieldsTheSameRows() throws {
    let book = try Fixture.open("openpyxl_basico")
    let reader = try book.rows(in: book.sheets[0])
    let viaSequence = Array(reader)
    XCTAssertNil(reader.error)
    XCTAssertEqual(viaSequence, try Fixture.rows(book, "Datos"))
  }
}

final class AttributeEntityTests: XCTestCase {
  /// `&amp;` in a sheet name attribute reads as `&`, not `&#38;`.
  func testAmpersandInSheetNameAttribute() throws {
    let book = try Fixture.open("anotar_a_mano")
    XCTAssertEqual(book.sheets.map(\.name), ["Datos", "Año 2021 & más"])
  }
}

/// What LibreOffice Calc writes (`make_fixture_libreoffice.sh`).
final class LibreOfficeFixtureTests: XCTestCase {
  func testCalcOutputReadsLikeTheOriginal() throws {
    let book = try Fixture.open("libreoffice_basico")
    XCTAssertEqual(book.sheets.map(\.name), ["Datos", "Oculta", "MuyOculta"])
    XCTAssertEqual(book.sheets.map(\.visibility), [.visible, .hidden, .hidden])
    let rows = try Fixture.rows(book, "Datos")
    XCTAssertEqual(Fixture.cell(rows, "A2")?.value, .text("7867"))
    XCTAssertEqual(Fixture.cell(rows, "B2")?.value, .number("0.1698"))
    XCTAssertEqual(Fixture.cell(rows, "B2")?.kind, .percent)
    XCTAssertEqual(Fixture.cell(rows, "C2")?.kind, .date)
    XCTAssertEqual(Fixture.cell(rows, "D2")?.value, .bool(true))
    // Calc computes the formula openpyxl left without a cached value.
    XCTAssertEqual(Fixture.cell(rows, "E2")?.value, .number("0.3396"))
    XCTAssertEqual(Fixture.cell(rows, "E2")?.isFormula, true)
    XCTAssertEqual(Fixture.cell(rows, "AA3")?.value, .text("columna AA"))
    let reader = try book.rows(in: book.sheets[0])
    while try reader.nextRow() != nil {}
    XCTAssertEqual(reader.mergedRanges, [CellRange("A7:D7")!])
  }
}

/// The temporary name beside an output: the same place `URL` gave, for
/// absolute and relative paths alike, hidden, and this process's own.
final class TemporaryFileTests: XCTestCase {
  func testElNombreTemporalEstaJuntoAlArchivo() {
    let rutas = [
      "/a/b/c.xlsx", "c.xlsx", "/c.xlsx", "/a/b/c d (2).xlsx.informe.md", "/a//b/c", "./x",
      "../y/z.json", "a/b/.oculto", "/tmp/salida/2021-03-31/recibidos/ñandú/ﬁ.xlsx", "a/b/",
    ]
    for ruta in rutas {
      let url = URL(fileURLWithPath: ruta)
      let antes = url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
      let ahora = TemporaryFile.path(for: ruta)
      XCTAssertEqual(
        URL(fileURLWithPath: ahora).standardizedFileURL.path, antes.standardizedFileURL.path, ruta)
      let nombre = (ahora as NSString).lastPathComponent
      XCTAssertTrue(nombre.hasPrefix("."), ruta)
      XCTAssertFalse(TemporaryFile.isLeftover(nombre), "this process's own: \(ruta)")
    }
  }
}
