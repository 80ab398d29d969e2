import Foundation
import Plan
import Reports
import Schema
import XLSX

/// Writes a template workbook from its schema: `Instrucciones` first, then
/// the template's sheets with their exact headers, number formats, data
/// validations, input prompts and check columns, then a hidden `Listas`
/// sheet when a list is too long to write inside a validation.
///
/// The validator recognises the result as its template: the check
/// columns have no header in the header row, and `Instrucciones` and
/// `Listas` belong to no template, so a correctly filled copy comes back
/// without a finding.
public enum GeneradorPlantillas {
  /// Empty data rows each table sheet offers, formatted and validated.
  public static let filasPorHoja = 200

  /// Writes `plantilla` to `ruta`.
  ///
  /// - Parameters:
  ///   - contexto: vigencia, corte and whom it is for; known values are
  ///     written into the form or offered as a column's only choice.
  ///   - datos: rows and form values to write as well (tests fill a
  ///     template this way); the check columns carry their results.
  /// - Throws: what `WorkbookWriter` throws (a directory that does not
  ///   exist, a full disk).
  public static func escribir(
    _ plantilla: Plantilla, esquemas: SchemaSet, contexto: ContextoPlantilla,
    datos: DatosPlantilla = DatosPlantilla(), en ruta: String
  ) throws {
    var escritor = Escritor(
      plantilla: plantilla, esquemas: esquemas, contexto: contexto, datos: datos)
    try escritor.escribir(en: ruta)
  }
}

private struct Escritor {
  let plantilla: Plantilla
  let esquemas: SchemaSet
  let contexto: ContextoPlantilla
  let datos: DatosPlantilla
  var validaciones: ValidacionesPlantilla
  /// The form's value cells by field id, once the form is laid out.
  var formulario: [String: CeldaFormulario] = [:]

  init(
    plantilla: Plantilla, esquemas: SchemaSet, contexto: ContextoPlantilla, datos: DatosPlantilla
  ) {
    self.plantilla = plantilla
    self.esquemas = esquemas
    self.contexto = contexto
    self.datos = datos
    validaciones = ValidacionesPlantilla(
      esquemas: esquemas, contexto: contexto, listas: HojaListas())
  }

  mutating func escribir(en ruta: String) throws {
    let libro = try WorkbookWriter(path: ruta)
    var opciones = SheetOptions()
    opciones.columnWidths = InstruccionesPlantilla.anchos
    opciones.tabColor = "1F4E79"
    let instrucciones = try libro.addSheet("Instrucciones", options: opciones)
    let texto = InstruccionesPlantilla(
      plantilla: plantilla, esquemas: esquemas, contexto: contexto, validaciones: validaciones)
    for fila in texto.filas() { try instrucciones.appendRow(fila) }

    // The form first: the tables refer to its cells.
    for hoja in plantilla.hojas where hoja.tipo == .formulario {
      try escribirFormulario(hoja, libro)
    }
    for hoja in plantilla.hojas where hoja.tipo == .tabla {
      try escribirTabla(hoja, libro)
    }
    let listas = validaciones.listas
    if !listas.columnas.isEmpty {
      var opciones = SheetOptions()
      opciones.hidden = true
      opciones.columnWidths = Dictionary(
        uniqueKeysWithValues: listas.columnas.indices.map { ($0 + 1, 60.0) })
      let hoja = try libro.addSheet(HojaListas.nombre, options: opciones)
      for fila in listas.filas { try hoja.appendRow(fila) }
    }
    try libro.close()
  }

  // MARK: Form

  static let primeraFilaFormulario = 4

  /// The form's values: what the context knows, then the given data.
  private func valoresFormulario(_ hoja: HojaEsquema) -> [String: DatoPlantilla] {
    var valores: [String: DatoPlantilla] = [:]
    for regla in hoja.reglas ?? [] {
      if let (id, dato) = valorFijado(por: regla) { valores[id] = dato }
    }
    // PLAN's field ids; the normaliser reads the same ones.
    if let p = contexto.proyecto {
      valores["codigo"] = .texto(p.codigo)
      if let nombre = p.nombre { valores["nombre"] = .texto(nombre) }
    }
    if let d = contexto.dependencia { valores["dependencia"] = .texto(d) }
    return valores.merging(datos.formulario) { $1 }
  }

  /// The value a rule fixes for a cell, which the template then writes
  /// in: the vigencia and the corte of the run. One switch over the kinds,
  /// so a new kind says whether it fixes one.
  private func valorFijado(por regla: Regla) -> (String, DatoPlantilla)? {
    switch regla {
    case .vigenciaDelCorte(let id): return (id, .numero(Decimal(contexto.vigencia)))
    case .corteDeLaCorrida(let id): return contexto.corte.map { (id, .fecha($0)) }
    case .igualAlFormulario, .unico, .mismoTextoPorGrupo, .programacionTotal, .ejecucionMaxima,
      .ejecucionFaltante, .ejecucionPosteriorAlCorte, .mesesDeLaPeriodicidad, .comparacion,
      .implica, .fechaHastaElCorte:
      return nil
    }
  }

  private mutating func escribirFormulario(_ hoja: HojaEsquema, _ libro: WorkbookWriter) throws {
    let valores = valoresFormulario(hoja)
    var opciones = SheetOptions()
    opciones.columnWidths = [1: 32, 2: 90]
    opciones.protected = arrastra
    var filas: [[WriteCell?]] = [
      [WriteCell(.text("\(plantilla.titulo) · vigencia \(contexto.vigencia)"), style: .title)],
      [WriteCell(.text("Escriba cada valor en la columna B, frente a su etiqueta."))],
      [],
    ]
    for (i, campo) in hoja.campos.enumerated() {
      let fila = Self.primeraFilaFormulario + i
      let celda = CellRef(row: fila, column: 2)
      let dato = valores[campo.id]
      formulario[campo.id] = CeldaFormulario(
        hoja: hoja.nombre, celda: celda, valor: valorFormula(dato))
      filas.append([
        WriteCell(.text(campo.encabezado), style: .header),
        celdaDeValor(
          valorEscrito(dato), estiloFormulario(campo), abierta: dato == nil,
          traida: datos.formulario[campo.id] != nil),
      ])
    }
    for (i, campo) in hoja.campos.enumerated() {
      let celda = CellRef(row: Self.primeraFilaFormulario + i, column: 2)
      let r = validaciones.regla(
        campo, hoja: hoja, celda: celda, columnaDe: [:], formulario: formulario)
      opciones.dataValidations += validacionesColumna(
        titulo: campo.encabezado, requerido: campo.requerido ?? false, r,
        encabezado: CellRange(
          first: CellRef(row: celda.row, column: 1), last: CellRef(row: celda.row, column: 1)),
        datos: CellRange(first: celda, last: celda))
    }
    let escritor = try libro.addSheet(hoja.nombre, options: opciones)
    for fila in filas { try escritor.appendRow(fila) }
  }

  private func estiloFormulario(_ campo: Campo) -> CellStyle {
    // A year is no amount: `2021`, not `2.021`.
    campo.tipo == .entero ? .general : estilo(campo)
  }

  // MARK: Table

  private mutating func escribirTabla(_ hoja: HojaEsquema, _ libro: WorkbookWriter) throws {
    let datosHoja = datos.filas[hoja.nombre] ?? []
    let d = DisposicionTabla(
      hoja: hoja, filas: max(GeneradorPlantillas.filasPorHoja, datosHoja.count + 20))
    let controles = ControlesTabla(
      d: d, esquemas: esquemas, contexto: contexto, formulario: formulario)
    var opciones = SheetOptions()
    opciones.frozenRows = DisposicionTabla.filaEncabezado
    opciones.protected = arrastra
    var banda: [WriteCell?] = []
    var encabezados: [WriteCell?] = []
    var estilos: [CellStyle] = []
    var merges: [CellRange] = []
    func rango(
      _ a: Int, _ b: Int,
      filas: ClosedRange<Int> = DisposicionTabla.filaBanda...DisposicionTabla.filaBanda
    ) -> CellRange {
      CellRange(
        first: CellRef(row: filas.lowerBound, column: a),
        last: CellRef(row: filas.upperBound, column: b))
    }

    for (i, columna) in d.columnas.enumerated() {
      let col = i + 1
      let primera = CellRef(row: DisposicionTabla.primeraFila, column: col)
      let encabezado = CellRange(
        first: CellRef(row: DisposicionTabla.filaEncabezado, column: col),
        last: CellRef(row: DisposicionTabla.filaEncabezado, column: col))
      switch columna {
      case .campo(let campo):
        banda.append(col == 1 ? WriteCell(.text(titulo(hoja)), style: .header) : nil)
        encabezados.append(WriteCell(.text(campo.encabezado), style: .header))
        estilos.append(estilo(campo))
        opciones.columnWidths[col] = ancho(campo)
        let r = validaciones.regla(
          campo, hoja: hoja, celda: primera, columnaDe: d.columnaDe, formulario: formulario)
        opciones.dataValidations += validacionesColumna(
          titulo: campo.encabezado, requerido: campo.requerido ?? false, r, encabezado: encabezado,
          datos: d.rango(columna: col))
      case .mes(let programacion, let mes, let grupo):
        let prefijo = grupo.prefijos.first ?? ""
        let nombre = "\(prefijo) \(TextosPlantilla.meses[mes - 1])"
        banda.append(
          mes == 1
            ? WriteCell(
              .text(programacion ? "Programación mensual" : "Ejecución mensual"), style: .header)
            : nil)
        encabezados.append(WriteCell(.text(nombre), style: .header))
        estilos.append(estilo(grupo))
        opciones.columnWidths[col] = 12
        let r = validaciones.regla(
          mes: mes, programacion: programacion, grupo: grupo, hoja: hoja, celda: primera,
          columnaDe: d.columnaDe)
        opciones.dataValidations += validacionesColumna(
          titulo: nombre, r, encabezado: encabezado, datos: d.rango(columna: col))
      case .control(let control):
        banda.append(WriteCell(.text(TextosPlantilla.control(control)), style: .header))
        encabezados.append(WriteCell(.empty, style: .header))
        merges.append(
          rango(col, col, filas: DisposicionTabla.filaBanda...DisposicionTabla.filaEncabezado))
        switch control {
        case .sumaProgramacion, .sumaEjecucion, .ultimoProgramado:
          estilos.append(controles.sumasPorcentuales ? .percent : .general)
          opciones.columnWidths[col] = 14
        case .revision:
          estilos.append(.general)
          opciones.columnWidths[col] = 48
          // Green where the row is right, red where it names a problem.
          let r = d.rango(columna: col)
          let celda = Formula.celda(col)
          let correcto = Formula.comparar(celda, .igual, .texto(ControlesTabla.correcto))
          let problema = Formula.y([.comparar(celda, .distinto, .texto("")), .no(correcto)])
          opciones.conditionalFormats += [(correcto, Highlight.good), (problema, .bad)].map {
            ConditionalFormat(
              ranges: [r], formula: $0.0.texto(fila: DisposicionTabla.primeraFila), highlight: $0.1)
          }
        }
        var v = DataValidation(.any, ranges: [encabezado, d.rango(columna: col)])
        v.prompt = ValidationMessage(
          title: TextosPlantilla.recortar(
            TextosPlantilla.control(control), DataValidation.maxTitleLength),
          text: "Se calcula sola: no la diligencie.")
        opciones.dataValidations.append(v)
      }
    }
    // Band merges: the title over the fields, each month group over its months.
    merges.append(rango(1, hoja.campos.count))
    if let a = d.prog.first, let b = d.prog.last { merges.append(rango(a, b)) }
    if let a = d.ejec.first, let b = d.ejec.last { merges.append(rango(a, b)) }

    let escritor = try libro.addSheet(hoja.nombre, options: opciones)
    for m in merges { escritor.merge(m) }
    try escritor.appendRow(banda)
    try escritor.appendRow(encabezados)

    let formulas: [DisposicionTabla.Control: Formula] = [
      .sumaProgramacion: controles.suma(programacion: true),
      .sumaEjecucion: controles.suma(programacion: false),
      .ultimoProgramado: controles.ultimoProgramado(),
      .revision: controles.revision(),
    ].compactMapValues { $0 }
    // Every filled row's values by column, for the checks that look at the
    // whole table (repeated codes).
    var tabla: [Int: [Int: ValorFormula]] = [:]
    for (i, fila) in datosHoja.enumerated() {
      tabla[DisposicionTabla.primeraFila + i] = valores(fila, d)
    }
    for numero in d.filasDeDatos {
      let i = numero - DisposicionTabla.primeraFila
      let fila = i < datosHoja.count ? datosHoja[i] : nil
      var valoresFila = tabla[numero] ?? [:]
      var celdas: [WriteCell?] = []
      for (j, columna) in d.columnas.enumerated() {
        let col = j + 1
        let estilo = estilos[j]
        switch columna {
        case .campo(let campo):
          let e = fila.map { porcentual(campo.porcentajeSi, $0) } == true ? .percent : estilo
          let v = fila?.valores[campo.id]
          celdas.append(celdaDeValor(valorEscrito(v), e, abierta: v == nil, traida: v != nil))
        case .mes(let programacion, let mes, let grupo):
          let v = programacion ? fila?.prog[mes - 1] : fila?.ejec[mes - 1]
          let e = fila.map { porcentual(grupo.porcentajeSi, $0) } == true ? .percent : estilo
          // A carried row keeps its programming and the executions the
          // earlier corte closed; the months after it are to report.
          let cerrado = fila != nil && (programacion || mes <= (contexto.corteAnterior?.month ?? 0))
          celdas.append(
            celdaDeValor(v.map { .number($0) } ?? .empty, e, abierta: !cerrado, traida: cerrado))
        case .control(let control):
          guard let formula = formulas[control] else {
            celdas.append(nil)
            continue
          }
          // Check columns left of `Revisión` feed it: their results join
          // the row's values.
          let resultado =
            fila == nil
            ? ValorFormula.texto("")
            : formula.evaluar({ valoresFila[$0] ?? .vacio }, tabla: { tabla[$0]?[$1] ?? .vacio })
          valoresFila[col] = resultado
          let texto = formula.texto(fila: numero)
          switch resultado {
          case .numero(let n): celdas.append(WriteCell(.formula(texto, cached: n), style: estilo))
          case .texto(let s):
            celdas.append(WriteCell(.textFormula(texto, cached: s), style: estilo))
          case .logico(let b):
            celdas.append(
              WriteCell(.textFormula(texto, cached: b ? "TRUE" : "FALSE"), style: estilo))
          case .vacio: celdas.append(WriteCell(.textFormula(texto, cached: ""), style: estilo))
          }
        }
      }
      try escritor.appendRow(celdas)
    }
  }

  /// Whether a filled row makes a conditional percent field a percent
  /// (`Unidad de medida` = `Porcentaje`): then its cells carry the percent
  /// format, as the validator expects of a percent.
  private func porcentual(_ condicion: Condicion?, _ fila: FilaPlantilla) -> Bool {
    guard let c = condicion else { return false }
    return fila.valores[c.campo] == .texto(c.valor)
  }

  private func titulo(_ hoja: HojaEsquema) -> String {
    var partes = [hoja.nombre]
    if let p = contexto.proyecto { partes.append("proyecto \(p.codigo)") }
    if let proceso = contexto.proceso { partes.append(proceso) }
    partes.append("vigencia \(contexto.vigencia)")
    if let corte = contexto.corte { partes.append("corte \(Formato.fecha(corte))") }
    return partes.joined(separator: " · ")
  }

  /// A row's values by column, as the check formulas see them.
  private func valores(_ fila: FilaPlantilla, _ d: DisposicionTabla) -> [Int: ValorFormula] {
    var out: [Int: ValorFormula] = [:]
    for (id, col) in d.columnaDe { out[col] = valorFormula(fila.valores[id]) }
    for (i, col) in d.prog.enumerated() {
      out[col] = fila.prog[i].map(ValorFormula.numero) ?? .vacio
    }
    for (i, col) in d.ejec.enumerated() {
      out[col] = fila.ejec[i].map(ValorFormula.numero) ?? .vacio
    }
    return out
  }

  // MARK: Cells

  /// Whether the workbook carries an earlier corte: its sheets are then
  /// protected (without a password) and only what is reported anew is open.
  private var arrastra: Bool { contexto.corteAnterior != nil }

  /// A value cell. In a carried workbook, what came from the earlier corte
  /// is grey and locked, and what the office fills is open; a blank
  /// template has no protection, and its cells stay as Excel makes them.
  private func celdaDeValor(_ valor: WriteValue, _ estilo: CellStyle, abierta: Bool, traida: Bool)
    -> WriteCell
  {
    guard arrastra else { return WriteCell(valor, style: estilo) }
    return WriteCell(valor, style: estilo, locked: !abierta, shaded: traida && !abierta)
  }

  private func valorEscrito(_ dato: DatoPlantilla?) -> WriteValue {
    switch dato {
    case .texto(let s)?: return .text(s)
    case .numero(let n)?: return .number(n)
    case .fecha(let f)?: return .date(year: f.year, month: f.month, day: f.day)
    case nil: return .empty
    }
  }

  private func valorFormula(_ dato: DatoPlantilla?) -> ValorFormula {
    switch dato {
    case .texto(let s)?: return .texto(s)
    case .numero(let n)?: return .numero(n)
    case .fecha(let f)?: return .numero(Decimal(f.serial))
    case nil: return .vacio
    }
  }

  /// The number format a field's cells carry, so a typed value reads back
  /// as its kind: a percent as a percent, an amount as pesos.
  private func estilo(_ campo: Campo) -> CellStyle {
    switch campo.tipo {
    case .texto: return .text
    case .entero: return .integer
    // A number that is a percent only for some rows (`Meta vigencia` of a
    // `Porcentaje` indicator) stays General, so that `85 %` typed there
    // becomes a percent and `12` a plain number.
    case .numero: return campo.porcentajeSi == nil ? .decimal : .general
    case .dinero: return .pesos
    case .porcentaje: return .percent
    case .fecha: return .date
    case .enum: return .general
    }
  }

  private func estilo(_ grupo: GrupoMeses) -> CellStyle {
    switch grupo.tipo {
    case .porcentaje: return .percent
    case .numero, .entero, .dinero: return grupo.porcentajeSi == nil ? .decimal : .general
    case .texto, .fecha, .enum: return .general
    }
  }

  private func ancho(_ campo: Campo) -> Double {
    let encabezado = Double(campo.encabezado.count) + 2
    switch campo.tipo {
    case .texto:
      if campo.id == "codigo" { return max(14, encabezado) }
      return campo.requerido == true ? 44 : 30
    case .enum:
      let largo = validaciones.valores(campo).map(\.count).max() ?? 10
      return min(max(Double(largo) + 4, encabezado, 14), 70)
    case .fecha: return max(14, encabezado)
    case .dinero: return max(20, encabezado)
    case .entero, .numero, .porcentaje: return max(12, min(encabezado, 22))
    }
  }

  /// The prompt on the header cell, and the check (with the same prompt)
  /// on the data cells.
  private func validacionesColumna(
    titulo: String, requerido: Bool = false, _ r: ValidacionesPlantilla.Regla,
    encabezado: CellRange, datos: CellRange
  ) -> [DataValidation] {
    let texto = (requerido ? "Obligatorio. " : "") + r.descripcion + "."
    let prompt = ValidationMessage(
      title: TextosPlantilla.recortar(titulo, DataValidation.maxTitleLength),
      text: TextosPlantilla.recortar(texto, DataValidation.maxPromptLength))
    var cabecera = DataValidation(.any, ranges: [encabezado])
    cabecera.prompt = prompt
    var celdas = DataValidation(r.regla, ranges: [datos])
    celdas.prompt = prompt
    if r.regla != .any {
      celdas.errorStyle = r.estilo
      celdas.error = ValidationMessage(
        title: r.estilo == .stop ? TextosPlantilla.tituloError : TextosPlantilla.tituloRevisar,
        text: TextosPlantilla.recortar(r.error, DataValidation.maxErrorLength))
    }
    return [cabecera, celdas]
  }
}
