import Foundation
internal import CLibxml2

/// libxml2's `xmlTextWriter` over a file descriptor or a memory buffer.
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
