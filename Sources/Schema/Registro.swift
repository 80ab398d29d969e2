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
  /// The record's cells that already have an error of their own (not a
  /// number, out of range, not in the list, an error value, blank when
  /// required). Rules derive nothing from them: one finding per mistake.
  var erroneas: Set<CellRef> = []

  init(fila: Int) { self.fila = fila }

  func texto(_ id: String) -> String? { valores[id]?.texto }
  func numero(_ id: String) -> Decimal? { valores[id]?.numero }
  func fecha(_ id: String) -> Fecha? { valores[id]?.fecha }

  /// Whether the field's cell has an error of its own.
  func erroneo(_ id: String) -> Bool {
    celdas[id].map(erroneas.contains) ?? false
  }

  /// Whether a month's programming (or execution) cell has an error of its own.
  func mesErroneo(_ mes: Int, programacion: Bool) -> Bool {
    (programacion ? celdasProg : celdasEjec)[mes - 1].map(erroneas.contains) ?? false
  }

  /// Whether any of the twelve programming (or execution) cells has one:
  /// a sum over them is then unknown.
  func algunMesErroneo(programacion: Bool) -> Bool {
    (1...12).contains { mesErroneo($0, programacion: programacion) }
  }

  /// Every cell the record was read from.
  var todasLasCeldas: [CellRef] {
    Array(celdas.values) + celdasProg.compactMap { $0 } + celdasEjec.compactMap { $0 }
  }

  /// The cell to point at for a field; the row's first cell when the field
  /// had no column (then the finding still names the row).
  func celda(_ id: String) -> CellRef {
    celdas[id] ?? celdas.values.min() ?? CellRef(row: fila, column: 1)
  }
}

extension Array where Element == Registro {
  /// Marks in each record the cells that one of the sheet's findings
  /// reports as an error, so the rules leave them alone.
  mutating func marcarErroneas(_ hallazgos: [Hallazgo]) {
    let conError = Set(hallazgos.filter { $0.severidad == .error }.compactMap(\.ubicacion.celda))
    guard !conError.isEmpty else { return }
    for i in indices {
      self[i].erroneas = Set(self[i].todasLasCeldas.filter(conError.contains))
    }
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
