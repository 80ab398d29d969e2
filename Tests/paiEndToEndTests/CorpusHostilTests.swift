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
    let esperado = try String(contentsOf: Pai.raiz.appendingPathComponent("Tests/Hostil/esperado.tsv"), encoding: .utf8)
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
    XCTAssertEqual(redondeo((c["pai"] as? [String: Any])?["avance"], 3), "1.012", "cifras de la semilla intactas")
    let envios = try XCTUnwrap(c["envios"] as? [String: Any])
    XCTAssertEqual(envios["aceptados"] as? Int, 22)
    XCTAssertEqual(envios["rechazados"] as? Int, esperado.count)
    let archivos = (envios["archivos"] as? [[String: Any]]) ?? []
    let codigos = Dictionary(
      archivos.map { ($0["archivo"] as? String ?? "", Set(($0["codigos_error"] as? [String]) ?? [])) },
      uniquingKeysWith: { a, _ in a })
    for fila in esperado where fila.count == 2 {
      XCTAssertTrue(codigos[fila[0]]?.contains(fila[1]) ?? false, "\(fila[0]): se esperaba \(fila[1]), hubo \(codigos[fila[0]] ?? [])")
    }
    // Nothing lost: every input's bytes are still somewhere under the run's folders.
    let despues = try huellas(trabajo)
    XCTAssertTrue(antes.isSubset(of: despues), "se perdieron \(antes.subtracting(despues).count) archivos")
  }

  /// Size + first and last 4 KiB of every file: enough to tell 90 files apart
  /// without hashing 10 MB twice.
  private func huellas(_ carpeta: URL) throws -> Set<String> {
    var out = Set<String>()
    let e = FileManager.default.enumerator(at: carpeta, includingPropertiesForKeys: [.isRegularFileKey])
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
