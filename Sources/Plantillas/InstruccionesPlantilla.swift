import Foundation
import Plan
import Reports
import Schema
import XLSX

/// The `Instrucciones` sheet: for whom and for which corte, how to fill
/// and send, each sheet's columns and each rule in plain words. Every line
/// comes from the schema and the context, so it cannot drift from what
/// the validator checks.
struct InstruccionesPlantilla {
  let plantilla: Plantilla
  let esquemas: SchemaSet
  let contexto: ContextoPlantilla
  let validaciones: ValidacionesPlantilla

  static let anchos: [Int: Double] = [1: 36, 2: 14, 3: 110]

  private typealias Fila = [WriteCell?]

  private func texto(_ s: String, _ estilo: CellStyle = .general) -> WriteCell {
    WriteCell(.text(s), style: estilo)
  }

  func filas() -> [[WriteCell?]] {
    var filas: [Fila] = []
    filas.append([texto("Plan de Acción Institucional: plantilla «\(plantilla.titulo)»", .title)])
    filas.append([])
    filas += datos().map { [texto($0.0, .header), texto($0.1)] }
    filas.append([])
    filas.append([texto("Cómo diligenciar", .title)])
    filas += pasos().enumerated().map { [texto("\($0.offset + 1). \($0.element)")] }
    for hoja in plantilla.hojas {
      filas.append([])
      filas += self.hoja(hoja)
    }
    filas.append([])
    filas.append([texto("Columnas de control", .title)])
    filas += control().map { [texto($0)] }
    return filas
  }

  private func datos() -> [(String, String)] {
    var d: [(String, String)] = [
      ("Plantilla", plantilla.titulo), ("Vigencia", String(contexto.vigencia)),
    ]
    d.append(
      (
        "Fecha de corte",
        contexto.corte.map(Formato.fecha) ?? "La que indique la Oficina de Planeación"
      ))
    if let p = contexto.proyecto {
      d.append(("Proyecto", [p.codigo, p.nombre].compactMap { $0 }.joined(separator: " – ")))
    }
    if let proceso = contexto.proceso { d.append(("Proceso", proceso)) }
    if let dependencia = contexto.dependencia { d.append(("Dependencia", dependencia)) }
    if let carpeta = contexto.carpeta { d.append(("Carpeta de entrega", "inbox/\(carpeta)/")) }
    if let anterior = contexto.corteAnterior {
      d.append(("Trae lo aceptado al", Formato.fecha(anterior) + " (celdas grises, protegidas)"))
      if let meses = mesesPorReportar(anterior) { d.append(("Meses por reportar", meses)) }
    }
    return d
  }

  /// `abril, mayo y junio`: the executions a carried workbook leaves to
  /// fill, from the month after the earlier corte to this corte's.
  private func mesesPorReportar(_ anterior: Fecha) -> String? {
    guard plantilla.hojas.contains(where: { $0.meses != nil }) else { return nil }
    guard let corte = contexto.corte else {
      return anterior.month < 12
        ? "desde \(TextosPlantilla.meses[anterior.month]) hasta el mes del corte" : nil
    }
    guard corte.month > anterior.month, corte.year == anterior.year else { return nil }
    return TextosPlantilla.enumeracion(Array(TextosPlantilla.meses[anterior.month..<corte.month]))
  }

  /// The first steps of a carried workbook: what it brings, what is left
  /// to fill, and how a deliberate change is made and shows. One short
  /// sentence each, so each fits the sheet's width.
  private func pasosArrastre(_ anterior: Fecha) -> [String] {
    let meses = plantilla.hojas.contains { $0.meses != nil }
    var pasos = [
      "Este libro trae lo que la Oficina Asesora de Planeación aceptó al \(Formato.fecha(anterior)): códigos, descripciones, metas"
        + (meses
          ? ", programación y ejecución hasta \(TextosPlantilla.meses[anterior.month - 1])" : "")
        + ". Esas celdas están en gris y protegidas."
    ]
    if let meses = mesesPorReportar(anterior) {
      pasos.append("Diligencie la ejecución de \(meses) en las celdas blancas.")
    }
    for hoja in plantilla.hojas {
      let nuevos = hoja.campos.filter { $0.cadaCorte == true }.map {
        TextosPlantilla.citado($0.encabezado)
      }
      guard !nuevos.isEmpty else { continue }
      pasos.append(
        "En la hoja \(TextosPlantilla.citado(hoja.nombre)) reporte de nuevo \(TextosPlantilla.enumeracion(nuevos)): cambian en cada corte."
      )
    }
    pasos.append("Puede agregar filas nuevas debajo de las que trae.")
    pasos.append(
      "Para corregir un valor ya aceptado o reprogramar, desproteja la hoja (Revisar › Desproteger hoja; no tiene contraseña)."
    )
    pasos.append(
      "Cada cambio aparecerá como advertencia «cambio frente al corte anterior» y debe justificarse ante la Oficina Asesora de Planeación."
    )
    return pasos
  }

  private func pasos() -> [String] {
    let hojas = plantilla.hojas.map { TextosPlantilla.citado($0.nombre) }
    var pasos = contexto.corteAnterior.map(pasosArrastre) ?? []
    pasos += [
      "Diligencie \(hojas.count == 1 ? "la hoja" : "las hojas") \(TextosPlantilla.enumeracion(hojas)). No cambie los nombres de las hojas ni los títulos de las columnas, y no agregue columnas.",
      "Al seleccionar una celda aparece qué se espera en ella; las columnas con lista desplegable solo aceptan los valores de la lista.",
    ]
    if plantilla.hojas.contains(where: { $0.tipo == .tabla }) {
      pasos.append(
        "En las hojas de tabla escriba un registro por fila, debajo de los títulos de la fila \(DisposicionTabla.filaEncabezado). Las filas vacías se ignoran; una fila con datos debe tener todas sus columnas obligatorias."
      )
    }
    if plantilla.hojas.contains(where: { $0.meses != nil }) {
      pasos.append(
        "Un mes está programado cuando su celda tiene un número mayor que 0; deje vacíos o en 0 los meses sin programación. La ejecución de cada mes programado hasta el corte se reporta siempre: 0 es un reporte, una celda vacía no."
      )
    }
    pasos.append(
      "Los porcentajes se escriben con el signo % (25 %) o, en las celdas con formato de porcentaje, como fracción (0,25)."
    )
    pasos.append(
      "Guarde el libro como «Libro de Excel (.xlsx)» y envíelo a la Oficina de Planeación"
        + (contexto.carpeta.map { " (carpeta inbox/\($0)/)" } ?? "")
        + ". No lo envíe como .xls, .csv ni PDF.")
    return pasos
  }

  private func hoja(_ hoja: HojaEsquema) -> [Fila] {
    var filas: [Fila] = []
    switch hoja.tipo {
    case .formulario:
      filas.append([texto("Hoja «\(hoja.nombre)»", .title)])
      filas.append([
        texto("Un formulario: escriba cada valor en la columna B, frente a su etiqueta.")
      ])
    case .tabla:
      filas.append([texto("Hoja «\(hoja.nombre)»", .title)])
      let porFila = hoja.registro.map { "una fila por \($0)" } ?? "un registro por fila"
      var minimo = ""
      if let m = hoja.filasMinimas, m > 0 {
        minimo =
          " La hoja debe tener al menos \(m == 1 ? "una fila" : "\(m) filas") con datos: sin \(m == 1 ? "ella" : "ellas") el libro se rechaza."
      }
      filas.append([
        texto("Una tabla: \(porFila), desde la fila \(DisposicionTabla.primeraFila).\(minimo)")
      ])
    }
    filas.append([
      texto("Columna", .header), texto("Obligatoria", .header), texto("Qué escribir", .header),
    ])
    for campo in hoja.campos {
      filas.append([
        texto(campo.encabezado), texto((campo.requerido ?? false) ? "Sí" : "No"),
        texto(
          validaciones.descripcion(campo, hoja: hoja)
            + (validaciones.valorConocido(campo).map { ": \($0)" } ?? "") + "."),
      ])
    }
    if let meses = hoja.meses {
      for (grupo, que) in [(meses.programacion, "programado"), (meses.ejecucion, "ejecutado")] {
        let prefijo = grupo.prefijos.first ?? ""
        filas.append([
          texto("\(prefijo) enero … \(prefijo) diciembre"), texto("Según el mes"),
          texto("Lo \(que) en cada mes. \(validaciones.descripcion(grupo, hoja: hoja))."),
        ])
      }
    }
    let reglas = (hoja.reglas ?? []).map { regla($0, hoja: hoja) }
    if !reglas.isEmpty {
      filas.append([texto("Reglas que se revisan", .header)])
      filas += reglas.map { [texto("• " + $0)] }
    }
    return filas
  }

  private func nombre(_ id: String?, _ hoja: HojaEsquema) -> String {
    TextosPlantilla.citado(id.flatMap { hoja.campo($0)?.encabezado } ?? id ?? "")
  }

  private var tolerancias: String {
    let c = esquemas.configuracion
    return
      "con una tolerancia de \(Formato.porcentaje(c.toleranciaRelativa)) del valor mayor, o \(Formato.numero(c.toleranciaPuntos * 100)) puntos si son porcentajes"
  }

  private func mesesHasta(_ corte: Fecha) -> String {
    corte.month == 1 ? "enero" : "enero a \(TextosPlantilla.meses[corte.month - 1])"
  }

  /// One rule in plain words: one switch over the kinds, no `default:`,
  /// so every kind has its sentence.
  func regla(_ r: Regla, hoja: HojaEsquema) -> String {
    switch r {
    case .vigenciaDelCorte(let id):
      return "\(nombre(id, hoja)) es el año de la vigencia (\(contexto.vigencia))."
    case .corteDeLaCorrida(let id):
      return "\(nombre(id, hoja)) es la fecha de corte del seguimiento"
        + (contexto.corte.map { " (\(Formato.fecha($0)))." } ?? ".")
    case .igualAlFormulario(let id, let fid):
      let form = plantilla.hojas.first { $0.tipo == .formulario }
      let etiqueta = form.flatMap { $0.campo(fid)?.encabezado } ?? ""
      return
        "\(nombre(id, hoja)) es en cada fila el mismo \(TextosPlantilla.citado(etiqueta)) de la hoja \(form?.nombre ?? "")."
    case .unico(let ids):
      let campos = ids.map { nombre($0, hoja) }
      return campos.count == 1
        ? "No repita \(campos[0]): cada fila es un registro distinto."
        : "No repita la combinación de \(TextosPlantilla.enumeracion(campos))."
    case .mismoTextoPorGrupo(let grupo, let id):
      return
        "Escriba la misma \(nombre(id, hoja)) en todas las filas del mismo \(nombre(grupo, hoja))."
    case .programacionTotal(let meta, let anualizacion):
      return programacionTotal(meta, anualizacion: anualizacion, hoja: hoja)
    case .ejecucionMaxima(let total):
      let porcentual = hoja.meses?.ejecucion.tipo == .porcentaje
      return
        "La ejecución de los doce meses suma como máximo \(TextosPlantilla.cifra(total, porcentual: porcentual)) (\(tolerancias))."
    case .ejecucionFaltante:
      let meses = contexto.corte.map { " (\(mesesHasta($0)))" } ?? ""
      return
        "Reporte la ejecución de cada mes programado hasta el corte\(meses): 0 es un reporte, una celda vacía no."
    case .ejecucionPosteriorAlCorte:
      guard let corte = contexto.corte, corte.month < 12 else {
        return "No reporte ejecución en los meses posteriores al corte: déjelos vacíos o en 0."
      }
      let despues =
        corte.month == 11 ? "diciembre" : "\(TextosPlantilla.meses[corte.month]) a diciembre"
      return "No reporte ejecución después del corte (\(despues)): deje esos meses vacíos o en 0."
    case .mesesDeLaPeriodicidad(let periodicidad, _):
      let permitidas = Set(hoja.campo(periodicidad)?.valores ?? [])
      let partes = Periodicidad.allCases.filter {
        permitidas.isEmpty || permitidas.contains($0.rawValue)
      }
      .map { p -> String in
        let meses = p.meses.sorted()
        let cuales =
          meses.count == 12
          ? "todos los meses"
          : TextosPlantilla.enumeracion(meses.map { TextosPlantilla.meses[$0 - 1] })
        return "\(p.rawValue): \(cuales)"
      }
      return
        "Programe y reporte valores distintos de 0 solo en los meses que permite la \(nombre(periodicidad, hoja)). \(partes.joined(separator: "; "))."
    case .comparacion(let id, let operador, let otro):
      return
        "\(nombre(id, hoja)) debe ser \(TextosPlantilla.operadorEnPalabras(operador)) \(nombre(otro, hoja))."
    case .implica(let si, let entonces):
      return
        "Si \(nombre(si.campo, hoja)) es \(si.valor), \(nombre(entonces.campo, hoja)) debe ser \(entonces.valor)."
    case .fechaHastaElCorte(let id):
      return "\(nombre(id, hoja)) no puede ser posterior al corte"
        + (contexto.corte.map { " (\(Formato.fecha($0)))." } ?? ".")
    }
  }

  private func programacionTotal(
    _ objetivo: MetaProgramacion, anualizacion: String?, hoja: HojaEsquema
  ) -> String {
    let meta: String
    switch objetivo {
    case .total(let total):
      let porcentual = hoja.meses?.programacion.tipo == .porcentaje
      return
        "La programación de los doce meses suma \(TextosPlantilla.cifra(total, porcentual: porcentual)) (\(tolerancias))."
    case .campo(let id):
      meta = nombre(id, hoja)
    }
    let tipos = (anualizacion.flatMap { hoja.campo($0)?.valores } ?? ["Suma"])
      .compactMap(Anualizacion.init(rawValue:))
    let conPeriodicidad = (hoja.reglas ?? []).contains { $0.periodicidad != nil }
    let partes = tipos.map { a -> String in
      switch a {
      case .suma: return "Suma: los doce meses suman \(meta)"
      case .constante:
        return conPeriodicidad
          ? "Constante: cada mes programado es igual a \(meta)"
          : "Constante: el último mes programado es igual a \(meta)"
      case .creciente:
        return "Creciente: los meses programados no bajan y el último es igual a \(meta)"
      case .decreciente:
        return
          "Decreciente: los meses programados no suben y el último es igual a \(meta); un 0 en un mes de la periodicidad también es una meta"
      }
    }
    let segun = anualizacion.map { "Según \(nombre($0, hoja)): " } ?? ""
    return "\(segun)\(partes.joined(separator: "; ")) (\(tolerancias))."
  }

  private func control() -> [String] {
    var vistos: [DisposicionTabla.Control] = []
    for hoja in plantilla.hojas where hoja.tipo == .tabla {
      for case .control(let c) in DisposicionTabla(hoja: hoja, filas: 1).columnas
      where !vistos.contains(c) {
        vistos.append(c)
      }
    }
    return [
      "Las columnas de la derecha, bajo «Control», se calculan solas: no las diligencie ni las borre."
    ]
      + vistos.map { "«\(TextosPlantilla.control($0))» \(TextosPlantilla.explicacion($0))." }
      + ["La Oficina de Planeación revisa además el libro completo al recibirlo."]
  }
}
