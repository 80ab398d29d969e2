import ArgumentParser
import Dispatch
import Foundation
import Ledger
import Plan
import Reports
import Schema

/// `pai vigilar`: watch the inbox and receive each file once it is
/// complete, until Ctrl-C or SIGTERM.
struct Vigilar: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vigilar",
    abstract: "Vigila la bandeja de entrada y procesa cada archivo cuando termina de llegar.",
    discussion: """
      Mira la bandeja cada --cada segundos. Un archivo se toma cuando su tamaño y
      su fecha de modificación no cambiaron desde la mirada anterior y, si es un
      libro (.xlsx), está completo. Después de cada grupo de archivos escribe de
      nuevo el consolidado del corte. Se detiene con Ctrl-C o SIGTERM, después de
      terminar el archivo que tiene en la mano.
      """)

  @OptionGroup var comun: OpcionesComunes

  @Option(help: "Segundos entre dos miradas a la bandeja.")
  var cada: Double = 2

  @Flag(help: "No mostrar cada archivo recibido.")
  var silencioso = false

  func validate() throws {
    try comun.validar()
    if cada <= 0 { throw ValidationError("--cada debe ser mayor que 0.") }
  }

  func run() throws {
    try conSalidaSegura(comun.outbox) { try vigilar() }
  }

  private func vigilar() throws {
    let set = try cargarEsquemas(comun.esquemas)
    // The pause between polls is the interval between the two looks.
    let trabajo = try Trabajo(comun: comun, esquemas: set, silencioso: silencioso, intervalo: 0)
    defer { trabajo.recepcion.soltar() }
    let parada = Parada.instalar()
    try trabajo.recuperar()
    _ = try trabajo.recepcion.consolidarPendientes()
    aviso(
      "Vigilando «\(comun.inbox)» cada \(Formato.numero(Decimal(cada))) s. Ctrl-C para detener.")

    var anterior: [String: ArchivoBandeja.Huella] = [:]
    var avisados = Set<String>()
    while !parada.pedida {
      let vistos = try Bandeja.listar(comun.inbox)
      var listos: [ArchivoBandeja] = []
      for a in vistos {
        let quieto = anterior[a.ruta] == a.huellaRapida
        let completo = Bandeja.completitud(a, gracia: comun.gracia) == .completo
        if quieto && completo {
          listos.append(a)
        } else if quieto && !avisados.contains(a.ruta) {
          trabajo.avisarEnEscritura([a])
          avisados.insert(a.ruta)
        }
      }
      anterior = Dictionary(
        vistos.map { ($0.ruta, $0.huellaRapida) }, uniquingKeysWith: { a, _ in a })
      let nuevos = trabajo.recepcion.porRecibir(Bandeja.enOrdenDeLlegada(listos))
      if !nuevos.isEmpty {
        if let fecha = try trabajo.recepcion.corte(para: nuevos) {
          _ = try trabajo.recibir(nuevos, corte: fecha, parada: parada)
          for (c, r) in try trabajo.recepcion.consolidarPendientes().sorted(by: { $0.key < $1.key })
          {
            if !silencioso {
              aviso(
                "Corte \(Formato.fecha(c)): \(r.lote.envios.count) recibidos, \(r.lote.aceptados) aceptados, "
                  + "\(r.lote.rechazados) rechazados, \(r.duplicados.count) duplicados; "
                  + "avance del PAI \(r.medicion.pai.map(Formato.porcentaje) ?? "sin medir")"
                  + (r.cobertura.map { $0.completa ? "." : "; " + EstadoTexto.coberturaTexto($0) }
                    ?? "."))
            }
          }
          for a in nuevos { avisados.remove(a.ruta) }
        } else {
          for a in nuevos where !avisados.contains(a.ruta) {
            aviso("\(a.nombre): no se sabe a qué corte pertenece; indique --corte AAAA-MM-DD.")
            avisados.insert(a.ruta)
          }
        }
      }
      parada.dormir(cada)
    }
    aviso("Detenido. Lo recibido quedó registrado y el consolidado está al día.")
  }
}

/// A request to stop (SIGINT, SIGTERM), honoured between files: the file
/// in hand is finished and the corte consolidated. A second signal ends
/// the process at once; the ledger's order of work makes that safe too.
final class Parada: @unchecked Sendable {
  private let cerrojo = NSCondition()
  private var _pedida = false
  private var fuentes: [DispatchSourceSignal] = []

  var pedida: Bool {
    cerrojo.lock()
    defer { cerrojo.unlock() }
    return _pedida
  }

  static func instalar() -> Parada {
    let p = Parada()
    for s in [SIGINT, SIGTERM] {
      signal(s, SIG_IGN)
      let fuente = DispatchSource.makeSignalSource(signal: s, queue: .global())
      fuente.setEventHandler { [unowned p] in p.pedir(s) }
      fuente.resume()
      p.fuentes.append(fuente)
    }
    return p
  }

  private func pedir(_ senal: Int32) {
    cerrojo.lock()
    let segunda = _pedida
    _pedida = true
    cerrojo.broadcast()
    cerrojo.unlock()
    if segunda { _exit(128 + senal) }
    aviso("Deteniendo: se termina el archivo en curso…")
  }

  /// Sleeps up to `segundos`, waking at once when a stop is asked.
  func dormir(_ segundos: Double) {
    let hasta = Date().addingTimeInterval(segundos)
    cerrojo.lock()
    while !_pedida && cerrojo.wait(until: hasta) {}
    cerrojo.unlock()
  }
}
