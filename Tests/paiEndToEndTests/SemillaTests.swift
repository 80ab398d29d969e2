import Foundation
import PAITestSupport
import XCTest

@testable import XLSX

/// The acceptance test of the model: `pai procesar` on the example inbox
/// reproduces every figure of the seed report (corte 2021-03-31).
final class SemillaTests: XCTestCase {
  nonisolated(unsafe) static var consolidado: [String: Any] = [:]
  nonisolated(unsafe) static var resultado: Pai.Resultado?
  nonisolated(unsafe) static var salida: URL?

  override class func setUp() {
    super.setUp()
    do {
      let out = try Pai.temporal()
      salida = out
      resultado = try Pai.correr([
        "procesar", "--inbox", Pai.raiz.appendingPathComponent("inbox").path, "--outbox", out.path,
        "--corte", "2021-03-31", "--esquemas", Pai.raiz.appendingPathComponent("schemas").path,
        // The committed example stays in place: copied into the outbox, not moved.
        "--conservar",
      ])
      let data = try Data(contentsOf: out.appendingPathComponent("2021-03-31/consolidado.json"))
      consolidado = (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    } catch {
      XCTFail("pai procesar no corrió: \(error)")
    }
  }

  override class func tearDown() {
    if let salida { try? FileManager.default.removeItem(at: salida) }
    super.tearDown()
  }

  var c: [String: Any] { Self.consolidado }

  func testSaleBienYResume() throws {
    let r = try XCTUnwrap(Self.resultado)
    XCTAssertEqual(r.estado, 0, r.errores)
    XCTAssertTrue(r.salida.contains("Avance del PAI: 101,20 %"), r.salida)
    XCTAssertTrue(r.errores.contains("[22/22]"), "progreso por archivo")
  }

  func testPAIYComponentes() {
    XCTAssertEqual(redondeo((c["pai"] as? [String: Any])?["avance"], 3), "1.012")
    let componentes = (c["componentes"] as? [[String: Any]]) ?? []
    let valores = Dictionary(
      uniqueKeysWithValues: componentes.map { ($0["id"] as? String ?? "", $0) })
    XCTAssertEqual(redondeo(valores["proyectos"]?["valor"], 4), "0.9897")
    XCTAssertEqual(redondeo(valores["indicadores"]?["valor"], 4), "1.0928")
    XCTAssertEqual(redondeo(valores["plan_integrado"]?["valor"], 4), "0.9535")
    XCTAssertEqual(valores["riesgos"]?["medido"] as? Bool, false)
    XCTAssertTrue((valores["riesgos"]?["motivo"] as? String ?? "").contains("30 de abril de 2021"))
  }

  /// The example inbox is the whole corte: nineteen catalogue items, all
  /// accepted; risks are not expected at 31 March.
  func testCoberturaCompleta() {
    let cobertura = c["cobertura"] as? [String: Any]
    XCTAssertEqual(cobertura?["esperados"] as? Int, 19)
    XCTAssertEqual(cobertura?["aceptados"] as? Int, 19)
    XCTAssertEqual((cobertura?["faltantes"] as? [Any])?.count, 0)
    let componentes = (c["componentes"] as? [[String: Any]]) ?? []
    let completo = Dictionary(
      uniqueKeysWithValues: componentes.map { ($0["id"] as? String ?? "", $0["completo"]) })
    XCTAssertEqual(completo["proyectos"] as? Bool, true)
    XCTAssertEqual(completo["indicadores"] as? Bool, true)
    XCTAssertEqual(completo["plan_integrado"] as? Bool, true)
    XCTAssertTrue(completo["riesgos"] is NSNull)
    XCTAssertTrue(Self.resultado?.salida.contains("Cifras completas") ?? false)
  }

  /// codigo → (ejecución, avance, [(cumplimiento, avance)], programación
  /// millones, ejecución millones, avance presupuestal), as the seed prints.
  let proyectos: [String: (String, String, [(String, String)], Int, Int, String)] = [
    "7867": ("100", "16.98", [("100", "15"), ("100", "18.96")], 19615, 9261, "47.21"),
    "7868": (
      "100", "18.38", [("100", "18.17"), ("100", "21.12"), ("100", "12.5"), ("100", "21.73")], 9600,
      6580, "68.54"
    ),
    "7869": ("100", "14.33", [("100", "13.67"), ("100", "15")], 2318, 1362, "58.75"),
    "7870": ("100", "15.25", [("100", "15.5"), ("100", "15")], 4234, 3435, "81.13"),
    "7871": (
      "93.13", "66.47", [("97.32", "18.66"), ("87.85", "85.08"), ("94.22", "95.67")], 29580, 11745,
      "39.7"
    ),
    "7872": ("100", "19.46", [("100", "18.5"), ("100", "20.42")], 11900, 7138, "59.98"),
    "7873": ("99.67", "19.62", [("99.33", "17.96"), ("100", "21.28")], 11806, 10552, "89.38"),
  ]

  func porcentaje(_ v: Any?) -> String? {
    guard let n = v as? NSNumber else { return nil }
    return redondeo(NSDecimalNumber(decimal: n.decimalValue * 100), 2)
  }

  func testCadaProyectoComoLaSemilla() {
    let lista = (c["proyectos"] as? [[String: Any]]) ?? []
    XCTAssertEqual(lista.compactMap { $0["codigo"] as? String }.sorted(), proyectos.keys.sorted())
    for p in lista {
      guard let codigo = p["codigo"] as? String, let esperado = proyectos[codigo] else { continue }
      XCTAssertEqual(porcentaje(p["ejecucion"]), esperado.0, "\(codigo) ejecución")
      XCTAssertEqual(porcentaje(p["avance"]), esperado.1, "\(codigo) avance")
      let objetivos = (p["objetivos"] as? [[String: Any]]) ?? []
      XCTAssertEqual(objetivos.count, esperado.2.count, codigo)
      for (o, e) in zip(objetivos, esperado.2) {
        XCTAssertEqual(porcentaje(o["programacion"]), "100", "\(codigo) programación")
        XCTAssertEqual(
          porcentaje(o["cumplimiento"]), e.0, "\(codigo) obj \(o["numero"] ?? "") cumplimiento")
        XCTAssertEqual(porcentaje(o["avance"]), e.1, "\(codigo) obj \(o["numero"] ?? "") avance")
      }
      let presupuesto = (p["presupuesto"] as? [String: Any]) ?? [:]
      let millones = { (v: Any?) -> Int? in
        (v as? NSNumber).map { Int(($0.doubleValue / 1e6).rounded()) }
      }
      XCTAssertEqual(
        millones(presupuesto["programacion"]), esperado.3, "\(codigo) programación presupuestal")
      XCTAssertEqual(
        millones(presupuesto["ejecucion"]), esperado.4, "\(codigo) ejecución presupuestal")
      XCTAssertEqual(porcentaje(presupuesto["avance"]), esperado.5, "\(codigo) avance presupuestal")
    }
  }

  func testIndicadores() {
    let i = (c["indicadores"] as? [String: Any]) ?? [:]
    XCTAssertEqual(i["total"] as? Int, 57)
    XCTAssertEqual(i["programados"] as? Int, 52)
    let bandas = (i["bandas"] as? [String: Int]) ?? [:]
    XCTAssertEqual(bandas, ["desde_100": 48, "de_75_a_100": 4, "bajo_75": 0])
    let items = (i["items"] as? [[String: Any]]) ?? []
    let bajo100 = items.filter {
      ($0["cumplimiento"] as? NSNumber).map { $0.doubleValue < 1 } ?? false
    }
    .map {
      (
        porcentaje($0["cumplimiento"]) ?? "", $0["nombre"] as? String ?? "",
        $0["proceso"] as? String ?? ""
      )
    }
    .sorted { $0.0 > $1.0 }
    XCTAssertEqual(bajo100.map(\.0), ["98.94", "92.31", "84.26", "75"])
    XCTAssertEqual(
      bajo100.map(\.1),
      [
        "Índice de atención oportuna a los procesos precontractuales radicados en la Dirección de Contratación",
        "Porcentaje de la estrategia anual para mejorar la oportunidad en la ejecución de los recursos en la Secretaría General",
        "Porcentaje de presupuesto comprometido de la Secretaría General",
        "Porcentaje de cumplimiento de las acciones de mejora de las auditorías internas de gestión y auditorías de la Contraloría programadas para finalizar",
      ])
    XCTAssertEqual(
      bajo100.map(\.2),
      [
        "Contratación", "Gestión financiera", "Gestión financiera",
        "Evaluación del sistema de control interno",
      ])
    let excluidos = items.filter { ($0["programado"] as? Bool) == false }
    XCTAssertEqual(
      Set(excluidos.compactMap { $0["nombre"] as? String }),
      [
        "Informe del Estado de la Administración de la Gestión Documental en las Entidades del Distrito Capital (EAGED) realizado",
        "Informe Semestral de la gestión efectuada en las asesorías técnicas y proyectos en materia TIC",
        "Porcentaje de avance en el cumplimiento de las auditorías internas de calidad",
        "Porcentaje de riesgos identificados, según las recomendaciones realizadas en los informes de la Oficina de Control Interno",
        "Consulta ciudadana para identificar la demanda de acciones en pilares del Modelo de Gobierno Abierto realizada",
      ])
    XCTAssertEqual(
      Set(excluidos.compactMap { $0["periodicidad"] as? String }),
      ["Cuatrimestral", "Semestral", "Anual"])
  }

  func testPlanIntegrado() {
    let p = (c["plan_integrado"] as? [String: Any]) ?? [:]
    XCTAssertEqual(p["total"] as? Int, 29)
    XCTAssertEqual(p["programadas"] as? Int, 26)
    XCTAssertEqual(
      redondeo(NSDecimalNumber(decimal: ((p["valor"] as? NSNumber)?.decimalValue ?? 0) * 100), 0),
      "95")
    let items = (p["items"] as? [[String: Any]]) ?? []
    let bajo100 = Dictionary(
      uniqueKeysWithValues: items.filter {
        ($0["cumplimiento"] as? NSNumber).map { $0.doubleValue < 1 } ?? false
      }
      .map { ($0["actividad"] as? String ?? "", porcentaje($0["cumplimiento"]) ?? "") })
    XCTAssertEqual(
      bajo100,
      [
        "Instaurar el área de PMO para la Gerencia de Proyectos dentro de la Oficina de Tecnologías de la Información y las Comunicaciones":
          "79",
        "Formular el Programa de descripción normalizada": "50",
        "Elaborar la Tabla de Control de Acceso": "50",
      ])
    let sin = items.filter { ($0["programada"] as? Bool) == false }.compactMap {
      $0["actividad"] as? String
    }
    XCTAssertEqual(
      Set(sin),
      [
        "Adoptar mejores prácticas para la gestión del cambio",
        "Realizar los autodiagnósticos de las políticas de gestión y desempeño del Modelo Integrado de Planeación y Gestión (MIPG) que cuentan con herramienta definida por la Función Pública",
        "Realizar tres informes de seguimiento al Plan de ajuste y sostenibilidad del Modelo Integrado de Planeación (MIPG) en la Secretaría General",
      ])
    XCTAssertEqual(Set(items.compactMap { $0["plan"] as? String }).count, 18, "los 18 planes")
  }

  func testRiesgosListadosPeroNoMedidos() {
    let r = (c["riesgos"] as? [String: Any]) ?? [:]
    XCTAssertEqual(r["medido"] as? Bool, false)
    XCTAssertEqual(r["proximo_seguimiento"] as? String, "2021-04-30")
    XCTAssertGreaterThan(((r["items"] as? [Any]) ?? []).count, 0)
  }

  func testEnvios() {
    let e = (c["envios"] as? [String: Any]) ?? [:]
    XCTAssertEqual(e["recibidos"] as? Int, 22)
    XCTAssertEqual(e["aceptados"] as? Int, 22)
    XCTAssertEqual(e["rechazados"] as? Int, 0)
    XCTAssertEqual(e["reemplazados"] as? Int, 0)
    XCTAssertEqual(e["duplicados"] as? Int, 0)
  }

  func testCadaEnvioTieneSuInforme() throws {
    let carpeta = try XCTUnwrap(Self.salida).appendingPathComponent("2021-03-31/recibidos")
    let enumerador = FileManager.default.enumerator(atPath: carpeta.path)
    let archivos = (enumerador?.allObjects as? [String] ?? []).filter {
      $0.hasSuffix(".informe.md")
    }
    XCTAssertEqual(archivos.count, 22)
  }

  func testInformeHTMLConLasCifrasDeLaSemilla() throws {
    let ruta = try XCTUnwrap(Self.salida).appendingPathComponent("2021-03-31/informe.html")
    let html = try String(contentsOf: ruta, encoding: .utf8)
    for cifra in [
      "101,20 %", "16,98 %", "47,21 %", "$19.615 millones", "93,13 %", "98,94 %",
      "30 de abril de 2021",
    ] {
      XCTAssertTrue(html.contains(cifra), cifra)
    }
    XCTAssertFalse(html.contains("<script"))
  }

  func testElConsolidadoXLSXTieneSusHojas() throws {
    let libro = try Workbook(
      path: try XCTUnwrap(Self.salida).appendingPathComponent("2021-03-31/consolidado.xlsx").path)
    XCTAssertEqual(
      Array(libro.sheets.map(\.name).prefix(9)),
      [
        "Resumen", "Proyectos", "Objetivos", "Metas", "Presupuesto", "Indicadores",
        "Plan integrado", "Riesgos", "Pendientes",
      ])
    let filas = try libro.rows(in: libro.sheets[0])
    var pai: Cell?
    while pai == nil, let fila = try filas.nextRow() {
      if case .text("Avance del PAI")? = fila[1]?.value { pai = fila[2] }
    }
    XCTAssertEqual(pai?.kind, .percent)
    XCTAssertEqual(redondeo(pai?.value.double.map { NSNumber(value: $0) }, 3), "1.012")
  }

  /// The same seed figures, read back from `consolidado.xlsx`.
  func testElConsolidadoXLSXTieneLasCifrasDeLaSemilla() throws {
    let libro = try Workbook(
      path: try XCTUnwrap(Self.salida).appendingPathComponent("2021-03-31/consolidado.xlsx").path)
    func filas(_ hoja: String) throws -> [Row] {
      let lector = try libro.rows(in: try XCTUnwrap(libro.sheet(named: hoja)))
      var out: [Row] = []
      while let f = try lector.nextRow() { out.append(f) }
      return Array(out.dropFirst())
    }
    func pct(_ c: Cell?) -> String? {
      XCTAssertEqual(c?.kind, .percent)
      guard case .number(let s)? = c?.value, let d = Decimal(string: s) else { return nil }
      return redondeo(NSDecimalNumber(decimal: d * 100), 2)
    }
    func millones(_ c: Cell?) -> Int? { c?.value.double.map { Int(($0 / 1e6).rounded()) } }
    var vistos = 0
    for f in try filas("Proyectos") {
      guard case .text(let codigo)? = f[1]?.value, let e = proyectos[codigo] else { continue }
      vistos += 1
      XCTAssertEqual(pct(f[5]), e.0, "\(codigo) ejecución")
      XCTAssertEqual(pct(f[6]), e.1, "\(codigo) avance")
      XCTAssertEqual(millones(f[7]), e.3, "\(codigo) programación presupuestal")
      XCTAssertEqual(millones(f[8]), e.4, "\(codigo) ejecución presupuestal")
      XCTAssertEqual(pct(f[10]), e.5, "\(codigo) avance presupuestal")
    }
    XCTAssertEqual(vistos, 7)
    for f in try filas("Objetivos") {
      guard case .text(let codigo)? = f[1]?.value, let e = proyectos[codigo],
        let n = f[2]?.value.double.map({ Int($0) }), n >= 1, n <= e.2.count
      else { continue }
      XCTAssertEqual(pct(f[4]), "100", "\(codigo) obj \(n) programación")
      XCTAssertEqual(pct(f[5]), e.2[n - 1].0, "\(codigo) obj \(n) cumplimiento")
      XCTAssertEqual(pct(f[6]), e.2[n - 1].1, "\(codigo) obj \(n) avance")
    }
    let indicadores = try filas("Indicadores")
    XCTAssertEqual(indicadores.count, 57)
    XCTAssertEqual(indicadores.filter { $0[9]?.value == .text("Sí") }.count, 52)
    let bajo100 = indicadores.compactMap { f -> String? in
      guard let c = f[12], case .number(let s) = c.value, let d = Decimal(string: s), d < 1 else {
        return nil
      }
      return pct(c)
    }
    XCTAssertEqual(bajo100.sorted(by: >), ["98.94", "92.31", "84.26", "75"])
    let actividades = try filas("Plan integrado")
    XCTAssertEqual(actividades.count, 29)
    XCTAssertEqual(actividades.filter { $0[5]?.value == .text("Sí") }.count, 26)
  }

  /// The same ledger gives the same consolidated workbook, byte for byte:
  /// its document properties are dated by the newest submission, not by
  /// the run. The workbook is removed first, so the second run must write
  /// it again (a skipped rewrite cannot pass), and its creation date is
  /// checked against the inputs' own.
  func testElConsolidadoXLSXNoCambiaSiNoCambianLosEnvios() throws {
    let salida = try XCTUnwrap(Self.salida)
    let ruta = salida.appendingPathComponent("2021-03-31/consolidado.xlsx")
    let antes = try Data(contentsOf: ruta)
    try FileManager.default.removeItem(at: ruta)
    let otra = try Pai.correr([
      "procesar", "--inbox", Pai.raiz.appendingPathComponent("inbox").path, "--outbox", salida.path,
      "--corte", "2021-03-31", "--esquemas", Pai.raiz.appendingPathComponent("schemas").path,
      "--conservar",
    ])
    XCTAssertEqual(otra.estado, 0, otra.errores)
    XCTAssertEqual(try Data(contentsOf: ruta), antes)

    // Dated by the newest example workbook's modification time.
    let bandeja = Pai.raiz.appendingPathComponent("inbox")
    let fechas =
      (FileManager.default.enumerator(atPath: bandeja.path)?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".xlsx") }
      .compactMap {
        try? FileManager.default.attributesOfItem(atPath: bandeja.appendingPathComponent($0).path)[
          .modificationDate]
          as? Date
      }
    let esperada = try XCTUnwrap(fechas.max())
    let formato = ISO8601DateFormatter()
    let core = try String(decoding: Parte.leer(ruta.path, "docProps/core.xml"), as: UTF8.self)
    XCTAssertTrue(core.contains(">\(formato.string(from: esperada))</dcterms:created>"), core)
  }

  func testConsolidadoCumpleSuEsquemaJSON() throws {
    let esquema = try JSONSerialization.jsonObject(
      with: Data(contentsOf: Pai.raiz.appendingPathComponent("schemas/consolidado.schema.json")))
    let errores = ValidadorEsquemaJSON(raiz: esquema).validar(c)
    XCTAssertEqual(errores, [])
  }

  /// Every object of `consolidado.json` and `estado.json` has its keys in
  /// sorted order, and a second run on the same inbox into another outbox
  /// writes the same bytes.
  func testLosJSONTienenClavesOrdenadasYSonEstables() throws {
    let salida = try XCTUnwrap(Self.salida)
    let otra = try Pai.temporal()
    defer { try? FileManager.default.removeItem(at: otra) }
    let r = try Pai.correr([
      "procesar", "--inbox", Pai.raiz.appendingPathComponent("inbox").path, "--outbox", otra.path,
      "--corte", "2021-03-31", "--esquemas", Pai.raiz.appendingPathComponent("schemas").path,
      "--conservar",
    ])
    XCTAssertEqual(r.estado, 0, r.errores)
    for nombre in ["consolidado.json", "estado.json"] {
      let a = try Data(contentsOf: salida.appendingPathComponent("2021-03-31/\(nombre)"))
      let b = try Data(contentsOf: otra.appendingPathComponent("2021-03-31/\(nombre)"))
      XCTAssertEqual(a, b, nombre)
      XCTAssertEqual(try ClavesJSON.desordenadas(String(decoding: a, as: UTF8.self)), [], nombre)
    }
  }
}

final class EsquemasTests: XCTestCase {
  /// Every template file satisfies the JSON Schema editors check it with,
  /// and every rule kind the schema allows is one pai knows.
  func testPlantillasCumplenSuEsquemaJSON() throws {
    let carpeta = Pai.raiz.appendingPathComponent("schemas")
    let esquema = try JSONSerialization.jsonObject(
      with: Data(contentsOf: carpeta.appendingPathComponent("plantilla.schema.json")))
    let plantillas = try FileManager.default.contentsOfDirectory(
      atPath: carpeta.appendingPathComponent("plantillas").path
    ).filter { $0.hasSuffix(".json") }
    XCTAssertEqual(plantillas.count, 4)
    for nombre in plantillas {
      let datos = try JSONSerialization.jsonObject(
        with: Data(contentsOf: carpeta.appendingPathComponent("plantillas/\(nombre)")))
      XCTAssertEqual(ValidadorEsquemaJSON(raiz: esquema).validar(datos), [], nombre)
    }
    let roto = try JSONSerialization.jsonObject(
      with: Data(
        #"{"id":"x","componente":"otro","titulo":"t","identidad":[],"hojas":[{"nombre":"H","tipo":"tabla","campos":[],"reglas":[{"regla":"inventada"}]}]}"#
          .utf8))
    XCTAssertEqual(ValidadorEsquemaJSON(raiz: esquema).validar(roto).count, 2)
  }
}

/// One part of a package, whole, through the reader's own zip layer.
enum Parte {
  static func leer(_ ruta: String, _ nombre: String) throws -> Data {
    let libro = try Workbook(path: ruta)
    var datos = Data()
    try libro.package.stream(nombre) { datos.append(contentsOf: $0) }
    return datos
  }
}
