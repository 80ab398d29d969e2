internal import CLibzip
import Foundation

/// A new zip written by libzip: parts from memory or from files on disk,
/// deflated, committed by `close()`.
///
/// libzip writes nothing until `zip_close`, and then into a temporary file
/// beside the archive that it renames into place; a failure before that
/// leaves no archive at all.
final class ZipWriter {
  private var archive: OpaquePointer?
  let path: String

  /// zlib's level 6: near level 9's size on XML at a fraction of the time.
  private static let level: zip_uint32_t = 6

  init(path: String) throws {
    self.path = path
    var code: Int32 = 0
    guard let archive = zip_open(path, ZIP_CREATE | ZIP_EXCL, &code) else {
      throw XLSXError.writeFailed(path: path, reason: ZipPackage.describe(code: code))
    }
    self.archive = archive
  }

  deinit {
    if let archive { zip_discard(archive) }
  }

  /// Adds a part held in memory; libzip takes a malloc'd copy and frees it.
  func add(_ name: String, bytes: [UInt8]) throws {
    let archive = try open()
    guard let copy = malloc(max(bytes.count, 1)) else {
      throw XLSXError.writeFailed(path: name, reason: "malloc")
    }
    bytes.withUnsafeBytes { source in
      if let base = source.baseAddress {
        copy.copyMemory(from: base, byteCount: source.count)
      }
    }
    guard let source = zip_source_buffer(archive, copy, zip_uint64_t(bytes.count), 1)
    else {
      free(copy)
      throw failure(name)
    }
    try add(name, source: source, archive)
  }

  /// Adds a part from a file, read only when the archive is closed.
  func add(_ name: String, file: String) throws {
    let archive = try open()
    guard let source = zip_source_file(archive, file, 0, -1) else {
      throw failure(name)
    }
    try add(name, source: source, archive)
  }

  private func add(_ name: String, source: OpaquePointer, _ archive: OpaquePointer) throws {
    let index = zip_file_add(archive, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
    guard index >= 0 else {
      zip_source_free(source)
      throw failure(name)
    }
    guard
      zip_set_file_compression(
        archive, zip_uint64_t(index), Int32(ZIP_CM_DEFLATE), Self.level) == 0,
      // rw-r--r-- for every entry: parts from scratch files would otherwise
      // carry their 0600, and unzipping would show mixed permissions.
      zip_file_set_external_attributes(
        archive, zip_uint64_t(index), 0, zip_uint8_t(ZIP_OPSYS_UNIX),
        zip_uint32_t(0o100644) << 16) == 0,
      // A fixed time: the same content gives the same bytes, run after run.
      zip_file_set_mtime(archive, zip_uint64_t(index), fixedEntryTime, 0) == 0
    else { throw failure(name) }
  }

  /// Compresses every part and writes the archive.
  func close() throws {
    let archive = try open()
    guard zip_close(archive) == 0 else { throw failure(path) }
    self.archive = nil
  }

  private func open() throws -> OpaquePointer {
    guard let archive else {
      throw XLSXError.writeFailed(path: path, reason: "zip cerrado")
    }
    return archive
  }

  private func failure(_ part: String) -> XLSXError {
    let text = archive.flatMap { zip_strerror($0) }.map { String(cString: $0) } ?? ""
    return .writeFailed(path: part, reason: text)
  }
}

/// The modification time stamped on every entry this package writes
/// (2021-01-01 00:00 UTC): zip entries otherwise carry the temporary
/// files' times, and two runs over the same data would differ in bytes.
let fixedEntryTime: time_t = 1_609_459_200
