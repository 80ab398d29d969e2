import Foundation
import XCTest

/// Every input the fuzzers kept (`Tests/Fuzz/corpus/<objetivo>`, minimised
/// to what adds coverage, and the seeds) goes again through the same
/// harness the fuzzers ran, `pai-fuzz`, built plainly: the annotator's copy
/// of each must read back and the validator must report on each, with no
/// crash (the harness traps on a broken oracle).
final class FuzzReplayTests: XCTestCase {
  private var harness: URL {
    Pai.binario.deletingLastPathComponent().appendingPathComponent("pai-fuzz")
  }

  private func replay(_ objetivo: String, minimo: Int) throws {
    let corpus = Pai.raiz.appendingPathComponent("Tests/Fuzz/corpus/\(objetivo)")
    let archivos =
      (try? FileManager.default.contentsOfDirectory(atPath: corpus.path))?.filter {
        !$0.hasPrefix(".")
      } ?? []
    XCTAssertGreaterThanOrEqual(archivos.count, minimo, "el corpus de \(objetivo) está vacío")
    let p = Process()
    p.executableURL = harness
    p.arguments = [corpus.path, Pai.raiz.appendingPathComponent("Tests/Fuzz/semillas").path]
    p.environment = [
      "PAI_FUZZ_OBJETIVO": objetivo,
      "PAI_ESQUEMAS": Pai.raiz.appendingPathComponent("schemas").path,
    ]
    let salida = Pipe()
    p.standardOutput = salida
    p.standardError = salida
    try p.run()
    let texto = String(decoding: salida.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 0, String(texto.suffix(2000)))
    XCTAssertEqual(
      texto.split(separator: "\n").count, archivos.count + 6, "cada archivo, una línea")
  }

  func testElCorpusDelLectorSeLeeSinFallar() throws { try replay("lector", minimo: 1) }
  func testElAnotadorRepiteSuCorpusYCadaCopiaSeLee() throws { try replay("anotador", minimo: 20) }
  func testElValidadorRepiteSuCorpus() throws { try replay("validador", minimo: 20) }
}
