import Foundation
import Ledger
import Plan
import Reports
import Schema
import XLSX

/// Where a run reads and writes, and how it treats the inbox.
public struct OpcionesRecepcion: Sendable {
  public var inbox: String
  public var outbox: String
  /// The ledger; by default `outbox/pai.sqlite`.
  public var db: String?
  /// The schemas folder: the catalogue, the entity and the page template
  /// are read from it at every consolidation.
  public var esquemas: String
  /// `--corte`: the corte every new file goes to; nil to take the one the
  /// files declare, else the ledger's latest.
  public var corte: Fecha?
  /// Copy files out of the inbox instead of moving them.
  public var conservar = false
  /// Wait for another run's lock instead of failing.
  public var esperar = false
  /// Seconds a truncated (or empty) workbook is waited for before it is
  /// received and rejected as incomplete.
  public var gracia: TimeInterval = 120
  /// Seconds between the two looks that tell a file still being copied.
  public var intervalo: TimeInterval = 0.5
  /// Files validated at once: one per core by default; `PAI_TRABAJADORES`
  /// overrides it, and 1 is the serial run (the outcome is the same).
  public var trabajadores = trabajadoresPorOmision()

  public init(inbox: String, outbox: String, esquemas: String) {
    self.inbox = inbox
    self.outbox = outbox
    self.esquemas = esquemas
  }

  public var rutaLibro: String { db ?? (outbox as NSString).appendingPathComponent("pai.sqlite") }
  public var rutaCandado: String { (outbox as NSString).appendingPathComponent("pai.lock") }
}

/// The corte most project forms declare (the earliest on a tie), for a
/// run or a check given none.
public func corteMasDeclarado(_ cortes: [Fecha]) -> Fecha? {
  let cuenta = Dictionary(grouping: cortes, by: { $0 }).mapValues(\.count)
  return cuenta.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
}

/// Why a run could not start; the command line words it.
public enum ErrorRecepcion: Error, Equatable {
  /// The inbox is missing or is not a folder.
  case sinBandeja(ruta: String)
  /// Another live run holds the outbox's lock.
  case ocupado(pid: Int32?)
  /// The lock file cannot be created: a read-only or full outbox.
  case sinCandado(detalle: String)
}

/// What a run tells its caller while it works, as data.
public enum AvisoRecepcion: Sendable {
  /// Waiting for another run's lock (`esperar`).
  case esperandoCandado(pid: Int32?)
  /// The previous run died holding the lock; this one completes its work.
  case candadoHuerfano(pid: Int32)
  /// `catalogo.json` cannot be read: no coverage, no pending list.
  case catalogoIlegible(motivo: String)
  /// `informe.html` was not written; the rest of the corte stands.
  case paginaNoGenerada(motivo: String)
}

/// What one corte's consolidation produced.
public struct Consolidado: Sendable {
  public var lote: Lote
  public var medicion: MedicionPAI
  public var duplicados: [ArchivoDuplicado]
  /// What the catalogue expects and what is missing; nil without one.
  public var cobertura: Cobertura?
  public var carpeta: URL
}

/// One run on one outbox: it holds the outbox's lock, its ledger and its
/// inbox, and takes files through the stages in one direction — receive,
/// validate and record (`recibir`), then resolve, measure and write the
/// corte's outputs from the ledger (`consolidar`). The command line and
/// any other front end call this; none re-implements it.
///
/// The order of writes is what makes a killed run safe: every file is in
/// the ledger before it moves, and a corte's outputs are rebuilt from the
/// ledger and renamed into place, the consolidated workbook first, so that
/// an interrupted consolidation is redone by the next run.
public final class Recepcion {
  public let opciones: OpcionesRecepcion
  public let esquemas: SchemaSet
  public let buzon: Buzon
  private let candado: Candado
  private let alAvisar: (AvisoRecepcion) -> Void

  /// Takes the outbox's lock and opens the ledger.
  ///
  /// - Throws: `ErrorRecepcion` when the run cannot start, `ErrorLibro`
  ///   when the ledger cannot be opened.
  public init(
    opciones: OpcionesRecepcion, esquemas: SchemaSet,
    alAvisar: @escaping (AvisoRecepcion) -> Void = { _ in }
  ) throws {
    self.opciones = opciones
    self.esquemas = esquemas
    self.alAvisar = alAvisar
    var esCarpeta: ObjCBool = false
    guard FileManager.default.fileExists(atPath: opciones.inbox, isDirectory: &esCarpeta),
      esCarpeta.boolValue
    else { throw ErrorRecepcion.sinBandeja(ruta: opciones.inbox) }
    do {
      candado = try Candado.tomar(opciones.rutaCandado, esperar: opciones.esperar) { pid in
        alAvisar(.esperandoCandado(pid: pid))
      }
    } catch Candado.Fallo.ocupado(let pid) {
      throw ErrorRecepcion.ocupado(pid: pid)
    } catch {
      throw ErrorRecepcion.sinCandado(detalle: error.localizedDescription)
    }
    if let anterior = candado.anterior { alAvisar(.candadoHuerfano(pid: anterior)) }
    do {
      let libro = try LibroMayor(ruta: opciones.rutaLibro)
      buzon = Buzon(
        libro: libro, bandeja: opciones.inbox, outbox: opciones.outbox, esquemas: esquemas,
        opciones: OpcionesBuzon(
          conservar: opciones.conservar, intervalo: opciones.intervalo, gracia: opciones.gracia))
    } catch {
      candado.soltar()
      throw error
    }
  }

  /// Lets the next run in.
  public func soltar() { candado.soltar() }

  /// Finishes what an interrupted run left: moves recorded but not made,
  /// temporary outputs.
  public func recuperar() throws -> Recuperacion { try buzon.recuperar() }

  /// The inbox's complete files not yet received, and those still being
  /// copied: two looks `intervalo` apart (`Buzon.mirar`). The pause between
  /// them is filled with the run's next work on the first look's files:
  /// hashing, the ledger look-ups, the corte, and validating the new ones
  /// for it (`Buzon.adelantar`) until the pause is over. A file that
  /// changed meanwhile is not taken, and its early validation is not used.
  ///
  /// - Parameter esperar: sleeps what is left of the pause (tests change
  ///   files there).
  public func mirar(esperar: (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) })
    throws -> (nuevos: [ArchivoBandeja], enEscritura: [ArchivoBandeja])
  {
    var nuevosEnLaPausa: Set<String>?
    let (listos, enEscritura) = try buzon.mirar(
      trabajadores: opciones.trabajadores, esperar: esperar
    ) {
      primera, seguir in
      let nuevos = porRecibir(primera)
      nuevosEnLaPausa = Set(nuevos.map(\.ruta))
      guard seguir(), let corte = try? corte(para: nuevos) else { return }
      buzon.adelantar(nuevos, corte: corte, trabajadores: opciones.trabajadores, seguir: seguir)
    }
    // A file the second look keeps has the size and time of the first, so
    // the pause's look-ups stand: the ledger does not change meanwhile.
    let nuevos = nuevosEnLaPausa.map { n in listos.filter { n.contains($0.ruta) } }
    return (nuevos ?? porRecibir(listos), enEscritura)
  }

  /// The files not already received (`conservar` leaves them in place):
  /// for the run's corte when it names one.
  public func porRecibir(_ listos: [ArchivoBandeja]) -> [ArchivoBandeja] {
    buzon.calcularHuellas(listos, trabajadores: opciones.trabajadores)
    let recibidos = buzon.yaRecibidos(listos, corte: opciones.corte)
    return zip(listos, recibidos).filter { !$1 }.map(\.0)
  }

  /// The corte each file declares, with the size and time it had when read:
  /// a run asks it during the inbox pause and again after it.
  private var declarados: [String: (rapida: ArchivoBandeja.Huella, corte: Fecha?)] = [:]

  /// `opciones.corte`, else the corte most new files declare, else the
  /// ledger's latest.
  public func corte(para archivos: [ArchivoBandeja]) throws -> Fecha? {
    if let c = opciones.corte { return c }
    let esquemas = self.esquemas
    let faltan = archivos.filter { declarados[$0.ruta]?.rapida != $0.huellaRapida }
    let leidos = mapaEnParalelo(faltan.count, trabajadores: opciones.trabajadores) {
      corteDeclarado(ruta: faltan[$0].ruta, esquemas: esquemas)
    }
    for (a, c) in zip(faltan, leidos) { declarados[a.ruta] = (a.huellaRapida, c) }
    // Only the files of this call are kept, so that a long-lived front end
    // does not accumulate every path it ever saw.
    let rutas = Set(archivos.map(\.ruta))
    declarados = declarados.filter { rutas.contains($0.key) }
    return try corteMasDeclarado(archivos.compactMap { declarados[$0.ruta]?.corte })
      ?? buzon.libro.ultimoCorte()
  }

  /// Receives the files in order until done or `debeParar` says so, then
  /// settles the moves. Files are validated in parallel ahead of the serial
  /// record-and-move step (`Buzon.recibir(_:corte:trabajadores:…)`).
  ///
  /// - Parameter alRecibir: called after each file with its position and
  ///   what became of it.
  /// - Returns: how many files were handled.
  public func recibir(
    _ archivos: [ArchivoBandeja], corte: Fecha, debeParar: () -> Bool = { false },
    alRecibir: (Int, ArchivoBandeja, Recibo) -> Void = { _, _, _ in }
  ) throws -> Int {
    try buzon.libro.marcarPendiente(corte)
    let hechos = try buzon.recibir(
      archivos, corte: corte, trabajadores: opciones.trabajadores, debeParar: debeParar,
      alRecibir: alRecibir)
    try buzon.asentar()
    return hechos
  }

  /// Rebuilds every corte whose outputs are out of date, oldest first (a
  /// corte marks the later ones of its vigencia, whose evolution shows it).
  public func consolidarPendientes() throws -> [Fecha: Consolidado] {
    var hechos: [Fecha: Consolidado] = [:]
    while let c = try buzon.libro.cortesPendientes().first(where: { hechos[$0] == nil }) {
      hechos[c] = try consolidar(c)
    }
    return hechos
  }

  /// A corte's measures and, with a catalogue, its coverage.
  private func medir(
    _ lote: Lote, corte: Fecha, duplicados: [DuplicadoLibro], catalogo: CatalogoEntidad?
  ) -> (MedicionPAI, EstadoCorte?) {
    let medicion = Recepcion.medir(lote, cortesRiesgo: esquemas.cortesRiesgo(vigencia: corte.year))
    return (medicion, estadoCorte(lote, corte: corte, duplicados: duplicados, catalogo: catalogo))
  }

  /// The measures, which depend on the resolved batch alone.
  private static func medir(_ lote: Lote, cortesRiesgo: [Fecha]) -> MedicionPAI {
    Plan.medir(
      lote.plan,
      configuracion: ConfiguracionMedicion(
        cortesRiesgo: cortesRiesgo.map { DiaDelAno(mes: $0.month, dia: $0.day) }))
  }

  /// Coverage and the pending list, with a catalogue.
  private func estadoCorte(
    _ lote: Lote, corte: Fecha, duplicados: [DuplicadoLibro], catalogo: CatalogoEntidad?
  ) -> EstadoCorte? {
    catalogo.map {
      EstadoCorte.calcular(
        lote: lote, duplicados: duplicados, catalogo: $0, corte: corte,
        cortesRiesgo: esquemas.cortesRiesgo(vigencia: corte.year))
    }
  }

  /// The earlier cortes of `corte`'s vigencia in the ledger, oldest first,
  /// measured again from their accepted submissions.
  private func anteriores(a corte: Fecha, catalogo: CatalogoEntidad?) throws -> [CorteHistorial] {
    try buzon.libro.lotesAnteriores(a: corte).map { c, lote in
      let (medicion, estado) = medir(
        lote, corte: c, duplicados: try buzon.libro.duplicados(corte: c), catalogo: catalogo)
      return CorteHistorial(medicion: medicion, cobertura: estado?.cobertura)
    }
  }

  /// `schemas/catalogo.json`, for coverage and the pending list; read at
  /// every consolidation so that an edited catalogue takes effect.
  private func catalogo() -> CatalogoEntidad? {
    do {
      return try CatalogoEntidad.cargar(desde: opciones.esquemas)
    } catch let error as ErrorEsquema {
      alAvisar(.catalogoIlegible(motivo: Mensajes.esquema(error)))
    } catch {
      alAvisar(.catalogoIlegible(motivo: "\(error)"))
    }
    return nil
  }

  /// Rebuilds a corte from the ledger: cross-file rules, measures, every
  /// report beside its file, `consolidado.json`, `consolidado.xlsx`,
  /// `estado.json` and `informe.html`. Files are rewritten only when their
  /// content changed.
  public func consolidar(_ corte: Fecha) throws -> Consolidado {
    let libro = buzon.libro
    let catalogo = catalogo()
    let registrados = try libro.envios(corte: corte)
    let lote = resolverLote(registrados.map(\.envio), corte: corte)
    // The measures are made on a worker while the resolution is recorded
    // here: they read the resolved batch, never the ledger.
    let (medicion, ()) = try aLaVez(
      trabajadores: opciones.trabajadores,
      { [cortesRiesgo = esquemas.cortesRiesgo(vigencia: corte.year)] in
        Recepcion.medir(lote, cortesRiesgo: cortesRiesgo)
      },
      { try buzon.registrarResolucion(lote, registrados: registrados, corte: corte) })
    PuntoDeParada.resuelto.pasar()
    let guardado = try libro.guardados(corte: corte)
    let duplicadosLibro = try libro.duplicados(corte: corte)
    let estado = estadoCorte(lote, corte: corte, duplicados: duplicadosLibro, catalogo: catalogo)
    let duplicados = duplicadosLibro.map {
      ArchivoDuplicado(archivo: $0.nombre, igualA: $0.igualA, sha256: $0.sha256)
    }
    let historial =
      try anteriores(a: corte, catalogo: catalogo)
      + [CorteHistorial(medicion: medicion, cobertura: estado?.cobertura)]

    // Each submission's reports depend on it alone, so they are made on
    // the run's workers (`PAI_TRABAJADORES`): the same bytes in any order.
    // The first failure, in submission order, is the one thrown.
    let bases = lote.envios.map { e in guardado[e.sha256].map { buzon.absoluta($0) } }
    let escritos = mapaEnParalelo(lote.envios.count, trabajadores: opciones.trabajadores) {
      [lote] i -> Result<[String], any Error> in
      guard let base = bases[i] else { return .success([]) }
      return Result { try Recepcion.escribirInformes(lote, i, corte: corte, base: base) }
    }
    var informes = Set<String>()
    for escrito in escritos { informes.formUnion(try escrito.get()) }
    for d in duplicadosLibro {
      guard let rel = d.guardado else { continue }
      let base = buzon.absoluta(rel)
      try escribirSiCambia(InformeDuplicado.markdown(d, corte: corte), base + ".informe.md")
      try escribirSiCambia(
        try InformeDuplicadoV1(d, corte: corte).serializar(), base + ".informe.json")
      informes.formUnion([base + ".informe.md", base + ".informe.json"])
    }
    let carpeta = URL(fileURLWithPath: buzon.absoluta(corte.iso))
    borrarInformesSobrantes(en: carpeta, vigentes: informes)
    PuntoDeParada.informes.pasar()

    // The workbook carries a creation time, so it is written only when what
    // it shows changed: when either JSON file below differs from the one on
    // disk. It goes first, so a run killed before the JSON files are in
    // place writes it again.
    let rutaJSON = carpeta.appendingPathComponent("consolidado.json").path
    let rutaEstado = carpeta.appendingPathComponent("estado.json").path
    let rutaLibro = carpeta.appendingPathComponent("consolidado.xlsx").path
    // The page is made on a worker while the JSON texts and the workbook
    // are made here; it is still put in place after the workbook, in the
    // order above.
    let (pagina, (json, estadoJSON)) = try aLaVez(
      trabajadores: opciones.trabajadores,
      { [esquemas = opciones.esquemas, cobertura = estado?.cobertura] in
        Recepcion.pagina(
          medicion, lote: lote, cobertura: cobertura, historial: historial, esquemas: esquemas)
      },
      {
        let json = try ConsolidadoV1(
          medicion, lote: lote, duplicados: duplicados, cobertura: estado?.cobertura,
          historial: historial
        ).serializar()
        let estadoJSON = try estado.map { try EstadoV1($0).serializar() }
        try escribirLibro(
          medicion, lote: lote, duplicados: duplicados, estado: estado, historial: historial,
          corte: corte, carpeta: carpeta, rutas: (rutaLibro, rutaJSON, rutaEstado),
          textos: (json, estadoJSON))
        return (json, estadoJSON)
      })
    if let estadoJSON { try escribirSiCambia(estadoJSON, rutaEstado) }
    try escribirPagina(pagina, en: carpeta.appendingPathComponent("informe.html").path)
    PuntoDeParada.informeHTML.pasar()
    try escribirSiCambia(json, rutaJSON)
    PuntoDeParada.consolidadoJSON.pasar()
    // The later cortes of the vigencia show this one in their evolution:
    // they are written again (an earlier corte never is by a later one).
    for posterior in try libro.cortes() where posterior > corte && posterior.year == corte.year {
      try libro.marcarPendiente(posterior)
    }
    try libro.marcarConsolidado(corte)
    return Consolidado(
      lote: lote, medicion: medicion, duplicados: duplicados, cobertura: estado?.cobertura,
      carpeta: carpeta)
  }

  /// `consolidado.xlsx`, which carries a creation time, so it is written
  /// only when what it shows changed: when either JSON file differs from
  /// the one on disk.
  private func escribirLibro(
    _ medicion: MedicionPAI, lote: Lote, duplicados: [ArchivoDuplicado], estado: EstadoCorte?,
    historial: [CorteHistorial], corte: Fecha, carpeta: URL,
    rutas: (libro: String, json: String, estado: String), textos: (json: String, estado: String?)
  ) throws {
    let (rutaLibro, rutaJSON, rutaEstado) = rutas
    let (json, estadoJSON) = textos
    let fm = FileManager.default
    if !fm.fileExists(atPath: rutaLibro) || fm.contents(atPath: rutaJSON) != Data(json.utf8)
      || estadoJSON.map({ fm.contents(atPath: rutaEstado) != Data($0.utf8) }) ?? false
    {
      try fm.createDirectory(at: carpeta, withIntermediateDirectories: true)
      try ConsolidadoXLSX.escribir(
        medicion, lote: lote, duplicados: duplicados, cobertura: estado?.cobertura, en: rutaLibro,
        // The evolution once there is something to compare, and at the
        // close of the vigencia, as the page does.
        hojasExtra: (estado.map { [EstadoTexto.hojaPendientes($0)] } ?? [])
          + (historial.count > 1 || corte.cierraVigencia ? [Evolucion.hoja(historial)] : []))
      PuntoDeParada.consolidadoXLSX.pasar()
    }
  }

  /// The reports beside the submission at `i` of the resolved corte, kept
  /// at `base`: `.informe.md`, `.informe.json` and, when it has findings,
  /// the annotated copy `.errores.xlsx`. Returns the paths that stand.
  private static func escribirInformes(_ lote: Lote, _ i: Int, corte: Fecha, base: String) throws
    -> [String]
  {
    let envio = lote.envios[i]
    let situacion = EstadoTexto.situacion(lote, i)
    let estado = situacion.prefix(1).uppercased() + situacion.dropFirst()
    let informeJSON = try InformeEnvio.json(
      envio, corte: corte, reemplazado: lote.reemplazadoPor[i] != nil, situacion: situacion)
    let cambio =
      FileManager.default.contents(atPath: base + ".informe.json") != Data(informeJSON.utf8)
    try escribirSiCambia(
      InformeEnvio.markdown(envio, corte: corte, estado: estado), base + ".informe.md")
    var escritos = [base + ".informe.md", base + ".informe.json"]
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
    if FileManager.default.fileExists(atPath: copia) { escritos.append(copia) }
    try escribirSiCambia(informeJSON, base + ".informe.json")
    return escritos
  }

  /// `informe.html`, the quarter's report page, from the template and the
  /// entity data in `schemas/`; pure, so that it is made beside the
  /// workbook.
  private static func pagina(
    _ medicion: MedicionPAI, lote: Lote, cobertura: Cobertura?, historial: [CorteHistorial],
    esquemas: String
  ) -> Result<String, any Error> {
    let carpeta = URL(fileURLWithPath: esquemas)
    return Result {
      let entidad = try Entidad.cargar(desde: carpeta)
      let plantilla = try String(
        contentsOf: carpeta.appendingPathComponent(InformeHTML.rutaPlantilla), encoding: .utf8)
      return try InformeHTML.generar(
        medicion, entidad: entidad, plantilla: plantilla, cobertura: cobertura,
        observaciones: lote.envios.flatMap { e in
          e.informe.hallazgos.filter {
            [.correccionReduce, .cambioFrenteAlCorteAnterior].contains($0.codigo)
          }
        },
        historial: historial)
    }
  }

  /// Puts the page in place. A broken template is the office's to fix: it
  /// is reported and the rest of the run stands.
  private func escribirPagina(_ pagina: Result<String, any Error>, en ruta: String) throws {
    do {
      try escribirSiCambia(try pagina.get(), ruta)
    } catch let error as ErrorEsquema {
      alAvisar(.paginaNoGenerada(motivo: Mensajes.esquema(error)))
    } catch let error as CocoaError {
      alAvisar(
        .paginaNoGenerada(motivo: "no se puede leer la plantilla (\(error.localizedDescription))."))
    }
  }

  /// Reports are outputs: one whose file moved away (or that a killed run
  /// left) is removed, so the folder always matches the ledger.
  private func borrarInformesSobrantes(en carpeta: URL, vigentes: Set<String>) {
    for sub in ["recibidos", "rechazados", "duplicados"] {
      let raiz = carpeta.appendingPathComponent(sub).path
      guard let e = FileManager.default.enumerator(atPath: raiz) else { continue }
      for case let rel as String in e
      where rel.hasSuffix(".informe.md") || rel.hasSuffix(".informe.json")
        || rel.hasSuffix(".errores.xlsx")
      {
        let ruta = raiz + "/" + rel
        if !vigentes.contains(ruta) { try? FileManager.default.removeItem(atPath: ruta) }
      }
    }
  }
}
