import Foundation
import Plan
import Schema
import XCTest
import XLSX

@testable import Reports

/// One type for the per-submission report, wherever it is written.
final class InformeEnvioV1Tests: XCTestCase {
  private let corte = Fecha(year: 2021, month: 3, day: 31)!

  private func informe() -> InformeArchivo {
    InformeArchivo(
      archivo: "libro.xlsx", plantilla: "indicadores",
      hallazgos: [
        Hallazgo(
          .valorFaltante, .error,
          Ubicacion(archivo: "libro.xlsx", hoja: "Indicadores", celda: CellRef(row: 5, column: 2)),
          ["columna": .texto("Meta vigencia")]),
        Hallazgo(.hojaOculta, .advertencia, Ubicacion(archivo: "libro.xlsx", hoja: "Notas"), [:]),
      ])
  }

  func testValidarYElOutboxEscribenElMismoDocumento() throws {
    let envio = Envio(
      ruta: "/x/libro.xlsx", remitente: "oficina-tic", modificado: Date(), sha256: "abc",
      informe: informe())
    let outbox = try InformeEnvioV1(envio, corte: corte, reemplazado: false, situacion: "rechazado")
      .serializar()
    let validar = try InformeJSON.codificar([informe()], corte: corte)
    let a = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(outbox.utf8)) as? [String: Any])
    let raiz = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(validar.utf8)) as? [String: Any])
    let b = try XCTUnwrap((raiz["archivos"] as? [[String: Any]])?.first)
    XCTAssertEqual(Set(a.keys), Set(b.keys), "las mismas claves en los dos")
    XCTAssertEqual(a["estado"] as? String, "rechazado")
    XCTAssertEqual(b["estado"] as? String, "rechazado")
    // Optionals are explicit nulls, not missing keys.
    XCTAssertTrue(b["remitente"] is NSNull)
    let sinHoja = try XCTUnwrap((a["hallazgos"] as? [[String: Any]])?.last)
    XCTAssertTrue(sinHoja["celda"] is NSNull)
    XCTAssertTrue(sinHoja["rango"] is NSNull)
    // Keys sorted, a final newline, and it decodes back to the same value.
    let claves = outbox.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
      $0.split(separator: "\"")[1]
    }
    XCTAssertEqual(claves, claves.sorted())
    XCTAssertTrue(outbox.hasSuffix("}\n"))
    let leido = try JSONDecoder().decode(InformeEnvioV1.self, from: Data(outbox.utf8))
    XCTAssertEqual(
      leido, InformeEnvioV1(envio, corte: corte, reemplazado: false, situacion: "rechazado"))
  }

  func testUnAceptadoReemplazadoDiceEstadoYSituacion() throws {
    var i = InformeArchivo(archivo: "a.xlsx", plantilla: "proyecto")
    i.hallazgos = []
    let envio = Envio(
      ruta: "/x/a.xlsx", remitente: "r", modificado: Date(), sha256: "s", informe: i)
    let d = InformeEnvioV1(
      envio, corte: corte, reemplazado: true, situacion: "aceptado, reemplazado por «b.xlsx»")
    XCTAssertEqual(d.estado, "reemplazado")
    XCTAssertTrue(d.aceptado)
    XCTAssertEqual(d.situacion, "aceptado, reemplazado por «b.xlsx»")
  }
}
