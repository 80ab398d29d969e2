import Foundation
import Plan
import Schema

/// The report a sender reads about one submission: what was wrong, where,
/// and what to do; Markdown for people, JSON (`InformeEnvioV1`) for
/// programs.
public enum InformeEnvio {
  public static func markdown(_ e: Envio, corte: Fecha?, estado: String) -> String {
    let i = e.informe
    var out = "# Informe de validación: \(i.archivo)\n\n"
    out += "- Remitente: \(e.remitente)\n"
    if let p = i.plantilla { out += "- Plantilla: \(p)\n" }
    if let corte { out += "- Corte: \(Formato.fecha(corte))\n" }
    out += "- Huella SHA-256: `\(e.sha256)`\n"
    out +=
      "- Resultado: **\(estado)**, \(i.errores) error(es) y \(i.advertencias) advertencia(s).\n\n"
    if i.aceptado {
      out += "El envío fue aceptado y entra en el consolidado del corte.\n"
    } else {
      out +=
        "El envío fue rechazado y no entra en ninguna cifra. Corrija los errores y envíe de nuevo el archivo completo; el nuevo envío reemplaza a este.\n"
    }
    let errores = i.hallazgos.filter { $0.severidad == .error }
    let avisos = i.hallazgos.filter { $0.severidad == .advertencia }
    for (titulo, lista) in [
      ("Errores (impiden aceptar el envío)", errores),
      ("Advertencias (no impiden aceptarlo)", avisos),
    ] where !lista.isEmpty {
      out += "\n## \(titulo)\n\n| # | Dónde | Código | Qué pasa y qué hacer |\n|---|---|---|---|\n"
      for (n, h) in lista.enumerated() {
        let donde = h.ubicacion.referencia ?? "todo el archivo"
        out += "| \(n + 1) | \(celda(donde)) | `\(h.codigo)` | \(celda(Catalogo.texto(h))) |\n"
      }
    }
    return out
  }

  private static func celda(_ s: String) -> String {
    s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  /// The report's JSON twin (`InformeEnvioV1`).
  public static func json(_ e: Envio, corte: Fecha?, reemplazado: Bool, situacion: String) throws
    -> String
  {
    try InformeEnvioV1(e, corte: corte, reemplazado: reemplazado, situacion: situacion).serializar()
  }
}
