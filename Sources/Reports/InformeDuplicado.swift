import Foundation
import Ledger
import Plan

/// The report beside a duplicate drop: the same bytes as a file already
/// received, kept and counted nowhere else.
public enum InformeDuplicado {
  public static func markdown(_ d: DuplicadoLibro, corte: Fecha) -> String {
    var out = "# Informe de recepción: \(d.nombre)\n\n"
    out += "- Remitente: \(d.remitente)\n"
    out += "- Corte: \(Formato.fecha(corte))\n"
    out += "- Huella SHA-256: `\(d.sha256)`\n"
    out += "- Resultado: **Duplicado**\n\n"
    out += "Este archivo es idéntico, byte a byte, a «\(d.igualA)»"
    if !d.igualARemitente.isEmpty { out += " (enviado por \(d.igualARemitente)" }
    if let f = Fecha(iso: d.igualACorte) { out += ", corte \(Formato.fecha(f))" }
    if !d.igualARemitente.isEmpty { out += ")" }
    out += ", que ya se había recibido en este corte. Se guarda, pero no se cuenta otra vez. "
    out +=
      "Si quería enviar una corrección, revise que el archivo nuevo tenga los cambios y envíelo de nuevo.\n"
    return out
  }
}

/// `<archivo>.informe.json` beside a duplicate drop: the shape of a
/// submission's report, with the file it repeats.
public struct InformeDuplicadoV1: DocumentoJSON, Sendable {
  public var version = 1
  public var archivo: String
  public var remitente: String
  public var sha256: String
  public var corte: String
  public var estado = "Duplicado"
  public var aceptado = false
  public var igualA: String
  public var igualARemitente: String
  public var errores = 0
  public var advertencias = 0
  public var hallazgos: [HallazgoV1] = []

  enum CodingKeys: String, CodingKey {
    case version, archivo, remitente, sha256, corte, estado, aceptado
    case igualA = "igual_a"
    case igualARemitente = "igual_a_remitente"
    case errores, advertencias, hallazgos
  }

  public init(_ d: DuplicadoLibro, corte: Fecha) {
    archivo = d.nombre
    remitente = d.remitente
    sha256 = d.sha256
    self.corte = corte.iso
    igualA = d.igualA
    igualARemitente = d.igualARemitente
  }
}
