import XCTest

@testable import XLSX

/// Each hostile file ends in a typed error, never a crash, a hang or an
/// unbounded allocation.
final class HostileInputTests: XCTestCase {
  /// Opens the workbook and drains every sheet, returning the error.
  private func failure(_ name: String, limits: ReadLimits = .default) -> XLSXError? {
    do {
      let book = try Workbook(path: Fixture.path(name), limits: limits)
      for sheet in book.sheets {
        let reader = try book.rows(in: sheet)
        while try reader.nextRow() != nil {}
      }
      return nil
    } catch let error as XLSXError {
      return error
    } catch {
      XCTFail("untyped error \(error)")
      return nil
    }
  }

  func testNotWorkbooks() {
    XCTAssertEqual(failure("vacio"), .emptyFile)
    XCTAssertEqual(failure("csv_renombrado"), .notAZip(.text))
    XCTAssertEqual(failure("pdf_renombrado"), .notAZip(.pdf))
    XCTAssertEqual(failure("xls_renombrado"), .legacyExcel)
    XCTAssertEqual(failure("cifrado"), .encrypted)
    XCTAssertEqual(failure("ods_renombrado"), .openDocument)
  }

  func testDamagedZips() {
    XCTAssertEqual(failure("truncado"), .corruptZip(.noCentralDirectory))
    guard case .corruptZip = failure("directorio_corrupto") else {
      return XCTFail("corrupt central directory not reported")
    }
  }

  func testZipBombs() {
    guard case .compressionRatioTooHigh(let part, let ratio, 200) = failure("bomba_zip")
    else { return XCTFail("ratio bomb not caught") }
    XCTAssertEqual(part, "xl/worksheets/sheet1.xml")
    XCTAssertGreaterThan(ratio, 200)
    guard case .partTooLarge(_, let bytes, _) = failure("tamano_declarado") else {
      return XCTFail("declared size not capped")
    }
    XCTAssertEqual(bytes, 0x7FFF_FFF0)
  }

  func testActualSizeIsCappedEvenWhenTheRatioIsAllowed() {
    var limits = ReadLimits()
    limits.maxCompressionRatio = 1_000_000
    limits.maxPartBytes = 32 << 20
    guard case .partTooLarge(let part, _, let limit) = failure("bomba_zip", limits: limits)
    else { return XCTFail("actual size not capped") }
    XCTAssertEqual(part, "xl/worksheets/sheet1.xml")
    XCTAssertEqual(limit, 32 << 20)
  }

  func testEntityBombAndExternalEntitiesAreRefused() {
    XCTAssertEqual(failure("bomba_entidades"), .forbiddenDTD(part: "xl/sharedStrings.xml"))
    XCTAssertEqual(failure("xxe"), .forbiddenDTD(part: "xl/worksheets/sheet1.xml"))
  }

  func testBadBytesAndBadXML() {
    guard case .invalidEncoding(let part, _) = failure("utf8_invalido") else {
      return XCTFail("invalid UTF-8 not reported")
    }
    XCTAssertEqual(part, "xl/sharedStrings.xml")
    guard case .invalidEncoding = failure("nul") else { return XCTFail("NUL not reported") }
    guard case .malformedXML(let sheet, let line, _) = failure("xml_malformado") else {
      return XCTFail("mismatched tags not reported")
    }
    XCTAssertEqual(sheet, "xl/worksheets/sheet1.xml")
    XCTAssertGreaterThan(line, 0)
    XCTAssertEqual(
      failure("anidado_profundo"),
      .nestingTooDeep(part: "xl/worksheets/sheet1.xml", limit: XMLStream.maxDepth))
  }

  func testMissingAndEscapingParts() {
    XCTAssertEqual(failure("sin_workbook"), .missingPart(path: "xl/workbook.xml"))
    XCTAssertEqual(failure("hoja_faltante"), .missingPart(path: "xl/worksheets/sheet2.xml"))
    XCTAssertEqual(
      failure("rel_afuera"),
      .relationshipOutsidePackage(part: "xl/_rels/workbook.xml.rels", target: "../../etc/passwd"))
  }

  func testIndicesOutOfRange() {
    XCTAssertEqual(
      failure("cadena_fuera_de_rango"),
      .sharedStringOutOfRange(sheet: "Hoja1", cell: CellRef("A1")!, index: 99, count: 2))
    XCTAssertEqual(
      failure("estilo_fuera_de_rango"),
      .styleOutOfRange(sheet: "Hoja1", cell: CellRef("A1")!, index: "999", count: 1))
  }

  func testCellTextLongerThanExcelAllows() {
    XCTAssertEqual(
      failure("cadena_larga"),
      .stringTooLong(part: "Hoja1", cell: CellRef("A1")!, limit: 32_767))
  }

  func testCellCap() {
    var limits = ReadLimits()
    limits.maxCellsPerSheet = 5
    XCTAssertEqual(
      failure("openpyxl_basico", limits: limits), .tooManyCells(sheet: "Datos", limit: 5))
  }

  func testMissingFileIsUnreadable() {
    guard case .unreadableFile = failure("no-existe") else {
      return XCTFail("missing file not reported")
    }
  }
}

/// The same reader from memory: what the fuzzer drives.
final class InMemoryTests: XCTestCase {
  func testMemoryAndFileGiveTheSameRows() throws {
    let path = Fixture.path("a_mano_peculiar")
    let fromFile = try Workbook(path: path)
    let fromMemory = try Workbook(data: Data(contentsOf: URL(fileURLWithPath: path)))
    for sheet in fromFile.sheets {
      XCTAssertEqual(Array(try fromFile.rows(in: sheet)), Array(try fromMemory.rows(in: sheet)))
    }
  }

  func testMemoryRejectsTheSameHostileInputs() throws {
    for (name, expected) in [
      ("cifrado", XLSXError.encrypted), ("xls_renombrado", .legacyExcel), ("vacio", .emptyFile),
    ] {
      let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.path(name)))
      XCTAssertThrowsError(try Workbook(data: data)) {
        XCTAssertEqual($0 as? XLSXError, expected, name)
      }
    }
    let truncated = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("truncado")))
    XCTAssertThrowsError(try Workbook(data: truncated)) {
      XCTAssertEqual($0 as? XLSXError, .corruptZip(.noCentralDirectory))
    }
  }
}
