import Foundation
import Plan
import XCTest

@testable import Plantillas
@testable import Reports
@testable import Schema
@testable import XLSX

/// Templates that carry the vigencia's earlier corte forward: each filled
/// template is accepted at 31 March, and its 30 June copy must bring back
/// exactly what was accepted, locked and grey, with only the new months open.
final class ArrastreTests: XCTestCase {
  private var carpeta = ""
  private var set: SchemaSet!
  private let junio = Fecha(year: 2021, month: 6, day: 30)!
  private let ids = ["proyecto", "indicadores", "actividades", "riesgos"]

  override func setUpWithError() throws {
    carpeta = NSTemporaryDirectory() + "pai-arrastre-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: carpeta, withIntermediateDirectories: true)
    set = try Fijo.esquemas()
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: carpeta)
  }

  /// What 31 March accepted: every template filled by `Relleno`, validated.
  private func marzo() throws -> PlanAccion {
    var plan = PlanAccion(corte: Corte(Fijo.corte))
    for id in ids {
      let ruta = carpeta + "/marzo-\(id).xlsx"
      try GeneradorPlantillas.escribir(
        try Fijo.plantilla(id, set), esquemas: set, contexto: Relleno.contexto(id),
        datos: Relleno.datos(id, set), en: ruta)
      let informe = validar(ruta: ruta, esquemas: set, corte: Fijo.corte)
      XCTAssertTrue(informe.aceptado, "\(id): \(informe.hallazgos.map(Catalogo.mensaje))")
      switch informe.contenido {
      case .proyecto(let p)?: plan.proyectos.append(p)
      case .indicadores(let i)?: plan.indicadores += i
      case .actividades(let a)?: plan.actividades += a
      case .riesgos(let r)?: plan.riesgos += r
      case nil: XCTFail("\(id) sin contenido")
      }
    }
    return plan
  }

  /// The 30 June copy of a template, for the same office.
  private func junio(_ id: String, anterior: CorteAnterior) throws -> (
    PlantillaPedida, LibroGenerado
  ) {
    var contexto = Relleno.contexto(id)
    contexto.corte = junio
    var pedida = PlantillaPedida(
      plantilla: try Fijo.plantilla(id, set), contexto: contexto, archivo: "\(id).xlsx")
    pedida.arrastrar(anterior)
    let ruta = carpeta + "/junio-\(id).xlsx"
    try GeneradorPlantillas.escribir(
      pedida.plantilla, esquemas: set, contexto: pedida.contexto, datos: pedida.datos, en: ruta)
    return (pedida, try LibroGenerado(ruta))
  }

  func testCadaPlantillaDeJunioTraeLoAceptadoEnMarzoSinCambios() throws {
    let plan = try marzo()
    let anterior = CorteAnterior(planes: [plan])
    for id in ids {
      let (pedida, libro) = try junio(id, anterior: anterior)
      XCTAssertEqual(pedida.contexto.corteAnterior, Fijo.corte, id)
      let informe = validar(ruta: libro.ruta, esquemas: set, corte: junio, anterior: anterior)
      // Carried unchanged: not one value reads as a change.
      XCTAssertEqual(
        informe.hallazgos.filter { $0.codigo == .cambioFrenteAlCorteAnterior }.map(
          Catalogo.mensaje), [], id)
      switch id {
      case "proyecto":
        // Programming and the executions of January–March come back as
        // accepted; commitments are reported anew, so the copy is not
        // yet a report (it lacks them and April–June).
        XCTAssertFalse(informe.aceptado)
        XCTAssertTrue(
          informe.hallazgos.contains {
            $0.codigo == .valorFaltante && $0.ubicacion.hoja == "Presupuesto"
          })
        let metas = try libro.celdas("Metas")
        let p = try XCTUnwrap(plan.proyectos.first)
        XCTAssertEqual(metas[3]?[1], .text("7867"))
        XCTAssertEqual(metas.keys.filter { $0 >= 3 && metas[$0]?[1] != nil }.count, p.metas.count)
        let formulario = try libro.celdas("Proyecto")
        XCTAssertEqual(formulario[6]?[2], .text(p.objetivoGeneral))
      case "indicadores":
        let filas = try libro.celdas("Indicadores")
        XCTAssertEqual(
          Set((3..<(3 + plan.indicadores.count)).compactMap { filas[$0]?[1] }),
          Set(plan.indicadores.map { CellValue.text($0.codigo) }))
      case "riesgos":
        // The risk's identity comes back; its monitoring is new.
        XCTAssertTrue(informe.hallazgos.contains { $0.codigo == .valorFaltante })
      default:
        break
      }
    }
  }

  func testLoTraidoVaGrisYBloqueadoYLosMesesNuevosAbiertos() throws {
    let anterior = CorteAnterior(planes: [try marzo()])
    let (_, libro) = try junio("indicadores", anterior: anterior)
    let xml = try libro.xml("Indicadores")
    XCTAssertTrue(xml.contains("<sheetProtection sheet=\"1\""), "la hoja no está protegida")
    XCTAssertFalse(xml.contains("password"), "la protección no lleva contraseña")
    let hoja = try XCTUnwrap(set.plantillas.flatMap(\.hojas).first { $0.nombre == "Indicadores" })
    let d = DisposicionTabla(hoja: hoja, filas: GeneradorPlantillas.filasPorHoja)
    func estilo(_ col: Int, _ fila: Int) -> Int? {
      let ref = CellRef(row: fila, column: col).description
      guard let r = xml.range(of: "<c r=\"\(ref)\"") else { return nil }
      let resto = xml[r.upperBound...].prefix(while: { $0 != ">" })
      guard let s = resto.range(of: "s=\"") else { return 0 }
      return Int(resto[s.upperBound...].prefix(while: \.isNumber))
    }
    let n = CellStyle.allCases.count
    let codigo = try XCTUnwrap(d.columnaDe["codigo"])
    // Row 3 is a carried indicator: its code, January's programming and
    // March's execution are grey and locked; April's execution is open.
    XCTAssertEqual(estilo(codigo, 3).map { $0 / n }, 2, "código: gris y bloqueado")
    XCTAssertEqual(estilo(d.prog[0], 3).map { $0 / n }, 2, "Prog. enero: gris y bloqueado")
    XCTAssertEqual(estilo(d.ejec[2], 3).map { $0 / n }, 2, "Ejec. marzo: gris y bloqueado")
    XCTAssertEqual(estilo(d.ejec[3], 3).map { $0 / n }, 1, "Ejec. abril: abierta, sin gris")
    // A blank row below is open for a new indicator.
    let libre = 3 + anterior.indicadores(proceso: "Contratación").count + 1
    XCTAssertEqual(estilo(codigo, libre).map { $0 / n }, 1, "una fila nueva queda abierta")
    // The styles part has the unlocked variants the cells point at.
    let paquete = try ZipPackage(path: libro.ruta, limits: .default)
    var bytes: [UInt8] = []
    try paquete.stream("xl/styles.xml") { bytes.append(contentsOf: $0) }
    XCTAssertTrue(String(decoding: bytes, as: UTF8.self).contains("<protection locked=\"0\"/>"))
  }

  func testInstruccionesNombranElCorteAnteriorYLosMesesPorDiligenciar() throws {
    let anterior = CorteAnterior(planes: [try marzo()])
    let (_, libro) = try junio("proyecto", anterior: anterior)
    let textos = try libro.celdas("Instrucciones").values.flatMap(\.values).compactMap {
      v -> String? in
      if case .text(let t) = v { return t }
      return nil
    }.joined(separator: "\n")
    XCTAssertTrue(textos.contains("abril, mayo y junio"), textos)
    XCTAssertTrue(textos.contains("aceptó al \(Formato.fecha(Fijo.corte))"), textos)
    XCTAssertTrue(textos.contains("«Compromisos acumulados» y «Giros acumulados»"), textos)
    XCTAssertTrue(textos.contains("Desproteger hoja"), textos)
  }

  /// An office's copy holds only its own part: another process's
  /// indicators, another project or another office's activities never
  /// appear in it.
  func testCadaDependenciaRecibeSoloLoSuyo() throws {
    var plan = try marzo()
    var ajeno = try XCTUnwrap(plan.indicadores.first)
    ajeno.codigo = "TIC-99"
    ajeno.proceso = "Gestión de TIC"
    plan.indicadores.append(ajeno)
    var otra = try XCTUnwrap(plan.actividades.first)
    otra.codigo = "ACT-99"
    otra.dependencia = "Oficina TIC"
    plan.actividades.append(otra)
    let anterior = CorteAnterior(planes: [plan])

    let (indicadores, _) = try junio("indicadores", anterior: anterior)
    let codigos = indicadores.datos.filas["Indicadores"]?.compactMap { $0.valores["codigo"] } ?? []
    XCTAssertFalse(codigos.isEmpty)
    XCTAssertFalse(codigos.contains(.texto("TIC-99")))
    let (actividades, _) = try junio("actividades", anterior: anterior)
    let acts = actividades.datos.filas["Actividades"]?.compactMap { $0.valores["codigo"] } ?? []
    XCTAssertFalse(acts.isEmpty)
    XCTAssertFalse(acts.contains(.texto("ACT-99")))

    var contexto = Relleno.contexto("proyecto")
    contexto.proyecto = ProyectoConocido(codigo: "7999")
    var otro = PlantillaPedida(
      plantilla: try Fijo.plantilla("proyecto", set), contexto: contexto, archivo: "p.xlsx")
    otro.arrastrar(anterior)
    XCTAssertNil(otro.contexto.corteAnterior, "un proyecto sin reportes anteriores sale en blanco")
    XCTAssertTrue(otro.datos.filas.isEmpty)
  }

  /// Without earlier data the template is as before: no protection.
  func testSinCorteAnteriorNoHayProteccion() throws {
    let (pedida, libro) = try junio("proyecto", anterior: CorteAnterior(planes: []))
    XCTAssertNil(pedida.contexto.corteAnterior)
    XCTAssertFalse(try libro.xml("Metas").contains("sheetProtection"))
  }
}
