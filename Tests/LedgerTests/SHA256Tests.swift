import Foundation
import XCTest

@testable import Ledger

final class SHA256Tests: XCTestCase {
  func digest(_ s: String) -> String { Huella.datos(Data(s.utf8)) }

  func testKnownVectors() {
    XCTAssertEqual(digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    XCTAssertEqual(
      digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertEqual(
      digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    XCTAssertEqual(
      digest(String(repeating: "a", count: 1_000)),
      "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
  }

  /// A file is read in 64 KiB chunks: one that spans several gives the
  /// digest of its whole bytes.
  func testAFileInChunksEqualsItsBytes() throws {
    let data = Data((0..<200_000).map { UInt8($0 % 251) })
    let ruta = FileManager.default.temporaryDirectory.appendingPathComponent("huella-\(UUID())")
      .path
    defer { try? FileManager.default.removeItem(atPath: ruta) }
    try data.write(to: URL(fileURLWithPath: ruta))
    XCTAssertEqual(try Huella.archivo(ruta), Huella.datos(data))
  }

  func testLockAndHiddenFilesAreIgnored() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bandeja-\(UUID())")
    let sub = dir.appendingPathComponent("oficina-tic")
    try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for nombre in ["a.xlsx", "~$a.xlsx", ".~lock.a.xlsx#", ".oculto.xlsx", "b.xlsx.part"] {
      _ = FileManager.default.createFile(
        atPath: sub.appendingPathComponent(nombre).path, contents: Data("x".utf8))
    }
    _ = FileManager.default.createFile(
      atPath: dir.appendingPathComponent("suelto.pdf").path, contents: Data("x".utf8))
    let archivos = try Bandeja.listar(dir.path)
    XCTAssertEqual(archivos.map(\.nombre), ["a.xlsx", "suelto.pdf"])
    XCTAssertEqual(archivos.map(\.carpeta), ["oficina-tic", nil])
  }
}

/// A run asks a new file's checksum three times (already received? which
/// corte? receive it) and reads the file for it once.
final class HuellaUnaVezTests: XCTestCase {
  func testUnArchivoNuevoSeLeeUnaVezParaSuHuella() throws {
    let e = try Apoyo.Escenario()
    defer { e.limpiar() }
    try Apoyo.dejar(
      Apoyo.proyecto7867, en: e.bandeja.appendingPathComponent("consejeria-comunicaciones"))
    let b = try e.buzon()
    let (listos, _) = try b.mirar()
    let a = try XCTUnwrap(listos.first)
    XCTAssertFalse(b.yaRecibido(a))
    XCTAssertEqual(b.corteDeclarado(a), Apoyo.corte)
    guard case .recibido = try b.recibir(a, corte: Apoyo.corte) else {
      return XCTFail("no se recibió")
    }
    XCTAssertEqual(b.lecturasDeHuella, 1)
  }
}
