import Foundation

/// Number kinds per cell style (`cellXfs` index), built once per workbook
/// so a cell costs one array lookup on its `s` attribute.
enum Styles {
  static func read(_ part: String?, in package: ZipPackage) throws -> [NumberKind] {
    guard let part, package.contains(part) else { return [] }
    let handler = Handler()
    try parse(part, in: package, cap: 64 << 20, with: handler)
    return handler.xfFormats.map { id in
      handler.customFormats[id].map(NumberFormat.kind(of:))
        ?? NumberFormat.builtinKind(id)
    }
  }

  private final class Handler: XMLEventHandler {
    var customFormats: [Int: String] = [:]
    var xfFormats: [Int] = []
    var inCellXfs = false
    var wantsText: Bool { false }

    func start(_ name: XMLName, _ attributes: XMLAttributes) throws {
      if name.is("numFmt"), let id = attributes.value("numFmtId").flatMap({ Int($0) }),
        let code = attributes.value("formatCode")
      {
        customFormats[id] = code
      } else if name.is("cellXfs") {
        inCellXfs = true
      } else if name.is("xf"), inCellXfs {
        xfFormats.append(attributes.value("numFmtId").flatMap { Int($0) } ?? 0)
      }
    }

    func end(_ name: XMLName) throws {
      if name.is("cellXfs") { inCellXfs = false }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {}
  }
}

/// Classifies number format codes, built-in ids and custom strings alike.
enum NumberFormat {
  /// ECMA-376 §18.8.30: the built-in formats that are not plain numbers.
  static func builtinKind(_ id: Int) -> NumberKind {
    switch id {
    case 0: return .general
    case 9, 10: return .percent
    case 14...17, 22, 27...36, 50...58: return .date
    case 18...21, 45...47: return .time
    case 49: return .text
    default: return .number
    }
  }

  /// Looks at the first section of a custom code only, outside quoted text,
  /// `\`/`_`/`*` escapes and `[...]` blocks (colours, locales, conditions),
  /// except the elapsed-time blocks `[h]`, `[mm]`, `[ss]`.
  static func kind(of code: String) -> NumberKind {
    var hasDate = false
    var hasTime = false
    var hasPercent = false
    var hasDigit = false
    if code.lowercased() == "general" { return .general }
    let characters = Array(code)
    var position = 0
    func next() -> Character? {
      guard position < characters.count else { return nil }
      defer { position += 1 }
      return characters[position]
    }
    var previous: Character = " "
    while let c = next() {
      switch c {
      case ";":
        return decide(hasDate, hasTime, hasPercent, hasDigit, code)
      case "\"":
        while let q = next(), q != "\"" {}
      case "\\", "_", "*":
        _ = next()
      case "[":
        var block = ""
        while let b = next(), b != "]" { block.append(b) }
        let lower = block.lowercased()
        if !lower.isEmpty, lower.allSatisfy({ "hms".contains($0) }) {
          hasTime = true
          previous = lower.first ?? "h"
        }
        continue
      case "%":
        hasPercent = true
      case "0", "#", "?":
        hasDigit = true
      case "y", "Y", "d", "D":
        hasDate = true
        previous = "d"
        continue
      case "m", "M":
        // `m` after `h` or before `s` is minutes; standing alone it is a
        // month. Either way it is a date/time code.
        // Minutes follow hours or precede seconds (`mm:ss`).
        let next = characters[position...].first { $0.isLetter && $0 != "m" && $0 != "M" }
        if previous == "h" || next == "s" || next == "S" {
          hasTime = true
        } else {
          hasDate = true
        }
        continue
      case "h", "H", "s", "S":
        hasTime = true
        previous = "h"
        continue
      case "e", "E":
        // Scientific notation (`0.00E+00`) is a number, `e` alone a year.
        if !hasDigit { hasDate = true }
      default:
        break
      }
      if c.isLetter { previous = c }
    }
    return decide(hasDate, hasTime, hasPercent, hasDigit, code)
  }

  private static func decide(
    _ date: Bool, _ time: Bool, _ percent: Bool, _ digit: Bool, _ code: String
  ) -> NumberKind {
    if percent { return .percent }
    if date { return .date }
    if time { return .time }
    if code.trimmingCharacters(in: .whitespaces) == "@" { return .text }
    return .number
  }
}
