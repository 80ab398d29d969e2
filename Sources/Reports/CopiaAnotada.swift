import Foundation
import Schema
import XLSX

/// The annotated copy of a sender's own workbook.
///
/// Each faulty cell highlighted and a first sheet `Errores` that lists
/// every finding, each with a link to its cell. XLSX does the copying;
/// this file decides the marks and writes the words.
public enum CopiaAnotada {
  /// The columns of the `Errores` sheet.
  public static let encabezados = ["N.º", "Severidad", "Hoja", "Celda", "Código", "Mensaje"]

  /// Writes the annotated copy of `origen` at `destino`.
  ///
  /// Errors come first, then warnings, each in the order validation found
  /// them. A finding on a cell highlights it (red for an error, yellow for
  /// a warning); on a range, the range; on a row, the row's first cell
  /// (column A), which is also where its link goes. A finding on the
  /// whole file or sheet is listed without a mark.
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
    var vinculos: [(row: Int, column: Int, sheet: String, cell: CellRef)] = []
    var rellenos: [(row: Int, column: Int, severity: CellMark.Severity)] = []
    for (i, h) in ordenados.enumerated() {
      let u = h.ubicacion
      let severidad: CellMark.Severity = h.severidad == .error ? .error : .warning
      filas.append([
        String(i + 1), h.severidad == .error ? "Error" : "Advertencia", u.hoja ?? "", celda(u),
        h.codigo.rawValue, mayuscula(Catalogo.texto(h)),
      ])
      rellenos.append((i, 1, severidad))
      guard u.archivo == informe.archivo, let nombre = u.hoja,
        let hoja = libro.sheet(named: nombre), hoja.kind == .worksheet,
        let (rango, destinoVinculo) = bloque(u)
      else { continue }
      marcas.append(CellMark(sheet: hoja.name, range: rango, severity: severidad))
      vinculos.append((i, 3, hoja.name, destinoVinculo))
    }
    let errores = ErrorSheet(
      name: "Errores", headers: encabezados, rows: filas, links: vinculos, fills: rellenos,
      numericColumns: [0], widths: [7, 13, 22, 12, 26, 90])
    try WorkbookAnnotator.annotate(
      source: origen, destination: destino, marks: marcas, errorSheet: errores,
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

  /// The block a finding highlights and the cell its link opens.
  static func bloque(_ u: Ubicacion) -> (CellRange, CellRef)? {
    if let c = u.celda { return (CellRange(first: c, last: c), c) }
    if let r = u.rango { return (r, r.first) }
    if let f = u.fila, f >= 1, f <= CellRef.maxRow {
      let a = CellRef(row: f, column: 1)
      return (CellRange(first: a, last: a), a)
    }
    return nil
  }

  /// The catalogue's sentences start in lower case, to follow a location;
  /// alone in a cell they start with a capital.
  static func mayuscula(_ s: String) -> String {
    guard let first = s.first else { return s }
    return first.uppercased() + s.dropFirst()
  }
}
