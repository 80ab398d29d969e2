import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import PAITestSupport
import Plan
import Portal
import XCTest

/// The JSON API of `pai servir`, every endpoint and status, through the
/// same router the server runs.
final class PortalTests: XCTestCase {
  func testEnviarDaElResultadoDespuesDeLasReglasEntreArchivos() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let ejemplo = try XCTUnwrap(Escenario.ejemplos().first { $0.carpeta == "oficina-tic" })
    try await e.probar { client, m in
      let clave = try e.clave(m, dependencia: "oficina-tic")
      let r = try await client.enviar(ejemplo.datos, nombre: ejemplo.nombre, clave: clave)
      XCTAssertEqual(r.status, .created)
      let j = r.json
      XCTAssertEqual(j["archivo"] as? String, ejemplo.nombre)
      XCTAssertEqual(j["estado"] as? String, "aceptado")
      XCTAssertEqual(j["corte"] as? String, "2021-03-31")
      XCTAssertNotNil(j["plantilla"] as? String)
      XCTAssertEqual((j["hallazgos"] as? [Any])?.count, 0)
      let id = try XCTUnwrap(j["id"] as? String)
      // Security headers on every answer; private ones not cached.
      XCTAssertEqual(r.headers[.xContentTypeOptions], "nosniff")
      XCTAssertNotNil(r.headers[.contentSecurityPolicy])
      XCTAssertFalse(r.headers[.contentSecurityPolicy]?.contains("unsafe-inline") ?? true)
      XCTAssertEqual(r.headers[HTTPField.Name("Referrer-Policy")!], "no-referrer")
      XCTAssertEqual(r.headers[.cacheControl], "no-store")

      // The same reception as `procesar`: out of the inbox, into the outbox.
      XCTAssertEqual(Escenario.archivos(e.inbox), [])
      XCTAssertTrue(
        FileManager.default.fileExists(
          atPath: e.outbox.appendingPathComponent(
            "2021-03-31/recibidos/oficina-tic/\(ejemplo.nombre)"
          ).path))

      let lista = try await client.pedir("/api/v1/envios", clave: clave)
      XCTAssertEqual(lista.status, .ok)
      let envios = try XCTUnwrap(lista.json["envios"] as? [[String: Any]])
      XCTAssertEqual(envios.map { $0["id"] as? String }, [id])
      let uno = try await client.pedir("/api/v1/envios/\(id)", clave: clave)
      XCTAssertEqual(uno.status, .ok)
      XCTAssertEqual(uno.json["archivo"] as? String, ejemplo.nombre)
      let otroCorte = try await client.pedir("/api/v1/envios?corte=2021-06-30", clave: clave)
      XCTAssertEqual((otroCorte.json["envios"] as? [Any])?.count, 0)
      let malCorte = try await client.pedir("/api/v1/envios?corte=31-03-2021", clave: clave)
      XCTAssertEqual(malCorte.status, .badRequest)
      XCTAssertEqual(malCorte.error?.codigo, "corte-invalido")
      // Well formed but before 1900: the message says what is wrong.
      let viejo = try await client.pedir("/api/v1/estado?corte=0951-12-08", clave: clave)
      XCTAssertEqual(viejo.status, .badRequest)
      XCTAssertTrue(
        viejo.error?.mensaje.contains("desde 1900") ?? false, viejo.error?.mensaje ?? "")

      // An accepted file without findings has no annotated copy.
      let copia = try await client.pedir("/api/v1/envios/\(id)/copia-anotada", clave: clave)
      XCTAssertEqual(copia.status, .notFound)
      XCTAssertEqual(copia.error?.codigo, "sin-copia-anotada")

      // Who sent what, when and from where.
      let auditoria = try m.libro.auditoria()
      XCTAssertEqual(auditoria.count, 1)
      XCTAssertEqual(auditoria.first?.dependencia, "oficina-tic")
      XCTAssertEqual(auditoria.first?.archivo, ejemplo.nombre)
      XCTAssertEqual(auditoria.first?.envioId.map(String.init), id)
      XCTAssertEqual(auditoria.first?.estadoHTTP, 201)
      XCTAssertFalse(auditoria.first?.direccion.isEmpty ?? true)
    }
  }

  func testSinClaveOClaveEquivocadaEs401EnEspanol() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    try await e.probar { client, m in
      _ = try e.clave(m, dependencia: "oficina-tic")
      let sin = try await client.pedir("/api/v1/envios", clave: nil)
      XCTAssertEqual(sin.status, .unauthorized)
      XCTAssertEqual(sin.error?.codigo, "sin-clave")
      XCTAssertEqual(sin.headers[.wwwAuthenticate], "Bearer")
      let mala = try await client.pedir("/api/v1/estado", clave: "pai_no-es-una-clave")
      XCTAssertEqual(mala.status, .unauthorized)
      XCTAssertEqual(mala.error?.codigo, "clave-invalida")
      XCTAssertTrue(mala.error?.mensaje.contains("no es válida") ?? false)
      let envio = try await client.enviar(Data("x".utf8), nombre: "a.xlsx", clave: "pai_mala")
      XCTAssertEqual(envio.status, .unauthorized)
      XCTAssertEqual(Escenario.archivos(e.inbox), [], "nada se escribe sin clave")
      let ruta = try await client.pedir("/api/v1/nada", clave: nil)
      XCTAssertEqual(ruta.status, .notFound)
      XCTAssertEqual(ruta.error?.codigo, "ruta-desconocida")
      // A method an address does not take: 405 with the ones it takes
      // (schemathesis' check of undeclared methods).
      for (metodo, uri, permitidos) in [
        (HTTPRequest.Method.delete, "/api/v1/envios", "GET, POST"),
        (HTTPRequest.Method(rawValue: "TRACE")!, "/api/v1/estado", "GET"),
        (.put, "/api/v1/envios/7/copia-anotada", "GET"),
      ] {
        let r = try await client.execute(uri: uri, method: metodo, headers: [:])
        XCTAssertEqual(r.status.code, 405, "\(metodo) \(uri)")
        XCTAssertEqual(r.error?.codigo, "metodo-no-permitido")
        XCTAssertEqual(r.headers[.allow], permitidos)
      }
    }
  }

  func testElDocumentoOpenAPINoNecesitaClave() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    try await e.probar { client, _ in
      let r = try await client.pedir("/api/v1/openapi.yaml", clave: nil)
      XCTAssertEqual(r.status, .ok)
      let texto = String(buffer: r.body)
      XCTAssertTrue(texto.hasPrefix("openapi: 3"))
      for ruta in [
        "/envios:", "/envios/{id}:", "/envios/{id}/copia-anotada:", "/estado:", "/openapi.yaml:",
      ] {
        XCTAssertTrue(texto.contains(ruta), ruta)
      }
      XCTAssertEqual(r.headers[.xContentTypeOptions], "nosniff")
    }
  }

  /// Past 20 failed keys in a minute the address gets 429 for a minute,
  /// even with a good key; another address is not affected.
  func testDemasiadosIntentosEs429() async throws {
    let e = try Escenario(confiarProxy: true)
    defer { e.limpiar() }
    try await e.probar { client, m in
      let buena = try e.clave(m, dependencia: "oficina-tic")
      for i in 0..<20 {
        let r = try await client.pedir(
          "/api/v1/envios", clave: "pai_mala\(i)", direccion: "203.0.113.7")
        XCTAssertEqual(r.status, .unauthorized, "intento \(i + 1)")
      }
      let bloqueada = try await client.pedir(
        "/api/v1/envios", clave: buena, direccion: "203.0.113.7")
      XCTAssertEqual(bloqueada.status, .tooManyRequests)
      XCTAssertEqual(bloqueada.error?.codigo, "demasiados-intentos")
      XCTAssertNotNil(bloqueada.headers[.retryAfter])
      let otra = try await client.pedir("/api/v1/envios", clave: buena, direccion: "203.0.113.8")
      XCTAssertEqual(otra.status, .ok)
      // A 404 on an id is not a failed authentication.
      for _ in 0..<25 {
        let r = try await client.pedir("/api/v1/envios/999", clave: buena, direccion: "203.0.113.9")
        XCTAssertEqual(r.status, .notFound)
      }
    }
  }

  func testUnaClaveRevocadaDejaDeServirEnSeguida() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    try await e.probar { client, m in
      let clave = try e.clave(m, dependencia: "oficina-tic")
      let antes = try await client.pedir("/api/v1/estado", clave: clave)
      XCTAssertEqual(antes.status, .ok)
      // Revoked through another handle, as `pai acceso revocar` does.
      let otro = try LibroMayor(ruta: e.outbox.appendingPathComponent("pai.sqlite").path)
      XCTAssertEqual(try otro.revocar("oficina-tic").count, 1)
      let despues = try await client.pedir("/api/v1/estado", clave: clave)
      XCTAssertEqual(despues.status, .unauthorized)
      XCTAssertEqual(try otro.accesos().first?.vigente, false)
    }
  }

  /// Only a hash is kept.
  func testElLibroGuardaSoloLaHuellaDeLaClave() throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let libro = try LibroMayor(ruta: e.outbox.appendingPathComponent("pai.sqlite").path)
    let (_, clave) = try libro.crearAcceso(
      tipo: .dependencia, carpeta: "oficina-tic", nombre: "oficina-tic")
    XCTAssertTrue(clave.hasPrefix("pai_"))
    XCTAssertGreaterThanOrEqual(clave.count, 68)
    let bytes =
      try Data(contentsOf: e.outbox.appendingPathComponent("pai.sqlite"))
      + ((try? Data(contentsOf: e.outbox.appendingPathComponent("pai.sqlite-wal"))) ?? Data())
    XCTAssertNil(bytes.range(of: Data(clave.utf8)), "la clave no está en el libro")
    XCTAssertNotNil(try libro.acceso(huella: LibroMayor.huella(clave: clave)))
  }

  func testOficinaQueMandaDependenciaEs403YNadaQueda() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let ejemplo = try XCTUnwrap(Escenario.ejemplos().first { $0.carpeta == "oficina-tic" })
    try await e.probar { client, m in
      let clave = try e.clave(m, dependencia: "oficina-tic")
      let r = try await client.enviar(
        ejemplo.datos, nombre: ejemplo.nombre, clave: clave,
        campos: [("dependencia", "archivo-bogota")])
      XCTAssertEqual(r.status, .forbidden)
      XCTAssertEqual(r.error?.codigo, "dependencia-no-permitida")
      XCTAssertEqual(Escenario.archivos(e.inbox), [])
      XCTAssertEqual(try m.libro.auditoria().map(\.estadoHTTP), [403])
    }
  }

  func testPlaneacionEnviaANombreDeUnaDependencia() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let ejemplo = try XCTUnwrap(Escenario.ejemplos().first { $0.carpeta == "archivo-bogota" })
    try await e.probar { client, m in
      let planeacion = try e.clave(m, dependencia: nil)
      let oficina = try e.clave(m, dependencia: "archivo-bogota")
      let r = try await client.enviar(
        ejemplo.datos, nombre: ejemplo.nombre, clave: planeacion,
        campos: [("dependencia", "archivo-bogota")])
      XCTAssertEqual(r.status, .created)
      XCTAssertEqual(r.json["estado"] as? String, "aceptado")
      XCTAssertTrue(
        FileManager.default.fileExists(
          atPath: e.outbox.appendingPathComponent(
            "2021-03-31/recibidos/archivo-bogota/\(ejemplo.nombre)"
          ).path))
      // The office sees it as its own.
      let lista = try await client.pedir("/api/v1/envios", clave: oficina)
      XCTAssertEqual((lista.json["envios"] as? [Any])?.count, 1)
      let mala = try await client.enviar(
        ejemplo.datos, nombre: "x.xlsx", clave: planeacion, campos: [("dependencia", "../etc")])
      XCTAssertEqual(mala.status, .badRequest)
      XCTAssertEqual(mala.error?.codigo, "dependencia-invalida")
    }
  }

  /// Over `limites.envioMB`: 413 in Spanish, and nothing half-written is
  /// kept — whether the declared length or the streamed bytes pass it.
  func testUnEnvioMuyGrandeEs413YNoDejaNada() async throws {
    let e = try Escenario(envioMB: 1)
    defer { e.limpiar() }
    try await e.probar { client, m in
      let clave = try e.clave(m, dependencia: "oficina-tic")
      for tamano in [1_500_000, 3_000_000] {
        let r = try await client.enviar(Data(count: tamano), nombre: "grande.xlsx", clave: clave)
        XCTAssertEqual(r.status, .contentTooLarge, "\(tamano)")
        XCTAssertEqual(r.error?.codigo, "envio-muy-grande")
        XCTAssertTrue(r.error?.mensaje.contains("1 MB") ?? false)
        XCTAssertEqual(Escenario.archivos(e.inbox), [], "nada queda en la bandeja, ni oculto")
      }
      XCTAssertEqual(try m.libro.cortes(), [])
      XCTAssertEqual(try m.libro.auditoria().map(\.estadoHTTP), [413, 413])
      // Just under the cap goes through (and is rejected as unreadable).
      let r = try await client.enviar(Data(count: 900_000), nombre: "vacio.xlsx", clave: clave)
      XCTAssertEqual(r.status, .created)
      XCTAssertEqual(r.json["estado"] as? String, "rechazado")
    }
  }

  /// A client's file name is never a path.
  func testUnNombreConRutaQuedaDentroDeLaBandeja() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let ejemplo = try XCTUnwrap(Escenario.ejemplos().first { $0.carpeta == "oficina-tic" })
    try await e.probar { client, m in
      let clave = try e.clave(m, dependencia: "oficina-tic")
      let r = try await client.enviar(ejemplo.datos, nombre: "../../etc/passwd.xlsx", clave: clave)
      XCTAssertEqual(r.status, .created)
      XCTAssertEqual(r.json["archivo"] as? String, "passwd.xlsx")
      XCTAssertFalse(
        FileManager.default.fileExists(atPath: e.carpeta.appendingPathComponent("etc").path))
      XCTAssertEqual(
        Escenario.archivos(e.outbox.appendingPathComponent("2021-03-31/recibidos/oficina-tic"))
          .filter {
            !$0.contains(".informe.")
          }, ["passwd.xlsx"])
      let origen = try XCTUnwrap(m.libro.envios(corte: e.corte).first?.envio.ruta)
      XCTAssertEqual(origen, e.inbox.standardizedFileURL.path + "/oficina-tic/passwd.xlsx")
      // A second file with that name follows the outbox's collision rule.
      let otra = try await client.enviar(
        Soporte.conComentario(ejemplo.datos, "otra"), nombre: "..\\..\\passwd.xlsx", clave: clave)
      XCTAssertEqual(otra.status, .created)
      XCTAssertEqual(otra.json["archivo"] as? String, "passwd.xlsx")
      XCTAssertEqual(otra.json["estado"] as? String, "aceptado")
      XCTAssertEqual(Escenario.archivos(e.inbox), [])
      try await m.alDia()
      let recibidos = Escenario.archivos(
        e.outbox.appendingPathComponent("2021-03-31/recibidos/oficina-tic"))
      XCTAssertTrue(recibidos.contains("passwd.xlsx"))
      XCTAssertTrue(recibidos.contains("passwd (2).xlsx"))
    }
  }
}
