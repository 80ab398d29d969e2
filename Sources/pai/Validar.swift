import ArgumentParser
import Foundation
import Plan
import Reports
import Schema
import XLSX

/// `pai validar`: check files against the templates without consolidating.
struct Validar: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Revisa libros contra las plantillas del PAI sin consolidar; sale con 1 si hay errores.")

  @Argument(help: "Los libros .xlsx que se quieren revisar.")
  var archivos: [String]

  @Option(help: "Fecha de corte (AAAA-MM-DD). Por omisión, la que declaran los proyectos.")
  var corte: String?

  @Option(help: "Carpeta de esquemas.")
  var esquemas = "schemas"

  @Flag(help: "Escribir el resultado en JSON.")
  var json = false

  func validate() throws {
    if let corte, Fecha(iso: corte) == nil {
      throw ValidationError("La fecha de corte debe tener la forma AAAA-MM-DD y ser una fecha real: «\(corte)».")
    }
  }

  func run() throws {
    let set = try cargarEsquemas(esquemas)
    var fecha = corte.flatMap(Fecha.init(iso:))
    var informes = archivos.map { validar(ruta: $0, esquemas: set, corte: fecha) }
    if fecha == nil, let declarado = corteMasDeclarado(informes) {
      // The corte comes from the submissions: validate again against it.
      fecha = declarado
      informes = archivos.map { validar(ruta: $0, esquemas: set, corte: fecha) }
    }
    if json {
      print(String(decoding: try InformeJSON.codificar(informes, corte: fecha), as: UTF8.self))
    } else {
      if fecha == nil {
        print("Sin fecha de corte (use --corte): no se revisó la ejecución frente al corte.\n")
      }
      for informe in informes { print(InformeTexto.resumen(informe)) }
    }
    if informes.contains(where: { !$0.aceptado }) { throw Salida.rechazos }
  }
}

/// The corte most project forms declare, when the user gave none.
func corteMasDeclarado(_ informes: [InformeArchivo]) -> Fecha? {
  let cortes = informes.compactMap(\.corte)
  let cuentas = Dictionary(grouping: cortes, by: { $0 }).mapValues(\.count)
  return cuentas.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
}

func cargarEsquemas(_ carpeta: String) throws -> SchemaSet {
  do {
    return try SchemaSet.cargar(desde: URL(fileURLWithPath: carpeta))
  } catch let error as ErrorEsquema {
    FileHandle.standardError.write(Data((Mensajes.esquema(error) + "\n").utf8))
    throw Salida.esquemaInvalido
  }
}
