import Foundation

/// A calendar date without time or zone: a corte, a monitoring date.
///
/// Cortes are days in Bogotá's calendar; carrying them as `Date` would make
/// them depend on the machine's time zone.
public struct Fecha: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  public init?(year: Int, month: Int, day: Int) {
    guard (1900...9999).contains(year), (1...12).contains(month),
      (1...Fecha.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// `2021-03-31`.
  public init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// A spreadsheet serial day number in the 1900 system (with Lotus's
  /// phantom 29 Feb 1900) or the 1904 system.
  public init?(serial: Int, date1904: Bool) {
    var days = serial
    if date1904 {
      days += 1462
    } else if days < 61 {
      // Serials 1…59 are 1900-01-01…02-28; 60 is the day that never was.
      guard days >= 1, days != 60 else { return nil }
      days += 1
    }
    // Days since 1899-12-30 → civil date (Howard Hinnant's algorithm).
    let z = days - 25569 + 719_468  // 1899-12-30 is 25569 days before 1970-01-01
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    self.init(year: y, month: m, day: d)
  }

  /// The 1900-system serial, as a workbook writer stores dates.
  public var serial: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    let days1970 = era * 146_097 + doe - 719_468
    return days1970 + 25569
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// The last day of this date's month: a corte is normally one.
  public var endOfMonth: Fecha {
    Fecha(year: year, month: month, day: Fecha.daysIn(month: month, year: year)) ?? self
  }

  /// The last day of March, June, September or December: a quarter's
  /// corte.
  public var cierraTrimestre: Bool { month % 3 == 0 && self == endOfMonth }

  /// 31 December: the corte that closes the vigencia.
  public var cierraVigencia: Bool { month == 12 && day == 31 }

  public var iso: String {
    String(format: "%04d-%02d-%02d", year, month, day)
  }

  public var description: String { iso }

  public static func < (a: Fecha, b: Fecha) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }
}
