import Foundation
import XCTest

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `pai acceso` and `pai servir` as a user runs them.
final class PortalCLITests: XCTestCase {
  func testCrearListarYRevocarClaves() throws {
    let carpeta = try Pai.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let outbox = carpeta.appendingPathComponent("outbox").path
    let crear = try Pai.correr([
      "acceso", "crear", "--dependencia", "oficina-tic", "--outbox", outbox,
    ])
    XCTAssertEqual(crear.estado, 0, crear.errores)
    let lineas = crear.salida.split(separator: "\n")
    let clave = try XCTUnwrap(lineas.last.map(String.init))
    XCTAssertNotNil(clave.range(of: "^pai_[0-9a-f]{64}$", options: .regularExpression), clave)
    XCTAssertEqual(
      lineas.filter { $0.contains(clave) }.count, 1, "la clave sale una sola vez, sola")

    let plan = try Pai.correr([
      "acceso", "crear", "--planeacion", "--nombre", "Ana", "--outbox", outbox,
    ])
    XCTAssertEqual(plan.estado, 0, plan.errores)
    let listar = try Pai.correr(["acceso", "listar", "--outbox", outbox])
    XCTAssertEqual(listar.estado, 0)
    XCTAssertFalse(listar.salida.contains(clave))
    XCTAssertTrue(listar.salida.contains("oficina-tic"))
    XCTAssertTrue(listar.salida.contains("planeación (Ana)"))

    let revocar = try Pai.correr(["acceso", "revocar", "oficina-tic", "--outbox", outbox])
    XCTAssertEqual(revocar.estado, 0, revocar.errores)
    XCTAssertTrue(
      try Pai.correr(["acceso", "listar", "--outbox", outbox]).salida.contains("revocada"))
    let otraVez = try Pai.correr(["acceso", "revocar", "oficina-tic", "--outbox", outbox])
    XCTAssertEqual(otraVez.estado, 1)
    XCTAssertTrue(otraVez.errores.contains("No hay ninguna clave vigente"))

    let mal = try Pai.correr(["acceso", "crear", "--outbox", outbox])
    XCTAssertEqual(mal.estado, 64)
  }

  /// A real server on loopback: an upload over HTTP, the lock held while it
  /// runs (`procesar` exits 75), and SIGTERM stopping it cleanly.
  func testServirEnLoopbackYSIGTERM() throws {
    let carpeta = try Pai.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let inbox = carpeta.appendingPathComponent("inbox")
    let outbox = carpeta.appendingPathComponent("outbox")
    try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    let crear = try Pai.correr([
      "acceso", "crear", "--dependencia", "oficina-tic", "--outbox", outbox.path,
    ])
    let clave = try XCTUnwrap(crear.salida.split(separator: "\n").last.map(String.init))

    let puerto = Int.random(in: 20000...40000)
    let p = Process()
    p.executableURL = Pai.binario
    p.arguments = [
      "servir", "--inbox", inbox.path, "--outbox", outbox.path, "--corte", "2021-03-31", "--puerto",
      "\(puerto)",
    ]
    p.currentDirectoryURL = Pai.raiz
    let err = Pipe()
    p.standardError = err
    p.standardOutput = Pipe()
    try p.run()
    defer { if p.isRunning { p.terminate() } }

    func pedir(_ r: URLRequest) -> (Int, Data)? {
      let hecho = DispatchSemaphore(value: 0)
      final class Caja: @unchecked Sendable { var r: (Int, Data)? }
      let caja = Caja()
      URLSession.shared.dataTask(with: r) { d, resp, _ in
        if let h = resp as? HTTPURLResponse { caja.r = (h.statusCode, d ?? Data()) }
        hecho.signal()
      }.resume()
      hecho.wait()
      return caja.r
    }
    let base = "http://127.0.0.1:\(puerto)/api/v1"
    var listo = false
    for _ in 0..<100 where !listo {
      Thread.sleep(forTimeInterval: 0.1)
      listo = pedir(URLRequest(url: URL(string: base + "/openapi.yaml")!))?.0 == 200
    }
    XCTAssertTrue(listo, "el portal no respondió")

    let procesar = try Pai.correr(["procesar", "--inbox", inbox.path, "--outbox", outbox.path])
    XCTAssertEqual(procesar.estado, 75, "el portal tiene el candado")

    let datos = try Data(
      contentsOf: Pai.raiz.appendingPathComponent(
        "inbox/oficina-tic/Indicadores TIC - marzo 2021.xlsx"))
    let frontera = "pai-prueba"
    var cuerpo = Data(
      "--\(frontera)\r\nContent-Disposition: form-data; name=\"archivo\"; filename=\"tic.xlsx\"\r\n\r\n"
        .utf8)
    cuerpo += datos + Data("\r\n--\(frontera)--\r\n".utf8)
    var envio = URLRequest(url: URL(string: base + "/envios")!)
    envio.httpMethod = "POST"
    envio.setValue("Bearer \(clave)", forHTTPHeaderField: "Authorization")
    envio.setValue("multipart/form-data; boundary=\(frontera)", forHTTPHeaderField: "Content-Type")
    envio.httpBody = cuerpo
    let r = try XCTUnwrap(pedir(envio))
    XCTAssertEqual(r.0, 201, String(decoding: r.1, as: UTF8.self))
    let json = try JSONSerialization.jsonObject(with: r.1) as? [String: Any]
    XCTAssertEqual(json?["estado"] as? String, "aceptado")

    p.terminate()  // SIGTERM
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 0)
    let registro = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    XCTAssertTrue(registro.contains("Detenido"), registro)
    XCTAssertTrue(registro.contains("dependencia=oficina-tic"), registro)
    XCTAssertFalse(registro.contains(clave), "la clave nunca va al registro")
    // Stopped: the outputs are written and the lock is free.
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: outbox.appendingPathComponent("2021-03-31/consolidado.json").path))
    let despues = try Pai.correr([
      "procesar", "--inbox", inbox.path, "--outbox", outbox.path, "--corte", "2021-03-31",
    ])
    XCTAssertNotEqual(despues.estado, 75, despues.errores)
  }
}
