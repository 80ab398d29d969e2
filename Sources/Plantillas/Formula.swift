import Foundation
import XLSX

/// A value as a spreadsheet formula sees it: a number, text, a truth
/// value, or a blank cell.
enum ValorFormula: Equatable {
  case numero(Decimal)
  case texto(String)
  case logico(Bool)
  case vacio

  /// Excel's coercion to a number inside arithmetic and `N()`: blank is 0,
  /// TRUE is 1, text is 0 here (`N("5")` is 0; the formulas never do
  /// arithmetic on text, they guard it with `N` or `ISNUMBER`).
  var numero: Decimal {
    switch self {
    case .numero(let d): return d
    case .logico(let b): return b ? 1 : 0
    case .texto, .vacio: return 0
    }
  }

  var verdadero: Bool {
    switch self {
    case .logico(let b): return b
    case .numero(let d): return d != 0
    case .texto, .vacio: return false
    }
  }
}

/// A formula over the cells of one row, written once and used twice: as
/// the text of the cell's `<f>` and, evaluated here, as its cached result.
/// Only the few functions the check columns need, with the semantics
/// Excel and LibreOffice give them.
indirect enum Formula {
  /// A cell of the row, by 1-based column.
  case celda(Int)
  /// The cells of the row from one column to another (`H3:S3`).
  case rango(Int, Int)
  case numero(Decimal)
  case texto(String)
  case si(Formula, Formula, Formula)
  case y([Formula])
  case o([Formula])
  case no(Formula)
  case esNumero(Formula)
  /// `N(x)`: the number in a cell, 0 for text or blank.
  case n(Formula)
  case abs(Formula)
  case max([Formula])
  case suma(Formula)
  /// Numbers in a range (`COUNT`).
  case contar(Formula)
  /// Non-blank cells in a range (`COUNTA`).
  case contarA(Formula)
  /// Rows of the whole table whose cells in `columnas` equal this row's
  /// (`COUNTIFS($B$3:$B$202,B3,…)`), over rows `filas`.
  case contarIguales(columnas: [Int], filas: ClosedRange<Int>)
  case comparar(Formula, Comparacion, Formula)
  /// A reference outside the row (`Proyecto!$B$4`) whose value is known
  /// when the sheet is written.
  case fija(String, ValorFormula)
  /// `(x&"")`: the value as text, so `7867` and `"7867"` compare equal.
  case comoTexto(Formula)
  case resta(Formula, Formula)
  case producto(Formula, Formula)

  enum Comparacion: String {
    case igual = "="
    case distinto = "<>"
    case menor = "<"
    case menorIgual = "<="
    case mayor = ">"
    case mayorIgual = ">="
  }

  /// The formula text for row `fila`, without `=`. References to other
  /// columns are column-absolute (`$E3`) so the same text reads right in
  /// a validation that spans several columns.
  func texto(fila: Int) -> String {
    func ref(_ c: Int) -> String { "$" + CellRef.columnName(c) + String(fila) }
    func lista(_ fs: [Formula]) -> String { fs.map { $0.texto(fila: fila) }.joined(separator: ",") }
    switch self {
    case .celda(let c): return ref(c)
    case .rango(let a, let b): return ref(a) + ":" + ref(b)
    // Decimal's description is invariant: `0.005`, `-3`.
    case .numero(let d): return "\(d)"
    case .texto(let s): return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    case .si(let c, let a, let b): return "IF(\(lista([c, a, b])))"
    case .y(let fs): return "AND(\(lista(fs)))"
    case .o(let fs): return "OR(\(lista(fs)))"
    case .no(let f): return "NOT(\(f.texto(fila: fila)))"
    case .esNumero(let f): return "ISNUMBER(\(f.texto(fila: fila)))"
    case .n(let f): return "N(\(f.texto(fila: fila)))"
    case .abs(let f): return "ABS(\(f.texto(fila: fila)))"
    case .max(let fs): return "MAX(\(lista(fs)))"
    case .suma(let f): return "SUM(\(f.texto(fila: fila)))"
    case .contar(let f): return "COUNT(\(f.texto(fila: fila)))"
    case .contarA(let f): return "COUNTA(\(f.texto(fila: fila)))"
    case .contarIguales(let columnas, let filas):
      let partes = columnas.map { c -> String in
        let letra = CellRef.columnName(c)
        return "$\(letra)$\(filas.lowerBound):$\(letra)$\(filas.upperBound),\(ref(c))"
      }
      return "COUNTIFS(\(partes.joined(separator: ",")))"
    case .comparar(let a, let op, let b):
      return a.texto(fila: fila) + op.rawValue + b.texto(fila: fila)
    case .fija(let referencia, _): return referencia
    case .comoTexto(let f): return "(\(f.texto(fila: fila))&\"\")"
    case .resta(let a, let b): return "(\(a.texto(fila: fila))-\(b.texto(fila: fila)))"
    case .producto(let a, let b): return a.texto(fila: fila) + "*" + b.texto(fila: fila)
    }
  }

  /// The result for one row of a table.
  ///
  /// - Parameters:
  ///   - celda: the row's value in a column.
  ///   - tabla: every row's value in a column, by row number (for
  ///     `COUNTIFS`).
  func evaluar(
    _ celda: (Int) -> ValorFormula, tabla: (Int, Int) -> ValorFormula = { _, _ in .vacio }
  ) -> ValorFormula {
    func valores(_ f: Formula) -> [ValorFormula] {
      if case .rango(let a, let b) = f { return (a...b).map(celda) }
      return [f.evaluar(celda, tabla: tabla)]
    }
    switch self {
    case .celda(let c): return celda(c)
    case .rango(let a, _): return celda(a)
    case .numero(let d): return .numero(d)
    case .texto(let s): return .texto(s)
    case .si(let c, let a, let b):
      return c.evaluar(celda, tabla: tabla).verdadero
        ? a.evaluar(celda, tabla: tabla) : b.evaluar(celda, tabla: tabla)
    case .y(let fs): return .logico(fs.allSatisfy { $0.evaluar(celda, tabla: tabla).verdadero })
    case .o(let fs): return .logico(fs.contains { $0.evaluar(celda, tabla: tabla).verdadero })
    case .no(let f): return .logico(!f.evaluar(celda, tabla: tabla).verdadero)
    case .esNumero(let f):
      if case .numero = f.evaluar(celda, tabla: tabla) { return .logico(true) }
      return .logico(false)
    case .n(let f):
      if case .numero(let d) = f.evaluar(celda, tabla: tabla) { return .numero(d) }
      return .numero(0)
    case .abs(let f): return .numero(Swift.abs(f.evaluar(celda, tabla: tabla).numero))
    case .max(let fs):
      let numeros = fs.flatMap(valores).compactMap { v -> Decimal? in
        if case .numero(let d) = v { return d }
        return nil
      }
      return .numero(numeros.max() ?? 0)
    case .suma(let f):
      return .numero(
        valores(f).reduce(Decimal(0)) {
          if case .numero(let d) = $1 { return $0 + d }
          return $0
        })
    case .contar(let f):
      return .numero(
        Decimal(
          valores(f).filter { if case .numero = $0 { return true } else { return false } }.count))
    case .contarA(let f):
      return .numero(Decimal(valores(f).filter { $0 != .vacio }.count))
    case .contarIguales(let columnas, let filas):
      let propios = columnas.map(celda)
      let cuenta = filas.filter { fila in
        zip(columnas, propios).allSatisfy { Self.iguales(tabla(fila, $0), $1) }
      }.count
      return .numero(Decimal(cuenta))
    case .comparar(let a, let op, let b):
      return .logico(
        Self.comparar(a.evaluar(celda, tabla: tabla), op, b.evaluar(celda, tabla: tabla)))
    case .fija(_, let valor): return valor
    case .comoTexto(let f):
      switch f.evaluar(celda, tabla: tabla) {
      case .numero(let d): return .texto("\(d)")
      case .texto(let s): return .texto(s)
      case .logico(let b): return .texto(b ? "TRUE" : "FALSE")
      case .vacio: return .texto("")
      }
    case .resta(let a, let b):
      return .numero(a.evaluar(celda, tabla: tabla).numero - b.evaluar(celda, tabla: tabla).numero)
    case .producto(let a, let b):
      return .numero(a.evaluar(celda, tabla: tabla).numero * b.evaluar(celda, tabla: tabla).numero)
    }
  }

  /// COUNTIFS matching: text ignores case; a blank criterion matches
  /// nothing here (the check columns only count rows whose keys are
  /// filled).
  private static func iguales(_ a: ValorFormula, _ b: ValorFormula) -> Bool {
    switch (a, b) {
    case (.numero(let x), .numero(let y)): return x == y
    case (.texto(let x), .texto(let y)): return x.lowercased() == y.lowercased()
    case (.numero(let x), .texto(let y)), (.texto(let y), .numero(let x)):
      return Decimal(string: y, locale: Locale(identifier: "en_US_POSIX")) == x
    default: return false
    }
  }

  /// Excel's comparison: a blank is 0 against a number and "" against
  /// text; text compares ignoring case; numbers sort before text.
  private static func comparar(_ a: ValorFormula, _ op: Comparacion, _ b: ValorFormula) -> Bool {
    func orden(_ v: ValorFormula, _ otro: ValorFormula) -> (Int, Decimal, String) {
      switch v {
      case .numero(let d): return (0, d, "")
      case .texto(let s): return (1, 0, s.lowercased())
      case .logico(let l): return (2, l ? 1 : 0, "")
      case .vacio:
        if case .texto = otro { return (1, 0, "") }
        return (0, 0, "")
      }
    }
    let x = orden(a, b)
    let y = orden(b, a)
    let menor = x.0 != y.0 ? x.0 < y.0 : (x.0 == 1 ? x.2 < y.2 : x.1 < y.1)
    let igual = x.0 == y.0 && x.1 == y.1 && x.2 == y.2
    switch op {
    case .igual: return igual
    case .distinto: return !igual
    case .menor: return menor
    case .menorIgual: return menor || igual
    case .mayor: return !menor && !igual
    case .mayorIgual: return !menor
    }
  }
}
