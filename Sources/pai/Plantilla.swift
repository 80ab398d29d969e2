import ArgumentParser
import Foundation
import Ledger
import Plan
import Reports
import Schema
import XLSX

/// `pai plantilla`: the blank templates, written from `schemas/`, so that
/// what offices fill and what the validator checks cannot drift apart.
struct Plantilla: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Escribe las plantillas en blanco desde los esquemas (con listas, validaciones e instrucciones).",
    discussion: """
      TIPO es una de las plantillas de schemas/plantillas: proyecto, indicadores,
      actividades o riesgos. Con --todas CARPETA escribe cada plantilla en blanco y,
      si existe schemas/catalogo.json, una por proyecto, proceso o dependencia que el
      catálogo conoce, en la subcarpeta de la dependencia.
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
    let año = vigencia ?? fecha?.year ?? Self.añoEnCurso()
    let catalogo = try cargarCatalogo(esquemas)
    if let todas {
      try escribirTodas(en: todas, set: set, catalogo: catalogo, vigencia: año, corte: fecha)
      return
    }
    guard let tipo, let plantilla = set.plantillas.first(where: { $0.id == tipo.lowercased() })
    else {
      let ids = set.plantillas.map(\.id).sorted().joined(separator: ", ")
      throw ValidationError("No hay una plantilla «\(tipo ?? "")»; las plantillas son: \(ids).")
    }
    var contexto = ContextoPlantilla(vigencia: año, corte: fecha)
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
    try escribir(plantilla, set: set, contexto: contexto, en: ruta)
    print("Plantilla «\(plantilla.titulo)» escrita en \(ruta)")
  }

  private func escribirTodas(
    en carpeta: String, set: SchemaSet, catalogo: CatalogoEntidad?, vigencia: Int, corte: Fecha?
  ) throws {
    let pedidas = PlanPlantillas.todas(
      esquemas: set, catalogo: catalogo, vigencia: vigencia, corte: corte)
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
      try escribir(pedida.plantilla, set: set, contexto: pedida.contexto, en: ruta)
      print(ruta)
    }
    print("\(pedidas.count) plantillas escritas en \(carpeta)")
  }

  private func escribir(
    _ plantilla: Schema.Plantilla, set: SchemaSet, contexto: ContextoPlantilla, en ruta: String
  ) throws {
    do {
      try GeneradorPlantillas.escribir(plantilla, esquemas: set, contexto: contexto, en: ruta)
    } catch let error as XLSXError {
      aviso(Mensajes.lectura(error, archivo: ruta))
      throw Salida.noSePuedeEscribir
    }
  }

  /// The year in Bogotá now.
  static func añoEnCurso() -> Int {
    var calendario = Calendar(identifier: .gregorian)
    calendario.timeZone = TimeZone(identifier: "America/Bogota") ?? .current
    return calendario.component(.year, from: Date())
  }
}
