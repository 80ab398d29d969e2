import Corrida
import Dispatch
import Foundation
import Ledger
import Logging
import Plan
import Schema
import ServiceLifecycle
import XLSX

/// A corte resolved across its files (`resolverLote`) from the ledger: what
/// every view of a submission is built from, so that `codigo-duplicado`
/// and replacements are always known.
public struct CorteResuelto: Sendable {
  public var corte: Fecha
  public var registrados: [EnvioLibro]
  public var lote: Lote
  public var duplicados: [DuplicadoLibro]

  public static func calcular(_ libro: LibroMayor, corte: Fecha) throws -> CorteResuelto {
    let registrados = try libro.envios(corte: corte)
    return CorteResuelto(
      corte: corte, registrados: registrados,
      lote: resolverLote(registrados.map(\.envio), corte: corte),
      duplicados: try libro.duplicados(corte: corte))
  }
}

/// The one counter of the portal: every run of the library — an upload,
/// a file dropped in the shared inbox, a consolidation — goes through its
/// serial queue, so the portal never runs two at once, as `procesar` and
/// `vigilar` never do. It owns the `Recepcion`, and so the outbox's lock,
/// for the server's whole life.
///
/// Uploads that arrive together are received together: each waits in
/// `enEspera`, and one pass of the queue takes all that are waiting,
/// resolves each corte once and answers them all. The corte's outputs are
/// written once the uploads stop for `pausa` seconds (or every
/// `esperaMaxima` seconds under a steady stream), not once per file.
public final class Mostrador: Service, @unchecked Sendable {
  private let recepcion: Recepcion
  /// A second handle on the ledger for readers (keys, views, audit), so
  /// that they do not wait behind a consolidation.
  public let libro: LibroMayor
  public let esquemas: SchemaSet
  public let opciones: OpcionesRecepcion
  /// Seconds of quiet after the last reception before the outputs are
  /// rebuilt.
  public let pausa: TimeInterval
  /// Seconds between two looks at the shared inbox.
  public let cada: TimeInterval
  public let esperaMaxima: TimeInterval
  let logger: Logger

  private let cola = DispatchQueue(label: "pai.mostrador")
  private let cerrojo = NSLock()
  // Guarded by `cerrojo`.
  private var reservados = Set<String>()
  private var enEspera:
    [(ArchivoBandeja, CheckedContinuation<(id: Int64, resuelto: CorteResuelto), any Error>)] = []
  private var drenando = false
  private var _consolidaciones = 0
  // Only touched on `cola`.
  private var ultimaRecepcion: Date?
  private var ultimaConsolidacion = Date()
  private var anterior: [String: ArchivoBandeja.Huella] = [:]
  private var terminado = false

  /// Takes over a started `Recepcion` (its lock is released by `run()`'s
  /// end).
  public init(
    recepcion: Recepcion, pausa: TimeInterval = 1, cada: TimeInterval = 2,
    esperaMaxima: TimeInterval = 10,
    logger: Logger = Logger(label: "pai.portal")
  ) throws {
    self.recepcion = recepcion
    self.esquemas = recepcion.esquemas
    self.opciones = recepcion.opciones
    self.libro = try LibroMayor(ruta: recepcion.opciones.rutaLibro)
    self.pausa = pausa
    self.cada = cada
    self.esperaMaxima = esperaMaxima
    self.logger = logger
  }

  /// How many times the outputs were rebuilt (for tests and the log).
  public var consolidaciones: Int { cerrojo.withLock { _consolidaciones } }

  /// The inbox, absolute.
  public var bandeja: String { recepcion.buzon.bandeja }

  /// Runs `trabajo` on the queue and waits for it.
  func enCola<T: Sendable>(_ trabajo: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { c in
      cola.async { c.resume(with: Result { try trabajo() }) }
    }
  }

  // MARK: - Uploads

  /// Puts a finished upload in the inbox: a free name in
  /// `inbox/<carpeta>/` under the outbox's collision rule (`libro.xlsx`,
  /// `libro (2).xlsx`, …), reserved so that neither a concurrent upload
  /// nor the inbox's poll takes it, then the rename.
  ///
  /// - Returns: the file as the inbox holds it.
  public func colocar(temporal: String, carpeta: String?, nombre: String) throws -> ArchivoBandeja {
    let dir = carpeta.map { bandeja + "/" + $0 } ?? bandeja
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let destino: String = cerrojo.withLock {
      var n = 1
      while true {
        let candidata = dir + "/" + Buzon.conSufijo(nombre, n)
        if !reservados.contains(candidata) && !FileManager.default.fileExists(atPath: candidata) {
          reservados.insert(candidata)
          return candidata
        }
        n += 1
      }
    }
    guard rename(temporal, destino) == 0 else {
      _ = cerrojo.withLock { reservados.remove(destino) }
      throw ErrorPortal.interno
    }
    guard
      let a = Bandeja.mirarOtraVez(
        ArchivoBandeja(ruta: destino, carpeta: carpeta, modificado: Date(), bytes: 0))
    else {
      _ = cerrojo.withLock { reservados.remove(destino) }
      throw ErrorPortal.noDisponible
    }
    return a
  }

  /// Receives one placed upload with whatever else is waiting, and answers
  /// with its submission's id and its corte resolved across files.
  public func recibir(_ a: ArchivoBandeja) async throws -> (id: Int64, resuelto: CorteResuelto) {
    try await withCheckedThrowingContinuation { c in
      let arrancar: Bool = cerrojo.withLock {
        enEspera.append((a, c))
        if drenando { return false }
        drenando = true
        return true
      }
      if arrancar { cola.async { self.drenar() } }
    }
  }

  /// On the queue: takes every waiting upload, receives them, answers.
  private func drenar() {
    while true {
      let tanda:
        [(ArchivoBandeja, CheckedContinuation<(id: Int64, resuelto: CorteResuelto), any Error>)] =
          cerrojo.withLock {
            let t = enEspera
            enEspera = []
            if t.isEmpty { drenando = false }
            return t
          }
      if tanda.isEmpty { break }
      var porCorte: [Fecha: [Int]] = [:]
      var resultados: [Int: Result<(id: Int64, resuelto: CorteResuelto), any Error>] = [:]
      for (i, (a, _)) in tanda.enumerated() {
        if terminado {
          resultados[i] = .failure(ErrorPortal.noDisponible)
        } else if let c = try? recepcion.corte(para: [a]) {
          porCorte[c, default: []].append(i)
        } else {
          // Nothing is kept of a file no corte can take.
          unlink(a.ruta)
          resultados[i] = .failure(ErrorPortal.sinCorte)
        }
      }
      for (corte, indices) in porCorte.sorted(by: { $0.key < $1.key }) {
        var recibos: [String: Recibo] = [:]
        do {
          _ = try recepcion.recibir(
            indices.map { tanda[$0].0 }, corte: corte, alRecibir: { _, a, r in recibos[a.ruta] = r }
          )
          let resuelto = try CorteResuelto.calcular(libro, corte: corte)
          for i in indices {
            switch recibos[tanda[i].0.ruta] {
            case .recibido(let id, _, _)?, .duplicado(let id, _, _)?:
              resultados[i] = .success((id: id, resuelto: resuelto))
            case .yaRecibido?, .cambio?, nil:
              resultados[i] = .failure(ErrorPortal.noDisponible)
            }
          }
        } catch {
          logger.error("no se pudo recibir", metadata: ["error": "\(error)"])
          for i in indices where resultados[i] == nil {
            resultados[i] = .failure(ErrorPortal.interno)
          }
        }
        ultimaRecepcion = Date()
      }
      cerrojo.withLock {
        for (a, _) in tanda { reservados.remove(a.ruta) }
      }
      for (i, (_, c)) in tanda.enumerated() {
        c.resume(with: resultados[i] ?? .failure(ErrorPortal.interno))
      }
      programarConsolidacion()
    }
  }

  // MARK: - Outputs once per burst

  private func programarConsolidacion() {
    guard ultimaRecepcion != nil else { return }
    if Date().timeIntervalSince(ultimaConsolidacion) >= esperaMaxima {
      consolidar()
      return
    }
    cola.asyncAfter(deadline: .now() + pausa) { [self] in
      guard let u = ultimaRecepcion, Date().timeIntervalSince(u) >= pausa * 0.95 else { return }
      let esperan = cerrojo.withLock { !enEspera.isEmpty }
      if !esperan { consolidar() }
    }
  }

  /// On the queue: rebuilds every corte whose outputs are out of date.
  private func consolidar() {
    ultimaRecepcion = nil
    do {
      let hechos = try recepcion.consolidarPendientes()
      ultimaConsolidacion = Date()
      if !hechos.isEmpty {
        cerrojo.withLock { _consolidaciones += 1 }
        for (c, r) in hechos {
          logger.info(
            "consolidado",
            metadata: [
              "corte": "\(c.iso)", "recibidos": "\(r.lote.envios.count)",
              "aceptados": "\(r.lote.aceptados)",
            ])
        }
      }
    } catch {
      logger.error("no se pudo consolidar", metadata: ["error": "\(error)"])
    }
  }

  /// Brings every corte's outputs up to date now (a copy asked for before
  /// the burst's consolidation).
  public func alDia() async throws {
    try await enCola { [self] in
      if try !libro.cortesPendientes().isEmpty { consolidar() }
    }
  }

  // MARK: - The shared inbox

  /// On the queue: one look at the inbox, as `vigilar` takes it: a file
  /// unchanged since the previous look and complete is received; uploads
  /// being placed are not the poll's.
  private func sondear() {
    guard !terminado, let vistos = try? Bandeja.listar(bandeja) else { return }
    let reservadas = cerrojo.withLock { reservados }
    let outbox = recepcion.buzon.outbox + "/"
    let propios = vistos.filter { !reservadas.contains($0.ruta) && !$0.ruta.hasPrefix(outbox) }
    let listos = propios.filter {
      anterior[$0.ruta] == $0.huellaRapida
        && Bandeja.completitud($0, gracia: opciones.gracia) == .completo
    }
    anterior = Dictionary(
      propios.map { ($0.ruta, $0.huellaRapida) }, uniquingKeysWith: { a, _ in a })
    let nuevos = recepcion.porRecibir(Bandeja.enOrdenDeLlegada(listos))
    guard !nuevos.isEmpty else { return }
    do {
      guard let corte = try recepcion.corte(para: nuevos) else {
        logger.warning(
          "archivos sin corte en la bandeja", metadata: ["archivos": "\(nuevos.map(\.nombre))"])
        return
      }
      let n = try recepcion.recibir(nuevos, corte: corte)
      logger.info(
        "recibidos de la bandeja", metadata: ["archivos": "\(n)", "corte": "\(corte.iso)"])
      ultimaRecepcion = Date()
      programarConsolidacion()
    } catch {
      logger.error("no se pudo recibir de la bandeja", metadata: ["error": "\(error)"])
    }
  }

  // MARK: - Life

  /// What an interrupted run left, and upload temporaries of dead servers
  /// in the inbox; then the outputs brought up to date.
  private func arrancar() throws {
    _ = try recepcion.recuperar()
    if let nombres = try? FileManager.default.contentsOfDirectory(atPath: bandeja) {
      for n in nombres where n.hasPrefix(Subida.prefijo) && TemporaryFile.isLeftover(n) {
        unlink(bandeja + "/" + n)
      }
    }
    consolidar()
  }

  /// Polls the inbox until the service group shuts down (SIGTERM), then
  /// finishes what is waiting, writes the outputs and lets the lock go.
  /// The HTTP server stops first (services stop in reverse order), having
  /// finished the uploads in hand.
  public func run() async throws {
    try await enCola { [self] in try arrancar() }
    await cancelWhenGracefulShutdown { [self] in
      while !Task.isCancelled {
        do {
          try await Task.sleep(nanoseconds: UInt64(cada * 1e9))
        } catch {
          break
        }
        _ = try? await enCola { [self] in sondear() }
      }
    }
    try await terminar()
  }

  /// Ends the counter: uploads still waiting are answered, the outputs
  /// written, the lock released. Idempotent.
  public func terminar() async throws {
    try await enCola { [self] in
      guard !terminado else { return }
      drenar()
      terminado = true
      if try !libro.cortesPendientes().isEmpty { consolidar() }
      recepcion.soltar()
    }
  }
}
