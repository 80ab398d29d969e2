// Throughput and peak memory of streaming a worksheet.
//
//   pai-bench [ROWS …]        per size (default 10000 100000 1000000) and
//                             per string form (shared strings, inline
//                             strings): generate a ROWS × 18 workbook, read
//                             it in a child process, and, where installed,
//                             time python-calamine and openpyxl (read-only)
//                             on the same file (PAI_BENCH_SIN_OPENPYXL=1:
//                             calamine only); one line of figures each,
//                             then pai's time as a fraction of theirs
//   pai-bench leer FILE       read every sheet of FILE and print figures
//   pai-bench generar ROWS FILE [en-linea]   only write the workbook (for
//                             profilers); prints the sheet XML's size
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

func read(_ path: String, xmlBytes: Int) throws {
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
      format:
        "  pai            %9d filas  %10d celdas  xlsx %6.1f MB  XML %7.1f MB  %7.3f s  %9.0f filas/s  %6.1f MB/s  pico %7.1f MB",
      rows, cells, Double(bytes) / 1e6, Double(xmlBytes) / 1e6, seconds, Double(rows) / seconds,
      Double(xmlBytes) / 1e6 / seconds, Double(peakResidentKB()) / 1024))
}

/// The pools the generated texts come from, so shared strings repeat as
/// in an office's indicator sheet.
let procesos = [
  "Contratación", "Gestión financiera", "Gestión documental", "Gestión de TIC",
  "Control disciplinario", "Comunicación pública", "Servicio a la ciudadanía",
  "Evaluación del sistema de control interno",
]
let periodicidades = ["Mensual", "Bimestral", "Trimestral", "Cuatrimestral", "Semestral", "Anual"]
let codigos = 5_000
let nombres = 1_000

/// The shared-string table: codes, names, processes, periodicities.
func pool() -> [String] {
  (0..<codigos).map { "IND-\($0)" } + (0..<nombres).map { "Indicador de gestión número \($0)" }
    + procesos + periodicidades
}

/// Writes a deterministic ROWS × 18 workbook: a code, a name, a process and
/// a periodicity (texts from pools, as shared strings or inline strings), a
/// target, a percent-formatted column and twelve months with blanks. The
/// sheet XML goes to a temporary file first so the generator's memory
/// stays flat too. Returns the sheet XML's size.
@discardableResult
func generate(rows: Int, to path: String, inline: Bool = false) throws -> Int {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "pai-bench-\(getpid())-\(rows)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let sheetPath = dir.appendingPathComponent("sheet1.xml").path
  _ = FileManager.default.createFile(atPath: sheetPath, contents: nil)
  guard let sheet = FileHandle(forWritingAtPath: sheetPath) else { return 0 }
  var xmlBytes = 0
  var chunk = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:R\(rows)"/><sheetData>
    """
  func text(_ ref: String, _ index: Int, _ value: String) -> String {
    inline
      ? "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(value)</t></is></c>"
      : "<c r=\"\(ref)\" t=\"s\"><v>\(index)</v></c>"
  }
  for r in 1...rows {
    let codigo = r % codigos
    let nombre = r % nombres
    let proceso = r % procesos.count
    let periodicidad = r % periodicidades.count
    chunk += "<row r=\"\(r)\">"
    chunk += text("A\(r)", codigo, "IND-\(codigo)")
    chunk += text("B\(r)", codigos + nombre, "Indicador de gestión número \(nombre)")
    chunk += text("C\(r)", codigos + nombres + proceso, procesos[proceso])
    chunk += text(
      "D\(r)", codigos + nombres + procesos.count + periodicidad, periodicidades[periodicidad])
    chunk += "<c r=\"E\(r)\"><v>\(100 + r % 50)</v></c>"
    chunk += "<c r=\"F\(r)\" s=\"1\"><v>0.\(r % 10000)</v></c>"
    for m in 0..<12 where (r + m) % 3 != 0 {
      chunk += "<c r=\"\(CellRef.columnName(7 + m))\(r)\"><v>\((r * (m + 1)) % 997)</v></c>"
    }
    chunk += "</row>"
    if chunk.utf8.count > 1 << 20 {
      xmlBytes += chunk.utf8.count
      sheet.write(Data(chunk.utf8))
      chunk = ""
    }
  }
  chunk += "</sheetData></worksheet>"
  xmlBytes += chunk.utf8.count
  sheet.write(Data(chunk.utf8))
  try sheet.close()

  let strings = inline ? "" : pool().map { "<si><t>\($0)</t></si>" }.joined()
  let parts: [(String, String)] = [
    (
      "[Content_Types].xml",
      """
      <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
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
  for b in buffers { b.deallocate() }
  return xmlBytes
}

/// Runs a reader in a child process, echoes its line of figures and
/// returns the seconds it reports (the number before « s »).
func timed(_ executable: String, _ arguments: [String]) -> Double? {
  let run = Process()
  run.executableURL = URL(fileURLWithPath: executable)
  run.arguments = arguments
  let pipe = Pipe()
  run.standardOutput = pipe
  run.standardError = FileHandle.nullDevice
  fflush(nil)
  guard (try? run.run()) != nil else { return nil }
  let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  run.waitUntilExit()
  print(output, terminator: "")
  guard run.terminationStatus == 0 else { return nil }
  let words = output.split(separator: " ")
  guard let unit = words.firstIndex(of: "s"), unit > 0 else { return nil }
  return Double(words[unit - 1])
}

/// Times a Python reader iterating every cell of the file, when installed.
func python(_ name: String, module: String, script: String, path: String) -> Double? {
  let check = Process()
  check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  check.arguments = ["python3", "-c", "import \(module)"]
  check.standardError = FileHandle.nullDevice
  guard (try? check.run()) != nil else {
    print("  \(name): python3 no está (se omite)")
    return nil
  }
  check.waitUntilExit()
  guard check.terminationStatus == 0 else {
    print("  \(name): no está instalado (se omite)")
    return nil
  }
  return timed("/usr/bin/env", ["python3", "-c", script, path])
}

let calamine = """
  import resource, sys, time
  from python_calamine import CalamineWorkbook
  t = time.perf_counter(); n = c = 0
  wb = CalamineWorkbook.from_path(sys.argv[1])
  for row in wb.get_sheet_by_index(0).to_python():
      n += 1; c += sum(1 for v in row if v != "")
  s = time.perf_counter() - t
  pico = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
  print(f"  python-calamine {n:9d} filas  {c:10d} celdas  {s:43.3f} s  {n/s:9.0f} filas/s  {'':13s} pico {pico:7.1f} MB")
  """

let openpyxl = """
  import resource, sys, time
  import openpyxl
  t = time.perf_counter(); n = c = 0
  wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
  for row in wb.worksheets[0].iter_rows(values_only=True):
      n += 1; c += sum(1 for v in row if v is not None)
  s = time.perf_counter() - t
  pico = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
  print(f"  openpyxl       {n:9d} filas  {c:10d} celdas  {s:43.3f} s  {n/s:9.0f} filas/s  {'':13s} pico {pico:7.1f} MB")
  """

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "leer", arguments.count >= 2 {
  try read(arguments[1], xmlBytes: arguments.count > 2 ? Int(arguments[2]) ?? 0 : 0)
} else if arguments.first == "generar", arguments.count >= 3, let rows = Int(arguments[1]) {
  print(
    try generate(rows: rows, to: arguments[2], inline: arguments.dropFirst(3).first == "en-linea"))
} else {
  let sizes = arguments.isEmpty ? [10_000, 100_000, 1_000_000] : arguments.compactMap { Int($0) }
  let conPython = ProcessInfo.processInfo.environment["PAI_BENCH_SIN_PYTHON"] == nil
  // openpyxl takes minutes on a million rows; scripts/medir_buzon.sh
  // compares with python-calamine only.
  let conOpenpyxl = ProcessInfo.processInfo.environment["PAI_BENCH_SIN_OPENPYXL"] == nil
  for rows in sizes {
    for inline in [false, true] {
      let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("pai-bench-\(rows)-\(inline ? "inline" : "compartidas").xlsx").path
      let xmlBytes = try generate(rows: rows, to: path, inline: inline)
      print(
        "\(rows) filas × 18 columnas, textos \(inline ? "en línea (inlineStr)" : "compartidos (sharedStrings)"):"
      )
      fflush(nil)
      let pai = timed(CommandLine.arguments[0], ["leer", path, String(xmlBytes)])
      if conPython {
        let others = [
          (
            "python-calamine",
            python("python-calamine", module: "python_calamine", script: calamine, path: path)
          ),
          (
            "openpyxl",
            conOpenpyxl ? python("openpyxl", module: "openpyxl", script: openpyxl, path: path) : nil
          ),
        ]
        // The figure the issue's goal is stated in: pai's time over theirs.
        let ratios = others.compactMap { name, seconds -> String? in
          guard let pai, let seconds, seconds > 0 else { return nil }
          return String(format: "%@ %.2f×", name, pai / seconds)
        }
        if !ratios.isEmpty {
          print("  tiempo de pai ÷ tiempo de: " + ratios.joined(separator: ", "))
        }
      }
      try? FileManager.default.removeItem(atPath: path)
    }
  }
}
