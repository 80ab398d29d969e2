import Foundation
import Plan
import Plantillas
import Reports
import Schema
import XCTest

@testable import XLSX

/// The repository's `schemas/` and the corte of the seed's quarter.
enum Fijo {
  static var raiz: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  static func esquemas() throws -> SchemaSet {
    try SchemaSet.cargar(desde: raiz.appendingPathComponent("schemas"))
  }

  static let corte = Fecha(year: 2021, month: 3, day: 31)!

  static func plantilla(_ id: String, _ set: SchemaSet) throws -> Plantilla {
    try XCTUnwrap(set.plantillas.first { $0.id == id }, "no hay plantilla \(id)")
  }
}

/// One `<dataValidation>` of a worksheet part, as written.
struct ValidacionLeida {
  var atributos: [String: String]
  var formula1: String?
  var formula2: String?

  var tipo: String { atributos["type"] ?? "none" }
  var rangos: [CellRange] {
    (atributos["sqref"] ?? "").split(separator: " ").compactMap { CellRange(String($0)) }
  }

  func cubre(_ ref: CellRef) -> Bool { rangos.contains { $0.contains(ref) } }
}

/// Reads a generated workbook's parts the way Excel would: the sheet's
/// XML from the zip, through the package's own `ZipPackage`.
struct LibroGenerado {
  let ruta: String
  let libro: Workbook

  init(_ ruta: String) throws {
    self.ruta = ruta
    libro = try Workbook(path: ruta)
  }

  func xml(_ hoja: String) throws -> String {
    let info = try XCTUnwrap(libro.sheet(named: hoja), "no hay hoja \(hoja)")
    let paquete = try ZipPackage(path: ruta, limits: .default)
    var bytes: [UInt8] = []
    try paquete.stream(info.part) { bytes.append(contentsOf: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }

  func validaciones(_ hoja: String) throws -> [ValidacionLeida] {
    let texto = try xml(hoja)
    var out: [ValidacionLeida] = []
    var resto = Substring(texto)
    while let inicio = resto.range(of: "<dataValidation ") {
      resto = resto[inicio.upperBound...]
      guard let cierre = resto.firstIndex(of: ">") else { break }
      let etiqueta = resto[..<cierre]
      var v = ValidacionLeida(atributos: atributos(String(etiqueta)))
      if !etiqueta.hasSuffix("/"), let fin = resto.range(of: "</dataValidation>") {
        let cuerpo = String(resto[cierre..<fin.lowerBound])
        v.formula1 = elemento("formula1", cuerpo)
        v.formula2 = elemento("formula2", cuerpo)
        resto = resto[fin.upperBound...]
      }
      out.append(v)
    }
    return out
  }

  /// Every row of a sheet, by row number, then column.
  func celdas(_ hoja: String) throws -> [Int: [Int: CellValue]] {
    let info = try XCTUnwrap(libro.sheet(named: hoja))
    let lector = try libro.rows(in: info)
    var out: [Int: [Int: CellValue]] = [:]
    while let fila = try lector.nextRow() {
      for c in fila.cells { out[fila.index, default: [:]][c.column] = c.value }
    }
    return out
  }

  /// One row of a sheet, with its cells' kinds.
  func fila(_ numero: Int, _ hoja: String) throws -> Row? {
    let lector = try libro.rows(in: try XCTUnwrap(libro.sheet(named: hoja)))
    while let fila = try lector.nextRow() {
      if fila.index == numero { return fila }
      if fila.index > numero { return nil }
    }
    return nil
  }

  private func atributos(_ etiqueta: String) -> [String: String] {
    var out: [String: String] = [:]
    let patron = try? NSRegularExpression(pattern: #"([A-Za-z:]+)="([^"]*)""#)
    let ns = etiqueta as NSString
    for m in patron?.matches(in: etiqueta, range: NSRange(location: 0, length: ns.length)) ?? [] {
      out[ns.substring(with: m.range(at: 1))] = desescapar(ns.substring(with: m.range(at: 2)))
    }
    return out
  }

  private func elemento(_ nombre: String, _ texto: String) -> String? {
    guard let a = texto.range(of: "<\(nombre)>"), let b = texto.range(of: "</\(nombre)>") else {
      return nil
    }
    return desescapar(String(texto[a.upperBound..<b.lowerBound]))
  }

  private func desescapar(_ s: String) -> String {
    s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
      .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#10;", with: "\n")
      .replacingOccurrences(of: "&amp;", with: "&")
  }
}

/// A correctly filled copy of each template, for the round trip: every
/// row passes every rule at the corte 2021-03-31.
enum Relleno {
  static func n(_ s: String) -> DatoPlantilla { .numero(Decimal(string: s)!) }
  static func t(_ s: String) -> DatoPlantilla { .texto(s) }
  static func meses(_ valores: [Int: String]) -> [Decimal?] {
    (1...12).map { valores[$0].flatMap { Decimal(string: $0) } }
  }

  static let dependencia = "Dirección de Contratación"

  static func contexto(_ id: String) -> ContextoPlantilla {
    switch id {
    case "proyecto":
      return ContextoPlantilla(
        vigencia: 2021, corte: Fijo.corte, dependencia: "Oficina Consejería de Comunicaciones",
        proyecto: ProyectoConocido(codigo: "7867", nombre: "Lineamientos de comunicación"))
    case "indicadores", "riesgos":
      return ContextoPlantilla(
        vigencia: 2021, corte: Fijo.corte, dependencia: dependencia, proceso: "Contratación")
    default:
      return ContextoPlantilla(vigencia: 2021, corte: Fijo.corte, dependencia: dependencia)
    }
  }

  static func datos(_ id: String, _ set: SchemaSet) -> DatosPlantilla {
    switch id {
    case "proyecto":
      let meta = {
        (
          obj: String, num: String, tipo: String, magnitud: String, prog: [Int: String],
          ejec: [Int: String]
        ) in
        FilaPlantilla(
          [
            "codigo": t("7867"), "objetivo": n(obj), "descripcionObjetivo": t("Objetivo \(obj)"),
            "meta": n(num), "descripcionMeta": t("Meta \(obj).\(num)"), "anualizacion": t(tipo),
            "magnitud": n(magnitud),
          ], prog: meses(prog), ejec: meses(ejec))
      }
      let todos = Dictionary(uniqueKeysWithValues: (1...12).map { ($0, "1") })
      return DatosPlantilla(
        formulario: ["objetivoGeneral": t("Generar lineamientos de comunicación del Distrito")],
        filas: [
          "Metas": [
            meta("1", "1", "Suma", "12", todos, [1: "1", 2: "1", 3: "1"]),
            meta(
              "1", "2", "Constante", "100", [3: "100", 6: "100", 9: "100", 12: "100"], [3: "80"]),
            meta(
              "2", "1", "Suma", "5",
              [1: "0", 2: "0", 3: "0", 4: "1", 5: "1", 6: "1", 7: "1", 8: "1"],
              [1: "0", 2: "0", 3: "0"]),
          ],
          "Presupuesto": [
            FilaPlantilla([
              "codigo": t("7867"), "fuente": t("Recursos del distrito"),
              "apropiacion": n("19615000000"),
              "compromisos": n("9261000000"), "giros": n("1200000000"),
            ])
          ],
        ])
    case "indicadores":
      let base = {
        (codigo: String, per: String, tipo: String, unidad: String, meta: String) -> [String:
          DatoPlantilla] in
        [
          "codigo": t(codigo), "nombre": t("Indicador \(codigo)"), "proceso": t("Contratación"),
          "dependencia": t(dependencia), "periodicidad": t(per), "anualizacion": t(tipo),
          "unidad": t(unidad), "metaVigencia": n(meta),
        ]
      }
      let mensual = Dictionary(uniqueKeysWithValues: (1...12).map { ($0, "10") })
      return DatosPlantilla(filas: [
        "Indicadores": [
          FilaPlantilla(
            base("CON-01", "Mensual", "Suma", "Número", "120"), prog: meses(mensual),
            ejec: meses([1: "10", 2: "9", 3: "11"])),
          FilaPlantilla(
            base("CON-02", "Trimestral", "Constante", "Porcentaje", "0.9"),
            prog: meses([3: "0.9", 6: "0.9", 9: "0.9", 12: "0.9"]), ejec: meses([3: "0.85"])),
          // A target of 0 in December is a real target for a Decreciente
          // indicator (PLAN), and the check column must agree.
          FilaPlantilla(
            base("CON-03", "Semestral", "Decreciente", "Número", "0"),
            prog: meses([6: "5", 12: "0"])),
          FilaPlantilla(
            base("CON-04", "Bimestral", "Creciente", "Número", "50"),
            prog: meses([2: "10", 4: "20", 6: "30", 8: "40", 10: "45", 12: "50"]),
            ejec: meses([2: "9"])),
        ]
      ])
    case "actividades":
      let planes = set.listas["planes"] ?? []
      return DatosPlantilla(filas: [
        "Actividades": [
          FilaPlantilla(
            [
              "plan": t(planes[0]), "codigo": t("ACT-01"), "actividad": t("Actividad uno"),
              "dependencia": t(dependencia),
            ],
            prog: meses([3: "0.25", 6: "0.25", 9: "0.25", 12: "0.25"]), ejec: meses([3: "0.25"])),
          FilaPlantilla(
            [
              "plan": t(planes[17]), "codigo": t("ACT-02"), "actividad": t("Actividad dos"),
              "dependencia": t(dependencia),
            ],
            prog: meses([6: "0.5", 12: "0.5"])),
        ]
      ])
    default:
      let riesgo = {
        (
          codigo: String, tipo: String, zona: String, per: String, dia: Int, p: String, e: String,
          m: String
        ) in
        FilaPlantilla([
          "proceso": t("Contratación"), "codigo": t(codigo), "tipo": t(tipo),
          "descripcion": t("Posibilidad de \(codigo)"), "zona": t(zona), "periodicidad": t(per),
          "fechaMonitoreo": .fecha(Fecha(year: 2021, month: 3, day: dia)!), "programadas": n(p),
          "ejecutadas": n(e), "materializado": t(m),
        ])
      }
      return DatosPlantilla(filas: [
        "Riesgos": [
          riesgo("R-CON-01", "Gestión", "Moderada", "Cuatrimestral", 15, "3", "2", "No"),
          riesgo("R-CON-02", "Corrupción", "Extrema", "Bimestral", 31, "2", "2", "Sí"),
        ]
      ])
    }
  }
}
