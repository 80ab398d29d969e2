import Foundation
import XCTest

@testable import XLSX

/// A whole vigencia, processed corte by corte as the planning office does:
/// the seed's quarter at 31 March, then the workbooks of
/// `docs/ejemplo-vigencia/` (written by `scripts/generar_vigencia.py` by
/// filling the carried-forward templates): risks at 30 April, the quarter
/// at 30 June, risks at 31 August, the quarter at 30 September with one
/// deliberate reprogramming, and the close at 31 December.
///
/// Each corte's figures are checked against a computation written here,
/// from the workbooks' cells and PLAN's formulas, that shares no code with
/// the pipeline.
final class VigenciaTests: XCTestCase {
  static let cortes = ["2021-04-30", "2021-06-30", "2021-08-31", "2021-09-30", "2021-12-31"]
  nonisolated(unsafe) static var salida: URL?
  nonisolated(unsafe) static var resultados: [String: Pai.Resultado] = [:]
  nonisolated(unsafe) static var consolidados: [String: [String: Any]] = [:]
  /// March's outputs as they were right after March's run: inode and
  /// modification date, which a rewrite would change.
  nonisolated(unsafe) static var marzoAntes: [String: [FileAttributeKey: Any]] = [:]

  static var ejemplo: URL { Pai.raiz.appendingPathComponent("docs/ejemplo-vigencia") }

  override class func setUp() {
    super.setUp()
    do {
      let out = try Pai.temporal()
      salida = out
      let esquemas = Pai.raiz.appendingPathComponent("schemas").path
      func procesar(_ corte: String, _ inbox: URL) throws {
        resultados[corte] = try Pai.correr([
          "procesar", "--inbox", inbox.path, "--outbox", out.path, "--corte", corte, "--esquemas",
          esquemas,
          "--conservar", "--silencioso",
        ])
        let data = try Data(contentsOf: out.appendingPathComponent("\(corte)/consolidado.json"))
        consolidados[corte] =
          (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
      }
      try procesar("2021-03-31", Pai.raiz.appendingPathComponent("inbox"))
      for nombre in ["consolidado.json", "consolidado.xlsx", "informe.html"] {
        marzoAntes[nombre] = try FileManager.default.attributesOfItem(
          atPath: out.appendingPathComponent("2021-03-31/\(nombre)").path)
      }
      for corte in cortes { try procesar(corte, ejemplo.appendingPathComponent(corte)) }
    } catch {
      XCTFail("la vigencia no se procesó: \(error)")
    }
  }

  override class func tearDown() {
    if let salida { try? FileManager.default.removeItem(at: salida) }
    super.tearDown()
  }

  func testCadaCorteSaleCompletoYSinRechazos() throws {
    for corte in ["2021-03-31"] + Self.cortes {
      let r = try XCTUnwrap(Self.resultados[corte], corte)
      XCTAssertEqual(r.estado, 0, "\(corte): \(r.salida)\(r.errores)")
      XCTAssertTrue(r.salida.contains("0 rechazados"), "\(corte): \(r.salida)")
      let cobertura = Self.consolidados[corte]?["cobertura"] as? [String: Any]
      XCTAssertEqual(cobertura?["esperados"] as? Int, cobertura?["aceptados"] as? Int, corte)
    }
  }

  /// PLAN's formulas, computed here from the cells, against `consolidado.json`.
  func testLasCifrasDeCadaCorteCoincidenConUnCalculoIndependiente() throws {
    var riesgoAnterior = "2020-12-31"
    for corte in Self.cortes {
      let esperado = try Calculo(
        carpeta: Self.ejemplo.appendingPathComponent(corte), corte: corte,
        cicloDesde: riesgoAnterior
      ).componentes()
      if ["2021-04-30", "2021-08-31", "2021-12-31"].contains(corte) { riesgoAnterior = corte }
      let c = try XCTUnwrap(Self.consolidados[corte], corte)
      let componentes = (c["componentes"] as? [[String: Any]]) ?? []
      var medidos: [String: Double] = [:]
      for comp in componentes where comp["medido"] as? Bool == true {
        medidos[comp["id"] as? String ?? ""] = (comp["valor"] as? NSNumber)?.doubleValue
      }
      XCTAssertEqual(Set(medidos.keys), Set(esperado.keys), "\(corte): componentes medidos")
      for (id, valor) in esperado {
        XCTAssertEqual(medidos[id] ?? -1, valor, accuracy: 1e-9, "\(corte) \(id)")
      }
      let pai = ((c["pai"] as? [String: Any])?["avance"] as? NSNumber)?.doubleValue ?? -1
      let media = esperado.values.reduce(0, +) / Double(esperado.count)
      XCTAssertEqual(pai, media, accuracy: 1e-9, "\(corte) PAI")
    }
  }

  func testElHistorialDelCierreTieneCadaCorteDeLaVigencia() throws {
    let c = try XCTUnwrap(Self.consolidados["2021-12-31"])
    let historial = try XCTUnwrap(c["historial"] as? [[String: Any]])
    XCTAssertEqual(historial.compactMap { $0["corte"] as? String }, ["2021-03-31"] + Self.cortes)
    let marzo = try XCTUnwrap(historial.first)
    XCTAssertEqual(redondeo((marzo["pai"] as? [String: Any])?["avance"], 3), "1.012")
    // Each entry is that corte's own figure.
    for entrada in historial {
      let corte = entrada["corte"] as? String ?? ""
      let propio = (Self.consolidados[corte]?["pai"] as? [String: Any])?["avance"] as? NSNumber
      XCTAssertEqual(
        ((entrada["pai"] as? [String: Any])?["avance"] as? NSNumber)?.doubleValue,
        propio?.doubleValue, corte)
    }
    // Risks are measured at the risk cortes only, and enter the PAI at the close.
    let riesgos = { (corte: String) -> Bool? in
      ((Self.consolidados[corte]?["componentes"] as? [[String: Any]]) ?? []).first {
        $0["id"] as? String == "riesgos"
      }?[
        "medido"] as? Bool
    }
    XCTAssertEqual(riesgos("2021-06-30"), false)
    XCTAssertEqual(riesgos("2021-09-30"), false)
    XCTAssertEqual(riesgos("2021-12-31"), true)
    // The close is worded as such, with the year's evolution.
    let out = try XCTUnwrap(Self.salida)
    let cierre = try String(
      contentsOf: out.appendingPathComponent("2021-12-31/informe.html"), encoding: .utf8)
    XCTAssertTrue(cierre.contains("Cierre de la vigencia 2021"))
    XCTAssertTrue(
      cierre.contains("30/09/2021") || cierre.contains("30 de septiembre"),
      "la evolución nombra los cortes")
    let abril = try String(
      contentsOf: out.appendingPathComponent("2021-04-30/informe.html"), encoding: .utf8)
    XCTAssertTrue(abril.contains("Seguimiento de riesgos"), "abril es un corte de riesgos")
    XCTAssertFalse(abril.contains("Cierre de la vigencia"))
  }

  /// The September reprogramming moves one unit of a 7867 goal from
  /// October to November: exactly two warnings, on those two cells; every
  /// other corte carried its data unchanged and has none.
  func testLaReprogramacionDeliberadaDaUnaAdvertenciaPorMesMovido() throws {
    for corte in Self.cortes {
      let cambios = try hallazgos(corte).filter { $0.codigo == "cambio-frente-al-corte-anterior" }
      if corte != "2021-09-30" {
        XCTAssertEqual(cambios.map(\.mensaje), [], corte)
        continue
      }
      XCTAssertEqual(cambios.count, 2, cambios.map(\.mensaje).joined(separator: "\n"))
      XCTAssertEqual(Set(cambios.map(\.archivo)), ["proyecto_7867.xlsx"])
      XCTAssertEqual(Set(cambios.map(\.hoja)), ["Metas"])
      let libro = try Workbook(
        path: Self.ejemplo.appendingPathComponent(
          "2021-09-30/consejeria-comunicaciones/proyecto_7867.xlsx"
        ).path)
      let columnas = try Tabla(libro, "Metas").columnas
      let esperadas = ["Prog. octubre", "Prog. noviembre"].compactMap { columnas[$0] }
      XCTAssertEqual(Set(cambios.compactMap { CellRef($0.celda)?.column }), Set(esperadas))
      XCTAssertEqual(
        Set(cambios.compactMap { CellRef($0.celda)?.row }).count, 1, "un mismo renglón")
      XCTAssertTrue(
        cambios.allSatisfy { $0.mensaje.contains("30/06/2021") }, "frente al corte de junio")
    }
  }

  /// Later cortes never rewrite March's outputs, and March still says
  /// what the seed says.
  func testMarzoSigueSiendoLaSemilla() throws {
    let out = try XCTUnwrap(Self.salida)
    for (nombre, antes) in Self.marzoAntes {
      let ahora = try FileManager.default.attributesOfItem(
        atPath: out.appendingPathComponent("2021-03-31/\(nombre)").path)
      XCTAssertEqual(ahora[.systemFileNumber] as? Int, antes[.systemFileNumber] as? Int, nombre)
      XCTAssertEqual(ahora[.modificationDate] as? Date, antes[.modificationDate] as? Date, nombre)
    }
    let data = try Data(contentsOf: out.appendingPathComponent("2021-03-31/consolidado.json"))
    let marzo = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    XCTAssertEqual(redondeo((marzo["pai"] as? [String: Any])?["avance"], 3), "1.012")
    let p7867 = ((marzo["proyectos"] as? [[String: Any]]) ?? []).first {
      $0["codigo"] as? String == "7867"
    }
    XCTAssertEqual(redondeo(p7867?["avance"], 4), "0.1698")
    XCTAssertEqual(redondeo((p7867?["presupuesto"] as? [String: Any])?["avance"], 4), "0.4721")
    XCTAssertEqual(
      (marzo["historial"] as? [[String: Any]])?.compactMap { $0["corte"] as? String },
      ["2021-03-31"])
  }

  // MARK: Reading back

  struct HallazgoLeido {
    var archivo, hoja, celda, codigo, mensaje: String
  }

  /// Every finding of the corte's per-submission reports.
  private func hallazgos(_ corte: String) throws -> [HallazgoLeido] {
    let carpeta = try XCTUnwrap(Self.salida).appendingPathComponent(corte)
    var out: [HallazgoLeido] = []
    let archivos =
      FileManager.default.enumerator(atPath: carpeta.path)?.compactMap { $0 as? String } ?? []
    for ruta in archivos where ruta.hasSuffix(".informe.json") {
      let data = try Data(contentsOf: carpeta.appendingPathComponent(ruta))
      let informe = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      for h in (informe["hallazgos"] as? [[String: Any]]) ?? [] {
        out.append(
          HallazgoLeido(
            archivo: (ruta as NSString).lastPathComponent.replacingOccurrences(
              of: ".informe.json", with: ""),
            hoja: h["hoja"] as? String ?? "", celda: h["celda"] as? String ?? "",
            codigo: h["codigo"] as? String ?? "",
            mensaje: h["mensaje"] as? String ?? ""))
      }
    }
    return out
  }
}

/// A template's table as plain cells: the header row (row 2, as the
/// templates write it) and the rows under it that carry a first cell.
private struct Tabla {
  var columnas: [String: Int] = [:]
  var filas: [[Int: CellValue]] = []

  init(_ libro: Workbook, _ hoja: String) throws {
    guard let info = libro.sheet(named: hoja) else { return }
    let lector = try libro.rows(in: info)
    while let fila = try lector.nextRow() {
      var celdas: [Int: CellValue] = [:]
      for c in fila.cells { celdas[c.column] = c.value }
      if fila.index == 2 {
        for (col, v) in celdas { if case .text(let t) = v { columnas[t] = col } }
      } else if fila.index > 2, let primera = celdas[1], primera != .text(""),
        primera != .notComputed
      {
        filas.append(celdas)
      }
    }
  }

  func numero(_ fila: [Int: CellValue], _ columna: String) -> Double? {
    columnas[columna].flatMap { fila[$0]?.double }
  }

  func texto(_ fila: [Int: CellValue], _ columna: String) -> String? {
    guard let c = columnas[columna], case .text(let t)? = fila[c] else { return nil }
    return t
  }

  static let meses = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre",
    "diciembre",
  ]

  func meses(_ fila: [Int: CellValue], _ prefijo: String) -> [Double?] {
    Self.meses.map { numero(fila, "\(prefijo) \($0)") }
  }
}

/// PLAN's "How the plan is measured", written again from the text, over a
/// corte's workbooks.
private struct Calculo {
  let carpeta: URL
  let mes: Int
  let cicloDesde: Double
  let cicloHasta: Double

  init(carpeta: URL, corte: String, cicloDesde: String) throws {
    self.carpeta = carpeta
    mes = Int(corte.split(separator: "-")[1]) ?? 0
    self.cicloDesde = Calculo.serial(cicloDesde)
    cicloHasta = Calculo.serial(corte)
  }

  /// Days since 1899-12-30, as Excel stores dates.
  static func serial(_ iso: String) -> Double {
    let p = iso.split(separator: "-").compactMap { Int($0) }
    var c = DateComponents()
    (c.year, c.month, c.day) = (p[0], p[1], p[2])
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = TimeZone(identifier: "UTC")!
    let base = cal.date(from: DateComponents(year: 1899, month: 12, day: 30))!
    return (cal.date(from: c)!.timeIntervalSince(base) / 86400).rounded()
  }

  private func libros(_ prefijo: String) throws -> [Workbook] {
    let rutas =
      FileManager.default.enumerator(atPath: carpeta.path)?.compactMap { $0 as? String } ?? []
    return try rutas.filter { ($0 as NSString).lastPathComponent.hasPrefix(prefijo) }.sorted().map {
      try Workbook(path: carpeta.appendingPathComponent($0).path)
    }
  }

  private func media(_ xs: [Double]) -> Double? {
    xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
  }

  func componentes() throws -> [String: Double] {
    var out: [String: Double] = [:]
    out["proyectos"] = try proyectos()
    out["indicadores"] = try indicadores()
    out["plan_integrado"] = try actividades()
    out["riesgos"] = try riesgos()
    return out
  }

  /// The last month ≤ the corte whose programming counts.
  private func ultimoProgramado(_ programado: (Int) -> Bool) -> Int? {
    (1...mes).last(where: programado)
  }

  private func proyectos() throws -> Double? {
    var ejecuciones: [Double] = []
    for libro in try libros("proyecto_") {
      let t = try Tabla(libro, "Metas")
      var porObjetivo: [Double: [Double]] = [:]
      var objetivos: [Double] = []
      for f in t.filas {
        let objetivo = t.numero(f, "Objetivo específico") ?? t.numero(f, "No. objetivo") ?? -1
        if !objetivos.contains(objetivo) { objetivos.append(objetivo) }
        let prog = t.meses(f, "Prog.")
        let ejec = t.meses(f, "Ejec.")
        let programado = { (m: Int) in (prog[m - 1] ?? 0) > 0 }
        guard let ultimo = ultimoProgramado(programado) else { continue }
        let (p, e): (Double, Double)
        if t.texto(f, "Tipo de anualización") == "Suma" {
          p = (0..<mes).map { prog[$0] ?? 0 }.reduce(0, +)
          e = (0..<mes).map { ejec[$0] ?? 0 }.reduce(0, +)
        } else {
          (p, e) = (prog[ultimo - 1] ?? 0, ejec[ultimo - 1] ?? 0)
        }
        porObjetivo[objetivo, default: []].append(min(e / p, 1))
      }
      let cumplimientos = objetivos.compactMap { porObjetivo[$0].flatMap(media) }
      if let e = media(cumplimientos) { ejecuciones.append(e) }
    }
    return media(ejecuciones)
  }

  private static let periodicidad: [String: Set<Int>] = [
    "Mensual": Set(1...12), "Bimestral": [2, 4, 6, 8, 10, 12], "Trimestral": [3, 6, 9, 12],
    "Cuatrimestral": [4, 8, 12], "Semestral": [6, 12], "Anual": [12],
  ]

  private func indicadores() throws -> Double? {
    var valores: [Double] = []
    for libro in try libros("indicadores_") {
      let t = try Tabla(libro, "Indicadores")
      for f in t.filas {
        let prog = t.meses(f, "Prog.")
        let ejec = t.meses(f, "Ejec.")
        let tipo = t.texto(f, "Tipo de anualización") ?? ""
        let permitidos = Self.periodicidad[t.texto(f, "Periodicidad") ?? ""] ?? []
        let programado = { (m: Int) -> Bool in
          tipo == "Decreciente"
            ? (prog[m - 1] != nil && permitidos.contains(m)) : (prog[m - 1] ?? 0) > 0
        }
        guard let ultimo = ultimoProgramado(programado) else { continue }
        let p = prog[ultimo - 1] ?? 0
        let e = ejec[ultimo - 1] ?? 0
        switch tipo {
        case "Suma":
          valores.append(
            (0..<mes).map { ejec[$0] ?? 0 }.reduce(0, +)
              / (0..<mes).map { prog[$0] ?? 0 }.reduce(0, +))
        case "Decreciente":
          valores.append(e == 0 ? 1 : p / e)
        default:
          valores.append(e / p)
        }
      }
    }
    return media(valores)
  }

  private func actividades() throws -> Double? {
    var valores: [Double] = []
    for libro in try libros("actividades") {
      let t = try Tabla(libro, "Actividades")
      for f in t.filas {
        let prog = t.meses(f, "Prog.")
        let ejec = t.meses(f, "Ejec.")
        let p = (0..<mes).map { prog[$0] ?? 0 }.reduce(0, +)
        guard p > 0 else { continue }
        valores.append(min((0..<mes).map { ejec[$0] ?? 0 }.reduce(0, +) / p, 1))
      }
    }
    return media(valores)
  }

  /// Σ ejecutadas / Σ programadas over the monitorings of the cycle, at a
  /// risk corte only.
  private func riesgos() throws -> Double? {
    guard [4, 8, 12].contains(mes) else { return nil }
    var programadas = 0.0
    var ejecutadas = 0.0
    for libro in try libros("riesgos_") {
      let t = try Tabla(libro, "Riesgos")
      for f in t.filas {
        guard let fecha = t.numero(f, "Fecha de monitoreo"), fecha > cicloDesde, fecha <= cicloHasta
        else { continue }
        programadas += t.numero(f, "Acciones programadas") ?? 0
        ejecutadas += t.numero(f, "Acciones ejecutadas") ?? 0
      }
    }
    return programadas > 0 ? ejecutadas / programadas : nil
  }
}
