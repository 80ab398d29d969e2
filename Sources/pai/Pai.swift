import ArgumentParser
import Foundation
import Reports
import XLSX

@main
struct Pai: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pai",
    abstract: "Plan de Acción Institucional: lee, valida y consolida los reportes de las dependencias.",
    discussion: """
      Códigos de salida: 0 todo bien; 64 uso incorrecto; 65 un archivo no se pudo leer.
      """,
    subcommands: [Leer.self])
}

/// Exit statuses offices can script against.
enum Salida {
  /// A file could not be read (sysexits' EX_DATAERR).
  static let archivoIlegible = ExitCode(65)
}
