import Foundation

/// The named moments between the writes of a run, where killing it must
/// leave a state the next run completes (the crash-safety order of
/// `Recepcion`). A test stops the process dead at one of them, by name,
/// instead of by timing: `PAI_PARAR_EN=<punto>[:<vez>]` makes the run send
/// itself SIGKILL the `vez`-th time (1 by default) it passes `punto`. Unset,
/// as in every real run, passing a point costs one comparison.
public enum PuntoDeParada: String, CaseIterable, Sendable {
  /// A new file is in the ledger, not yet moved out of the inbox.
  case registrado
  /// A file has moved (or been copied) on disk; the ledger does not know yet.
  case trasladado
  /// The corte's cross-file resolution is recorded; no report written yet.
  case resuelto
  /// Every per-submission report is written; the corte's outputs are not.
  case informes
  /// `consolidado.xlsx` is in place; the JSON files and the page are not.
  case consolidadoXLSX = "consolidado-xlsx"
  /// `informe.html` is in place; `consolidado.json` is not.
  case informeHTML = "informe-html"
  /// Every output is in place; the corte is not yet marked consolidated.
  case consolidadoJSON = "consolidado-json"
  /// An output's bytes are in its temporary file, not yet renamed.
  case temporalEscrito = "temporal-escrito"

  public func pasar() {
    guard let (punto, vez) = Self.objetivo, punto == self else { return }
    Self.cerrojo.lock()
    Self.pasadas += 1
    let llegada = Self.pasadas == vez
    Self.cerrojo.unlock()
    if llegada { kill(getpid(), SIGKILL) }
  }

  private static let objetivo: (PuntoDeParada, Int)? = {
    guard let valor = ProcessInfo.processInfo.environment["PAI_PARAR_EN"] else { return nil }
    let partes = valor.split(separator: ":")
    guard let nombre = partes.first, let punto = PuntoDeParada(rawValue: String(nombre)) else {
      return nil
    }
    return (punto, partes.count > 1 ? Int(partes[1]) ?? 1 : 1)
  }()
  nonisolated(unsafe) private static var pasadas = 0
  private static let cerrojo = NSLock()
}
