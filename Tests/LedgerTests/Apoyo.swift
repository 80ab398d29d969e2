import CLibzip
import Foundation
import PAITestSupport
import Plan
import Schema
import XCTest

@testable import Ledger

/// The repository, the example inbox and a scratch folder per test.
enum Apoyo {
  static var raiz: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  static let corte = Fecha(iso: "2021-03-31")!

  static func esquemas() throws -> SchemaSet {
    try SchemaSet.cargar(desde: raiz.appendingPathComponent("schemas"))
  }

  /// `inbox/<carpeta>/<nombre>` of the example.
  static func ejemplo(_ carpeta: String, _ nombre: String) -> URL {
    raiz.appendingPathComponent("inbox").appendingPathComponent(carpeta).appendingPathComponent(
      nombre)
  }

  static let proyecto7867 = ejemplo("consejeria-comunicaciones", "PAI 2021-T1 Proyecto 7867.xlsx")
  static let indicadoresTIC = ejemplo("oficina-tic", "Indicadores TIC - marzo 2021.xlsx")
  static let riesgosTIC = ejemplo("oficina-tic", "Mapa de riesgos OTIC - monitoreo.xlsx")

  static func temporal() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pai-ledger-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Copies a file into `carpeta/nombre` with a fixed modification time.
  @discardableResult
  static func dejar(_ origen: URL, en carpeta: URL, nombre: String? = nil, fecha: Date = fechaBase)
    throws -> URL
  {
    try FileManager.default.createDirectory(at: carpeta, withIntermediateDirectories: true)
    let destino = carpeta.appendingPathComponent(nombre ?? origen.lastPathComponent)
    try Data(contentsOf: origen).write(to: destino)
    try FileManager.default.setAttributes([.modificationDate: fecha], ofItemAtPath: destino.path)
    return destino
  }

  /// 2021-04-05 08:00 UTC, the example's own time stamp.
  static let fechaBase = Date(timeIntervalSince1970: 1_617_609_600)

  /// Different bytes, same workbook (`Soporte.conComentario`).
  static func conComentario(_ datos: Data, _ comentario: String) -> Data {
    Soporte.conComentario(datos, comentario)
  }

  /// Rewrites one part of a workbook, replacing text in its XML (libzip).
  static func reemplazar(en ruta: URL, parte: String, _ de: String, por a: String) throws {
    var error: Int32 = 0
    guard let z = zip_open(ruta.path, 0, &error) else { throw CocoaError(.fileReadCorruptFile) }
    let indice = zip_name_locate(z, parte, 0)
    guard indice >= 0 else {
      zip_discard(z)
      throw CocoaError(.fileReadNoSuchFile)
    }
    var st = zip_stat_t()
    zip_stat_init(&st)
    zip_stat_index(z, UInt64(indice), 0, &st)
    var bytes = [UInt8](repeating: 0, count: Int(st.size))
    let f = zip_fopen_index(z, UInt64(indice), 0)
    _ = zip_fread(f, &bytes, st.size)
    zip_fclose(f)
    let texto = String(decoding: bytes, as: UTF8.self)
    guard texto.contains(de) else {
      zip_discard(z)
      throw CocoaError(
        .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "«\(de)» no está en \(parte)"])
    }
    let nuevo = Array(texto.replacingOccurrences(of: de, with: a).utf8)
    let memoria = malloc(nuevo.count)!
    nuevo.withUnsafeBytes { memoria.copyMemory(from: $0.baseAddress!, byteCount: nuevo.count) }
    let fuente = zip_source_buffer(z, memoria, UInt64(nuevo.count), 1)
    zip_file_replace(z, UInt64(indice), fuente, 0)
    guard zip_close(z) == 0 else { throw CocoaError(.fileWriteUnknown) }
  }

  /// A ledger, an inbox and an outbox in a fresh folder.
  struct Escenario {
    var raiz: URL
    var bandeja: URL
    var outbox: URL
    var esquemas: SchemaSet

    init(conservar: Bool = false) throws {
      raiz = try Apoyo.temporal()
      bandeja = raiz.appendingPathComponent("inbox")
      outbox = raiz.appendingPathComponent("outbox")
      try FileManager.default.createDirectory(at: bandeja, withIntermediateDirectories: true)
      esquemas = try Apoyo.esquemas()
      self.conservar = conservar
    }

    var conservar: Bool
    var rutaLibro: String { outbox.appendingPathComponent("pai.sqlite").path }

    /// A new ledger connection and mailbox, as a new run opens them.
    func buzon() throws -> Buzon {
      Buzon(
        libro: try LibroMayor(ruta: rutaLibro), bandeja: bandeja.path, outbox: outbox.path,
        esquemas: esquemas,
        opciones: OpcionesBuzon(conservar: conservar, intervalo: 0, gracia: 120))
    }

    /// One pass: look, receive every ready file, resolve the corte.
    @discardableResult
    func pasada(_ b: Buzon? = nil, corte: Fecha = Apoyo.corte) throws -> (
      recibos: [Recibo], lote: Lote
    ) {
      let b = try b ?? buzon()
      _ = try b.recuperar()
      let (listos, _) = try b.mirar(esperar: { _ in })
      var recibos: [Recibo] = []
      for a in listos where !b.yaRecibido(a) {
        recibos.append(try b.recibir(a, corte: corte))
      }
      try b.asentar()
      let registrados = try b.libro.envios(corte: corte)
      let lote = resolverLote(registrados.map(\.envio), corte: corte)
      try b.registrarResolucion(lote, registrados: registrados, corte: corte)
      return (recibos, lote)
    }

    func limpiar() { try? FileManager.default.removeItem(at: raiz) }
  }
}
