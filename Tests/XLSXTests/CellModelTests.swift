import XCTest

@testable import XLSX

final class CellModelTests: XCTestCase {
  func testA1References() {
    XCTAssertEqual(CellRef("A1"), CellRef(row: 1, column: 1))
    XCTAssertEqual(CellRef("$K$14"), CellRef(row: 14, column: 11))
    XCTAssertEqual(CellRef("aa3"), CellRef(row: 3, column: 27))
    XCTAssertEqual(CellRef("XFD1048576"), CellRef(row: 1_048_576, column: 16_384))
    XCTAssertNil(CellRef("XFE1"))
    XCTAssertNil(CellRef("A1048577"))
    XCTAssertNil(CellRef("A0"))
    XCTAssertNil(CellRef("1A"))
    XCTAssertNil(CellRef(""))
    XCTAssertEqual(CellRef("A$1"), CellRef(row: 1, column: 1))
    XCTAssertNil(CellRef("A1$"))
    XCTAssertNil(CellRef("ABCD1"))
    XCTAssertNil(CellRef("A12345678"))
    XCTAssertNil(CellRef("A1B"))
    XCTAssertNil(CellRef("Ñ1"))
    XCTAssertEqual(CellRef(row: 14, column: 11).description, "K14")
    XCTAssertEqual(CellRef.columnName(16_384), "XFD")
    XCTAssertEqual(CellRef.columnName(702), "ZZ")
    XCTAssertEqual(CellRef.columnName(703), "AAA")
  }

  func testRanges() {
    let range = CellRange("D4:A1")
    XCTAssertEqual(range?.description, "A1:D4")
    XCTAssertEqual(range?.contains(CellRef("B2")!), true)
    XCTAssertEqual(range?.contains(CellRef("E2")!), false)
    XCTAssertEqual(CellRange("C3")?.description, "C3")
    XCTAssertNil(CellRange("A1:B2:C3"))
  }

  /// Real codes, partly from openpyxl's and calamine's tables.
  func testNumberFormatCodes() {
    let table: [(String, NumberKind)] = [
      ("0%", .percent), ("0.00%", .percent), ("0.0%;[Red]-0.0%", .percent),
      ("\"%\"0", .number), ("0\\%", .number), ("#,##0.00", .number),
      ("#,##0 \"días\"", .number), ("0.00E+00", .number),
      ("$#,##0;[Red]-$#,##0", .number), ("[$$-240A]#,##0", .number),
      ("dd/mm/yyyy", .date), ("[$-409]d/m/yyyy;@", .date), ("d-mmm-yy", .date),
      ("yyyy-mm-dd hh:mm:ss", .date), ("[h]:mm", .time), ("h:mm:ss", .time),
      ("mm:ss", .time), ("[mm]:ss", .time), ("@", .text), ("General", .general),
      ("[Red]0.00", .number), ("_(* #,##0_)", .number),
    ]
    for (code, kind) in table {
      XCTAssertEqual(NumberFormat.kind(of: code), kind, code)
    }
  }

  func testBuiltinFormats() {
    XCTAssertEqual(NumberFormat.builtinKind(0), .general)
    XCTAssertEqual(NumberFormat.builtinKind(2), .number)
    XCTAssertEqual(NumberFormat.builtinKind(9), .percent)
    XCTAssertEqual(NumberFormat.builtinKind(10), .percent)
    XCTAssertEqual(NumberFormat.builtinKind(14), .date)
    XCTAssertEqual(NumberFormat.builtinKind(22), .date)
    XCTAssertEqual(NumberFormat.builtinKind(46), .time)
    XCTAssertEqual(NumberFormat.builtinKind(49), .text)
  }

  func testEscapes() {
    XCTAssertEqual(decodeEscapes("a_x000D_b"), "a\rb")
    XCTAssertEqual(decodeEscapes("_x005F_x000D_"), "_x000D_")
    XCTAssertEqual(decodeEscapes("sin_escape_x00"), "sin_escape_x00")
    XCTAssertEqual(decodeEscapes("_xZZZZ_"), "_xZZZZ_")
    XCTAssertEqual(decodeEscapes("ñ_x0041_"), "ñA")
  }

  func testRelationshipTargets() throws {
    XCTAssertEqual(
      try Relationships.resolve("worksheets/sheet1.xml", from: "xl/workbook.xml", rels: "r"),
      "xl/worksheets/sheet1.xml")
    XCTAssertEqual(
      try Relationships.resolve("/xl/libro.xml", from: "", rels: "r"), "xl/libro.xml")
    XCTAssertEqual(
      try Relationships.resolve("../media/a b.png", from: "xl/worksheets/s.xml", rels: "r"),
      "xl/media/a b.png")
    XCTAssertThrowsError(
      try Relationships.resolve("../../etc/passwd", from: "xl/workbook.xml", rels: "r"))
    XCTAssertEqual(Relationships.relsPart(for: "xl/workbook.xml"), "xl/_rels/workbook.xml.rels")
  }

  /// The lexical forms a number cell may hold; what `Double(_:)` would
  /// also take (`inf`, `nan`, hex) is no spreadsheet's number.
  func testNumeralsAreCheckedOnTheirBytes() {
    let good = ["0", "-3", "+7", "16.98", ".5", "5.", "1E3", "4.4286E-4", "1e+10", "0.1698"]
    let bad = [
      "", "-", ".", "e5", "1e", "1e+", "1.2.3", " 1", "1 ", "inf", "nan", "0x1p3",
      "1,5", "12a", "--1",
    ]
    for text in good {
      XCTAssertTrue(Array(text.utf8).withUnsafeBufferPointer(isNumeral), text)
    }
    for text in bad {
      XCTAssertFalse(Array(text.utf8).withUnsafeBufferPointer(isNumeral), text)
    }
  }
}
