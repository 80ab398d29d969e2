internal import CLibzip
import Foundation

/// The OPC container: a read-only libzip archive opened from a path, never
/// extracted to disk. Part names are looked up case-insensitively, as
/// Excel does, and every read is capped by `ReadLimits`.
final class ZipPackage {
  fileprivate let archive: OpaquePointer
  fileprivate let limits: ReadLimits
  /// Lower-cased part name (no leading `/`) → entry index.
  private let entries: [String: zip_uint64_t]
  /// The bytes of a package opened from memory; libzip reads them in place.
  private let buffer: UnsafeMutableRawBufferPointer?
  /// libzip allows one thread at a time per archive; a part inflated on a
  /// background thread (`PartStream`) holds this around each libzip call.
  fileprivate let lock = NSLock()

  convenience init(path: String, limits: ReadLimits) throws {
    try FileSniffer.check(path: path)
    var code: Int32 = 0
    guard let archive = zip_open(path, ZIP_RDONLY, &code) else {
      throw XLSXError.corruptZip(ZipDamage(code: code, text: ZipPackage.describe(code: code)))
    }
    try self.init(archive: archive, buffer: nil, limits: limits)
  }

  /// Opens a package held in memory (a fuzzer's input, a download).
  convenience init(data: Data, limits: ReadLimits) throws {
    try FileSniffer.check(bytes: [UInt8](data.prefix(8 << 20)))
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 8)
    _ = data.copyBytes(to: buffer.bindMemory(to: UInt8.self))
    var error = zip_error_t()
    zip_error_init(&error)
    defer { zip_error_fini(&error) }
    guard
      let source = zip_source_buffer_create(buffer.baseAddress, zip_uint64_t(data.count), 0, &error)
    else {
      buffer.deallocate()
      throw XLSXError.corruptZip(ZipDamage(code: zip_error_code_zip(&error), text: ""))
    }
    guard let archive = zip_open_from_source(source, ZIP_RDONLY, &error) else {
      zip_source_free(source)
      buffer.deallocate()
      let code = zip_error_code_zip(&error)
      throw XLSXError.corruptZip(ZipDamage(code: code, text: ZipPackage.describe(code: code)))
    }
    try self.init(archive: archive, buffer: buffer, limits: limits)
  }

  private init(archive: OpaquePointer, buffer: UnsafeMutableRawBufferPointer?, limits: ReadLimits)
    throws
  {
    self.archive = archive
    self.buffer = buffer
    self.limits = limits
    var entries: [String: zip_uint64_t] = [:]
    let count = zip_get_num_entries(archive, 0)
    if count > 0 {
      for i in 0..<zip_uint64_t(count) {
        guard let name = zip_get_name(archive, i, ZIP_FL_ENC_GUESS) else {
          continue
        }
        entries[String(cString: name).lowercased()] = i
      }
    }
    self.entries = entries
    if let mimetype = entries["mimetype"],
      let bytes = try? readSmall(index: mimetype, name: "mimetype", cap: 256),
      String(decoding: bytes, as: UTF8.self).contains("opendocument")
    {
      // deinit discards the archive.
      throw XLSXError.openDocument
    }
  }

  deinit {
    zip_discard(archive)
    buffer?.deallocate()
  }

  func contains(_ name: String) -> Bool { entries[Self.key(name)] != nil }

  /// Opens a part for chunked reading.
  func open(_ name: String, cap: Int64? = nil) throws -> PartStream {
    guard let index = entries[Self.key(name)] else {
      throw XLSXError.missingPart(path: name)
    }
    return try PartStream(
      ZipEntryStream(
        package: self, index: index, name: name,
        cap: cap ?? limits.maxPartBytes))
  }

  /// Streams a whole part through `body`, 64 KiB at a time.
  func stream(
    _ name: String, cap: Int64? = nil,
    _ body: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let part = try open(name, cap: cap)
    while let chunk = try part.next() {
      try body(chunk)
    }
  }

  private func readSmall(index: zip_uint64_t, name: String, cap: Int64) throws
    -> [UInt8]
  {
    let reader = try ZipEntryStream(package: self, index: index, name: name, cap: cap)
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
      if n == 0 { return out }
      out.append(contentsOf: buffer[0..<n])
    }
  }

  /// Part names in OPC are absolute URIs (`/xl/workbook.xml`); zip entries
  /// are relative and their case is not reliable.
  static func key(_ name: String) -> String {
    var s = Substring(name)
    while s.hasPrefix("/") { s = s.dropFirst() }
    return s.lowercased()
  }

  static func describe(code: Int32) -> String {
    var error = zip_error_t()
    zip_error_init_with_code(&error, code)
    defer { zip_error_fini(&error) }
    return String(cString: zip_error_strerror(&error))
  }
}

/// One zip entry being inflated, with its declared and actual size and its
/// compression ratio checked against the caps before and during reading.
final class ZipEntryStream {
  static let chunkSize = 64 * 1024

  /// Kept so that the archive outlives every entry read from it.
  private let package: ZipPackage
  private let file: OpaquePointer
  private let name: String
  private let cap: Int64
  private let compressed: Int64
  private var total: Int64 = 0
  /// The inflated size the central directory declares (checked against
  /// the cap, but a lie until the bytes are read).
  let declaredSize: Int64

  init(package: ZipPackage, index: zip_uint64_t, name: String, cap: Int64) throws {
    package.lock.lock()
    defer { package.lock.unlock() }
    let archive = package.archive
    let limits = package.limits
    var st = zip_stat_t()
    zip_stat_init(&st)
    guard zip_stat_index(archive, index, 0, &st) == 0 else {
      throw XLSXError.corruptZip(ZipDamage(error: zip_get_error(archive), part: name))
    }
    if st.encryption_method != UInt16(ZIP_EM_NONE) {
      throw XLSXError.encrypted
    }
    let declared = Int64(clamping: st.size)
    if declared > cap {
      throw XLSXError.partTooLarge(part: name, bytes: declared, limit: cap)
    }
    let compressed = Int64(clamping: st.comp_size)
    if declared > limits.ratioCheckFloorBytes,
      declared / max(compressed, 1) > limits.maxCompressionRatio
    {
      throw XLSXError.compressionRatioTooHigh(
        part: name, ratio: declared / max(compressed, 1),
        limit: limits.maxCompressionRatio)
    }
    guard let file = zip_fopen_index(archive, index, 0) else {
      throw XLSXError.corruptZip(ZipDamage(error: zip_get_error(archive), part: name))
    }
    self.package = package
    self.file = file
    self.name = name
    self.cap = cap
    self.compressed = compressed
    self.declaredSize = declared
  }

  deinit {
    package.lock.lock()
    zip_fclose(file)
    package.lock.unlock()
  }

  /// Inflates up to `buffer.count` bytes; 0 at the end of the entry.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    package.lock.lock()
    let n = zip_fread(file, buffer.baseAddress, zip_uint64_t(buffer.count))
    package.lock.unlock()
    if n < 0 {
      throw XLSXError.corruptZip(ZipDamage(error: zip_file_get_error(file), part: name))
    }
    total += n
    // The declared size may lie; the actual bytes are what cost memory.
    if total > cap {
      throw XLSXError.partTooLarge(part: name, bytes: total, limit: cap)
    }
    let limits = package.limits
    if total > limits.ratioCheckFloorBytes,
      total / max(compressed, 1) > limits.maxCompressionRatio
    {
      throw XLSXError.compressionRatioTooHigh(
        part: name, ratio: total / max(compressed, 1),
        limit: limits.maxCompressionRatio)
    }
    return Int(n)
  }
}

/// Tells what a file is from its first bytes, before libzip sees it, so a
/// renamed `.xls`, `.csv` or PDF gets a message that says what it is.
enum FileSniffer {
  static func check(path: String) throws {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw XLSXError.unreadableFile(reason: String(cString: strerror(errno)))
    }
    defer { try? handle.close() }
    let head: Data
    do {
      head = try handle.read(upToCount: 4096) ?? Data()
    } catch {
      throw XLSXError.unreadableFile(reason: error.localizedDescription)
    }
    try check(bytes: [UInt8](head)) {
      try? handle.seek(toOffset: 0)
      return [UInt8]((try? handle.read(upToCount: 8 << 20)) ?? Data())
    }
  }

  /// Checks the first bytes; `more` gives the first megabytes when a
  /// compound document must be told apart (encrypted or `.xls`).
  static func check(bytes: [UInt8], more: (() -> [UInt8])? = nil) throws {
    if bytes.isEmpty { throw XLSXError.emptyFile }
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
      || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06])
    {
      return
    }
    if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
      throw isEncryptedPackage(more?() ?? bytes) ? XLSXError.encrypted : .legacyExcel
    }
    throw XLSXError.notAZip(kind(of: [UInt8](bytes.prefix(4096))))
  }

  static func kind(of bytes: [UInt8]) -> FileKind {
    if bytes.starts(with: Array("%PDF".utf8)) { return .pdf }
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    if let first = body.first(where: { $0 > 0x20 }), first == UInt8(ascii: "<") {
      return .markup
    }
    // Text: no control bytes other than tab, CR, LF, and valid UTF-8 or
    // Latin-1 (Excel's CSV export on Windows).
    let controls = body.filter { $0 < 0x20 && $0 != 9 && $0 != 10 && $0 != 13 }
    return controls.isEmpty ? .text : .unknown
  }

  /// A compound document (CFB) holding an `EncryptedPackage` stream is an
  /// encrypted OOXML workbook; any other is an old binary Office file. The
  /// stream name sits in a directory sector, UTF-16LE; scanning the first
  /// megabytes finds it without a CFB parser.
  private static func isEncryptedPackage(_ bytes: [UInt8]) -> Bool {
    let needle = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), 0] })
    return bytes.firstRange(of: needle) != nil
  }
}

extension ZipDamage {
  init(code: Int32, text: String, part: String? = nil) {
    switch code {
    case ZIP_ER_NOZIP: self = .noCentralDirectory
    case ZIP_ER_INCONS: self = .inconsistent(part: part)
    case ZIP_ER_CRC: self = .checksum(part: part ?? "")
    case ZIP_ER_COMPRESSED_DATA, ZIP_ER_EOF, ZIP_ER_READ: self = .data(part: part ?? "")
    default: self = .other(part: part, text: text)
    }
  }

  init(error: UnsafeMutablePointer<zip_error_t>?, part: String) {
    let code = error.map { zip_error_code_zip($0) } ?? ZIP_ER_INTERNAL
    let text = error.map { String(cString: zip_error_strerror($0)) } ?? ""
    self.init(code: code, text: text, part: part)
  }
}
