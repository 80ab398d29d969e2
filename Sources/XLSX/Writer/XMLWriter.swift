internal import CLibxml2
import Foundation

/// libxml2's `xmlTextWriter` over a file descriptor or a memory buffer,
/// for the writer's new parts and the annotator's rewritten ones alike.
///
/// The writer escapes markup characters itself and buffers a few KiB before
/// each `write(2)`, so a sheet streams to disk in constant memory. Element
/// and attribute names are `StaticString`s, handed to C without copying.
/// Every call checks libxml2's result: a full disk surfaces as
/// `XLSXError.writeFailed` at the row that hit it, not as a corrupt part.
final class XMLWriter {
  private var writer: xmlTextWriterPtr?
  private let buffer: xmlBufferPtr?
  /// The descriptor of a file writer; closed by `close()` or `deinit`.
  private var descriptor: Int32 = -1
  /// Where the output goes, for error messages.
  let path: String
  /// A NUL-terminated copy of the SAX bytes being written, reused so an
  /// echoed part costs no allocation per value.
  private var scratch: [UInt8] = []

  /// A writer to a new file at `path`.
  ///
  /// The file is opened here rather than by `xmlNewTextWriterFilename`,
  /// which reads its argument as a URI and would unescape a `%` in a
  /// directory name.
  init(file path: String) throws {
    self.path = path
    buffer = nil
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw XLSXError.writeFailed(path: path, reason: String(cString: strerror(errno)))
    }
    descriptor = fd
    // With no encoder the output buffer passes our UTF-8 through as is.
    guard let output = xmlOutputBufferCreateFd(fd, nil),
      let writer = xmlNewTextWriter(output)
    else {
      Foundation.close(fd)
      descriptor = -1
      throw XLSXError.writeFailed(path: path, reason: "xmlNewTextWriter")
    }
    self.writer = writer
  }

  /// A writer to memory, for the small parts; `bytes()` returns them.
  init(memoryFor part: String) throws {
    path = part
    guard let buffer = xmlBufferCreate() else {
      throw XLSXError.writeFailed(path: part, reason: "xmlBufferCreate")
    }
    self.buffer = buffer
    guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
      xmlBufferFree(buffer)
      throw XLSXError.writeFailed(path: part, reason: "xmlNewTextWriterMemory")
    }
    self.writer = writer
  }

  deinit {
    if let writer { xmlFreeTextWriter(writer) }
    if let buffer { xmlBufferFree(buffer) }
    if descriptor >= 0 { Foundation.close(descriptor) }
  }

  /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`, as Excel
  /// writes it.
  func startDocument() throws {
    try check(xmlTextWriterStartDocument(live(), "1.0", "UTF-8", "yes"))
  }

  func endDocument() throws {
    try check(xmlTextWriterEndDocument(live()))
  }

  func start(_ name: StaticString) throws {
    try check(xmlTextWriterStartElement(live(), name.utf8Start))
  }

  /// Closes the innermost open element (`<a/>` when it is still empty).
  func end() throws {
    try check(xmlTextWriterEndElement(live()))
  }

  func attribute(_ name: StaticString, _ value: String) throws {
    let writer = try live()
    try value.withCString {
      try check(xmlTextWriterWriteAttribute(writer, name.utf8Start, xmlChars($0)))
    }
  }

  func attribute(_ name: StaticString, _ value: StaticString) throws {
    try check(xmlTextWriterWriteAttribute(live(), name.utf8Start, value.utf8Start))
  }

  func attribute(_ name: StaticString, _ value: Int) throws {
    try attribute(name, String(value))
  }

  /// An attribute whose value is NUL-terminated ASCII already in a buffer:
  /// the hot path writes every cell's `r` this way, without a `String`.
  func attribute(_ name: StaticString, ascii value: UnsafePointer<UInt8>) throws {
    try check(xmlTextWriterWriteAttribute(live(), name.utf8Start, value))
  }

  /// Character data, with `<`, `>`, `&` and CR escaped by libxml2.
  func text(_ value: String) throws {
    let writer = try live()
    try value.withCString { try check(xmlTextWriterWriteString(writer, xmlChars($0))) }
  }

  /// `<name>value</name>`.
  func element(_ name: StaticString, _ value: String) throws {
    try start(name)
    try text(value)
    try end()
  }

  /// Markup written as is; it first closes a pending start tag.
  func raw(_ value: String) throws {
    let writer = try live()
    try value.withCString { try check(xmlTextWriterWriteRaw(writer, xmlChars($0))) }
  }

  /// Pushes buffered output to the descriptor, so its offset is exact.
  func flush() throws {
    try check(xmlTextWriterFlush(live()))
  }

  /// The file offset after everything written so far.
  func offset() throws -> Int64 {
    try flush()
    let position = lseek(descriptor, 0, SEEK_CUR)
    guard position >= 0 else {
      throw XLSXError.writeFailed(path: path, reason: String(cString: strerror(errno)))
    }
    return Int64(position)
  }

  /// Flushes and frees the libxml2 writer; the descriptor stays open for
  /// `overwrite(_:at:)` until `close()`.
  func finishWriting() throws {
    guard let writer else { return }
    let flushed = xmlTextWriterFlush(writer)
    xmlFreeTextWriter(writer)
    self.writer = nil
    try check(flushed)
  }

  /// Replaces bytes already written at `offset` (the sheet's dimension,
  /// known only after its last row).
  func overwrite(_ value: String, at offset: Int64) throws {
    let bytes = Array(value.utf8)
    let written = bytes.withUnsafeBytes {
      pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset))
    }
    guard written == bytes.count else {
      throw XLSXError.writeFailed(path: path, reason: String(cString: strerror(errno)))
    }
  }

  /// Frees the writer and closes the file, reporting a failed flush.
  func close() throws {
    try finishWriting()
    guard descriptor >= 0 else { return }
    let status = Foundation.close(descriptor)
    descriptor = -1
    guard status == 0 else {
      throw XLSXError.writeFailed(path: path, reason: String(cString: strerror(errno)))
    }
  }

  /// The whole output of a memory writer.
  func bytes() throws -> [UInt8] {
    try finishWriting()
    guard let buffer, let content = xmlBufferContent(buffer) else { return [] }
    return Array(UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(buffer))))
  }

  private func live() throws -> xmlTextWriterPtr {
    guard let writer else {
      throw XLSXError.writeFailed(path: path, reason: "escritor cerrado")
    }
    return writer
  }

  private func check(_ status: Int32) throws {
    guard status >= 0 else {
      let reason = errno != 0 ? String(cString: strerror(errno)) : "libxml2"
      throw XLSXError.writeFailed(path: path, reason: reason)
    }
  }

  /// A C string as libxml2's `xmlChar` (`UInt8`).
  ///
  /// A Swift C string is `CChar`. Signed and
  /// unsigned bytes may alias in Swift, so no copy is needed.
  private func xmlChars(_ pointer: UnsafePointer<CChar>) -> UnsafePointer<xmlChar> {
    UnsafeRawPointer(pointer).assumingMemoryBound(to: xmlChar.self)
  }
}

/// Names with their prefixes, for the annotator's rewrites.
///
/// Element and attribute names go to libxml2 as `prefix:local` with no
/// namespace URI, so the writer adds no declaration of its own: the
/// declarations are the ones the source made, written back as attributes.
extension XMLWriter {
  func start(prefix: UnsafePointer<UInt8>?, local: UnsafePointer<UInt8>) throws {
    try check(xmlTextWriterStartElementNS(live(), prefix, local, nil))
  }

  func start(prefix: String?, local: String) throws {
    let writer = try live()
    try local.withCString { l in
      if let prefix {
        try prefix.withCString { p in
          try check(xmlTextWriterStartElementNS(writer, xmlChars(p), xmlChars(l), nil))
        }
      } else {
        try check(xmlTextWriterStartElementNS(writer, nil, xmlChars(l), nil))
      }
    }
  }

  /// `xmlns="uri"` or `xmlns:prefix="uri"`.
  func declare(prefix: String?, uri: String) throws {
    if let prefix {
      try attribute(prefix: "xmlns", local: prefix, value: uri)
    } else {
      try attribute(prefix: nil, local: "xmlns", value: uri)
    }
  }

  func declare(prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?) throws {
    let writer = try live()
    let xmlns: StaticString = "xmlns"
    let empty: StaticString = ""
    let value = uri ?? empty.utf8Start
    if let prefix {
      try check(xmlTextWriterWriteAttributeNS(writer, xmlns.utf8Start, prefix, nil, value))
    } else {
      try check(xmlTextWriterWriteAttribute(writer, xmlns.utf8Start, value))
    }
  }

  /// A `<t>` element (in `prefix`'s namespace) holding `text`, marked
  /// `xml:space="preserve"` when its spaces would otherwise be dropped: the
  /// one way a cell, a note and the error sheet write their text.
  func textElement(prefix: String?, _ text: String) throws {
    try start(prefix: prefix, local: "t")
    if CellText.needsPreserve(text) {
      try attribute(prefix: "xml", local: "space", value: "preserve")
    }
    try self.text(text)
    try end()
  }

  func attribute(prefix: String?, local: String, value: String) throws {
    let writer = try live()
    try local.withCString { l in
      try value.withCString { v in
        if let prefix {
          try prefix.withCString { p in
            try check(
              xmlTextWriterWriteAttributeNS(writer, xmlChars(p), xmlChars(l), nil, xmlChars(v)))
          }
        } else {
          try check(xmlTextWriterWriteAttributeNS(writer, nil, xmlChars(l), nil, xmlChars(v)))
        }
      }
    }
  }

  /// An attribute straight from the SAX buffers, without making strings.
  func attribute(
    prefix: UnsafePointer<UInt8>?, local: UnsafePointer<UInt8>, value: UnsafeBufferPointer<UInt8>
  ) throws {
    let writer = try live()
    try terminated(value) {
      try check(xmlTextWriterWriteAttributeNS(writer, prefix, local, nil, $0))
    }
  }

  func attribute(
    prefix: UnsafePointer<UInt8>?, local: UnsafePointer<UInt8>, string value: String
  ) throws {
    let writer = try live()
    try value.withCString {
      try check(xmlTextWriterWriteAttributeNS(writer, prefix, local, nil, xmlChars($0)))
    }
  }

  /// Character data; libxml2 escapes `<`, `>`, `&` and CR.
  func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {
    guard !bytes.isEmpty else { return }
    let writer = try live()
    try terminated(bytes) { try check(xmlTextWriterWriteString(writer, $0)) }
  }

  func comment(_ value: UnsafePointer<UInt8>) throws {
    try check(xmlTextWriterWriteComment(live(), value))
  }

  func instruction(target: UnsafePointer<UInt8>, data: UnsafePointer<UInt8>?) throws {
    let empty: StaticString = ""
    try check(xmlTextWriterWritePI(live(), target, data ?? empty.utf8Start))
  }

  /// SAX hands over spans of its buffer; libxml2's writer wants C strings.
  private func terminated(
    _ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafePointer<UInt8>?) throws -> Void
  ) rethrows {
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: bytes)
    scratch.append(0)
    try scratch.withUnsafeBufferPointer { try body($0.baseAddress) }
  }
}
