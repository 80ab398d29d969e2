import Foundation
import XCTest

@testable import Ledger

final class SHA256Tests: XCTestCase {
  func digest(_ s: String) -> String {
    var h = SHA256()
    h.update(Data(s.utf8))
    return h.finalize()
  }

  func testKnownVectors() {
    XCTAssertEqual(digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    XCTAssertEqual(digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertEqual(
      digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    XCTAssertEqual(
      digest(String(repeating: "a", count: 1_000)),
      "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
  }

  func testChunkedEqualsWhole() {
    let data = Data((0..<10_000).map { UInt8($0 % 251) })
    var whole = SHA256()
    whole.update(data)
    var parts = SHA256()
    for start in stride(from: 0, to: data.count, by: 37) {
      parts.update(data[start..<min(start + 37, data.count)])
    }
    XCTAssertEqual(whole.finalize(), parts.finalize())
  }

  func testLockAndHiddenFilesAreIgnored() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bandeja-\(UUID())")
    let sub = dir.appendingPathComponent("oficina-tic")
    try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for nombre in ["a.xlsx", "~$a.xlsx", ".~lock.a.xlsx#", ".oculto.xlsx", "b.xlsx.part"] {
      FileManager.default.createFile(atPath: sub.appendingPathComponent(nombre).path, contents: Data("x".utf8))
    }
    FileManager.default.createFile(atPath: dir.appendingPathComponent("suelto.pdf").path, contents: Data("x".utf8))
    let archivos = try Bandeja.listar(dir.path)
    XCTAssertEqual(archivos.map(\.nombre), ["a.xlsx", "suelto.pdf"])
    XCTAssertEqual(archivos.map(\.carpeta), ["oficina-tic", nil])
  }
}
