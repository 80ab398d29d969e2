import ArgumentParser
import Corrida
import Foundation
import Ledger
import Plan
import Reports
import Schema
import XLSX

/// `pai validar`: check files against the templates without consolidating.
struct Validar: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validar",
    abstract:
      "Revisa libros contra las plantillas del PAI sin consolidar; sale con 1 si hay errores.")

  @Argument(help: "Los libros .xlsx que se quieren revisar.")
  var archivos: [String]

  @Option(help: "Fecha de corte (AAAA-MM-DD). Por omisión, la que declaran los proyectos.")
  var corte: String?

  @Option(name: .customLong("esquemas"), help: ArgumentHelp(Esquemas.ayuda))
  var esquemasDados: String?
  var esquemas: String { Esquemas.carpeta(esquemasDados) }

  @Option(
    help:
      "Carpeta de salida con el libro de envíos: compara con lo aceptado en los cortes anteriores de la vigencia."
  )
  var outbox: String?

  @Option(
    name: .customLong("db"), help: "Libro de envíos (SQLite). Por omisión, OUTBOX/pai.sqlite.")
  var db: String?

  @Flag(help: "Escribir el resultado en JSON.")
  var json = false

  func validate() throws { try validarCorte(corte) }

  func run() throws {
    let faltan = archivos.filter { !FileManager.default.fileExists(atPath: $0) }
    for f in faltan { aviso("No existe el archivo «\(f)».") }
    if !faltan.isEmpty { throw Salida.sinEntrada }
    let set = try cargarEsquemas(esquemas)
    // Without --corte, the corte most project forms declare, read from the
    // forms alone, so that each file is validated once.
    // Each file on its own thread, one per core (`PAI_TRABAJADORES`).
    let archivos = self.archivos
    let fecha =
      corte.flatMap(Fecha.init(iso:))
      ?? corteMasDeclarado(
        mapaEnParalelo(archivos.count) { corteDeclarado(ruta: archivos[$0], esquemas: set) }
          .compactMap { $0 })
    let previo = try fecha.flatMap { try corteAnterior(a: $0, outbox: outbox, db: db) }
    let informes = mapaEnParalelo(archivos.count) {
      validar(ruta: archivos[$0], esquemas: set, corte: fecha, anterior: previo)
    }
    if json {
      print(try InformeJSON.codificar(informes, corte: fecha), terminator: "")
    } else {
      if fecha == nil {
        print("Sin fecha de corte (use --corte): no se revisó la ejecución frente al corte.\n")
      }
      for informe in informes { print(InformeTexto.resumen(informe)) }
    }
    if informes.contains(where: { !$0.aceptado }) { throw Salida.rechazos }
  }
}

/// With a ledger (`--db`, or `--outbox`'s `pai.sqlite`), what the
/// vigencia's cortes before `corte` accepted; without one, nil: nothing to
/// compare with or carry forward, and nothing is said about it.
func corteAnterior(a corte: Fecha, outbox: String?, db: String?) throws -> CorteAnterior? {
  guard let ruta = db ?? outbox.map({ ($0 as NSString).appendingPathComponent("pai.sqlite") })
  else { return nil }
  let libro = try abrirLibro(ruta, existente: true)
  do {
    return try libro.corteAnterior(a: corte)
  } catch let error as ErrorLibro {
    throw salidaDeLibro(error, ruta: error.ruta)
  }
}

/// `--corte` as the commands take it: a real date written AAAA-MM-DD.
func validarCorte(_ corte: String?) throws {
  if let corte, Fecha(iso: corte) == nil {
    throw ValidationError(
      "La fecha de corte debe tener la forma AAAA-MM-DD y ser una fecha real: «\(corte)».")
  }
}

/// `schemas/catalogo.json`, or nil when the folder has none; a broken one
/// stops the command (exit 78) with the reason.
func cargarCatalogo(_ carpeta: String) throws -> CatalogoEntidad? {
  do {
    return try CatalogoEntidad.cargar(desde: carpeta)
  } catch let error as ErrorEsquema {
    FileHandle.standardError.write(Data((Mensajes.esquema(error) + "\n").utf8))
    throw Salida.esquemaInvalido
  }
}

func cargarEsquemas(_ carpeta: String) throws -> SchemaSet {
  do {
    return try SchemaSet.cargar(desde: URL(fileURLWithPath: carpeta))
  } catch let error as ErrorEsquema {
    FileHandle.standardError.write(Data((Mensajes.esquema(error) + "\n").utf8))
    throw Salida.esquemaInvalido
  }
}
