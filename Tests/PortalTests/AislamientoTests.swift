import Corrida
import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import PAITestSupport
import Plan
import Portal
import Schema
import XCTest

/// Nobody sees what is not theirs; and the portal is the same run as
/// `procesar`: the seed's figures, the shared inbox, one run per outbox.
final class AislamientoTests: XCTestCase {
  static let proyecto = ("alta-consejeria-tic", "PAI_proyecto_7869_corte_31-03-2021.xlsx")

  func testDosDependenciasNoSeVenEntreSi() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let datos = try Escenario.ejemplo(Self.proyecto.0, Self.proyecto.1)
    try await e.probar { client, m in
      let a = try e.clave(m, dependencia: "alta-consejeria-tic")
      let b = try e.clave(m, dependencia: "oficina-tic")
      let planeacion = try e.clave(m, dependencia: nil)

      let deA = try await client.enviar(datos, nombre: Self.proyecto.1, clave: a)
      XCTAssertEqual(deA.status, .created)
      XCTAssertEqual(deA.json["estado"] as? String, "aceptado")
      let idA = try XCTUnwrap(deA.json["id"] as? String)

      // Another office's id is 404, as an unknown one; so is its copy.
      let ajeno = try await client.pedir("/api/v1/envios/\(idA)", clave: b)
      XCTAssertEqual(ajeno.status, .notFound)
      XCTAssertEqual(ajeno.error?.codigo, "envio-no-encontrado")
      let copiaAjena = try await client.pedir("/api/v1/envios/\(idA)/copia-anotada", clave: b)
      XCTAssertEqual(copiaAjena.status, .notFound)
      let inexistente = try await client.pedir("/api/v1/envios/987654", clave: b)
      XCTAssertEqual(inexistente.status, .notFound)
      XCTAssertEqual(inexistente.error?.mensaje, ajeno.error?.mensaje)

      // The same bytes from another office: «ya recibido», no name.
      let igual = try await client.enviar(datos, nombre: "copia.xlsx", clave: b)
      XCTAssertEqual(igual.status, .created)
      XCTAssertEqual(igual.json["estado"] as? String, "duplicado")
      let texto = String(buffer: igual.body)
      XCTAssertFalse(texto.contains(Self.proyecto.1), texto)
      let hallazgo = try XCTUnwrap((igual.json["hallazgos"] as? [[String: Any]])?.first)
      XCTAssertEqual(hallazgo["codigo"] as? String, "ya-recibido")
      XCTAssertTrue((hallazgo["mensaje"] as? String)?.contains("ya fue recibido") ?? false)

      // The same project in other bytes from another office: rejected with
      // `codigo-duplicado` in the answer, naming the office, not its file.
      let otro = try await client.enviar(
        Soporte.conComentario(datos, "b"), nombre: "7869.xlsx", clave: b)
      XCTAssertEqual(otro.status, .created)
      XCTAssertEqual(otro.json["estado"] as? String, "rechazado")
      let idB = try XCTUnwrap(otro.json["id"] as? String)
      let hallazgos = try XCTUnwrap(otro.json["hallazgos"] as? [[String: Any]])
      let duplicado = try XCTUnwrap(
        hallazgos.first { $0["codigo"] as? String == "codigo-duplicado" })
      XCTAssertNotNil(duplicado["celda"] as? String)
      XCTAssertFalse(String(buffer: otro.body).contains(Self.proyecto.1))

      // Lists: each its own; planning all, with the names.
      let listaB = try await client.pedir("/api/v1/envios", clave: b)
      let idsB =
        (listaB.json["envios"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
      XCTAssertEqual(idsB.count, 2)
      XCTAssertFalse(idsB.contains(idA))
      XCTAssertFalse(String(buffer: listaB.body).contains(Self.proyecto.1))
      let listaA = try await client.pedir("/api/v1/envios", clave: a)
      XCTAssertEqual(
        (listaA.json["envios"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, [idA])
      let todas = try await client.pedir("/api/v1/envios", clave: planeacion)
      XCTAssertEqual((todas.json["envios"] as? [Any])?.count, 3)
      XCTAssertTrue(String(buffer: todas.body).contains(Self.proyecto.1))
      let vistoPorPlaneacion = try await client.pedir("/api/v1/envios/\(idB)", clave: planeacion)
      XCTAssertEqual(vistoPorPlaneacion.status, .ok)

      // Its own duplicate names the earlier file to the office that sent it.
      let propio = try await client.enviar(datos, nombre: "otra vez.xlsx", clave: a)
      XCTAssertEqual(propio.json["estado"] as? String, "duplicado")
      XCTAssertTrue(String(buffer: propio.body).contains(Self.proyecto.1))

      // The error copy of the rejected file: the office's own, an .xlsx.
      let copia = try await client.pedir("/api/v1/envios/\(idB)/copia-anotada", clave: b)
      XCTAssertEqual(copia.status, .ok)
      XCTAssertEqual(Array(copia.body.readableBytesView.prefix(2)), [0x50, 0x4B])
      XCTAssertTrue(copia.headers[.contentDisposition]?.contains("7869.errores.xlsx") ?? false)
      XCTAssertEqual(copia.headers[.cacheControl], "no-store")
    }
  }

  func testElEstadoEsElDeLaDependencia() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    try await e.probar { client, m in
      let tic = try e.clave(m, dependencia: "oficina-tic")
      let planeacion = try e.clave(m, dependencia: nil)
      // No corte in the ledger yet: the server's --corte.
      let propio = try await client.pedir("/api/v1/estado", clave: tic)
      XCTAssertEqual(propio.status, .ok)
      XCTAssertEqual(propio.json["corte"] as? String, "2021-03-31")
      let pendientes = try XCTUnwrap(propio.json["pendientes"] as? [[String: Any]])
      XCTAssertFalse(pendientes.isEmpty)
      XCTAssertEqual(Set(pendientes.compactMap { $0["carpeta"] as? String }), ["oficina-tic"])
      let cobertura = try XCTUnwrap(propio.json["cobertura"] as? [String: Any])
      XCTAssertEqual(cobertura["esperados"] as? Int, pendientes.count)
      let todo = try await client.pedir("/api/v1/estado", clave: planeacion)
      XCTAssertEqual((todo.json["cobertura"] as? [String: Any])?["esperados"] as? Int, 19)
      XCTAssertGreaterThan(
        Set(
          (todo.json["pendientes"] as? [[String: Any]])?.compactMap { $0["carpeta"] as? String }
            ?? []
        ).count, 1)
    }
  }

  /// The 22 example workbooks sent at once, each with its office's key:
  /// every one accepted, the seed's figures in the outbox, written once
  /// per burst and within seconds of the last upload.
  func testLasCifrasDeLaSemillaPorElPortal() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let ejemplos = try Escenario.ejemplos()
    XCTAssertEqual(ejemplos.count, 22)
    try await e.probar(pausa: 0.5) { client, m in
      var claves: [String: String] = [:]
      for c in Set(ejemplos.map(\.carpeta)) { claves[c] = try e.clave(m, dependencia: c) }
      let planeacion = try e.clave(m, dependencia: nil)
      let claves2 = claves
      let resultados = try await withThrowingTaskGroup(of: (Int, String?).self) { grupo in
        for x in ejemplos {
          grupo.addTask {
            let r = try await client.enviar(x.datos, nombre: x.nombre, clave: claves2[x.carpeta])
            return (Int(r.status.code), r.json["estado"] as? String)
          }
        }
        var out: [(Int, String?)] = []
        for try await r in grupo { out.append(r) }
        return out
      }
      XCTAssertEqual(resultados.map(\.0), Array(repeating: 201, count: 22))
      XCTAssertEqual(resultados.map(\.1), Array(repeating: "aceptado", count: 22))

      // Written by the burst's own consolidation, not asked for.
      let ruta = e.outbox.appendingPathComponent("2021-03-31/consolidado.json")
      var espera = 0
      while !FileManager.default.fileExists(atPath: ruta.path) && espera < 100 {
        try await Task.sleep(nanoseconds: 100_000_000)
        espera += 1
      }
      let json = try XCTUnwrap(
        JSONSerialization.jsonObject(with: Data(contentsOf: ruta)) as? [String: Any],
        "consolidado.json")
      let avance = try XCTUnwrap((json["pai"] as? [String: Any])?["avance"] as? NSNumber)
      XCTAssertEqual((avance.doubleValue * 1000).rounded() / 1000, 1.012)
      let cobertura = try XCTUnwrap(json["cobertura"] as? [String: Any])
      XCTAssertEqual(cobertura["esperados"] as? Int, 19)
      XCTAssertEqual(cobertura["aceptados"] as? Int, 19)
      XCTAssertLessThanOrEqual(m.consolidaciones, 3, "una vez por ráfaga, no una por archivo")

      let estado = try await client.pedir("/api/v1/estado", clave: planeacion)
      XCTAssertEqual((estado.json["pendientes"] as? [Any])?.count, 0)
      let lista = try await client.pedir("/api/v1/envios", clave: planeacion)
      XCTAssertEqual((lista.json["envios"] as? [Any])?.count, 22)
      let tic = try await client.pedir("/api/v1/envios", clave: claves2["oficina-tic"])
      XCTAssertEqual((tic.json["envios"] as? [Any])?.count, 4)
    }
  }

  /// The shared inbox is still watched, and the portal holds the outbox's
  /// lock for its life: `procesar` on the same outbox is refused until it
  /// stops.
  func testLaBandejaCompartidaSigueRecibiendoYElCandadoEsDelPortal() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let ejemplo = try XCTUnwrap(Escenario.ejemplos().first { $0.carpeta == "archivo-bogota" })
    var o = OpcionesRecepcion(inbox: e.inbox.path, outbox: e.outbox.path, esquemas: e.esquemas.path)
    o.corte = e.corte
    let opciones = o
    try await e.probar(cada: 0.2) { client, m in
      XCTAssertThrowsError(try Recepcion(opciones: opciones, esquemas: m.esquemas)) { error in
        XCTAssertEqual(error as? ErrorRecepcion, .ocupado(pid: getpid()))
      }
      let clave = try e.clave(m, dependencia: "archivo-bogota")
      let dir = e.inbox.appendingPathComponent("archivo-bogota")
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      try ejemplo.datos.write(to: dir.appendingPathComponent(ejemplo.nombre))
      var envios: [[String: Any]] = []
      for _ in 0..<50 where envios.isEmpty {
        try await Task.sleep(nanoseconds: 100_000_000)
        envios =
          try await client.pedir("/api/v1/envios", clave: clave).json["envios"] as? [[String: Any]]
          ?? []
      }
      XCTAssertEqual(envios.first?["archivo"] as? String, ejemplo.nombre)
      XCTAssertEqual(envios.first?["estado"] as? String, "aceptado")
    }
    // Stopped: the lock is free again.
    let despues = try Recepcion(opciones: opciones, esquemas: SchemaSet.cargar(desde: e.esquemas))
    despues.soltar()
  }
}
