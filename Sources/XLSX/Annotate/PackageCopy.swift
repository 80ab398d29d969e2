internal import CLibzip
import Foundation

/// Assembles the copy's zip: the source's entries in their order, each
/// either copied as it is stored (`zip_source_zip` with
/// `ZIP_FL_COMPRESSED`: the deflated bytes, never inflated, so the part is
/// the sender's byte for byte), replaced by a rewritten file, or left out;
/// then the new parts.
enum PackageCopy {
  /// zlib's level 6, as the writer uses.
  private static let level: zip_uint32_t = 6

  static func write(
    source: String, destination: String, replaced: [String: String], dropped: Set<String>,
    added: [(name: String, file: String)]
  ) throws {
    var code: Int32 = 0
    guard let input = zip_open(source, ZIP_RDONLY, &code) else {
      throw XLSXError.corruptZip(ZipDamage(code: code, text: ZipPackage.describe(code: code)))
    }
    defer { zip_discard(input) }
    guard let output = zip_open(destination, ZIP_CREATE | ZIP_EXCL, &code) else {
      throw XLSXError.writeFailed(path: destination, reason: ZipPackage.describe(code: code))
    }
    var open = true
    defer { if open { zip_discard(output) } }

    func failure(_ part: String) -> XLSXError {
      let text = zip_strerror(output).map { String(cString: $0) } ?? ""
      return .writeFailed(path: part, reason: text)
    }

    func addFile(_ name: String, _ file: String) throws {
      guard let source = zip_source_file(output, file, 0, -1) else { throw failure(name) }
      let index = zip_file_add(output, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
      guard index >= 0 else {
        zip_source_free(source)
        throw failure(name)
      }
      guard
        zip_set_file_compression(output, zip_uint64_t(index), Int32(ZIP_CM_DEFLATE), level) == 0,
        zip_file_set_external_attributes(
          output, zip_uint64_t(index), 0, zip_uint8_t(ZIP_OPSYS_UNIX),
          zip_uint32_t(0o100644) << 16) == 0,
        // A fixed time: the same content gives the same bytes, run after run.
        zip_file_set_mtime(output, zip_uint64_t(index), fixedEntryTime, 0) == 0
      else { throw failure(name) }
    }

    let count = zip_get_num_entries(input, 0)
    for i in 0..<zip_uint64_t(max(count, 0)) {
      guard let raw = zip_get_name(input, i, ZIP_FL_ENC_GUESS) else {
        throw XLSXError.corruptZip(ZipDamage(error: zip_get_error(input), part: "#\(i)"))
      }
      let name = String(cString: raw)
      let key = ZipPackage.key(name)
      if dropped.contains(key) { continue }
      if let file = replaced[key] {
        try addFile(name, file)
        continue
      }
      if name.hasSuffix("/") {
        guard zip_dir_add(output, name, zip_flags_t(ZIP_FL_ENC_UTF_8)) >= 0 else {
          throw failure(name)
        }
        continue
      }
      var st = zip_stat_t()
      zip_stat_init(&st)
      guard zip_stat_index(input, i, 0, &st) == 0 else {
        throw XLSXError.corruptZip(ZipDamage(error: zip_get_error(input), part: name))
      }
      if st.encryption_method != UInt16(ZIP_EM_NONE) { throw XLSXError.encrypted }
      guard
        let copy = zip_source_zip(output, input, i, zip_flags_t(ZIP_FL_COMPRESSED), 0, -1)
      else { throw failure(name) }
      let index = zip_file_add(output, name, copy, zip_flags_t(ZIP_FL_ENC_UTF_8))
      guard index >= 0 else {
        zip_source_free(copy)
        throw failure(name)
      }
      var system: zip_uint8_t = 0
      var attributes: zip_uint32_t = 0
      if zip_file_get_external_attributes(input, i, 0, &system, &attributes) == 0 {
        _ = zip_file_set_external_attributes(output, zip_uint64_t(index), 0, system, attributes)
      }
    }
    for entry in added {
      try addFile(entry.name, entry.file)
    }
    guard zip_close(output) == 0 else { throw failure(destination) }
    open = false
  }

  /// The entry names of a zip, in their order.
  static func names(in path: String) throws -> [String] {
    var code: Int32 = 0
    guard let archive = zip_open(path, ZIP_RDONLY, &code) else {
      throw XLSXError.corruptZip(ZipDamage(code: code, text: ZipPackage.describe(code: code)))
    }
    defer { zip_discard(archive) }
    let count = zip_get_num_entries(archive, 0)
    return (0..<zip_uint64_t(max(count, 0))).compactMap { i in
      zip_get_name(archive, i, ZIP_FL_ENC_GUESS).map { String(cString: $0) }
    }
  }
}
