import Foundation

/// A check Excel runs on what someone types into a range, with the help
/// it shows on entering a cell and the message it shows on refusing a
/// value (`<dataValidation>`, ECMA-376 §18.3.1.32).
///
/// A cell takes one validation: when two cover the same cell, Excel and
/// LibreOffice keep whichever they read last, so callers give each cell
/// one. The check runs only on typing; a pasted value, or one written by
/// a program, is not checked.
///
/// ```swift
/// var v = DataValidation(.list(["Suma", "Constante"]), ranges: [column])
/// v.prompt = ValidationMessage(title: "Tipo de anualización", text: "Elija de la lista.")
/// options.dataValidations.append(v)
/// ```
public struct DataValidation: Hashable, Sendable {
  /// The cells it covers; formulas are relative to the first cell of the
  /// first range.
  public var ranges: [CellRange]
  public var rule: ValidationRule
  /// Accepts a blank cell (Excel's "Ignore blank").
  public var allowBlank = true
  /// Shows the in-cell arrow of a list.
  ///
  /// Excel reads the `showDropDown` attribute backwards: ECMA-376 names
  /// it "show the drop-down", but Excel and LibreOffice *hide* the arrow
  /// when it is 1. So it is written, as `showDropDown="1"`, only when this
  /// is false.
  public var showsDropDownArrow = true
  /// The note shown beside a selected cell: title up to 32 characters,
  /// text up to 255 (Excel's limits; longer is refused).
  public var prompt: ValidationMessage?
  /// The message shown on a refused value: title up to 32 characters,
  /// text up to 225. Without one, the application words its own.
  public var error: ValidationMessage?
  /// Whether a refused value is refused (`stop`) or only questioned.
  public var errorStyle: ValidationErrorStyle = .stop

  /// A validation of `rule` over `ranges`, blanks allowed, no messages.
  public init(_ rule: ValidationRule, ranges: [CellRange]) {
    self.rule = rule
    self.ranges = ranges
  }

  /// Excel's limits on the message boxes, in UTF-16 code units.
  public static let maxTitleLength = 32
  public static let maxPromptLength = 255
  public static let maxErrorLength = 225
  /// An inline list is a formula string, which Excel caps at 255
  /// characters between its quotes.
  static let maxInlineListLength = 255
}

/// The title and text of a prompt or an error box.
public struct ValidationMessage: Hashable, Sendable {
  public var title: String
  public var text: String

  public init(title: String, text: String) {
    self.title = title
    self.text = text
  }
}

/// What Excel does with a value the rule refuses.
public enum ValidationErrorStyle: String, Hashable, Sendable {
  /// Refuses it: the user must type another value or cancel.
  case stop
  /// Asks whether to keep it anyway.
  case warning
  /// Tells, and keeps it.
  case information
}

/// What a validated cell may hold.
public enum ValidationRule: Hashable, Sendable {
  /// Anything: the validation carries only its prompt.
  case any
  /// One of these values, written in the rule itself. Excel splits the
  /// list at commas, so no value may hold one, and the whole list must fit
  /// in 255 characters; longer lists go on a sheet (`listRange`).
  case list([String])
  /// One of the values in a range of a sheet of this workbook (often a
  /// hidden one); the sheet must exist when the workbook closes.
  case listRange(sheet: String, range: CellRange)
  /// A whole number meeting the condition.
  case whole(ValidationCondition)
  /// A number meeting the condition (a percent cell holds its fraction:
  /// 0 to 1 is 0 % to 100 %).
  case decimal(ValidationCondition)
  /// A date meeting the condition.
  case date(ValidationCondition)
  /// Text whose length meets the condition.
  case textLength(ValidationCondition)
  /// A formula (without `=`) that must be true, relative to the first
  /// cell of the first range: `AND(ISNUMBER(H3),H3>=0)`.
  case custom(String)
}

/// A comparison with one or two bounds; `between` includes both.
public enum ValidationCondition: Hashable, Sendable {
  case between(ValidationValue, ValidationValue)
  case notBetween(ValidationValue, ValidationValue)
  case equal(ValidationValue)
  case notEqual(ValidationValue)
  case greaterThan(ValidationValue)
  case greaterThanOrEqual(ValidationValue)
  case lessThan(ValidationValue)
  case lessThanOrEqual(ValidationValue)

  /// The `operator` attribute; `between` is the default and not written.
  var operatorName: String? {
    switch self {
    case .between: return nil
    case .notBetween: return "notBetween"
    case .equal: return "equal"
    case .notEqual: return "notEqual"
    case .greaterThan: return "greaterThan"
    case .greaterThanOrEqual: return "greaterThanOrEqual"
    case .lessThan: return "lessThan"
    case .lessThanOrEqual: return "lessThanOrEqual"
    }
  }

  var bounds: [ValidationValue] {
    switch self {
    case .between(let a, let b), .notBetween(let a, let b): return [a, b]
    case .equal(let a), .notEqual(let a), .greaterThan(let a), .greaterThanOrEqual(let a),
      .lessThan(let a), .lessThanOrEqual(let a):
      return [a]
    }
  }
}

/// A bound of a condition.
public enum ValidationValue: Hashable, Sendable {
  case number(Decimal)
  /// Written as its serial day in the 1900 system, as Excel stores it.
  case date(year: Int, month: Int, day: Int)
  /// A formula without `=`: another cell of the row (`$H3`, relative to
  /// the first cell of the first range) or an expression.
  case formula(String)

  /// The text of `<formula1>` or `<formula2>`; nil when it cannot be
  /// written (NaN, a date Excel cannot show, an empty formula).
  var formulaText: String? {
    switch self {
    case .number(let d): return CellText.number(d)
    case .date(let y, let m, let d):
      return CellText.serial(year: y, month: m, day: d).map(String.init)
    case .formula(let f):
      let body = CellText.formulaBody(f)
      return body.isEmpty ? nil : body
    }
  }
}

extension ValidationRule {
  /// The `type` attribute; `none` (for `.any`) is the default and not
  /// written.
  var typeName: String? {
    switch self {
    case .any: return nil
    case .list, .listRange: return "list"
    case .whole: return "whole"
    case .decimal: return "decimal"
    case .date: return "date"
    case .textLength: return "textLength"
    case .custom: return "custom"
    }
  }

  /// The bodies of `<formula1>` and `<formula2>`, or the reason they
  /// cannot be written.
  func formulas() -> Result<[String], ValidationProblem> {
    switch self {
    case .any:
      return .success([])
    case .list(let values):
      guard !values.isEmpty else { return .failure(.emptyList) }
      if let bad = values.first(where: { $0.contains(",") || $0.isEmpty }) {
        return .failure(.listValue(bad))
      }
      let joined = values.joined(separator: ",")
      guard joined.utf16.count <= DataValidation.maxInlineListLength else {
        return .failure(.listTooLong(joined.utf16.count))
      }
      return .success(["\"" + joined.replacingOccurrences(of: "\"", with: "\"\"") + "\""])
    case .listRange(let sheet, let range):
      return .success([SheetName.quoted(sheet) + "!" + PackageParts.absolute(range)])
    case .whole(let c), .decimal(let c), .date(let c), .textLength(let c):
      var texts: [String] = []
      for bound in c.bounds {
        guard let text = bound.formulaText else { return .failure(.bound(bound)) }
        texts.append(text)
      }
      return .success(texts)
    case .custom(let formula):
      guard let text = ValidationValue.formula(formula).formulaText else {
        return .failure(.bound(.formula(formula)))
      }
      return .success([text])
    }
  }

  var condition: ValidationCondition? {
    switch self {
    case .whole(let c), .decimal(let c), .date(let c), .textLength(let c): return c
    case .any, .list, .listRange, .custom: return nil
    }
  }
}

/// Why a validation cannot be written; becomes the value of an
/// `invalidSheetOption` error.
enum ValidationProblem: Error, CustomStringConvertible {
  case emptyList
  case listValue(String)
  case listTooLong(Int)
  case bound(ValidationValue)

  var description: String {
    switch self {
    case .emptyList: return "empty list"
    case .listValue(let v): return "list value \"\(v)\" (blank or with a comma)"
    case .listTooLong(let n): return "list of \(n) > 255 characters"
    case .bound(let v): return "bound \(v)"
    }
  }
}

/// A conditional format: a fixed highlight where a formula is true
/// (`<conditionalFormatting>` with one `expression` rule).
public struct ConditionalFormat: Hashable, Sendable {
  public var ranges: [CellRange]
  /// A formula without `=`, relative to the first cell of the first range:
  /// `LEFT($T3,7)="Revisar"`.
  public var formula: String
  public var highlight: Highlight

  public init(ranges: [CellRange], formula: String, highlight: Highlight) {
    self.ranges = ranges
    self.formula = formula
    self.highlight = highlight
  }
}

/// The fixed looks a conditional format can give: Excel's own presets.
/// Each is one `<dxf>` of `styles.xml`, in this order.
public enum Highlight: CaseIterable, Hashable, Sendable {
  /// Light red fill, dark red text.
  case bad
  /// Light yellow fill, dark yellow text.
  case neutral
  /// Light green fill, dark green text.
  case good
}
