import Foundation
import XLSX

/// Workbooks made from the example's, as an office would edit them: the
/// same sheets and cells, some rows left out or some cells changed.
public enum Libros {
  /// Copies `origen`'s sheets into a new workbook at `destino`, keeping
  /// the rows `conservar` accepts at their row numbers; `editar` may change
  /// a kept row's cells (index 0 is column A) before it is written, and
  /// may lengthen it.
  public static func copiar(
    _ origen: URL, a destino: URL, conservar: (String, Row) -> Bool = { _, _ in true },
    editar: (String, Row, inout [WriteCell?]) -> Void = { _, _, _ in }
  ) throws {
    let libro = try Workbook(path: origen.path)
    let nuevo = try WorkbookWriter(path: destino.path)
    for info in libro.sheets where info.kind == .worksheet {
      let hoja = try nuevo.addSheet(info.name)
      let lector = try libro.rows(in: info)
      var siguiente = 1
      while let fila = try lector.nextRow() {
        guard conservar(info.name, fila) else { continue }
        while siguiente < fila.index {
          try hoja.appendRow([])
          siguiente += 1
        }
        var celdas = [WriteCell?](repeating: nil, count: fila.cells.map(\.column).max() ?? 0)
        for c in fila.cells { celdas[c.column - 1] = celda(c) }
        editar(info.name, fila, &celdas)
        try hoja.appendRow(celdas)
        siguiente += 1
      }
    }
    try nuevo.close()
  }

  /// Sets column `columna` (1 is A) of a row being copied, lengthening it.
  public static func poner(_ celda: WriteCell?, columna: Int, en celdas: inout [WriteCell?]) {
    if celdas.count < columna {
      celdas += [WriteCell?](repeating: nil, count: columna - celdas.count)
    }
    celdas[columna - 1] = celda
  }

  /// A read cell as the writer takes it: numbers keep their percent or
  /// date format.
  public static func celda(_ c: Cell) -> WriteCell? {
    switch c.value {
    case .number(let s):
      guard let d = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")) else {
        return nil
      }
      switch c.kind {
      case .percent: return WriteCell(.number(d), style: .percent)
      case .date: return WriteCell(.number(d), style: .date)
      default: return WriteCell(.number(d))
      }
    case .text(let t): return WriteCell(.text(t))
    case .bool(let b): return WriteCell(.bool(b))
    case .isoDate(let t): return WriteCell(.text(t))
    case .error, .notComputed: return nil
    }
  }
}
