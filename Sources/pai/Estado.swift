import ArgumentParser
import Foundation
import Ledger
import Plan
import Reports
import Schema

/// `pai estado`: what arrived for a corte, what was accepted or rejected
/// and why, and what is still missing against `schemas/catalogo.json`.
struct Estado: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "estado",
    abstract:
      "Muestra, por dependencia y componente, lo recibido, lo aceptado o rechazado y lo que falta.",
    discussion: """
      Lee el libro de envíos (no toca la bandeja ni la salida) y compara lo
      recibido con el catálogo de la entidad (ESQUEMAS/catalogo.json):
      dependencias, proyectos de inversión, procesos y dependencias del plan de
      acción integrado.
      """)

  @Option(help: "Carpeta de salida (donde está el libro de envíos).")
  var outbox = "outbox"

  @Option(
    name: .customLong("db"), help: "Libro de envíos (SQLite). Por omisión, OUTBOX/pai.sqlite.")
  var db: String?

  @Option(help: "Fecha de corte (AAAA-MM-DD). Por omisión, el último corte del libro.")
  var corte: String?

  @Option(name: .customLong("esquemas"), help: ArgumentHelp(Esquemas.ayuda))
  var esquemasDados: String?
  var esquemas: String { Esquemas.carpeta(esquemasDados) }

  @Flag(help: "Escribir el estado como JSON.")
  var json = false

  func validate() throws { try validarCorte(corte) }

  func run() throws {
    do {
      try mostrar()
    } catch let error as ErrorLibro {
      throw salidaDeLibro(error, ruta: error.ruta)
    }
  }

  private func mostrar() throws {
    guard let catalogo = try cargarCatalogo(esquemas) else {
      aviso(
        "No hay catálogo en «\(esquemas)» (\(CatalogoEntidad.archivo)): sin él no se sabe qué falta. "
          + "Indique la carpeta de esquemas con --esquemas.")
      throw Salida.esquemaInvalido
    }
    let libro = try abrirLibro(
      db ?? (outbox as NSString).appendingPathComponent("pai.sqlite"), existente: true)
    guard let fecha = try corte.flatMap(Fecha.init(iso:)) ?? libro.ultimoCorte() else {
      aviso("El libro de envíos no tiene ningún corte todavía.")
      return
    }
    // The risk cycle says whether risk reports are expected at this corte.
    let cortesRiesgo = try cargarEsquemas(esquemas).cortesRiesgo(vigencia: fecha.year)
    let estado = EstadoCorte.calcular(
      registrados: try libro.envios(corte: fecha), duplicados: try libro.duplicados(corte: fecha),
      catalogo: catalogo, corte: fecha, cortesRiesgo: cortesRiesgo)
    print(try json ? EstadoV1(estado).serializar() : EstadoTexto.texto(estado), terminator: "")
  }
}
