import Foundation
import Schema

/// The terminal view of a file's validation, in Spanish.
public enum InformeTexto {
  public static func resumen(_ informe: InformeArchivo) -> String {
    let estado = informe.aceptado ? "ACEPTADO" : "RECHAZADO"
    var partes: [String] = []
    if let p = informe.plantilla { partes.append("plantilla \(p)") }
    partes.append("\(informe.errores) error(es)")
    partes.append("\(informe.advertencias) advertencia(s)")
    var out = "\(informe.archivo): \(estado) (\(partes.joined(separator: ", ")))\n"
    for h in informe.hallazgos {
      let marca = h.severidad == .error ? "  ✗ " : "  ! "
      out += marca + Catalogo.mensaje(h) + "\n"
    }
    return out
  }
}
