import Foundation
internal import GRDB

/// Whom an access key of the portal speaks for.
public enum TipoAcceso: String, Codable, Sendable {
  /// One office: it sees and sends only its own submissions.
  case dependencia
  /// The planning office: it sees every office and may send on an
  /// office's behalf.
  case planeacion
}

/// An access key as the ledger holds it: never the key, only its hash.
public struct Acceso: Sendable, Equatable {
  public var id: Int64
  public var tipo: TipoAcceso
  /// The office's inbox folder; nil for the planning office.
  public var carpeta: String?
  /// The office's folder, or the name given to a planning key.
  public var nombre: String
  public var creadoEn: Date
  public var revocadoEn: Date?

  public var vigente: Bool { revocadoEn == nil }
}

/// One line of the portal's audit trail: who did what, when, from where.
public struct Auditoria: Sendable {
  public var momento: Date
  public var accesoId: Int64?
  public var dependencia: String?
  /// What was asked (`envio`, `envio-excede`, …).
  public var accion: String
  /// The client's address as the portal saw it.
  public var direccion: String
  public var archivo: String?
  public var envioId: Int64?
  public var estadoHTTP: Int
  /// The request id, the same as in the log.
  public var solicitud: String?

  public init(
    momento: Date = Date(), accesoId: Int64?, dependencia: String?, accion: String,
    direccion: String,
    archivo: String? = nil, envioId: Int64? = nil, estadoHTTP: Int, solicitud: String? = nil
  ) {
    self.momento = momento
    self.accesoId = accesoId
    self.dependencia = dependencia
    self.accion = accion
    self.direccion = direccion
    self.archivo = archivo
    self.envioId = envioId
    self.estadoHTTP = estadoHTTP
    self.solicitud = solicitud
  }
}

/// Where one submission sits: enough to decide who may see it and which
/// corte to resolve to show it.
public struct AsientoEnvio: Sendable {
  public var id: Int64
  public var corte: String
  public var remitente: String
  public var carpeta: String?
  public var nombre: String
  public var estado: EstadoEnvio
  public var guardado: String?
}

struct AccesoFila: FilaConId {
  static let databaseTableName = "acceso"
  var id: Int64?
  var tipo: TipoAcceso
  var carpeta: String?
  var nombre: String
  var huella: String
  var creadoEn: Date
  var revocadoEn: Date?

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let carpeta = Column(CodingKeys.carpeta)
    static let huella = Column(CodingKeys.huella)
    static let revocadoEn = Column(CodingKeys.revocadoEn)
  }

  var acceso: Acceso {
    Acceso(
      id: id ?? 0, tipo: tipo, carpeta: carpeta, nombre: nombre, creadoEn: creadoEn,
      revocadoEn: revocadoEn)
  }
}

struct AuditoriaFila: FilaConId {
  static let databaseTableName = "auditoria"
  var id: Int64?
  var momento: Date
  var accesoId: Int64?
  var dependencia: String?
  var accion: String
  var direccion: String
  var archivo: String?
  var envioId: Int64?
  var estadoHTTP: Int
  var solicitud: String?
}

// The ledger is only ever touched through GRDB's serialised queue, and its
// stored properties are constants.
extension LibroMayor: @unchecked Sendable {}

extension LibroMayor {
  /// The SHA-256 of a key, as stored: the key is long and random, so a
  /// plain hash is enough (no salt, no slow hash).
  public static func huella(clave: String) -> String { Huella.datos(Data(clave.utf8)) }

  /// 32 random bytes in hex after `prefijo`: a key, a session token.
  static func aleatorio(prefijo: String) -> String {
    var generador = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generador) }
    return prefijo + bytes.map { String(format: "%02x", $0) }.joined()
  }

  /// Makes a key and records its hash.
  ///
  /// - Returns: the record and the key, which is never stored.
  public func crearAcceso(tipo: TipoAcceso, carpeta: String?, nombre: String, ahora: Date = Date())
    throws
    -> (Acceso, clave: String)
  {
    let clave = Self.aleatorio(prefijo: "pai_")
    var fila = AccesoFila(
      id: nil, tipo: tipo, carpeta: carpeta, nombre: nombre, huella: Self.huella(clave: clave),
      creadoEn: ahora,
      revocadoEn: nil)
    try db.write { db in try fila.insert(db) }
    return (fila.acceso, clave)
  }

  /// Every key, oldest first, revoked ones included.
  public func accesos() throws -> [Acceso] {
    try db.read { db in try AccesoFila.order(AccesoFila.Columns.id).fetchAll(db).map(\.acceso) }
  }

  /// The live key with this hash; nil for an unknown or revoked one.
  public func acceso(huella: String) throws -> Acceso? {
    try db.read { db in
      try AccesoFila.filter(AccesoFila.Columns.huella == huella).filter(
        AccesoFila.Columns.revocadoEn == nil
      )
      .fetchOne(db)?.acceso
    }
  }

  /// Revokes the key with this id, or every live key of the office with
  /// this folder.
  ///
  /// - Returns: the keys revoked now (empty when none matched).
  public func revocar(_ cual: String, ahora: Date = Date()) throws -> [Acceso] {
    try db.write { db in
      var q = AccesoFila.filter(AccesoFila.Columns.revocadoEn == nil)
      if let id = Int64(cual) {
        q = q.filter(AccesoFila.Columns.id == id || AccesoFila.Columns.carpeta == cual)
      } else {
        q = q.filter(AccesoFila.Columns.carpeta == cual)
      }
      var filas = try q.fetchAll(db)
      for i in filas.indices {
        filas[i].revocadoEn = ahora
        try filas[i].update(db)
      }
      return filas.map(\.acceso)
    }
  }

  public func registrar(_ a: Auditoria) throws {
    var fila = AuditoriaFila(
      id: nil, momento: a.momento, accesoId: a.accesoId, dependencia: a.dependencia,
      accion: a.accion,
      direccion: a.direccion, archivo: a.archivo, envioId: a.envioId, estadoHTTP: a.estadoHTTP,
      solicitud: a.solicitud)
    try db.write { db in try fila.insert(db) }
  }

  /// The audit trail, oldest first.
  public func auditoria() throws -> [Auditoria] {
    try db.read { db in
      try AuditoriaFila.order(Column("id")).fetchAll(db).map {
        Auditoria(
          momento: $0.momento, accesoId: $0.accesoId, dependencia: $0.dependencia,
          accion: $0.accion,
          direccion: $0.direccion, archivo: $0.archivo, envioId: $0.envioId,
          estadoHTTP: $0.estadoHTTP,
          solicitud: $0.solicitud)
      }
    }
  }

  /// One submission by id; nil when there is none.
  public func asiento(id: Int64) throws -> AsientoEnvio? {
    try db.read { db in
      try EnvioFila.fetchOne(db, key: id).map {
        AsientoEnvio(
          id: $0.id ?? id, corte: $0.corte, remitente: $0.remitente, carpeta: $0.carpeta,
          nombre: $0.nombre,
          estado: $0.estado, guardado: $0.guardado)
      }
    }
  }
}

extension Buzon {
  /// A client's file name made safe as the last part of a path: only what
  /// follows the last `/` or `\`, no control characters, never hidden,
  /// at most 120 characters before the extension.
  public static func nombreDeCliente(_ s: String) -> String {
    let ultimo = s.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
    var limpio = nombreSeguro(ultimo.trimmingCharacters(in: .whitespaces))
    if limpio == "_" || limpio.allSatisfy({ $0 == "." || $0 == "_" }) { limpio = "envio.xlsx" }
    let ext = (limpio as NSString).pathExtension
    let base = ext.isEmpty ? limpio : String(limpio.dropLast(ext.count + 1))
    let corta = String(base.prefix(120))
    return ext.isEmpty ? corta : corta + "." + String(ext.prefix(10))
  }

  /// `libro.xlsx`, `libro (2).xlsx`, …: the collision rule of the outbox.
  public static func conSufijo(_ nombre: String, _ n: Int) -> String {
    Traslado.conSufijo(nombre, n)
  }
}
