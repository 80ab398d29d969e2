import Foundation
import Plan
import Reports
import Schema
import XLSX

/// Where everything sits on a table sheet of a generated template: a band
/// row, the header row, then the data rows; the template's fields, its
/// month columns, and the check columns at the right.
///
/// The check columns have their title in the band row only, merged down
/// over the header row: their header cell stays blank, so the validator,
/// which matches the header row, neither reads them nor calls them extra.
struct DisposicionTabla {
  enum Columna {
    case campo(Campo)
    case mes(programacion: Bool, mes: Int, grupo: GrupoMeses)
    case control(Control)
  }

  enum Control: CaseIterable {
    case sumaProgramacion, sumaEjecucion, ultimoProgramado, revision
  }

  static let filaBanda = 1
  static let filaEncabezado = 2
  static let primeraFila = 3

  let hoja: HojaEsquema
  let columnas: [Columna]
  /// Field id → column (1-based).
  let columnaDe: [String: Int]
  /// Month columns, January first; empty without months.
  let prog: [Int]
  let ejec: [Int]
  let ultimaFila: Int

  init(hoja: HojaEsquema, filas: Int) {
    self.hoja = hoja
    var columnas = hoja.campos.map { Columna.campo($0) }
    if let meses = hoja.meses {
      columnas += (1...12).map { .mes(programacion: true, mes: $0, grupo: meses.programacion) }
      columnas += (1...12).map { .mes(programacion: false, mes: $0, grupo: meses.ejecucion) }
      columnas += [.control(.sumaProgramacion), .control(.sumaEjecucion)]
      if Self.comparaUltimoMes(hoja) { columnas.append(.control(.ultimoProgramado)) }
    }
    columnas.append(.control(.revision))
    self.columnas = columnas
    var columnaDe: [String: Int] = [:]
    for (i, c) in columnas.enumerated() {
      if case .campo(let campo) = c { columnaDe[campo.id] = i + 1 }
    }
    self.columnaDe = columnaDe
    let n = hoja.campos.count
    prog = hoja.meses == nil ? [] : Array((n + 1)...(n + 12))
    ejec = hoja.meses == nil ? [] : Array((n + 13)...(n + 24))
    ultimaFila = Self.primeraFila + filas - 1
  }

  /// Whether a row's total is its last programmed month for some
  /// anualización (`Constante`, `Creciente`, `Decreciente`): then a check
  /// column shows that month's value.
  static func comparaUltimoMes(_ hoja: HojaEsquema) -> Bool {
    (hoja.reglas ?? []).contains { r in
      guard case .programacionTotal(_, let id?) = r, let valores = hoja.campo(id)?.valores
      else { return false }
      return valores.contains { $0 != Anualizacion.suma.rawValue }
    }
  }

  func columna(_ control: Control) -> Int? {
    columnas.firstIndex {
      if case .control(let c) = $0 { return c == control }
      return false
    }.map { $0 + 1 }
  }

  /// The columns an office fills: fields and months.
  var columnasDeDatos: ClosedRange<Int> { 1...(hoja.campos.count + prog.count + ejec.count) }

  var filasDeDatos: ClosedRange<Int> { Self.primeraFila...ultimaFila }

  func rango(columna: Int) -> CellRange {
    CellRange(
      first: CellRef(row: Self.primeraFila, column: columna),
      last: CellRef(row: ultimaFila, column: columna))
  }
}

/// A value cell of the form sheet, as other sheets refer to it.
struct CeldaFormulario {
  let hoja: String
  let celda: CellRef
  let valor: ValorFormula

  /// `'Proyecto'!$B$4`.
  var referencia: String {
    "'" + hoja.replacingOccurrences(of: "'", with: "''") + "'!$"
      + CellRef.columnName(celda.column) + "$" + String(celda.row)
  }
}

/// The formulas of the check columns, built from the sheet's rules so
/// that they say in the sheet what the validator will say of the row.
///
/// `Revisión` is one chain of `IF`s: the first rule the row breaks gives
/// its message, else `Correcto`; a blank row gives "". The rules whose
/// full check needs the whole table or a sequence (growth of a
/// `Creciente` programming) are left to the validator and the
/// instructions.
struct ControlesTabla {
  let d: DisposicionTabla
  let esquemas: SchemaSet
  let contexto: ContextoPlantilla
  /// The form's cells, for `igual-al-formulario`: a reference
  /// (`Proyecto!$B$4`) and the value written there.
  let formulario: [String: CeldaFormulario]

  static let correcto = "Correcto"

  private var reglas: [Regla] { d.hoja.reglas ?? [] }

  private func encabezado(_ id: String) -> String { d.hoja.campo(id)?.encabezado ?? id }

  private func celda(_ id: String) -> Formula? { d.columnaDe[id].map(Formula.celda) }

  // MARK: Sums

  func suma(programacion: Bool) -> Formula? {
    let cols = programacion ? d.prog : d.ejec
    guard let a = cols.first, let b = cols.last else { return nil }
    let rango = Formula.rango(a, b)
    return .si(.comparar(.contar(rango), .igual, .numero(0)), .texto(""), .suma(rango))
  }

  /// Whether the sums show as percents: the months are percents for every
  /// row (the activities), not only for some (the indicators).
  var sumasPorcentuales: Bool { d.hoja.meses?.programacion.tipo == .porcentaje }

  // MARK: Revisión

  func revision() -> Formula {
    var pruebas: [(Formula, String)] = []
    pruebas += requeridos()
    pruebas += tipos()
    for regla in reglas {
      pruebas += self.pruebas(de: regla)
    }
    var cadena = Formula.texto(Self.correcto)
    for (condicion, mensaje) in pruebas.reversed() {
      cadena = .si(condicion, .texto(mensaje), cadena)
    }
    let datos = d.columnasDeDatos
    return .si(
      .comparar(.contarA(.rango(datos.lowerBound, datos.upperBound)), .igual, .numero(0)),
      .texto(""), cadena)
  }

  private func requeridos() -> [(Formula, String)] {
    d.hoja.campos.filter { $0.requerido ?? false }.compactMap { campo in
      celda(campo.id).map {
        (.comparar($0, .igual, .texto("")), TextosPlantilla.falta(campo.encabezado))
      }
    }
  }

  /// A number, percent or date column holding text: the validator reads
  /// some such text with a warning and refuses the rest.
  private func tipos() -> [(Formula, String)] {
    d.hoja.campos.compactMap { campo in
      guard let c = celda(campo.id) else { return nil }
      switch campo.tipo {
      case .entero, .numero, .dinero, .porcentaje, .fecha:
        return (
          .y([.comparar(c, .distinto, .texto("")), .no(.esNumero(c))]),
          TextosPlantilla.escritoComoTexto(campo)
        )
      case .texto, .enum:
        return nil
      }
    }
  }

  /// The checks a rule adds to `Revisión`: one switch over the kinds, no
  /// `default:`, so a new kind does not compile until it says what its
  /// formula is, or that it has none.
  private func pruebas(de regla: Regla) -> [(Formula, String)] {
    switch regla {
    case .vigenciaDelCorte, .corteDeLaCorrida:
      // Form rules: no row to check. The form's cell carries a data
      // validation instead (`ValidacionesPlantilla`).
      return []
    case .unico(let ids):
      let cols = ids.compactMap { d.columnaDe[$0] }
      guard !ids.isEmpty, cols.count == ids.count else { return [] }
      return [
        (
          .comparar(.contarIguales(columnas: cols, filas: d.filasDeDatos), .mayor, .numero(1)),
          TextosPlantilla.repetido(ids.map(encabezado))
        )
      ]
    case .mismoTextoPorGrupo(let grupo, let campo):
      guard let g = d.columnaDe[grupo], let c = d.columnaDe[campo] else { return [] }
      return [
        (
          .comparar(
            .contarIguales(columnas: [g], filas: d.filasDeDatos), .distinto,
            .contarIguales(columnas: [g, c], filas: d.filasDeDatos)),
          TextosPlantilla.textoDistintoEnGrupo(encabezado(campo), grupo: encabezado(grupo))
        )
      ]
    case .igualAlFormulario(let id, let fid):
      guard let c = celda(id), let form = formulario[fid] else { return [] }
      return [
        (
          .comparar(.comoTexto(c), .distinto, .comoTexto(.fija(form.referencia, form.valor))),
          TextosPlantilla.distintoAlFormulario(encabezado(id), hoja: form.hoja)
        )
      ]
    case .programacionTotal(let meta, let anualizacion):
      return programacionTotal(meta, anualizacion: anualizacion)
    case .ejecucionMaxima(let total):
      guard let a = d.ejec.first, let b = d.ejec.last else { return [] }
      let suma = Formula.suma(.rango(a, b))
      return [
        (
          .y([.comparar(suma, .mayor, .numero(total)), .no(iguales(suma, .numero(total)))]),
          TextosPlantilla.ejecucionExcede(total, porcentual: sumasPorcentuales)
        )
      ]
    case .mesesDeLaPeriodicidad(let periodicidad, _):
      guard let per = d.columnaDe[periodicidad], !d.prog.isEmpty else { return [] }
      // Per periodicity, the largest value in the months it does not allow.
      let fuera = Periodicidad.allCases.compactMap { p -> Formula? in
        let meses = (1...12).filter { !p.meses.contains($0) }
        guard !meses.isEmpty else { return nil }
        let celdas = meses.flatMap { [Formula.celda(d.prog[$0 - 1]), .celda(d.ejec[$0 - 1])] }
        return .y([
          .comparar(.celda(per), .igual, .texto(p.rawValue)),
          .comparar(.max(celdas), .mayor, .numero(0)),
        ])
      }
      return fuera.isEmpty ? [] : [(.o(fuera), TextosPlantilla.fueraDePeriodicidad)]
    case .ejecucionFaltante:
      guard let corte = contexto.corte, corte.year == contexto.vigencia, !d.ejec.isEmpty else {
        return []
      }
      return (1...corte.month).map { mes in
        (
          .y([programado(mes), .no(.esNumero(.celda(d.ejec[mes - 1])))]),
          TextosPlantilla.faltaEjecucion(mes)
        )
      }
    case .ejecucionPosteriorAlCorte:
      guard let corte = contexto.corte, corte.year == contexto.vigencia, corte.month < 12,
        !d.ejec.isEmpty
      else { return [] }
      let despues = ((corte.month + 1)...12).map {
        Formula.comparar(.n(.celda(d.ejec[$0 - 1])), .mayor, .numero(0))
      }
      return [(.o(despues), TextosPlantilla.ejecucionDespuesDelCorte(corte))]
    case .comparacion(let id, let operador, let otro):
      guard let a = celda(id), let b = celda(otro) else { return [] }
      return [
        (
          .y([.esNumero(a), .esNumero(b), .no(.comparar(a, Self.comparacion(operador), b))]),
          TextosPlantilla.comparacion(encabezado(id), operador, encabezado(otro))
        )
      ]
    case .implica(let si, let entonces):
      guard let a = celda(si.campo), let b = celda(entonces.campo) else { return [] }
      return [
        (
          .y([
            .comparar(a, .igual, .texto(si.valor)), .comparar(b, .distinto, .texto("")),
            .comparar(b, .distinto, .texto(entonces.valor)),
          ]),
          TextosPlantilla.implica(
            encabezado(si.campo), si.valor, encabezado(entonces.campo), entonces.valor)
        )
      ]
    case .fechaHastaElCorte(let id):
      guard let c = celda(id), let corte = contexto.corte else { return [] }
      return [
        (
          .y([.esNumero(c), .comparar(c, .mayor, .numero(Decimal(corte.serial)))]),
          TextosPlantilla.fechaPosterior(encabezado(id), corte)
        )
      ]
    }
  }

  /// A rule's operator as the formula writes it.
  static func comparacion(_ operador: OperadorComparacion) -> Formula.Comparacion {
    switch operador {
    case .menor: return .menor
    case .menorIgual: return .menorIgual
    case .mayor: return .mayor
    case .mayorIgual: return .mayorIgual
    }
  }

  // MARK: Months

  /// The fields the validator takes a row's anualización and periodicity
  /// from: the first rule that names one.
  private var anualizacion: Int? {
    reglas.compactMap(\.anualizacion).first.flatMap { d.columnaDe[$0] }
  }

  private var periodicidad: Int? {
    reglas.compactMap(\.periodicidad).first.flatMap { d.columnaDe[$0] }
  }

  /// `OR($E3="Mensual",…)` over the periodicities that allow the month;
  /// nil when every one does (December).
  private func permiteMes(_ mes: Int, periodicidad col: Int) -> Formula? {
    let todas = Periodicidad.allCases
    let permiten = todas.filter { $0.meses.contains(mes) }
    if permiten.count == todas.count { return nil }
    return .o(permiten.map { .comparar(.celda(col), .igual, .texto($0.rawValue)) })
  }

  /// PLAN: a month is programmed when it holds a number > 0, or, for a
  /// `Decreciente` indicator, any number in a month its periodicity allows.
  private func programado(_ mes: Int) -> Formula {
    let p = Formula.celda(d.prog[mes - 1])
    let positivo = Formula.comparar(.n(p), .mayor, .numero(0))
    guard let anual = anualizacion, let per = periodicidad else { return positivo }
    var condiciones: [Formula] = [
      .esNumero(p), .comparar(.celda(anual), .igual, .texto(Anualizacion.decreciente.rawValue)),
    ]
    if let permite = permiteMes(mes, periodicidad: per) { condiciones.append(permite) }
    return .o([positivo, .y(condiciones)])
  }

  /// The value of the last programmed month, "" when none is.
  func ultimoProgramado() -> Formula? {
    guard d.columna(.ultimoProgramado) != nil else { return nil }
    var f = Formula.texto("")
    for mes in 1...12 {
      f = .si(programado(mes), .celda(d.prog[mes - 1]), f)
    }
    return f
  }

  private enum Porcentual {
    case siempre, nunca
    /// When a field says so (`Unidad de medida` = `Porcentaje`).
    case si(Formula)
  }

  /// Whether the rows' months are percents.
  private var porcentual: Porcentual {
    guard let meses = d.hoja.meses else { return .nunca }
    if meses.programacion.tipo == .porcentaje { return .siempre }
    if let cond = meses.programacion.porcentajeSi, let c = celda(cond.campo) {
      return .si(.comparar(c, .igual, .texto(cond.valor)))
    }
    return .nunca
  }

  /// PLAN: equal within 0,5 % of the larger side, or 0,5 points for
  /// percents (both figures from `pai.json`).
  private func iguales(_ a: Formula, _ b: Formula) -> Formula {
    let diferencia = Formula.abs(.resta(a, b))
    let puntos = Formula.comparar(
      diferencia, .menorIgual, .numero(esquemas.configuracion.toleranciaPuntos))
    let relativa = Formula.comparar(
      diferencia, .menorIgual,
      .producto(.numero(esquemas.configuracion.toleranciaRelativa), .max([.abs(a), .abs(b)])))
    switch porcentual {
    case .siempre: return puntos
    case .si(let condicion): return .si(condicion, puntos, relativa)
    case .nunca: return relativa
    }
  }

  private func programacionTotal(
    _ objetivo: MetaProgramacion, anualizacion idAnual: String?
  ) -> [(Formula, String)] {
    guard let a = d.prog.first, let b = d.prog.last else { return [] }
    let meta: Formula
    let nombreMeta: String?
    let total: Decimal?
    switch objetivo {
    case .total(let t):
      meta = .numero(t)
      nombreMeta = nil
      total = t
    case .campo(let id):
      guard let c = celda(id) else { return [] }
      meta = c
      nombreMeta = encabezado(id)
      total = nil
    }
    // With the last programmed month in its own column, the checks refer
    // to it instead of repeating its formula (Excel caps a formula at
    // 8.192 characters).
    let ultimo = d.columna(.ultimoProgramado).map(Formula.celda)
    var pruebas: [(Formula, String)] = [
      (
        ultimo.map { .comparar($0, .igual, .texto("")) } ?? .no(.o((1...12).map(programado))),
        TextosPlantilla.sinProgramacion
      )
    ]
    let suma = Formula.suma(.rango(a, b))
    let noSuma = Formula.no(iguales(suma, meta))
    let mensajeSuma = TextosPlantilla.noSuma(
      nombreMeta, total: total, porcentual: sumasPorcentuales)
    guard let idAnual, let anual = celda(idAnual) else {
      return pruebas + [(noSuma, mensajeSuma)]
    }
    func es(_ a: Anualizacion) -> Formula { .comparar(anual, .igual, .texto(a.rawValue)) }
    let tipos = Set((d.hoja.campo(idAnual)?.valores ?? []).compactMap(Anualizacion.init(rawValue:)))
    let nombre = nombreMeta ?? "100 %"
    if tipos.contains(.suma) { pruebas.append((.y([es(.suma), noSuma]), mensajeSuma)) }
    // The validator: a constant goal checks its last programmed month; an
    // indicator (a row with a periodicity) every programmed month.
    var porUltimo: [Anualizacion] = [.creciente, .decreciente].filter(tipos.contains)
    if tipos.contains(.constante) {
      if periodicidad != nil {
        let distinto = (1...12).map { mes -> Formula in
          let p = Formula.celda(d.prog[mes - 1])
          return .y([.comparar(.n(p), .mayor, .numero(0)), .no(iguales(p, meta))])
        }
        pruebas.append(
          (.y([es(.constante), .o(distinto)]), TextosPlantilla.constanteDistinta(nombre)))
      } else {
        porUltimo.insert(.constante, at: 0)
      }
    }
    if !porUltimo.isEmpty, let ultimo {
      pruebas.append(
        (
          .y([.o(porUltimo.map(es)), .no(iguales(ultimo, meta))]),
          TextosPlantilla.ultimoDistinto(nombre)
        ))
    }
    return pruebas
  }
}
