// Fuzz targets for the reader, the annotator and the validator. Built by
// `scripts/fuzz.sh` with `-sanitize=fuzzer,address -DFUZZING`, libFuzzer
// drives `LLVMFuzzerTestOneInput`; built normally, the same function
// replays files or folders given as arguments (the committed corpus), so
// every crash found stays a regression check.
//
// `PAI_FUZZ_OBJETIVO` picks the target: `lector` (default), `anotador` or
// `validador`; `PAI_ESQUEMAS` the schemas the validator loads (./schemas).
import Foundation
import Plan
import Schema
import XLSX

/// Caps small enough that a fuzzer's input cannot spend seconds inflating.
let limitesFuzz: ReadLimits = {
  var l = ReadLimits()
  l.maxPartBytes = 16 << 20
  l.maxSharedStringsBytes = 8 << 20
  l.maxCellsPerSheet = 200_000
  return l
}()

enum Objetivo: String {
  case lector, anotador, validador
}

let objetivo =
  Objetivo(rawValue: ProcessInfo.processInfo.environment["PAI_FUZZ_OBJETIVO"] ?? "") ?? .lector

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

/// A small deterministic generator seeded by the input, so each input
/// always gets the same marks and a crash reproduces.
struct Azar {
  var estado: UInt64
  init(_ data: Data) {
    estado = 0x9E37_79B9_7F4A_7C15
    for b in data.suffix(64) { estado = (estado ^ UInt64(b)) &* 0x100_0000_01B3 }
  }
  mutating func siguiente() -> UInt64 {
    estado ^= estado << 13
    estado ^= estado >> 7
    estado ^= estado << 17
    return estado
  }
  mutating func entre(_ r: ClosedRange<Int>) -> Int {
    r.lowerBound + Int(siguiente() % UInt64(r.count))
  }
}

/// Where the annotator's input and output go: one pair per process.
let carpetaFuzz: String = {
  let c = NSTemporaryDirectory() + "pai-fuzz-\(getpid())"
  try? FileManager.default.createDirectory(atPath: c, withIntermediateDirectories: true)
  return c
}()

/// Annotates the workbook with findings at arbitrary cells — row 1, the
/// grid's last row and column, ranges, cells absent from the XML — and
/// notes with markup-like text. Oracle: when the annotator says it wrote
/// the copy, the copy must open and read whole, and carry the error sheet.
func anotar(_ data: Data) {
  guard let libro = try? Workbook(data: data, limits: limitesFuzz) else { return }
  let origen = carpetaFuzz + "/origen.xlsx"
  let destino = carpetaFuzz + "/copia.xlsx"
  guard FileManager.default.createFile(atPath: origen, contents: data) else { return }
  var azar = Azar(data)
  let hojas = libro.sheets.map(\.name) + ["NoExiste"]
  func celda() -> CellRef {
    switch azar.entre(0...5) {
    case 0: return CellRef(row: 1, column: 1)
    case 1: return CellRef(row: CellRef.maxRow, column: CellRef.maxColumn)
    case 2:
      return CellRef(row: azar.entre(1...CellRef.maxRow), column: azar.entre(1...CellRef.maxColumn))
    default: return CellRef(row: azar.entre(1...60), column: azar.entre(1...30))
    }
  }
  var marcas: [CellMark] = []
  var notas: [CellNote] = []
  for _ in 0..<azar.entre(0...12) {
    let hoja = hojas[azar.entre(0...(hojas.count - 1))]
    let a = celda()
    let b = azar.entre(0...3) == 0 ? celda() : a
    let rango = CellRange(
      first: CellRef(row: min(a.row, b.row), column: min(a.column, b.column)),
      last: CellRef(row: max(a.row, b.row), column: max(a.column, b.column)))
    marcas.append(
      CellMark(sheet: hoja, range: rango, severity: azar.entre(0...1) == 0 ? .error : .warning))
    if azar.entre(0...1) == 0 {
      let textos = [
        "Falta «Meta»", "<b>&amp;</b>\u{0}\u{1F}]]>", String(repeating: "ñ", count: 300), "",
      ]
      notas.append(CellNote(sheet: hoja, cell: a, text: textos[azar.entre(0...3)]))
    }
  }
  let hoja = ErrorSheet(
    name: ["Errores", "Errores 1", "Hoja'1", "x"][azar.entre(0...3)],
    headers: ["Hoja", "Celda", "Mensaje"],
    rows: marcas.map { [$0.sheet, $0.range.description, "mensaje"] },
    links: marcas.indices.compactMap { i in
      azar.entre(0...1) == 0
        ? (row: i, column: 1, sheet: marcas[i].sheet, cell: marcas[i].range.first) : nil
    })
  defer { try? FileManager.default.removeItem(atPath: destino) }
  guard
    let nombre = try? WorkbookAnnotator.annotate(
      source: origen, destination: destino, marks: marcas, errorSheet: hoja, notes: notas,
      limits: limitesFuzz)
  else { return }
  do {
    let copia = try Workbook(path: destino, limits: limitesFuzz)
    guard copia.sheets.first?.name == nombre else {
      fatalError("la copia no empieza por su hoja de errores")
    }
    for h in copia.sheets {
      let filas = try copia.rows(in: h)
      while try filas.nextRow() != nil {}
    }
  } catch {
    fatalError("el anotador escribió una copia que no se lee: \(error)")
  }
}

let esquemasFuzz: SchemaSet? = {
  let carpeta = ProcessInfo.processInfo.environment["PAI_ESQUEMAS"] ?? "schemas"
  return try? SchemaSet.cargar(desde: URL(fileURLWithPath: carpeta))
}()

/// Validates the bytes as an office's submission at the seed's corte;
/// any report is a pass. Oracle: an accepted workbook has content.
func validarLibro(_ data: Data) {
  guard let esquemas = esquemasFuzz else { fatalError("sin esquemas: defina PAI_ESQUEMAS") }
  guard let libro = try? Workbook(data: data, limits: limitesFuzz) else { return }
  let informe = validar(
    libro: libro, archivo: "fuzz.xlsx", esquemas: esquemas,
    corte: Fecha(year: 2021, month: 3, day: 31))
  if informe.aceptado && informe.contenido == nil { fatalError("aceptado sin contenido") }
}

func probar(_ data: Data) -> Int {
  switch objetivo {
  case .lector: return leer(data)
  case .anotador: anotar(data)
  case .validador: validarLibro(data)
  }
  return 0
}

// swift-format-ignore: AlwaysUseLowerCamelCase
// libFuzzer's names.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ datos: UnsafePointer<UInt8>, _ cuenta: Int) -> CInt {
  _ = probar(Data(bytes: datos, count: cuenta))
  return 0
}

#if FUZZING
  // SwiftPM links an executable's entry point as `<module>_main`; hand it
  // to libFuzzer's driver instead of a Swift `main`.
  // swift-format-ignore: AlwaysUseLowerCamelCase
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
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &carpeta),
          carpeta.boolValue
        {
          let nombres = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
          archivos += nombres.sorted().map { url.appendingPathComponent($0) }
        } else {
          archivos.append(url)
        }
      }
      for archivo in archivos {
        guard let datos = try? Data(contentsOf: archivo) else { continue }
        let inicio = Date()
        let celdas = probar(datos)
        print(
          String(
            format: "%@: %d celdas, %.3f s", archivo.lastPathComponent, celdas,
            Date().timeIntervalSince(inicio)))
      }
      if objetivo == .anotador { try? FileManager.default.removeItem(atPath: carpetaFuzz) }
    }
  }
#endif
