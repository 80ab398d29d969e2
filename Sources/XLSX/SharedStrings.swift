/// The shared-string table, read whole: cells refer to it by index.
///
/// Rich-text runs are concatenated; phonetic runs (`<rPh>`) are furigana for
/// East Asian text and not part of the value.
enum SharedStrings {
  static func read(_ part: String, in package: ZipPackage, limits: ReadLimits)
    throws -> [String]
  {
    let handler = Handler(part: part, limit: limits.maxStringLength)
    try parse(part, in: package, cap: limits.maxSharedStringsBytes, with: handler)
    return handler.strings
  }

  private final class Handler: XMLEventHandler {
    let part: String
    let limit: Int
    var strings: [String] = []
    let current = TextBuffer()
    var inItem = false
    var phoneticDepth = 0

    init(part: String, limit: Int) {
      self.part = part
      self.limit = limit
    }

    var wantsText: Bool { current.isCollecting }

    func start(_ name: XMLName, _ attributes: XMLAttributes) throws {
      if name.is("si") {
        inItem = true
        current.begin()
        current.isCollecting = false
      } else if name.is("rPh") {
        phoneticDepth += 1
      } else if name.is("t"), inItem, phoneticDepth == 0 {
        current.isCollecting = true
      }
    }

    func end(_ name: XMLName) throws {
      if name.is("t") {
        current.isCollecting = false
      } else if name.is("rPh") {
        phoneticDepth -= 1
      } else if name.is("si") {
        strings.append(current.decoded)
        inItem = false
      }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {
      if !current.append(bytes, limit: limit) {
        throw XLSXError.stringTooLong(part: part, cell: nil, limit: limit)
      }
    }
  }
}
