import ArgumentParser
import Foundation
import Ledger
import Reports
import Schema

/// `pai acceso`: the portal's access keys.
struct AccesoComando: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "acceso",
    abstract: "Crea, lista y revoca las claves de acceso al portal (pai servir).",
    subcommands: [Crear.self, Listar.self, Revocar.self])

  /// Where the ledger is, as in the other commands.
  struct Libro: ParsableArguments {
    @Option(help: "Carpeta de salida (el libro de envíos es OUTBOX/pai.sqlite).")
    var outbox = "outbox"

    @Option(
      name: .customLong("db"), help: "Libro de envíos (SQLite). Por omisión, OUTBOX/pai.sqlite.")
    var db: String?

    var ruta: String { db ?? (outbox as NSString).appendingPathComponent("pai.sqlite") }
  }

  struct Crear: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "crear",
      abstract: "Crea una clave para una dependencia o para la Oficina de Planeación.",
      discussion: """
        La clave se muestra una sola vez, sola en la última línea; el libro de
        envíos guarda solo su huella. Entréguela a la dependencia por un medio
        seguro.
        """)

    @Option(help: "Carpeta de la dependencia en la bandeja (por ejemplo, oficina-tic).")
    var dependencia: String?

    @Flag(
      help:
        "Clave de la Oficina de Planeación: ve todas las dependencias y puede enviar a nombre de una."
    )
    var planeacion = false

    @Option(help: "Nombre de quien usa la clave de planeación (por ejemplo, el suyo).")
    var nombre: String?

    @Option(name: .customLong("esquemas"), help: ArgumentHelp(Esquemas.ayuda))
    var esquemasDados: String?
    var esquemas: String { Esquemas.carpeta(esquemasDados) }

    @OptionGroup var libro: Libro

    func validate() throws {
      switch (dependencia, planeacion) {
      case (nil, false):
        throw ValidationError("Indique --dependencia <carpeta> o --planeacion --nombre <nombre>.")
      case (.some, true):
        throw ValidationError("Use --dependencia o --planeacion, no las dos.")
      case (nil, true):
        guard let n = nombre?.trimmingCharacters(in: .whitespaces), !n.isEmpty else {
          throw ValidationError("Una clave de planeación necesita --nombre <nombre>.")
        }
      case (let d?, false):
        if Buzon.nombreDeCliente(d) != d || d.contains(".") || d.isEmpty {
          throw ValidationError(
            "«\(d)» no es un nombre de carpeta válido (sin «/», «.» ni espacios al inicio).")
        }
      }
    }

    func run() throws {
      let mayor = try abrirLibro(libro.ruta)
      if let d = dependencia, let cat = try? CatalogoEntidad.cargar(desde: esquemas),
        !cat.dependencias.contains(where: { $0.carpeta == d })
      {
        aviso(
          "Atención: «\(d)» no está en el catálogo (\(esquemas)/catalogo.json); la clave se crea igual."
        )
      }
      let (acceso, clave) = try mayor.crearAcceso(
        tipo: planeacion ? .planeacion : .dependencia, carpeta: dependencia,
        nombre: dependencia ?? nombre?.trimmingCharacters(in: .whitespaces) ?? "")
      print(
        "Clave \(acceso.id) para \(dependencia.map { "la dependencia «\($0)»" } ?? "la Oficina de Planeación (\(acceso.nombre))"). "
          + "Se muestra una sola vez: cópiela ahora.")
      print(clave)
    }
  }

  struct Listar: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "listar",
      abstract: "Lista las claves (nunca las claves mismas).")

    @OptionGroup var libro: Libro

    func run() throws {
      let accesos = try abrirLibro(libro.ruta, existente: true).accesos()
      if accesos.isEmpty {
        print("No hay claves. Cree una con «pai acceso crear --dependencia <carpeta>».")
        return
      }
      for a in accesos {
        let quien = a.tipo == .planeacion ? "planeación (\(a.nombre))" : (a.carpeta ?? a.nombre)
        let estado = a.revocadoEn.map { "revocada el \(fechaHora($0))" } ?? "vigente"
        print("\(a.id)\t\(quien)\tcreada el \(fechaHora(a.creadoEn))\t\(estado)")
      }
    }
  }

  struct Revocar: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "revocar",
      abstract: "Revoca una clave por su número, o todas las de una dependencia por su carpeta.",
      discussion:
        "La clave deja de servir en la siguiente solicitud al portal, aunque esté corriendo.")

    @Argument(help: "Número de la clave (pai acceso listar) o carpeta de la dependencia.")
    var cual: String

    @OptionGroup var libro: Libro

    func run() throws {
      let revocadas = try abrirLibro(libro.ruta, existente: true).revocar(cual)
      guard !revocadas.isEmpty else {
        aviso("No hay ninguna clave vigente con el número o la carpeta «\(cual)».")
        throw ExitCode.failure
      }
      for a in revocadas {
        print("Revocada la clave \(a.id) (\(a.carpeta ?? "planeación: " + a.nombre)).")
      }
    }
  }
}

/// «2026-05-04 10:22», local time.
private func fechaHora(_ d: Date) -> String {
  let f = DateFormatter()
  f.locale = Locale(identifier: "es_CO")
  f.dateFormat = "yyyy-MM-dd HH:mm"
  return f.string(from: d)
}
