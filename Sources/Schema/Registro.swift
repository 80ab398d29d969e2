import Foundation
import Plan
import XLSX

/// One record of a table sheet (or the single record of a form), its
/// values typed and each value's cell remembered for findings.
struct Registro {
  let fila: Int
  var valores: [String: ValorTipado] = [:]
  var celdas: [String: CellRef] = [:]
  var prog: Meses = Array(repeating: nil, count: 12)
  var ejec: Meses = Array(repeating: nil, count: 12)
  var celdasProg: [CellRef?] = Array(repeating: nil, count: 12)
  var celdasEjec: [CellRef?] = Array(repeating: nil, count: 12)
  /// Month cells read as percents: totals compare in points.
  var porcentual = false

  init(fila: Int) { self.fila = fila }

  func texto(_ id: String) -> String? { valores[id]?.texto }
  func numero(_ id: String) -> Decimal? { valores[id]?.numero }
  func fecha(_ id: String) -> Fecha? { valores[id]?.fecha }

  /// The cell to point at for a field; the row's first cell when the field
  /// had no column (then the finding still names the row).
  func celda(_ id: String) -> CellRef {
    celdas[id] ?? celdas.values.min() ?? CellRef(row: fila, column: 1)
  }
}

/// The columns of a table sheet, found in its header row.
struct Columnas {
  var fila: Int
  var campos: [String: Int] = [:]
  var prog: [Int: Int] = [:]
  var ejec: [Int: Int] = [:]
  var extras: [(columna: Int, texto: String)] = []

  init(fila: Int) { self.fila = fila }

  var todas: Set<Int> { Set(campos.values).union(prog.values).union(ejec.values) }
}
