import Foundation
import XCTest

/// Issue 7: the example inbox plus 68 hostile files in one run. No crash,
/// every bad file rejected with a code that names its problem, the good
/// files' figures unchanged, every file kept.
final class CorpusHostilTests: XCTestCase {
  func testBandejaHostilJuntoAlEjemplo() throws {
    let fm = FileManager.default
    let trabajo = try Pai.temporal()
    defer { try? fm.removeItem(at: trabajo) }
    let inbox = trabajo.appendingPathComponent("inbox")
    let outbox = trabajo.appendingPathComponent("outbox")
    try fm.copyItem(at: Pai.raiz.appendingPathComponent("inbox"), to: inbox)
    let hostil = inbox.appendingPathComponent("remitente-hostil")
    try fm.copyItem(at: Pai.raiz.appendingPathComponent("Tests/Hostil/corpus"), to: hostil)
    let esperado = try String(
      contentsOf: Pai.raiz.appendingPathComponent("Tests/Hostil/esperado.tsv"), encoding: .utf8
    )
    .split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
    XCTAssertGreaterThanOrEqual(esperado.count, 60)
    let antes = try huellas(trabajo)

    let r = try Pai.correr([
      "procesar", "--inbox", inbox.path, "--outbox", outbox.path, "--corte", "2021-03-31",
      "--esquemas", Pai.raiz.appendingPathComponent("schemas").path,
      // The cut and empty files were just copied: take them now instead of
      // waiting for them to finish arriving (issue 5's drop box).
      "--gracia", "0",
    ])
    XCTAssertEqual(r.estado, 1, "rechazos ⇒ salida 1; \(r.errores.suffix(2000))")

    let data = try Data(contentsOf: outbox.appendingPathComponent("2021-03-31/consolidado.json"))
    let c = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    XCTAssertEqual(
      redondeo((c["pai"] as? [String: Any])?["avance"], 3), "1.012", "cifras de la semilla intactas"
    )
    let envios = try XCTUnwrap(c["envios"] as? [String: Any])
    XCTAssertEqual(envios["aceptados"] as? Int, 22)
    XCTAssertEqual(envios["rechazados"] as? Int, esperado.count)
    let archivos = (envios["archivos"] as? [[String: Any]]) ?? []
    let codigos = Dictionary(
      archivos.map {
        ($0["archivo"] as? String ?? "", Set(($0["codigos_error"] as? [String]) ?? []))
      },
      uniquingKeysWith: { a, _ in a })
    for fila in esperado where fila.count == 2 {
      XCTAssertTrue(
        codigos[fila[0]]?.contains(fila[1]) ?? false,
        "\(fila[0]): se esperaba \(fila[1]), hubo \(codigos[fila[0]] ?? [])")
    }
    // Nothing lost: every input's bytes are still somewhere under the run's folders.
    let despues = try huellas(trabajo)
    XCTAssertTrue(
      antes.isSubset(of: despues), "se perdieron \(antes.subtracting(despues).count) archivos")
  }

  /// Size + first and last 4 KiB of every file: enough to tell 90 files apart
  /// without hashing 10 MB twice.
  private func huellas(_ carpeta: URL) throws -> Set<String> {
    var out = Set<String>()
    let e = FileManager.default.enumerator(
      at: carpeta, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = e?.nextObject() as? URL {
      guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
        url.pathExtension == "xlsx"
      else { continue }
      let d = try Data(contentsOf: url)
      out.insert("\(d.count)-\(d.prefix(4096).hashValue)-\(d.suffix(4096).hashValue)")
    }
    return out
  }
}

/// Issue 7, bad input at the CLI: a full or read-only outbox gives a
/// Spanish message and exit 73; flags and dates are refused with 64.
final class SalidaHostilTests: XCTestCase {
  private func montar(_ opciones: String) throws -> URL {
    let punto = try Pai.temporal()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/mount")
    p.arguments = ["-t", "tmpfs", "-o", opciones, "tmpfs", punto.path]
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw XCTSkip("no se puede montar un tmpfs aquí") }
    addTeardownBlock {
      let u = Process()
      u.executableURL = URL(fileURLWithPath: "/bin/umount")
      u.arguments = [punto.path]
      try? u.run()
      u.waitUntilExit()
      try? FileManager.default.removeItem(at: punto)
    }
    return punto
  }

  func testDiscoLlenoYSoloLectura() throws {
    for opciones in ["size=200k", "size=1m,ro"] {
      let punto = try montar(opciones)
      let r = try Pai.correr([
        "procesar", "--inbox", Pai.raiz.appendingPathComponent("inbox").path, "--outbox",
        punto.appendingPathComponent("outbox").path, "--conservar", "--silencioso", "--corte",
        "2021-03-31",
        "--esquemas", Pai.raiz.appendingPathComponent("schemas").path,
      ])
      XCTAssertEqual(r.estado, 73, opciones)
      XCTAssertTrue(
        r.errores.contains("No se pudo escribir") || r.errores.contains("No se puede escribir"),
        r.errores)
      let restos =
        (FileManager.default.enumerator(atPath: punto.path)?.allObjects as? [String] ?? [])
        .filter { $0.contains(".tmp") }
      XCTAssertEqual(restos, [], "nada a medio escribir")
    }
  }

  func testBanderasYFechasInvalidas() throws {
    let desconocida = try Pai.correr(["procesar", "--no-existe"])
    XCTAssertEqual(desconocida.estado, 64)
    let fecha = try Pai.correr(["procesar", "--corte", "31/03/2021"])
    XCTAssertEqual(fecha.estado, 64)
    XCTAssertTrue(fecha.errores.contains("AAAA-MM-DD"), fecha.errores)
    let sinInbox = try Pai.correr([
      "procesar", "--inbox", "/no/existe", "--outbox", try Pai.temporal().path,
    ])
    XCTAssertEqual(sinInbox.estado, 66)
    XCTAssertTrue(
      sinInbox.errores.contains("No se encuentra la carpeta de entrada"), sinInbox.errores)
  }
}
