import Foundation
import Plan
import Schema

/// The machine-readable report of one submission (`InformeEnvioV1`), the
/// one type behind both `<archivo>.informe.json` in the outbox and each
/// entry of `pai validar --json`: stable Spanish keys in sorted order,
/// every optional written as an explicit `null`, and one state vocabulary
/// (`estado`: aceptado, rechazado, reemplazado, duplicado) with its words
/// for people beside it (`situacion`).
public struct InformeEnvioV1: DocumentoJSON, Codable, Equatable, Sendable {
  public var version = 1
  public var archivo: String
  /// The inbox folder or dependencia it came from; null for `validar`.
  @Nulo public var remitente: String? = nil
  @Nulo public var sha256: String? = nil
  @Nulo public var corte: String?
  @Nulo public var plantilla: String?
  public var estado: String
  public var situacion: String
  public var aceptado: Bool
  public var errores: Int
  public var advertencias: Int
  public var hallazgos: [HallazgoV1]

  /// A validation on its own (`pai validar`): accepted or rejected.
  public init(_ informe: InformeArchivo, corte: Fecha?) {
    archivo = informe.archivo
    self.corte = corte?.iso
    plantilla = informe.plantilla
    estado = informe.aceptado ? "aceptado" : "rechazado"
    situacion = estado
    aceptado = informe.aceptado
    errores = informe.errores
    advertencias = informe.advertencias
    hallazgos = informe.hallazgos.map(HallazgoV1.init)
  }

  /// A received submission, with its fate in the resolved corte.
  public init(_ envio: Envio, corte: Fecha?, reemplazado: Bool, situacion: String) {
    self.init(envio.informe, corte: corte)
    remitente = envio.remitente
    sha256 = envio.sha256
    if reemplazado { estado = "reemplazado" }
    self.situacion = situacion
  }
}

/// One finding as every JSON document carries it.
public struct HallazgoV1: Codable, Equatable, Sendable {
  public var codigo: String
  public var severidad: String
  public var archivo: String
  @Nulo public var hoja: String?
  @Nulo public var celda: String?
  /// Every cell the finding concerns, `celda` first.
  public var celdas: [String]
  @Nulo public var rango: String?
  @Nulo public var fila: Int?
  public var valores: [String: String]
  public var mensaje: String

  public init(_ h: Hallazgo) {
    codigo = h.codigo.rawValue
    severidad = h.severidad.rawValue
    archivo = h.ubicacion.archivo
    hoja = h.ubicacion.hoja
    celda = h.ubicacion.celda?.description
    celdas = h.ubicacion.celdas.map(\.description)
    rango = h.ubicacion.rango?.description
    fila = h.ubicacion.fila ?? h.ubicacion.celda?.row
    let v = Valores(h.valores)
    valores = Dictionary(
      uniqueKeysWithValues: h.valores.keys.compactMap { k in v[k].map { (k, $0) } })
    mensaje = Catalogo.texto(h)
  }
}

/// `pai validar --json`: the corte and one `InformeEnvioV1` per file.
public enum InformeJSON {
  struct Raiz: DocumentoJSON {
    var version = 1
    @Nulo var corte: String?
    var archivos: [InformeEnvioV1]
  }

  public static func codificar(_ informes: [InformeArchivo], corte: Fecha?) throws -> String {
    try Raiz(corte: corte?.iso, archivos: informes.map { InformeEnvioV1($0, corte: corte) })
      .serializar()
  }
}
