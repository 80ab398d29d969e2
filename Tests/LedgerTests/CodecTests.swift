import Foundation
import Plan
import Schema
import XCTest
import XLSX

@testable import Ledger

/// The ledger's JSON documents: every value round-trips exactly, with
/// sorted keys and explicit nulls, and anything short of whole is refused.
final class CodecTests: XCTestCase {
  let ruta = "/tmp/pai.sqlite"

  func leer<T: Decodable>(_ t: T.Type, _ texto: String) throws -> T {
    try JSONLibro.valor(t, texto, ruta: ruta, tabla: "t", id: 1)
  }

  func meses(_ v: [String?]) -> Meses { v.map { $0.flatMap { Decimal(string: $0) } } }

  func testCadaContenidoVaYVuelveIgual() throws {
    let largo = Decimal(string: "0.123456789012345678901234567890123")!
    let proyecto = Proyecto(
      codigo: "7867", nombre: "Comunicación \"pública\"\n/ñ", objetivoGeneral: "", dependencia: "d",
      metas: [
        Meta(
          objetivo: 1, descripcionObjetivo: "o", numero: 2, descripcion: "m", anualizacion: .suma,
          magnitud: largo,
          programacion: meses(["1", nil, "0", nil, nil, nil, nil, nil, nil, nil, nil, "2.5"]),
          ejecucion: Array(repeating: nil, count: 12))
      ],
      presupuesto: [
        LineaPresupuesto(fuente: "f", apropiacion: 19_615_000_000, compromisos: 1, giros: nil),
        LineaPresupuesto(fuente: "g", apropiacion: 1, compromisos: 1, giros: largo),
      ])
    let indicador = Indicador(
      codigo: "I1", nombre: "n", proceso: "p", dependencia: "d", periodicidad: .trimestral,
      anualizacion: .decreciente, unidad: .porcentaje, metaVigencia: Decimal(string: "0.1698")!,
      programacion: meses(["0", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil]),
      ejecucion: meses([nil, nil, "-1.5", nil, nil, nil, nil, nil, nil, nil, nil, nil]))
    let actividad = Actividad(
      plan: "PETI", codigo: "A1", actividad: "a", dependencia: "d",
      programacion: Array(repeating: 1, count: 12), ejecucion: Array(repeating: 0, count: 12))
    let riesgo = Riesgo(
      proceso: "p", codigo: "R1", tipo: .gestion, descripcion: "r", zona: .alta,
      periodicidad: .cuatrimestral, fechaMonitoreo: Fecha(iso: "2021-03-31")!,
      accionesProgramadas: 3, accionesEjecutadas: 2, materializado: true)
    for contenido: Contenido in [
      .proyecto(proyecto), .indicadores([indicador, indicador]), .actividades([actividad]),
      .riesgos([riesgo]),
    ] {
      let filas = try CodecContenido.filas(contenido)
      let vuelta = try CodecContenido.contenido(
        clase: ClaseContenido(contenido).rawValue,
        filas: filas.enumerated().map { (Int64($0.offset), $0.element.datos) }, ruta: ruta,
        envio: 1)
      XCTAssertEqual(vuelta, contenido)
    }
    let texto = try CodecContenido.filas(.proyecto(proyecto))[0].datos
    // Exact digits, sorted keys, the blank payments written as null.
    XCTAssertTrue(texto.contains(#""magnitud":"0.123456789012345678901234567890123""#), texto)
    XCTAssertTrue(texto.contains(#""giros":null"#), texto)
    XCTAssertTrue(texto.hasPrefix(#"{"codigo":"7867","dependencia":"d","metas":"#), texto)
  }

  func testCadaValorDeHallazgoVaYVuelveIgual() throws {
    let a1 = CellRef(row: 1, column: 1)
    let lecturas: [XLSXError] = [
      .unreadableFile(reason: "r"), .emptyFile, .notAZip(.pdf), .legacyExcel, .encrypted,
      .openDocument, .corruptZip(.noCentralDirectory), .corruptZip(.inconsistent(part: nil)),
      .corruptZip(.checksum(part: "p")), .corruptZip(.data(part: "p")),
      .corruptZip(.other(part: "p", text: "t")), .missingPart(path: "x"),
      .partTooLarge(part: "p", bytes: 1 << 40, limit: 2),
      .compressionRatioTooHigh(part: "p", ratio: 1, limit: 2),
      .forbiddenDTD(part: "p"), .invalidEncoding(part: "p", line: 3),
      .malformedXML(part: "p", line: 1, message: "m"), .nestingTooDeep(part: "p", limit: 1),
      .relationshipOutsidePackage(part: "p", target: "../x"), .sheetNotFound(name: "n"),
      .invalidCellReference(sheet: "s", text: "XFE1"),
      .sharedStringOutOfRange(sheet: "s", cell: a1, index: 9, count: 1),
      .styleOutOfRange(sheet: "s", cell: a1, index: "9", count: 1),
      .invalidCellValue(sheet: "s", cell: a1, text: "uno"), .tooManyCells(sheet: "s", limit: 1),
      .stringTooLong(part: "p", cell: nil, limit: 1),
      .outsideGrid(sheet: "s", what: .cell(row: 0, column: 20_000)),
    ]
    var valores: [String: ValorHallazgo] = [
      "t": .texto("x"), "n": .numero(Decimal(string: "-1.000000000000000000001")!),
      "p": .porcentaje(Decimal(string: "0.1698")!), "e": .entero(-3),
      "f": .fecha(Fecha(iso: "2021-12-31")!), "l": .lista(["a", "b"]),
    ]
    for (i, e) in lecturas.enumerated() { valores["lectura\(i)"] = .lectura(e) }
    let h = Hallazgo(
      .valorInvalido, .error,
      Ubicacion(archivo: "a.xlsx", hoja: "Metas", celda: CellRef(row: 3, column: 21)), valores)
    let fila = try CodecHallazgo.fila(h, envioId: 1, origen: HallazgoFila.validacion, orden: 0)
    XCTAssertEqual(try CodecHallazgo.hallazgo(fila, ruta: ruta).valores, valores)
  }

  func testLasIdentidadesEscribenLoQueFaltaComoNull() throws {
    let ids: [(clave: String, ubicacion: Ubicacion)] = [
      (
        "proyecto:7867",
        Ubicacion(archivo: "a.xlsx", hoja: "Proyecto", celda: CellRef(row: 4, column: 2))
      ),
      ("riesgo:R1", Ubicacion(archivo: "b.xlsx")),
    ]
    let texto = try CodecHallazgo.identidades(ids)
    XCTAssertEqual(
      texto,
      #"[{"archivo":"a.xlsx","celda":"B4","clave":"proyecto:7867","fila":null,"hoja":"Proyecto","rango":null},"#
        + #"{"archivo":"b.xlsx","celda":null,"clave":"riesgo:R1","fila":null,"hoja":null,"rango":null}]"#
    )
    let vuelta = try CodecHallazgo.identidades(texto, ruta: ruta, envio: 1)
    XCTAssertEqual(vuelta.map(\.clave), ids.map(\.clave))
    XCTAssertEqual(vuelta.map(\.ubicacion), ids.map(\.ubicacion))
    // Written by hand without the null: refused, with the field named.
    XCTAssertThrowsError(
      try CodecHallazgo.identidades(
        #"[{"archivo":"b","clave":"c","celda":null,"fila":null,"hoja":null}]"#, ruta: ruta, envio: 7
      )
    ) { error in
      XCTAssertEqual(
        error as? ErrorLibro,
        .filaIlegible(ruta: ruta, tabla: "envio", id: 7, problema: .falta(campo: "[0].rango")))
    }
  }

  func testUnNumeroQueNoEsUnNumeroSeRechaza() {
    for malo in [#""1,5""#, #""1.5x""#, #""NaN""#, #""""#, "1.5", "null"] {
      XCTAssertThrowsError(try leer(Digitos.self, malo), malo)
    }
    XCTAssertEqual(try leer(Digitos.self, #""-0.5""#).valor, Decimal(string: "-0.5"))
    XCTAssertThrowsError(try JSONLibro.texto(Digitos(.nan)))
  }
}
