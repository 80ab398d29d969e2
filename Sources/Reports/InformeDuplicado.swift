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

  public static func json(_ d: DuplicadoLibro, corte: Fecha) -> JSONValor {
    .objeto([
      ("version", .entero(1)),
      ("archivo", .texto(d.nombre)),
      ("remitente", .texto(d.remitente)),
      ("sha256", .texto(d.sha256)),
      ("corte", .texto(corte.iso)),
      ("estado", .texto("Duplicado")),
      ("aceptado", .bool(false)),
      ("igual_a", .texto(d.igualA)),
      ("igual_a_remitente", .texto(d.igualARemitente)),
      ("errores", .entero(0)),
      ("advertencias", .entero(0)),
      ("hallazgos", .lista([])),
    ])
  }
}
