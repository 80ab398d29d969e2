internal import CLibxml2
import Foundation

// The streaming rewrite of a part: libxml2's SAX2 push parser feeds an
// `xmlTextWriter`, so whatever a handler does not change comes out as the
// same XML (prefixes, namespace declarations, attributes, text, comments
// and processing instructions), with no regex and no tree in memory.
//
// The reader's `XMLStream` hands over local names only; a rewrite needs the
// prefix, the namespace URI and the declarations too, hence this parser.
// It is hardened the same way: any DOCTYPE stops it, no entity is loaded,
// no network, depth capped.

/// A start tag as libxml2's SAX2 hands it over, valid only during the
/// callback.
struct XMLTag {
  let local: UnsafePointer<UInt8>
  let prefix: UnsafePointer<UInt8>?
  let uri: UnsafePointer<UInt8>?
  /// `namespaceCount` pairs (prefix or NULL for the default, URI).
  let namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  let namespaceCount: Int
  /// `attributeCount` quintuples (local, prefix, URI, value start, end).
  let attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  let attributeCount: Int

  func `is`(_ name: StaticString) -> Bool { XMLName(pointer: local).is(name) }

  var name: String { String(cString: local) }
  var prefixName: String? { prefix.map { String(cString: $0) } }
  var namespace: String? { uri.map { String(cString: $0) } }

  /// The namespace declarations made on this element, as (prefix, URI);
  /// the prefix is nil for the default namespace.
  var declarations: [(prefix: String?, uri: String)] {
    guard let namespaces else { return [] }
    return (0..<namespaceCount).map { i in
      (
        namespaces[2 * i].map { String(cString: $0) },
        namespaces[2 * i + 1].map { String(cString: $0) } ?? ""
      )
    }
  }

  /// The raw bytes of an attribute without a prefix (`r`, `s`, `ref`).
  func bytes(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
    guard let attributes else { return nil }
    for i in 0..<attributeCount {
      guard let local = attributes[5 * i], attributes[5 * i + 1] == nil,
        XMLName(pointer: local).is(name),
        let start = attributes[5 * i + 3], let end = attributes[5 * i + 4]
      else { continue }
      return UnsafeBufferPointer(start: start, count: end - start)
    }
    return nil
  }

  /// The value of an attribute without a prefix.
  func value(_ name: StaticString) -> String? {
    bytes(name).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Every attribute, copied out of libxml2's buffers.
  var attributeList: [XMLAttribute] {
    guard let attributes else { return [] }
    return (0..<attributeCount).compactMap { i in
      guard let local = attributes[5 * i], let start = attributes[5 * i + 3],
        let end = attributes[5 * i + 4]
      else { return nil }
      return XMLAttribute(
        prefix: attributes[5 * i + 1].map { String(cString: $0) },
        local: String(cString: local),
        uri: attributes[5 * i + 2].map { String(cString: $0) },
        value: String(
          decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self))
    }
  }
}

/// An attribute held past its callback.
struct XMLAttribute: Equatable {
  var prefix: String?
  var local: String
  var uri: String? = nil
  var value: String

  init(prefix: String? = nil, local: String, uri: String? = nil, value: String) {
    self.prefix = prefix
    self.local = local
    self.uri = uri
    self.value = value
  }
}

/// A small element kept whole (a style's `xf`, a `font`), to be written
/// again with changes.
struct XMLNode {
  var prefix: String?
  var local: String
  var declarations: [(prefix: String?, uri: String)] = []
  var attributes: [XMLAttribute] = []
  var children: [XMLNode] = []

  init(prefix: String?, local: String, attributes: [XMLAttribute] = [], children: [XMLNode] = []) {
    self.prefix = prefix
    self.local = local
    self.attributes = attributes
    self.children = children
  }

  init(_ tag: XMLTag) {
    prefix = tag.prefixName
    local = tag.name
    declarations = tag.declarations
    attributes = tag.attributeList
  }

  func value(_ name: String) -> String? {
    attributes.first { $0.prefix == nil && $0.local == name }?.value
  }

  /// Sets (or adds) an attribute without a prefix.
  mutating func set(_ name: String, _ value: String) {
    if let i = attributes.firstIndex(where: { $0.prefix == nil && $0.local == name }) {
      attributes[i].value = value
    } else {
      attributes.append(XMLAttribute(local: name, value: value))
    }
  }

  func write(to out: XMLWriter) throws {
    try out.start(prefix: prefix, local: local)
    for d in declarations { try out.declare(prefix: d.prefix, uri: d.uri) }
    for a in attributes { try out.attribute(prefix: a.prefix, local: a.local, value: a.value) }
    for child in children { try child.write(to: out) }
    try out.end()
  }
}

/// Builds `XMLNode`s from SAX events: `begin` at the element to keep, then
/// every event until `isDone`.
struct XMLNodeBuilder {
  private var stack: [XMLNode] = []
  private(set) var result: XMLNode?

  var isBuilding: Bool { !stack.isEmpty }

  mutating func start(_ tag: XMLTag) {
    stack.append(XMLNode(tag))
  }

  /// Closes the innermost element; returns the whole node when it was
  /// the outermost.
  mutating func end() -> XMLNode? {
    guard let node = stack.popLast() else { return nil }
    if stack.isEmpty { return node }
    stack[stack.count - 1].children.append(node)
    return nil
  }
}

/// What a rewrite (or a scan) does with the events of one part.
protocol XMLTransformHandler: AnyObject {
  func start(_ tag: XMLTag) throws
  func end(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws
  func text(_ bytes: UnsafeBufferPointer<UInt8>) throws
  func comment(_ text: UnsafePointer<UInt8>) throws
  func instruction(target: UnsafePointer<UInt8>, data: UnsafePointer<UInt8>?) throws
}

/// Thrown by a scan that has seen what it needed; the parse stops there.
struct ScanFinished: Error {}

/// libxml2's SAX2 push parser with the whole start tag passed on, on the
/// reader's hardened core.
final class XMLTransformParser: HardenedSAXParser {
  private let handler: XMLTransformHandler

  init(part: String, handler: XMLTransformHandler) {
    self.handler = handler
    super.init(part: part) { sax in
      sax.startElementNs = { ctx, local, prefix, uri, nsCount, namespaces, count, _, attributes in
        guard let local else { return }
        HardenedSAXParser.callback(ctx, XMLTransformParser.self) { me in
          try me.enter()
          try me.handler.start(
            XMLTag(
              local: local, prefix: prefix, uri: uri, namespaces: namespaces,
              namespaceCount: Int(nsCount), attributes: attributes, attributeCount: Int(count)))
        }
      }
      sax.endElementNs = { ctx, local, prefix, _ in
        guard let local else { return }
        HardenedSAXParser.callback(ctx, XMLTransformParser.self) { me in
          me.leave()
          try me.handler.end(local: local, prefix: prefix)
        }
      }
      let characters: charactersSAXFunc = { ctx, bytes, length in
        guard let bytes else { return }
        HardenedSAXParser.callback(ctx, XMLTransformParser.self) { me in
          try me.handler.text(UnsafeBufferPointer(start: bytes, count: Int(length)))
        }
      }
      sax.characters = characters
      sax.ignorableWhitespace = characters
      sax.cdataBlock = characters
      sax.comment = { ctx, value in
        guard let value else { return }
        HardenedSAXParser.callback(ctx, XMLTransformParser.self) { me in
          try me.handler.comment(value)
        }
      }
      sax.processingInstruction = { ctx, target, data in
        guard let target else { return }
        HardenedSAXParser.callback(ctx, XMLTransformParser.self) { me in
          try me.handler.instruction(target: target, data: data)
        }
      }
    }
  }
}

/// Streams a part of the package through a handler.
///
/// Capped as the reader is. A scan that throws `ScanFinished` ends
/// quietly.
func transform(
  _ part: String, in package: ZipPackage, cap: Int64? = nil, with handler: XMLTransformHandler
) throws {
  let parser = XMLTransformParser(part: part, handler: handler)
  do {
    try package.stream(part, cap: cap) { try parser.feed($0) }
    try parser.finish()
  } catch is ScanFinished {
    return
  }
}

/// A change to one attribute without a prefix of an echoed start tag.
struct AttributeEdit {
  let name: StaticString
  /// The new value; nil drops the attribute.
  let value: String?
  /// Whether to add the attribute when the tag lacks it.
  var addIfMissing = true
}

/// The base of every rewrite.
///
/// Writes each event back as it came, keeps the namespace bindings in
/// scope, and can leave out a whole element. With no output it is a scan.
class EchoTransform: XMLTransformHandler {
  let out: XMLWriter?
  /// Depth of the element being read; the root is 1.
  private(set) var depth = 0
  /// Above zero while an element and its content are left out.
  private var skipping = 0
  /// Namespace declarations per open element.
  private var scopes: [[(prefix: String?, uri: String)]] = []

  init(out: XMLWriter?) {
    self.out = out
  }

  // Subclasses override these; the default is to copy.
  func didStart(_ tag: XMLTag) throws { try echo(tag) }
  func willEnd(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {}

  final func start(_ tag: XMLTag) throws {
    depth += 1
    if skipping > 0 {
      skipping += 1
      return
    }
    scopes.append(tag.namespaceCount > 0 ? tag.declarations : [])
    try didStart(tag)
  }

  final func end(local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) throws {
    defer { depth -= 1 }
    if skipping > 0 {
      skipping -= 1
      if skipping == 0 { scopes.removeLast() }
      return
    }
    try willEnd(local: local, prefix: prefix)
    scopes.removeLast()
    try out?.end()
  }

  func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {
    guard skipping == 0 else { return }
    try out?.text(bytes)
  }

  func comment(_ text: UnsafePointer<UInt8>) throws {
    guard skipping == 0 else { return }
    try out?.comment(text)
  }

  func instruction(target: UnsafePointer<UInt8>, data: UnsafePointer<UInt8>?) throws {
    guard skipping == 0 else { return }
    try out?.instruction(target: target, data: data)
  }

  /// Leaves out the element just started and everything inside it; call
  /// from `didStart` instead of `echo`.
  final func skip() {
    skipping = 1
  }

  /// A prefix bound to `uri` here and not shadowed by an inner
  /// declaration, for an attribute (the default namespace never applies
  /// to attributes); nil when there is none.
  final func attributePrefix(for uri: String) -> String? {
    var shadowed = Set<String>()
    for scope in scopes.reversed() {
      for d in scope {
        guard let prefix = d.prefix, !shadowed.contains(prefix) else { continue }
        shadowed.insert(prefix)
        if d.uri == uri { return prefix }
      }
    }
    return nil
  }

  /// Writes `prefix:id="…"` for a relationship id, with the prefix bound
  /// to `namespace` here, declaring one (`r`, `r1`…) when none is.
  final func relationshipId(_ id: String, namespace: String) throws {
    guard let out else { return }
    if let r = attributePrefix(for: namespace) {
      try out.attribute(prefix: r, local: "id", value: id)
      return
    }
    var r = "r"
    var n = 1
    while isBound(r) {
      r = "r\(n)"
      n += 1
    }
    try out.declare(prefix: r, uri: namespace)
    try out.attribute(prefix: r, local: "id", value: id)
  }

  /// Whether `prefix` is bound to anything in scope.
  final func isBound(_ prefix: String) -> Bool {
    scopes.contains { $0.contains { $0.prefix == prefix } }
  }

  /// Writes the start tag as it came, with some attributes changed.
  final func echo(_ tag: XMLTag, _ edits: [AttributeEdit] = []) throws {
    guard let out else { return }
    try out.start(prefix: tag.prefix, local: tag.local)
    if let namespaces = tag.namespaces {
      for i in 0..<tag.namespaceCount {
        try out.declare(prefix: namespaces[2 * i], uri: namespaces[2 * i + 1])
      }
    }
    var done = [Bool](repeating: false, count: edits.count)
    if let attributes = tag.attributes {
      for i in 0..<tag.attributeCount {
        guard let local = attributes[5 * i], let start = attributes[5 * i + 3],
          let finish = attributes[5 * i + 4]
        else { continue }
        let prefix = attributes[5 * i + 1]
        if prefix == nil,
          let e = edits.firstIndex(where: { XMLName(pointer: local).is($0.name) })
        {
          done[e] = true
          if let value = edits[e].value {
            try out.attribute(prefix: nil, local: local, string: value)
          }
          continue
        }
        try out.attribute(
          prefix: prefix, local: local,
          value: UnsafeBufferPointer(start: start, count: finish - start))
      }
    }
    for (e, edit) in edits.enumerated() where !done[e] && edit.addIfMissing {
      if let value = edit.value { try out.attribute(edit.name, value) }
    }
  }
}
