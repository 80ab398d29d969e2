import Foundation
import Plan
import Schema

/// The machine-readable report of one submission (`InformeEnvioV1`), the
/// one type behind both `<archivo>.informe.json` in the outbox and each
/// entry of `pai validar --json`: stable Spanish keys in sorted order,
/// every optional written as an explicit `null`, and one state vocabulary
/// (`estado`: aceptado, rechazado, reemplazado, duplicado) with its words
/// for people beside it (`situacion`).
public struct InformeEnvioV1: Codable, Equatable, Sendable {
  public var version = 1
  public var archivo: String
  /// The inbox folder or dependencia it came from; null for `validar`.
  public var remitente: String?
  public var sha256: String?
  public var corte: String?
  public var plantilla: String?
  public var estado: String
  public var situacion: String
  public var aceptado: Bool
  public var errores: Int
  public var advertencias: Int
  public var hallazgos: [HallazgoV1]

  enum CodingKeys: String, CodingKey {
    case version, archivo, remitente, sha256, corte, plantilla, estado, situacion, aceptado, errores
    case advertencias, hallazgos
  }

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

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(version, forKey: .version)
    try c.encode(archivo, forKey: .archivo)
    try c.encode(remitente, forKey: .remitente)
    try c.encode(sha256, forKey: .sha256)
    try c.encode(corte, forKey: .corte)
    try c.encode(plantilla, forKey: .plantilla)
    try c.encode(estado, forKey: .estado)
    try c.encode(situacion, forKey: .situacion)
    try c.encode(aceptado, forKey: .aceptado)
    try c.encode(errores, forKey: .errores)
    try c.encode(advertencias, forKey: .advertencias)
    try c.encode(hallazgos, forKey: .hallazgos)
  }

  /// The document as written to disk: sorted keys, two-space indent, a
  /// final newline.
  public func serializar() throws -> String { try InformeEnvioV1.texto(self) }

  static func texto(_ valor: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(valor), as: UTF8.self) + "\n"
  }
}

/// One finding as every JSON document carries it.
public struct HallazgoV1: Codable, Equatable, Sendable {
  public var codigo: String
  public var severidad: String
  public var archivo: String
  public var hoja: String?
  public var celda: String?
  /// Every cell the finding concerns, `celda` first.
  public var celdas: [String]
  public var rango: String?
  public var fila: Int?
  public var valores: [String: String]
  public var mensaje: String

  enum CodingKeys: String, CodingKey {
    case codigo, severidad, archivo, hoja, celda, celdas, rango, fila, valores, mensaje
  }

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

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(codigo, forKey: .codigo)
    try c.encode(severidad, forKey: .severidad)
    try c.encode(archivo, forKey: .archivo)
    try c.encode(hoja, forKey: .hoja)
    try c.encode(celda, forKey: .celda)
    try c.encode(celdas, forKey: .celdas)
    try c.encode(rango, forKey: .rango)
    try c.encode(fila, forKey: .fila)
    try c.encode(valores, forKey: .valores)
    try c.encode(mensaje, forKey: .mensaje)
  }
}

/// `pai validar --json`: the corte and one `InformeEnvioV1` per file.
public enum InformeJSON {
  struct Raiz: Encodable {
    let version = 1
    let corte: String?
    let archivos: [InformeEnvioV1]

    enum CodingKeys: String, CodingKey { case version, corte, archivos }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(version, forKey: .version)
      try c.encode(corte, forKey: .corte)
      try c.encode(archivos, forKey: .archivos)
    }
  }

  public static func codificar(_ informes: [InformeArchivo], corte: Fecha?) throws -> String {
    try InformeEnvioV1.texto(
      Raiz(corte: corte?.iso, archivos: informes.map { InformeEnvioV1($0, corte: corte) }))
  }
}

extension HallazgoV1 {
  /// The same object inside a document built as a `JSONValor` (the API's),
  /// field for field.
  public var json: JSONValor {
    .objeto([
      ("codigo", .texto(codigo)), ("severidad", .texto(severidad)), ("archivo", .texto(archivo)),
      ("hoja", .opcional(hoja)), ("celda", .opcional(celda)),
      ("celdas", .lista(celdas.map { .texto($0) })),
      ("rango", .opcional(rango)), ("fila", fila.map { .entero($0) } ?? .null),
      ("valores", .objeto(valores.keys.sorted().map { ($0, .texto(valores[$0] ?? "")) })),
      ("mensaje", .texto(mensaje)),
    ])
  }
}
