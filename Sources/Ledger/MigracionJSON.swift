import Foundation
internal import GRDB
import XLSX

/// Step `v8-json-codable`: brings every JSON column written by earlier
/// versions (hand-written JSON, read leniently) to the `Codable` documents
/// of `Codec.swift`, which are read strictly.
///
/// What changes: a finding's reading error is stored as `XLSXError`'s own
/// `Codable` form instead of a hand-made `{"caso": …}` object, and an
/// identity writes its absent sheet, cell, range or row as `null` instead of
/// leaving the key out. Accepted rows keep their shape; each is decoded
/// strictly here, so a damaged one stops the migration (and the ledger
/// stays as it was, the step being one transaction) with the row named,
/// rather than surfacing later as a wrong figure.
///
/// Frozen like every step: the legacy reader below is what those versions
/// wrote, and must not follow later changes of `XLSXError`.
enum MigracionJSON {
  static func aplicar(_ db: Database, ruta: String) throws {
    let fila = "filaAceptada"
    for r in try Row.fetchAll(db, sql: "SELECT id, tipo, datos FROM filaAceptada") {
      let id: Int64 = r["id"]
      let datos: String = r["datos"]
      func canonico<T: Codable>(_ tipo: T.Type) throws -> String {
        try JSONLibro.texto(JSONLibro.valor(tipo, datos, ruta: ruta, tabla: fila, id: id))
      }
      let nuevo: String
      switch r["tipo"] as String {
      case "proyecto": nuevo = try canonico(ProyectoLibro.self)
      case "indicador": nuevo = try canonico(IndicadorLibro.self)
      case "actividad": nuevo = try canonico(ActividadLibro.self)
      case "riesgo": nuevo = try canonico(RiesgoLibro.self)
      default:
        throw ErrorLibro.filaIlegible(
          ruta: ruta, tabla: fila, id: id, problema: .valor(campo: "tipo"))
      }
      if nuevo != datos {
        try db.execute(
          sql: "UPDATE filaAceptada SET datos = ? WHERE id = ?", arguments: [nuevo, id])
      }
    }
    for r in try Row.fetchAll(db, sql: "SELECT id, valores FROM hallazgo") {
      let id: Int64 = r["id"]
      let antes: String = r["valores"]
      var objeto = try objetoJSON(antes, ruta: ruta, tabla: "hallazgo", id: id)
      for (clave, v) in objeto {
        guard let valor = v as? [String: Any], valor["t"] as? String == "lectura",
          let caso = valor["v"] as? [String: Any], caso["caso"] != nil
        else { continue }
        let convertido = try JSONLibro.texto(ValorLibro(.lectura(LecturaV7.error(caso))))
        objeto[clave] = try JSONSerialization.jsonObject(with: Data(convertido.utf8))
      }
      let nuevo = try JSONLibro.texto(
        JSONLibro.valor(
          [String: ValorLibro].self, textoJSON(objeto), ruta: ruta, tabla: "hallazgo", id: id))
      if nuevo != antes {
        try db.execute(sql: "UPDATE hallazgo SET valores = ? WHERE id = ?", arguments: [nuevo, id])
      }
    }
    for r in try Row.fetchAll(db, sql: "SELECT id, identidades FROM envio") {
      let id: Int64 = r["id"]
      let antes: String = r["identidades"]
      guard let lista = try JSONSerialization.jsonObject(with: Data(antes.utf8)) as? [Any] else {
        throw ErrorLibro.filaIlegible(
          ruta: ruta, tabla: "envio", id: id, problema: .tipo(campo: "identidades"))
      }
      // Earlier versions left an absent location part out.
      let completa = lista.map { i -> Any in
        guard var o = i as? [String: Any] else { return i }
        for k in ["hoja", "celda", "rango", "fila"] where o[k] == nil { o[k] = NSNull() }
        return o
      }
      let nuevo = try JSONLibro.texto(
        JSONLibro.valor(
          [IdentidadLibro].self, textoJSON(completa), ruta: ruta, tabla: "envio", id: id))
      if nuevo != antes {
        try db.execute(
          sql: "UPDATE envio SET identidades = ? WHERE id = ?", arguments: [nuevo, id])
      }
    }
  }

  private static func objetoJSON(_ texto: String, ruta: String, tabla: String, id: Int64) throws
    -> [String: Any]
  {
    guard let o = try? JSONSerialization.jsonObject(with: Data(texto.utf8)) as? [String: Any] else {
      throw ErrorLibro.filaIlegible(ruta: ruta, tabla: tabla, id: id, problema: .tipo(campo: ""))
    }
    return o
  }

  private static func textoJSON(_ valor: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: valor), as: UTF8.self)
  }
}

/// How versions up to `v7` wrote a reading error: `{"caso": name, …}` with
/// the associated values by label. Any case they did not know was written
/// as `unreadableFile` with its description, and stays so.
private enum LecturaV7 {
  static func error(_ o: [String: Any]) -> XLSXError {
    func s(_ k: String) -> String { o[k] as? String ?? "" }
    func i(_ k: String) -> Int { o[k] as? Int ?? 0 }
    func i64(_ k: String) -> Int64 { (o[k] as? NSNumber)?.int64Value ?? 0 }
    func celda(_ k: String) -> CellRef? { (o[k] as? String).flatMap { CellRef(Substring($0)) } }
    let a1 = CellRef(row: 1, column: 1)
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
        sheet: s("sheet"), cell: celda("cell") ?? a1, index: i("index"), count: i("count"))
    case "styleOutOfRange":
      return .styleOutOfRange(
        sheet: s("sheet"), cell: celda("cell") ?? a1, index: s("index"), count: i("count"))
    case "invalidCellValue":
      return .invalidCellValue(sheet: s("sheet"), cell: celda("cell") ?? a1, text: s("text"))
    case "tooManyCells": return .tooManyCells(sheet: s("sheet"), limit: i("limit"))
    case "stringTooLong":
      return .stringTooLong(part: s("part"), cell: celda("cell"), limit: i("limit"))
    default: return .unreadableFile(reason: s("reason"))
    }
  }
}
