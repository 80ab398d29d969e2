import ArgumentParser
import Foundation
import Ledger
import Plan
import Reports
import Schema
import XLSX

/// `pai procesar`: read, validate and consolidate the inbox for a corte.
struct Procesar: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Lee la bandeja de entrada, valida cada envío y escribe el consolidado del corte.",
    discussion: """
      Escribe en OUTBOX/<corte>/: consolidado.json y, por cada envío, su informe
      (informes/<remitente>/<archivo>.md y .json). Sale con 1 si algún envío fue rechazado.
      """)

  @Option(help: "Carpeta de entrada con los libros de las dependencias.")
  var inbox = "inbox"

  @Option(help: "Carpeta de salida.")
  var outbox = "outbox"

  @Option(help: "Fecha de corte (AAAA-MM-DD). Por omisión, la que declaran los proyectos.")
  var corte: String?

  @Option(help: "Carpeta de esquemas.")
  var esquemas = "schemas"

  @Flag(help: "No mostrar el avance archivo por archivo.")
  var silencioso = false

  func validate() throws {
    if let corte, Fecha(iso: corte) == nil {
      throw ValidationError("La fecha de corte debe tener la forma AAAA-MM-DD y ser una fecha real: «\(corte)».")
    }
  }

  func run() throws {
    let set = try cargarEsquemas(esquemas)
    let archivos: [ArchivoBandeja]
    do {
      archivos = try Bandeja.listar(inbox)
    } catch {
      aviso("No se encuentra la carpeta de entrada «\(inbox)» o no se puede leer.")
      throw Salida.sinEntrada
    }
    // The same bytes twice count once (PLAN: `duplicados`).
    var vistos: [String: String] = [:]
    var unicos: [(ArchivoBandeja, String)] = []
    var duplicados: [ArchivoDuplicado] = []
    for a in archivos {
      let huella = (try? SHA256.archivo(a.ruta)) ?? "ilegible:\(a.ruta)"
      if let previo = vistos[huella] {
        duplicados.append(ArchivoDuplicado(archivo: a.nombre, igualA: previo, sha256: huella))
      } else {
        vistos[huella] = a.nombre
        unicos.append((a, huella))
      }
    }
    var fecha = corte.flatMap(Fecha.init(iso:))
    var informes = validarTodos(unicos, set: set, corte: fecha, progreso: fecha != nil)
    if fecha == nil {
      guard let declarado = corteMasDeclarado(informes) else {
        aviso("Ningún envío declara la fecha de corte; indíquela con --corte AAAA-MM-DD.")
        throw Salida.sinCorte
      }
      fecha = declarado
      informes = validarTodos(unicos, set: set, corte: declarado, progreso: true)
    }
    guard let fecha else { return }
    let envios = zip(unicos, informes).map { (par, informe) in
      Envio(
        ruta: par.0.ruta, remitente: par.0.carpeta ?? informe.dependencia ?? "sin-remitente",
        modificado: par.0.modificado, sha256: par.1, informe: informe)
    }
    let lote = resolverLote(envios, corte: fecha)
    let medicion = medir(
      lote.plan,
      configuracion: ConfiguracionMedicion(
        cortesRiesgo: set.cortesRiesgo(vigencia: fecha.year).map { DiaDelAno(mes: $0.month, dia: $0.day) }))

    let carpeta = URL(fileURLWithPath: outbox).appendingPathComponent(fecha.iso)
    try escribirSalidas(lote: lote, medicion: medicion, duplicados: duplicados, carpeta: carpeta, corte: fecha)
    print(Resumen.texto(lote: lote, medicion: medicion, duplicados: duplicados, carpeta: carpeta.path))
    if lote.rechazados > 0 { throw Salida.rechazos }
  }

  private func validarTodos(
    _ archivos: [(ArchivoBandeja, String)], set: SchemaSet, corte: Fecha?, progreso: Bool
  ) -> [InformeArchivo] {
    archivos.enumerated().map { (i, par) in
      let informe = validar(ruta: par.0.ruta, esquemas: set, corte: corte)
      if progreso && !silencioso {
        let estado = informe.aceptado ? "aceptado" : "rechazado (\(informe.errores) error(es))"
        let quien = par.0.carpeta.map { "\($0)/" } ?? ""
        aviso("[\(i + 1)/\(archivos.count)] \(quien)\(par.0.nombre): \(estado)")
      }
      return informe
    }
  }

  private func escribirSalidas(
    lote: Lote, medicion: MedicionPAI, duplicados: [ArchivoDuplicado], carpeta: URL, corte: Fecha
  ) throws {
    for (i, envio) in lote.envios.enumerated() {
      let estado =
        envio.informe.aceptado ? (lote.reemplazados.contains(i) ? "Aceptado y reemplazado" : "Aceptado") : "Rechazado"
      let base = carpeta.appendingPathComponent("informes")
        .appendingPathComponent(Salidas.nombreSeguro(envio.remitente))
        .appendingPathComponent(Salidas.nombreSeguro(envio.archivo))
      try Salidas.escribir(InformeEnvio.markdown(envio, corte: corte, estado: estado), en: base.path + ".md")
      try Salidas.escribir(
        InformeEnvio.json(envio, corte: corte, estado: estado).serializar(), en: base.path + ".json")
    }
    try Salidas.escribir(
      ConsolidadoV1.json(medicion, lote: lote, duplicados: duplicados).serializar(),
      en: carpeta.appendingPathComponent("consolidado.json").path)
  }
}

func aviso(_ s: String) {
  FileHandle.standardError.write(Data((s + "\n").utf8))
}
