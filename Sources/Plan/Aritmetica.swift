import Foundation

// The arithmetic every measure shares. PLAN: ratios are fractions, unrounded,
// in `Decimal`; a division by zero has no value (Foundation would give NaN).

enum Aritmetica {
  static func suma<S: Sequence>(_ xs: S) -> Decimal where S.Element == Decimal {
    xs.reduce(Decimal(0), +)
  }

  /// `a / b`, or nil when `b` is 0.
  static func cociente(_ a: Decimal, _ b: Decimal) -> Decimal? {
    b.isZero ? nil : a / b
  }

  /// The simple mean, or nil for no values.
  static func media(_ xs: [Decimal]) -> Decimal? {
    xs.isEmpty ? nil : suma(xs) / Decimal(xs.count)
  }

  /// PLAN: cumplimiento of a meta or an activity is capped at 100 %.
  static func topado(_ x: Decimal) -> Decimal { min(x, 1) }
}

extension Array where Element == Decimal? {
  /// The value of month `mes` (1…12); nil when blank or out of range.
  func valor(_ mes: Int) -> Decimal? {
    mes >= 1 && mes <= count ? self[mes - 1] : nil
  }

  /// Σ of months 1…`mes`, blanks as 0 (PLAN: sums run over months 1 … m).
  func acumulado(hasta mes: Int) -> Decimal {
    Aritmetica.suma((1...Swift.max(mes, 1)).map { valor($0) ?? 0 })
  }

  /// The months (1…12) whose programming is a number > 0: the reading
  /// rules' *programmed* month for metas, activities and most indicators.
  var mesesConValorPositivo: [Int] {
    (1...12).filter { (valor($0) ?? 0) > 0 }
  }
}

/// Rounds half-up (away from zero on a half) to `decimales` places, for
/// display only.
///
/// The measures are never rounded (PLAN: ratios unrounded); a figure is
/// rounded once, where it is shown, so that 13,67 % and 15 % shown for two
/// objectives still give the seed's 14,33 % for their mean (the exact mean,
/// 0,14333…, is below 14,335 %).
///
/// A `Decimal` division keeps 38 significant digits, so a mean of repeating
/// fractions whose exact value is a half can come out one unit of the 38th
/// digit below it; the value is first brought to 30 places, which absorbs
/// that, and then rounded.
///
/// - Parameters:
///   - x: the exact value (a fraction: 0.1698 is 16,98 %).
///   - decimales: places to keep; 4 for a percent shown with two decimals.
/// - Returns: the rounded value.
public func redondear(_ x: Decimal, decimales: Int) -> Decimal {
  var exacto = x
  var guarda = Decimal()
  NSDecimalRound(&guarda, &exacto, Swift.max(30, decimales), .plain)
  var resultado = Decimal()
  NSDecimalRound(&resultado, &guarda, decimales, .plain)
  return resultado
}
