import Foundation
import Ledger
import PAITestSupport
import Plan
import XCTest
import XLSX

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 5 end to end: the inbox as a drop box, run by the built `pai` the
/// way the planning office runs it, on copies of the example inbox.
final class BuzonTests: XCTestCase {
  var trabajo: URL!
  var inbox: URL { trabajo.appendingPathComponent("inbox") }
  var outbox: URL { trabajo.appendingPathComponent("outbox") }
  var esquemas: String { Pai.raiz.appendingPathComponent("schemas").path }

  override func setUpWithError() throws { trabajo = try Pai.temporal() }
  override func tearDown() { try? FileManager.default.removeItem(at: trabajo) }

  func procesar(_ extra: [String] = [], inbox: URL? = nil, outbox: URL? = nil) throws
    -> Pai.Resultado
  {
    try Pai.correr(
      [
        "procesar", "--inbox", (inbox ?? self.inbox).path, "--outbox", (outbox ?? self.outbox).path,
        "--esquemas",
        esquemas, "--intervalo", "0.05",
      ] + extra)
  }

  /// Run twice on the same inbox: the second run finds nothing new and
  /// leaves the outbox exactly as it was; the example inbox is not touched
  /// with `--conservar`.
  func testProcesarDosVecesDaLoMismo() throws {
    let ejemplo = Pai.raiz.appendingPathComponent("inbox")
    let antes = try Arbol(ejemplo)
    let r1 = try procesar(["--conservar"], inbox: ejemplo)
    XCTAssertEqual(r1.estado, 0, r1.errores)
    XCTAssertTrue(r1.errores.contains("[22/22]"))
    let primera = try Arbol(outbox, excepto: Arbol.libro)
    let r2 = try procesar(["--conservar"], inbox: ejemplo)
    XCTAssertEqual(r2.estado, 0, r2.errores)
    XCTAssertFalse(r2.errores.contains("[1/"), "nada nuevo: \(r2.errores)")
    XCTAssertTrue(r2.salida.contains("Avance del PAI: 101,20 %"))
    XCTAssertEqual(try Arbol(outbox, excepto: Arbol.libro), primera)
    XCTAssertEqual(try Arbol(ejemplo), antes, "la bandeja de ejemplo queda intacta")
    XCTAssertEqual(primera.rutas.filter { $0.hasSuffix(".xlsx.informe.md") }.count, 22)
  }

  /// The drop box proper: files leave the inbox, each beside its report;
  /// a later drop of the same bytes is a duplicate; a corrected file from
  /// the same office replaces; lock files stay where they are.
  func testBandejaComoBuzon() throws {
    try FileManager.default.copyItem(at: Pai.raiz.appendingPathComponent("inbox"), to: inbox)
    let tic = inbox.appendingPathComponent("oficina-tic")
    try Data("pai".utf8).write(
      to: tic.appendingPathComponent("~$Indicadores TIC - marzo 2021.xlsx"))
    let r1 = try procesar()
    XCTAssertEqual(r1.estado, 0, r1.errores)
    XCTAssertEqual(try Arbol(inbox).rutas, ["oficina-tic/~$Indicadores TIC - marzo 2021.xlsx"])
    let guardado = outbox.appendingPathComponent(
      "2021-03-31/recibidos/oficina-tic/Indicadores TIC - marzo 2021.xlsx")
    XCTAssertTrue(FileManager.default.fileExists(atPath: guardado.path))
    XCTAssertTrue(FileManager.default.fileExists(atPath: guardado.path + ".informe.md"))
    XCTAssertTrue(FileManager.default.fileExists(atPath: guardado.path + ".informe.json"))

    // The same bytes again, and a correction of project 7872 (new bytes,
    // later time) from the same office.
    try FileManager.default.copyItem(at: guardado, to: tic.appendingPathComponent("otra vez.xlsx"))
    let original = outbox.appendingPathComponent(
      "2021-03-31/recibidos/oficina-tic/Proyecto 7872 - seguimiento marzo.xlsx")
    let correccion = tic.appendingPathComponent("Proyecto 7872 - seguimiento marzo.xlsx")
    try Soporte.conComentario(Data(contentsOf: original), "corregido").write(to: correccion)
    let r2 = try procesar()
    XCTAssertEqual(r2.estado, 0, r2.errores)
    XCTAssertTrue(
      r2.errores.contains("duplicado de «Indicadores TIC - marzo 2021.xlsx»"), r2.errores)
    let c = try consolidado()
    let envios = try XCTUnwrap(c["envios"] as? [String: Any])
    XCTAssertEqual(envios["recibidos"] as? Int, 23)
    XCTAssertEqual(envios["aceptados"] as? Int, 23)
    XCTAssertEqual(envios["reemplazados"] as? Int, 1)
    XCTAssertEqual(envios["duplicados"] as? Int, 1)
    XCTAssertEqual(redondeo((c["pai"] as? [String: Any])?["avance"], 3), "1.012", "mismas cifras")
    let carpeta = outbox.appendingPathComponent("2021-03-31")
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: carpeta.appendingPathComponent("duplicados/oficina-tic/otra vez.xlsx").path))
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: carpeta.appendingPathComponent(
          "recibidos/oficina-tic/Proyecto 7872 - seguimiento marzo (2).xlsx"
        ).path))
    let informe = try String(
      contentsOf: original.appendingPathExtension("informe.md"), encoding: .utf8)
    // The replaced file names its correction, and the correction the file
    // it replaces: never the other way round.
    XCTAssertTrue(
      informe.contains("reemplazado por una corrección posterior con el mismo nombre"), informe)
    let informeCorreccion = try String(
      contentsOf: carpeta.appendingPathComponent(
        "recibidos/oficina-tic/Proyecto 7872 - seguimiento marzo (2).xlsx.informe.md"),
      encoding: .utf8)
    XCTAssertTrue(
      informeCorreccion.contains("corrección (reemplaza a un envío anterior con el mismo nombre)"),
      informeCorreccion)
    XCTAssertFalse(informeCorreccion.contains("reemplazado por"), informeCorreccion)
  }

  /// One run at a time: while `pai vigilar` holds the outbox, `pai
  /// procesar` says so in Spanish and exits 75; vigilar takes a file
  /// dropped while it watches, and stops cleanly on SIGTERM.
  func testVigilarYElCandado() throws {
    try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    let vigilante = Proceso(
      Pai.binario,
      [
        "vigilar", "--inbox", inbox.path, "--outbox", outbox.path, "--esquemas", esquemas,
        "--corte", "2021-03-31",
        "--cada", "0.2",
      ])
    try vigilante.iniciar()
    defer { vigilante.matar(SIGKILL) }
    XCTAssertTrue(vigilante.esperar(hasta: { $0.contains("Vigilando") }), vigilante.errores)

    let r = try procesar(["--corte", "2021-03-31"])
    XCTAssertEqual(r.estado, 75, r.errores)
    XCTAssertTrue(r.errores.contains("Otra ejecución de pai (proceso \(vigilante.pid))"), r.errores)

    let tic = inbox.appendingPathComponent("oficina-tic")
    try FileManager.default.createDirectory(at: tic, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: Pai.raiz.appendingPathComponent("inbox/oficina-tic/Indicadores TIC - marzo 2021.xlsx"),
      to: tic.appendingPathComponent("Indicadores TIC - marzo 2021.xlsx"))
    XCTAssertTrue(vigilante.esperar(hasta: { $0.contains("1 aceptados") }), vigilante.errores)
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: outbox.appendingPathComponent(
          "2021-03-31/recibidos/oficina-tic/Indicadores TIC - marzo 2021.xlsx"
        ).path))

    vigilante.matar(SIGTERM)
    XCTAssertEqual(vigilante.esperarFin(), 0, vigilante.errores)
    XCTAssertTrue(vigilante.errores.contains("Detenido"), vigilante.errores)
    // Free again; one file of the catalogue's nineteen makes an incomplete
    // corte (exit 2), not a failure.
    XCTAssertEqual(try procesar(["--corte", "2021-03-31"]).estado, 2)
  }

  /// `pai estado`: what arrived, and what the catalogue still expects.
  func testEstadoDiceLoQueFalta() throws {
    try FileManager.default.copyItem(at: Pai.raiz.appendingPathComponent("inbox"), to: inbox)
    try FileManager.default.removeItem(at: inbox.appendingPathComponent("consejeria-paz-victimas"))
    try FileManager.default.removeItem(
      at: inbox.appendingPathComponent("direccion-contratacion/Riesgos_Contratacion_2021.xlsx"))
    let p = try procesar()
    XCTAssertEqual(p.estado, 2, "nada rechazado, pero falta un reporte esperado: \(p.errores)")
    XCTAssertTrue(p.salida.contains("CORTE INCOMPLETO"), p.salida)
    let r = try Pai.correr(["estado", "--outbox", outbox.path, "--esquemas", esquemas])
    XCTAssertEqual(r.estado, 0, r.errores)
    // Risks are not measured at 31 March: the missing risk report is no
    // pending item there.
    XCTAssertTrue(r.salida.contains("20 archivo(s) recibido(s); 1 envío(s) pendiente(s)"), r.salida)
    XCTAssertTrue(r.salida.contains("proyecto 7871"), r.salida)
    XCTAssertFalse(r.salida.contains("monitoreo de riesgos del proceso Contratación"), r.salida)
    XCTAssertTrue(r.salida.contains("Cifras parciales: falta 1 de 19 reportes esperados"), r.salida)
    let estado =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: outbox.appendingPathComponent("2021-03-31/estado.json")))
      as? [String: Any]
    XCTAssertEqual((estado?["pendientes"] as? [Any])?.count, 1)
    let cobertura = estado?["cobertura"] as? [String: Any]
    XCTAssertEqual(cobertura?["esperados"] as? Int, 19)
    XCTAssertEqual(cobertura?["aceptados"] as? Int, 18)
    // The same list is the `Pendientes` sheet of the workbook.
    let libro = try Workbook(
      path: outbox.appendingPathComponent("2021-03-31/consolidado.xlsx").path)
    let hoja = try XCTUnwrap(libro.sheets.first { $0.name == "Pendientes" })
    let filas = try Arbol.filas(libro, hoja)
    XCTAssertEqual(filas.count, 2, "encabezado y un pendiente: \(filas)")
  }

  /// A ledger row edited by hand (a project's payments removed): `pai
  /// estado` and `pai procesar` refuse to compute with it, say in Spanish
  /// which table and row, and exit 74; nothing is written.
  func testUnaFilaDelLibroIncompletaSeNombraYNoSeCalcula() throws {
    try FileManager.default.copyItem(at: Pai.raiz.appendingPathComponent("inbox"), to: inbox)
    XCTAssertEqual(try procesar().estado, 0)
    let libro = outbox.appendingPathComponent("pai.sqlite").path
    let sqlite = Process()
    sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    sqlite.arguments = [
      "sqlite3", libro,
      "UPDATE filaAceptada SET datos = json_remove(datos, '$.presupuesto[0].giros') "
        + "WHERE id = (SELECT min(id) FROM filaAceptada WHERE tipo = 'proyecto'); "
        + "SELECT min(id) FROM filaAceptada WHERE tipo = 'proyecto';",
    ]
    let tubo = Pipe()
    sqlite.standardOutput = tubo
    try sqlite.run()
    sqlite.waitUntilExit()
    XCTAssertEqual(sqlite.terminationStatus, 0)
    let id = String(decoding: tubo.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try FileManager.default.removeItem(
      at: outbox.appendingPathComponent("2021-03-31/consolidado.json"))
    for argumentos in [
      ["estado", "--outbox", outbox.path, "--esquemas", esquemas],
      ["procesar", "--inbox", inbox.path, "--outbox", outbox.path, "--esquemas", esquemas],
    ] {
      let r = try Pai.correr(argumentos)
      XCTAssertEqual(r.estado, 74, r.errores)
      XCTAssertTrue(
        r.errores.contains(
          "tabla «filaAceptada», fila \(id)): falta el campo «presupuesto[0].giros»"),
        r.errores)
      XCTAssertTrue(r.errores.contains("pai no calcula cifras con datos incompletos"), r.errores)
    }
    XCTAssertFalse(
      FileManager.default.fileExists(
        atPath: outbox.appendingPathComponent("2021-03-31/consolidado.json").path))
  }

  // MARK: - SIGKILL at every named point

  /// 200 workbooks; `pai procesar` killed with SIGKILL at each named point
  /// between its writes (`PuntoDeParada`), deterministically, and run again
  /// until it finishes; the ledger and the outbox equal those of one
  /// uninterrupted run.
  func testMatarYReanudarDaLoMismoQueSinInterrupcion() throws {
    let inicio = Date()
    let a = trabajo.appendingPathComponent("a")
    let b = trabajo.appendingPathComponent("b")
    let total = try Lote200.generar(en: a.appendingPathComponent("inbox"))
    XCTAssertEqual(try Lote200.generar(en: b.appendingPathComponent("inbox")), total)
    XCTAssertEqual(total, 200)
    let todos = try Arbol(a.appendingPathComponent("inbox"))

    let referencia = try procesar(
      ["--corte", "2021-03-31", "--silencioso"], inbox: a.appendingPathComponent("inbox"),
      outbox: a.appendingPathComponent("outbox"))
    XCTAssertEqual(referencia.estado, 1, "hay rechazos: \(referencia.errores.suffix(500))")

    // Kill: after the first file is recorded, at the 15th, after the 60th
    // move of the next run, then at each step of the corte's rebuilding
    // that the next runs redo: an output half-written under its temporary
    // name, the resolution recorded, the reports, the workbook, the page,
    // the JSON before the corte is marked done.
    let puntos: [(PuntoDeParada, Int)] = [
      (.registrado, 1), (.registrado, 15), (.trasladado, 60), (.temporalEscrito, 3), (.resuelto, 1),
      (.informes, 1), (.consolidadoXLSX, 1), (.informeHTML, 1), (.consolidadoJSON, 1),
    ]
    XCTAssertEqual(
      Set(puntos.map(\.0)), Set(PuntoDeParada.allCases), "cada punto, al menos una vez")
    for (punto, vez) in puntos {
      let p = Proceso(
        Pai.binario,
        [
          "procesar", "--inbox", b.appendingPathComponent("inbox").path, "--outbox",
          b.appendingPathComponent("outbox").path, "--esquemas", esquemas, "--corte", "2021-03-31",
          "--intervalo",
          "0.05",
        ], entorno: ["PAI_PARAR_EN": "\(punto.rawValue):\(vez)"])
      try p.iniciar()
      let estado = p.esperarFin()
      let a = p.avance
      XCTAssertEqual(
        p.p.terminationReason == .uncaughtSignal ? p.p.terminationStatus : -1, SIGKILL,
        "no murió en \(punto.rawValue):\(vez) (salida \(estado)): \(p.errores.suffix(400))")
      print(
        "SIGKILL en \(punto.rawValue):\(vez): \(a.lineas)/\(a.total.map(String.init) ?? "?") archivos"
      )
    }
    let final = try procesar(
      ["--corte", "2021-03-31", "--silencioso"], inbox: b.appendingPathComponent("inbox"),
      outbox: b.appendingPathComponent("outbox"))
    XCTAssertEqual(final.estado, 1, final.errores)

    // Ledger: the same content (no ids, no clock times).
    let libroA = try LibroMayor.existente(ruta: a.appendingPathComponent("outbox/pai.sqlite").path)
    let libroB = try LibroMayor.existente(ruta: b.appendingPathComponent("outbox/pai.sqlite").path)
    let volcadoA = try libroA.volcado(bandeja: a.appendingPathComponent("inbox").path)
    let volcadoB = try libroB.volcado(bandeja: b.appendingPathComponent("inbox").path)
    XCTAssertEqual(volcadoA.split(separator: "\n").count, volcadoB.split(separator: "\n").count)
    XCTAssertEqual(volcadoA, volcadoB, diferencia(volcadoA, volcadoB))
    XCTAssertTrue(volcadoA.contains("pendiente=false"))

    // Outbox: the same files with the same bytes; the workbook (which
    // carries its creation time) with the same cells.
    let outA = try Arbol(
      a.appendingPathComponent("outbox"), excepto: Arbol.libro + ["consolidado.xlsx"])
    let outB = try Arbol(
      b.appendingPathComponent("outbox"), excepto: Arbol.libro + ["consolidado.xlsx"])
    XCTAssertEqual(
      outA.rutas, outB.rutas,
      diferencia(outA.rutas.joined(separator: "\n"), outB.rutas.joined(separator: "\n")))
    XCTAssertEqual(outA, outB)
    XCTAssertEqual(
      try Arbol.celdas(a.appendingPathComponent("outbox/2021-03-31/consolidado.xlsx")),
      try Arbol.celdas(b.appendingPathComponent("outbox/2021-03-31/consolidado.xlsx")))

    // Nothing lost: every file dropped is in the outbox, byte for byte;
    // only the lock file stays in the inbox.
    let guardados = Set(outB.contenido.values)
    for (ruta, datos) in todos.contenido where !ruta.contains("~$") {
      XCTAssertTrue(guardados.contains(datos), "falta \(ruta)")
    }
    XCTAssertEqual(try Arbol(b.appendingPathComponent("inbox")).rutas, ["reenvios/~$bloqueo.xlsx"])
    let c =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: b.appendingPathComponent("outbox/2021-03-31/consolidado.json")))
      as? [String: Any]
    let envios = try XCTUnwrap(c?["envios"] as? [String: Any])
    XCTAssertEqual(envios["recibidos"] as? Int, 180)
    XCTAssertEqual(envios["duplicados"] as? Int, 20)
    XCTAssertEqual(envios["reemplazados"] as? Int, 88)
    XCTAssertEqual(envios["rechazados"] as? Int, 70)
    XCTAssertLessThan(
      Date().timeIntervalSince(inicio), 60, "la prueba debe durar menos de un minuto")
  }

  /// Files are validated on several threads (issue 13): the 200-workbook
  /// inbox (corrections, duplicates within the batch, rejections, files
  /// that are no workbook) processed with four workers gives what one
  /// worker gives: the same progress lines in the same order, the same
  /// ledger rows recorded in the same order, the same outbox.
  func testParaleloDaLoMismoQueEnSerie() throws {
    func correr(_ carpeta: URL, trabajadores: Int) throws -> (avance: [Substring], envios: [String])
    {
      XCTAssertEqual(try Lote200.generar(en: carpeta.appendingPathComponent("inbox")), 200)
      let p = Proceso(
        Pai.binario,
        [
          "procesar", "--inbox", carpeta.appendingPathComponent("inbox").path, "--outbox",
          carpeta.appendingPathComponent("outbox").path, "--esquemas", esquemas, "--corte",
          "2021-03-31",
          "--intervalo", "0.05",
        ], entorno: ["PAI_TRABAJADORES": "\(trabajadores)"])
      try p.iniciar()
      XCTAssertEqual(p.esperarFin(), 1, "hay rechazos: \(p.errores.suffix(500))")
      let libro = try LibroMayor.existente(
        ruta: carpeta.appendingPathComponent("outbox/pai.sqlite").path)
      let envios = try libro.envios(corte: Fecha(iso: "2021-03-31")!).sorted { $0.id < $1.id }
        .map { "\($0.id) \($0.guardado ?? "∅") \($0.estado)" }
      return (p.errores.split(separator: "\n").filter { $0.hasPrefix("[") }, envios)
    }
    let a = trabajo.appendingPathComponent("serie")
    let b = trabajo.appendingPathComponent("paralelo")
    let serie = try correr(a, trabajadores: 1)
    let paralelo = try correr(b, trabajadores: 4)
    XCTAssertEqual(serie.avance.count, 200)
    XCTAssertEqual(serie.avance, paralelo.avance)
    XCTAssertEqual(serie.envios.count, 180)
    XCTAssertEqual(serie.envios, paralelo.envios)

    let libroA = try LibroMayor.existente(ruta: a.appendingPathComponent("outbox/pai.sqlite").path)
    let libroB = try LibroMayor.existente(ruta: b.appendingPathComponent("outbox/pai.sqlite").path)
    let volcadoA = try libroA.volcado(bandeja: a.appendingPathComponent("inbox").path)
    let volcadoB = try libroB.volcado(bandeja: b.appendingPathComponent("inbox").path)
    XCTAssertEqual(volcadoA, volcadoB, diferencia(volcadoA, volcadoB))
    let outA = try Arbol(
      a.appendingPathComponent("outbox"), excepto: Arbol.libro + ["consolidado.xlsx"])
    let outB = try Arbol(
      b.appendingPathComponent("outbox"), excepto: Arbol.libro + ["consolidado.xlsx"])
    XCTAssertEqual(outA.rutas, outB.rutas)
    XCTAssertEqual(outA, outB)
    XCTAssertEqual(
      try Arbol.celdas(a.appendingPathComponent("outbox/2021-03-31/consolidado.xlsx")),
      try Arbol.celdas(b.appendingPathComponent("outbox/2021-03-31/consolidado.xlsx")))
  }

  func consolidado() throws -> [String: Any] {
    let data = try Data(contentsOf: outbox.appendingPathComponent("2021-03-31/consolidado.json"))
    return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
  }

  func diferencia(_ a: String, _ b: String) -> String {
    let la = a.split(separator: "\n", omittingEmptySubsequences: false)
    let lb = b.split(separator: "\n", omittingEmptySubsequences: false)
    for (i, (x, y)) in zip(la, lb).enumerated() where x != y {
      return "línea \(i + 1):\n  a: \(x.prefix(400))\n  b: \(y.prefix(400))"
    }
    return "longitudes \(la.count) y \(lb.count)"
  }
}

/// The 200-workbook inbox, from the 22 example files, always the same
/// bytes and times: the originals; four corrections of each from the same
/// office (later, different bytes: they replace); three copies of each from
/// other offices (same codes: rejected by `codigo-duplicado`); twenty drops
/// of bytes already sent (duplicates); four files that are no workbook; and
/// an Office lock file, which is not a submission.
enum Lote200 {
  static let base = Date(timeIntervalSince1970: 1_617_609_600)

  static func generar(en inbox: URL) throws -> Int {
    let fm = FileManager.default
    let ejemplo = Pai.raiz.appendingPathComponent("inbox")
    let originales = try Arbol(ejemplo).rutas
    XCTAssertEqual(originales.count, 22)
    var n = 0
    func dejar(_ datos: Data, _ rel: String, _ fecha: Date) throws {
      let url = inbox.appendingPathComponent(rel)
      try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try datos.write(to: url)
      try fm.setAttributes([.modificationDate: fecha], ofItemAtPath: url.path)
      if !rel.contains("~$") { n += 1 }
    }
    for (i, rel) in originales.enumerated() {
      let datos = try Data(contentsOf: ejemplo.appendingPathComponent(rel))
      let carpeta = (rel as NSString).deletingLastPathComponent
      let nombre = (rel as NSString).lastPathComponent
      let raiz = (nombre as NSString).deletingPathExtension
      try dejar(datos, rel, base)
      for k in 1...4 {
        try dejar(
          Soporte.conComentario(datos, "v\(k)"), "\(carpeta)/\(raiz) v\(k).xlsx",
          base + Double(k) * 3600)
      }
      for k in 1...3 {
        try dejar(
          Soporte.conComentario(datos, "c\(k)"), "\(carpeta)-copia\(k)/\(nombre)",
          base + 36_000 + Double(k))
      }
      if i < 20 { try dejar(datos, "reenvios/\(nombre)", base + 72_000) }
    }
    try dejar(Data("%PDF-1.4\n%…".utf8), "reenvios/informe.xlsx", base)
    try dejar(Data("codigo;valor\nA;1\n".utf8), "reenvios/datos.xlsx", base)
    try dejar(Data(), "reenvios/vacio.xlsx", base)
    try dejar(Data("notas de la oficina".utf8), "reenvios/notas.txt", base)
    try dejar(Data("pai".utf8), "reenvios/~$bloqueo.xlsx", base)
    return n
  }
}

/// A folder's files and their bytes, for comparing two outboxes.
struct Arbol: Equatable {
  static let libro = ["pai.sqlite", "pai.sqlite-wal", "pai.sqlite-shm", "pai.lock"]

  var contenido: [String: Data] = [:]
  var rutas: [String] { contenido.keys.sorted() }

  init(_ carpeta: URL, excepto: [String] = []) throws {
    let base = carpeta.standardizedFileURL.path
    guard let e = FileManager.default.enumerator(atPath: base) else { return }
    for case let rel as String in e {
      var esDir: ObjCBool = false
      let ruta = base + "/" + rel
      guard FileManager.default.fileExists(atPath: ruta, isDirectory: &esDir), !esDir.boolValue,
        !excepto.contains((rel as NSString).lastPathComponent)
      else { continue }
      contenido[rel] = try Data(contentsOf: URL(fileURLWithPath: ruta))
    }
  }

  static func filas(_ libro: Workbook, _ hoja: SheetInfo) throws -> [[String]] {
    let lector = try libro.rows(in: hoja)
    var out: [[String]] = []
    while let fila = try lector.nextRow() {
      out.append(fila.cells.map { "\(fila.index):\($0.column)=\($0.value)" })
    }
    return out
  }

  /// Every cell of every sheet.
  static func celdas(_ ruta: URL) throws -> [String: [[String]]] {
    let libro = try Workbook(path: ruta.path)
    var out: [String: [[String]]] = [:]
    for hoja in libro.sheets { out[hoja.name] = try filas(libro, hoja) }
    return out
  }
}

/// A `pai` run in the background, its stderr read as it comes.
final class Proceso: @unchecked Sendable {
  let p = Process()
  private let cerrojo = NSLock()
  private var texto = ""

  init(_ binario: URL, _ argumentos: [String], entorno: [String: String] = [:]) {
    p.executableURL = binario
    p.arguments = argumentos
    p.currentDirectoryURL = Pai.raiz
    if !entorno.isEmpty {
      p.environment = ProcessInfo.processInfo.environment.merging(entorno) { $1 }
    }
  }

  var pid: Int32 { p.processIdentifier }

  var errores: String {
    cerrojo.lock()
    defer { cerrojo.unlock() }
    return texto
  }

  func iniciar() throws {
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    err.fileHandleForReading.readabilityHandler = { [weak self] h in
      let d = h.availableData
      guard let self, !d.isEmpty else { return }
      self.cerrojo.lock()
      self.texto += String(decoding: d, as: UTF8.self)
      self.cerrojo.unlock()
    }
    try p.run()
  }

  /// Waits (up to 30 s) until stderr satisfies `condicion`.
  func esperar(hasta condicion: (String) -> Bool, limite: Double = 30) -> Bool {
    let fin = Date() + limite
    while Date() < fin {
      if condicion(errores) { return true }
      if !p.isRunning { return condicion(errores) }
      usleep(5_000)
    }
    return false
  }

  /// Progress lines seen, and the `n` of `[i/n]`.
  var avance: (lineas: Int, total: Int?) {
    let lineas = errores.split(separator: "\n").filter { $0.hasPrefix("[") }
    let total = lineas.first.flatMap { l in
      l.split(separator: "/").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) }
    }
    return (lineas.count, total)
  }

  func matar(_ senal: Int32) {
    if p.isRunning { kill(p.processIdentifier, senal) }
  }

  func esperarFin() -> Int32 {
    p.waitUntilExit()
    usleep(20_000)
    return p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus
  }
}
