import ArgumentParser
import Corrida
import Dispatch
import Foundation
import Logging
import Portal

/// `pai servir`: the web drop box. Offices send their workbooks with their
/// own key and get the result at once; the same reception as `procesar`
/// handles every file, and the shared inbox is still watched.
struct Servir: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "servir",
    abstract:
      "Inicia el portal: cada dependencia envía sus libros con su clave y ve el resultado al momento.",
    discussion: """
      Páginas en / (cada dependencia entra con su clave) y API JSON en
      /api/v1 (documentada en /api/v1/openapi.yaml) con el encabezado
      «Authorization: Bearer <clave>»; las claves se crean con «pai acceso
      crear». Mientras corre tiene el candado de la carpeta de
      salida, como vigilar, y recibe también los archivos que se dejen en la
      bandeja. Se detiene con Ctrl-C o SIGTERM, después de terminar los envíos
      en curso.
      """)

  @OptionGroup var comun: OpcionesComunes

  @Option(help: "Puerto.")
  var puerto = 8080

  @Option(
    help: "Dirección en la que escucha (127.0.0.1: solo esta máquina; detrás de nginx, déjela así)."
  )
  var direccion = "127.0.0.1"

  @Flag(
    help:
      "Detrás de un proxy inverso con TLS: la dirección del cliente se toma de X-Forwarded-For y la cookie de sesión lleva Secure."
  )
  var confiarProxy = false

  @Option(help: "Segundos entre dos miradas a la bandeja compartida.")
  var cada: Double = 2

  func validate() throws {
    try comun.validar()
    if !(1...65535).contains(puerto) {
      throw ValidationError("--puerto debe estar entre 1 y 65535.")
    }
    if cada <= 0 { throw ValidationError("--cada debe ser mayor que 0.") }
  }

  func run() throws {
    try conSalidaSegura(comun.outbox) { try servir() }
  }

  private func servir() throws {
    let set = try cargarEsquemas(comun.esquemas)
    LoggingSystem.bootstrap { etiqueta in
      var h = StreamLogHandler.standardError(label: etiqueta)
      h.logLevel = .info
      return h
    }
    let logger = Logger(label: "pai.portal")
    // The pause between polls is the interval between the two looks.
    let trabajo = try Trabajo(comun: comun, esquemas: set, silencioso: true, intervalo: 0)
    let mostrador: Mostrador
    do {
      mostrador = try Mostrador(recepcion: trabajo.recepcion, cada: cada, logger: logger)
    } catch {
      trabajo.recepcion.soltar()
      throw error
    }
    var opciones = OpcionesPortal()
    opciones.direccion = direccion
    opciones.puerto = puerto
    opciones.confiarProxy = confiarProxy
    opciones.openAPI = Servir.documentoOpenAPI(esquemas: comun.esquemas)
    let app = Portal(mostrador: mostrador, opciones: opciones).aplicacion(logger: logger)
    aviso(
      "Portal en http://\(direccion):\(puerto)/ (API en /api/v1; bandeja «\(comun.inbox)», salida «\(comun.outbox)»). Ctrl-C para detener."
    )
    let fin = DispatchSemaphore(value: 0)
    let caja = CajaError()
    Task {
      do {
        try await app.runService()
      } catch {
        caja.error = error
      }
      // Whatever stopped the server, the lock goes.
      try? await mostrador.terminar()
      fin.signal()
    }
    fin.wait()
    if let e = caja.error {
      aviso("El portal se detuvo por un error: \(e)")
      throw ExitCode.failure
    }
    aviso("Detenido. Lo recibido quedó registrado y el consolidado está al día.")
  }

  /// `docs/openapi.yaml` beside the schemas' folder (a clone), else in the
  /// working folder.
  static func documentoOpenAPI(esquemas: String) -> String? {
    let candidatas = [
      ((esquemas as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
        "docs/openapi.yaml"),
      (esquemas as NSString).appendingPathComponent("../docs/openapi.yaml"),
      "docs/openapi.yaml",
    ]
    return candidatas.first { FileManager.default.fileExists(atPath: $0) }
  }
}

private final class CajaError: @unchecked Sendable {
  var error: (any Error)?
}
