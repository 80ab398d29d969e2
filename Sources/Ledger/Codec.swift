import Foundation
import Plan
import Schema
import XLSX

/// JSON as the ledger stores it: keys sorted, so the same value is always
/// the same text; decimals as strings, so nothing goes through binary
/// floating point.
enum JSONLibro {
  /// Written by hand: Foundation's serializer is the slowest step of
  /// recording a submission on Linux, and this one needs only strings,
  /// integers, booleans, null, arrays and objects (keys sorted).
  static func texto(_ valor: Any) -> String {
    var out = ""
    escribir(valor, &out)
    return out
  }

  private static func escribir(_ v: Any, _ out: inout String) {
    switch v {
    case let s as String: comillas(s, &out)
    case let b as Bool: out += b ? "true" : "false"
    case let i as Int: out += String(i)
    case let i as Int64: out += String(i)
    case let l as [Any]:
      out += "["
      for (n, x) in l.enumerated() {
        if n > 0 { out += "," }
        escribir(x, &out)
      }
      out += "]"
    case let o as [String: Any]:
      out += "{"
      for (n, k) in o.keys.sorted().enumerated() {
        if n > 0 { out += "," }
        comillas(k, &out)
        out += ":"
        escribir(o[k]!, &out)
      }
      out += "}"
    default: out += "null"
    }
  }

  private static func comillas(_ s: String, _ out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
      default: out.unicodeScalars.append(u)
      }
    }
    out += "\""
  }

  static func valor(_ texto: String) -> Any? {
    try? JSONSerialization.jsonObject(with: Data(texto.utf8), options: [.fragmentsAllowed])
  }

  static func decimal(_ d: Decimal) -> String { d.description }

  static func decimal(_ a: Any?) -> Decimal? {
    guard let s = a as? String else { return nil }
    return Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
  }

  static func meses(_ m: Meses) -> [Any] {
    m.map { v -> Any in
      guard let v else { return NSNull() }
      return decimal(v)
    }
  }

  static func meses(_ a: Any?) -> Meses {
    let lista = (a as? [Any]) ?? []
    var out: Meses = lista.map { decimal($0) }
    if out.count < 12 { out += Array(repeating: nil, count: 12 - out.count) }
    return out
  }
}

// MARK: - Accepted rows

/// One accepted record as a ledger row: its kind, code and data.
struct FilaPlan {
  var tipo: String
  var codigo: String
  var datos: String
}

enum CodecContenido {
  /// The kind of content, stored on the submission.
  static func clase(_ c: Contenido) -> String {
    switch c {
    case .proyecto: return "proyecto"
    case .indicadores: return "indicadores"
    case .actividades: return "actividades"
    case .riesgos: return "riesgos"
    @unknown default: return "desconocido"
    }
  }

  static func filas(_ c: Contenido) -> [FilaPlan] {
    switch c {
    case .proyecto(let p):
      return [FilaPlan(tipo: "proyecto", codigo: p.codigo, datos: JSONLibro.texto(proyecto(p)))]
    case .indicadores(let l):
      return l.map {
        FilaPlan(tipo: "indicador", codigo: $0.codigo, datos: JSONLibro.texto(indicador($0)))
      }
    case .actividades(let l):
      return l.map {
        FilaPlan(tipo: "actividad", codigo: $0.codigo, datos: JSONLibro.texto(actividad($0)))
      }
    case .riesgos(let l):
      return l.map {
        FilaPlan(tipo: "riesgo", codigo: $0.codigo, datos: JSONLibro.texto(riesgo($0)))
      }
    @unknown default: return []
    }
  }

  /// Rebuilds the content from its rows, in their order.
  static func contenido(clase: String, datos: [String]) -> Contenido? {
    let objetos = datos.compactMap { JSONLibro.valor($0) as? [String: Any] }
    guard objetos.count == datos.count else { return nil }
    switch clase {
    case "proyecto":
      guard objetos.count == 1, let p = proyecto(objetos[0]) else { return nil }
      return .proyecto(p)
    case "indicadores":
      let l = objetos.compactMap(indicador)
      return l.count == objetos.count ? .indicadores(l) : nil
    case "actividades":
      let l = objetos.compactMap(actividad)
      return l.count == objetos.count ? .actividades(l) : nil
    case "riesgos":
      let l = objetos.compactMap(riesgo)
      return l.count == objetos.count ? .riesgos(l) : nil
    default:
      return nil
    }
  }

  static func proyecto(_ p: Proyecto) -> [String: Any] {
    [
      "codigo": p.codigo, "nombre": p.nombre, "objetivoGeneral": p.objetivoGeneral,
      "dependencia": p.dependencia,
      "metas": p.metas.map { m -> [String: Any] in
        [
          "objetivo": m.objetivo, "descripcionObjetivo": m.descripcionObjetivo, "numero": m.numero,
          "descripcion": m.descripcion, "anualizacion": m.anualizacion.rawValue,
          "magnitud": JSONLibro.decimal(m.magnitud),
          "programacion": JSONLibro.meses(m.programacion),
          "ejecucion": JSONLibro.meses(m.ejecucion),
        ]
      },
      "presupuesto": p.presupuesto.map { l -> [String: Any] in
        [
          "fuente": l.fuente, "apropiacion": JSONLibro.decimal(l.apropiacion),
          "compromisos": JSONLibro.decimal(l.compromisos),
          "giros": l.giros.map(JSONLibro.decimal) ?? NSNull(),
        ]
      },
    ]
  }

  static func proyecto(_ o: [String: Any]) -> Proyecto? {
    guard let codigo = o["codigo"] as? String else { return nil }
    let metas = ((o["metas"] as? [[String: Any]]) ?? []).compactMap { m -> Meta? in
      guard let objetivo = m["objetivo"] as? Int, let numero = m["numero"] as? Int,
        let anualizacion = (m["anualizacion"] as? String).flatMap(Anualizacion.init(rawValue:)),
        let magnitud = JSONLibro.decimal(m["magnitud"])
      else { return nil }
      return Meta(
        objetivo: objetivo, descripcionObjetivo: m["descripcionObjetivo"] as? String ?? "",
        numero: numero,
        descripcion: m["descripcion"] as? String ?? "", anualizacion: anualizacion,
        magnitud: magnitud,
        programacion: JSONLibro.meses(m["programacion"]), ejecucion: JSONLibro.meses(m["ejecucion"])
      )
    }
    let presupuesto = ((o["presupuesto"] as? [[String: Any]]) ?? []).compactMap {
      l -> LineaPresupuesto? in
      guard let apropiacion = JSONLibro.decimal(l["apropiacion"]),
        let compromisos = JSONLibro.decimal(l["compromisos"])
      else { return nil }
      return LineaPresupuesto(
        fuente: l["fuente"] as? String ?? "", apropiacion: apropiacion, compromisos: compromisos,
        giros: JSONLibro.decimal(l["giros"]))
    }
    return Proyecto(
      codigo: codigo, nombre: o["nombre"] as? String ?? "",
      objetivoGeneral: o["objetivoGeneral"] as? String ?? "",
      dependencia: o["dependencia"] as? String ?? "", metas: metas, presupuesto: presupuesto)
  }

  static func indicador(_ i: Indicador) -> [String: Any] {
    [
      "codigo": i.codigo, "nombre": i.nombre, "proceso": i.proceso, "dependencia": i.dependencia,
      "periodicidad": i.periodicidad.rawValue, "anualizacion": i.anualizacion.rawValue,
      "unidad": i.unidad.rawValue, "metaVigencia": JSONLibro.decimal(i.metaVigencia),
      "programacion": JSONLibro.meses(i.programacion), "ejecucion": JSONLibro.meses(i.ejecucion),
    ]
  }

  static func indicador(_ o: [String: Any]) -> Indicador? {
    guard let codigo = o["codigo"] as? String,
      let periodicidad = (o["periodicidad"] as? String).flatMap(Periodicidad.init(rawValue:)),
      let anualizacion = (o["anualizacion"] as? String).flatMap(Anualizacion.init(rawValue:)),
      let unidad = (o["unidad"] as? String).flatMap(UnidadMedida.init(rawValue:)),
      let meta = JSONLibro.decimal(o["metaVigencia"])
    else { return nil }
    return Indicador(
      codigo: codigo, nombre: o["nombre"] as? String ?? "", proceso: o["proceso"] as? String ?? "",
      dependencia: o["dependencia"] as? String ?? "", periodicidad: periodicidad,
      anualizacion: anualizacion,
      unidad: unidad, metaVigencia: meta, programacion: JSONLibro.meses(o["programacion"]),
      ejecucion: JSONLibro.meses(o["ejecucion"]))
  }

  static func actividad(_ a: Actividad) -> [String: Any] {
    [
      "plan": a.plan, "codigo": a.codigo, "actividad": a.actividad, "dependencia": a.dependencia,
      "programacion": JSONLibro.meses(a.programacion), "ejecucion": JSONLibro.meses(a.ejecucion),
    ]
  }

  static func actividad(_ o: [String: Any]) -> Actividad? {
    guard let codigo = o["codigo"] as? String else { return nil }
    return Actividad(
      plan: o["plan"] as? String ?? "", codigo: codigo, actividad: o["actividad"] as? String ?? "",
      dependencia: o["dependencia"] as? String ?? "",
      programacion: JSONLibro.meses(o["programacion"]),
      ejecucion: JSONLibro.meses(o["ejecucion"]))
  }

  static func riesgo(_ r: Riesgo) -> [String: Any] {
    [
      "proceso": r.proceso, "codigo": r.codigo, "tipo": r.tipo.rawValue,
      "descripcion": r.descripcion,
      "zona": r.zona.rawValue, "periodicidad": r.periodicidad.rawValue,
      "fechaMonitoreo": r.fechaMonitoreo.iso,
      "accionesProgramadas": r.accionesProgramadas, "accionesEjecutadas": r.accionesEjecutadas,
      "materializado": r.materializado,
    ]
  }

  static func riesgo(_ o: [String: Any]) -> Riesgo? {
    guard let codigo = o["codigo"] as? String,
      let tipo = (o["tipo"] as? String).flatMap(TipoRiesgo.init(rawValue:)),
      let zona = (o["zona"] as? String).flatMap(ZonaRiesgo.init(rawValue:)),
      let periodicidad = (o["periodicidad"] as? String).flatMap(Periodicidad.init(rawValue:)),
      let fecha = (o["fechaMonitoreo"] as? String).flatMap(Fecha.init(iso:)),
      let programadas = o["accionesProgramadas"] as? Int,
      let ejecutadas = o["accionesEjecutadas"] as? Int
    else { return nil }
    return Riesgo(
      proceso: o["proceso"] as? String ?? "", codigo: codigo, tipo: tipo,
      descripcion: o["descripcion"] as? String ?? "", zona: zona, periodicidad: periodicidad,
      fechaMonitoreo: fecha, accionesProgramadas: programadas, accionesEjecutadas: ejecutadas,
      materializado: o["materializado"] as? Bool ?? false)
  }
}

// MARK: - Findings

enum CodecHallazgo {
  static func fila(_ h: Hallazgo, envioId: Int64, origen: String, orden: Int) -> HallazgoFila {
    HallazgoFila(
      id: nil, envioId: envioId, origen: origen, orden: orden, codigo: h.codigo.rawValue,
      severidad: h.severidad.rawValue, archivo: h.ubicacion.archivo, hoja: h.ubicacion.hoja,
      celda: h.ubicacion.celda?.description, rango: h.ubicacion.rango?.description,
      fila: h.ubicacion.fila,
      valores: JSONLibro.texto(h.valores.mapValues(valor)),
      celdas: h.ubicacion.otrasCeldas.isEmpty
        ? nil : h.ubicacion.otrasCeldas.map(\.description).joined(separator: " "))
  }

  /// A finding back from its row.
  ///
  /// - Throws: `ErrorLibro.codigoDesconocido` when this build does not know
  ///   the row's code (a newer `pai` wrote it): the finding cannot be worded
  ///   or counted right, and guessing would misreport the corte.
  static func hallazgo(_ f: HallazgoFila, ruta: String) throws -> Hallazgo {
    guard let codigo = CodigoHallazgo(rawValue: f.codigo) else {
      throw ErrorLibro.codigoDesconocido(ruta: ruta, codigo: f.codigo)
    }
    let ubicacion = Ubicacion(
      archivo: f.archivo, hoja: f.hoja, celda: f.celda.flatMap { CellRef(Substring($0)) },
      rango: f.rango.flatMap(CellRange.init), fila: f.fila,
      otrasCeldas: (f.celdas ?? "").split(separator: " ").compactMap { CellRef($0) })
    let crudos = (JSONLibro.valor(f.valores) as? [String: Any]) ?? [:]
    var valores: [String: ValorHallazgo] = [:]
    for (k, v) in crudos {
      if let valor = valor(v) { valores[k] = valor }
    }
    return Hallazgo(codigo, Severidad(rawValue: f.severidad) ?? .error, ubicacion, valores)
  }

  static func valor(_ v: ValorHallazgo) -> [String: Any] {
    switch v {
    case .texto(let s): return ["t": "texto", "v": s]
    case .numero(let d): return ["t": "numero", "v": JSONLibro.decimal(d)]
    case .porcentaje(let d): return ["t": "porcentaje", "v": JSONLibro.decimal(d)]
    case .entero(let i): return ["t": "entero", "v": i]
    case .fecha(let f): return ["t": "fecha", "v": f.iso]
    case .lista(let l): return ["t": "lista", "v": l]
    case .lectura(let e): return ["t": "lectura", "v": CodecLectura.objeto(e)]
    @unknown default: return ["t": "texto", "v": "\(v)"]
    }
  }

  static func valor(_ a: Any) -> ValorHallazgo? {
    guard let o = a as? [String: Any], let t = o["t"] as? String else { return nil }
    let v = o["v"]
    switch t {
    case "texto": return (v as? String).map { .texto($0) }
    case "numero": return JSONLibro.decimal(v).map { .numero($0) }
    case "porcentaje": return JSONLibro.decimal(v).map { .porcentaje($0) }
    case "entero": return (v as? Int).map { .entero($0) }
    case "fecha": return (v as? String).flatMap(Fecha.init(iso:)).map { .fecha($0) }
    case "lista": return (v as? [String]).map { .lista($0) }
    case "lectura": return (v as? [String: Any]).map { .lectura(CodecLectura.error($0)) }
    default: return nil
    }
  }

  /// Identities (key and cell) as JSON.
  static func identidades(_ l: [(clave: String, ubicacion: Ubicacion)]) -> String {
    JSONLibro.texto(
      l.map { i -> [String: Any] in
        var o: [String: Any] = ["clave": i.clave, "archivo": i.ubicacion.archivo]
        if let h = i.ubicacion.hoja { o["hoja"] = h }
        if let c = i.ubicacion.celda { o["celda"] = c.description }
        if let r = i.ubicacion.rango { o["rango"] = r.description }
        if let f = i.ubicacion.fila { o["fila"] = f }
        return o
      })
  }

  static func identidades(_ texto: String) -> [(clave: String, ubicacion: Ubicacion)] {
    ((JSONLibro.valor(texto) as? [[String: Any]]) ?? []).compactMap { o in
      guard let clave = o["clave"] as? String else { return nil }
      return (
        clave,
        Ubicacion(
          archivo: o["archivo"] as? String ?? "", hoja: o["hoja"] as? String,
          celda: (o["celda"] as? String).flatMap { CellRef(Substring($0)) },
          rango: (o["rango"] as? String).flatMap(CellRange.init), fila: o["fila"] as? Int)
      )
    }
  }
}

/// Why a file could not be read, as JSON. Only the reading cases can reach
/// a finding; any other is kept as its description.
enum CodecLectura {
  static func objeto(_ e: XLSXError) -> [String: Any] {
    switch e {
    case .unreadableFile(let reason): return ["caso": "unreadableFile", "reason": reason]
    case .emptyFile: return ["caso": "emptyFile"]
    case .notAZip(let kind): return ["caso": "notAZip", "kind": kind.rawValue]
    case .legacyExcel: return ["caso": "legacyExcel"]
    case .encrypted: return ["caso": "encrypted"]
    case .openDocument: return ["caso": "openDocument"]
    case .corruptZip(let d):
      var o: [String: Any] = ["caso": "corruptZip"]
      switch d {
      case .noCentralDirectory: o["damage"] = "noCentralDirectory"
      case .inconsistent(let part):
        o["damage"] = "inconsistent"
        o["part"] = part ?? NSNull()
      case .checksum(let part):
        o["damage"] = "checksum"
        o["part"] = part
      case .data(let part):
        o["damage"] = "data"
        o["part"] = part
      case .other(let part, let text):
        o["damage"] = "other"
        o["part"] = part ?? NSNull()
        o["text"] = text
      @unknown default:
        o["damage"] = "other"
        o["text"] = "\(d)"
      }
      return o
    case .missingPart(let path): return ["caso": "missingPart", "path": path]
    case .partTooLarge(let part, let bytes, let limit):
      return ["caso": "partTooLarge", "part": part, "bytes": bytes, "limit": limit]
    case .compressionRatioTooHigh(let part, let ratio, let limit):
      return ["caso": "compressionRatioTooHigh", "part": part, "ratio": ratio, "limit": limit]
    case .forbiddenDTD(let part): return ["caso": "forbiddenDTD", "part": part]
    case .invalidEncoding(let part, let line):
      return ["caso": "invalidEncoding", "part": part, "line": line]
    case .malformedXML(let part, let line, let message):
      return ["caso": "malformedXML", "part": part, "line": line, "message": message]
    case .nestingTooDeep(let part, let limit):
      return ["caso": "nestingTooDeep", "part": part, "limit": limit]
    case .relationshipOutsidePackage(let part, let target):
      return ["caso": "relationshipOutsidePackage", "part": part, "target": target]
    case .sheetNotFound(let name): return ["caso": "sheetNotFound", "name": name]
    case .invalidCellReference(let sheet, let text):
      return ["caso": "invalidCellReference", "sheet": sheet, "text": text]
    case .sharedStringOutOfRange(let sheet, let cell, let index, let count):
      return [
        "caso": "sharedStringOutOfRange", "sheet": sheet, "cell": cell.description, "index": index,
        "count": count,
      ]
    case .styleOutOfRange(let sheet, let cell, let index, let count):
      return [
        "caso": "styleOutOfRange", "sheet": sheet, "cell": cell.description, "index": index,
        "count": count,
      ]
    case .invalidCellValue(let sheet, let cell, let text):
      return ["caso": "invalidCellValue", "sheet": sheet, "cell": cell.description, "text": text]
    case .tooManyCells(let sheet, let limit):
      return ["caso": "tooManyCells", "sheet": sheet, "limit": limit]
    case .stringTooLong(let part, let cell, let limit):
      return [
        "caso": "stringTooLong", "part": part, "cell": cell?.description ?? NSNull(),
        "limit": limit,
      ]
    default:
      return ["caso": "unreadableFile", "reason": "\(e)"]
    }
  }

  static func error(_ o: [String: Any]) -> XLSXError {
    func s(_ k: String) -> String { o[k] as? String ?? "" }
    func i(_ k: String) -> Int { o[k] as? Int ?? 0 }
    func i64(_ k: String) -> Int64 { (o[k] as? NSNumber)?.int64Value ?? 0 }
    func celda(_ k: String) -> CellRef? { (o[k] as? String).flatMap { CellRef(Substring($0)) } }
    let cero = CellRef(row: 1, column: 1)
    switch s("caso") {
    case "emptyFile": return .emptyFile
    case "notAZip": return .notAZip(FileKind(rawValue: s("kind")) ?? .unknown)
    case "legacyExcel": return .legacyExcel
    case "encrypted": return .encrypted
    case "openDocument": return .openDocument
    case "corruptZip":
      let part = o["part"] as? String
      switch s("damage") {
      case "noCentralDirectory": return .corruptZip(.noCentralDirectory)
      case "inconsistent": return .corruptZip(.inconsistent(part: part))
      case "checksum": return .corruptZip(.checksum(part: part ?? ""))
      case "data": return .corruptZip(.data(part: part ?? ""))
      default: return .corruptZip(.other(part: part, text: s("text")))
      }
    case "missingPart": return .missingPart(path: s("path"))
    case "partTooLarge":
      return .partTooLarge(part: s("part"), bytes: i64("bytes"), limit: i64("limit"))
    case "compressionRatioTooHigh":
      return .compressionRatioTooHigh(part: s("part"), ratio: i64("ratio"), limit: i64("limit"))
    case "forbiddenDTD": return .forbiddenDTD(part: s("part"))
    case "invalidEncoding": return .invalidEncoding(part: s("part"), line: i("line"))
    case "malformedXML":
      return .malformedXML(part: s("part"), line: i("line"), message: s("message"))
    case "nestingTooDeep": return .nestingTooDeep(part: s("part"), limit: i("limit"))
    case "relationshipOutsidePackage":
      return .relationshipOutsidePackage(part: s("part"), target: s("target"))
    case "sheetNotFound": return .sheetNotFound(name: s("name"))
    case "invalidCellReference": return .invalidCellReference(sheet: s("sheet"), text: s("text"))
    case "sharedStringOutOfRange":
      return .sharedStringOutOfRange(
        sheet: s("sheet"), cell: celda("cell") ?? cero, index: i("index"), count: i("count"))
    case "styleOutOfRange":
      return .styleOutOfRange(
        sheet: s("sheet"), cell: celda("cell") ?? cero, index: s("index"), count: i("count"))
    case "invalidCellValue":
      return .invalidCellValue(sheet: s("sheet"), cell: celda("cell") ?? cero, text: s("text"))
    case "tooManyCells": return .tooManyCells(sheet: s("sheet"), limit: i("limit"))
    case "stringTooLong":
      return .stringTooLong(part: s("part"), cell: celda("cell"), limit: i("limit"))
    default: return .unreadableFile(reason: s("reason"))
    }
  }
}
