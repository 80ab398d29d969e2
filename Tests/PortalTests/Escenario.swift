import Corrida
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging
import PAITestSupport
import Plan
import Portal
import Schema
import XCTest

/// A portal on a fresh inbox and outbox, run in-process through
/// `HummingbirdTesting` (no socket), with its counter as a service.
struct Escenario {
  let carpeta: URL
  let inbox: URL
  let outbox: URL
  let esquemas: URL
  let corte = Fecha(iso: "2021-03-31")!
  var opciones = OpcionesPortal()

  /// - Parameter envioMB: `limites.envioMB` in a copy of `schemas/`.
  init(envioMB: Int? = nil, confiarProxy: Bool = false) throws {
    carpeta = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pai-portal-\(UUID().uuidString)")
    inbox = carpeta.appendingPathComponent("inbox")
    outbox = carpeta.appendingPathComponent("outbox")
    try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    if let envioMB {
      esquemas = carpeta.appendingPathComponent("schemas")
      try FileManager.default.copyItem(
        at: Soporte.raiz.appendingPathComponent("schemas"), to: esquemas)
      let pai = esquemas.appendingPathComponent("pai.json")
      let texto = try String(contentsOf: pai, encoding: .utf8)
        .replacingOccurrences(of: "\"envioMB\": 50", with: "\"envioMB\": \(envioMB)")
      try texto.write(to: pai, atomically: true, encoding: .utf8)
    } else {
      esquemas = Soporte.raiz.appendingPathComponent("schemas")
    }
    opciones.confiarProxy = confiarProxy
    opciones.openAPI = Soporte.raiz.appendingPathComponent("docs/openapi.yaml").path
  }

  /// Quiet in tests: only errors.
  static var registro: Logger {
    var l = Logger(label: "pai.portal.pruebas")
    l.logLevel = .error
    return l
  }

  func limpiar() { try? FileManager.default.removeItem(at: carpeta) }

  func mostrador(pausa: TimeInterval = 0.3, cada: TimeInterval = 0.3) throws -> Mostrador {
    var o = OpcionesRecepcion(inbox: inbox.path, outbox: outbox.path, esquemas: esquemas.path)
    o.corte = corte
    o.intervalo = 0
    let recepcion = try Recepcion(opciones: o, esquemas: SchemaSet.cargar(desde: esquemas))
    return try Mostrador(recepcion: recepcion, pausa: pausa, cada: cada, logger: Escenario.registro)
  }

  /// Runs `prueba` against a portal; the counter stops (and lets the
  /// lock go) when it returns.
  func probar(
    pausa: TimeInterval = 0.3, cada: TimeInterval = 0.3,
    _ prueba: @escaping @Sendable (any TestClientProtocol, Mostrador) async throws -> Void
  ) async throws {
    let m = try mostrador(pausa: pausa, cada: cada)
    let portal = Portal(mostrador: m, opciones: opciones)
    let app = Application(router: portal.router(), services: [m], logger: Escenario.registro)
    try await app.test(.router) { client in try await prueba(client, m) }
    try await m.terminar()
  }

  /// A fresh key for an office, or the planning office's.
  func clave(_ m: Mostrador, dependencia: String?) throws -> String {
    try m.libro.crearAcceso(
      tipo: dependencia == nil ? .planeacion : .dependencia, carpeta: dependencia,
      nombre: dependencia ?? "Planeación"
    ).clave
  }

  /// An example workbook's bytes.
  static func ejemplo(_ carpeta: String, _ nombre: String) throws -> Data {
    try Data(contentsOf: Soporte.raiz.appendingPathComponent("inbox/\(carpeta)/\(nombre)"))
  }

  /// Every example workbook: its office folder, name and bytes.
  static func ejemplos() throws -> [(carpeta: String, nombre: String, datos: Data)] {
    let raiz = Soporte.raiz.appendingPathComponent("inbox")
    var out: [(String, String, Data)] = []
    for c in try FileManager.default.contentsOfDirectory(atPath: raiz.path).sorted() {
      let dir = raiz.appendingPathComponent(c)
      for n in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
      where n.hasSuffix(".xlsx") {
        out.append((c, n, try Data(contentsOf: dir.appendingPathComponent(n))))
      }
    }
    return out
  }

  /// Files under a folder, hidden ones included, relative.
  static func archivos(_ url: URL) -> [String] {
    guard let e = FileManager.default.enumerator(atPath: url.path) else { return [] }
    var out: [String] = []
    for case let rel as String in e {
      var dir: ObjCBool = false
      if FileManager.default.fileExists(
        atPath: url.appendingPathComponent(rel).path, isDirectory: &dir),
        !dir.boolValue
      {
        out.append(rel)
      }
    }
    return out.sorted()
  }
}

/// A `multipart/form-data` body.
struct Formulario {
  let frontera = "----pai\(UUID().uuidString)"
  var cuerpo = ByteBuffer()

  mutating func archivo(_ datos: Data, nombre: String, campo: String = "archivo") {
    cuerpo.writeString(
      "--\(frontera)\r\nContent-Disposition: form-data; name=\"\(campo)\"; filename=\"\(nombre)\"\r\n"
        + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
    cuerpo.writeBytes(datos)
    cuerpo.writeString("\r\n")
  }

  mutating func campo(_ nombre: String, _ valor: String) {
    cuerpo.writeString(
      "--\(frontera)\r\nContent-Disposition: form-data; name=\"\(nombre)\"\r\n\r\n\(valor)\r\n")
  }

  func terminado() -> ByteBuffer {
    var b = cuerpo
    b.writeString("--\(frontera)--\r\n")
    return b
  }

  var tipo: String { "multipart/form-data; boundary=\(frontera)" }
}

extension TestClientProtocol {
  func enviar(
    _ datos: Data, nombre: String, clave: String?, campos: [(String, String)] = [],
    direccion: String? = nil
  ) async throws -> TestResponse {
    var f = Formulario()
    for (k, v) in campos { f.campo(k, v) }
    f.archivo(datos, nombre: nombre)
    var h: HTTPFields = [.contentType: f.tipo]
    if let clave { h[.authorization] = "Bearer \(clave)" }
    if let direccion { h[HTTPField.Name("X-Forwarded-For")!] = direccion }
    return try await execute(uri: "/api/v1/envios", method: .post, headers: h, body: f.terminado())
  }

  func pedir(_ uri: String, clave: String?, direccion: String? = nil) async throws -> TestResponse {
    var h: HTTPFields = [:]
    if let clave { h[.authorization] = "Bearer \(clave)" }
    if let direccion { h[HTTPField.Name("X-Forwarded-For")!] = direccion }
    return try await execute(uri: uri, method: .get, headers: h)
  }
}

extension TestResponse {
  /// The body as JSON.
  var json: [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
  }

  var error: (codigo: String, mensaje: String)? {
    guard let e = json["error"] as? [String: Any], let c = e["codigo"] as? String,
      let m = e["mensaje"] as? String
    else { return nil }
    return (c, m)
  }
}
