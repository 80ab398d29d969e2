import Foundation
import PAITestSupport
import Plan
import Schema
import XCTest

@testable import Reports

/// `consolidado.json` through the one writer: every digit of a ratio,
/// explicit nulls where the schema requires a key, sorted keys.
final class ConsolidadoJSONTests: XCTestCase {
  let marzo = Corte(Fecha(iso: "2021-03-31")!)

  /// One indicator programmed in March (3) with `ejecutado` executed.
  func indicador(meta: Decimal, ejecutado: Decimal?, codigo: String = "I-1") -> Indicador {
    var programacion: Meses = Array(repeating: nil, count: 12)
    var ejecucion: Meses = Array(repeating: nil, count: 12)
    programacion[2] = ejecutado == nil ? nil : 3
    ejecucion[2] = ejecutado
    if ejecutado == nil { programacion[11] = 3 }
    return Indicador(
      codigo: codigo, nombre: "Indicador", proceso: "Contratación", dependencia: "D",
      periodicidad: .trimestral, anualizacion: .suma, unidad: .numero, metaVigencia: meta,
      programacion: programacion, ejecucion: ejecucion)
  }

  func consolidado(_ indicadores: [Indicador]) throws -> (MedicionPAI, [String: Any], String) {
    let m = medir(PlanAccion(corte: marzo, indicadores: indicadores))
    let texto = try ConsolidadoV1(
      m, lote: resolverLote([], corte: marzo.fecha), duplicados: [], cobertura: nil
    ).serializar()
    let objeto = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(texto.utf8)) as? [String: Any])
    return (m, objeto, texto)
  }

  /// A goal of 35 significant digits and a ratio of 38 (1/3 in `Decimal`)
  /// come out digit for digit, never through `Double`.
  func testDecimalesConTodosSusDigitos() throws {
    let meta = try XCTUnwrap(Decimal(string: "1234.5678901234567890123456789012345"))
    let (m, _, texto) = try consolidado([indicador(meta: meta, ejecutado: 1)])
    XCTAssertTrue(
      texto.contains(#""meta_vigencia" : 1234.5678901234567890123456789012345,"#), texto)
    let cumplimiento = try XCTUnwrap(m.indicadores.items.first?.cumplimiento)
    let digitos = "\(cumplimiento)"
    XCTAssertGreaterThanOrEqual(digitos.filter(\.isNumber).drop { $0 == "0" }.count, 30, digitos)
    XCTAssertTrue(texto.contains(#""cumplimiento" : \#(digitos),"#), texto)
    // And back: the text read as a Decimal is the same Decimal.
    let linea = try XCTUnwrap(
      texto.split(separator: "\n").first { $0.contains(#""cumplimiento" : 0."#) })
    let leido = linea.split(separator: ":")[1].trimmingCharacters(in: .init(charactersIn: " ,"))
    XCTAssertEqual(Decimal(string: leido), cumplimiento)
    XCTAssertFalse(texto.contains("e-"), "notación posicional, sin exponente")
  }

  /// Keys the schema requires but may be null are written as `null`;
  /// keys it has optional are left out when they do not apply.
  func testNulosExplicitos() throws {
    let (_, c, _) = try consolidado([indicador(meta: 4, ejecutado: nil)])
    XCTAssertTrue(c["cobertura"] is NSNull)
    let item = try XCTUnwrap(
      ((c["indicadores"] as? [String: Any])?["items"] as? [[String: Any]])?.first)
    XCTAssertEqual(item["programado"] as? Bool, false)
    for clave in ["cumplimiento", "banda", "valor_programado", "valor_ejecutado"] {
      XCTAssertTrue(item[clave] is NSNull, clave)
    }
    let componentes = try XCTUnwrap(c["componentes"] as? [[String: Any]])
    let proyectos = try XCTUnwrap(componentes.first { $0["id"] as? String == "proyectos" })
    XCTAssertTrue(proyectos["completo"] is NSNull)
    XCTAssertNil(proyectos["valor"], "sin medir: sin valor")
    XCTAssertNotNil(proyectos["motivo"])
    let riesgos = try XCTUnwrap(c["riesgos"] as? [String: Any])
    XCTAssertTrue(riesgos["valor"] is NSNull)
    XCTAssertTrue(
      riesgos["proximo_seguimiento"] is NSNull || riesgos["proximo_seguimiento"] is String)
    XCTAssertEqual(
      (riesgos["por_zona"] as? [String: Int]).map { Set($0.keys) },
      Set(ZonaRiesgo.allCases.map(\.rawValue)), "cada zona, también en cero")
  }

  /// Foundation writes a NaN `Decimal` as the bare word `NaN`; `Cifra`
  /// writes `null`, as the hand-made writer did.
  func testNaNEsNull() throws {
    struct Documento: DocumentoJSON {
      var x: Cifra
      @Nulo var y: Cifra?
    }
    XCTAssertEqual(
      try Documento(x: Cifra(Decimal.nan), y: nil).serializar(),
      "{\n  \"x\" : null,\n  \"y\" : null\n}\n")
  }

  /// Sorted keys at every level, and the same bytes for the same data.
  func testClavesOrdenadasYMismosBytes() throws {
    let plan = [indicador(meta: 4, ejecutado: 2), indicador(meta: 8, ejecutado: 5, codigo: "I-2")]
    let (_, _, a) = try consolidado(plan)
    let (_, _, b) = try consolidado(plan)
    XCTAssertEqual(a, b)
    XCTAssertEqual(try ClavesJSON.desordenadas(a), [])
    // The walk itself sees disorder, nested too.
    XCTAssertEqual(
      try ClavesJSON.desordenadas(#"{"b": 1, "a": {"d": [{"z": "}", "y": [2, {}]}]}}"#),
      ["$.a.d[0]", "$"])
    XCTAssertTrue(a.hasSuffix("}\n"))
  }
}
