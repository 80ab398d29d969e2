import Foundation
internal import GRDB
import Plan
import Schema
import XLSX

/// How the inbox is handled.
public struct OpcionesBuzon: Sendable {
  /// Copy files into the outbox and leave them in the inbox (`--conservar`)
  /// instead of moving them out.
  public var conservar: Bool
  /// Seconds between the two looks that tell a file still being written.
  public var intervalo: TimeInterval
  /// A zip without its end record, or an empty file, is waited for this
  /// long after its last change; then it is taken (and rejected as cut).
  public var gracia: TimeInterval

  public init(conservar: Bool = false, intervalo: TimeInterval = 0.5, gracia: TimeInterval = 120) {
    self.conservar = conservar
    self.intervalo = intervalo
    self.gracia = gracia
  }
}

/// What became of one file of the inbox.
public enum Recibo: Sendable {
  /// Validated and recorded; `informe` is its own validation.
  case recibido(id: Int64, remitente: String, informe: InformeArchivo)
  /// Bytes already received for the same corte: recorded as a duplicate of
  /// `igualA`.
  case duplicado(id: Int64, remitente: String, igualA: String)
  /// `--conservar`: this very file was received by an earlier run.
  case yaRecibido
  /// It changed or vanished while it was being read: left for next pass.
  case cambio
}

/// What the start of a run found to finish.
public struct Recuperacion: Sendable {
  /// Moves recorded by an interrupted run and done now.
  public var trasladosCompletados = 0
  /// Recorded files no longer found where they were (reported, not lost
  /// silently).
  public var perdidos: [String] = []
  /// Temporary files of dead runs removed from the outbox.
  public var temporalesBorrados = 0
}

/// The drop box: takes complete files out of the inbox, records each in
/// the ledger before moving it, and finishes what a killed run left.
///
/// Order of every reception, so that a SIGKILL at any point loses nothing
/// and counts nothing twice: hash and look up; validate (on a worker
/// thread, ahead of the serial step); one transaction records the file,
/// its findings, its rows and the destination it will move to (with the
/// files after it whose validation is already done); the moves; their
/// confirmation, with the next transaction. A run that finds a recorded
/// move not confirmed makes or confirms it before it looks at the inbox.
public final class Buzon {
  public let libro: LibroMayor
  public let bandeja: String
  public let outbox: String
  public let esquemas: SchemaSet
  public var opciones: OpcionesBuzon

  public init(
    libro: LibroMayor, bandeja: String, outbox: String, esquemas: SchemaSet, opciones: OpcionesBuzon
  ) {
    self.libro = libro
    self.bandeja = URL(fileURLWithPath: bandeja).standardizedFileURL.path
    self.outbox = URL(fileURLWithPath: outbox).standardizedFileURL.path
    self.esquemas = esquemas
    self.opciones = opciones
  }

  var db: DatabaseQueue { libro.db }

  /// Each inbox file's checksum, by path, with the size and time it had:
  /// a run asks it up to three times of a new file (already received?
  /// which corte? receive), and hashes it once. A file whose size or time
  /// moved is hashed again.
  private var huellas: [String: (rapida: ArchivoBandeja.Huella, sha256: String)] = [:]
  /// How many files were read to hash them, for the test that says once.
  private(set) var lecturasDeHuella = 0

  func huella(_ a: ArchivoBandeja) throws -> String {
    if let h = huellas[a.ruta], h.rapida == a.huellaRapida { return h.sha256 }
    let sha = try Huella.archivo(a.ruta)
    lecturasDeHuella += 1
    huellas[a.ruta] = (a.huellaRapida, sha)
    return sha
  }

  /// Hashes, on `trabajadores` threads, the files whose checksum is not
  /// known at their size and time, so that the serial look-ups after it
  /// find each in `huellas`. A file that cannot be read is left for
  /// `huella(_:)`, which fails on it as before.
  public func calcularHuellas(_ archivos: [ArchivoBandeja], trabajadores: Int) {
    let faltan = archivos.filter { huellas[$0.ruta]?.rapida != $0.huellaRapida }
    let calculadas = mapaEnParalelo(faltan.count, trabajadores: trabajadores) {
      try? Huella.archivo(faltan[$0].ruta)
    }
    for (a, sha) in zip(faltan, calculadas) {
      guard let sha else { continue }
      lecturasDeHuella += 1
      huellas[a.ruta] = (a.huellaRapida, sha)
    }
  }

  /// What the vigencia's earlier cortes accepted, for the warnings on
  /// changed values; computed once per corte and run.
  private var anteriores: [Fecha: CorteAnterior] = [:]

  public func corteAnterior(a corte: Fecha) throws -> CorteAnterior {
    if let c = anteriores[corte] { return c }
    let c = try libro.corteAnterior(a: corte)
    anteriores[corte] = c
    return c
  }

  deinit { try? asentar() }

  public func absoluta(_ relativa: String) -> String { outbox + "/" + relativa }

  // MARK: - Looking at the inbox

  /// The inbox's files in two looks `intervalo` apart: those ready, in
  /// arrival order (modification time, then path: of two drops of the same
  /// bytes the later is the duplicate), and those still being written
  /// (left for the next pass).
  ///
  /// The pause is not idle: the first look's files are hashed during it
  /// (on `trabajadores` threads), then `durante` gets them with a test of
  /// whether the pause lasts, for the caller's own early work, and only
  /// what is left of it is slept.
  /// A hash is kept with the size and time it was taken at, so a file that
  /// changes meanwhile is hashed again once it is ready.
  public func mirar(
    trabajadores: Int = trabajadoresPorOmision(),
    esperar: (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) },
    durante: (_ primera: [ArchivoBandeja], _ seguir: @escaping @Sendable () -> Bool) -> Void = {
      _, _ in
    }
  ) throws -> (listos: [ArchivoBandeja], enEscritura: [ArchivoBandeja]) {
    let primera = try Bandeja.listar(bandeja).filter { !dentroDelOutbox($0.ruta) }
    let (listos, enEscritura) = Bandeja.estables(
      primera, intervalo: opciones.intervalo, gracia: opciones.gracia,
      esperar: { pausa in
        let limite = Date().addingTimeInterval(pausa)
        calcularHuellas(primera, trabajadores: trabajadores)
        durante(primera) { Date() < limite }
        let resto = limite.timeIntervalSinceNow
        if resto > 0 { esperar(resto) }
      })
    return (Bandeja.enOrdenDeLlegada(listos), enEscritura)
  }

  /// A validation made ahead of `recibir`: of this path, with these bytes,
  /// for this corte.
  private struct Adelanto: Hashable {
    var ruta: String
    var sha256: String
    var corte: Fecha
  }

  /// Validations made while the inbox pause waited (`adelantar`), taken by
  /// the next `recibir` instead of validating those files again.
  private var adelantadas: [Adelanto: Validado] = [:]

  /// Validates, on `trabajadores` threads and while `seguir()` holds, the
  /// files of `archivos` already hashed, for `corte`: the work `recibir`
  /// does first, done while the pause between the inbox's two looks would
  /// otherwise leave the cores idle. Validation is pure and keyed by the
  /// bytes' checksum, so a result is used only for the bytes it read; a
  /// file that changes is seen changed by the second look and by the
  /// checks of the record step, as without this.
  public func adelantar(
    _ archivos: [ArchivoBandeja], corte: Fecha, trabajadores: Int,
    seguir: @escaping @Sendable () -> Bool
  ) {
    guard let anterior = try? corteAnterior(a: corte) else { return }
    let claves = archivos.compactMap { a in
      huellas[a.ruta].flatMap { h in
        h.rapida == a.huellaRapida ? Adelanto(ruta: a.ruta, sha256: h.sha256, corte: corte) : nil
      }
    }
    let esquemas = self.esquemas
    let hechos = mientras(claves.count, trabajadores: trabajadores, seguir: seguir) {
      try? Validado(ruta: claves[$0].ruta, esquemas: esquemas, corte: corte, anterior: anterior)
    }
    adelantadas = [:]
    for (clave, validado) in zip(claves, hechos) {
      if let validado = validado ?? nil { adelantadas[clave] = validado }
    }
  }

  /// How many validations `adelantar` left for `recibir`, for the tests.
  var validacionesAdelantadas: Int { adelantadas.count }

  /// An outbox inside the inbox is not part of it.
  private func dentroDelOutbox(_ ruta: String) -> Bool { ruta.hasPrefix(outbox + "/") }

  /// What the ledger already knows of these bytes at this path.
  enum Conocido {
    /// Not received for this corte; the stored bytes when another corte
    /// has them (one `archivo` per content).
    case nuevo(ArchivoFila?)
    case mismoArchivo
    case duplicadoDe(EnvioFila)
  }

  /// Identical bytes are the same submission only within one corte: the
  /// same workbook sent again for a later corte (an indicators workbook
  /// declares none, so it belongs to the corte being processed) is a new
  /// submission of that corte. `corte` nil: only the `--conservar` check,
  /// for a run that has not chosen its corte yet.
  private func conocido(origen: String, sha256: String, corte: Fecha?, _ db: Database) throws
    -> Conocido
  {
    guard let archivo = try Buzon.archivo(sha256: sha256, db), let archivoId = archivo.id else {
      return .nuevo(nil)
    }
    // `--conservar` leaves a received file in place: seen again at the
    // same path, unchanged, it is the same submission (of that corte).
    let ultimo = try EnvioFila.fetchOne(
      db,
      SQLRequest(
        sql: "SELECT * FROM envio WHERE origen = ? ORDER BY id DESC LIMIT 1", arguments: [origen],
        cached: true))
    if let ultimo, ultimo.archivoId == archivoId, ultimo.modo == .copiar,
      corte.map({ ultimo.corte == $0.iso }) ?? true
    {
      return .mismoArchivo
    }
    guard let corte,
      let primero = try EnvioFila.fetchOne(
        db,
        SQLRequest(
          sql: """
            SELECT * FROM envio WHERE archivoId = ? AND corte = ? AND estado <> ?
            ORDER BY id LIMIT 1
            """,
          arguments: [archivoId, corte.iso, EstadoEnvio.duplicado.rawValue], cached: true))
    else { return .nuevo(archivo) }
    return .duplicadoDe(primero)
  }

  /// The stored bytes with this checksum. Asked of every file, so the
  /// statement is prepared once (`cached`).
  private static func archivo(sha256: String, _ db: Database) throws -> ArchivoFila? {
    try ArchivoFila.fetchOne(
      db,
      SQLRequest(sql: "SELECT * FROM archivo WHERE sha256 = ?", arguments: [sha256], cached: true))
  }

  /// `--conservar` leaves files in place: one an earlier run received, at
  /// the same path with the same bytes, is not offered again — for the same
  /// corte when the run names one (`--corte`), else for any.
  public func yaRecibido(_ a: ArchivoBandeja, corte: Fecha? = nil) -> Bool {
    yaRecibidos([a], corte: corte)[0]
  }

  /// `yaRecibido` of each file, the look-ups in one read transaction
  /// (one each cost as much as the look-up itself).
  public func yaRecibidos(_ archivos: [ArchivoBandeja], corte: Fecha? = nil) -> [Bool] {
    let shas = archivos.map { try? huella($0) }
    let vistos = try? db.read { db in
      zip(archivos, shas).map { a, sha in
        guard let sha,
          case .mismoArchivo? = try? conocido(origen: a.ruta, sha256: sha, corte: corte, db)
        else { return false }
        return true
      }
    }
    return vistos ?? Array(repeating: false, count: archivos.count)
  }

  /// The corte a workbook declares of itself (project forms do), for runs
  /// without `--corte`. Bytes already received still declare theirs: sent
  /// again, they belong to that corte (a duplicate only if it is the one
  /// they were received for).
  public func corteDeclarado(_ a: ArchivoBandeja) -> Fecha? {
    Schema.corteDeclarado(ruta: a.ruta, esquemas: esquemas)
  }

  // MARK: - Receiving files

  /// Receives files in arrival order, validating them on `trabajadores`
  /// threads ahead of the serial step that records and moves each one, so
  /// that the ledger, the moves and `alRecibir` see exactly what a serial
  /// run gives (`PAI_TRABAJADORES=1`), in the same order.
  ///
  /// Before anything is validated, every file is hashed and looked up, in
  /// order: bytes already received for this corte, and a second copy of
  /// bytes earlier in the same batch, are not validated (they are
  /// duplicates once the earlier one is recorded). Validation is pure; the
  /// record-then-move order of each file is that of `recibir(_:corte:)`.
  ///
  /// - Returns: how many files were handled before `debeParar` said stop.
  public func recibir(
    _ archivos: [ArchivoBandeja], corte: Fecha, trabajadores: Int = trabajadoresPorOmision(),
    debeParar: () -> Bool = { false },
    alRecibir: (Int, ArchivoBandeja, Recibo) -> Void = { _, _, _ in }
  ) throws -> Int {
    let previas = try previas(archivos, corte: corte)
    let anterior = try corteAnterior(a: corte)
    let esquemas = self.esquemas
    let adelantadas = self.adelantadas
    self.adelantadas = [:]
    var hechos = 0
    // Files validated in the pause are results already in memory: they
    // do not count against the window that bounds how far the workers run
    // ahead of the record step, or the workers would wait while it records
    // them instead of validating the files after.
    try enOrden(
      archivos.count, trabajadores: trabajadores,
      ventana: trabajadores * 8 + adelantadas.count, lote: Buzon.porTransaccion,
      trabajo: { i -> Result<Validado, any Error>? in
        guard case .validar(let sha) = previas[i] else { return nil }
        if let hecho = adelantadas[Adelanto(ruta: archivos[i].ruta, sha256: sha, corte: corte)] {
          return .success(hecho)
        }
        return Result {
          try Validado(ruta: archivos[i].ruta, esquemas: esquemas, corte: corte, anterior: anterior)
        }
      },
      consumir: { tanda in
        if debeParar() { return false }
        let recibos = try asentar(
          tanda.map { (archivos[$0.indice], previas[$0.indice], try $0.resultado?.get()) },
          corte: corte, ahora: Date())
        for ((i, _), recibo) in zip(tanda, recibos) {
          hechos += 1
          alRecibir(i, archivos[i], recibo)
        }
        return true
      })
    return hechos
  }

  /// A validation and its ledger rows, encoded on the worker thread that
  /// validated it: the serial step only inserts them.
  struct Validado: Sendable {
    var informe: InformeArchivo
    var hallazgos: [HallazgoFila]
    var filas: [FilaPlan]
    var identidades: String

    init(_ informe: InformeArchivo) throws {
      self.informe = informe
      hallazgos = try informe.hallazgos.enumerated().map {
        try CodecHallazgo.fila($1, envioId: 0, origen: HallazgoFila.validacion, orden: $0)
      }
      filas = try informe.contenido.map(CodecContenido.filas) ?? []
      identidades = try CodecHallazgo.identidades(informe.identidades)
    }

    /// Validates the file at `ruta` and encodes its rows.
    init(ruta: String, esquemas: SchemaSet, corte: Fecha, anterior: CorteAnterior) throws {
      try self.init(
        Schema.validar(ruta: ruta, esquemas: esquemas, corte: corte, anterior: anterior))
    }
  }

  /// The most files recorded in one transaction: those validated and
  /// waiting when the serial step comes to them.
  static let porTransaccion = 32

  /// What a file is before it is validated.
  enum Previa {
    /// It changed or vanished since the inbox was looked at, or cannot be read.
    case cambio
    /// New bytes: validate them.
    case validar(sha256: String)
    /// Bytes the ledger (or an earlier file of the batch) already has: the
    /// record step finds out what they are once the earlier ones are in.
    case conocido(sha256: String)

    var sha256: String? {
      switch self {
      case .cambio: return nil
      case .validar(let sha), .conocido(let sha): return sha
      }
    }
  }

  /// What each file is: stable and hashed, then its bytes looked up, all
  /// in one read transaction. Bytes earlier in the batch count as known.
  func previas(_ archivos: [ArchivoBandeja], corte: Fecha) throws -> [Previa] {
    let shas: [String?] = archivos.map { a in
      guard let antes = Bandeja.mirarOtraVez(a), antes.huellaRapida == a.huellaRapida else {
        return nil
      }
      return try? huella(a)
    }
    var vistas = Set<String>()
    return try db.read { db in
      try zip(archivos, shas).map { a, sha in
        guard let sha else { return .cambio }
        guard case .nuevo = try conocido(origen: a.ruta, sha256: sha, corte: corte, db),
          !vistas.contains(sha)
        else {
          return .conocido(sha256: sha)
        }
        vistas.insert(sha)
        return .validar(sha256: sha)
      }
    }
  }

  /// Hashes, recognises duplicates, validates, records and moves one file.
  public func recibir(_ a: ArchivoBandeja, corte: Fecha, ahora: Date = Date()) throws -> Recibo {
    let previa = try previas([a], corte: corte)[0]
    var informe: Validado?
    if case .validar = previa {
      informe = try Validado(
        ruta: a.ruta, esquemas: esquemas, corte: corte, anterior: try corteAnterior(a: corte))
    }
    return try asentar([(a, previa, informe)], corte: corte, ahora: ahora)[0]
  }

  /// A file recorded by the serial step, to move once its transaction is
  /// committed.
  private struct Registrado {
    var envio: EnvioFila
    var sha: String
    var recibo: (Int64) -> Recibo
  }

  /// The serial step of a reception, for consecutive files of the batch in
  /// one transaction: each file's bytes are looked up again (an earlier
  /// file may have brought them), then it is recorded (a duplicate, or its
  /// validation, done now if it had none); once committed, each is moved,
  /// in order. A file is always in the ledger before it moves.
  private func asentar(
    _ lote: [(ArchivoBandeja, Previa, Validado?)], corte: Fecha, ahora: Date
  ) throws -> [Recibo] {
    var recibos = [Recibo?](repeating: nil, count: lote.count)
    var registrados: [(Int, Registrado)] = []
    try db.write { db in
      try asentar(db)
      for (k, (a, previa, informe)) in lote.enumerated() {
        switch try registrar(a, previa, informe: informe, corte: corte, ahora: ahora, db) {
        case .hecho(let recibo): recibos[k] = recibo
        case .registrado(let r): registrados.append((k, r))
        }
      }
      if !registrados.isEmpty { try LibroMayor.marcarPendiente(corte, db) }
    }
    for _ in registrados { PuntoDeParada.registrado.pasar() }
    for (k, var r) in registrados {
      _ = try trasladar(&r.envio, sha: r.sha, verificar: false)
      recibos[k] = r.recibo(r.envio.id ?? 0)
    }
    return recibos.map { $0 ?? .cambio }
  }

  /// What the serial step did with one file: nothing to move (a
  /// duplicate of the same path, a file that changed), or a record.
  private enum Asiento {
    case hecho(Recibo)
    case registrado(Registrado)
  }

  /// Records one file inside the batch's transaction, or says why not.
  private func registrar(
    _ a: ArchivoBandeja, _ previa: Previa, informe validado: Validado?, corte: Fecha, ahora: Date,
    _ db: Database
  ) throws -> Asiento {
    guard let sha = previa.sha256 else { return .hecho(.cambio) }
    let modo: ModoTraslado = opciones.conservar ? .copiar : .mover
    let archivoPrevio: ArchivoFila?
    switch try conocido(origen: a.ruta, sha256: sha, corte: corte, db) {
    case .mismoArchivo:
      return .hecho(.yaRecibido)
    case .duplicadoDe(let original):
      guard Bandeja.mirarOtraVez(a)?.huellaRapida == a.huellaRapida else { return .hecho(.cambio) }
      let remitente = a.carpeta ?? original.remitente
      var envio = EnvioFila(
        id: nil, archivoId: original.archivoId, corte: corte.iso, vigencia: corte.year,
        remitente: remitente,
        carpeta: a.carpeta, nombre: a.nombre, origen: a.ruta, modificado: a.modificado,
        recibidoEn: ahora,
        estado: .duplicado, plantilla: original.plantilla, componente: original.componente,
        dependencia: original.dependencia, corteDeclarado: original.corteDeclarado, errores: 0,
        advertencias: 0,
        duplicadoDeId: original.id, contenido: nil, identidades: "[]", modo: modo, guardado: nil,
        pendiente: try reservar(
          corte: corte, carpeta: "duplicados", remitente: remitente, nombre: a.nombre, db))
      try envio.insertar(db)
      return .registrado(
        Registrado(envio: envio, sha: sha) {
          .duplicado(id: $0, remitente: remitente, igualA: original.nombre)
        })
    case .nuevo(let archivo):
      archivoPrevio = archivo
    }
    // Validated ahead, except a second copy of bytes whose first copy
    // changed while it was being read (rare: then it is validated here).
    let validado =
      try validado
      ?? Validado(
        ruta: a.ruta, esquemas: esquemas, corte: corte, anterior: try corteAnterior(a: corte))
    let informe = validado.informe
    // Bytes that changed while being read are not the bytes validated.
    guard Bandeja.mirarOtraVez(a)?.huellaRapida == a.huellaRapida else { return .hecho(.cambio) }
    let remitente = a.carpeta ?? informe.dependencia ?? "sin-remitente"
    // The bytes may be known from another corte: one `archivo` per content.
    var archivo =
      archivoPrevio
      ?? ArchivoFila(id: nil, sha256: sha, bytes: a.bytes, recibidoEn: ahora)
    if archivo.id == nil { try archivo.insertar(db) }
    var envio = EnvioFila(
      id: nil, archivoId: archivo.id ?? 0, corte: corte.iso, vigencia: corte.year,
      remitente: remitente,
      carpeta: a.carpeta, nombre: a.nombre, origen: a.ruta, modificado: a.modificado,
      recibidoEn: ahora,
      estado: informe.aceptado ? .aceptado : .rechazado, plantilla: informe.plantilla,
      componente: informe.componente, dependencia: informe.dependencia,
      corteDeclarado: informe.corte?.iso,
      errores: informe.errores, advertencias: informe.advertencias, duplicadoDeId: nil,
      contenido: informe.contenido.map { ClaseContenido($0).rawValue },
      identidades: validado.identidades, modo: modo, guardado: nil,
      pendiente: try reservar(
        corte: corte, carpeta: informe.aceptado ? "recibidos" : "rechazados", remitente: remitente,
        nombre: a.nombre, db))
    try envio.insertar(db)
    let envioId = envio.id ?? 0
    for var fila in validado.hallazgos {
      fila.envioId = envioId
      try fila.insertar(db)
    }
    // The most numerous rows: one prepared statement, not a record each.
    let fila = try db.cachedStatement(
      sql:
        "INSERT INTO filaAceptada (envioId, posicion, tipo, codigo, datos) VALUES (?, ?, ?, ?, ?)")
    for (posicion, f) in validado.filas.enumerated() {
      try fila.execute(arguments: [envioId, posicion, f.tipo, f.codigo, f.datos])
    }
    return .registrado(
      Registrado(envio: envio, sha: sha) {
        .recibido(id: $0, remitente: remitente, informe: informe)
      })
  }

  /// A name in `<corte>/<carpeta>/<remitente>/` that no file has and no
  /// recorded move will take: `libro.xlsx`, else `libro (2).xlsx`, …
  func reservar(corte: Fecha, carpeta: String, remitente: String, nombre: String, _ db: Database)
    throws -> String
  {
    let base = "\(corte.iso)/\(carpeta)/\(Buzon.nombreSeguro(remitente))"
    let limpio = Buzon.nombreSeguro(nombre)
    var n = 1
    while true {
      let candidata = base + "/" + Traslado.conSufijo(limpio, n)
      let enDisco =
        Traslado.existe(absoluta(candidata)) || Traslado.existe(absoluta(candidata + ".informe.md"))
      let reservada =
        try Bool.fetchOne(
          db,
          SQLRequest(
            sql: "SELECT EXISTS (SELECT 1 FROM envio WHERE guardado = ? OR pendiente = ?)",
            arguments: [candidata, candidata], cached: true)) ?? false
      if !enDisco && !reservada { return candidata }
      n += 1
    }
  }

  private static let prohibidos = CharacterSet(charactersIn: "/\\:*?\"<>|").union(
    .controlCharacters)

  /// A file name safe on every file system, kept readable.
  static func nombreSeguro(_ s: String) -> String {
    let limpio = String(s.unicodeScalars.map { prohibidos.contains($0) ? "_" : Character($0) })
    return limpio.isEmpty || limpio.hasPrefix(".") || limpio.hasPrefix("~") ? "_" + limpio : limpio
  }

  // MARK: - Moves recorded before they are made

  /// Makes (or confirms) every recorded move not yet confirmed; `ids`
  /// narrows to some submissions.
  @discardableResult
  public func completarTraslados(ids: [Int64]? = nil) throws -> Recuperacion {
    var r = Recuperacion()
    let pendientes = try db.read { db in
      var q = EnvioFila.all().conTrasladoPendiente()
      if let ids { q = q.filter(ids.contains(EnvioFila.Columns.id)) }
      let filas = try q.order(EnvioFila.Columns.id).fetchAll(db)
      return try filas.map { e in (e, try ArchivoFila.fetchOne(db, key: e.archivoId)?.sha256 ?? "")
      }
    }
    for (var e, sha) in pendientes {
      if try trasladar(&e, sha: sha, verificar: true) {
        if ids == nil { r.trasladosCompletados += 1 }
      } else {
        r.perdidos.append(e.origen)
      }
    }
    try asentar()
    return r
  }

  /// Moves confirmed on disk and not yet in the ledger: written with the
  /// next transaction rather than one each. Until then a recorded move
  /// whose destination exists reads as done, which is what it is.
  private var confirmados: [EnvioFila] = []

  /// Writes the pending confirmations.
  public func asentar() throws {
    guard !confirmados.isEmpty else { return }
    try db.write { db in try asentar(db) }
  }

  private func asentar(_ db: Database) throws {
    // A confirmation changes these two columns only; writing just them
    // leaves the other indexes of `envio` alone.
    let confirmar = try db.cachedStatement(
      sql: "UPDATE envio SET guardado = ?, pendiente = ? WHERE id = ?")
    for e in confirmados {
      try confirmar.execute(arguments: [e.guardado, e.pendiente, e.id])
    }
    confirmados.removeAll()
  }

  /// Makes one recorded move (or finds it made). `verificar` checks the
  /// source's checksum first: after a crash the file at the source may be
  /// another one. False when the file is nowhere to be found.
  private func trasladar(_ e: inout EnvioFila, sha: String, verificar: Bool) throws -> Bool {
    guard let destinoRel = e.pendiente else { return true }
    let destino = absoluta(destinoRel)
    let desdeOutbox = e.guardado != nil
    let origen = e.guardado.map(absoluta) ?? e.origen
    func mismo() -> Bool { !verificar || (try? Huella.archivo(origen)) == sha }
    if Traslado.existe(destino) {
      // Done before the kill. A cross-device move may have left the
      // original too: removed only when it still has the same bytes.
      if e.modo == .mover || desdeOutbox, Traslado.existe(origen), verificar, mismo() {
        unlink(origen)
      }
    } else if Traslado.existe(origen), mismo() {
      if e.modo == .copiar && !desdeOutbox {
        try Traslado.copiar(origen, a: destino)
      } else {
        try Traslado.mover(origen, a: destino)
      }
    } else {
      e.pendiente = nil
      let fila = e
      try db.write { db in try fila.update(db) }
      return false
    }
    PuntoDeParada.trasladado.pasar()
    // Confirmed: a report left beside the old place goes with it.
    if desdeOutbox {
      for sufijo in [".informe.md", ".informe.json"] { unlink(origen + sufijo) }
    }
    e.guardado = destinoRel
    e.pendiente = nil
    confirmados.append(e)
    return true
  }

  /// What a run does first: finish recorded moves and clear temporary
  /// files that dead runs left in the outbox. Call it holding the outbox's
  /// lock (`Candado`): then no other run is writing there, and every
  /// temporary name in it is a leftover.
  public func recuperar() throws -> Recuperacion {
    var r = try completarTraslados()
    let fm = FileManager.default
    var huerfanos: [String] = []
    if let e = fm.enumerator(atPath: outbox) {
      for case let rel as String in e
      where TemporaryFile.isLeftover((rel as NSString).lastPathComponent) {
        huerfanos.append(rel)
        e.skipDescendants()
      }
    }
    for rel in huerfanos where (try? fm.removeItem(atPath: outbox + "/" + rel)) != nil {
      r.temporalesBorrados += 1
    }
    return r
  }

  // MARK: - After the corte's cross-file rules

  /// Records the outcome of `resolverLote` for the corte: cross-file
  /// findings, final states, the replacement history, and a move to
  /// `rechazados/` (or back) for a file whose state changed; then makes
  /// those moves.
  public func registrarResolucion(_ lote: Lote, registrados: [EnvioLibro], corte: Fecha) throws {
    let porHuella = Dictionary(
      registrados.map { ($0.envio.sha256, $0) }, uniquingKeysWith: { a, _ in a })
    var mover: [Int64] = []
    try db.write { db in
      try asentar(db)
      let ids = registrados.map(\.id)
      try HallazgoFila.filter(ids.contains(HallazgoFila.Columns.envioId))
        .filter(HallazgoFila.Columns.origen == HallazgoFila.lote).deleteAll(db)
      try ReemplazoFila.filter(ReemplazoFila.Columns.corte == corte.iso).deleteAll(db)
      var titular: [String: Int64] = [:]
      let filas = Dictionary(
        try EnvioFila.fetchAll(db, keys: ids).compactMap { f in f.id.map { ($0, f) } },
        uniquingKeysWith: { a, _ in a })
      for e in lote.envios {
        guard let r = porHuella[e.sha256], var fila = filas[r.id] else { continue }
        let antes = fila
        for (orden, h) in e.informe.hallazgos.dropFirst(r.hallazgosValidacion).enumerated() {
          var f = try CodecHallazgo.fila(h, envioId: r.id, origen: HallazgoFila.lote, orden: orden)
          try f.insertar(db)
        }
        fila.estado = e.informe.aceptado ? .aceptado : .rechazado
        fila.errores = e.informe.errores
        fila.advertencias = e.informe.advertencias
        if e.informe.aceptado {
          for clave in Set(e.informe.identidades.map(\.clave)).sorted() {
            if let anterior = titular[clave] {
              var reemplazo = ReemplazoFila(
                id: nil, corte: corte.iso, clave: clave, anteriorId: anterior, nuevoId: r.id)
              try reemplazo.insert(db)
            }
            titular[clave] = r.id
          }
        }
        // The folder follows the final state.
        let carpeta = e.informe.aceptado ? "recibidos" : "rechazados"
        let actual = fila.pendiente ?? fila.guardado
        if let actual, actual.split(separator: "/").dropFirst().first.map(String.init) != carpeta {
          fila.pendiente = try reservar(
            corte: corte, carpeta: carpeta, remitente: fila.remitente, nombre: fila.nombre, db)
          mover.append(r.id)
        }
        // Most rows keep their state: written only when something changed,
        // and only the four columns set above.
        if fila.estado != antes.estado || fila.errores != antes.errores
          || fila.advertencias != antes.advertencias || fila.pendiente != antes.pendiente
        {
          try db.cachedStatement(
            sql:
              "UPDATE envio SET estado = ?, errores = ?, advertencias = ?, pendiente = ? WHERE id = ?"
          ).execute(
            arguments: [
              fila.estado.rawValue, fila.errores, fila.advertencias, fila.pendiente, r.id,
            ])
        }
      }
    }
    if !mover.isEmpty { try completarTraslados(ids: mover) }
  }

  /// Where a submission's file is kept, absolute.
  public func ubicacion(_ guardado: String?) -> String? { guardado.map(absoluta) }
}
