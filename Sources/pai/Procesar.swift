import ArgumentParser
import Foundation
import Ledger
import Plan
import Reports
import Schema
import XLSX

/// `pai procesar`: take every complete file out of the inbox, record it in
/// the ledger, and write the corte's outputs again from the ledger.
struct Procesar: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Recibe los archivos de la bandeja de entrada, valida cada envío y escribe el consolidado del corte.",
    discussion: """
      Cada archivo completo se registra en el libro de envíos (OUTBOX/pai.sqlite)
      y se mueve a OUTBOX/<corte>/recibidos/ o …/rechazados/ (…/duplicados/ si ya
      se había recibido el mismo archivo), con su informe al lado
      (<archivo>.informe.md y .json). Con --conservar se copia y el original queda
      en la bandeja. El consolidado (consolidado.json) se escribe de nuevo desde
      el libro: correr dos veces da lo mismo. Sale con 1 si algún envío del corte
      fue rechazado, y con 2 si no hubo rechazos pero faltan reportes que el
      catálogo (ESQUEMAS/catalogo.json) espera en el corte: las cifras son
      parciales.
      """)

  @OptionGroup var comun: OpcionesComunes

  @Option(help: "Segundos entre las dos miradas a la bandeja que reconocen un archivo que todavía se está copiando.")
  var intervalo: Double = 0.5

  @Flag(help: "No mostrar el avance archivo por archivo.")
  var silencioso = false

  func validate() throws {
    try comun.validar()
    if intervalo < 0 { throw ValidationError("--intervalo no puede ser negativo.") }
  }

  func run() throws {
    try conSalidaSegura(comun.outbox) { try ejecutar() }
  }

  private func ejecutar() throws {
    let set = try cargarEsquemas(comun.esquemas)
    let trabajo = try Trabajo(comun: comun, esquemas: set, silencioso: silencioso, intervalo: intervalo)
    defer { trabajo.candado.soltar() }
    let parada = Parada.instalar()
    try trabajo.recuperar()

    let (listos, enEscritura) = try trabajo.buzon.mirar()
    trabajo.avisarEnEscritura(enEscritura)
    let nuevos = trabajo.porRecibir(listos)
    guard let fecha = try trabajo.corte(para: nuevos) else {
      aviso("Ningún envío declara la fecha de corte; indíquela con --corte AAAA-MM-DD.")
      throw Salida.sinCorte
    }
    try trabajo.buzon.libro.marcarPendiente(fecha)
    let hechos = try trabajo.recibir(nuevos, corte: fecha, parada: parada)
    var resultado: Consolidado?
    for c in try trabajo.buzon.libro.cortesPendientes() {
      let r = try trabajo.consolidar(c)
      if c == fecha { resultado = r }
    }
    if let r = resultado {
      print(
        Resumen.texto(
          lote: r.lote, medicion: r.medicion, duplicados: r.duplicados, cobertura: r.cobertura,
          carpeta: r.carpeta.path))
    }
    if hechos < nuevos.count {
      aviso("Interrumpido: \(nuevos.count - hechos) archivo(s) quedan en la bandeja para la próxima ejecución.")
      throw Salida.interrumpido
    }
    if let r = resultado, r.lote.rechazados > 0 { throw Salida.rechazos }
    if let r = resultado, r.cobertura.map({ !$0.completa }) ?? false { throw Salida.incompleto }
  }
}

/// Runs a command that writes to the outbox; a failure to write (a full
/// disk, a read-only folder, the ledger refusing a commit) becomes a
/// Spanish message and exit 73. Whatever was recorded stays recorded, and
/// outputs are only ever renamed into place whole, so the next run
/// completes the work.
func conSalidaSegura(_ outbox: String, _ cuerpo: () throws -> Void) throws {
  do {
    try cuerpo()
  } catch let salida as ExitCode {
    throw salida
  } catch {
    aviso(
      "No se pudo escribir en la carpeta de salida «\(outbox)»: el disco está lleno, la carpeta es de solo lectura "
        + "o no se tienen permisos (\(error.localizedDescription)). Libere espacio o revise los permisos y vuelva a "
        + "correr pai: lo que alcanzó a quedar registrado no se pierde ni se cuenta dos veces.")
    throw Salida.noSePuedeEscribir
  }
}

/// Options `procesar` and `vigilar` share.
struct OpcionesComunes: ParsableArguments {
  @Option(help: "Carpeta de entrada con los libros de las dependencias.")
  var inbox = "inbox"

  @Option(help: "Carpeta de salida.")
  var outbox = "outbox"

  @Option(name: .customLong("db"), help: "Libro de envíos (SQLite). Por omisión, OUTBOX/pai.sqlite.")
  var db: String?

  @Option(help: "Fecha de corte (AAAA-MM-DD). Por omisión, la que declaran los proyectos o la del último corte.")
  var corte: String?

  @Option(help: "Carpeta de esquemas.")
  var esquemas = "schemas"

  @Flag(help: "Copiar los archivos a la salida y dejarlos en la bandeja, en vez de moverlos.")
  var conservar = false

  @Flag(help: "Si otra ejecución tiene la carpeta de salida, esperar a que termine en vez de salir.")
  var esperar = false

  @Option(help: "Segundos que un libro cortado (o vacío) se espera antes de rechazarlo como incompleto.")
  var gracia: Double = 120

  func validar() throws {
    if let corte, Fecha(iso: corte) == nil {
      throw ValidationError("La fecha de corte debe tener la forma AAAA-MM-DD y ser una fecha real: «\(corte)».")
    }
    if gracia < 0 { throw ValidationError("--gracia no puede ser negativa.") }
  }

  var rutaLibro: String { db ?? (outbox as NSString).appendingPathComponent("pai.sqlite") }
  var rutaCandado: String { (outbox as NSString).appendingPathComponent("pai.lock") }
}

/// What one corte's consolidation produced.
struct Consolidado {
  var lote: Lote
  var medicion: MedicionPAI
  var duplicados: [ArchivoDuplicado]
  /// What the catalogue expects and what is missing; nil without one.
  var cobertura: Cobertura?
  var carpeta: URL
}

/// A run on one outbox: holds its lock, its ledger and its inbox.
final class Trabajo {
  let comun: OpcionesComunes
  let esquemas: SchemaSet
  let silencioso: Bool
  let candado: Candado
  let buzon: Buzon

  init(comun: OpcionesComunes, esquemas: SchemaSet, silencioso: Bool, intervalo: TimeInterval = 0.5) throws {
    self.comun = comun
    self.esquemas = esquemas
    self.silencioso = silencioso
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: comun.inbox, isDirectory: &isDir), isDir.boolValue else {
      aviso("No se encuentra la carpeta de entrada «\(comun.inbox)» o no se puede leer.")
      throw Salida.sinEntrada
    }
    do {
      candado = try Candado.tomar(comun.rutaCandado, esperar: comun.esperar) { pid in
        aviso("Otra ejecución de pai\(pid.map { " (proceso \($0))" } ?? "") está trabajando en «\(comun.outbox)»; se espera a que termine…")
      }
    } catch Candado.Fallo.ocupado(let pid) {
      aviso(
        "Otra ejecución de pai\(pid.map { " (proceso \($0))" } ?? "") está trabajando en «\(comun.outbox)». "
          + "Espere a que termine, o use --esperar para que esta ejecución espere su turno.")
      throw Salida.ocupado
    } catch {
      aviso(
        "No se puede escribir en la carpeta de salida «\(comun.outbox)» (no se pudo crear «pai.lock»): "
          + "es de solo lectura, el disco está lleno o no se tienen permisos (\(error.localizedDescription)).")
      throw Salida.noSePuedeEscribir
    }
    if let anterior = candado.anterior {
      aviso("La ejecución anterior (proceso \(anterior)) terminó sin soltar el candado; esta ejecución completa su trabajo.")
    }
    let libro = try abrirLibro(comun.rutaLibro)
    buzon = Buzon(
      libro: libro, bandeja: comun.inbox, outbox: comun.outbox, esquemas: esquemas,
      opciones: OpcionesBuzon(conservar: comun.conservar, intervalo: intervalo, gracia: comun.gracia))
  }

  /// `schemas/catalogo.json`, for the list of what is missing; nil (with
  /// a warning) when there is none.
  lazy var catalogo: CatalogoEntidad? = {
    let ruta = (comun.esquemas as NSString).appendingPathComponent("catalogo.json")
    guard FileManager.default.fileExists(atPath: ruta) else { return nil }
    do {
      return try CatalogoEntidad.cargar(ruta)
    } catch {
      aviso("No se puede leer el catálogo «\(ruta)»; el consolidado sale sin la hoja Pendientes: \(error)")
      return nil
    }
  }()

  /// Finishes what an interrupted run left.
  func recuperar() throws {
    let r = try buzon.recuperar()
    if r.trasladosCompletados > 0 {
      aviso("Se completaron \(r.trasladosCompletados) traslado(s) que una ejecución interrumpida dejó registrados.")
    }
    for p in r.perdidos {
      aviso("Atención: «\(p)» está en el libro de envíos pero ya no está en la bandeja ni en la salida.")
    }
  }

  func avisarEnEscritura(_ archivos: [ArchivoBandeja]) {
    for a in archivos {
      aviso("\(a.carpeta.map { "\($0)/" } ?? "")\(a.nombre): todavía se está copiando o está incompleto; se deja para la próxima pasada.")
    }
  }

  /// The files not already received (`--conservar` leaves them in place).
  func porRecibir(_ listos: [ArchivoBandeja]) -> [ArchivoBandeja] {
    listos.filter { !buzon.yaRecibido($0) }
  }

  /// `--corte`, else the corte most new files declare, else the ledger's
  /// latest.
  func corte(para archivos: [ArchivoBandeja]) throws -> Fecha? {
    if let c = comun.corte.flatMap(Fecha.init(iso:)) { return c }
    var cuenta: [Fecha: Int] = [:]
    for a in archivos {
      if let f = buzon.corteDeclarado(a) { cuenta[f, default: 0] += 1 }
    }
    if let masDeclarado = cuenta.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key {
      return masDeclarado
    }
    return try buzon.libro.ultimoCorte()
  }

  /// Receives the files in order until done or asked to stop; returns how
  /// many were handled.
  func recibir(_ archivos: [ArchivoBandeja], corte: Fecha, parada: Parada) throws -> Int {
    var hechos = 0
    for (i, a) in archivos.enumerated() {
      if parada.pedida { break }
      let recibo = try buzon.recibir(a, corte: corte)
      hechos += 1
      guard !silencioso else { continue }
      let quien = a.carpeta.map { "\($0)/" } ?? ""
      let estado: String
      switch recibo {
      case .recibido(_, _, let informe):
        estado = informe.aceptado ? "aceptado" : "rechazado (\(informe.errores) error(es))"
      case .duplicado(_, _, let igualA): estado = "duplicado de «\(igualA)», no se cuenta otra vez"
      case .yaRecibido: estado = "ya recibido"
      case .cambio: estado = "cambió mientras se leía; se deja para la próxima pasada"
      }
      aviso("[\(i + 1)/\(archivos.count)] \(quien)\(a.nombre): \(estado)")
    }
    try buzon.asentar()
    return hechos
  }

  /// Rebuilds a corte from the ledger: cross-file rules, measures, every
  /// report beside its file, and `consolidado.json`.
  func consolidar(_ corte: Fecha) throws -> Consolidado {
    let libro = buzon.libro
    let registrados = try enviosDelLibro(libro, corte: corte)
    let lote = resolverLote(registrados.map(\.envio), corte: corte)
    try buzon.registrarResolucion(lote, registrados: registrados, corte: corte)
    let guardado = try libro.guardados(corte: corte)
    let cortesRiesgo = esquemas.cortesRiesgo(vigencia: corte.year)
    let medicion = medir(
      lote.plan,
      configuracion: ConfiguracionMedicion(cortesRiesgo: cortesRiesgo.map { DiaDelAno(mes: $0.month, dia: $0.day) }))
    let duplicadosLibro = try libro.duplicados(corte: corte)
    let duplicados = duplicadosLibro.map { ArchivoDuplicado(archivo: $0.nombre, igualA: $0.igualA, sha256: $0.sha256) }

    var informes = Set<String>()
    for (i, envio) in lote.envios.enumerated() {
      guard let rel = guardado[envio.sha256] else { continue }
      let situacion = EstadoTexto.situacion(lote, i)
      let estado = situacion.prefix(1).uppercased() + situacion.dropFirst()
      let base = buzon.absoluta(rel)
      let informeJSON = InformeEnvio.json(envio, corte: corte, estado: estado).serializar()
      let cambio = FileManager.default.contents(atPath: base + ".informe.json") != Data(informeJSON.utf8)
      try escribirSiCambia(InformeEnvio.markdown(envio, corte: corte, estado: estado), base + ".informe.md")
      // The sender's own workbook with its faulty cells marked and a first
      // sheet `Errores`; made again only when the findings changed.
      let copia = base + ".errores.xlsx"
      if !envio.informe.hallazgos.isEmpty, cambio || !FileManager.default.fileExists(atPath: copia) {
        do {
          try CopiaAnotada.escribir(informe: envio.informe, origen: base, destino: copia)
        } catch {
          try? FileManager.default.removeItem(atPath: copia)  // unreadable input: no copy
        }
      }
      if FileManager.default.fileExists(atPath: copia) { informes.insert(copia) }
      try escribirSiCambia(informeJSON, base + ".informe.json")
      informes.formUnion([base + ".informe.md", base + ".informe.json"])
    }
    for d in duplicadosLibro {
      guard let rel = d.guardado else { continue }
      let base = buzon.absoluta(rel)
      try escribirSiCambia(InformeDuplicado.markdown(d, corte: corte), base + ".informe.md")
      try escribirSiCambia(InformeDuplicado.json(d, corte: corte).serializar(), base + ".informe.json")
      informes.formUnion([base + ".informe.md", base + ".informe.json"])
    }
    let carpeta = URL(fileURLWithPath: buzon.absoluta(corte.iso))
    borrarInformesSobrantes(en: carpeta, vigentes: informes)

    // The workbook carries a creation time, so it is written only when what
    // it shows changed: when either JSON file below differs from the one on
    // disk. It goes first, so a run killed before the JSON files are in
    // place writes it again.
    let estado = catalogo.map {
      EstadoCorte.calcular(
        lote: lote, duplicados: duplicadosLibro, catalogo: $0, corte: corte, cortesRiesgo: cortesRiesgo)
    }
    let rutaJSON = carpeta.appendingPathComponent("consolidado.json").path
    let rutaEstado = carpeta.appendingPathComponent("estado.json").path
    let rutaLibro = carpeta.appendingPathComponent("consolidado.xlsx").path
    let json = ConsolidadoV1.json(medicion, lote: lote, duplicados: duplicados, cobertura: estado?.cobertura)
      .serializar()
    let estadoJSON = estado.map { EstadoTexto.json($0).serializar() }
    let fm = FileManager.default
    if !fm.fileExists(atPath: rutaLibro) || fm.contents(atPath: rutaJSON) != Data(json.utf8)
      || estadoJSON.map({ fm.contents(atPath: rutaEstado) != Data($0.utf8) }) ?? false
    {
      try fm.createDirectory(at: carpeta, withIntermediateDirectories: true)
      try ConsolidadoXLSX.escribir(
        medicion, lote: lote, duplicados: duplicados, cobertura: estado?.cobertura, en: rutaLibro,
        hojasExtra: estado.map { [EstadoTexto.hojaPendientes($0)] } ?? [])
    }
    if let estadoJSON { try escribirSiCambia(estadoJSON, rutaEstado) }
    try escribirPagina(
      medicion, lote: lote, cobertura: estado?.cobertura,
      en: carpeta.appendingPathComponent("informe.html").path)
    try escribirSiCambia(json, rutaJSON)
    try libro.marcarConsolidado(corte)
    return Consolidado(
      lote: lote, medicion: medicion, duplicados: duplicados, cobertura: estado?.cobertura, carpeta: carpeta)
  }

  /// `informe.html`, the quarter's report page, from the template and the
  /// entity data in `schemas/`. A broken template is the office's to fix:
  /// it is reported and the rest of the run stands.
  private func escribirPagina(
    _ medicion: MedicionPAI, lote: Lote, cobertura: Cobertura?, en ruta: String
  ) throws {
    let carpeta = URL(fileURLWithPath: comun.esquemas)
    do {
      let entidad = try Entidad.cargar(desde: carpeta)
      let plantilla = try String(
        contentsOf: carpeta.appendingPathComponent(InformeHTML.rutaPlantilla), encoding: .utf8)
      try escribirSiCambia(
        try InformeHTML.generar(
          medicion, entidad: entidad, plantilla: plantilla, cobertura: cobertura,
          observaciones: lote.envios.flatMap { e in e.informe.hallazgos.filter { $0.codigo == .correccionReduce } }),
        ruta)
    } catch let error as ErrorEsquema {
      aviso("No se generó informe.html: " + Mensajes.esquema(error))
    } catch let error as CocoaError {
      aviso("No se generó informe.html: no se puede leer la plantilla (\(error.localizedDescription)).")
    }
  }

  /// Reports are outputs: one whose file moved away (or that a killed run
  /// left) is removed, so the folder always matches the ledger.
  private func borrarInformesSobrantes(en carpeta: URL, vigentes: Set<String>) {
    for sub in ["recibidos", "rechazados", "duplicados"] {
      let raiz = carpeta.appendingPathComponent(sub).path
      guard let e = FileManager.default.enumerator(atPath: raiz) else { continue }
      for case let rel as String in e
      where rel.hasSuffix(".informe.md") || rel.hasSuffix(".informe.json") || rel.hasSuffix(".errores.xlsx") {
        let ruta = raiz + "/" + rel
        if !vigentes.contains(ruta) { try? FileManager.default.removeItem(atPath: ruta) }
      }
    }
  }
}

/// Opens the ledger or says, in Spanish, why not.
func abrirLibro(_ ruta: String, existente: Bool = false) throws -> LibroMayor {
  do {
    return existente ? try LibroMayor.existente(ruta: ruta) : try LibroMayor(ruta: ruta)
  } catch ErrorLibro.superado {
    aviso("El libro de envíos «\(ruta)» fue escrito por una versión más nueva de pai; actualice pai antes de usarlo.")
    throw Salida.libroIlegible
  } catch ErrorLibro.noSePuedeEscribir(let ruta, let detalle) {
    aviso(
      "No se puede escribir el libro de envíos «\(ruta)»: el disco está lleno, la carpeta es de solo lectura "
        + "o no se tienen permisos (\(detalle)). Libere espacio o revise los permisos y vuelva a correr pai.")
    throw Salida.noSePuedeEscribir
  } catch ErrorLibro.noExiste {
    aviso("Todavía no hay libro de envíos en «\(ruta)»: corra primero «pai procesar».")
    throw Salida.sinEntrada
  } catch {
    aviso("No se puede abrir el libro de envíos «\(ruta)»: \(error)")
    throw Salida.libroIlegible
  }
}

/// The corte's submissions from the ledger or, when the ledger holds a
/// finding code this build does not know, a Spanish message and exit 74.
func enviosDelLibro(_ libro: LibroMayor, corte: Fecha) throws -> [EnvioLibro] {
  do {
    return try libro.envios(corte: corte)
  } catch ErrorLibro.codigoDesconocido(let ruta, let codigo) {
    aviso(
      "El libro de envíos «\(ruta)» tiene un hallazgo con el código «\(codigo)», que esta versión de pai "
        + "no conoce: lo escribió una versión más nueva. Actualice pai antes de usarlo.")
    throw Salida.libroIlegible
  }
}

/// Writes only when the bytes differ: a run that changes nothing touches
/// nothing. Through a temporary name and a rename, like `Salidas`, but
/// without flushing each file to disk: these are outputs the next run
/// rewrites from the ledger, and a thousand flushes cost seconds.
func escribirSiCambia(_ texto: String, _ ruta: String) throws {
  let data = Data(texto.utf8)
  if let actual = FileManager.default.contents(atPath: ruta), actual == data { return }
  let url = URL(fileURLWithPath: ruta)
  try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  let temporal = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
  let fd = open(temporal, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
  guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: ruta]) }
  let escrito = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
  close(fd)
  guard escrito == data.count, rename(temporal, ruta) == 0 else {
    unlink(temporal)
    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: ruta])
  }
}

func aviso(_ s: String) {
  FileHandle.standardError.write(Data((s + "\n").utf8))
}
