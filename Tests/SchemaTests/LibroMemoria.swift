import Foundation
import Plan
import Reports
import Schema
import XCTest
import XLSX

/// A workbook built in memory: rows go straight to the validator, no zip.
final class LibroMemoria: FuenteLibro {
  var sheets: [SheetInfo] = []
  var date1904 = false
  private var datos: [String: [Row]] = [:]

  func hoja(_ nombre: String, visibilidad: SheetVisibility = .visible, filas: [Row]) {
    sheets.append(SheetInfo(name: nombre, position: sheets.count, visibility: visibilidad))
    datos[nombre] = filas
  }

  func filas(de hoja: SheetInfo) throws -> FuenteFilas {
    Filas(datos[hoja.name] ?? [])
  }

  final class Filas: FuenteFilas {
    var pendientes: ArraySlice<Row>
    init(_ rows: [Row]) { pendientes = rows[...] }
    func nextRow() throws -> Row? { pendientes.popFirst() }
  }
}

/// Cell shorthands: numbers as written in the XML, percent-formatted
/// numbers, text.
enum V {
  static func n(_ s: String) -> Cell { Cell(column: 0, value: .number(s)) }
  static func p(_ s: String) -> Cell { Cell(column: 0, value: .number(s), kind: .percent) }
  static func t(_ s: String) -> Cell { Cell(column: 0, value: .text(s)) }
  static func fecha(_ serial: Int) -> Cell {
    Cell(column: 0, value: .number(String(serial)), kind: .date)
  }
}

/// Builds a table sheet: optional title rows, a header row, data rows given
/// as header → cell; nil leaves the cell blank.
struct Tabla {
  var encabezados: [String]
  var filas: [[String: Cell]]
  var filasTitulo = 0

  func rows() -> [Row] {
    var out: [Row] = []
    for i in 0..<filasTitulo {
      out.append(Row(index: i + 1, cells: [Cell(column: 1, value: .text("Título \(i + 1)"))]))
    }
    let h = filasTitulo + 1
    out.append(
      Row(
        index: h,
        cells: encabezados.enumerated().map {
          Cell(column: $0.offset + 1, value: .text($0.element))
        }))
    for (i, fila) in filas.enumerated() {
      let cells = encabezados.enumerated().compactMap { (j, e) -> Cell? in
        guard let c = fila[e] else { return nil }
        return Cell(column: j + 1, value: c.value, kind: c.kind)
      }
      out.append(Row(index: h + 1 + i, cells: cells))
    }
    return out
  }
}

let meses = [
  "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
  "octubre", "noviembre", "diciembre",
]
let prog = meses.map { "Prog. \($0)" }
let ejec = meses.map { "Ejec. \($0)" }

/// Months as header → cell, from twelve optional values.
func mesesCeldas(_ nombres: [String], _ valores: [Cell?]) -> [String: Cell] {
  var out: [String: Cell] = [:]
  for (i, v) in valores.enumerated() { if let v { out[nombres[i]] = v } }
  return out
}

func doce(_ v: Cell?, desde: Int = 1, hasta: Int = 12) -> [Cell?] {
  (1...12).map { (desde...hasta).contains($0) ? v : nil }
}

let corte = Fecha(iso: "2021-03-31")!

func esquemas() throws -> SchemaSet {
  let raiz = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  return try SchemaSet.cargar(desde: raiz.appendingPathComponent("schemas"))
}

/// Asserts one finding with that code exists, at that cell when given, and
/// that its Spanish message contains the given words.
@discardableResult
func assertHallazgo(
  _ informe: InformeArchivo, _ codigo: CodigoHallazgo, celda: String? = nil,
  contiene: [String] = [],
  file: StaticString = #filePath, line: UInt = #line
) -> Hallazgo? {
  let candidatos = informe.hallazgos.filter { $0.codigo == codigo }
  guard
    let h = candidatos.first(where: { celda == nil || $0.ubicacion.celda?.description == celda })
  else {
    XCTFail(
      "no \(codigo)\(celda.map { " en \($0)" } ?? ""); hallazgos: \(informe.hallazgos.map { "\($0.codigo)@\($0.ubicacion.referencia ?? "")" })",
      file: file, line: line)
    return nil
  }
  let mensaje = Catalogo.mensaje(h)
  for palabra in contiene {
    XCTAssertTrue(
      mensaje.contains(palabra), "«\(mensaje)» no contiene «\(palabra)»", file: file, line: line)
  }
  return h
}
