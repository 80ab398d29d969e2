// Throughput and peak memory of streaming a worksheet.
//
//   pai-bench [ROWS …]        generate a ROWS × 18 workbook per argument
//                             (default 10000 100000), read each in a child
//                             process, print one line of figures per size
//   pai-bench leer FILE       read every sheet of FILE and print figures
//   pai-bench generar ROWS FILE   only write the workbook (for profilers)
//
// The child process keeps the generator's memory out of the reader's peak.
import CLibzip
import Foundation
import XLSX

let columns = 18

func peakResidentKB() -> Int {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)
  else { return -1 }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
  }
  return -1
}

func read(_ path: String) throws {
  let start = Date()
  let book = try Workbook(path: path)
  var rows = 0
  var cells = 0
  for sheet in book.sheets {
    let reader = try book.rows(in: sheet)
    while let row = try reader.nextRow() {
      rows += 1
      cells += row.cells.count
    }
  }
  let seconds = Date().timeIntervalSince(start)
  let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
  print(
    String(
      format: "filas %9d  celdas %10d  xlsx %7.1f MB  %6.2f s  %8.0f filas/s  pico %6.1f MB",
      rows, cells, Double(bytes) / 1e6, seconds, Double(rows) / seconds,
      Double(peakResidentKB()) / 1024))
}

/// Writes a workbook whose sheet mixes shared strings, numbers and
/// percents, like an office's indicator sheet; the sheet XML is written to a
/// temporary file first so the generator's memory stays flat too.
func generate(rows: Int, to path: String) throws {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "pai-bench-\(getpid())-\(rows)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let sheetPath = dir.appendingPathComponent("sheet1.xml").path
  _ = FileManager.default.createFile(atPath: sheetPath, contents: nil)
  guard let sheet = FileHandle(forWritingAtPath: sheetPath) else { return }
  var chunk = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
    """
  for r in 1...rows {
    chunk += "<row r=\"\(r)\">"
    for c in 1...columns {
      let ref = CellRef(row: r, column: c).description
      switch c % 3 {
      case 0: chunk += "<c r=\"\(ref)\" t=\"s\"><v>\((r + c) % 1000)</v></c>"
      case 1: chunk += "<c r=\"\(ref)\" s=\"1\"><v>0.\(r % 10000)</v></c>"
      default: chunk += "<c r=\"\(ref)\"><v>\(r * c)</v></c>"
      }
    }
    chunk += "</row>"
    if chunk.utf8.count > 1 << 20 {
      sheet.write(Data(chunk.utf8))
      chunk = ""
    }
  }
  chunk += "</sheetData></worksheet>"
  sheet.write(Data(chunk.utf8))
  try sheet.close()

  let strings = (0..<1000).map { "<si><t>Indicador de gestión número \($0)</t></si>" }.joined()
  let parts: [(String, String)] = [
    (
      "[Content_Types].xml",
      """
      <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
      """
    ),
    (
      "_rels/.rels",
      """
      <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
      """
    ),
    (
      "xl/workbook.xml",
      """
      <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Indicadores" sheetId="1" r:id="rId1"/></sheets></workbook>
      """
    ),
    (
      "xl/_rels/workbook.xml.rels",
      """
      <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
      """
    ),
    (
      "xl/sharedStrings.xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\(strings)</sst>"
    ),
    (
      "xl/styles.xml",
      """
      <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="10"/></cellXfs></styleSheet>
      """
    ),
  ]
  var code: Int32 = 0
  guard let archive = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
    throw XLSXError.unreadableFile(reason: "zip_open \(code)")
  }
  var buffers: [UnsafeMutableRawPointer] = []
  for (name, text) in parts {
    let bytes = Array(text.utf8)
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 1)
    buffer.copyMemory(from: bytes, byteCount: bytes.count)
    buffers.append(buffer)
    let source = zip_source_buffer(archive, buffer, zip_uint64_t(bytes.count), 0)
    zip_file_add(archive, name, source, ZIP_FL_ENC_UTF_8)
  }
  let source = zip_source_file(archive, sheetPath, 0, -1)
  zip_file_add(archive, "xl/worksheets/sheet1.xml", source, ZIP_FL_ENC_UTF_8)
  zip_close(archive)
  buffers.forEach { $0.deallocate() }
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "leer", arguments.count == 2 {
  try read(arguments[1])
} else if arguments.first == "generar", arguments.count == 3, let rows = Int(arguments[1]) {
  try generate(rows: rows, to: arguments[2])
} else {
  let sizes = arguments.isEmpty ? [10_000, 100_000] : arguments.compactMap { Int($0) }
  for rows in sizes {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("pai-bench-\(rows).xlsx").path
    try generate(rows: rows, to: path)
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = ["leer", path]
    try child.run()
    child.waitUntilExit()
    try? FileManager.default.removeItem(atPath: path)
  }
}
