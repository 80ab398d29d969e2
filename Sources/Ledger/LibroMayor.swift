import Foundation
internal import GRDB
import Plan
import Schema

/// Why the ledger cannot be used.
public enum ErrorLibro: Error, Equatable {
  /// Written by a newer `pai`: this build does not know its latest steps.
  case superado(ruta: String)
  case noExiste(ruta: String)
  case ilegible(ruta: String, detalle: String)
  /// The disk is full or the folder read-only: the ledger is fine, but
  /// cannot be written (its migrations included).
  case noSePuedeEscribir(ruta: String, detalle: String)
  /// A finding recorded with a code this build does not know: written by
  /// a newer `pai` (or hand-edited). Reading on would drop or misword it.
  case codigoDesconocido(ruta: String, codigo: String)
  /// A row whose JSON does not read back whole: hand-edited, or damaged.
  /// Reading on would rebuild a record with a field silently empty.
  case filaIlegible(ruta: String, tabla: String, id: Int64, problema: ProblemaFila)
}

/// What is wrong in a ledger row's JSON; `campo` is its path
/// (`presupuesto[0].giros`).
public enum ProblemaFila: Equatable, Sendable {
  case falta(campo: String)
  case nulo(campo: String)
  case tipo(campo: String)
  case valor(campo: String)
  /// A project submission with this many rows instead of one.
  case filas(Int)
}

extension ErrorLibro {
  /// The ledger the error is about.
  public var ruta: String {
    switch self {
    case .superado(let ruta), .noExiste(let ruta), .ilegible(let ruta, _),
      .noSePuedeEscribir(let ruta, _),
      .codigoDesconocido(let ruta, _), .filaIlegible(let ruta, _, _, _):
      return ruta
    }
  }
}

/// A submission as the ledger holds it, rebuilt as Schema's `Envio` (its
/// validation as first made, without the cross-file findings, which the
/// corte's consolidation recomputes).
public struct EnvioLibro: Sendable {
  public var id: Int64
  public var envio: Envio
  public var estado: EstadoEnvio
  public var carpeta: String?
  /// Where the file is kept, relative to the outbox.
  public var guardado: String?
  public var recibidoEn: Date
  /// How many of `envio.informe.hallazgos` come from its own validation.
  public var hallazgosValidacion: Int
  /// Findings from the last consolidation (`codigo-duplicado`).
  public var hallazgosLote: [Hallazgo]
}

/// A drop of bytes already received.
public struct DuplicadoLibro: Sendable {
  public var id: Int64
  public var nombre: String
  public var remitente: String
  public var sha256: String
  public var guardado: String?
  /// The submission first received with these bytes.
  public var igualA: String
  public var igualARemitente: String
  public var igualACorte: String
  public var recibidoEn: Date
}

/// The submission ledger: an SQLite file (`outbox/pai.sqlite`) holding every
/// file ever seen with its checksum, every drop with its outcome and
/// findings, the accepted rows, and the replacement history.
public final class LibroMayor {
  let db: DatabaseQueue
  public let ruta: String

  /// Opens (creating it if needed) and brings the schema up to date.
  public convenience init(ruta: String) throws {
    try self.init(ruta: ruta, hasta: nil, crear: true)
  }

  /// Opens an existing ledger for reading the state; never creates one.
  public static func existente(ruta: String) throws -> LibroMayor {
    guard FileManager.default.fileExists(atPath: ruta) else {
      throw ErrorLibro.noExiste(ruta: ruta)
    }
    return try LibroMayor(ruta: ruta, hasta: nil, crear: false)
  }

  init(ruta: String, hasta: String?, crear: Bool) throws {
    self.ruta = ruta
    if crear {
      try FileManager.default.createDirectory(
        atPath: (ruta as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    }
    var config = Configuration()
    config.foreignKeysEnabled = true
    config.busyMode = .timeout(30)
    // WAL, with GRDB's `synchronous = NORMAL`: a committed transaction
    // survives the death of the process (SIGKILL included) because its
    // pages are in the log before the commit returns; only a power cut can
    // lose the last ones, and the file moves made for them are no more
    // durable than that either.
    config.journalMode = .wal
    do {
      db = try DatabaseQueue(path: ruta, configuration: config)
      let migrator = Migraciones.migrator(ruta: ruta)
      if try db.read({ try migrator.hasBeenSuperseded($0) }) {
        throw ErrorLibro.superado(ruta: ruta)
      }
      if let hasta {
        try migrator.migrate(db, upTo: hasta)
      } else {
        try migrator.migrate(db)
      }
    } catch let e as ErrorLibro {
      throw e
    } catch let e as DatabaseError
      where [.SQLITE_FULL, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_CANTOPEN].contains(e.resultCode)
    {
      throw ErrorLibro.noSePuedeEscribir(ruta: ruta, detalle: "\(e)")
    } catch {
      throw ErrorLibro.ilegible(ruta: ruta, detalle: "\(error)")
    }
  }

  /// The names of the schema steps, in order.
  public static var migraciones: [String] { Migraciones.migrator().migrations }

  public func migracionesAplicadas() throws -> [String] {
    try db.read { try Migraciones.migrator().appliedMigrations($0) }
  }

  // MARK: - Cortes

  /// Cortes whose outputs must be written again.
  public func cortesPendientes() throws -> [Fecha] {
    try db.read { db in
      try CorteFila.filter(CorteFila.Columns.pendiente == true).order(CorteFila.Columns.fecha)
        .fetchAll(db)
        .compactMap { Fecha(iso: $0.fecha) }
    }
  }

  /// Every corte with submissions, oldest first.
  public func cortes() throws -> [Fecha] {
    try db.read { db in
      try CorteFila.order(CorteFila.Columns.fecha).fetchAll(db).compactMap { Fecha(iso: $0.fecha) }
    }
  }

  public func ultimoCorte() throws -> Fecha? { try cortes().last }

  /// The latest accepted state of each item in the cortes of `corte`'s
  /// vigencia before it, resolved as each corte was.
  public func corteAnterior(a corte: Fecha) throws -> CorteAnterior {
    CorteAnterior(planes: try lotesAnteriores(a: corte).map(\.lote.plan))
  }

  /// The earlier cortes of `corte`'s vigencia, oldest first, each
  /// resolved from its submissions as its own consolidation did.
  public func lotesAnteriores(a corte: Fecha) throws -> [(corte: Fecha, lote: Lote)] {
    try cortes().filter { $0 < corte && $0.year == corte.year }.map { c in
      (c, resolverLote(try envios(corte: c).map(\.envio), corte: c))
    }
  }

  /// Marks a corte as needing its outputs written (also a corte with no
  /// submissions yet, so that `procesar --corte` always writes them).
  public func marcarPendiente(_ corte: Fecha) throws {
    try db.write { try Self.marcarPendiente(corte, $0) }
  }

  static func marcarPendiente(_ corte: Fecha, _ db: Database) throws {
    try db.execute(
      sql: """
        INSERT INTO corte (fecha, vigencia, pendiente) VALUES (?, ?, 1)
        ON CONFLICT(fecha) DO UPDATE SET pendiente = 1
        """, arguments: [corte.iso, corte.year])
  }

  /// The corte's outputs are in place.
  public func marcarConsolidado(_ corte: Fecha, en fecha: Date = Date()) throws {
    try db.write { db in
      try db.execute(
        sql: "UPDATE corte SET pendiente = 0, consolidadoEn = ? WHERE fecha = ?",
        arguments: [fecha, corte.iso])
    }
  }

  // MARK: - Reading a corte back

  /// The corte's submissions (duplicates apart), each rebuilt with its
  /// validation, in reception order.
  public func envios(corte: Fecha) throws -> [EnvioLibro] {
    let (filas, huellas, hallazgos, datos) = try db.read { db in
      let filas = try EnvioFila.all().deCorte(corte.iso).vigentes().order(EnvioFila.Columns.id)
        .fetchAll(db)
      let huellas = try Dictionary(
        Row.fetchAll(
          db,
          sql: """
            SELECT DISTINCT archivo.id, archivo.sha256 FROM archivo JOIN envio ON envio.archivoId = archivo.id
            WHERE envio.corte = ?
            """,
          arguments: [corte.iso]
        ).map { ($0["id"] as Int64, $0["sha256"] as String) }, uniquingKeysWith: { a, _ in a })
      var hallazgos: [Int64: [HallazgoFila]] = [:]
      for h in try HallazgoFila.fetchAll(
        db,
        sql: """
          SELECT hallazgo.* FROM hallazgo JOIN envio ON envio.id = hallazgo.envioId
          WHERE envio.corte = ? ORDER BY hallazgo.envioId, hallazgo.origen DESC, hallazgo.orden
          """, arguments: [corte.iso])
      {
        hallazgos[h.envioId, default: []].append(h)
      }
      var datos: [Int64: [(id: Int64?, datos: String)]] = [:]
      for f in try FilaAceptadaFila.fetchAll(
        db,
        sql: """
          SELECT filaAceptada.* FROM filaAceptada JOIN envio ON envio.id = filaAceptada.envioId
          WHERE envio.corte = ? ORDER BY filaAceptada.envioId, filaAceptada.posicion
          """, arguments: [corte.iso])
      {
        datos[f.envioId, default: []].append((f.id, f.datos))
      }
      return (filas, huellas, hallazgos, datos)
    }
    // Decoding is most of the work, and each submission stands alone: on
    // the workers, in order; the first failure in reception order is the
    // one thrown.
    let ruta = self.ruta
    return try mapaEnParalelo(filas.count) { i in
      Result { () throws -> EnvioLibro? in
        let f = filas[i]
        guard let id = f.id else { return nil }
        let propios = hallazgos[id] ?? []
        let validacion = try propios.filter { $0.origen == HallazgoFila.validacion }
          .map { try CodecHallazgo.hallazgo($0, ruta: ruta) }
        let lote = try propios.filter { $0.origen == HallazgoFila.lote }
          .map { try CodecHallazgo.hallazgo($0, ruta: ruta) }
        let contenido = try f.contenido.map {
          try CodecContenido.contenido(clase: $0, filas: datos[id] ?? [], ruta: ruta, envio: id)
        }
        let informe = InformeArchivo(
          archivo: f.nombre, plantilla: f.plantilla, componente: f.componente,
          hallazgos: validacion,
          contenido: contenido, dependencia: f.dependencia,
          corte: f.corteDeclarado.flatMap(Fecha.init(iso:)),
          identidades: try CodecHallazgo.identidades(f.identidades, ruta: ruta, envio: id))
        let envio = Envio(
          ruta: f.origen, remitente: f.remitente, modificado: f.modificado,
          sha256: huellas[f.archivoId] ?? "", informe: informe)
        return EnvioLibro(
          id: id, envio: envio, estado: f.estado, carpeta: f.carpeta, guardado: f.guardado,
          recibidoEn: f.recibidoEn, hallazgosValidacion: validacion.count, hallazgosLote: lote)
      }
    }.compactMap { try $0.get() }
  }

  /// Where each of the corte's submissions is kept (relative to the
  /// outbox), by checksum.
  public func guardados(corte: Fecha) throws -> [String: String] {
    try db.read { db in
      var out: [String: String] = [:]
      for r in try Row.fetchAll(
        db,
        sql: """
          SELECT a.sha256, e.guardado FROM envio e JOIN archivo a ON a.id = e.archivoId
          WHERE e.corte = ? AND e.estado IN ('aceptado', 'rechazado') AND e.guardado IS NOT NULL
          """, arguments: [corte.iso])
      {
        out[r["sha256"]] = r["guardado"] as String
      }
      return out
    }
  }

  /// The corte's duplicate drops, in reception order.
  public func duplicados(corte: Fecha) throws -> [DuplicadoLibro] {
    try db.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT d.id, d.nombre, d.remitente, d.guardado, d.recibidoEn, a.sha256,
                 o.nombre AS igualA, o.remitente AS igualARemitente, o.corte AS igualACorte
          FROM envio d JOIN archivo a ON a.id = d.archivoId
          LEFT JOIN envio o ON o.id = d.duplicadoDeId
          WHERE d.corte = ? AND d.estado = 'duplicado' ORDER BY d.id
          """, arguments: [corte.iso]
      ).map { r in
        DuplicadoLibro(
          id: r["id"], nombre: r["nombre"], remitente: r["remitente"], sha256: r["sha256"],
          guardado: r["guardado"],
          igualA: r["igualA"] ?? "", igualARemitente: r["igualARemitente"] ?? "",
          igualACorte: r["igualACorte"] ?? "", recibidoEn: r["recibidoEn"])
      }
    }
  }

  /// Per identity, which accepted submission replaced which (file names,
  /// oldest first).
  public func reemplazos(corte: Fecha) throws -> [(clave: String, anterior: String, nuevo: String)]
  {
    try db.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT r.clave, a.nombre AS anterior, n.nombre AS nuevo FROM reemplazo r
          JOIN envio a ON a.id = r.anteriorId JOIN envio n ON n.id = r.nuevoId
          WHERE r.corte = ? ORDER BY r.id
          """, arguments: [corte.iso]
      ).map { ($0["clave"], $0["anterior"], $0["nuevo"]) }
    }
  }

  // MARK: - Canonical dump

  /// The ledger's content without row ids or clock times, in a stable
  /// order: two runs that received the same files give the same text.
  /// Inbox paths are shown relative to `bandeja`.
  public func volcado(bandeja: String) throws -> String {
    let prefijo = URL(fileURLWithPath: bandeja).standardizedFileURL.path + "/"
    func rel(_ s: String) -> String {
      s.hasPrefix(prefijo) ? String(s.dropFirst(prefijo.count)) : s
    }
    return try db.read { db in
      var out =
        "migraciones: \(try Migraciones.migrator().appliedMigrations(db).joined(separator: ","))\n"
      for r in try Row.fetchAll(db, sql: "SELECT sha256, bytes FROM archivo ORDER BY sha256") {
        out += "archivo \(r["sha256"] as String) \(r["bytes"] as Int64)\n"
      }
      let envios = try Row.fetchAll(
        db,
        sql: """
          SELECT e.*, a.sha256, o.origen AS dupOrigen FROM envio e JOIN archivo a ON a.id = e.archivoId
          LEFT JOIN envio o ON o.id = e.duplicadoDeId ORDER BY e.corte, e.origen, a.sha256, e.estado
          """)
      for e in envios {
        let campos: [String] = [
          "corte", "remitente", "carpeta", "nombre", "estado", "plantilla", "componente",
          "dependencia",
          "corteDeclarado", "errores", "advertencias", "contenido", "identidades", "modo",
          "guardado", "pendiente",
        ].map { k in "\(k)=\(e[k].map { "\($0)" } ?? "∅")" }
        out +=
          "envio \(rel(e["origen"])) sha=\(e["sha256"] as String) \(campos.joined(separator: " "))"
        out += " modificado=\((e["modificado"] as Date).timeIntervalSince1970)"
        out += " duplicadoDe=\((e["dupOrigen"] as String?).map(rel) ?? "∅")\n"
        let id: Int64 = e["id"]
        for h in try Row.fetchAll(
          db, sql: "SELECT * FROM hallazgo WHERE envioId = ? ORDER BY origen, orden",
          arguments: [id])
        {
          let c = [
            "origen", "orden", "codigo", "severidad", "archivo", "hoja", "celda", "rango", "fila",
            "valores",
          ]
          .map { k in "\(k)=\(h[k].map { "\($0)" } ?? "∅")" }
          out += "  hallazgo \(c.joined(separator: " "))\n"
        }
        for f in try Row.fetchAll(
          db, sql: "SELECT * FROM filaAceptada WHERE envioId = ? ORDER BY posicion", arguments: [id]
        ) {
          out +=
            "  fila \(f["posicion"] as Int) \(f["tipo"] as String) \(f["codigo"] as String) \(f["datos"] as String)\n"
        }
      }
      for r in try Row.fetchAll(
        db,
        sql: """
          SELECT r.corte, r.clave, a.origen AS ao, n.origen AS no FROM reemplazo r
          JOIN envio a ON a.id = r.anteriorId JOIN envio n ON n.id = r.nuevoId
          ORDER BY r.corte, r.clave, a.origen, n.origen
          """)
      {
        out +=
          "reemplazo \(r["corte"] as String) \(r["clave"] as String) \(rel(r["ao"])) → \(rel(r["no"]))\n"
      }
      for c in try Row.fetchAll(
        db, sql: "SELECT fecha, vigencia, pendiente FROM corte ORDER BY fecha")
      {
        out +=
          "corte \(c["fecha"] as String) \(c["vigencia"] as Int) pendiente=\(c["pendiente"] as Bool)\n"
      }
      return out
    }
  }
}
