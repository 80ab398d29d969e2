/// Why Excel would refuse a sheet name.
public enum SheetNameProblem: Equatable, Sendable, Codable {
  case empty
  /// Longer than Excel's 31 characters (UTF-16 code units, as Excel counts).
  case tooLong(length: Int)
  /// One of `[ ] : * ? / \` or a control character.
  case forbiddenCharacter(String)
  /// Starts or ends with `'`, which Excel cannot quote in a reference.
  case apostropheAtEdge
  /// Equal, ignoring case, to a sheet already added.
  case duplicate(existing: String)
  /// `History`, which Excel keeps for its change-tracking sheet.
  case reserved
}

/// Excel's rules for sheet names, checked before anything is written so a
/// bad name never reaches a file that Excel would then "repair".
enum SheetName {
  static let maxLength = 31
  static let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

  /// The first rule `name` breaks, given the names already in the workbook.
  static func problem(_ name: String, existing: [String]) -> SheetNameProblem? {
    if name.isEmpty { return .empty }
    if name.utf16.count > maxLength { return .tooLong(length: name.utf16.count) }
    if let bad = name.first(where: { character in
      forbidden.contains(character)
        || character.unicodeScalars.contains {
          $0.value < 0x20 || $0.value == 0x7F
            || $0.value == 0xFFFE || $0.value == 0xFFFF
        }
    }) {
      return .forbiddenCharacter(String(bad))
    }
    if name.hasPrefix("'") || name.hasSuffix("'") { return .apostropheAtEdge }
    if name.lowercased() == "history" { return .reserved }
    // Excel compares names case-insensitively, as the reader does.
    if let other = existing.first(where: { $0.lowercased() == name.lowercased() }) {
      return .duplicate(existing: other)
    }
    return nil
  }

  /// The name as a formula or link refers to it.
  ///
  /// Always quoted, `'` doubled (`'Plan d''acción'!A1`). Quoting a plain name is still valid,
  /// and it spares deciding which names need it.
  static func quoted(_ name: String) -> String {
    "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
  }
}
