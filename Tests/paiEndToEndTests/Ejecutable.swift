import Foundation
import XCTest

/// Runs the built `pai` like a user would and captures what it prints.
enum Pai {
  static var raiz: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  /// `.build/<config>/pai`, beside the test bundle. On Linux the bundle
  /// URL is the build folder itself; on macOS, the `.xctest` inside it.
  static var binario: URL {
    let bundle = Bundle(for: Marca.self).bundleURL
    let candidatos = [
      bundle.appendingPathComponent("pai"),
      bundle.deletingLastPathComponent().appendingPathComponent("pai"),
    ]
    return candidatos.first { FileManager.default.isExecutableFile(atPath: $0.path) }
      ?? candidatos[0]
  }

  private final class Marca {}

  struct Resultado {
    var salida: String
    var errores: String
    var estado: Int32
  }

  static func correr(_ argumentos: [String], en carpeta: URL? = nil) throws -> Resultado {
    let p = Process()
    p.executableURL = binario
    p.arguments = argumentos
    p.currentDirectoryURL = carpeta ?? raiz
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Both pipes drained at once: a child that fills the stderr pipe while
    // stdout is read to its end would otherwise never finish.
    final class Caja: @unchecked Sendable { var datos = Data() }
    let errores = Caja()
    let grupo = DispatchGroup()
    DispatchQueue.global().async(group: grupo) {
      errores.datos = err.fileHandleForReading.readDataToEndOfFile()
    }
    let datosOut = out.fileHandleForReading.readDataToEndOfFile()
    grupo.wait()
    let datosErr = errores.datos
    p.waitUntilExit()
    return Resultado(
      salida: String(decoding: datosOut, as: UTF8.self),
      errores: String(decoding: datosErr, as: UTF8.self),
      estado: p.terminationStatus)
  }

  static func temporal() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pai-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// Half-up rounding of a JSON number to `places` decimals, as text, for
/// comparing with the seed's printed figures.
func redondeo(_ value: Any?, _ places: Int) -> String? {
  guard let n = value as? NSNumber else { return nil }
  var d = n.decimalValue
  var r = Decimal()
  NSDecimalRound(&r, &d, places, .plain)
  return "\(r)"
}
