import ArgumentParser
import Corrida
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
    commandName: "procesar",
    abstract:
      "Recibe los archivos de la bandeja de entrada, valida cada envío y escribe el consolidado del corte.",
    discussion: """
      Cada archivo completo se registra en el libro de envíos (OUTBOX/pai.sqlite)
      y se mueve a OUTBOX/<corte>/recibidos/ o …/rechazados/ (…/duplicados/ si ya
      se había recibido el mismo archivo en el mismo corte), con su informe al lado
      (<archivo>.informe.md y .json). Con --conservar se copia y el original queda
      en la bandeja. El consolidado (consolidado.json) se escribe de nuevo desde
      el libro: correr dos veces da lo mismo. Sale con 1 si algún envío del corte
      fue rechazado, y con 2 si no hubo rechazos pero faltan reportes que el
      catálogo (ESQUEMAS/catalogo.json) espera en el corte: las cifras son
      parciales.
      """)

  @OptionGroup var comun: OpcionesComunes

  @Option(
    help:
      "Segundos entre las dos miradas a la bandeja que reconocen un archivo que todavía se está copiando."
  )
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
    let trabajo = try Trabajo(
      comun: comun, esquemas: set, silencioso: silencioso, intervalo: intervalo)
    defer { trabajo.recepcion.soltar() }
    let parada = Parada.instalar()
    try trabajo.recuperar()

    let (nuevos, enEscritura) = try trabajo.recepcion.mirar()
    trabajo.avisarEnEscritura(enEscritura)
    guard let fecha = try trabajo.recepcion.corte(para: nuevos) else {
      aviso("Ningún envío declara la fecha de corte; indíquela con --corte AAAA-MM-DD.")
      throw Salida.sinCorte
    }
    let hechos = try trabajo.recibir(nuevos, corte: fecha, parada: parada)
    let resultado = try trabajo.recepcion.consolidarPendientes()[fecha]
    if let r = resultado {
      print(
        Resumen.texto(
          lote: r.lote, medicion: r.medicion, duplicados: r.duplicados, cobertura: r.cobertura,
          carpeta: r.carpeta.path))
    }
    if hechos < nuevos.count {
      aviso(
        "Interrumpido: \(nuevos.count - hechos) archivo(s) quedan en la bandeja para la próxima ejecución."
      )
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
  } catch let error as ErrorLibro {
    throw salidaDeLibro(error, ruta: error.ruta)
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

  @Option(
    name: .customLong("db"), help: "Libro de envíos (SQLite). Por omisión, OUTBOX/pai.sqlite.")
  var db: String?

  @Option(
    help:
      "Fecha de corte (AAAA-MM-DD). Por omisión, la que declaran los proyectos o la del último corte."
  )
  var corte: String?

  @Option(name: .customLong("esquemas"), help: ArgumentHelp(Esquemas.ayuda))
  var esquemasDados: String?
  var esquemas: String { Esquemas.carpeta(esquemasDados) }

  @Flag(help: "Copiar los archivos a la salida y dejarlos en la bandeja, en vez de moverlos.")
  var conservar = false

  @Flag(
    help: "Si otra ejecución tiene la carpeta de salida, esperar a que termine en vez de salir.")
  var esperar = false

  @Option(
    help: "Segundos que un libro cortado (o vacío) se espera antes de rechazarlo como incompleto.")
  var gracia: Double = 120

  func validar() throws {
    try validarCorte(corte)
    if gracia < 0 { throw ValidationError("--gracia no puede ser negativa.") }
  }

  /// The run's options as the library takes them.
  func recepcion(intervalo: TimeInterval) -> OpcionesRecepcion {
    var o = OpcionesRecepcion(inbox: inbox, outbox: outbox, esquemas: esquemas)
    o.db = db
    o.corte = corte.flatMap(Fecha.init(iso:))
    o.conservar = conservar
    o.esperar = esperar
    o.gracia = gracia
    o.intervalo = intervalo
    return o
  }
}

/// A run of the command line: the library's `Recepcion`, with what it
/// reports worded in Spanish on standard error.
final class Trabajo {
  let recepcion: Recepcion
  let silencioso: Bool

  init(comun: OpcionesComunes, esquemas: SchemaSet, silencioso: Bool, intervalo: TimeInterval = 0.5)
    throws
  {
    self.silencioso = silencioso
    let outbox = comun.outbox
    do {
      recepcion = try Recepcion(opciones: comun.recepcion(intervalo: intervalo), esquemas: esquemas)
      { a in
        switch a {
        case .esperandoCandado(let pid):
          aviso(
            "Otra ejecución de pai\(pid.map { " (proceso \($0))" } ?? "") está trabajando en «\(outbox)»; se espera a que termine…"
          )
        case .candadoHuerfano(let pid):
          aviso(
            "La ejecución anterior (proceso \(pid)) terminó sin soltar el candado; esta ejecución completa su trabajo."
          )
        case .catalogoIlegible(let motivo):
          aviso("El consolidado sale sin cobertura ni hoja Pendientes: " + motivo)
        case .paginaNoGenerada(let motivo):
          aviso("No se generó informe.html: " + motivo)
        }
      }
    } catch ErrorRecepcion.sinBandeja(let ruta) {
      aviso("No se encuentra la carpeta de entrada «\(ruta)» o no se puede leer.")
      throw Salida.sinEntrada
    } catch ErrorRecepcion.ocupado(let pid) {
      aviso(
        "Otra ejecución de pai\(pid.map { " (proceso \($0))" } ?? "") está trabajando en «\(outbox)». "
          + "Espere a que termine, o use --esperar para que esta ejecución espere su turno.")
      throw Salida.ocupado
    } catch ErrorRecepcion.sinCandado(let detalle) {
      aviso(
        "No se puede escribir en la carpeta de salida «\(outbox)» (no se pudo crear «pai.lock»): "
          + "es de solo lectura, el disco está lleno o no se tienen permisos (\(detalle)).")
      throw Salida.noSePuedeEscribir
    } catch let error as ErrorLibro {
      throw salidaDeLibro(error, ruta: comun.recepcion(intervalo: intervalo).rutaLibro)
    }
  }

  /// Finishes what an interrupted run left.
  func recuperar() throws {
    let r = try recepcion.recuperar()
    if r.trasladosCompletados > 0 {
      aviso(
        "Se completaron \(r.trasladosCompletados) traslado(s) que una ejecución interrumpida dejó registrados."
      )
    }
    for p in r.perdidos {
      aviso(
        "Atención: «\(p)» está en el libro de envíos pero ya no está en la bandeja ni en la salida."
      )
    }
  }

  func avisarEnEscritura(_ archivos: [ArchivoBandeja]) {
    for a in archivos {
      aviso(
        "\(a.carpeta.map { "\($0)/" } ?? "")\(a.nombre): todavía se está copiando o está incompleto; se deja para la próxima pasada."
      )
    }
  }

  /// Receives the files in order until done or asked to stop, saying what
  /// became of each; returns how many were handled.
  func recibir(_ archivos: [ArchivoBandeja], corte: Fecha, parada: Parada) throws -> Int {
    try recepcion.recibir(
      archivos, corte: corte, debeParar: { parada.pedida },
      alRecibir: { i, a, recibo in
        guard !silencioso else { return }
        let quien = a.carpeta.map { "\($0)/" } ?? ""
        let estado: String
        switch recibo {
        case .recibido(_, _, let informe):
          estado = informe.aceptado ? "aceptado" : "rechazado (\(informe.errores) error(es))"
        case .duplicado(_, _, let igualA):
          estado = "duplicado de «\(igualA)», no se cuenta otra vez"
        case .yaRecibido: estado = "ya recibido"
        case .cambio: estado = "cambió mientras se leía; se deja para la próxima pasada"
        }
        aviso("[\(i + 1)/\(archivos.count)] \(quien)\(a.nombre): \(estado)")
      })
  }
}

/// Opens the ledger or says, in Spanish, why not.
func abrirLibro(_ ruta: String, existente: Bool = false) throws -> LibroMayor {
  do {
    return existente ? try LibroMayor.existente(ruta: ruta) : try LibroMayor(ruta: ruta)
  } catch let error as ErrorLibro {
    throw salidaDeLibro(error, ruta: ruta)
  } catch {
    aviso("No se puede abrir el libro de envíos «\(ruta)»: \(error)")
    throw Salida.libroIlegible
  }
}

/// Says why the ledger cannot be used and gives the exit code.
func salidaDeLibro(_ error: ErrorLibro, ruta: String) -> ExitCode {
  switch error {
  case .superado:
    aviso(
      "El libro de envíos «\(ruta)» fue escrito por una versión más nueva de pai; actualice pai antes de usarlo."
    )
    return Salida.libroIlegible
  case .noSePuedeEscribir(_, let detalle):
    aviso(
      "No se puede escribir el libro de envíos «\(ruta)»: el disco está lleno, la carpeta es de solo lectura "
        + "o no se tienen permisos (\(detalle)). Libere espacio o revise los permisos y vuelva a correr pai."
    )
    return Salida.noSePuedeEscribir
  case .noExiste:
    aviso("Todavía no hay libro de envíos en «\(ruta)»: corra primero «pai procesar».")
    return Salida.sinEntrada
  case .ilegible(_, let detalle):
    aviso("No se puede abrir el libro de envíos «\(ruta)»: \(detalle)")
    return Salida.libroIlegible
  case .codigoDesconocido(_, let codigo):
    aviso(
      "El libro de envíos «\(ruta)» tiene un hallazgo con el código «\(codigo)», que esta versión de pai "
        + "no conoce: lo escribió una versión más nueva. Actualice pai antes de usarlo.")
    return Salida.libroIlegible
  case .filaIlegible(_, let tabla, let id, let problema):
    let campo: String
    switch problema {
    case .falta(let c): campo = "falta el campo «\(c)»"
    case .nulo(let c): campo = "el campo «\(c)» está vacío (null)"
    case .tipo(let c): campo = "el campo «\(c)» no tiene el tipo esperado"
    case .valor(let c): campo = "el valor del campo «\(c)» no es válido"
    case .filas(let n): campo = "un proyecto tiene \(n) filas en vez de una"
    }
    aviso(
      "El libro de envíos «\(ruta)» tiene una fila que no se puede leer completa (tabla «\(tabla)», "
        + "fila \(id)): \(campo). Fue editado a mano o está dañado; restaure la copia de respaldo. "
        + "pai no calcula cifras con datos incompletos.")
    return Salida.libroIlegible
  }
}

func aviso(_ s: String) {
  FileHandle.standardError.write(Data((s + "\n").utf8))
}
