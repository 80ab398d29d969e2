import XCTest

@testable import Plan

final class FechaTests: XCTestCase {
  func testSerialsInBothDateSystems() {
    XCTAssertEqual(Fecha(serial: 44286, date1904: false), Fecha(year: 2021, month: 3, day: 31))
    XCTAssertEqual(Fecha(serial: 42824, date1904: true), Fecha(year: 2021, month: 3, day: 31))
    XCTAssertEqual(Fecha(serial: 1, date1904: false), Fecha(year: 1900, month: 1, day: 1))
    XCTAssertEqual(Fecha(serial: 61, date1904: false), Fecha(year: 1900, month: 3, day: 1))
    XCTAssertNil(Fecha(serial: 60, date1904: false), "Lotus's 29 Feb 1900 never existed")
    XCTAssertEqual(Fecha(year: 2021, month: 3, day: 31)?.serial, 44286)
  }

  func testISOAndCalendar() {
    XCTAssertEqual(Fecha(iso: "2021-03-31")?.iso, "2021-03-31")
    XCTAssertNil(Fecha(iso: "2021-02-29"))
    XCTAssertNil(Fecha(iso: "31/03/2021"))
    XCTAssertEqual(Fecha(iso: "2024-02-10")?.endOfMonth.iso, "2024-02-29")
    XCTAssertEqual(Corte(Fecha(iso: "2021-03-31")!).mes, 3)
  }
}
