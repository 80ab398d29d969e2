import ArgumentParser
import Foundation
import Reports
import Schema
import XLSX

// Every command names itself (`commandName`): otherwise ArgumentParser
// derives the name from the type's name at each start, through a dynamic
// cast that scans every protocol conformance of this large binary (about
// a tenth of a one-file `pai validar`).
@main
struct Pai: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pai",
    abstract:
      "Plan de Acción Institucional: lee, valida y consolida los reportes de las dependencias.",
    discussion: """
      Códigos de salida: 0 todo bien; 1 algún envío tiene errores y se rechaza;
      64 uso incorrecto; 65 un archivo no se pudo leer; 66 no existe la carpeta
      de entrada (o el libro de envíos); 67 no se sabe la fecha de corte; 74 el
      libro de envíos no se puede abrir; 75 otra ejecución está trabajando en la
      misma salida; 73 no se puede escribir en la carpeta de salida (disco lleno,
      solo lectura); 78 los esquemas tienen un error; 130 se interrumpió con
      Ctrl-C (lo recibido quedó registrado).

      Límites de lectura (schemas/pai.json, «limites»): tamaño descomprimido por
      parte del libro (parteMB, 1024), tabla de textos compartidos (cadenasMB,
      256), razón de compresión (razonCompresion, 200), celdas por hoja
      (celdasPorHoja, 20.000.000) y caracteres por celda (caracteresPorCelda,
      32.767); y el tamaño máximo de un envío por el portal (envioMB, 50). Un libro que pasa un límite se rechaza con un mensaje que lo dice.
      """,
    version: "pai 0.11.0",
    subcommands: [
      Procesar.self, Estado.self, Vigilar.self, Validar.self, Leer.self, Plantilla.self,
      Servir.self,
      AccesoComando.self,
    ])
}

/// With `TZ` unset, glibc's `mktime` checks `/etc/localtime` on disk at
/// every call, and libzip calls it for each entry of each workbook it
/// opens: eleven thousand `stat`s in a run of a thousand files. `TZ` set
/// to that same file (`:/etc/localtime`) is the same zone for glibc and
/// Foundation alike, read once. Set before any thread starts, since
/// `setenv` is not thread-safe; a `TZ` the user set is left alone.
func fijarZonaHoraria() {
  setenv("TZ", ":/etc/localtime", 0)
}

/// Exit statuses offices can script against.
enum Salida {
  /// A file could not be read (sysexits' EX_DATAERR).
  static let archivoIlegible = ExitCode(65)
  /// Some submission has errors and is rejected.
  static let rechazos = ExitCode(1)
  /// Nothing was rejected, but reports the catalogue expects at the corte
  /// are missing: every figure is partial. `rechazos` takes precedence.
  static let incompleto = ExitCode(2)
  /// A file in `schemas/` cannot be used (sysexits' EX_CONFIG).
  static let esquemaInvalido = ExitCode(78)
  /// The inbox does not exist or cannot be read (EX_NOINPUT).
  static let sinEntrada = ExitCode(66)
  /// No corte given and none declared by the submissions.
  static let sinCorte = ExitCode(67)
  /// The ledger cannot be opened, or a newer pai wrote it (EX_IOERR).
  static let libroIlegible = ExitCode(74)
  /// Another run holds the outbox's lock (EX_TEMPFAIL: try again later).
  static let ocupado = ExitCode(75)
  /// Stopped by SIGINT/SIGTERM after finishing the file in hand.
  static let interrumpido = ExitCode(130)
  /// The outbox cannot be written: full disk, read-only, no permission
  /// (EX_CANTCREAT).
  static let noSePuedeEscribir = ExitCode(73)
}
