import Foundation
import Plan
import Schema
import XLSX

/// Valid submissions of each template, in memory; tests break one thing.
enum Ejemplo {
  static let encabezadosMetas =
    [
      "Código proyecto", "Objetivo específico", "Descripción objetivo específico", "Meta",
      "Descripción meta", "Tipo de anualización", "Magnitud vigencia",
    ] + prog + ejec

  /// Metas row: Suma, magnitud 100, 25 per quarter-end month… programmed
  /// Jan–Dec evenly, executed Jan–Mar.
  static func meta(
    objetivo: Int = 1, meta: Int = 1, anualizacion: String = "Suma", magnitud: String = "120",
    programacion: [Cell?] = doce(V.n("10")), ejecucion: [Cell?] = doce(V.n("10"), hasta: 3)
  ) -> [String: Cell] {
    var fila: [String: Cell] = [
      "Código proyecto": V.n("7867"), "Objetivo específico": V.n(String(objetivo)),
      "Descripción objetivo específico": V.t("Objetivo \(objetivo)"), "Meta": V.n(String(meta)),
      "Descripción meta": V.t("Meta \(meta)"), "Tipo de anualización": V.t(anualizacion),
      "Magnitud vigencia": V.n(magnitud),
    ]
    fila.merge(mesesCeldas(prog, programacion)) { $1 }
    fila.merge(mesesCeldas(ejec, ejecucion)) { $1 }
    return fila
  }

  static let encabezadosPresupuesto = [
    "Código proyecto", "Fuente de financiación", "Apropiación vigente", "Compromisos acumulados",
    "Giros acumulados",
  ]

  static func presupuesto(
    apropiacion: String = "1000000", compromisos: String = "400000", giros: String = "100000"
  )
    -> [String: Cell]
  {
    [
      "Código proyecto": V.n("7867"), "Fuente de financiación": V.t("Recursos del distrito"),
      "Apropiación vigente": V.n(apropiacion), "Compromisos acumulados": V.n(compromisos),
      "Giros acumulados": V.n(giros),
    ]
  }

  /// The form, with its labels in column B from row 3 (offices move it).
  static func formulario(
    codigo: Cell = V.n("7867"), vigencia: Cell = V.n("2021"), corte: Cell = V.fecha(44286)
  ) -> [Row] {
    let pares: [(String, Cell)] = [
      ("Código proyecto", codigo), ("Nombre del proyecto", V.t("Generación de lineamientos")),
      ("Objetivo general", V.t("Comunicar")),
      ("Dependencia responsable", V.t("Oficina Consejería de Comunicaciones")),
      ("Vigencia", vigencia), ("Fecha de corte", corte),
    ]
    return [Row(index: 1, cells: [Cell(column: 1, value: .text("PROYECTO DE INVERSIÓN"))])]
      + pares.enumerated().map { (i, par) in
        Row(
          index: i + 3,
          cells: [
            Cell(column: 2, value: .text(par.0)),
            Cell(column: 4, value: par.1.value, kind: par.1.kind),
          ])
      }
  }

  static func proyecto(
    metas: [[String: Cell]] = [meta()], presupuesto: [[String: Cell]] = [presupuesto()],
    formulario: [Row] = formulario(), encabezadosMetas: [String] = encabezadosMetas
  ) -> LibroMemoria {
    let libro = LibroMemoria()
    libro.hoja("Proyecto", filas: formulario)
    libro.hoja(
      "Metas", filas: Tabla(encabezados: encabezadosMetas, filas: metas, filasTitulo: 2).rows())
    libro.hoja(
      "Presupuesto", filas: Tabla(encabezados: encabezadosPresupuesto, filas: presupuesto).rows())
    return libro
  }

  static let encabezadosIndicadores =
    [
      "Código indicador", "Nombre del indicador", "Proceso", "Dependencia", "Periodicidad",
      "Tipo de anualización", "Unidad de medida", "Meta vigencia",
    ] + prog + ejec

  static func indicador(
    codigo: String = "IND-01", periodicidad: String = "Mensual", anualizacion: String = "Suma",
    unidad: String = "Número", meta: Cell = V.n("120"), programacion: [Cell?] = doce(V.n("10")),
    ejecucion: [Cell?] = doce(V.n("10"), hasta: 3)
  ) -> [String: Cell] {
    var fila: [String: Cell] = [
      "Código indicador": V.t(codigo), "Nombre del indicador": V.t("Indicador \(codigo)"),
      "Proceso": V.t("Contratación"), "Dependencia": V.t("Dirección de Contratación"),
      "Periodicidad": V.t(periodicidad), "Tipo de anualización": V.t(anualizacion),
      "Unidad de medida": V.t(unidad), "Meta vigencia": meta,
    ]
    fila.merge(mesesCeldas(prog, programacion)) { $1 }
    fila.merge(mesesCeldas(ejec, ejecucion)) { $1 }
    return fila
  }

  static func indicadores(
    _ filas: [[String: Cell]], encabezados: [String] = encabezadosIndicadores,
    hoja: String = "Indicadores", visibilidad: SheetVisibility = .visible
  ) -> LibroMemoria {
    let libro = LibroMemoria()
    libro.hoja(
      "Instrucciones", filas: [Row(index: 1, cells: [Cell(column: 1, value: .text("Diligencie…"))])]
    )
    libro.hoja(
      hoja, visibilidad: visibilidad, filas: Tabla(encabezados: encabezados, filas: filas).rows())
    return libro
  }

  static let encabezadosActividades =
    ["Plan institucional", "Código actividad", "Actividad", "Dependencia responsable"] + prog + ejec

  static func actividad(
    codigo: String = "ACT-01", plan: String = "Plan Anual de Adquisiciones",
    programacion: [Cell?] = [
      V.p("0.25"), nil, V.p("0.25"), nil, nil, V.p("0.25"), nil, nil, V.p("0.25"), nil, nil, nil,
    ],
    ejecucion: [Cell?] = [V.p("0.25"), nil, V.p("0.25")] + Array(repeating: nil, count: 9)
  ) -> [String: Cell] {
    var fila: [String: Cell] = [
      "Plan institucional": V.t(plan), "Código actividad": V.t(codigo),
      "Actividad": V.t("Actividad \(codigo)"), "Dependencia responsable": V.t("Oficina TIC"),
    ]
    fila.merge(mesesCeldas(prog, programacion)) { $1 }
    fila.merge(mesesCeldas(ejec, ejecucion)) { $1 }
    return fila
  }

  static func actividades(_ filas: [[String: Cell]]) -> LibroMemoria {
    let libro = LibroMemoria()
    libro.hoja(
      "Actividades", filas: Tabla(encabezados: encabezadosActividades, filas: filas).rows())
    return libro
  }

  static let encabezadosRiesgos = [
    "Proceso", "Código riesgo", "Tipo de riesgo", "Descripción del riesgo",
    "Zona de riesgo residual",
    "Periodicidad de monitoreo", "Fecha de monitoreo", "Acciones programadas",
    "Acciones ejecutadas",
    "¿Se materializó?",
  ]

  static func riesgo(
    codigo: String = "R-01", tipo: String = "Corrupción", periodicidad: String = "Bimestral",
    fecha: Cell = V.fecha(44255), programadas: String = "4", ejecutadas: String = "3"
  ) -> [String: Cell] {
    [
      "Proceso": V.t("Contratación"), "Código riesgo": V.t(codigo), "Tipo de riesgo": V.t(tipo),
      "Descripción del riesgo": V.t("Riesgo \(codigo)"), "Zona de riesgo residual": V.t("Alta"),
      "Periodicidad de monitoreo": V.t(periodicidad), "Fecha de monitoreo": fecha,
      "Acciones programadas": V.n(programadas), "Acciones ejecutadas": V.n(ejecutadas),
      "¿Se materializó?": V.t("No"),
    ]
  }

  static func riesgos(_ filas: [[String: Cell]]) -> LibroMemoria {
    let libro = LibroMemoria()
    libro.hoja("Riesgos", filas: Tabla(encabezados: encabezadosRiesgos, filas: filas).rows())
    return libro
  }
}
