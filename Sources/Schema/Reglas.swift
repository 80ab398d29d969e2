import Foundation
import Plan
import XLSX

/// Applies a sheet's declared rules to its records. Each case of `Regla`
/// has one function here; findings carry values,
/// never words.
struct MotorReglas {
  let archivo: String
  let hoja: String
  let esquema: HojaEsquema
  let esquemas: SchemaSet
  let corte: Fecha?
  let formulario: Registro?
  private(set) var hallazgos: [Hallazgo] = []

  init(
    archivo: String, hoja: String, esquema: HojaEsquema, esquemas: SchemaSet, corte: Fecha?,
    formulario: Registro?
  ) {
    self.archivo = archivo
    self.hoja = hoja
    self.esquema = esquema
    self.esquemas = esquemas
    self.corte = corte
    self.formulario = formulario
  }

  private var tolerancia: Decimal { esquemas.configuracion.toleranciaRelativa }
  private var puntos: Decimal { esquemas.configuracion.toleranciaPuntos }

  private func encabezado(_ id: String) -> String {
    esquema.campo(id)?.encabezado ?? id
  }

  private mutating func error(
    _ codigo: CodigoHallazgo, _ celda: CellRef?, _ valores: [String: ValorHallazgo],
    fila: Int? = nil,
    otras: [CellRef?] = []
  ) {
    hallazgos.append(
      Hallazgo(
        codigo, .error,
        Ubicacion(
          archivo: archivo, hoja: hoja, celda: celda, fila: fila,
          otrasCeldas: otras.compactMap { $0 }),
        valores))
  }

  /// The month cells that hold a value: the cells a sum is made of.
  private func celdasConValor(_ valores: [Decimal?], _ celdas: [CellRef?]) -> [CellRef?] {
    (0..<12).map { valores[$0] == nil ? nil : celdas[$0] }
  }

  /// PLAN: equalities hold within 0,5 % of the larger side, or 0,5
  /// percentage points for percents.
  func iguales(_ a: Decimal, _ b: Decimal, porcentual: Bool) -> Bool {
    let diferencia = abs(a - b)
    if porcentual { return diferencia <= puntos }
    return diferencia <= tolerancia * max(abs(a), abs(b))
  }

  private func valor(_ x: Decimal, _ porcentual: Bool) -> ValorHallazgo {
    porcentual ? .porcentaje(x) : .numero(x)
  }

  /// One switch over the rule kinds, no `default:`: a new kind does not
  /// compile until it says what it checks.
  ///
  /// A rule is not applied to a record one of whose fields it reads has
  /// an error of its own: the error already says what is wrong, and a
  /// finding derived from a wrong value would report the same mistake
  /// twice.
  mutating func aplicar(_ registros: [Registro]) {
    for regla in esquema.reglas ?? [] {
      let leidos = regla.camposNombrados
      let validos = registros.filter { r in !leidos.contains(where: r.erroneo) }
      switch regla {
      case .unico(let campos): unico(campos, validos)
      case .mismoTextoPorGrupo(let grupo, let campo):
        mismoTexto(grupo: grupo, campo: campo, validos)
      case .vigenciaDelCorte(let id):
        for r in validos { vigencia(id, r) }
      case .corteDeLaCorrida(let id):
        for r in validos { corteDeLaCorrida(id, r) }
      case .igualAlFormulario(let id, let fid):
        for r in validos { igualAlFormulario(id, fid, r) }
      case .programacionTotal(let meta, let anualizacion):
        for r in validos { programacionTotal(meta, anualizacion, r) }
      case .ejecucionMaxima(let total):
        for r in validos { ejecucionMaxima(total, r) }
      case .ejecucionFaltante:
        for r in validos { ejecucionFaltante(r) }
      case .ejecucionPosteriorAlCorte:
        for r in validos { ejecucionPosterior(r) }
      case .mesesDeLaPeriodicidad:
        for r in validos { mesesPeriodicidad(r) }
      case .comparacion(let id, let operador, let otro):
        for r in validos { comparacion(id, operador, otro, r) }
      case .implica(let si, let entonces):
        for r in validos { implica(si, entonces, r) }
      case .fechaHastaElCorte(let id):
        for r in validos { fechaHastaElCorte(id, r) }
      }
    }
  }

  private mutating func vigencia(_ id: String, _ r: Registro) {
    guard let corte, let vigencia = r.numero(id) else { return }
    if vigencia != Decimal(corte.year) {
      // Years are written without a thousands dot.
      error(
        .vigenciaDistinta, r.celda(id),
        ["encontrado": .texto("\(vigencia)"), "esperado": .texto(String(corte.year))])
    }
  }

  private mutating func corteDeLaCorrida(_ id: String, _ r: Registro) {
    guard let corte, let fecha = r.fecha(id) else { return }
    if fecha != corte {
      error(.corteDistinto, r.celda(id), ["encontrado": .fecha(fecha), "esperado": .fecha(corte)])
    }
  }

  private mutating func igualAlFormulario(_ id: String, _ fid: String, _ r: Registro) {
    guard let valor = r.texto(id), let esperado = formulario?.texto(fid),
      formulario?.erroneo(fid) == false
    else { return }
    if normalizar(valor) != normalizar(esperado) {
      error(
        .distintoAlFormulario, r.celda(id),
        [
          "encontrado": .texto(valor), "esperado": .texto(esperado),
          "columna": .texto(encabezado(id)),
        ])
    }
  }

  private mutating func implica(_ si: Condicion, _ entonces: Condicion, _ r: Registro) {
    guard r.texto(si.campo) == si.valor, let encontrado = r.texto(entonces.campo),
      encontrado != entonces.valor
    else { return }
    error(
      .valorIncompatible, r.celda(entonces.campo),
      [
        "condicion": .texto(si.valor), "campoCondicion": .texto(encabezado(si.campo)),
        "columna": .texto(encabezado(entonces.campo)), "esperado": .texto(entonces.valor),
        "encontrado": .texto(encontrado),
      ])
  }

  private mutating func fechaHastaElCorte(_ id: String, _ r: Registro) {
    guard let corte, let fecha = r.fecha(id), fecha > corte else { return }
    error(
      .fechaPosteriorAlCorte, r.celda(id),
      ["encontrado": .fecha(fecha), "corte": .fecha(corte), "columna": .texto(encabezado(id))])
  }

  private mutating func unico(_ campos: [String], _ registros: [Registro]) {
    guard let primero = campos.first else { return }
    var vistos: [String: Int] = [:]
    for r in registros {
      let partes = campos.map { id -> String in
        switch r.valores[id] {
        case .texto(let t)?: return normalizar(t)
        case .numero(let n)?: return "\(n)"
        case .fecha(let f)?: return f.iso
        case nil: return ""
        }
      }
      guard !partes.contains("") else { continue }
      let clave = partes.joined(separator: "|")
      if let anterior = vistos[clave] {
        error(
          .identidadRepetida, r.celda(primero),
          [
            "columnas": .lista(campos.map(encabezado)), "filaAnterior": .entero(anterior),
            "encontrado": .texto(
              campos.compactMap { r.valores[$0].map(describir) }.joined(separator: " / ")),
          ])
      } else {
        vistos[clave] = r.fila
      }
    }
  }

  private mutating func mismoTexto(grupo: String, campo: String, _ registros: [Registro]) {
    var primero: [Decimal: (texto: String, fila: Int)] = [:]
    for r in registros {
      guard let g = r.numero(grupo), let t = r.texto(campo) else { continue }
      if let p = primero[g] {
        if normalizar(p.texto) != normalizar(t) {
          error(
            .textoDistintoEnGrupo, r.celda(campo),
            [
              "grupo": .numero(g), "columna": .texto(encabezado(campo)),
              "columnaGrupo": .texto(encabezado(grupo)), "filaAnterior": .entero(p.fila),
            ])
        }
      } else {
        primero[g] = (t, r.fila)
      }
    }
  }

  // MARK: Months

  /// PLAN: a month is programmed when its cell holds a number > 0, or, for
  /// a `Decreciente` indicator, any number in a month its periodicity
  /// allows.
  func programado(_ r: Registro, mes: Int, regla: Regla? = nil) -> Bool {
    guard let p = r.prog[mes - 1] else { return false }
    if p > 0 { return true }
    if anualizacion(r) == .decreciente, let periodicidad = periodicidad(r) {
      return periodicidad.meses.contains(mes)
    }
    return false
  }

  private func anualizacion(_ r: Registro) -> Anualizacion? {
    let id =
      (esquema.reglas ?? []).compactMap(\.anualizacion).first
    return id.flatMap { r.texto($0) }.flatMap(Anualizacion.init(rawValue:))
  }

  private func periodicidad(_ r: Registro) -> Periodicidad? {
    let id = (esquema.reglas ?? []).compactMap(\.periodicidad).first
    return id.flatMap { r.texto($0) }.flatMap(Periodicidad.init(rawValue:))
  }

  private mutating func programacionTotal(
    _ objetivo: MetaProgramacion, _ campoAnualizacion: String?, _ r: Registro
  ) {
    // A month that could not be read makes the total unknown.
    guard !r.algunMesErroneo(programacion: true) else { return }
    let meses = (1...12).filter { programado(r, mes: $0) }
    let metaCampo: String?
    let meta: Decimal
    switch objetivo {
    case .total(let total):
      metaCampo = nil
      meta = total
    case .campo(let id):
      guard let valor = r.numero(id) else { return }
      metaCampo = id
      meta = valor
    }
    let tipo =
      campoAnualizacion.flatMap { r.texto($0) }.flatMap(Anualizacion.init(rawValue:)) ?? .suma
    let p = r.porcentual
    let celdaMeta = metaCampo.map { r.celda($0) }
    let celdaUltima = meses.last.flatMap { r.celdasProg[$0 - 1] }
    guard let ultimo = meses.last else {
      error(
        .sinProgramacion, celdaMeta ?? r.celdasProg.compactMap { $0 }.first,
        ["meta": valor(meta, p)], fila: r.fila)
      return
    }
    switch tipo {
    case .suma:
      let suma = r.prog.compactMap { $0 }.reduce(0, +)
      if !iguales(suma, meta, porcentual: p) {
        // The target and every month of the sum: either side may be the
        // mistake, and marking the target alone invites changing it.
        error(
          .sumaProgramacion, celdaMeta ?? celdaUltima,
          [
            "suma": valor(suma, p), "meta": valor(meta, p),
            "columna": .texto(metaCampo.map(encabezado) ?? "100 %"),
          ],
          otras: celdasConValor(r.prog, r.celdasProg))
      }
    case .constante:
      // Goals: the last programmed month equals the target; indicators
      // (those with a periodicity) report the target every time.
      let revisar = periodicidad(r) == nil ? [ultimo] : meses
      for mes in revisar {
        guard let v = r.prog[mes - 1], !iguales(v, meta, porcentual: p) else { continue }
        error(
          .constanteDistinta, r.celdasProg[mes - 1],
          [
            "mes": .texto(nombresMeses[mes - 1]), "encontrado": valor(v, p), "meta": valor(meta, p),
            "columna": .texto(metaCampo.map(encabezado) ?? ""),
          ],
          otras: [celdaMeta])
      }
    case .creciente, .decreciente:
      var anterior: (mes: Int, valor: Decimal)?
      for mes in meses {
        guard let v = r.prog[mes - 1] else { continue }
        if let a = anterior,
          tipo == .creciente ? v < a.valor : v > a.valor
        {
          error(
            tipo == .creciente ? .programacionNoCreciente : .programacionNoDecreciente,
            r.celdasProg[mes - 1],
            [
              "mes": .texto(nombresMeses[mes - 1]), "encontrado": valor(v, p),
              "mesAnterior": .texto(nombresMeses[a.mes - 1]), "anterior": valor(a.valor, p),
            ],
            otras: [r.celdasProg[a.mes - 1]])
        }
        anterior = (mes, v)
      }
      if let v = r.prog[ultimo - 1], !iguales(v, meta, porcentual: p) {
        error(
          .ultimoMesDistinto, r.celdasProg[ultimo - 1],
          [
            "mes": .texto(nombresMeses[ultimo - 1]), "encontrado": valor(v, p),
            "meta": valor(meta, p),
            "columna": .texto(metaCampo.map(encabezado) ?? ""),
          ])
      }
    }
  }

  private mutating func ejecucionMaxima(_ total: Decimal, _ r: Registro) {
    guard !r.algunMesErroneo(programacion: false) else { return }
    let suma = r.ejec.compactMap { $0 }.reduce(0, +)
    if suma > total, !iguales(suma, total, porcentual: r.porcentual) {
      let ultima = (1...12).last { (r.ejec[$0 - 1] ?? 0) > 0 }
      error(
        .ejecucionExcedeTotal, ultima.flatMap { r.celdasEjec[$0 - 1] },
        ["suma": valor(suma, r.porcentual), "total": valor(total, r.porcentual)], fila: r.fila,
        otras: celdasConValor(r.ejec, r.celdasEjec))
    }
  }

  private mutating func ejecucionFaltante(_ r: Registro) {
    guard let corte else { return }
    for mes in 1...corte.month
    where programado(r, mes: mes) && r.ejec[mes - 1] == nil
      && !r.mesErroneo(mes, programacion: true) && !r.mesErroneo(mes, programacion: false)
    {
      error(
        .ejecucionFaltante, r.celdasEjec[mes - 1],
        [
          "mes": .texto(nombresMeses[mes - 1]),
          "programado": valor(r.prog[mes - 1] ?? 0, r.porcentual),
        ],
        fila: r.fila)
    }
  }

  private mutating func ejecucionPosterior(_ r: Registro) {
    guard let corte, corte.month < 12 else { return }
    for mes in (corte.month + 1)...12 where !r.mesErroneo(mes, programacion: false) {
      guard let v = r.ejec[mes - 1], v > 0 else { continue }
      error(
        .ejecucionDespuesDelCorte, r.celdasEjec[mes - 1],
        [
          "mes": .texto(nombresMeses[mes - 1]), "encontrado": valor(v, r.porcentual),
          "corte": .fecha(corte),
        ])
    }
  }

  private mutating func mesesPeriodicidad(_ r: Registro) {
    guard let periodicidad = periodicidad(r) else { return }
    let permitidos = periodicidad.meses
    for mes in 1...12 where !permitidos.contains(mes) {
      if let v = r.prog[mes - 1], v > 0, !r.mesErroneo(mes, programacion: true) {
        error(
          .programacionFueraDePeriodicidad, r.celdasProg[mes - 1],
          [
            "mes": .texto(nombresMeses[mes - 1]), "periodicidad": .texto(periodicidad.rawValue),
            "encontrado": valor(v, r.porcentual),
          ])
      }
      if let v = r.ejec[mes - 1], v > 0, !r.mesErroneo(mes, programacion: false) {
        error(
          .ejecucionFueraDePeriodicidad, r.celdasEjec[mes - 1],
          [
            "mes": .texto(nombresMeses[mes - 1]), "periodicidad": .texto(periodicidad.rawValue),
            "encontrado": valor(v, r.porcentual),
          ])
      }
    }
  }

  private mutating func comparacion(
    _ id: String, _ operador: OperadorComparacion, _ otro: String, _ r: Registro
  ) {
    guard let a = r.numero(id), let b = r.numero(otro) else { return }
    if !operador.cumple(a, b) {
      error(
        .comparacionFallida, r.celda(id),
        [
          "columna": .texto(encabezado(id)), "encontrado": .numero(a),
          "operador": .texto(operador.rawValue),
          "otraColumna": .texto(encabezado(otro)), "otro": .numero(b),
        ],
        otras: [r.celda(otro)])
    }
  }
}

func describir(_ v: ValorTipado) -> String {
  switch v {
  case .texto(let t): return t
  case .numero(let n): return "\(n)"
  case .fecha(let f): return f.iso
  }
}
