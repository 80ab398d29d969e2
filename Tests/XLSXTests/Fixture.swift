import Foundation
import XCTest

@testable import XLSX

/// Fixture workbooks are made by `Fixtures/make_fixtures.py` and committed.
enum Fixture {
  static func path(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "xlsx")?.path
      ?? "missing-fixture-\(name)"
  }

  static func open(_ name: String) throws -> Workbook {
    try Workbook(path: path(name))
  }

  /// Every row of a sheet, read through the stream.
  static func rows(_ workbook: Workbook, _ sheet: String) throws -> [Row] {
    guard let info = workbook.sheet(named: sheet) else {
      XCTFail("no sheet \(sheet)")
      return []
    }
    let reader = try workbook.rows(in: info)
    var rows: [Row] = []
    while let row = try reader.nextRow() { rows.append(row) }
    return rows
  }

  static func cell(_ rows: [Row], _ a1: String) -> Cell? {
    guard let ref = CellRef(a1) else { return nil }
    return rows.first { $0.index == ref.row }?[ref.column]
  }
}
