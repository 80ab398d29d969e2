internal import CLibxml2
import Foundation

/// Receives the SAX events of one part. Names are local names: prefixes
/// (`x:row`) and the namespace (transitional or strict) are ignored, since
/// real writers vary on both.
protocol XMLEventHandler: AnyObject {
  func start(_ name: XMLName, _ attributes: XMLAttributes) throws
  func end(_ name: XMLName) throws
  /// Text inside an element; only delivered while `wantsText` is true.
  func text(_ bytes: UnsafeBufferPointer<UInt8>) throws
  var wantsText: Bool { get }
}

/// An element or attribute local name as libxml2 hands it over: compared
/// byte-wise, never turned into a `String` on the hot path.
struct XMLName {
  let pointer: UnsafePointer<UInt8>

  /// Byte by byte rather than `strcmp`: names differ in their first byte
  /// almost always, and this inlines to a compare or two per call.
  @inline(__always)
  func `is`(_ name: StaticString) -> Bool {
    let expected = name.utf8Start
    let count = name.utf8CodeUnitCount
    var i = 0
    while i < count {
      if pointer[i] != expected[i] { return false }
      i += 1
    }
    return pointer[count] == 0
  }

  var string: String { String(cString: pointer) }
}

extension UnsafeBufferPointer<UInt8> {
  /// Whether these bytes spell `text` exactly (attribute values).
  func equals(_ text: StaticString) -> Bool {
    guard count == text.utf8CodeUnitCount else { return false }
    guard let baseAddress else { return true }
    return memcmp(baseAddress, text.utf8Start, count) == 0
  }
}

/// The attributes of a SAX2 start tag: five pointers each (local name,
/// prefix, URI, value start, value end), values not NUL-terminated.
struct XMLAttributes {
  let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  let count: Int

  func value(_ name: StaticString) -> String? {
    bytes(name).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Each attribute's local name and raw value bytes, in document order,
  /// valid only during the callback.
  @inline(__always)
  func forEach(_ body: (XMLName, UnsafeBufferPointer<UInt8>) -> Void) {
    guard let base else { return }
    for i in 0..<count {
      guard let local = base[i * 5], let start = base[i * 5 + 3],
        let end = base[i * 5 + 4]
      else { continue }
      body(XMLName(pointer: local), UnsafeBufferPointer(start: start, count: end - start))
    }
  }

  /// The raw value bytes, valid only during the callback: the hot path
  /// reads `r`, `t` and `s` of every cell without making strings.
  func bytes(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
    guard let base else { return nil }
    for i in 0..<count {
      guard let local = base[i * 5], XMLName(pointer: local).is(name),
        let start = base[i * 5 + 3], let end = base[i * 5 + 4]
      else { continue }
      return UnsafeBufferPointer(start: start, count: end - start)
    }
    return nil
  }
}

/// libxml2's SAX2 push parser for one part, fed with inflated chunks, with
/// the hardening every parse of ours needs: any DOCTYPE stops the parse
/// (entity bombs and XXE need one), external entities are never loaded,
/// the network is off, and nesting is capped. Subclasses add the element
/// and text callbacks; the reader (`XMLStream`) and the annotator
/// (`XMLTransformParser`) share this core.
class HardenedSAXParser {
  let part: String
  private(set) var context: xmlParserCtxtPtr?
  /// The first failure seen in a callback; libxml2 is stopped on it.
  private(set) var failure: Error?
  private var depth = 0
  /// OOXML parts nest a handful of levels (rich text in a cell is about 7);
  /// far deeper is an attack on the parser's stack or ours.
  static let maxDepth = 100

  /// - Parameter callbacks: sets the element, text and other callbacks;
  ///   they find their parser through `ctx` (`Unmanaged` of the subclass).
  init(part: String, callbacks: (inout xmlSAXHandler) -> Void) {
    HardenedSAXParser.disableExternalEntities
    self.part = part
    var sax = xmlSAXHandler()
    sax.initialized = UInt32(XML_SAX2_MAGIC)
    callbacks(&sax)
    sax.internalSubset = { ctx, _, _, _ in HardenedSAXParser.refuseDTD(ctx) }
    sax.entityDecl = { ctx, _, _, _, _, _ in HardenedSAXParser.refuseDTD(ctx) }
    sax.getEntity = { _, _ in nil }
    sax.resolveEntity = { _, _, _ in nil }
    // Structured errors only, so nothing is printed to stderr.
    sax.serror = { _, _ in }
    context = xmlCreatePushParserCtxt(
      &sax, Unmanaged.passUnretained(self).toOpaque(), nil, 0, part)
    if let context {
      // NOENT only makes SAX2 hand over `&amp;` in attribute values as
      // `&`, not `&#38;`: with every DOCTYPE refused, the predefined
      // entities are the only ones that can exist.
      xmlCtxtUseOptions(
        context,
        Int32(
          XML_PARSE_NONET.rawValue | XML_PARSE_NOENT.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOERROR.rawValue))
    }
  }

  deinit {
    if let context { xmlFreeParserCtxt(context) }
  }

  private static func refuseDTD(_ ctx: UnsafeMutableRawPointer?) {
    HardenedSAXParser.callback(ctx, HardenedSAXParser.self) { me in
      throw XLSXError.forbiddenDTD(part: me.part)
    }
  }

  final func feed(_ chunk: UnsafeRawBufferPointer) throws {
    guard !chunk.isEmpty else { return }
    try parse(chunk.baseAddress, Int32(chunk.count), terminate: false)
  }

  final func finish() throws {
    try parse(nil, 0, terminate: true)
  }

  private final func parse(_ bytes: UnsafeRawPointer?, _ count: Int32, terminate: Bool)
    throws
  {
    guard let context else {
      throw XLSXError.malformedXML(part: part, line: 0, message: "sin memoria")
    }
    let status = xmlParseChunk(
      context, bytes?.assumingMemoryBound(to: CChar.self), count,
      terminate ? 1 : 0)
    if let failure { throw failure }
    if status != 0 { throw lastError(context) }
  }

  /// A SAX callback's work on the parser its `ctx` names, guarded. Through
  /// `_withUnsafeGuaranteedRef`: the parser outlives every callback of its
  /// own parse, so there is no retain/release per event (they were a fifth
  /// of a sheet's reading time).
  @inline(__always)
  static func callback<Parser: HardenedSAXParser>(
    _ ctx: UnsafeMutableRawPointer?, _ type: Parser.Type, _ body: (Parser) throws -> Void
  ) {
    guard let ctx else { return }
    Unmanaged<Parser>.fromOpaque(ctx)._withUnsafeGuaranteedRef { me in
      me.guarded { try body(me) }
    }
  }

  /// Runs a callback's work; its first error stops the parser.
  final func guarded(_ body: () throws -> Void) {
    guard failure == nil else { return }
    do {
      try body()
    } catch {
      failure = error
      if let context { xmlStopParser(context) }
    }
  }

  /// Counts an element in, refusing nesting past `maxDepth`.
  final func enter() throws {
    depth += 1
    if depth > HardenedSAXParser.maxDepth {
      throw XLSXError.nestingTooDeep(part: part, limit: HardenedSAXParser.maxDepth)
    }
  }

  final func leave() { depth -= 1 }

  private final func lastError(_ context: xmlParserCtxtPtr) -> XLSXError {
    guard let error = xmlCtxtGetLastError(context)?.pointee else {
      return .malformedXML(part: part, line: 0, message: "")
    }
    let line = Int(error.line)
    switch xmlParserErrors(rawValue: UInt32(error.code)) {
    case XML_ERR_INVALID_CHAR, XML_ERR_INVALID_ENCODING,
      XML_ERR_UNKNOWN_ENCODING, XML_ERR_UNSUPPORTED_ENCODING:
      return .invalidEncoding(part: part, line: line)
    default:
      let message = error.message.map { String(cString: $0) } ?? ""
      return .malformedXML(
        part: part, line: line,
        message: message.trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }

  /// libxml2's global loader is consulted for any external resource; ours
  /// refuses all of them, so even a parser created elsewhere in the process
  /// cannot read a file or the network on our behalf.
  /// It also initialises libxml2 once, before any parser: 2.9's lazy
  /// initialisation is not safe when workbooks are validated on several
  /// threads at once.
  private static let disableExternalEntities: Void = {
    xmlInitParser()
    xmlSetExternalEntityLoader { _, _, _ in nil }
  }()
}

/// The reader's parser: local names and attributes to an `XMLEventHandler`.
final class XMLStream: HardenedSAXParser {
  /// Strong: the handler never refers back to its stream, and a weak load
  /// per SAX event costs more than the parse itself.
  private let handler: XMLEventHandler

  init(part: String, handler: XMLEventHandler) {
    self.handler = handler
    super.init(part: part) { sax in
      sax.startElementNs = { ctx, local, _, _, _, _, count, _, attributes in
        guard let local else { return }
        HardenedSAXParser.callback(ctx, XMLStream.self) { me in
          try me.enter()
          try me.handler.start(
            XMLName(pointer: local), XMLAttributes(base: attributes, count: Int(count)))
        }
      }
      sax.endElementNs = { ctx, local, _, _ in
        guard let local else { return }
        HardenedSAXParser.callback(ctx, XMLStream.self) { me in
          me.leave()
          try me.handler.end(XMLName(pointer: local))
        }
      }
      let characters: charactersSAXFunc = { ctx, bytes, length in
        guard let bytes else { return }
        HardenedSAXParser.callback(ctx, XMLStream.self) { me in
          guard me.handler.wantsText else { return }
          try me.handler.text(UnsafeBufferPointer(start: bytes, count: Int(length)))
        }
      }
      sax.characters = characters
      sax.cdataBlock = characters
    }
  }
}
