import Foundation
import Plan
import Reports
import Schema
import XLSX

/// The data validation of each column of a generated template, from the
/// field's type, bounds and list and the sheet's rules: what the
/// validator would refuse, refused (or questioned) as it is typed.
struct ValidacionesPlantilla {
  let esquemas: SchemaSet
  let contexto: ContextoPlantilla
  /// Lists too long to write inline go on the hidden `Listas` sheet.
  var listas: HojaListas

  /// One column's check, its prompt and its error box.
  struct Regla {
    var regla: ValidationRule
    var descripcion: String
    var error: String
    var estilo: ValidationErrorStyle = .stop
  }

  /// What a rule asks of cells that a data validation can check as they
  /// are typed: one switch over the kinds, no `default:`, so a new kind
  /// says whether it has one. Rules over the whole row or table are left
  /// to the `Revisión` column.
  enum Restriccion: Equatable {
    case vigencia(campo: String)
    case corte(campo: String)
    case hastaElCorte(campo: String)
    case igualAlFormulario(campo: String, formulario: String)
    case comparacion(campo: String, OperadorComparacion, otro: String)
    /// Execution months after the corte: only 0.
    case ejecucionTrasElCorte
    /// Month cells: only 0 in a month the row's periodicity (this field)
    /// does not allow.
    case periodicidad(campo: String)

    init?(_ regla: Schema.Regla) {
      switch regla {
      case .vigenciaDelCorte(let id): self = .vigencia(campo: id)
      case .corteDeLaCorrida(let id): self = .corte(campo: id)
      case .fechaHastaElCorte(let id): self = .hastaElCorte(campo: id)
      case .igualAlFormulario(let id, let f): self = .igualAlFormulario(campo: id, formulario: f)
      case .comparacion(let id, let op, let otro): self = .comparacion(campo: id, op, otro: otro)
      case .ejecucionPosteriorAlCorte: self = .ejecucionTrasElCorte
      case .mesesDeLaPeriodicidad(let id, _): self = .periodicidad(campo: id)
      case .unico, .mismoTextoPorGrupo, .programacionTotal, .ejecucionMaxima, .ejecucionFaltante,
        .implica:
        return nil
      }
    }
  }

  func valores(_ campo: Campo) -> [String] {
    campo.valores ?? campo.lista.flatMap { esquemas.listas[$0] } ?? []
  }

  func descripcion(_ campo: Campo, hoja: HojaEsquema) -> String {
    TextosPlantilla.tipo(
      campo.tipo, minimo: campo.minimo, minimoExclusivo: campo.minimoExclusivo,
      maximo: campo.maximo, valores: valores(campo),
      porcentajeSi: condicion(campo.porcentajeSi, hoja))
  }

  func descripcion(_ grupo: GrupoMeses, hoja: HojaEsquema) -> String {
    TextosPlantilla.tipo(
      grupo.tipo, minimo: grupo.minimo, minimoExclusivo: nil, maximo: grupo.maximo, valores: [],
      porcentajeSi: condicion(grupo.porcentajeSi, hoja))
  }

  /// `(Unidad de medida, Porcentaje)`: the condition with its field's header.
  private func condicion(_ c: Condicion?, _ hoja: HojaEsquema) -> (String, String)? {
    c.map { (hoja.campo($0.campo)?.encabezado ?? $0.campo, $0.valor) }
  }

  /// A list rule: inline when Excel can hold it, else a range of `Listas`.
  mutating func lista(_ nombre: String, _ valores: [String]) -> ValidationRule {
    let inline = ValidationRule.list(valores)
    let cabe =
      valores.allSatisfy { !$0.contains(",") && !$0.isEmpty }
      && valores.joined(separator: ",").utf16.count <= 255
    return cabe ? inline : listas.rango(nombre, valores)
  }

  // MARK: Fields

  /// - Parameters:
  ///   - celda: the column's first cell, which relative formulas start from.
  ///   - columnaDe: the sheet's field columns, for rules between fields.
  ///   - formulario: the form's cells, for `igual-al-formulario`.
  mutating func regla(
    _ campo: Campo, hoja: HojaEsquema, celda: CellRef, columnaDe: [String: Int],
    formulario: [String: CeldaFormulario]
  ) -> Regla {
    let reglas = (hoja.reglas ?? []).compactMap(Restriccion.init)
    // Formulas relative to the column's first cell, as Excel reads them.
    let yo = Formula.celda(celda.column)
    func texto(_ f: Formula) -> String { f.texto(fila: celda.row) }
    func otra(_ id: String) -> String? { columnaDe[id].map { texto(.celda($0)) } }
    let desc = descripcion(campo, hoja: hoja)
    let errorTipo = TextosPlantilla.errorTipo(desc)

    switch campo.tipo {
    case .enum:
      let vs = valores(campo)
      return Regla(
        regla: lista(campo.encabezado, vs), descripcion: desc,
        error: TextosPlantilla.errorLista(vs))

    case .texto:
      let fid = reglas.lazy.compactMap { r -> String? in
        guard case .igualAlFormulario(campo.id, let fid) = r else { return nil }
        return fid
      }.first
      if let fid, let form = formulario[fid] {
        return Regla(
          regla: .custom(
            texto(.comparar(.comoTexto(yo), .igual, .comoTexto(.fija(form.referencia, form.valor))))
          ),
          descripcion: desc + "; el mismo de la hoja \(form.hoja)",
          error: TextosPlantilla.errorFormulario(campo.encabezado, hoja: form.hoja))
      }
      if let conocido = valorConocido(campo) {
        return Regla(
          regla: lista(campo.encabezado, [conocido]),
          descripcion: desc + ": \(conocido)",
          error: TextosPlantilla.errorSoloValor(conocido, columna: campo.encabezado),
          estilo: .warning)
      }
      if let n = digitosDelPatron(campo.patron) {
        return Regla(
          regla: .textLength(.equal(.number(Decimal(n)))),
          descripcion: desc + " de \(n) dígitos", error: "Escriba \(n) dígitos.")
      }
      return Regla(regla: .any, descripcion: desc, error: "")

    case .fecha:
      if let corte = contexto.corte,
        reglas.contains(.corte(campo: campo.id))
      {
        return Regla(
          regla: .date(.equal(fecha(corte))),
          descripcion: "Fecha de corte: \(Formato.fecha(corte))",
          error: TextosPlantilla.errorIgual(campo.encabezado, Formato.fecha(corte)))
      }
      if let corte = contexto.corte,
        reglas.contains(.hastaElCorte(campo: campo.id))
      {
        return Regla(
          regla: .date(.lessThanOrEqual(fecha(corte))),
          descripcion: desc + " hasta el corte (\(Formato.fecha(corte)))",
          error: TextosPlantilla.errorFechaCorte(campo.encabezado, corte))
      }
      return Regla(
        regla: .date(
          .between(.date(year: 1900, month: 1, day: 1), .date(year: 9999, month: 12, day: 31))),
        descripcion: desc, error: errorTipo)

    case .entero, .numero, .dinero, .porcentaje:
      if reglas.contains(.vigencia(campo: campo.id)) {
        let v = String(contexto.vigencia)
        return Regla(
          regla: .whole(.equal(.number(Decimal(contexto.vigencia)))), descripcion: "Vigencia: \(v)",
          error: TextosPlantilla.errorIgual(campo.encabezado, v))
      }
      if campo.porcentajeSi != nil {
        return Regla(regla: .custom(texto(.esNumero(yo))), descripcion: desc, error: errorTipo)
      }
      // PLAN: a value compared with another column of the row (compromisos
      // ≤ apropiación) is bounded by that cell; the order of typing
      // matters then, so the box only questions.
      let comparacion = reglas.lazy.compactMap { r -> (OperadorComparacion, String)? in
        guard case .comparacion(campo.id, let op, let otro) = r,
          op == .menorIgual || op == .mayorIgual
        else { return nil }
        return (op, otro)
      }.first
      if let (op, id) = comparacion, let ref = otra(id) {
        let otroNombre = hoja.campo(id)?.encabezado ?? id
        let minimo = campo.minimo ?? campo.minimoExclusivo
        let condicion: ValidationCondition =
          op == .menorIgual
          ? (minimo.map { .between(.number($0), .formula(ref)) } ?? .lessThanOrEqual(.formula(ref)))
          : .greaterThanOrEqual(.formula(ref))
        let d =
          desc + ", " + TextosPlantilla.operadorEnPalabras(op) + " "
          + TextosPlantilla.citado(otroNombre)
        return Regla(
          regla: numerica(campo.tipo, condicion), descripcion: d,
          error: TextosPlantilla.errorTipo(d), estilo: .warning)
      }
      guard let condicion = condicion(campo.minimo, campo.minimoExclusivo, campo.maximo) else {
        return Regla(
          regla: campo.tipo == .entero
            ? .whole(.between(.number(-999_999_999), .number(999_999_999)))
            : .custom(texto(.esNumero(yo))),
          descripcion: desc, error: errorTipo)
      }
      return Regla(regla: numerica(campo.tipo, condicion), descripcion: desc, error: errorTipo)
    }
  }

  /// The value the context fixes for a text column: the process or the
  /// office the template is for (PLAN's field ids `proceso`, `dependencia`).
  func valorConocido(_ campo: Campo) -> String? {
    switch campo.id {
    case "proceso": return contexto.proceso
    case "dependencia": return contexto.dependencia
    default: return nil
    }
  }

  /// `^[0-9]{4}$` → 4.
  private func digitosDelPatron(_ patron: String?) -> Int? {
    guard let p = patron, p.hasPrefix("^[0-9]{"), p.hasSuffix("}$") else { return nil }
    return Int(p.dropFirst(7).dropLast(2))
  }

  private func fecha(_ f: Fecha) -> ValidationValue {
    .date(year: f.year, month: f.month, day: f.day)
  }

  private func numerica(_ tipo: TipoCampo, _ c: ValidationCondition) -> ValidationRule {
    tipo == .entero ? .whole(c) : .decimal(c)
  }

  private func condicion(_ minimo: Decimal?, _ exclusivo: Decimal?, _ maximo: Decimal?)
    -> ValidationCondition?
  {
    switch (minimo, exclusivo, maximo) {
    case (let a?, _, let b?): return .between(.number(a), .number(b))
    case (let a?, _, nil): return .greaterThanOrEqual(.number(a))
    case (nil, let a?, _): return .greaterThan(.number(a))
    case (nil, nil, let b?): return .lessThanOrEqual(.number(b))
    case (nil, nil, nil): return nil
    }
  }

  // MARK: Months

  /// A month column: the group's type and bounds; after the corte only 0
  /// (PLAN: no execution after the corte); for an indicator, only 0 in a
  /// month its periodicity does not allow.
  func regla(
    mes: Int, programacion: Bool, grupo: GrupoMeses, hoja: HojaEsquema, celda: CellRef,
    columnaDe: [String: Int]
  ) -> Regla {
    let yo = Formula.celda(celda.column)
    func texto(_ f: Formula) -> String { f.texto(fila: celda.row) }
    let desc = descripcion(grupo, hoja: hoja)
    let reglas = (hoja.reglas ?? []).compactMap(Restriccion.init)
    if !programacion, let corte = contexto.corte, corte.year == contexto.vigencia,
      mes > corte.month, reglas.contains(.ejecucionTrasElCorte)
    {
      return Regla(
        regla: .decimal(.equal(.number(0))),
        descripcion: "Después del corte (\(Formato.fecha(corte))): déjela vacía o en 0",
        error: TextosPlantilla.errorPosteriorAlCorte(corte))
    }
    let periodicidad = reglas.lazy.compactMap { r -> String? in
      guard case .periodicidad(let id) = r else { return nil }
      return id
    }.first
    if let id = periodicidad, let col = columnaDe[id] {
      let permiten = Periodicidad.allCases.filter { $0.meses.contains(mes) }.map(\.rawValue)
      if permiten.count < Periodicidad.allCases.count {
        let casos = permiten.map { Formula.comparar(.celda(col), .igual, .texto($0)) }
        let f = Formula.y([.esNumero(yo), .o([.comparar(yo, .igual, .numero(0))] + casos)])
        return Regla(
          regla: .custom(texto(f)),
          descripcion: desc
            + ". En \(TextosPlantilla.meses[mes - 1]) solo \(TextosPlantilla.enumeracion(permiten, conjuncion: "o"))",
          error: TextosPlantilla.errorPeriodicidad(mes, permiten))
      }
    }
    guard let c = condicion(grupo.minimo, nil, grupo.maximo) else {
      return Regla(
        regla: .custom(texto(.esNumero(yo))), descripcion: desc,
        error: TextosPlantilla.errorTipo(desc))
    }
    return Regla(regla: .decimal(c), descripcion: desc, error: TextosPlantilla.errorTipo(desc))
  }
}

/// The hidden `Listas` sheet: one column per list that is too long to
/// write inside a validation (the 18 plans), values from row 2.
struct HojaListas {
  static let nombre = "Listas"
  private(set) var columnas: [(nombre: String, valores: [String])] = []

  mutating func rango(_ nombre: String, _ valores: [String]) -> ValidationRule {
    let i: Int
    if let existente = columnas.firstIndex(where: { $0.valores == valores }) {
      i = existente
    } else {
      columnas.append((nombre, valores))
      i = columnas.count - 1
    }
    return .listRange(
      sheet: Self.nombre,
      range: CellRange(
        first: CellRef(row: 2, column: i + 1), last: CellRef(row: valores.count + 1, column: i + 1))
    )
  }

  /// The sheet's rows: names, then values.
  var filas: [[WriteCell?]] {
    let alto = columnas.map(\.valores.count).max() ?? 0
    var filas: [[WriteCell?]] = [columnas.map { WriteCell(.text($0.nombre), style: .header) }]
    for i in 0..<alto {
      filas.append(
        columnas.map { i < $0.valores.count ? WriteCell(.text($0.valores[i]), style: .text) : nil })
    }
    return filas
  }
}
