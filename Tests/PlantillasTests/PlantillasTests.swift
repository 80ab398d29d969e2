import Foundation
import Ledger
import Plan
import XCTest

@testable import Plantillas
@testable import Reports
@testable import Schema
@testable import XLSX

/// The templates written from `schemas/`: read back, their validations
/// checked in the XML, and filled copies sent through the validator.
final class PlantillasTests: XCTestCase {
  private var carpeta = ""
  private var set: SchemaSet!

  override func setUpWithError() throws {
    carpeta = NSTemporaryDirectory() + "pai-plantillas-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: carpeta, withIntermediateDirectories: true)
    set = try Fijo.esquemas()
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: carpeta)
  }

  private let ids = ["proyecto", "indicadores", "actividades", "riesgos"]

  @discardableResult
  private func escribir(
    _ id: String, contexto: ContextoPlantilla? = nil, datos: DatosPlantilla = DatosPlantilla(),
    nombre: String? = nil
  ) throws -> LibroGenerado {
    let ruta = carpeta + "/" + (nombre ?? id) + ".xlsx"
    try GeneradorPlantillas.escribir(
      try Fijo.plantilla(id, set), esquemas: set, contexto: contexto ?? Relleno.contexto(id),
      datos: datos, en: ruta)
    return try LibroGenerado(ruta)
  }

  // MARK: Sheets and headers

  func testCadaPlantillaTieneInstruccionesPrimeroYSusHojas() throws {
    for id in ids {
      let plantilla = try Fijo.plantilla(id, set)
      let libro = try escribir(id).libro
      let visibles = libro.sheets.filter { $0.visibility == .visible }.map(\.name)
      XCTAssertEqual(visibles, ["Instrucciones"] + plantilla.hojas.map(\.nombre), id)
      for oculta in libro.sheets where oculta.visibility != .visible {
        XCTAssertEqual(oculta.name, "Listas", id)
      }
    }
    // Only the 18 plans are too long for an inline list.
    XCTAssertNotNil(try escribir("actividades").libro.sheet(named: "Listas"))
    XCTAssertNil(try escribir("indicadores").libro.sheet(named: "Listas"))
  }

  func testEncabezadosExactosEnLaFila2YFormularioEnParejas() throws {
    for id in ids {
      let plantilla = try Fijo.plantilla(id, set)
      let libro = try escribir(id)
      for hoja in plantilla.hojas {
        let celdas = try libro.celdas(hoja.nombre)
        switch hoja.tipo {
        case .tabla:
          var esperados = hoja.campos.map(\.encabezado)
          if let meses = hoja.meses {
            for grupo in [meses.programacion, meses.ejecucion] {
              esperados += TextosPlantilla.meses.map { "\(grupo.prefijos[0]) \($0)" }
            }
          }
          let fila = celdas[DisposicionTabla.filaEncabezado] ?? [:]
          let textos = fila.keys.sorted().compactMap { c -> String? in
            if case .text(let t) = fila[c] { return t }
            return nil
          }
          XCTAssertEqual(textos, esperados, "\(id) \(hoja.nombre)")
        case .formulario:
          for (i, campo) in hoja.campos.enumerated() {
            let fila = celdas[4 + i] ?? [:]
            XCTAssertEqual(fila[1], .text(campo.encabezado), "\(id) \(campo.id)")
          }
        }
      }
    }
  }

  func testEncabezadoCongeladoAnchosYFormatos() throws {
    let libro = try escribir("actividades", datos: Relleno.datos("actividades", set))
    let xml = try libro.xml("Actividades")
    XCTAssertTrue(
      xml.contains(#"<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>"#))
    XCTAssertTrue(xml.contains(#"<col min="1" max="1""#))
    // The months are percent cells; the reader sees percents.
    let marzo = try XCTUnwrap(try libro.fila(3, "Actividades")?[7])  // G3: Prog. marzo
    XCTAssertEqual(marzo.kind, .percent)
    XCTAssertEqual(marzo.value, .number("0.25"))

    let proyecto = try escribir("proyecto", datos: Relleno.datos("proyecto", set))
    let presupuesto = try proyecto.celdas("Presupuesto")
    XCTAssertEqual(presupuesto[3]?[3], .number("19615000000"))
    XCTAssertEqual(try proyecto.fila(3, "Presupuesto")?[3]?.kind, .number)  // "$ "#,##0
    let riesgos = try escribir("riesgos", datos: Relleno.datos("riesgos", set))
    XCTAssertEqual(try riesgos.fila(3, "Riesgos")?[7]?.kind, .date)  // Fecha de monitoreo
  }

  // MARK: Data validations

  /// Every enum field has a list validation over its data cells, inline
  /// with the schema's values or drawn from the hidden `Listas` sheet.
  func testCadaEnumTieneSuListaDesplegable() throws {
    var vistas = 0
    for id in ids {
      let plantilla = try Fijo.plantilla(id, set)
      let libro = try escribir(id)
      let listas = libro.libro.sheet(named: "Listas") != nil ? try libro.celdas("Listas") : [:]
      for hoja in plantilla.hojas where hoja.tipo == .tabla {
        let validaciones = try libro.validaciones(hoja.nombre)
        for (i, campo) in hoja.campos.enumerated() where campo.tipo == .enum {
          let valores = campo.valores ?? set.listas[campo.lista ?? ""] ?? []
          let celda = CellRef(row: 3, column: i + 1)
          let ultima = CellRef(row: 2 + GeneradorPlantillas.filasPorHoja, column: i + 1)
          let v = try XCTUnwrap(
            validaciones.first { $0.tipo == "list" && $0.cubre(celda) && $0.cubre(ultima) },
            "\(id) \(campo.id): sin lista")
          let formula = try XCTUnwrap(v.formula1)
          if formula.hasPrefix("\"") {
            XCTAssertEqual(formula, "\"" + valores.joined(separator: ",") + "\"", campo.id)
          } else {
            // 'Listas'!$A$2:$A$19: the values sit there, in order.
            let rango = try XCTUnwrap(
              CellRange(
                String(formula.split(separator: "!")[1]).replacingOccurrences(of: "$", with: "")))
            let leidos = (rango.first.row...rango.last.row).compactMap { fila -> String? in
              if case .text(let t) = listas[fila]?[rango.first.column] { return t }
              return nil
            }
            XCTAssertEqual(leidos, valores, campo.id)
            XCTAssertEqual(valores.count, 18)
          }
          XCTAssertEqual(v.atributos["showErrorMessage"], "1")
          XCTAssertNil(v.atributos["showDropDown"], "el desplegable se ve (atributo invertido)")
          vistas += 1
        }
      }
    }
    // Metas: anualización; Indicadores: 3; Actividades: plan; Riesgos: 4.
    XCTAssertEqual(vistas, 9)
  }

  func testCadaEncabezadoYColumnaTieneMensaje() throws {
    for id in ids {
      let plantilla = try Fijo.plantilla(id, set)
      let libro = try escribir(id)
      for hoja in plantilla.hojas where hoja.tipo == .tabla {
        let validaciones = try libro.validaciones(hoja.nombre)
        let columnas = hoja.campos.count + (hoja.meses == nil ? 0 : 24)
        for c in 1...columnas {
          for fila in [2, 3, 2 + GeneradorPlantillas.filasPorHoja] {
            let ref = CellRef(row: fila, column: c)
            let cubren = validaciones.filter { $0.cubre(ref) }
            XCTAssertEqual(cubren.count, 1, "\(id) \(hoja.nombre)!\(ref): una validación por celda")
            XCTAssertEqual(
              cubren.first?.atributos["showInputMessage"], "1", "\(hoja.nombre)!\(ref)")
            XCTAssertFalse(
              cubren.first?.atributos["prompt"]?.isEmpty ?? true, "\(hoja.nombre)!\(ref)")
          }
        }
      }
    }
  }

  func testRangosNumericosYFechas() throws {
    let actividades = try escribir("actividades").validaciones("Actividades")
    let prog = try XCTUnwrap(actividades.first { $0.cubre(CellRef(row: 3, column: 5)) })
    XCTAssertEqual(prog.tipo, "decimal")
    XCTAssertEqual(prog.atributos["operator"], nil)  // between
    XCTAssertEqual([prog.formula1, prog.formula2], ["0", "1"])
    // Execution after the corte (March): only 0.
    let ejecAbril = try XCTUnwrap(actividades.first { $0.cubre(CellRef(row: 3, column: 20)) })
    XCTAssertEqual(ejecAbril.tipo, "decimal")
    XCTAssertEqual(ejecAbril.atributos["operator"], "equal")
    XCTAssertEqual(ejecAbril.formula1, "0")

    let metas = try escribir("proyecto").validaciones("Metas")
    let objetivo = try XCTUnwrap(metas.first { $0.cubre(CellRef(row: 3, column: 2)) })
    XCTAssertEqual(objetivo.tipo, "whole")
    XCTAssertEqual(objetivo.atributos["operator"], "greaterThanOrEqual")
    XCTAssertEqual(objetivo.formula1, "1")
    let magnitud = try XCTUnwrap(metas.first { $0.cubre(CellRef(row: 3, column: 7)) })
    XCTAssertEqual(magnitud.tipo, "decimal")
    XCTAssertEqual(magnitud.atributos["operator"], "greaterThan")
    let codigo = try XCTUnwrap(metas.first { $0.cubre(CellRef(row: 3, column: 1)) })
    XCTAssertEqual(codigo.tipo, "custom")
    XCTAssertEqual(codigo.formula1, #"($A3&"")=('Proyecto'!$B$4&"")"#)

    let presupuesto = try escribir("proyecto").validaciones("Presupuesto")
    let compromisos = try XCTUnwrap(presupuesto.first { $0.cubre(CellRef(row: 3, column: 4)) })
    XCTAssertEqual([compromisos.formula1, compromisos.formula2], ["0", "$C3"])
    XCTAssertEqual(compromisos.atributos["errorStyle"], "warning")

    let riesgos = try escribir("riesgos").validaciones("Riesgos")
    let fecha = try XCTUnwrap(riesgos.first { $0.cubre(CellRef(row: 3, column: 7)) })
    XCTAssertEqual(fecha.tipo, "date")
    XCTAssertEqual(fecha.atributos["operator"], "lessThanOrEqual")
    XCTAssertEqual(fecha.formula1, String(Fijo.corte.serial))
    // The process the template is for is the column's one choice, questioned
    // rather than refused.
    let proceso = try XCTUnwrap(riesgos.first { $0.cubre(CellRef(row: 3, column: 1)) })
    XCTAssertEqual(proceso.formula1, "\"Contratación\"")
    XCTAssertEqual(proceso.atributos["errorStyle"], "warning")

    let indicadores = try escribir("indicadores").validaciones("Indicadores")
    let febrero = try XCTUnwrap(indicadores.first { $0.cubre(CellRef(row: 3, column: 10)) })
    XCTAssertEqual(febrero.tipo, "custom")
    XCTAssertEqual(febrero.formula1, #"AND(ISNUMBER($J3),OR($J3=0,$E3="Mensual",$E3="Bimestral"))"#)

    let formulario = try escribir("proyecto").validaciones("Proyecto")
    let vigencia = try XCTUnwrap(formulario.first { $0.cubre(CellRef(row: 8, column: 2)) })
    XCTAssertEqual(
      [vigencia.tipo, vigencia.atributos["operator"], vigencia.formula1],
      ["whole", "equal", "2021"])
    let corte = try XCTUnwrap(formulario.first { $0.cubre(CellRef(row: 9, column: 2)) })
    XCTAssertEqual([corte.tipo, corte.formula1], ["date", String(Fijo.corte.serial)])
  }

  // MARK: Round trip

  private func validar(_ libro: LibroGenerado) -> InformeArchivo {
    Schema.validar(ruta: libro.ruta, esquemas: set, corte: Fijo.corte)
  }

  /// The check column of a table sheet, by row: what it shows.
  private func revision(_ libro: LibroGenerado, _ hoja: String) throws -> [Int: String] {
    let esquema = try XCTUnwrap(
      set.plantillas.flatMap(\.hojas).first { $0.nombre == hoja })
    let d = DisposicionTabla(hoja: esquema, filas: GeneradorPlantillas.filasPorHoja)
    let col = try XCTUnwrap(d.columna(.revision))
    var out: [Int: String] = [:]
    for (fila, celdas) in try libro.celdas(hoja) where fila >= DisposicionTabla.primeraFila {
      if case .text(let t) = celdas[col], !t.isEmpty { out[fila] = t }
    }
    return out
  }

  func testPlantillaDiligenciadaPasaSinHallazgos() throws {
    for id in ids {
      let libro = try escribir(id, datos: Relleno.datos(id, set))
      let informe = validar(libro)
      XCTAssertEqual(informe.plantilla, id)
      XCTAssertEqual(informe.hallazgos, [], "\(id): \(informe.hallazgos.map(Catalogo.mensaje))")
      XCTAssertNotNil(informe.contenido, id)
      for hoja in try Fijo.plantilla(id, set).hojas where hoja.tipo == .tabla {
        let filas = Relleno.datos(id, set).filas[hoja.nombre]?.count ?? 0
        let esperado = Dictionary(
          uniqueKeysWithValues: (0..<filas).map { (3 + $0, ControlesTabla.correcto) })
        XCTAssertEqual(try revision(libro, hoja.nombre), esperado, "\(id) \(hoja.nombre)")
      }
    }
  }

  /// A blank template reads without a reading finding, and is still not
  /// a report: each empty table is `sin-datos` at row 3, under the header.
  func testPlantillaEnBlancoSoloPideSusDatos() throws {
    for (id, hoja) in [
      ("indicadores", "Indicadores"), ("actividades", "Actividades"), ("riesgos", "Riesgos"),
    ] {
      let informe = validar(try escribir(id))
      XCTAssertEqual(
        informe.hallazgos.map { "\($0.codigo) \($0.ubicacion.referencia ?? "")" },
        ["sin-datos \(hoja)!A3"], id)
    }
    // In a blank project, also the form's values the office must write.
    let informe = validar(
      try escribir("proyecto", contexto: ContextoPlantilla(vigencia: 2021, corte: Fijo.corte)))
    XCTAssertEqual(
      informe.hallazgos.map { "\($0.codigo) \($0.ubicacion.referencia ?? "")" },
      [
        "valor-faltante Proyecto!B4", "valor-faltante Proyecto!B5", "valor-faltante Proyecto!B6",
        "valor-faltante Proyecto!B7", "sin-datos Metas!A3", "sin-datos Presupuesto!A3",
      ])
  }

  private struct Roto {
    var id: String
    var hoja: String
    var romper: (inout DatosPlantilla) -> Void
    var codigo: CodigoHallazgo
    var celda: String
    var mensaje: String
    /// The rows `Revisión` flags, when not only the finding's: a repeated
    /// key is flagged on both rows, the validator names the later one.
    var marcadas: [Int]? = nil
  }

  /// Rows that break one rule of the kind, each from a correctly filled
  /// template: one switch over the kinds, so a new kind is not left out.
  private func rotos(_ tipo: TipoRegla) -> [Roto] {
    switch tipo {
    case .vigenciaDelCorte, .corteDeLaCorrida:
      // Form rules: no row, no formula in `Revisión` (a data validation
      // on the form's cell instead, see testRangosNumericosYFechas).
      return []
    case .unico:
      return [
        Roto(
          id: "indicadores", hoja: "Indicadores",
          romper: { $0.filas["Indicadores"]![1].valores["codigo"] = .texto("CON-01") },
          codigo: .identidadRepetida, celda: "Indicadores!A4",
          mensaje: "«Código indicador» se repite en otra fila", marcadas: [3, 4])
      ]
    case .mismoTextoPorGrupo:
      return [
        Roto(
          id: "proyecto", hoja: "Metas",
          romper: { $0.filas["Metas"]![1].valores["descripcionObjetivo"] = .texto("Otro") },
          codigo: .textoDistintoEnGrupo, celda: "Metas!C4",
          mensaje:
            "Otra fila del mismo «Objetivo específico» tiene otra «Descripción objetivo específico»",
          marcadas: [3, 4])
      ]
    case .igualAlFormulario:
      return [
        Roto(
          id: "proyecto", hoja: "Presupuesto",
          romper: { $0.filas["Presupuesto"]![0].valores["codigo"] = .texto("7868") },
          codigo: .distintoAlFormulario, celda: "Presupuesto!A3",
          mensaje: "«Código proyecto» no es el de la hoja Proyecto")
      ]
    case .programacionTotal:
      return [
        Roto(
          id: "proyecto", hoja: "Metas", romper: { $0.filas["Metas"]![0].prog[0] = 2 },
          codigo: .sumaProgramacion, celda: "Metas!G3",
          mensaje: "La programación no suma «Magnitud vigencia»"),
        Roto(
          id: "indicadores", hoja: "Indicadores",
          romper: { $0.filas["Indicadores"]![2].prog[11] = 1 },
          codigo: .ultimoMesDistinto, celda: "Indicadores!T5",
          mensaje: "El último mes programado es distinto de «Meta vigencia»"),
        Roto(
          id: "actividades", hoja: "Actividades",
          romper: { $0.filas["Actividades"]![0].prog[11] = Decimal(string: "0.15") },
          codigo: .sumaProgramacion, celda: "Actividades!P3",
          mensaje: "La programación no suma 100 %"),
      ]
    case .ejecucionMaxima:
      return [
        Roto(
          id: "actividades", hoja: "Actividades",
          romper: {
            $0.filas["Actividades"]![0].ejec[0] = Decimal(string: "0.6")
            $0.filas["Actividades"]![0].ejec[1] = Decimal(string: "0.6")
          },
          codigo: .ejecucionExcedeTotal, celda: "Actividades!S3",
          mensaje: "La ejecución suma más de 100 %")
      ]
    case .ejecucionFaltante:
      return [
        Roto(
          id: "indicadores", hoja: "Indicadores",
          romper: { $0.filas["Indicadores"]![0].ejec[1] = nil },
          codigo: .ejecucionFaltante, celda: "Indicadores!V3",
          mensaje: "Falta la ejecución de febrero")
      ]
    case .ejecucionPosteriorAlCorte:
      return [
        Roto(
          id: "indicadores", hoja: "Indicadores",
          romper: { $0.filas["Indicadores"]![0].ejec[5] = 5 },
          codigo: .ejecucionDespuesDelCorte, celda: "Indicadores!Z3",
          mensaje: "Hay ejecución después del corte (31/03/2021)")
      ]
    case .mesesDeLaPeriodicidad:
      return [
        Roto(
          id: "indicadores", hoja: "Indicadores",
          romper: { $0.filas["Indicadores"]![1].ejec[0] = Decimal(string: "0.5") },
          codigo: .ejecucionFueraDePeriodicidad, celda: "Indicadores!U4",
          mensaje: "Hay valores en meses que la periodicidad no permite")
      ]
    case .comparacion:
      return [
        Roto(
          id: "proyecto", hoja: "Presupuesto",
          romper: { $0.filas["Presupuesto"]![0].valores["giros"] = .numero(10_000_000_000) },
          codigo: .comparacionFallida, celda: "Presupuesto!E3",
          mensaje: "«Giros acumulados» debe ser menor o igual que «Compromisos acumulados»")
      ]
    case .implica:
      return [
        Roto(
          id: "riesgos", hoja: "Riesgos",
          romper: { $0.filas["Riesgos"]![1].valores["periodicidad"] = .texto("Cuatrimestral") },
          codigo: .valorIncompatible, celda: "Riesgos!F4",
          mensaje: "Con «Tipo de riesgo» Corrupción, «Periodicidad de monitoreo» debe ser Bimestral"
        )
      ]
    case .fechaHastaElCorte:
      return [
        Roto(
          id: "riesgos", hoja: "Riesgos",
          romper: {
            $0.filas["Riesgos"]![0].valores["fechaMonitoreo"] = .fecha(
              Fecha(year: 2021, month: 4, day: 15)!)
          },
          codigo: .fechaPosteriorAlCorte, celda: "Riesgos!G3",
          mensaje: "«Fecha de monitoreo» es posterior al corte (31/03/2021)")
      ]
    }
  }

  /// For every rule kind with a formula in `Revisión`, the template and
  /// the validator agree: on the filled template (every rule passes, see
  /// testPlantillaDiligenciadaPasaSinHallazgos) both are silent; on a row
  /// that breaks the rule the validator gives that rule's finding in that
  /// cell and nothing else, and the sheet flags that row with that rule's
  /// message before the file is sent.
  func testUnValorRotoDaSuHallazgoEnSuCelda() throws {
    for tipo in TipoRegla.allCases {
      let rotos = rotos(tipo)
      let enPlantillas = set.plantillas.flatMap(\.hojas).flatMap { $0.reglas ?? [] }
        .filter { $0.tipo == tipo }
      XCTAssertFalse(enPlantillas.isEmpty, "\(tipo.rawValue): ninguna plantilla la usa")
      for (i, roto) in rotos.enumerated() {
        let contexto = "\(tipo.rawValue) \(roto.celda)"
        var datos = Relleno.datos(roto.id, set)
        roto.romper(&datos)
        let libro = try escribir(roto.id, datos: datos, nombre: "\(roto.id)-\(tipo.rawValue)-\(i)")
        let informe = validar(libro)
        XCTAssertFalse(informe.aceptado, contexto)
        XCTAssertEqual(
          informe.hallazgos.map { "\($0.codigo) \($0.ubicacion.referencia ?? "")" },
          ["\(roto.codigo) \(roto.celda)"], contexto)
        // The sheet said so before it was sent.
        let fila = try XCTUnwrap(Int(roto.celda.drop { !$0.isNumber }))
        let marcadas = Dictionary(
          uniqueKeysWithValues: (roto.marcadas ?? [fila]).map { ($0, roto.mensaje) })
        let revision = try revision(libro, roto.hoja).filter { $0.value != ControlesTabla.correcto }
        XCTAssertEqual(revision, marcadas, contexto)
      }
    }
  }

  // MARK: Instructions

  func testInstruccionesDicenCorteReglasYColumnas() throws {
    let libro = try escribir("riesgos")
    let textos = try libro.celdas("Instrucciones").values.flatMap(\.values).compactMap {
      v -> String? in
      if case .text(let t) = v { return t }
      return nil
    }
    let todo = textos.joined(separator: "\n")
    XCTAssertTrue(todo.contains("31/03/2021"))
    XCTAssertTrue(todo.contains("Contratación"))
    XCTAssertTrue(
      todo.contains(
        "Si «Tipo de riesgo» es Corrupción, «Periodicidad de monitoreo» debe ser Bimestral."))
    XCTAssertTrue(
      todo.contains("«Acciones ejecutadas» debe ser menor o igual que «Acciones programadas»."))
    XCTAssertTrue(
      todo.contains("«Fecha de monitoreo» no puede ser posterior al corte (31/03/2021)."))
    XCTAssertTrue(todo.contains("Uno de: Baja, Moderada, Alta o Extrema."))
    XCTAssertTrue(
      todo.contains(
        "Una tabla: una fila por riesgo y fecha de monitoreo, desde la fila 3. La hoja debe tener al menos una fila con datos: sin ella el libro se rechaza."
      ))
  }

  /// Every rule kind the validator knows has a sentence in the
  /// instructions (the compiler sees to it: one switch, no `default:`);
  /// none is empty.
  func testCadaTipoDeReglaTieneSuFrase() throws {
    let plantilla = try Fijo.plantilla("riesgos", set)
    let hoja = plantilla.hojas[0]
    let instrucciones = InstruccionesPlantilla(
      plantilla: plantilla, esquemas: set, contexto: Relleno.contexto("riesgos"),
      validaciones: ValidacionesPlantilla(
        esquemas: set, contexto: Relleno.contexto("riesgos"), listas: HojaListas()))
    for tipo in TipoRegla.allCases {
      let regla: Regla
      switch tipo {
      case .vigenciaDelCorte: regla = .vigenciaDelCorte(campo: "programadas")
      case .corteDeLaCorrida: regla = .corteDeLaCorrida(campo: "fechaMonitoreo")
      case .igualAlFormulario: regla = .igualAlFormulario(campo: "codigo", formulario: "codigo")
      case .unico: regla = .unico(campos: ["codigo"])
      case .mismoTextoPorGrupo: regla = .mismoTextoPorGrupo(grupo: "proceso", campo: "descripcion")
      case .programacionTotal: regla = .programacionTotal(meta: .total(1), anualizacion: nil)
      case .ejecucionMaxima: regla = .ejecucionMaxima(total: 1)
      case .ejecucionFaltante: regla = .ejecucionFaltante
      case .ejecucionPosteriorAlCorte: regla = .ejecucionPosteriorAlCorte
      case .mesesDeLaPeriodicidad:
        regla = .mesesDeLaPeriodicidad(periodicidad: "periodicidad", anualizacion: nil)
      case .comparacion:
        regla = .comparacion(campo: "programadas", operador: .menorIgual, otro: "ejecutadas")
      case .implica:
        regla = .implica(
          si: Condicion(campo: "tipo", valor: "Gestión"),
          entonces: Condicion(campo: "periodicidad", valor: "Cuatrimestral"))
      case .fechaHastaElCorte: regla = .fechaHastaElCorte(campo: "fechaMonitoreo")
      }
      XCTAssertEqual(regla.tipo, tipo)
      XCTAssertGreaterThan(instrucciones.regla(regla, hoja: hoja).count, 20, tipo.rawValue)
    }
  }

  // MARK: The whole set

  func testTodasConElCatalogo() throws {
    let catalogo = try CatalogoEntidad.cargar(
      Fijo.raiz.appendingPathComponent("schemas/catalogo.json").path)
    let pedidas = PlanPlantillas.todas(
      esquemas: set, catalogo: catalogo, vigencia: 2021, corte: Fijo.corte)
    let archivos = pedidas.map(\.archivo)
    XCTAssertEqual(Set(archivos).count, archivos.count)
    for id in ids { XCTAssertTrue(archivos.contains("\(id).xlsx"), id) }
    XCTAssertTrue(archivos.contains("consejeria-comunicaciones/proyecto_7867.xlsx"))
    XCTAssertTrue(archivos.contains("direccion-contratacion/riesgos_contratacion.xlsx"))
    XCTAssertTrue(archivos.contains("oficina-tic/indicadores_gestion-de-tic.xlsx"))
    XCTAssertEqual(
      archivos.count,
      4 + catalogo.proyectos.count + catalogo.procesos.filter(\.indicadores).count
        + catalogo.procesos.filter(\.riesgos).count + catalogo.planIntegrado.count)
    let p7867 = try XCTUnwrap(pedidas.first { $0.archivo.hasSuffix("proyecto_7867.xlsx") })
    XCTAssertEqual(p7867.contexto.dependencia, "Oficina Consejería de Comunicaciones")
    XCTAssertEqual(p7867.contexto.proyecto?.codigo, "7867")
    XCTAssertEqual(
      PlanPlantillas.todas(esquemas: set, catalogo: nil, vigencia: 2021, corte: nil).map(\.archivo)
        .sorted(),
      ["actividades.xlsx", "indicadores.xlsx", "proyecto.xlsx", "riesgos.xlsx"])
  }

  /// A long office name with a comma cannot go in an inline list: it goes
  /// to `Listas`, and the form carries the project's known values.
  func testDependenciaConComaVaALaHojaListas() throws {
    let contexto = ContextoPlantilla(
      vigencia: 2021, corte: Fijo.corte,
      dependencia: "Alta Consejería para los Derechos de las Víctimas, la Paz y la Reconciliación")
    let libro = try escribir("actividades", contexto: contexto)
    let v = try XCTUnwrap(
      try libro.validaciones("Actividades").first { $0.cubre(CellRef(row: 3, column: 4)) })
    XCTAssertEqual(v.formula1, "'Listas'!$B$2:$B$2")
    XCTAssertEqual(try libro.celdas("Listas")[2]?[2], .text(contexto.dependencia!))

    let proyecto = try escribir("proyecto")
    let form = try proyecto.celdas("Proyecto")
    XCTAssertEqual(form[4]?[2], .text("7867"))
    XCTAssertEqual(form[8]?[2], .number("2021"))
    XCTAssertEqual(form[9]?[2], .number(String(Fijo.corte.serial)))
  }
}
