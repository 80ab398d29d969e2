import Foundation
import Plan
import Schema
import XCTest

@testable import Ledger

/// The inbox as a drop box, one behaviour a test, on copies of the example
/// workbooks.
final class BuzonTests: XCTestCase {
  var e: Apoyo.Escenario!

  override func setUpWithError() throws { e = try Apoyo.Escenario() }
  override func tearDown() { e?.limpiar() }

  var tic: URL { e.bandeja.appendingPathComponent("oficina-tic") }

  func testUnArchivoSeRegistraYSeMueveConSuCarpeta() throws {
    try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic)
    let (recibos, lote) = try e.pasada()
    XCTAssertEqual(recibos.count, 1)
    guard case .recibido(_, let remitente, let informe)? = recibos.first else {
      return XCTFail("\(recibos)")
    }
    XCTAssertEqual(remitente, "oficina-tic")
    XCTAssertTrue(informe.aceptado)
    XCTAssertEqual(lote.aceptados, 1)
    XCTAssertFalse(
      FileManager.default.fileExists(
        atPath: tic.appendingPathComponent("Indicadores TIC - marzo 2021.xlsx").path))
    let guardado = e.outbox.appendingPathComponent(
      "2021-03-31/recibidos/oficina-tic/Indicadores TIC - marzo 2021.xlsx")
    XCTAssertEqual(try Data(contentsOf: guardado), try Data(contentsOf: Apoyo.indicadoresTIC))
  }

  /// What the ledger gives back is what the validation gave: findings and
  /// the normalised rows, exactly (decimals never through Double).
  func testElLibroDevuelveLaValidacionTalCual() throws {
    let b = try e.buzon()
    var originales: [String: InformeArchivo] = [:]
    for (carpeta, nombre) in [
      ("consejeria-comunicaciones", "PAI 2021-T1 Proyecto 7867.xlsx"),
      ("oficina-tic", "Indicadores TIC - marzo 2021.xlsx"),
      ("oficina-tic", "Mapa de riesgos OTIC - monitoreo.xlsx"),
      ("oficina-tic", "Plan de accion integrado - OTIC - I trimestre.xlsx"),
    ] {
      let ruta = try Apoyo.dejar(
        Apoyo.ejemplo(carpeta, nombre), en: e.bandeja.appendingPathComponent(carpeta))
      originales[nombre] = validar(ruta: ruta.path, esquemas: e.esquemas, corte: Apoyo.corte)
    }
    // And one rejected, with findings that carry cells, values and a read error.
    try Data("%PDF-1.4 no es un libro".utf8).write(to: tic.appendingPathComponent("reporte.xlsx"))
    originales["reporte.xlsx"] = validar(
      ruta: tic.appendingPathComponent("reporte.xlsx").path, esquemas: e.esquemas,
      corte: Apoyo.corte)
    try e.pasada(b)
    let leidos = try LibroMayor(ruta: e.rutaLibro).envios(corte: Apoyo.corte)
    XCTAssertEqual(leidos.count, 5)
    for r in leidos {
      let o = try XCTUnwrap(originales[r.envio.archivo])
      let i = r.envio.informe
      XCTAssertEqual(i.hallazgos, o.hallazgos, r.envio.archivo)
      XCTAssertEqual(i.plantilla, o.plantilla)
      XCTAssertEqual(i.componente, o.componente)
      XCTAssertEqual(i.dependencia, o.dependencia)
      XCTAssertEqual(i.corte, o.corte)
      XCTAssertEqual(i.identidades.map(\.clave), o.identidades.map(\.clave))
      XCTAssertEqual(i.identidades.map(\.ubicacion), o.identidades.map(\.ubicacion))
      switch (i.contenido, o.contenido) {
      case (.proyecto(let a)?, .proyecto(let b)?): XCTAssertEqual(a, b)
      case (.indicadores(let a)?, .indicadores(let b)?): XCTAssertEqual(a, b)
      case (.actividades(let a)?, .actividades(let b)?): XCTAssertEqual(a, b)
      case (.riesgos(let a)?, .riesgos(let b)?): XCTAssertEqual(a, b)
      case (nil, nil): XCTAssertFalse(i.aceptado)
      default: XCTFail("contenido distinto en \(r.envio.archivo)")
      }
    }
  }

  /// A finding code this build does not know (a newer `pai` wrote it) is
  /// not dropped nor guessed: reading the corte fails, naming the code.
  func testUnCodigoDesconocidoEnElLibroEsUnError() throws {
    let b = try e.buzon()
    try FileManager.default.createDirectory(at: tic, withIntermediateDirectories: true)
    try Data("%PDF-1.4 no es un libro".utf8).write(to: tic.appendingPathComponent("reporte.xlsx"))
    try e.pasada(b)
    let libro = try LibroMayor(ruta: e.rutaLibro)
    XCTAssertEqual(
      try libro.envios(corte: Apoyo.corte).first?.envio.informe.hallazgos.map(\.codigo),
      [.formatoNoXlsx])
    try libro.db.write { db in
      try db.execute(sql: "UPDATE hallazgo SET codigo = 'codigo-del-futuro'")
    }
    XCTAssertThrowsError(try libro.envios(corte: Apoyo.corte)) { error in
      XCTAssertEqual(
        error as? ErrorLibro, .codigoDesconocido(ruta: e.rutaLibro, codigo: "codigo-del-futuro"))
    }
  }

  /// The same bytes dropped again for the same corte — in the same run or
  /// a later one, by the same office or another — are a duplicate:
  /// recorded, kept, counted once.
  func testElMismoArchivoDosVecesEsDuplicado() throws {
    try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic)
    try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic, nombre: "copia.xlsx")
    let (r1, lote1) = try e.pasada()
    XCTAssertEqual(lote1.envios.count, 1)
    XCTAssertEqual(
      r1.filter { if case .duplicado = $0 { return true } else { return false } }.count, 1)

    // A later run, a new connection: the ledger remembers the checksum.
    try Apoyo.dejar(
      Apoyo.indicadoresTIC, en: e.bandeja.appendingPathComponent("otra-oficina"),
      nombre: "reenvio.xlsx")
    let (r2, lote2) = try e.pasada()
    guard case .duplicado(_, let remitente, let igualA)? = r2.first else { return XCTFail("\(r2)") }
    XCTAssertEqual(remitente, "otra-oficina")
    XCTAssertEqual(igualA, "Indicadores TIC - marzo 2021.xlsx")
    XCTAssertEqual(lote2.envios.count, 1, "no se cuenta dos veces")
    let libro = try LibroMayor(ruta: e.rutaLibro)
    XCTAssertEqual(
      try libro.duplicados(corte: Apoyo.corte).map(\.nombre), ["copia.xlsx", "reenvio.xlsx"])
    let dup = e.outbox.appendingPathComponent("2021-03-31/duplicados/otra-oficina/reenvio.xlsx")
    XCTAssertTrue(FileManager.default.fileExists(atPath: dup.path), "se guarda, no se borra")
  }

  /// Identical bytes are a duplicate only within one corte: the workbook
  /// accepted for 31 March (the risk monitoring), sent again for 30 June
  /// (it declares no corte, so it is June's), is received and counted for June; the same bytes
  /// twice within June are still a duplicate, of June's drop.
  func testElMismoArchivoEnOtroCorteSeRecibeYDentroDelCorteEsDuplicado() throws {
    let junio = Fecha(iso: "2021-06-30")!
    try Apoyo.dejar(Apoyo.riesgosTIC, en: tic)
    let (_, marzo) = try e.pasada()
    XCTAssertEqual(marzo.aceptados, 1)

    try Apoyo.dejar(Apoyo.riesgosTIC, en: tic)
    let (r1, lote1) = try e.pasada(corte: junio)
    guard case .recibido(_, _, let informe)? = r1.first else {
      return XCTFail("no se recibió para junio: \(r1)")
    }
    XCTAssertTrue(informe.aceptado)
    XCTAssertEqual(lote1.aceptados, 1, "cuenta para junio")
    let libro = try LibroMayor(ruta: e.rutaLibro)
    XCTAssertEqual(try libro.duplicados(corte: junio).count, 0)
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: e.outbox.appendingPathComponent(
          "2021-06-30/recibidos/oficina-tic/Mapa de riesgos OTIC - monitoreo.xlsx"
        ).path))

    try Apoyo.dejar(Apoyo.riesgosTIC, en: tic, nombre: "otra vez.xlsx")
    let (r2, lote2) = try e.pasada(corte: junio)
    guard case .duplicado(_, _, let igualA)? = r2.first else {
      return XCTFail("dentro del corte es duplicado: \(r2)")
    }
    XCTAssertEqual(igualA, "Mapa de riesgos OTIC - monitoreo.xlsx")
    XCTAssertEqual(lote2.envios.count, 1, "no se cuenta dos veces en junio")
    XCTAssertEqual(try libro.duplicados(corte: junio).map(\.igualACorte), ["2021-06-30"])
    XCTAssertEqual(try libro.envios(corte: Apoyo.corte).count, 1, "marzo sigue con su envío")
    XCTAssertEqual(try libro.duplicados(corte: Apoyo.corte).count, 0)
  }

  /// A later corrected workbook from the same office replaces the earlier
  /// one in the figures; the earlier stays in the ledger with the history.
  func testUnaCorreccionReemplazaYLaHistoriaQueda() throws {
    let carpeta = e.bandeja.appendingPathComponent("consejeria-comunicaciones")
    try Apoyo.dejar(Apoyo.proyecto7867, en: carpeta)
    let (_, lote1) = try e.pasada()
    XCTAssertEqual(proyecto(lote1)?.presupuesto.reduce(0) { $0 + $1.compromisos }, 9_261_217_180)

    // The office corrects its commitments and sends the book again, same name.
    let corregido = try Apoyo.dejar(
      Apoyo.proyecto7867, en: carpeta, fecha: Apoyo.fechaBase + 86_400)
    try Apoyo.reemplazar(
      en: corregido, parte: "xl/worksheets/sheet3.xml", "<v>8521337180</v>",
      por: "<v>9521337180</v>")
    try FileManager.default.setAttributes(
      [.modificationDate: Apoyo.fechaBase + 86_400], ofItemAtPath: corregido.path)
    let (_, lote2) = try e.pasada()
    XCTAssertEqual(lote2.envios.count, 2)
    XCTAssertEqual(Set(lote2.reemplazadoPor.keys), [0])
    XCTAssertEqual(proyecto(lote2)?.presupuesto.reduce(0) { $0 + $1.compromisos }, 10_261_217_180)
    let libro = try LibroMayor(ruta: e.rutaLibro)
    let historia = try libro.reemplazos(corte: Apoyo.corte)
    XCTAssertEqual(historia.count, 1)
    XCTAssertEqual(historia.first?.anterior, "PAI 2021-T1 Proyecto 7867.xlsx")
    // Both kept: the second under a suffixed name, nothing overwritten.
    let recibidos = e.outbox.appendingPathComponent(
      "2021-03-31/recibidos/consejeria-comunicaciones")
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: recibidos.path).sorted(),
      ["PAI 2021-T1 Proyecto 7867 (2).xlsx", "PAI 2021-T1 Proyecto 7867.xlsx"])
  }

  func proyecto(_ lote: Lote) -> Proyecto? { lote.plan.proyectos.first { $0.codigo == "7867" } }

  /// Two different files with one name from one office: the second gets a
  /// suffix, neither is overwritten.
  func testColisionDeNombres() throws {
    let datos = try Data(contentsOf: Apoyo.indicadoresTIC)
    try FileManager.default.createDirectory(at: tic, withIntermediateDirectories: true)
    try Apoyo.conComentario(datos, "v1").write(to: tic.appendingPathComponent("indicadores.xlsx"))
    try e.pasada()
    try Apoyo.conComentario(datos, "v2").write(to: tic.appendingPathComponent("indicadores.xlsx"))
    try e.pasada()
    try Apoyo.conComentario(datos, "v3").write(to: tic.appendingPathComponent("indicadores.xlsx"))
    // A file already sitting under the next free name is not overwritten either.
    let destino = e.outbox.appendingPathComponent("2021-03-31/recibidos/oficina-tic")
    try Data("ajeno".utf8).write(to: destino.appendingPathComponent("indicadores (3).xlsx"))
    try e.pasada()
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: destino.path).sorted(),
      ["indicadores (2).xlsx", "indicadores (3).xlsx", "indicadores (4).xlsx", "indicadores.xlsx"])
    XCTAssertEqual(
      try String(
        contentsOf: destino.appendingPathComponent("indicadores (3).xlsx"), encoding: .utf8),
      "ajeno")
    XCTAssertEqual(
      try Data(contentsOf: destino.appendingPathComponent("indicadores (4).xlsx")),
      Apoyo.conComentario(datos, "v3"))
  }

  /// Office lock files and temporary names never become submissions.
  func testArchivosDeBloqueoNoSonEnvios() throws {
    try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic)
    try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic, nombre: "~$Indicadores TIC - marzo 2021.xlsx")
    try Data("pai\n".utf8).write(
      to: tic.appendingPathComponent(".~lock.Indicadores TIC - marzo 2021.xlsx#"))
    try Apoyo.dejar(Apoyo.riesgosTIC, en: tic, nombre: "riesgos.xlsx.crdownload")
    let (recibos, lote) = try e.pasada()
    XCTAssertEqual(recibos.count, 1)
    XCTAssertEqual(lote.envios.map(\.archivo), ["Indicadores TIC - marzo 2021.xlsx"])
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: tic.path).sorted(),
      [
        ".~lock.Indicadores TIC - marzo 2021.xlsx#", "riesgos.xlsx.crdownload",
        "~$Indicadores TIC - marzo 2021.xlsx",
      ])
  }

  /// A file that appears after the run looked at the inbox is not touched
  /// by that run, and the next run takes it.
  func testUnArchivoQueLlegaDuranteLaEjecucion() throws {
    let b = try e.buzon()
    try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic)
    let (listos, _) = try b.mirar(esperar: { _ in })
    let tarde = try Apoyo.dejar(Apoyo.riesgosTIC, en: tic)
    for a in listos { _ = try b.recibir(a, corte: Apoyo.corte) }
    try b.asentar()
    XCTAssertTrue(FileManager.default.fileExists(atPath: tarde.path))
    XCTAssertEqual(try b.libro.envios(corte: Apoyo.corte).count, 1)
    let (recibos, lote) = try e.pasada()
    XCTAssertEqual(recibos.count, 1)
    XCTAssertEqual(lote.envios.count, 2)
    XCTAssertFalse(FileManager.default.fileExists(atPath: tarde.path))
  }

  /// A file rewritten between the look and its reading is left, not
  /// recorded with bytes that are no longer there.
  func testUnArchivoQueCambiaAlLeerloSeDeja() throws {
    let b = try e.buzon()
    let ruta = try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic)
    let (listos, _) = try b.mirar(esperar: { _ in })
    try Apoyo.dejar(Apoyo.riesgosTIC, en: tic, nombre: ruta.lastPathComponent, fecha: Date())
    guard case .cambio = try b.recibir(listos[0], corte: Apoyo.corte) else { return XCTFail() }
    XCTAssertTrue(try b.libro.envios(corte: Apoyo.corte).isEmpty)
    XCTAssertTrue(FileManager.default.fileExists(atPath: ruta.path))
  }

  /// A zip still being copied is left for the next pass, not rejected.
  func testUnLibroIncompletoSeDejaParaLaProximaPasada() throws {
    let datos = try Data(contentsOf: Apoyo.indicadoresTIC)
    try FileManager.default.createDirectory(at: tic, withIntermediateDirectories: true)
    let ruta = tic.appendingPathComponent("llegando.xlsx")
    try datos.prefix(3000).write(to: ruta)
    let (recibos, _) = try e.pasada()
    XCTAssertTrue(recibos.isEmpty)
    XCTAssertTrue(FileManager.default.fileExists(atPath: ruta.path))
    // The copy completes; the next pass takes it, accepted.
    try datos.write(to: ruta)
    let (r2, lote) = try e.pasada()
    XCTAssertEqual(r2.count, 1)
    XCTAssertEqual(lote.aceptados, 1)
  }

  /// `--conservar`: copied, left in place, and not received twice.
  func testConservarCopiaYNoRepite() throws {
    e.conservar = true
    let ruta = try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic)
    let (r1, _) = try e.pasada()
    XCTAssertEqual(r1.count, 1)
    XCTAssertTrue(FileManager.default.fileExists(atPath: ruta.path))
    let (r2, lote) = try e.pasada()
    XCTAssertTrue(r2.isEmpty)
    XCTAssertEqual(lote.envios.count, 1)
    XCTAssertTrue(try LibroMayor(ruta: e.rutaLibro).duplicados(corte: Apoyo.corte).isEmpty)
  }

  /// Killed after the ledger recorded a file and before it was moved: the
  /// next run makes the move and does not take the file for a duplicate.
  func testUnTrasladoRegistradoSeCompletaDespues() throws {
    let b = try e.buzon()
    let ruta = try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic)
    let (listos, _) = try b.mirar(esperar: { _ in })
    _ = try b.recibir(listos[0], corte: Apoyo.corte)
    try b.asentar()
    // Undo the move and mark it pending again, as if killed in between.
    let libro = b.libro
    let envio = try XCTUnwrap(try libro.envios(corte: Apoyo.corte).first)
    let guardado = try XCTUnwrap(envio.guardado)
    try FileManager.default.moveItem(atPath: b.absoluta(guardado), toPath: ruta.path)
    try libro.db.write { db in
      try db.execute(sql: "UPDATE envio SET pendiente = guardado, guardado = NULL")
    }
    let (recibos, lote) = try e.pasada()
    XCTAssertTrue(recibos.isEmpty, "no es un duplicado: \(recibos)")
    XCTAssertEqual(lote.envios.count, 1)
    XCTAssertFalse(FileManager.default.fileExists(atPath: ruta.path))
    XCTAssertTrue(FileManager.default.fileExists(atPath: b.absoluta(guardado)))
  }

  /// Temporary files a killed run left in the outbox (a report half
  /// written, a workbook writer's scratch folder) are cleared by the next.
  func testLosTemporalesDeUnaEjecucionMuertaSeBorran() throws {
    try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic)
    try e.pasada()
    let carpeta = e.outbox.appendingPathComponent("2021-03-31/recibidos/oficina-tic")
    let medio = carpeta.appendingPathComponent(
      ".Indicadores TIC - marzo 2021.xlsx.informe.md.tmp-4194000")
    try Data("a medias".utf8).write(to: medio)
    let borrador = e.outbox.appendingPathComponent("2021-03-31/.consolidado.xlsx.3f9a.tmp")
    try FileManager.default.createDirectory(at: borrador, withIntermediateDirectories: true)
    try Data("PK".utf8).write(to: borrador.appendingPathComponent("libro.xlsx"))
    let r = try e.buzon().recuperar()
    XCTAssertEqual(r.temporalesBorrados, 2)
    XCTAssertFalse(FileManager.default.fileExists(atPath: medio.path))
    XCTAssertFalse(FileManager.default.fileExists(atPath: borrador.path))
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: carpeta.appendingPathComponent("Indicadores TIC - marzo 2021.xlsx").path))
  }

  /// The same code from another office is an error on the later file
  /// (PLAN): its folder follows, from `recibidos/` to `rechazados/`.
  func testUnConflictoEntreOficinasMueveAlRechazado() throws {
    let datos = try Data(contentsOf: Apoyo.indicadoresTIC)
    try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic)
    let otra = e.bandeja.appendingPathComponent("otra-oficina")
    try FileManager.default.createDirectory(at: otra, withIntermediateDirectories: true)
    let tarde = otra.appendingPathComponent("indicadores.xlsx")
    try Apoyo.conComentario(datos, "otra").write(to: tarde)
    try FileManager.default.setAttributes(
      [.modificationDate: Apoyo.fechaBase + 60], ofItemAtPath: tarde.path)
    let (_, lote) = try e.pasada()
    XCTAssertEqual(lote.aceptados, 1)
    XCTAssertEqual(lote.rechazados, 1)
    let rechazado = try XCTUnwrap(lote.envios.first { !$0.informe.aceptado })
    XCTAssertEqual(rechazado.informe.hallazgos.last?.codigo, .codigoDuplicado)
    let base = e.outbox.appendingPathComponent("2021-03-31")
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: base.appendingPathComponent("rechazados/otra-oficina/indicadores.xlsx").path))
    XCTAssertFalse(
      FileManager.default.fileExists(
        atPath: base.appendingPathComponent("recibidos/otra-oficina").path + "/indicadores.xlsx"))
    // The ledger says so too, and the finding is kept.
    let libro = try LibroMayor(ruta: e.rutaLibro)
    let r = try XCTUnwrap(
      try libro.envios(corte: Apoyo.corte).first { $0.envio.archivo == "indicadores.xlsx" })
    XCTAssertEqual(r.estado, .rechazado)
    XCTAssertEqual(Set(r.hallazgosLote.map(\.codigo)), [.codigoDuplicado])
    XCTAssertEqual(r.hallazgosLote.count, 7, "uno por indicador repetido")
  }
}
