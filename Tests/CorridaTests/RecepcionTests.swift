import Foundation
import PAITestSupport
import Plan
import Reports
import Schema
import XCTest
import XLSX

@testable import Corrida
@testable import Ledger

/// The run as a library: what a front end (the command line, a portal)
/// gets from `Recepcion`, and the rules that keep a corte's folder right.
final class RecepcionTests: XCTestCase {
  static var raiz: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  var carpeta: URL!
  var inbox: URL { carpeta.appendingPathComponent("inbox") }
  var outbox: URL { carpeta.appendingPathComponent("outbox") }
  let corte = Fecha(iso: "2021-03-31")!

  override func setUpWithError() throws {
    carpeta = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pai-corrida-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: carpeta, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: Self.raiz.appendingPathComponent("inbox"), to: inbox)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: carpeta)
  }

  func opciones() -> OpcionesRecepcion {
    var o = OpcionesRecepcion(
      inbox: inbox.path, outbox: outbox.path,
      esquemas: Self.raiz.appendingPathComponent("schemas").path)
    o.corte = corte
    o.intervalo = 0
    return o
  }

  func recepcion() throws -> Recepcion {
    try Recepcion(
      opciones: opciones(),
      esquemas: SchemaSet.cargar(desde: Self.raiz.appendingPathComponent("schemas")))
  }

  /// Receives the whole inbox and consolidates the corte.
  func correr(_ r: Recepcion) throws -> Consolidado {
    let (listos, _) = try r.buzon.mirar()
    let nuevos = r.porRecibir(listos)
    var vistos: [String] = []
    let hechos = try r.recibir(
      nuevos, corte: corte, alRecibir: { _, a, _ in vistos.append(a.nombre) })
    XCTAssertEqual(hechos, nuevos.count)
    XCTAssertEqual(vistos.count, nuevos.count, "each file is reported once")
    return try XCTUnwrap(r.consolidarPendientes()[corte])
  }

  /// The seed's quarter received and consolidated, with its page, JSON
  /// and workbook and their inodes, to tell later that they were not
  /// written again.
  func correrMarzo(_ r: Recepcion) throws -> (Consolidado, salidas: [URL], inodos: [Int]) {
    let marzo = try correr(r)
    let salidas = ["consolidado.json", "consolidado.xlsx", "informe.html"].map {
      marzo.carpeta.appendingPathComponent($0)
    }
    return (marzo, salidas, try salidas.map(inodo))
  }

  /// Identity of a file on disk: a rewrite through a temporary name and a
  /// rename gives a new inode even when the bytes are the same.
  func inodo(_ url: URL) throws -> Int {
    let a = try FileManager.default.attributesOfItem(atPath: url.path)
    return (a[.systemFileNumber] as? NSNumber)?.intValue ?? -1
  }

  func testLaBandejaDeEjemploDaLasCifrasDeLaSemillaYCadaEnvioSuSuerte() throws {
    let r = try recepcion()
    defer { r.soltar() }
    let c = try correr(r)
    XCTAssertEqual(c.lote.envios.count, 22)
    XCTAssertEqual(c.lote.aceptados, 22)
    XCTAssertEqual(c.medicion.pai.map { redondear($0, decimales: 3) }, Decimal(string: "1.012"))
    XCTAssertEqual(c.cobertura?.esperados, 19)
    XCTAssertEqual(c.cobertura?.completa, true)
    XCTAssertEqual(
      c.lote.envios.indices.map { EstadoTexto.situacion(c.lote, $0) },
      Array(repeating: "aceptado", count: 22))
  }

  /// A ledger an earlier version wrote (LedgerTests/Fixtures/libro-v7.sqlite:
  /// March with hostile files, June, September) is migrated on opening and
  /// gives the same figures as the run that wrote it.
  func testUnLibroDeLaVersionAnteriorDaLasMismasCifras() throws {
    try FileManager.default.createDirectory(at: outbox, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: Self.raiz.appendingPathComponent("Tests/LedgerTests/Fixtures/libro-v7.sqlite"),
      to: outbox.appendingPathComponent("pai.sqlite"))
    let r = try recepcion()
    defer { r.soltar() }
    let marzo = try r.consolidar(corte)
    XCTAssertEqual(marzo.lote.envios.count, 29)
    XCTAssertEqual(marzo.lote.aceptados, 22)
    XCTAssertEqual(marzo.medicion.pai.map { redondear($0, decimales: 3) }, Decimal(string: "1.012"))
    let septiembre = try r.consolidar(Fecha(iso: "2021-09-30")!)
    XCTAssertEqual(septiembre.lote.aceptados, 19)
    XCTAssertEqual(
      septiembre.medicion.pai.map { redondear($0, decimales: 4) }, Decimal(string: "0.9742"))
  }

  /// Rewrite only what changed: a second consolidation of the same ledger
  /// leaves every output as it is (same inode), and an output that went
  /// missing is written again.
  func testSoloSeReescribeLoQueCambio() throws {
    let r = try recepcion()
    defer { r.soltar() }
    let c = try correr(r)
    let salidas = ["consolidado.json", "consolidado.xlsx", "estado.json", "informe.html"].map {
      c.carpeta.appendingPathComponent($0)
    }
    let antes = try salidas.map(inodo)
    _ = try r.consolidar(corte)
    XCTAssertEqual(try salidas.map(inodo), antes, "nada cambió: nada se reescribe")

    try FileManager.default.removeItem(at: salidas[1])
    _ = try r.consolidar(corte)
    XCTAssertTrue(
      FileManager.default.fileExists(atPath: salidas[1].path), "el libro que faltaba vuelve")
    XCTAssertEqual(try inodo(salidas[0]), antes[0], "el JSON, igual, no se toca")
  }

  func testEscribirSiCambiaNoTocaUnArchivoIgual() throws {
    let ruta = carpeta.appendingPathComponent("a.txt").path
    XCTAssertTrue(try escribirSiCambia("uno", ruta))
    let primero = try inodo(URL(fileURLWithPath: ruta))
    XCTAssertFalse(try escribirSiCambia("uno", ruta))
    XCTAssertEqual(try inodo(URL(fileURLWithPath: ruta)), primero)
    XCTAssertTrue(try escribirSiCambia("dos", ruta))
    XCTAssertEqual(try String(contentsOfFile: ruta, encoding: .utf8), "dos")
    let restos = try FileManager.default.contentsOfDirectory(atPath: carpeta.path).filter {
      $0.contains(".tmp")
    }
    XCTAssertEqual(restos, [], "ningún temporal queda")
  }

  /// One run per outbox: a second `Recepcion` on the same outbox is
  /// refused with the holder's process, and gets in once it is released.
  func testUnaRecepcionALaVez() throws {
    let primera = try recepcion()
    XCTAssertThrowsError(try recepcion()) { error in
      XCTAssertEqual(error as? ErrorRecepcion, .ocupado(pid: getpid()))
    }
    primera.soltar()
    let segunda = try recepcion()
    segunda.soltar()
  }

  func testSinBandejaEsUnErrorConLaRuta() throws {
    var o = opciones()
    o.inbox = carpeta.appendingPathComponent("no-existe").path
    XCTAssertThrowsError(
      try Recepcion(
        opciones: o, esquemas: SchemaSet.cargar(desde: Self.raiz.appendingPathComponent("schemas")))
    ) { error in
      XCTAssertEqual(error as? ErrorRecepcion, .sinBandeja(ruta: o.inbox))
    }
  }

  /// 30 June after 31 March, as offices send it: project 7872's workbook
  /// with the June corte, April and May executed as programmed and June not, and the
  /// TIC indicators workbook sent again byte for byte (it declares no
  /// corte, so it is June's). Identical bytes are a duplicate only within
  /// a corte: the indicators are received and counted for June, a second
  /// identical drop in June is a duplicate. The page shows each project,
  /// objective, indicator and activity with its March value beside June's;
  /// March's outputs are not written again.
  func testJunioDespuesDeMarzoConLosValoresAnterioresYSinDuplicadosEntreCortes() throws {
    let r = try recepcion()
    defer { r.soltar() }
    let (marzo, salidasMarzo, antes) = try correrMarzo(r)
    let junio = Fecha(iso: "2021-06-30")!
    let tic = inbox.appendingPathComponent("oficina-tic")
    try Data(
      contentsOf: Self.raiz.appendingPathComponent(
        "inbox/oficina-tic/Indicadores TIC - marzo 2021.xlsx")
    )
    .write(to: tic.appendingPathComponent("Indicadores TIC - marzo 2021.xlsx"))
    // Prog. and Ejec. of April–June: columns K–M and W–Y of Metas.
    try Libros.copiar(
      Self.raiz.appendingPathComponent("inbox/oficina-tic/Proyecto 7872 - seguimiento marzo.xlsx"),
      a: tic.appendingPathComponent("Proyecto 7872 - seguimiento junio.xlsx"),
      editar: { hoja, fila, celdas in
        if hoja == "Proyecto", case .text("Fecha de corte")? = fila[1]?.value {
          Libros.poner(
            WriteCell(.date(year: 2021, month: 6, day: 30), style: .date), columna: 2, en: &celdas)
        }
        if hoja == "Metas", fila.index > 1 {
          // April and May as programmed, nothing done in June.
          for mes in 4...5 { Libros.poner(celdas[7 + mes - 1], columna: 19 + mes, en: &celdas) }
          Libros.poner(WriteCell(.number(0)), columna: 25, en: &celdas)
        }
      })
    let (listos, _) = try r.buzon.mirar()
    var recibos: [Recibo] = []
    _ = try r.recibir(
      r.porRecibir(listos), corte: junio, alRecibir: { _, _, recibo in recibos.append(recibo) })
    XCTAssertEqual(recibos.count, 2)
    for recibo in recibos {
      guard case .recibido = recibo else {
        return XCTFail("en otro corte no es duplicado: \(recibo)")
      }
    }
    let hechos = try r.consolidarPendientes()
    XCTAssertNil(hechos[corte], "marzo no se vuelve a escribir")
    XCTAssertEqual(try salidasMarzo.map(inodo), antes)
    let c = try XCTUnwrap(hechos[junio])
    XCTAssertEqual(c.lote.envios.count, 2, "los dos cuentan para junio")
    XCTAssertEqual(c.duplicados.count, 0)
    let proyecto = try XCTUnwrap(c.lote.envios.first { $0.archivo.hasPrefix("Proyecto 7872") })
    XCTAssertTrue(proyecto.informe.aceptado, "\(proyecto.informe.hallazgos.map(Catalogo.mensaje))")

    // Within June the same bytes again are a duplicate.
    try Data(
      contentsOf: Self.raiz.appendingPathComponent(
        "inbox/oficina-tic/Indicadores TIC - marzo 2021.xlsx")
    )
    .write(to: tic.appendingPathComponent("otra vez.xlsx"))
    let (otra, _) = try r.buzon.mirar()
    var segundo: [Recibo] = []
    _ = try r.recibir(
      r.porRecibir(otra), corte: junio, alRecibir: { _, _, recibo in segundo.append(recibo) })
    guard case .duplicado? = segundo.first else {
      return XCTFail("en el mismo corte es duplicado: \(segundo)")
    }
    let c2 = try XCTUnwrap(try r.consolidarPendientes()[junio])
    XCTAssertEqual(c2.duplicados.count, 1)
    XCTAssertEqual(try salidasMarzo.map(inodo), antes, "marzo sigue sin reescribirse")

    // The page: 7872's row with June's and March's figures.
    let m7872 = try XCTUnwrap(marzo.medicion.proyectos.first { $0.codigo == "7872" })
    let j7872 = try XCTUnwrap(c2.medicion.proyectos.first { $0.codigo == "7872" })
    let pagina = try String(
      contentsOf: c2.carpeta.appendingPathComponent("informe.html"), encoding: .utf8)
    let fila = try XCTUnwrap(
      pagina.components(separatedBy: "<tr>").first { $0.contains("<strong>7872</strong>") },
      "fila de 7872")
    let celdas = fila.components(separatedBy: "<td").dropFirst().map {
      $0.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        .drop { $0 != ">" }.dropFirst().trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let (ejecucionJunio, ejecucionMarzo) = try (
      XCTUnwrap(j7872.ejecucion), XCTUnwrap(m7872.ejecucion)
    )
    XCTAssertNotEqual(ejecucionJunio, ejecucionMarzo, "junio mide otra cosa que marzo")
    XCTAssertEqual(celdas[1], Formato.porcentaje(ejecucionJunio), "\(celdas)")
    XCTAssertEqual(celdas[2], Formato.porcentaje(ejecucionMarzo), "\(celdas)")
    XCTAssertEqual(celdas[3], j7872.avance.map(Formato.porcentaje) ?? "—", "\(celdas)")
    XCTAssertEqual(celdas[4], m7872.avance.map(Formato.porcentaje) ?? "—", "\(celdas)")
    XCTAssertTrue(pagina.contains("Ejecución al 31/03/2021</th>"))
    // An objective of 7872 on its page, and an indicator and an activity
    // in the comparison with March.
    let paginaProyecto = try XCTUnwrap(Self.seccion(pagina, id: "proyecto-7872"))
    let objetivo = try XCTUnwrap(m7872.objetivos.first)
    XCTAssertTrue(
      paginaProyecto.contains(
        "cumplimiento \(objetivo.cumplimiento.map(Formato.porcentaje) ?? "—") · avance \(objetivo.avance.map(Formato.porcentaje) ?? "—")"
      ),
      paginaProyecto)
    let comparacion = try XCTUnwrap(Self.seccion(pagina, id: "frente-al-anterior"))
    func filaDe(_ codigo: String) throws -> String {
      try XCTUnwrap(
        comparacion.components(separatedBy: "<tr>").first { $0.contains("<td>\(codigo)</td>") },
        codigo)
    }
    let indicador = try XCTUnwrap(marzo.medicion.indicadores.items.first { $0.cumplimiento != nil })
    let filaIndicador = try filaDe(indicador.codigo)
    XCTAssertTrue(
      filaIndicador.contains("anterior\">\(Formato.porcentaje(indicador.cumplimiento!))</td>"),
      filaIndicador)
    // An activity sent only in March: no June value, and March's beside.
    let actividad = try XCTUnwrap(
      marzo.medicion.planIntegrado.items.first { $0.cumplimiento != nil })
    let filaActividad = try filaDe(actividad.codigo)
    XCTAssertTrue(
      filaActividad.contains(
        "<td class=\"cifra num\">—</td><td class=\"cifra num anterior\">\(Formato.porcentaje(actividad.cumplimiento!))</td>"
      ),
      filaActividad)
    // At the first corte of the vigencia there is no previous column.
    let paginaMarzo = try String(contentsOf: salidasMarzo[2], encoding: .utf8)
    XCTAssertFalse(paginaMarzo.contains("Ejecución al "))
    XCTAssertFalse(paginaMarzo.contains("frente-al-anterior"))
  }

  /// The markup of `<section id="…">` up to its closing tag.
  static func seccion(_ html: String, id: String) -> String? {
    guard let inicio = html.range(of: "id=\"\(id)\""),
      let fin = html.range(of: "</section>", range: inicio.upperBound..<html.endIndex)
    else { return nil }
    return String(html[inicio.lowerBound..<fin.upperBound])
  }

  /// A second corte of the vigencia (30 April, a risk corte): its
  /// `historial` holds 31 March as it stood, with the seed's PAI, and
  /// itself; the March outputs are not written again by the April run.
  func testElHistorialLlevaLosCortesAnterioresSinReescribirlos() throws {
    let r = try recepcion()
    defer { r.soltar() }
    let (marzo, salidasMarzo, antes) = try correrMarzo(r)

    // The risk monitorings again at 30 April (new bytes: a later drop).
    let abril = Fecha(iso: "2021-04-30")!
    for (carpeta, nombre) in [
      ("direccion-contratacion", "Riesgos_Contratacion_2021.xlsx"),
      ("oficina-tic", "Mapa de riesgos OTIC - monitoreo.xlsx"),
      ("subdireccion-financiera", "Monitoreo riesgos financiera.xlsx"),
    ] {
      let datos = try Data(
        contentsOf: Self.raiz.appendingPathComponent("inbox/\(carpeta)/\(nombre)"))
      try Soporte.conComentario(datos, "abril").write(
        to: inbox.appendingPathComponent("\(carpeta)/abril \(nombre)"))
    }
    let (listos, _) = try r.buzon.mirar()
    _ = try r.recibir(r.porRecibir(listos), corte: abril)
    let hechos = try r.consolidarPendientes()
    XCTAssertNil(hechos[corte], "marzo no se vuelve a escribir")
    let c = try XCTUnwrap(hechos[abril])
    XCTAssertEqual(try salidasMarzo.map(inodo), antes)

    let json = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: c.carpeta.appendingPathComponent("consolidado.json")))
        as? [String: Any])
    let historial = try XCTUnwrap(json["historial"] as? [[String: Any]])
    XCTAssertEqual(historial.map { $0["corte"] as? String }, ["2021-03-31", "2021-04-30"])
    let paiMarzo = (historial[0]["pai"] as? [String: Any])?["avance"] as? NSNumber
    XCTAssertEqual(
      paiMarzo.map { redondear($0.decimalValue, decimales: 3) }, Decimal(string: "1.012"))
    let riesgosAbril = (historial[1]["componentes"] as? [[String: Any]])?.first {
      $0["id"] as? String == "riesgos"
    }
    XCTAssertEqual(riesgosAbril?["medido"] as? Bool, true, "el 30 de abril es corte de riesgos")
    XCTAssertEqual(
      ((json["pai"] as? [String: Any])?["avance"] as? NSNumber)?.decimalValue,
      ((historial[1]["pai"] as? [String: Any])?["avance"] as? NSNumber)?.decimalValue,
      "la última entrada es el corte mismo")
    let coberturaMarzo = historial[0]["cobertura"] as? [String: Any]
    XCTAssertEqual(coberturaMarzo?["esperados"] as? Int, 19)
    XCTAssertEqual(
      c.cobertura?.esperadosPorComponente[.riesgos], 3, "en abril se esperan los riesgos")
    XCTAssertNil(
      c.cobertura?.esperadosPorComponente[.proyectos],
      "y solo los riesgos: abril no cierra trimestre")

    // The page shows the evolution once there are two cortes, and the
    // Evolución sheet has a row per corte.
    let pagina = try String(
      contentsOf: c.carpeta.appendingPathComponent("informe.html"), encoding: .utf8)
    XCTAssertTrue(pagina.contains("<section id=\"evolucion\">"))
    XCTAssertTrue(
      pagina.contains("<td>31 de marzo de 2021</td><td class=\"cifra num\">101,20 %</td>"), pagina)
    XCTAssertTrue(pagina.contains("<svg class=\"grafico evolucion\""))
    let paginaMarzo = try String(contentsOf: salidasMarzo[2], encoding: .utf8)
    XCTAssertFalse(
      paginaMarzo.contains("<section id=\"evolucion\">"), "un solo corte: nada que comparar")
    let hojasAbril = try Workbook(path: c.carpeta.appendingPathComponent("consolidado.xlsx").path)
      .sheets.map(\.name)
    XCTAssertTrue(hojasAbril.contains("Evolución"), "\(hojasAbril)")
    let hojasMarzo = try Workbook(path: salidasMarzo[1].path).sheets.map(\.name)
    XCTAssertFalse(hojasMarzo.contains("Evolución"), "\(hojasMarzo)")
    let evolucion = Evolucion.hoja(
      [
        CorteHistorial(medicion: marzo.medicion, cobertura: marzo.cobertura),
        CorteHistorial(medicion: c.medicion, cobertura: c.cobertura),
      ])
    XCTAssertEqual(evolucion.filas.count, 2)
    XCTAssertEqual(evolucion.encabezados.first, "Corte")
    XCTAssertEqual(c.cobertura?.completa, true, "los tres monitoreos llegaron")
  }
}

/// The pause between the inbox's two looks is filled with validation
/// (`Recepcion.mirar`, `Buzon.adelantar`); what a run records must not
/// depend on it.
final class ValidacionAdelantadaTests: XCTestCase {
  var carpeta: URL!
  let corte = Fecha(iso: "2021-03-31")!

  override func setUpWithError() throws {
    carpeta = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pai-adelanto-\(UUID().uuidString)")
    let fm = FileManager.default
    for nombre in ["con-pausa", "sin-pausa"] {
      let inbox = carpeta.appendingPathComponent(nombre + "/inbox")
      try fm.createDirectory(
        at: carpeta.appendingPathComponent(nombre), withIntermediateDirectories: true)
      try fm.copyItem(at: RecepcionTests.raiz.appendingPathComponent("inbox"), to: inbox)
      // The same arrival order in both copies (a copy's files carry the
      // time they were copied at).
      let rutas = try XCTUnwrap(fm.subpathsOfDirectory(atPath: inbox.path)).sorted()
      for (i, rel) in rutas.enumerated() where rel.hasSuffix(".xlsx") {
        try fm.setAttributes(
          [.modificationDate: Date(timeIntervalSince1970: 1_617_235_200 + Double(i) * 60)],
          ofItemAtPath: inbox.path + "/" + rel)
      }
    }
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: carpeta)
  }

  func recepcion(_ nombre: String, intervalo: TimeInterval) throws -> Recepcion {
    let raiz = carpeta.appendingPathComponent(nombre)
    var o = OpcionesRecepcion(
      inbox: raiz.appendingPathComponent("inbox").path,
      outbox: raiz.appendingPathComponent("outbox").path,
      esquemas: RecepcionTests.raiz.appendingPathComponent("schemas").path)
    o.corte = corte
    o.intervalo = intervalo
    return try Recepcion(
      opciones: o,
      esquemas: SchemaSet.cargar(desde: RecepcionTests.raiz.appendingPathComponent("schemas")))
  }

  /// Every file's reports and the corte's JSON, by path in the outbox.
  func salidas(_ nombre: String) throws -> [String: Data] {
    let outbox = carpeta.appendingPathComponent(nombre + "/outbox").path
    var out: [String: Data] = [:]
    for case let rel as String in FileManager.default.enumerator(atPath: outbox)!
    where rel.hasSuffix(".json") || rel.hasSuffix(".md") {
      out[rel] = try Data(contentsOf: URL(fileURLWithPath: outbox + "/" + rel))
    }
    return out
  }

  func testValidarEnLaPausaDaLoMismoQueSinPausa() throws {
    // Without a pause nothing is validated ahead.
    let sin = try recepcion("sin-pausa", intervalo: 0)
    defer { sin.soltar() }
    let (nuevosSin, _) = try sin.mirar()
    XCTAssertEqual(sin.buzon.validacionesAdelantadas, 0)
    _ = try sin.recibir(nuevosSin, corte: corte)
    _ = try sin.consolidarPendientes()

    // With a pause, as many as it had time for are validated ahead (some
    // at least: hashing 22 small files takes far less than two seconds),
    // and the reception takes them instead of validating again.
    let con = try recepcion("con-pausa", intervalo: 2)
    defer { con.soltar() }
    let (nuevosCon, _) = try con.mirar()
    XCTAssertEqual(nuevosCon.count, nuevosSin.count)
    XCTAssertGreaterThan(con.buzon.validacionesAdelantadas, 0)
    var recibos: [Recibo] = []
    _ = try con.recibir(nuevosCon, corte: corte, alRecibir: { _, _, r in recibos.append(r) })
    XCTAssertEqual(con.buzon.validacionesAdelantadas, 0, "taken by the reception")
    let r = try XCTUnwrap(con.consolidarPendientes()[corte])
    XCTAssertEqual(r.medicion.pai.map { redondear($0, decimales: 3) }, Decimal(string: "1.012"))
    XCTAssertEqual(recibos.count, 22)

    let (a, b) = (try salidas("sin-pausa"), try salidas("con-pausa"))
    XCTAssertEqual(a.count, 22 * 2 + 2, "two reports a file, consolidado.json and estado.json")
    XCTAssertEqual(Set(a.keys), Set(b.keys))
    for (rel, datos) in a where datos != b[rel] {
      // Where they part, for the failure message.
      let otro = b[rel] ?? Data()
      let i =
        zip(datos, otro).enumerated().first { $1.0 != $1.1 }?.offset ?? min(datos.count, otro.count)
      let trozo = { (d: Data) in
        String(decoding: d.dropFirst(max(0, i - 300)).prefix(400), as: UTF8.self)
      }
      XCTFail("\(rel) differs at byte \(i): «\(trozo(datos))» vs «\(trozo(otro))»")
    }
  }

  /// A validation made ahead belongs to the bytes it read: the same path
  /// with other bytes is validated again, and is recorded as what it is.
  func testUnaValidacionAdelantadaNoSirveParaOtrosBytes() throws {
    let r = try recepcion("con-pausa", intervalo: 0)
    defer { r.soltar() }
    let inbox = carpeta.appendingPathComponent("con-pausa/inbox")
    let proyecto = inbox.appendingPathComponent(
      "oficina-tic/Proyecto 7872 - seguimiento marzo.xlsx")
    let (nuevos, _) = try r.mirar()
    r.buzon.adelantar(nuevos, corte: corte, trabajadores: 2, seguir: { true })
    XCTAssertEqual(r.buzon.validacionesAdelantadas, nuevos.count)

    // The project workbook is replaced by a CSV under its name: rejected.
    try Data("codigo;nombre\n7872;x\n".utf8).write(to: proyecto)
    let (otra, _) = try r.mirar()
    var recibo: Recibo?
    _ = try r.recibir(
      otra, corte: corte,
      alRecibir: { _, a, rec in
        if a.ruta == proyecto.path { recibo = rec }
      })
    guard case .recibido(_, _, let informe)? = recibo else {
      return XCTFail("the replaced file is received: \(String(describing: recibo))")
    }
    XCTAssertFalse(informe.aceptado)
    XCTAssertNil(informe.contenido)
  }
}
