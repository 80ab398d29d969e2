import Foundation
import Schema
import XLSX

/// The annotated copy of a sender's own workbook.
///
/// Every cell a finding concerns highlighted, with a note that says what
/// is wrong there, and a first sheet `Errores` that lists every finding,
/// each with a link to its cell. XLSX does the copying; this file decides
/// the marks and writes the words.
public enum CopiaAnotada {
  /// The columns of the `Errores` sheet: the message first, the code
  /// (for whoever writes to the planning office) last.
  public static let encabezados = ["N.º", "Mensaje", "Hoja", "Celda", "Severidad", "Código"]
  /// Where the link to the cell goes, and the severity's colour.
  static let columnaCelda = 3
  static let columnaSeveridad = 4
  /// A range with more cells than this gets its note on its first cell
  /// only.
  static let notasPorRango = 50

  /// Writes the annotated copy of `origen` at `destino`.
  ///
  /// Errors come first, then warnings, each in the order validation found
  /// them. A finding highlights every cell it concerns (`Ubicacion.celdas`:
  /// the main cell and, say, the months that make a sum) in red for an
  /// error or yellow for a warning, red winning on a cell both mark; on a
  /// range, the range; on a row, the row's first cell (column A). Each
  /// highlighted cell carries a note with the message of every finding
  /// on it, errors first (a wide range, on its first cell only). The link
  /// goes to the main cell, the range's first or column A. A finding on
  /// the whole file or sheet is listed without a mark.
  ///
  /// - Parameters:
  ///   - informe: the validation of `origen`.
  ///   - origen: the sender's workbook, never modified.
  ///   - destino: the copy; replaced whole or not at all.
  ///   - limites: the reader's caps, as validation used them.
  /// - Throws: the reading error when the file could not be read (a file
  ///   rejected as unreadable gets no copy), or what
  ///   `WorkbookAnnotator.annotate` throws.
  public static func escribir(
    informe: InformeArchivo, origen: String, destino: String, limites: ReadLimits = .default
  ) throws {
    for h in informe.hallazgos {
      if case .lectura(let error)? = h.valores["lectura"] { throw error }
    }
    // Sheet names as the workbook spells them; a finding on a sheet it
    // lacks (or on a chart) is listed without a mark or a link.
    let libro = try Workbook(path: origen, limits: limites)
    let ordenados =
      informe.hallazgos.filter { $0.severidad == .error }
      + informe.hallazgos.filter { $0.severidad == .advertencia }

    var filas: [[String]] = []
    var marcas: [CellMark] = []
    var notas: [CellNote] = []
    var vinculos: [(row: Int, column: Int, sheet: String, cell: CellRef)] = []
    var rellenos: [(row: Int, column: Int, severity: CellMark.Severity)] = []
    for (i, h) in ordenados.enumerated() {
      let u = h.ubicacion
      let severidad: CellMark.Severity = h.severidad == .error ? .error : .warning
      let nombreSeveridad = h.severidad == .error ? "Error" : "Advertencia"
      let mensaje = mayuscula(Catalogo.texto(h))
      filas.append([
        String(i + 1), mensaje, u.hoja ?? "", celda(u), nombreSeveridad, h.codigo.rawValue,
      ])
      rellenos.append((i, columnaSeveridad, severidad))
      guard u.archivo == informe.archivo, let nombre = u.hoja,
        let hoja = libro.sheet(named: nombre), hoja.kind == .worksheet,
        let (bloques, destinoVinculo) = bloques(u)
      else { continue }
      for rango in bloques {
        marcas.append(CellMark(sheet: hoja.name, range: rango, severity: severidad))
        for c in celdasConNota(rango) {
          notas.append(CellNote(sheet: hoja.name, cell: c, text: "\(nombreSeveridad): \(mensaje)"))
        }
      }
      vinculos.append((i, columnaCelda, hoja.name, destinoVinculo))
    }
    let errores = ErrorSheet(
      name: "Errores", headers: encabezados, rows: filas, links: vinculos, fills: rellenos,
      numericColumns: [0], widths: [6, 70, 20, 10, 13, 24])
    try WorkbookAnnotator.annotate(
      source: origen, destination: destino, marks: marcas, errorSheet: errores, notes: notas,
      limits: limites)
  }

  /// What the Celda column shows: `K14`, `E5:E40`, `Fila 7`, or nothing
  /// for a finding on the whole sheet or file.
  static func celda(_ u: Ubicacion) -> String {
    if let c = u.celda { return c.description }
    if let r = u.rango { return r.description }
    if let f = u.fila { return "Fila \(f)" }
    return ""
  }

  /// The blocks a finding highlights and the cell its link opens: every
  /// cell it concerns, else its range, else its row's column A.
  static func bloques(_ u: Ubicacion) -> ([CellRange], CellRef)? {
    let celdas = u.celdas
    if let principal = celdas.first {
      return (celdas.map { CellRange(first: $0, last: $0) }, principal)
    }
    if let r = u.rango { return ([r], r.first) }
    if let f = u.fila, f >= 1, f <= CellRef.maxRow {
      let a = CellRef(row: f, column: 1)
      return ([CellRange(first: a, last: a)], a)
    }
    return nil
  }

  /// The cells of a highlighted block that get a note: all of them, or
  /// the first of a block wider than `notasPorRango`.
  static func celdasConNota(_ r: CellRange) -> [CellRef] {
    let filas = r.last.row - r.first.row + 1
    let columnas = r.last.column - r.first.column + 1
    guard filas * columnas <= notasPorRango else { return [r.first] }
    return (r.first.row...r.last.row).flatMap { fila in
      (r.first.column...r.last.column).map { CellRef(row: fila, column: $0) }
    }
  }

  /// The catalogue's sentences start in lower case, to follow a location;
  /// alone in a cell they start with a capital.
  static func mayuscula(_ s: String) -> String {
    guard let first = s.first else { return s }
    return first.uppercased() + s.dropFirst()
  }
}
