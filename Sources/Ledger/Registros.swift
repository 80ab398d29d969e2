import Foundation
internal import GRDB
import Plan

/// What became of a drop of a file. Final after the corte's consolidation:
/// an accepted file a later one from another sender conflicts with is
/// `rechazado` there.
public enum EstadoEnvio: String, Codable, Sendable, CaseIterable {
  case aceptado
  case rechazado
  /// The same bytes as a file already received: counted nowhere else.
  case duplicado
  /// Reserved for a drop seen and deliberately not taken. Files still being
  /// written are not recorded at all: they are left for the next pass.
  case omitido
}

/// How a file leaves the inbox.
public enum ModoTraslado: String, Codable, Sendable {
  /// Moved out of the inbox: the drop box behaviour.
  case mover
  /// Copied, the original left where it was (`--conservar`).
  case copiar
}

// Enums are stored as their raw values through `Codable`. One struct per
// table (STYLE §3). Internal: the ledger's public API
// speaks in Schema and Plan types.

/// A row of a table with an integer `id` key, which learns its id when
/// inserted (GRDB's `didInsert`).
protocol FilaConId: Codable, FetchableRecord, MutablePersistableRecord {
  var id: Int64? { get set }
}

extension FilaConId {
  mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct ArchivoFila: FilaConId {
  static let databaseTableName = "archivo"
  var id: Int64?
  var sha256: String
  var bytes: Int64
  var recibidoEn: Date

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let sha256 = Column(CodingKeys.sha256)
  }
}

struct EnvioFila: FilaConId {
  static let databaseTableName = "envio"
  var id: Int64?
  var archivoId: Int64
  var corte: String
  var vigencia: Int
  var remitente: String
  var carpeta: String?
  var nombre: String
  var origen: String
  var modificado: Date
  var recibidoEn: Date
  var estado: EstadoEnvio
  var plantilla: String?
  var componente: String?
  var dependencia: String?
  var corteDeclarado: String?
  var errores: Int
  var advertencias: Int
  var duplicadoDeId: Int64?
  var contenido: String?
  var identidades: String
  var modo: ModoTraslado
  var guardado: String?
  var pendiente: String?

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let archivoId = Column(CodingKeys.archivoId)
    static let corte = Column(CodingKeys.corte)
    static let origen = Column(CodingKeys.origen)
    static let estado = Column(CodingKeys.estado)
    static let guardado = Column(CodingKeys.guardado)
    static let pendiente = Column(CodingKeys.pendiente)
  }
}

struct HallazgoFila: FilaConId {
  static let databaseTableName = "hallazgo"
  var id: Int64?
  var envioId: Int64
  var origen: String
  var orden: Int
  var codigo: String
  var severidad: String
  var archivo: String
  var hoja: String?
  var celda: String?
  var rango: String?
  var fila: Int?
  var valores: String
  var celdas: String?

  enum Columns {
    static let envioId = Column(CodingKeys.envioId)
    static let origen = Column(CodingKeys.origen)
    static let orden = Column(CodingKeys.orden)
  }

  static let validacion = "validacion"
  static let lote = "lote"
}

struct FilaAceptadaFila: FilaConId {
  static let databaseTableName = "filaAceptada"
  var id: Int64?
  var envioId: Int64
  var posicion: Int
  var tipo: String
  var codigo: String
  var datos: String

  enum Columns {
    static let envioId = Column(CodingKeys.envioId)
    static let posicion = Column(CodingKeys.posicion)
  }
}

struct ReemplazoFila: FilaConId {
  static let databaseTableName = "reemplazo"
  var id: Int64?
  var corte: String
  var clave: String
  var anteriorId: Int64
  var nuevoId: Int64

  enum Columns {
    static let corte = Column(CodingKeys.corte)
  }
}

struct CorteFila: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "corte"
  var fecha: String
  var vigencia: Int
  var pendiente: Bool
  var consolidadoEn: Date?

  enum Columns {
    static let fecha = Column(CodingKeys.fecha)
    static let pendiente = Column(CodingKeys.pendiente)
  }
}

// Frequent queries (STYLE §3: request extensions).
extension DerivableRequest<EnvioFila> {
  /// The submissions of a corte, duplicates included.
  func deCorte(_ corte: String) -> Self {
    filter(EnvioFila.Columns.corte == corte)
  }

  /// Submissions that count: accepted or rejected, not duplicate drops.
  func vigentes() -> Self {
    filter(
      [EstadoEnvio.aceptado.rawValue, EstadoEnvio.rechazado.rawValue].contains(
        EnvioFila.Columns.estado))
  }

  /// A move recorded and not yet confirmed done.
  func conTrasladoPendiente() -> Self {
    filter(EnvioFila.Columns.pendiente != nil)
  }
}

// MARK: - The reception's inserts

/// The rows a reception writes for every file, through cached statements:
/// GRDB's record insert builds a DAO and encodes each date through a
/// `DateFormatter`, which cost more than SQLite's own work. The columns
/// hold what GRDB would have written (`RegistrosTests` compares them).
extension ArchivoFila {
  mutating func insertar(_ db: Database) throws {
    try db.cachedStatement(
      sql: "INSERT INTO archivo (sha256, bytes, recibidoEn) VALUES (?, ?, ?)"
    ).execute(arguments: [sha256, bytes, FechaLibro.texto(recibidoEn)])
    id = db.lastInsertedRowID
  }
}

extension EnvioFila {
  mutating func insertar(_ db: Database) throws {
    try db.cachedStatement(
      sql: """
        INSERT INTO envio (archivoId, corte, vigencia, remitente, carpeta, nombre, origen, \
        modificado, recibidoEn, estado, plantilla, componente, dependencia, corteDeclarado, \
        errores, advertencias, duplicadoDeId, contenido, identidades, modo, guardado, pendiente) \
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(
      arguments: [
        archivoId, corte, vigencia, remitente, carpeta, nombre, origen,
        FechaLibro.texto(modificado), FechaLibro.texto(recibidoEn), estado.rawValue, plantilla,
        componente, dependencia, corteDeclarado, errores, advertencias, duplicadoDeId, contenido,
        identidades, modo.rawValue, guardado, pendiente,
      ])
    id = db.lastInsertedRowID
  }
}

extension HallazgoFila {
  mutating func insertar(_ db: Database) throws {
    try db.cachedStatement(
      sql: """
        INSERT INTO hallazgo (envioId, origen, orden, codigo, severidad, archivo, hoja, celda, \
        rango, fila, valores, celdas) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(
      arguments: [
        envioId, origen, orden, codigo, severidad, archivo, hoja, celda, rango, fila, valores,
        celdas,
      ])
    id = db.lastInsertedRowID
  }
}

/// A date as GRDB stores it: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, the
/// milliseconds rounded, written without a formatter.
enum FechaLibro {
  static func texto(_ fecha: Date) -> String {
    // The instant in whole milliseconds, rounded as the formatter does.
    let ms = (fecha.timeIntervalSince1970 * 1000).rounded()
    // Years 1970 to 9999 here, days as 1900-system serials (25,569 is
    // 1970-01-01); any other date is GRDB's to write.
    guard ms >= 0, ms < 253_402_300_800_000, let ms = Int64(exactly: ms),
      case (let d, let r) = ms.quotientAndRemainder(dividingBy: 86_400_000),
      let dia = Fecha(serial: Int(d) + 25_569, date1904: false)
    else { return String.fromDatabaseValue(fecha.databaseValue) ?? "" }
    var s: [UInt8] = []
    s.reserveCapacity(23)
    func cifras(_ n: Int64, ancho: Int) {
      var p: Int64 = 1
      for _ in 1..<ancho { p *= 10 }
      var n = n
      while p > 0 {
        s.append(UInt8(ascii: "0") + UInt8(n / p))
        n %= p
        p /= 10
      }
    }
    cifras(Int64(dia.year), ancho: 4)
    s.append(UInt8(ascii: "-"))
    cifras(Int64(dia.month), ancho: 2)
    s.append(UInt8(ascii: "-"))
    cifras(Int64(dia.day), ancho: 2)
    s.append(UInt8(ascii: " "))
    cifras(r / 3_600_000, ancho: 2)
    s.append(UInt8(ascii: ":"))
    cifras(r / 60_000 % 60, ancho: 2)
    s.append(UInt8(ascii: ":"))
    cifras(r / 1000 % 60, ancho: 2)
    s.append(UInt8(ascii: "."))
    cifras(r % 1000, ancho: 3)
    return String(decoding: s, as: UTF8.self)
  }
}
