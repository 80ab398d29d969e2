import ArgumentParser
import Foundation
import Ledger
import Plan
import Plantillas
import Reports
import Schema
import XLSX

/// `pai plantilla`: the blank templates, written from `schemas/`, so that
/// what offices fill and what the validator checks cannot drift apart.
struct Plantilla: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plantilla",
    abstract:
      "Escribe las plantillas en blanco desde los esquemas (con listas, validaciones e instrucciones).",
    discussion: """
      TIPO es una de las plantillas de schemas/plantillas: proyecto, indicadores,
      actividades o riesgos. Con --todas CARPETA escribe cada plantilla en blanco y,
      si existe schemas/catalogo.json, una por proyecto, proceso o dependencia que el
      catálogo conoce, en la subcarpeta de la dependencia.
      Con --outbox (o --db) y --corte, cada libro trae lo que se aceptó a su
      proyecto, proceso o dependencia en los cortes anteriores de la vigencia:
      códigos, descripciones, metas, programación, apropiación y la ejecución ya
      reportada, en celdas grises protegidas (sin contraseña). Solo quedan abiertos
      los meses siguientes y lo que se reporta de nuevo en cada corte.
      Sale con 73 si no puede escribir un libro.
      """)

  @Argument(help: "La plantilla: proyecto, indicadores, actividades o riesgos.")
  var tipo: String?

  @Option(
    help: ArgumentHelp("Escribir todas las plantillas en esta carpeta.", valueName: "CARPETA"))
  var todas: String?

  @Option(help: "La dependencia que diligencia la plantilla.")
  var dependencia: String?

  @Option(help: "El código del proyecto de inversión (plantilla proyecto).")
  var proyecto: String?

  @Option(help: "El proceso que reporta (plantillas indicadores y riesgos).")
  var proceso: String?

  @Option(help: "Vigencia (AAAA). Por omisión, la del corte o el año en curso.")
  var vigencia: Int?

  @Option(help: "Fecha de corte (AAAA-MM-DD).")
  var corte: String?

  @Option(help: ArgumentHelp("El libro que se escribe.", valueName: "ARCHIVO.xlsx"))
  var salida: String?

  @Option(
    help:
      "Carpeta de salida con el libro de envíos: las plantillas traen lo aceptado en los cortes anteriores (requiere --corte)."
  )
  var outbox: String?

  @Option(
    name: .customLong("db"), help: "Libro de envíos (SQLite). Por omisión, OUTBOX/pai.sqlite.")
  var db: String?

  @Option(name: .customLong("esquemas"), help: ArgumentHelp(Esquemas.ayuda))
  var esquemasDados: String?
  var esquemas: String { Esquemas.carpeta(esquemasDados) }

  func validate() throws {
    switch (tipo, todas) {
    case (nil, nil):
      throw ValidationError(
        "Indique la plantilla (proyecto, indicadores, actividades o riesgos) o --todas CARPETA.")
    case (.some, .some):
      throw ValidationError("Use una plantilla o --todas, no ambas.")
    case (nil, .some):
      if salida != nil || proyecto != nil || proceso != nil || dependencia != nil {
        throw ValidationError(
          "Con --todas los libros toman sus datos del catálogo: no use --salida, --proyecto, --proceso ni --dependencia."
        )
      }
    case (.some, nil):
      break
    }
    try validarCorte(corte)
    if (outbox != nil || db != nil) && corte == nil {
      throw ValidationError(
        "Con --outbox o --db indique --corte: la plantilla trae lo aceptado en los cortes anteriores a esa fecha."
      )
    }
    if let vigencia, !(1900...9999).contains(vigencia) {
      throw ValidationError("La vigencia debe ser un año de cuatro cifras: «\(vigencia)».")
    }
    if let vigencia, let fecha = corte.flatMap(Fecha.init(iso:)), fecha.year != vigencia {
      throw ValidationError("El corte \(fecha.iso) no es de la vigencia \(vigencia).")
    }
    if let salida, !salida.lowercased().hasSuffix(".xlsx") {
      throw ValidationError("El libro de salida debe terminar en .xlsx: «\(salida)».")
    }
  }

  func run() throws {
    let set = try cargarEsquemas(esquemas)
    let fecha = corte.flatMap(Fecha.init(iso:))
    let anio = vigencia ?? fecha?.year ?? Self.anioEnCurso()
    let catalogo = try cargarCatalogo(esquemas)
    let anterior = try fecha.flatMap { try corteAnterior(a: $0, outbox: outbox, db: db) }
    if let anterior, anterior.vacio, let fecha {
      print(
        "El libro de envíos no tiene reportes aceptados antes del \(Formato.fecha(fecha)) en la vigencia \(fecha.year): las plantillas salen en blanco."
      )
    }
    if let todas {
      try escribirTodas(
        en: todas, set: set, catalogo: catalogo, vigencia: anio, corte: fecha, anterior: anterior)
      return
    }
    guard let tipo, let plantilla = set.plantillas.first(where: { $0.id == tipo.lowercased() })
    else {
      let ids = set.plantillas.map(\.id).sorted().joined(separator: ", ")
      throw ValidationError("No hay una plantilla «\(tipo ?? "")»; las plantillas son: \(ids).")
    }
    var contexto = ContextoPlantilla(vigencia: anio, corte: fecha)
    let nombres = Dictionary(
      (catalogo?.dependencias ?? []).map { ($0.carpeta, $0.nombre) },
      uniquingKeysWith: { a, _ in a })
    if let proyecto {
      let conocido = catalogo?.proyectos.first { $0.codigo == proyecto }
      contexto.proyecto = ProyectoConocido(codigo: proyecto, nombre: conocido?.nombre)
      contexto.carpeta = conocido?.carpeta
    }
    if let proceso {
      let conocido = catalogo?.procesos.first { $0.nombre.lowercased() == proceso.lowercased() }
      contexto.proceso = conocido?.nombre ?? proceso
      contexto.carpeta = contexto.carpeta ?? conocido?.carpeta
    }
    contexto.dependencia = dependencia ?? contexto.carpeta.flatMap { nombres[$0] }
    let sufijo = proyecto ?? proceso.map(PlanPlantillas.slug)
    let ruta =
      salida ?? ([plantilla.id, sufijo].compactMap { $0 }.joined(separator: "_") + ".xlsx")
    var pedida = PlantillaPedida(plantilla: plantilla, contexto: contexto, archivo: ruta)
    if let anterior { pedida.arrastrar(anterior) }
    try escribir(pedida, set: set, en: ruta)
    print("Plantilla «\(plantilla.titulo)» escrita en \(ruta)" + Self.trae(pedida))
  }

  /// ` (trae lo aceptado al 31 de marzo de 2021)`, for a carried workbook.
  private static func trae(_ p: PlantillaPedida) -> String {
    p.contexto.corteAnterior.map { " (trae lo aceptado al \(Formato.fecha($0)))" } ?? ""
  }

  private func escribirTodas(
    en carpeta: String, set: SchemaSet, catalogo: CatalogoEntidad?, vigencia: Int, corte: Fecha?,
    anterior: CorteAnterior?
  ) throws {
    let pedidas = PlanPlantillas.todas(
      esquemas: set, catalogo: catalogo, vigencia: vigencia, corte: corte, anterior: anterior)
    if catalogo == nil {
      print("Sin \(esquemas)/catalogo.json: se escriben solo las plantillas en blanco.")
    }
    for pedida in pedidas {
      let ruta = (carpeta as NSString).appendingPathComponent(pedida.archivo)
      do {
        try FileManager.default.createDirectory(
          atPath: (ruta as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      } catch {
        aviso("No se puede crear la carpeta de \(ruta): \(error.localizedDescription)")
        throw Salida.noSePuedeEscribir
      }
      try escribir(pedida, set: set, en: ruta)
      print(ruta + Self.trae(pedida))
    }
    let traen = pedidas.filter { $0.contexto.corteAnterior != nil }.count
    print(
      "\(pedidas.count) plantillas escritas en \(carpeta)"
        + (anterior == nil ? "" : "; \(traen) traen lo aceptado en cortes anteriores"))
  }

  private func escribir(_ pedida: PlantillaPedida, set: SchemaSet, en ruta: String) throws {
    do {
      try GeneradorPlantillas.escribir(
        pedida.plantilla, esquemas: set, contexto: pedida.contexto, datos: pedida.datos, en: ruta)
    } catch let error as XLSXError {
      aviso(Mensajes.lectura(error, archivo: ruta))
      throw Salida.noSePuedeEscribir
    }
  }

  /// The year in Bogotá now.
  static func anioEnCurso() -> Int {
    var calendario = Calendar(identifier: .gregorian)
    calendario.timeZone = TimeZone(identifier: "America/Bogota") ?? .current
    return calendario.component(.year, from: Date())
  }
}
