import Foundation
import XLSX

enum Reconocimiento {
  /// The template and, per template sheet name, the workbook's sheet.
  case plantilla(Plantilla, [String: SheetInfo])
  /// No template fits: the closest one and what it lacks.
  case ninguna(parecida: Plantilla?, hojas: [String], columnas: [String])
}

/// Recognises a workbook's template from its content: sheet names first
/// (accent-, case- and space-insensitive), then, for one-sheet templates,
/// a header row holding the template's required headers in any sheet.
struct Reconocedor {
  let libro: FuenteLibro
  let esquemas: SchemaSet

  func reconocer() throws -> Reconocimiento {
    let hojas = libro.sheets.filter { $0.kind == .worksheet }
    var mejor: (plantilla: Plantilla, hojas: [String], columnas: [String], puntaje: Int)?
    for plantilla in esquemas.plantillas {
      var encontradas: [String: SheetInfo] = [:]
      for hoja in plantilla.hojas {
        if let info = hojas.first(where: { normalizar($0.name) == normalizar(hoja.nombre) }) {
          encontradas[hoja.nombre] = info
        }
      }
      if encontradas.count == plantilla.hojas.count {
        return .plantilla(plantilla, encontradas)
      }
      let faltantes = plantilla.hojas.map(\.nombre).filter { encontradas[$0] == nil }
      if encontradas.count > (mejor?.puntaje ?? 0) {
        // A matching sheet name outweighs any number of header matches.
        mejor = (plantilla, faltantes, [], encontradas.count * 1000)
      }
    }
    // A one-sheet template whose sheet was renamed (`Hoja1`): its headers
    // still say what it is.
    for plantilla in esquemas.plantillas where plantilla.hojas.count == 1 {
      let esquema = plantilla.hojas[0]
      guard esquema.tipo == .tabla else { continue }
      for info in hojas {
        let busqueda = try BuscadorEncabezado(
          libro: libro, info: info, esquema: esquema,
          filas: esquemas.configuracion.filasBusquedaEncabezado
        ).buscar()
        if busqueda.columnas != nil {
          return .plantilla(plantilla, [esquema.nombre: info])
        }
        let puntaje = busqueda.coincidencias
        // Three headers in common is a resemblance; one `Código` is not.
        if puntaje >= 3, puntaje > (mejor?.puntaje ?? 0) {
          mejor = (plantilla, [], busqueda.faltantes, puntaje)
        }
      }
    }
    return .ninguna(
      parecida: mejor?.plantilla, hojas: mejor?.hojas ?? [], columnas: mejor?.columnas ?? [])
  }
}

/// A sheet schema's header names and month prefixes, normalised once per
/// sheet read: a header row's cells are then looked up, not compared with
/// every synonym of every field.
struct TablaEncabezados {
  /// Normalised name (header or synonym) → the fields that carry it, in
  /// schema order.
  let campos: [String: [Int]]
  let prefijosProgramacion: [String]
  let prefijosEjecucion: [String]

  init(_ esquema: HojaEsquema) {
    var campos: [String: [Int]] = [:]
    for (i, campo) in esquema.campos.enumerated() {
      for nombre in campo.nombres {
        let n = normalizar(nombre)
        if campos[n]?.last != i { campos[n, default: []].append(i) }
      }
    }
    self.campos = campos
    prefijosProgramacion = esquema.meses?.programacion.prefijos.map(prefijoDeMes) ?? []
    prefijosEjecucion = esquema.meses?.ejecucion.prefijos.map(prefijoDeMes) ?? []
  }
}

/// Finds a table's header row: PLAN says it is the first row, within the
/// first 20, that holds all required headers.
struct BuscadorEncabezado {
  let libro: FuenteLibro
  let info: SheetInfo
  let esquema: HojaEsquema
  let filas: Int
  let tabla: TablaEncabezados

  init(libro: FuenteLibro, info: SheetInfo, esquema: HojaEsquema, filas: Int) {
    self.libro = libro
    self.info = info
    self.esquema = esquema
    self.filas = filas
    tabla = TablaEncabezados(esquema)
  }

  struct Resultado {
    var columnas: Columnas?
    /// The closest row's matches and missing headers, for the message.
    var coincidencias: Int
    var faltantes: [String]
    var filaCandidata: Int?
    /// Rows read so far, so the caller goes on from there.
    var lector: FuenteFilas
    var encabezados: [Int: String]
  }

  func buscar() throws -> Resultado {
    let lector = try libro.filas(de: info)
    var mejor: (cuenta: Int, faltantes: [String], fila: Int)?
    while let row = try lector.nextRow(), row.index <= filas {
      let (columnas, faltantes, encabezados) = emparejar(row)
      let cuenta = columnas.campos.count + columnas.prog.count + columnas.ejec.count
      if faltantes.isEmpty {
        return Resultado(
          columnas: columnas, coincidencias: cuenta, faltantes: [], filaCandidata: row.index,
          lector: lector, encabezados: encabezados)
      }
      if cuenta > (mejor?.cuenta ?? 0) { mejor = (cuenta, faltantes, row.index) }
    }
    return Resultado(
      columnas: nil, coincidencias: mejor?.cuenta ?? 0,
      faltantes: mejor?.faltantes ?? requeridos(), filaCandidata: mejor?.fila, lector: lector,
      encabezados: [:])
  }

  private func requeridos() -> [String] {
    var nombres = esquema.campos.filter(\.esRequerido).map(\.encabezado)
    if let meses = esquema.meses {
      nombres += mesesFaltantes(meses.programacion.prefijos[0], [:])
      nombres += mesesFaltantes(meses.ejecucion.prefijos[0], [:])
    }
    return nombres
  }

  /// Matches a row's texts to fields and month columns.
  func emparejar(_ row: Row) -> (Columnas, [String], [Int: String]) {
    var columnas = Columnas(fila: row.index)
    var encabezados: [Int: String] = [:]
    for cell in row.cells {
      guard case .text(let t) = cell.value else { continue }
      let n = normalizar(t)
      guard !n.isEmpty else { continue }
      encabezados[cell.column] = recortar(t)
      if let i = tabla.campos[n]?.first, columnas.campos[esquema.campos[i].id] == nil {
        columnas.campos[esquema.campos[i].id] = cell.column
      } else if esquema.meses != nil,
        let mes = mesDeEncabezado(normalizado: n, prefijos: tabla.prefijosProgramacion),
        columnas.prog[mes] == nil
      {
        columnas.prog[mes] = cell.column
      } else if esquema.meses != nil,
        let mes = mesDeEncabezado(normalizado: n, prefijos: tabla.prefijosEjecucion),
        columnas.ejec[mes] == nil
      {
        columnas.ejec[mes] = cell.column
      } else {
        columnas.extras.append((cell.column, t))
      }
    }
    var faltantes = esquema.campos.filter { $0.esRequerido && columnas.campos[$0.id] == nil }
      .map(\.encabezado)
    if let meses = esquema.meses {
      faltantes += mesesFaltantes(meses.programacion.prefijos[0], columnas.prog)
      faltantes += mesesFaltantes(meses.ejecucion.prefijos[0], columnas.ejec)
    }
    return (columnas, faltantes, encabezados)
  }

  /// The missing month headers; all twelve collapse to one entry.
  private func mesesFaltantes(_ prefijo: String, _ encontrados: [Int: Int]) -> [String] {
    if encontrados.isEmpty {
      return ["\(prefijo) enero … \(prefijo) diciembre"]
    }
    return (1...12).filter { encontrados[$0] == nil }.map { "\(prefijo) \(nombresMeses[$0 - 1])" }
  }
}
