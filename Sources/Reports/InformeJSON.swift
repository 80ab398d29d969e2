import Foundation
import Plan
import Schema

/// The machine-readable report of a validation (`InformeEnvioV1`): stable
/// Spanish keys, one entry per file, every finding with its code, severity,
/// location, values and message.
public enum InformeJSON {
  struct Archivo: Encodable {
    let archivo: String
    let plantilla: String?
    let aceptado: Bool
    let errores: Int
    let advertencias: Int
    let hallazgos: [HallazgoV1]
  }

  struct HallazgoV1: Encodable {
    let codigo: String
    let severidad: String
    let archivo: String
    let hoja: String?
    let celda: String?
    /// Every cell the finding concerns, `celda` first.
    let celdas: [String]
    let rango: String?
    let fila: Int?
    let valores: [String: String]
    let mensaje: String

    init(_ h: Hallazgo) {
      codigo = h.codigo.rawValue
      severidad = h.severidad.rawValue
      archivo = h.ubicacion.archivo
      hoja = h.ubicacion.hoja
      celda = h.ubicacion.celda?.description
      celdas = h.ubicacion.celdas.map(\.description)
      rango = h.ubicacion.rango?.description
      fila = h.ubicacion.fila ?? h.ubicacion.celda?.row
      let v = Valores(h.valores)
      valores = Dictionary(uniqueKeysWithValues: h.valores.keys.compactMap { k in v[k].map { (k, $0) } })
      mensaje = Catalogo.texto(h)
    }
  }

  struct Raiz: Encodable {
    let version = 1
    let corte: String?
    let archivos: [Archivo]
  }

  public static func codificar(_ informes: [InformeArchivo], corte: Fecha?) throws -> Data {
    let raiz = Raiz(
      corte: corte?.iso,
      archivos: informes.map {
        Archivo(
          archivo: $0.archivo, plantilla: $0.plantilla, aceptado: $0.aceptado, errores: $0.errores,
          advertencias: $0.advertencias, hallazgos: $0.hallazgos.map(HallazgoV1.init))
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(raiz)
  }
}
