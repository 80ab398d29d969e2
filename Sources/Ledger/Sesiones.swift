import Foundation
internal import GRDB

/// A page session of the portal, opened with an access key. The ledger
/// keeps a hash of its token, never the token.
public struct SesionWeb: Sendable, Equatable {
  public var id: Int64
  /// The key it was opened with, as it is now (live).
  public var acceso: Acceso
  /// The token every form of the session carries (CSRF).
  public var csrf: String
  public var creadaEn: Date
  public var expiraEn: Date
}

struct SesionFila: FilaConId {
  static let databaseTableName = "sesion"
  var id: Int64?
  var accesoId: Int64
  var huella: String
  var csrf: String
  var creadaEn: Date
  var expiraEn: Date

  enum Columns {
    static let huella = Column(CodingKeys.huella)
    static let expiraEn = Column(CodingKeys.expiraEn)
  }
}

extension LibroMayor {
  /// Opens a session for a live key; sessions past their end are dropped
  /// on the way.
  ///
  /// - Returns: the session and its token, which is never stored.
  public func abrirSesion(acceso: Acceso, duracion: TimeInterval, ahora: Date = Date()) throws
    -> (SesionWeb, token: String)
  {
    let token = Self.aleatorio(prefijo: "ses_")
    var fila = SesionFila(
      id: nil, accesoId: acceso.id, huella: Self.huella(clave: token),
      csrf: Self.aleatorio(prefijo: ""),
      creadaEn: ahora, expiraEn: ahora.addingTimeInterval(duracion))
    try db.write { db in
      _ = try SesionFila.filter(SesionFila.Columns.expiraEn <= ahora).deleteAll(db)
      try fila.insert(db)
    }
    return (
      SesionWeb(
        id: fila.id ?? 0, acceso: acceso, csrf: fila.csrf, creadaEn: ahora, expiraEn: fila.expiraEn),
      token
    )
  }

  /// The session with this token hash, if it has not ended and its key
  /// is still live; nil otherwise.
  public func sesion(huella: String, ahora: Date = Date()) throws -> SesionWeb? {
    try db.read { db in
      guard let fila = try SesionFila.filter(SesionFila.Columns.huella == huella).fetchOne(db),
        fila.expiraEn > ahora,
        let acceso = try AccesoFila.filter(AccesoFila.Columns.id == fila.accesoId)
          .filter(AccesoFila.Columns.revocadoEn == nil).fetchOne(db)?.acceso
      else { return nil }
      return SesionWeb(
        id: fila.id ?? 0, acceso: acceso, csrf: fila.csrf, creadaEn: fila.creadaEn,
        expiraEn: fila.expiraEn)
    }
  }

  /// Ends the session with this token hash (logging out).
  public func cerrarSesion(huella: String) throws {
    try db.write { db in
      _ = try SesionFila.filter(SesionFila.Columns.huella == huella).deleteAll(db)
    }
  }
}
