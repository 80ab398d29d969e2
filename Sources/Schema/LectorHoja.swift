import Foundation
import XLSX

/// Reads one template sheet into typed records: a form's labels, or a
/// table's header row and data rows.
struct LectorHoja {
  let libro: FuenteLibro
  let info: SheetInfo
  let esquema: HojaEsquema
  let esquemas: SchemaSet
  let archivo: String

  /// A template sheet is a few hundred rows; past this it is not a
  /// template, and holding its records would cost memory without bound.
  static let filasMaximas = 20_000
  /// Past this many errors in one sheet the office has sent the wrong
  /// file or a broken one; more findings would only bury the first ones.
  static let erroresMaximos = 2_000

  func leer() throws -> HojaLeida {
    switch esquema.tipo {
    case .formulario: return try leerFormulario()
    case .tabla: return try leerTabla()
    }
  }

  private func ubicacion(celda: CellRef? = nil, fila: Int? = nil) -> Ubicacion {
    Ubicacion(archivo: archivo, hoja: info.name, celda: celda, fila: fila)
  }

  // MARK: Form

  /// PLAN: a form may sit in any columns of its first 20 rows; the value
  /// is the first non-blank cell to the right of its label.
  private func leerFormulario() throws -> HojaLeida {
    let lector = try libro.filas(de: info)
    var celdas = LectorCeldas(archivo: archivo, hoja: info.name, date1904: libro.date1904)
    var registro = Registro(fila: 1)
    var etiquetas: [String: CellRef] = [:]
    var hallazgos: [Hallazgo] = []
    let limite = esquemas.configuracion.filasBusquedaEncabezado
    let tabla = TablaEncabezados(esquema)
    while let row = try lector.nextRow(), row.index <= limite {
      for (i, cell) in row.cells.enumerated() {
        guard case .text(let t) = cell.value else { continue }
        let n = sinDosPuntos(normalizar(t))
        guard
          let indice = tabla.campos[n]?.first(where: { etiquetas[esquema.campos[$0].id] == nil })
        else { continue }
        let campo = esquema.campos[indice]
        let etiqueta = row.ref(cell.column)
        etiquetas[campo.id] = etiqueta
        let valor = row.cells[(i + 1)...].first { !LectorCeldas.vacia($0) }
        let ref =
          valor.map { row.ref($0.column) } ?? CellRef(row: row.index, column: cell.column + 1)
        registro.celdas[campo.id] = ref
        if let v = celdas.leer(
          valor, ref, tipo: campo.tipo, encabezado: campo.encabezado,
          valores: LectorCeldas.ValoresCampo(valores: esquemas.valores(de: campo)))
        {
          registro.valores[campo.id] = v
          hallazgos += restricciones(campo, v, ref)
        } else if campo.esRequerido, valor == nil {
          hallazgos.append(
            Hallazgo(
              .valorFaltante, .error, ubicacion(celda: ref), ["columna": .texto(campo.encabezado)]))
        }
      }
    }
    for campo in esquema.campos where campo.esRequerido && etiquetas[campo.id] == nil {
      hallazgos.append(
        Hallazgo(.etiquetaFaltante, .error, ubicacion(), ["columna": .texto(campo.encabezado)]))
    }
    return HojaLeida(
      nombre: info.name, registros: [registro], hallazgos: hallazgos, celdas: celdas)
  }

  // MARK: Table

  private func leerTabla() throws -> HojaLeida {
    let busqueda = try BuscadorEncabezado(
      libro: libro, info: info, esquema: esquema,
      filas: esquemas.configuracion.filasBusquedaEncabezado
    ).buscar()
    guard let columnas = busqueda.columnas else {
      let hallazgos: [Hallazgo]
      if let fila = busqueda.filaCandidata, busqueda.coincidencias > 0 {
        hallazgos = busqueda.faltantes.map {
          Hallazgo(.columnaFaltante, .error, ubicacion(fila: fila), ["columna": .texto($0)])
        }
      } else {
        hallazgos = [
          Hallazgo(
            .encabezadoNoEncontrado, .error, ubicacion(),
            [
              "faltantes": .lista(busqueda.faltantes),
              "filas": .entero(esquemas.configuracion.filasBusquedaEncabezado),
            ])
        ]
      }
      return HojaLeida(nombre: info.name, registros: [], hallazgos: hallazgos)
    }
    var hallazgos: [Hallazgo] = columnas.extras.map {
      Hallazgo(
        .columnaExtra, .advertencia,
        ubicacion(celda: CellRef(row: columnas.fila, column: $0.columna)),
        ["columna": .texto($0.texto)])
    }
    var celdas = LectorCeldas(archivo: archivo, hoja: info.name, date1904: libro.date1904)
    var registros: [Registro] = []
    let lector = busqueda.lector
    let usadas = columnas.todas
    let clave = esquema.clave ?? []
    var erroresVistos = 0
    var filasConDatos = 0
    var ultimaConDatos: Int?
    var revisados = hallazgos.count
    // Conditional percent fields depend on other fields of the row: they
    // are read last. Each field's values are normalised once, here.
    let campos = esquema.campos.sorted(by: {
      ($0.porcentajeSi == nil ? 0 : 1) < ($1.porcentajeSi == nil ? 0 : 1)
    }).compactMap { campo -> (Campo, Int, LectorCeldas.ValoresCampo)? in
      columnas.campos[campo.id].map {
        (
          campo, $0,
          LectorCeldas.ValoresCampo(
            valores: esquemas.valores(de: campo), faltantes: campo.faltantes ?? [])
        )
      }
    }
    // Month columns in month order, each with its header as findings name it.
    let gruposMeses =
      esquema.meses.map { meses in
        [(meses.programacion, columnas.prog, true), (meses.ejecucion, columnas.ejec, false)].map {
          grupo, mapa, esProg in
          (
            grupo, esProg,
            mapa.sorted { $0.key < $1.key }.map { mes, col in
              (mes, col, "\(grupo.prefijos[0]) \(nombresMeses[mes - 1])")
            }
          )
        }
      } ?? []
    while let row = try lector.nextRow() {
      let conDatos = row.cells.filter { usadas.contains($0.column) && !LectorCeldas.vacia($0) }
      if conDatos.isEmpty { continue }
      filasConDatos += 1
      ultimaConDatos = row.index
      // Counted as they come, so the check stays linear in the findings.
      erroresVistos += hallazgos[revisados...].filter { $0.severidad == .error }.count
      revisados = hallazgos.count
      if celdas.errores.count + erroresVistos >= LectorHoja.erroresMaximos {
        hallazgos.append(
          Hallazgo(
            .demasiadosErrores, .error, ubicacion(fila: row.index),
            ["limite": .entero(LectorHoja.erroresMaximos)]))
        break
      }
      if registros.count >= LectorHoja.filasMaximas {
        hallazgos.append(
          Hallazgo(
            .demasiadasFilas, .error, ubicacion(fila: row.index),
            ["limite": .entero(LectorHoja.filasMaximas)]))
        break
      }
      // PLAN: key cells blank while others are not is a half-filled row.
      let clavesVacias = clave.filter { id in
        columnas.campos[id].map { LectorCeldas.vacia(row[$0]) } ?? true
      }
      if !clavesVacias.isEmpty {
        let col = columnas.campos[clavesVacias[0]] ?? conDatos[0].column
        hallazgos.append(
          Hallazgo(
            .filaIncompleta, .error, ubicacion(celda: row.ref(col), fila: row.index),
            ["faltantes": .lista(clavesVacias.compactMap { esquema.campo($0)?.encabezado })]))
        continue
      }
      var registro = Registro(fila: row.index)
      for (campo, col, valores) in campos {
        let ref = row.ref(col)
        registro.celdas[campo.id] = ref
        let porcentaje = campo.porcentajeSi.map { registro.texto($0.campo) == $0.valor } ?? false
        let cell = row[col]
        if let v = celdas.leer(
          cell, ref, tipo: campo.tipo, porcentaje: porcentaje, encabezado: campo.encabezado,
          valores: valores)
        {
          registro.valores[campo.id] = v
          hallazgos += restricciones(campo, v, ref, porcentaje: porcentaje)
        } else if campo.esRequerido, LectorCeldas.vacia(cell) {
          hallazgos.append(
            Hallazgo(
              .valorFaltante, .error, ubicacion(celda: ref), ["columna": .texto(campo.encabezado)]))
        }
      }
      for (grupo, esProg, columnasMes) in gruposMeses {
        let porcentaje =
          grupo.tipo == .porcentaje
          || (grupo.porcentajeSi.map { registro.texto($0.campo) == $0.valor } ?? false)
        registro.porcentual = porcentaje
        for (mes, col, encabezado) in columnasMes {
          let ref = row.ref(col)
          let v = celdas.leer(
            row[col], ref, tipo: grupo.tipo, porcentaje: porcentaje, encabezado: encabezado
          )?.numero
          if let v {
            hallazgos += limites(
              v, minimo: grupo.minimo, minimoExclusivo: nil, maximo: grupo.maximo, ref: ref,
              encabezado: encabezado, porcentaje: porcentaje)
          }
          if esProg {
            registro.prog[mes - 1] = v
            registro.celdasProg[mes - 1] = ref
          } else {
            registro.ejec[mes - 1] = v
            registro.celdasEjec[mes - 1] = ref
          }
        }
      }
      registros.append(registro)
    }
    if let minimas = esquema.filasMinimas, filasConDatos < minimas {
      hallazgos.append(
        sinDatos(columnas, encontradas: filasConDatos, minimas: minimas, ultima: ultimaConDatos))
    }
    return HojaLeida(nombre: info.name, registros: registros, hallazgos: hallazgos, celdas: celdas)
  }

  /// Fewer data rows than the sheet declares (`filasMinimas`): a template
  /// sent blank is not a report. The finding points at the first row
  /// where one is expected, in the table's first column.
  private func sinDatos(_ columnas: Columnas, encontradas: Int, minimas: Int, ultima: Int?)
    -> Hallazgo
  {
    let fila = (ultima ?? columnas.fila) + 1
    var valores: [String: ValorHallazgo] = [
      "hoja": .texto(info.name), "fila": .entero(fila), "encontradas": .entero(encontradas),
      "minimo": .entero(minimas),
      "columnas": .lista(esquema.campos.filter(\.esRequerido).map(\.encabezado)),
    ]
    if let registro = esquema.registro { valores["registro"] = .texto(registro) }
    return Hallazgo(
      .sinDatos, .error,
      ubicacion(celda: CellRef(row: fila, column: columnas.todas.min() ?? 1), fila: fila), valores)
  }

  // MARK: Field constraints

  private func restricciones(
    _ campo: Campo, _ valor: ValorTipado, _ ref: CellRef, porcentaje: Bool = false
  ) -> [Hallazgo] {
    switch valor {
    case .numero(let n):
      return limites(
        n, minimo: campo.minimo, minimoExclusivo: campo.minimoExclusivo, maximo: campo.maximo,
        ref: ref, encabezado: campo.encabezado, porcentaje: porcentaje || campo.tipo == .porcentaje)
    case .texto(let t):
      guard let patron = campo.patron else { return [] }
      if t.range(of: patron, options: .regularExpression) == nil {
        return [
          Hallazgo(
            .patronNoCoincide, .error, ubicacion(celda: ref),
            [
              "encontrado": .texto(t), "columna": .texto(campo.encabezado),
              "patron": .texto(patron),
            ])
        ]
      }
      return []
    case .fecha:
      return []
    }
  }

  private func limites(
    _ n: Decimal, minimo: Decimal?, minimoExclusivo: Decimal?, maximo: Decimal?, ref: CellRef,
    encabezado: String, porcentaje: Bool
  ) -> [Hallazgo] {
    let valor: (Decimal) -> ValorHallazgo = { porcentaje ? .porcentaje($0) : .numero($0) }
    let limite: (String, ValorHallazgo)
    if let minimo, n < minimo {
      limite = ("minimo", valor(minimo))
    } else if let minimoExclusivo, n <= minimoExclusivo {
      limite = ("mayorQue", valor(minimoExclusivo))
    } else if let maximo, n > maximo {
      limite = ("maximo", valor(maximo))
    } else {
      return []  // the common case: nothing built
    }
    let codigo: CodigoHallazgo = porcentaje ? .porcentajeFueraDeRango : .valorFueraDeRango
    return [
      Hallazgo(
        codigo, .error, ubicacion(celda: ref),
        ["encontrado": valor(n), "columna": .texto(encabezado), limite.0: limite.1])
    ]
  }
}

/// A form label's trailing (or leading) colons dropped: `Código:`.
private func sinDosPuntos(_ s: String) -> String {
  let u = s.utf8
  guard u.first == 0x3A || u.last == 0x3A else { return s }
  var inicio = u.startIndex
  var fin = u.endIndex
  while inicio < fin, u[inicio] == 0x3A { inicio = u.index(after: inicio) }
  while fin > inicio, u[u.index(before: fin)] == 0x3A { fin = u.index(before: fin) }
  return String(s[inicio..<fin])
}
