import ArgumentParser
import Foundation
import Reports
import XLSX

/// `pai leer`: the workbook as the reader sees it, for users checking a
/// file and for developers chasing a reading bug.
struct Leer: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "leer",
    abstract: "Muestra las hojas y celdas de un libro .xlsx tal como las lee el sistema.")

  @Argument(help: "El libro .xlsx que se quiere ver.")
  var archivo: String

  @Option(help: "Mostrar solo la hoja con este nombre.")
  var hoja: String?

  @Flag(help: "Escribir el resultado en JSON.")
  var json = false

  func run() throws {
    let nombre = (archivo as NSString).lastPathComponent
    do {
      let workbook = try Workbook(path: archivo)
      var sheets = workbook.sheets
      if let hoja {
        guard let sheet = workbook.sheet(named: hoja) else {
          throw XLSXError.sheetNotFound(name: hoja)
        }
        sheets = [sheet]
      }
      var out = StandardOutput()
      if json {
        try VistaJSON(workbook: workbook, sheets: sheets).write(to: &out)
      } else {
        try VistaTexto(workbook: workbook, sheets: sheets).write(to: &out)
      }
    } catch let error as XLSXError {
      FileHandle.standardError.write(Data((Mensajes.lectura(error, archivo: nombre) + "\n").utf8))
      throw Salida.archivoIlegible
    }
  }
}

/// Buffered stdout: a million-row sheet must not cost a write call per cell.
struct StandardOutput: TextOutputStream {
  private var buffer: [UInt8] = []

  mutating func write(_ string: String) {
    buffer.append(contentsOf: string.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  mutating func flush() {
    FileHandle.standardOutput.write(Data(buffer))
    buffer.removeAll(keepingCapacity: true)
  }
}

private let kindNames: [NumberKind: String] = [
  .general: "general", .number: "número", .percent: "porcentaje",
  .date: "fecha", .time: "hora", .text: "texto",
]

private let visibilityNames: [SheetVisibility: String] = [
  .visible: "visible", .hidden: "oculta", .veryHidden: "muy oculta",
]

struct VistaTexto {
  let workbook: Workbook
  let sheets: [SheetInfo]

  func write(to out: inout StandardOutput) throws {
    let nombre = (workbook.path as NSString).lastPathComponent
    out.write("Libro \(nombre): \(workbook.sheets.count) hoja(s)")
    out.write(workbook.date1904 ? ", fechas en sistema 1904\n" : "\n")
    for sheet in sheets {
      out.write(
        "\nHoja «\(sheet.name)» (\(visibilityNames[sheet.visibility] ?? ""), \(sheet.kind.rawValue), \(sheet.part))\n"
      )
      let reader = try workbook.rows(in: sheet)
      var count = 0
      while let row = try reader.nextRow() {
        count += 1
        out.write("  fila \(row.index):")
        for cell in row.cells {
          out.write(" \(row.ref(cell.column))=\(describe(cell))")
        }
        out.write("\n")
      }
      if count == 0 { out.write("  (sin celdas con datos)\n") }
      if !reader.mergedRanges.isEmpty {
        out.write(
          "  celdas combinadas: \(reader.mergedRanges.map(\.description).joined(separator: ", "))\n"
        )
      }
    }
    out.flush()
  }

  private func describe(_ cell: Cell) -> String {
    var text: String
    switch cell.value {
    case .number(let s):
      text = s.replacingOccurrences(of: ".", with: ",")
      if cell.kind != .general { text += " [\(kindNames[cell.kind] ?? "")]" }
    case .text(let s): text = "«\(s)»"
    case .bool(let b): text = b ? "VERDADERO" : "FALSO"
    case .error(let e): text = "error \(e)"
    case .isoDate(let d): text = "fecha \(d)"
    case .notComputed: text = "(fórmula sin calcular)"
    }
    if cell.isFormula, cell.value != .notComputed { text += " (fórmula)" }
    return text
  }
}

struct VistaJSON {
  let workbook: Workbook
  let sheets: [SheetInfo]

  func write(to out: inout StandardOutput) throws {
    out.write("{\"archivo\":\(quote(workbook.path)),\"fecha1904\":\(workbook.date1904),\"hojas\":[")
    for (i, sheet) in sheets.enumerated() {
      if i > 0 { out.write(",") }
      out.write("{\"nombre\":\(quote(sheet.name)),\"posicion\":\(sheet.position),")
      out.write(
        "\"visibilidad\":\(quote(sheet.visibility.rawValue)),\"tipo\":\(quote(sheet.kind.rawValue)),"
      )
      out.write("\"parte\":\(quote(sheet.part)),\"filas\":[")
      let reader = try workbook.rows(in: sheet)
      var first = true
      while let row = try reader.nextRow() {
        out.write(first ? "" : ",")
        first = false
        out.write("{\"fila\":\(row.index),\"celdas\":[")
        for (j, cell) in row.cells.enumerated() {
          if j > 0 { out.write(",") }
          out.write("{\"ref\":\(quote(row.ref(cell.column).description)),")
          out.write(value(cell.value))
          out.write(",\"formato\":\(quote(cell.kind.rawValue)),\"formula\":\(cell.isFormula)}")
        }
        out.write("]}")
      }
      out.write("],\"combinadas\":[")
      out.write(reader.mergedRanges.map { quote($0.description) }.joined(separator: ","))
      out.write("],\"dimension\":\(reader.dimension.map { quote($0.description) } ?? "null")}")
    }
    out.write("]}\n")
    out.flush()
  }

  private func value(_ value: CellValue) -> String {
    switch value {
    case .number(let s): return "\"tipo\":\"numero\",\"valor\":\(quote(s))"
    case .text(let s): return "\"tipo\":\"texto\",\"valor\":\(quote(s))"
    case .bool(let b): return "\"tipo\":\"booleano\",\"valor\":\(b)"
    case .error(let e): return "\"tipo\":\"error\",\"valor\":\(quote(e))"
    case .isoDate(let d): return "\"tipo\":\"fecha\",\"valor\":\(quote(d))"
    case .notComputed: return "\"tipo\":\"sin-calcular\",\"valor\":null"
    }
  }
}

/// A JSON string literal (RFC 8259 escaping). `leer` writes its JSON by
/// hand, row by row as the reader streams them, so that a sheet of a
/// million rows never sits in memory as a document to encode.
func quote(_ s: String) -> String {
  var out = "\""
  for u in s.unicodeScalars {
    switch u {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
    default: out.unicodeScalars.append(u)
    }
  }
  return out + "\""
}
