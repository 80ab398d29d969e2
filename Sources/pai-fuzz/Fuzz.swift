// A fuzz target for the XLSX reader. Built by `scripts/fuzz.sh` with
// `-sanitize=fuzzer,address -DFUZZING`, libFuzzer drives
// `LLVMFuzzerTestOneInput`; built normally, the same function replays
// files or folders given as arguments (the committed corpus), so every
// crash found stays a regression check.
import Foundation
import XLSX

/// Caps small enough that a fuzzer's input cannot spend seconds inflating.
let limitesFuzz: ReadLimits = {
  var l = ReadLimits()
  l.maxPartBytes = 16 << 20
  l.maxSharedStringsBytes = 8 << 20
  l.maxCellsPerSheet = 200_000
  return l
}()

/// Opens the bytes as a workbook and drains every sheet; any outcome but a
/// crash, a hang or a leak is a pass.
@discardableResult
func leer(_ data: Data) -> Int {
  var celdas = 0
  guard let libro = try? Workbook(data: data, limits: limitesFuzz) else { return 0 }
  for hoja in libro.sheets {
    guard let filas = try? libro.rows(in: hoja) else { continue }
    while let fila = try? filas.nextRow() { celdas += fila.cells.count }
    _ = filas.mergedRanges
  }
  return celdas
}

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ datos: UnsafePointer<UInt8>, _ cuenta: Int) -> CInt {
  leer(Data(bytes: datos, count: cuenta))
  return 0
}

#if FUZZING
  // SwiftPM links an executable's entry point as `<module>_main`; hand it
  // to libFuzzer's driver instead of a Swift `main`.
  @_silgen_name("LLVMFuzzerRunDriver")
  func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
  ) -> CInt

  @_cdecl("pai_fuzz_main")
  func principal(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
  ) -> CInt {
    var cuenta = argc
    var argumentos = argv
    return LLVMFuzzerRunDriver(&cuenta, &argumentos, LLVMFuzzerTestOneInput)
  }
#else
  @main
  struct Reproducir {
    static func main() {
      var archivos: [URL] = []
      for argumento in CommandLine.arguments.dropFirst() {
        let url = URL(fileURLWithPath: argumento)
        var carpeta: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &carpeta), carpeta.boolValue {
          let nombres = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
          archivos += nombres.sorted().map { url.appendingPathComponent($0) }
        } else {
          archivos.append(url)
        }
      }
      for archivo in archivos {
        guard let datos = try? Data(contentsOf: archivo) else { continue }
        let inicio = Date()
        let celdas = leer(datos)
        print(String(format: "%@: %d celdas, %.3f s", archivo.lastPathComponent, celdas, Date().timeIntervalSince(inicio)))
      }
    }
  }
#endif
