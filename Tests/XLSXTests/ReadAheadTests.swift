import Foundation
import XCTest

@testable import XLSX

/// Sheets larger than one chunk are inflated on a background thread
/// (`PartStream`); these tests make parts of a few hundred KiB so that
/// path runs, and check it gives the same rows, the same errors and no hang.
final class ReadAheadTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("pai-readahead-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// Two sheets of `rows` rows: code, text, number (row-dependent, so a
  /// chunk delivered twice or out of order changes the rows).
  private func writeBook(rows: Int) throws -> String {
    let path = directory.appendingPathComponent("grande.xlsx").path
    let book = try WorkbookWriter(path: path)
    for name in ["Uno", "Dos"] {
      let sheet = try book.addSheet(name)
      for r in 1...rows {
        try sheet.appendRow([
          WriteCell(.text("\(name)-\(r)")),
          WriteCell(.text("Texto \(r % 97) de la fila")),
          WriteCell(.integer(Int64(r * 7))),
        ])
      }
    }
    try book.close()
    return path
  }

  private func check(_ row: Row, sheet: String, _ r: Int) {
    XCTAssertEqual(row.index, r)
    XCTAssertEqual(
      row.cells.map(\.value),
      [
        .text("\(sheet)-\(r)"), .text("Texto \(r % 97) de la fila"), .number(String(r * 7)),
      ])
  }

  func testLargeSheetStreamsEveryRowInOrder() throws {
    let book = try Workbook(path: writeBook(rows: 20_000))
    let reader = try book.rows(in: XCTUnwrap(book.sheet(named: "Uno")))
    var r = 0
    while let row = try reader.nextRow() {
      r += 1
      check(row, sheet: "Uno", r)
    }
    XCTAssertEqual(r, 20_000)
  }

  /// Both sheets' producers read the one archive at once; libzip needs
  /// that serialised, and the rows must come out as if read one by one.
  func testTwoSheetsReadInTurnGiveTheirOwnRows() throws {
    let book = try Workbook(path: writeBook(rows: 20_000))
    let uno = try book.rows(in: XCTUnwrap(book.sheet(named: "Uno")))
    let dos = try book.rows(in: XCTUnwrap(book.sheet(named: "Dos")))
    for r in 1...20_000 {
      try check(XCTUnwrap(uno.nextRow()), sheet: "Uno", r)
      try check(XCTUnwrap(dos.nextRow()), sheet: "Dos", r)
    }
    XCTAssertNil(try uno.nextRow())
    XCTAssertNil(try dos.nextRow())
  }

  /// A reader dropped after one row (a form read stops at row 20) stops
  /// its producer, which may be waiting for a free chunk; nothing hangs and
  /// the workbook can be read again.
  func testAbandonedReadersStopTheirProducer() throws {
    let book = try Workbook(path: writeBook(rows: 20_000))
    let info = try XCTUnwrap(book.sheet(named: "Dos"))
    for _ in 0..<200 {
      let reader = try book.rows(in: info)
      _ = try reader.nextRow()
    }
    var count = 0
    for _ in try book.rows(in: info) { count += 1 }
    XCTAssertEqual(count, 20_000)
  }

  /// A wrong checksum is only known once the last byte is inflated: every
  /// row comes out, then the error, from the producer thread to the
  /// reader, never a clean end.
  func testChecksumErrorComesAfterTheLastRow() throws {
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: writeBook(rows: 20_000))))
    let sheet = "xl/worksheets/sheet1.xml"
    for offset in try XCTUnwrap(crcOffsets(of: sheet, in: bytes)) { bytes[offset] ^= 0xFF }
    let book = try Workbook(data: Data(bytes))
    let reader = try book.rows(in: XCTUnwrap(book.sheet(named: "Uno")))
    var rows = 0
    do {
      while try reader.nextRow() != nil { rows += 1 }
      XCTFail("the checksum went unnoticed after \(rows) rows")
    } catch XLSXError.corruptZip(let damage) {
      XCTAssertEqual(rows, 20_000)
      XCTAssertEqual(damage, .checksum(part: sheet))
    }
  }

  /// Damage inside a large sheet's compressed data stops the read with an
  /// error (the inflater's, or the parser's on the garbage it produced).
  func testDamagedDataInALargeSheetStopsTheRead() throws {
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: writeBook(rows: 20_000))))
    let (start, size) = try XCTUnwrap(compressedData(of: "xl/worksheets/sheet1.xml", in: bytes))
    for i in (start + size / 2)..<(start + size / 2 + 32) { bytes[i] ^= 0x5A }
    let book = try Workbook(data: Data(bytes))
    let reader = try book.rows(in: XCTUnwrap(book.sheet(named: "Uno")))
    var rows = 0
    do {
      while try reader.nextRow() != nil { rows += 1 }
      XCTFail("the damage went unnoticed after \(rows) rows")
    } catch let error as XLSXError {
      XCTAssertLessThan(rows, 20_000)
      switch error {
      case .corruptZip, .malformedXML, .invalidEncoding: break
      default: XCTFail("\(error)")
      }
    }
  }

  /// Where an entry's CRC-32 sits in its local header and in the central
  /// directory.
  private func crcOffsets(of name: String, in bytes: [UInt8]) -> [Int]? {
    let local = headers([0x50, 0x4B, 0x03, 0x04], nameAt: 26, 30, of: name, in: bytes)
    let central = headers([0x50, 0x4B, 0x01, 0x02], nameAt: 28, 46, of: name, in: bytes)
    guard let local, let central else { return nil }
    return Array((local + 14)..<(local + 18)) + Array((central + 16)..<(central + 20))
  }

  private func headers(
    _ signature: [UInt8], nameAt lengthOffset: Int, _ fixed: Int, of name: String, in bytes: [UInt8]
  ) -> Int? {
    var i = 0
    while i + fixed < bytes.count {
      if bytes[i..<(i + 4)].elementsEqual(signature) {
        let length = Int(bytes[i + lengthOffset]) | Int(bytes[i + lengthOffset + 1]) << 8
        if String(decoding: bytes[(i + fixed)..<(i + fixed + length)], as: UTF8.self) == name {
          return i
        }
      }
      i += 1
    }
    return nil
  }

  /// The offset and size of an entry's compressed data, from its local
  /// header (the writer stores sizes there, not in a data descriptor).
  private func compressedData(of name: String, in bytes: [UInt8]) -> (Int, Int)? {
    func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
    guard let i = headers([0x50, 0x4B, 0x03, 0x04], nameAt: 26, 30, of: name, in: bytes)
    else { return nil }
    return (i + 30 + u16(i + 26) + u16(i + 28), u16(i + 18) | u16(i + 20) << 16)
  }
}
