/// Caps that keep a hostile workbook from exhausting memory or time.
///
/// Each default lets a real 50 MB office workbook through: XLSX parts
/// usually inflate 5–20×, so only large parts with extreme ratios are bombs.
public struct ReadLimits: Sendable, Equatable {
  /// Largest inflated size of any one part, declared or actual.
  public var maxPartBytes: Int64 = 1 << 30
  /// Largest inflated size of the shared-strings part, which is held in
  /// memory whole (a sheet is streamed, the string table cannot be).
  public var maxSharedStringsBytes: Int64 = 256 << 20
  /// Largest inflated ÷ compressed ratio of a part …
  public var maxCompressionRatio: Int64 = 200
  /// … once that part inflates past this size; small parts of repeated
  /// markup reach high ratios innocently.
  public var ratioCheckFloorBytes: Int64 = 8 << 20
  /// Most non-empty cells read from one sheet.
  public var maxCellsPerSheet: Int = 20_000_000
  /// Longest text in one cell; Excel itself stops at 32,767 characters.
  public var maxStringLength: Int = 32_767

  public init() {}

  public static let `default` = ReadLimits()
}
