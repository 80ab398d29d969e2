import Foundation
import Plan
import Schema
import XCTest
import XLSX

/// Issue 3: a workbook of 10,000 indicator rows with 1,000 errors is
/// validated in one streaming pass, every error reported at its cell.
final class VolumenTests: XCTestCase {
  func testDiezMilIndicadoresConMilErrores() throws {
    let carpeta = try Pai.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let ruta = carpeta.appendingPathComponent("indicadores.xlsx").path
    let meses = [
      "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
      "octubre", "noviembre", "diciembre",
    ]
    let encabezados =
      [
        "Código indicador", "Nombre del indicador", "Proceso", "Dependencia", "Periodicidad",
        "Tipo de anualización", "Unidad de medida", "Meta vigencia",
      ]
      + meses.map { "Prog. \($0)" } + meses.map { "Ejec. \($0)" }
    let libro = try WorkbookWriter(path: ruta)
    let hoja = try libro.addSheet("Indicadores")
    try hoja.appendRow(encabezados.map { WriteCell(.text($0)) })
    for i in 1...10_000 {
      // Every tenth row programs 11 a month against a target of 120.
      let mensual: Int64 = i % 10 == 0 ? 11 : 10
      var fila: [WriteCell?] = [
        WriteCell(.text("IND-\(i)")), WriteCell(.text("Indicador \(i)")),
        WriteCell(.text("Contratación")),
        WriteCell(.text("Dirección de Contratación")), WriteCell(.text("Mensual")),
        WriteCell(.text("Suma")),
        WriteCell(.text("Número")), WriteCell(.integer(120)),
      ]
      fila += (1...12).map { _ in WriteCell(.integer(mensual)) }
      fila += (1...12).map { $0 <= 3 ? WriteCell(.integer(mensual)) : nil }
      try hoja.appendRow(fila)
    }
    try libro.close()

    let esquemas = try SchemaSet.cargar(desde: Pai.raiz.appendingPathComponent("schemas"))
    let inicio = Date()
    let informe = validar(ruta: ruta, esquemas: esquemas, corte: Fecha(iso: "2021-03-31"))
    let segundos = Date().timeIntervalSince(inicio)
    let errores = informe.hallazgos.filter { $0.severidad == .error }
    XCTAssertEqual(errores.count, 1_000)
    XCTAssertEqual(Set(errores.map(\.codigo)), [.sumaProgramacion])
    XCTAssertEqual(errores.first?.ubicacion.celda?.description, "H11")
    XCTAssertEqual(errores.last?.ubicacion.celda?.description, "H10001")
    print(
      String(
        format: "VOLUMEN: 10.000 filas, 1.000 errores en %.2f s (%.0f filas/s)", segundos,
        10_000 / segundos))
  }
}
