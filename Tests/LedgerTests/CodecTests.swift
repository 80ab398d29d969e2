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
    // Every reading error, through the compact writer: Foundation's bytes.
    let libros = valores.mapValues(ValorLibro.init)
    XCTAssertEqual(try JSONCompacto.texto(libros), try JSONLibro.textoFoundation(libros))
    // And read back by the fast reader itself, every error's enum included.
    let texto = try JSONCompacto.texto(libros)
    XCTAssertEqual(
      try JSONCompacto.texto(JSONLector.valor([String: ValorLibro].self, texto)), texto)
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

  /// The compact writer must give Foundation's bytes for every document
  /// the ledger stores: here every content of the example inbox and of the
  /// example year, their identities, and the findings' values of the test
  /// above (every reading error included).
  func testElEscritorCompactoDaLosBytesDeFoundation() throws {
    let raiz = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let esquemas = try SchemaSet.cargar(desde: raiz.appendingPathComponent("schemas"))
    var libros: [URL] = []
    for carpeta in ["inbox", "docs/ejemplo-vigencia"] {
      let base = raiz.appendingPathComponent(carpeta)
      for case let rel as String in FileManager.default.enumerator(atPath: base.path)!
      where rel.hasSuffix(".xlsx") {
        libros.append(base.appendingPathComponent(rel))
      }
    }
    XCTAssertGreaterThan(libros.count, 40)
    // Written as Foundation writes it, and read back by `JSONLector` as
    // Foundation reads it.
    // (The rows are compared by their text again: a lossless writer.)
    func igual<T: Codable>(_ valor: T, _ donde: String) throws {
      let texto = try JSONCompacto.texto(valor)
      XCTAssertEqual(texto, try JSONLibro.textoFoundation(valor), donde)
      let rapido = try JSONLector.valor(T.self, texto)
      let foundation = try JSONDecoder().decode(T.self, from: Data(texto.utf8))
      XCTAssertEqual(try JSONCompacto.texto(rapido), texto, donde)
      XCTAssertEqual(try JSONCompacto.texto(foundation), texto, donde)
    }
    var documentos = 0
    for libro in libros {
      let informe = validar(
        ruta: libro.path, esquemas: esquemas, corte: Fecha(iso: "2021-03-31")!)
      try igual(
        informe.identidades.map { IdentidadLibro(clave: $0.clave, ubicacion: $0.ubicacion) },
        libro.lastPathComponent)
      switch informe.contenido {
      case .proyecto(let p)?: try igual(ProyectoLibro(p), libro.lastPathComponent)
      case .indicadores(let l)?: for x in l { try igual(IndicadorLibro(x), x.codigo) }
      case .actividades(let l)?: for x in l { try igual(ActividadLibro(x), x.codigo) }
      case .riesgos(let l)?: for x in l { try igual(RiesgoLibro(x), x.codigo) }
      case nil: break
      }
      for h in informe.hallazgos {
        try igual(h.valores.mapValues(ValorLibro.init), "\(h.codigo) en \(libro.lastPathComponent)")
      }
      documentos += 1
    }
    XCTAssertEqual(documentos, libros.count)
  }

  /// The fast reader reads a text only as Foundation would: wherever it
  /// gives a value, Foundation gives the same one; whatever it does not
  /// handle exactly, it refuses, and Foundation reads or reports it.
  func testElLectorRapidoLeeComoFoundationONoLee() throws {
    let textos = [
      "{}", "[]", "[1,]", "[01]", "[1.0]", "[1e2]", "[-0]", "[-]", #"{"a":1,"a":2}"#,
      #" { "a" : 1 , "b" : 2 } "#, #"["\u00e9", "\ud83d\ude00"]"#, #"["\ud83d"]"#,
      #"["\udc00x"]"#, "[\"a\tb\"]", #"["\/\"\\\b\f\n\r\t"]"#, " [ null ] ", "[nul]", "[true]",
      #"{"é":1}"#, #"{"a\u0062":1}"#, #"["x"] x"#, "[9223372036854775807]",
      "[9223372036854775808]", "[-9223372036854775808]", #"["a","b"]"#, "[null,\"c\"]",
      #"{"a":null}"#, #"{"a":"1"}"#, "[\"\u{7F}\"]", #"["\x"]"#, "[\"abc", "", " ", "[[1],[2]]",
      #"{"a":{"b":[1,2,{"c":true}]}}"#, "[1 2]", "{\"a\" 1}", "{,}", "[,1]", "tru", "1", "\"s\"",
      // Escapes cut short or unknown, in strings read and not read.
      #"["\u12"]"#, #"["\u"]"#, #"["\ud83d\ue00"]"#, #"["\q"]"#, #"{"a":1,"z":"\u12"}"#,
      #"{"a":1,"z":"\u"}"#, #"{"a":1,"z":"\u12", "b":"x"}"#, #"{"a":1,"z":"\q"}"#,
      // Nesting past Foundation's 512 levels, and far past it.
      String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
      #"{"a":1,"z":"# + String(repeating: "[", count: 50_000)
        + String(repeating: "]", count: 50_000)
        + "}",
    ]
    func mismo<T: Decodable & Equatable>(_ tipo: T.Type, linea: UInt = #line) {
      for t in textos {
        guard let rapido = try? JSONLector.valor(tipo, t) else { continue }
        XCTAssertEqual(
          rapido, try? JSONDecoder().decode(tipo, from: Data(t.utf8)), "\(tipo): \(t)",
          line: linea)
      }
    }
    mismo([String: Int].self)
    mismo([String: String?].self)
    mismo([String?].self)
    mismo([Int].self)
    mismo([Int64?].self)
    mismo([[Int]].self)
    mismo([Bool].self)
    mismo(Int.self)
    mismo(String.self)
    mismo([String: [String: [Int?]]].self)
    // What it must read itself, not leave to Foundation.
    XCTAssertEqual(
      try JSONLector.valor([String?].self, #"["\u00e9", null, "\/"]"#), ["é", nil, "/"])
    XCTAssertEqual(
      try JSONLector.valor([String: Int].self, #" {"b":-3, "a" : 0} "#), ["a": 0, "b": -3])
    // A month list whose fourth month is not a figure names that month,
    // even when the list is too long too.
    let meses = "[" + (0..<13).map { $0 == 3 ? #""1,5""# : "null" }.joined(separator: ",") + "]"
    XCTAssertThrowsError(try leer(MesesLibro.self, meses)) { error in
      XCTAssertEqual(
        error as? ErrorLibro,
        .filaIlegible(ruta: ruta, tabla: "t", id: 1, problema: .valor(campo: "[3]")))
    }
    // And what it must not.
    for t in [
      #"{"a":1,"a":2}"#, "[1.0]", #"["\ud83d"]"#, "[01]", #"{"é":1}"#, #"{"a":1,"z":"\u12"}"#,
      String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ] {
      XCTAssertThrowsError(try JSONLector.valor([String: Int].self, t), t)
      XCTAssertThrowsError(try JSONLector.valor([Int].self, t), t)
    }
  }

  /// Strings with every control character, quotes, slashes and non-ASCII
  /// text; keys in Foundation's order; and what it refuses goes to
  /// Foundation.
  func testElEscritorCompactoEscribeCadenasYClavesComoFoundation() throws {
    var todas = ""
    for c in 0..<0x80 { todas.unicodeScalars.append(Unicode.Scalar(UInt8(c))) }
    todas += "áé€😀\u{2028}\u{301}"
    let mapa = ["b": todas, "B": "", "a10": "/", "a9": "\\", "aB": "\"", "_x": "ñ", "á": "z"]
    XCTAssertEqual(try JSONCompacto.texto(mapa), try JSONLibro.textoFoundation(mapa))
    let anidado: [[String: [Int?]]] = [["z": [1, nil, -3]], [:], ["": []]]
    XCTAssertEqual(try JSONCompacto.texto(anidado), try JSONLibro.textoFoundation(anidado))
    XCTAssertEqual(
      try JSONCompacto.texto([Int64.min, Int64.max]), "[-9223372036854775808,9223372036854775807]")
    // Floating point, NaN and dates are Foundation's to write.
    XCTAssertThrowsError(try JSONCompacto.texto([1.5]))
    XCTAssertThrowsError(try JSONCompacto.texto([Decimal.nan]))
    XCTAssertThrowsError(try JSONCompacto.texto(["d": Date()]))
    XCTAssertEqual(try JSONLibro.texto([1.5]), "[1.5]")
    let decimales = ["0", "-3.25", "1.50", "1e30", "0.000123", "-1.000000000000000000001"].map {
      Decimal(string: $0)!
    }
    XCTAssertEqual(try JSONCompacto.texto(decimales), try JSONLibro.textoFoundation(decimales))
  }

  /// The pretty layout the published documents use: nested and empty
  /// containers at every depth, a decimal, a null, a top-level scalar.
  func testElEscritorLegibleDaLosBytesDeFoundation() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    func igual<T: Encodable>(_ valor: T, _ donde: String = "", linea: UInt = #line) throws {
      XCTAssertEqual(
        try JSONCompacto.legible(valor), String(decoding: try encoder.encode(valor), as: UTF8.self),
        donde, line: linea)
    }
    struct Documento: Encodable {
      var vacia: [Int] = []
      var mapaVacio: [String: Int] = [:]
      var listas: [[Int?]] = [[1, nil], [], [3]]
      var cifra = Decimal(string: "0.1698")!
      @Nulable var nada: Digitos? = nil
      var ausente: String? = nil
      var mapas: [String: [String: [Int]]] = ["x": ["a": [1], "b": []], "y": [:]]
      var texto = "a/b\u{1}\"é\n"
      var dentro: [Documento] = []
    }
    var d = Documento()
    try igual(d)
    d.dentro = [Documento(), Documento()]
    try igual(d)
    try igual([d])
    try igual([Documento]())
    try igual([String: Documento]())
    try igual(5)
    try igual("texto")
    try igual(Decimal(string: "-12.5")!)
    try igual(AMano())
    try igual([AMano(), AMano()])
    XCTAssertEqual(try JSONCompacto.texto(AMano()), try JSONLibro.textoFoundation(AMano()))
    XCTAssertThrowsError(try JSONCompacto.legible(["d": 0.5]))
  }

  /// The digits of a decimal are written without `description`, and
  /// must be its text for every value: parsed, computed, huge and tiny.
  func testLosDigitosSonLosDeDescription() {
    var g = SystemRandomNumberGenerator()
    var valores: [Decimal] = ["0", "-0", "0.000", "1e3", "12e-5", "-3.25", "1.50", "0.1698"].map {
      Decimal(string: $0)!
    }
    valores += [Decimal(UInt64.max), Decimal(UInt64.max) + 1, -Decimal(UInt64.max) * 1000]
    valores.append(Decimal(string: "0.123456789012345678901234567890123")!)
    valores.append(Decimal(string: "-1.000000000000000000001")!)
    for _ in 0..<3000 {
      let a = Decimal(Int64.random(in: -10_000_000...10_000_000, using: &g))
      let b = Decimal(Int.random(in: 1...997, using: &g))
      let d = Decimal(sign: .plus, exponent: Int.random(in: -12...12, using: &g), significand: a)
      valores += [a / b, d, d * b, d - a / b]
    }
    valores += [
      Decimal.greatestFiniteMagnitude, Decimal.leastNonzeroMagnitude,
      -Decimal.greatestFiniteMagnitude, Decimal(string: "340282366920938463463374607431768211455")!,
    ]
    for v in valores { XCTAssertEqual(Digitos.texto(v), v.description, "\(v)") }
    // The fast path is the one taken: the stored layout passed its check.
    XCTAssertEqual(DecimalText.significand(Decimal(1) / 3), String(repeating: "3", count: 38))
  }

  /// A ledger figure is read without `Decimal(string:)` when it is plain:
  /// the same value, stored in the same words (so every later sum and
  /// ratio is the same), and the same refusals.
  func testLeerUnaCifraDaElDecimalDeDecimalString() {
    let posix = Locale(identifier: "en_US_POSIX")
    func bytes(_ d: Decimal) -> [UInt8] { withUnsafeBytes(of: d) { Array($0) } }
    var textos = [
      "1", "1.50", "0.1698", "-3.25", "100", "0.000123", "12e3", "-0", "0", "0.0", "19615000000",
      "123456789012345678", "1234567890123456789", "1.0000000000000001", "2500000.00", ".5", "1.",
      "-.5", "007", "1.2.3", "--1", "-", ".", "", " 1", "1,5", "NaN", "1e400", "١٢",
      // Exponents a Decimal cannot hold past -128, and -128 itself.
      "0." + String(repeating: "0", count: 128) + "1",
      "0." + String(repeating: "0", count: 112) + "123456789012345678",
      "0." + String(repeating: "0", count: 110) + "123456789012345678",
    ]
    var g = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      let a = Int64.random(in: -10_000_000_000...10_000_000_000, using: &g)
      let decimales = Int.random(in: 0...12, using: &g)
      var s = String(a.magnitude)
      while s.count <= decimales { s = "0" + s }
      if decimales > 0 { s.insert(".", at: s.index(s.endIndex, offsetBy: -decimales)) }
      textos.append((a < 0 ? "-" : "") + s + (Bool.random(using: &g) ? "0" : ""))
    }
    for t in textos {
      let esperado = Decimal(string: t, locale: posix).flatMap { d in
        !d.isNaN && t.allSatisfy({ $0.isASCII && ($0.isNumber || "-.E+e".contains($0)) }) ? d : nil
      }
      let leido = Digitos.valor(t)
      XCTAssertEqual(leido.map(bytes), esperado.map(bytes), t)
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

/// A hand-written conformance using what synthesized ones do not: nested
/// containers, a super encoder, a key written twice, a container asked
/// for twice, integers of every width.
private struct AMano: Encodable {
  enum K: String, CodingKey { case b, a, c, d, e }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: K.self)
    try c.encode("primero", forKey: .a)
    try c.encode(Int8.min, forKey: .b)
    var anidado = c.nestedContainer(keyedBy: K.self, forKey: .c)
    var lista = c.nestedUnkeyedContainer(forKey: .d)
    try lista.encode(UInt64.max)
    try lista.encodeNil()
    var sub = lista.nestedContainer(keyedBy: K.self)
    try sub.encode(true, forKey: .e)
    _ = lista.nestedUnkeyedContainer()
    try anidado.encode(Int16(-7), forKey: .a)
    // Asked again at the same keys: the same containers, as in Foundation.
    var otraVez = c.nestedContainer(keyedBy: K.self, forKey: .c)
    try otraVez.encode(UInt32(9), forKey: .b)
    var listaOtraVez = c.nestedUnkeyedContainer(forKey: .d)
    try listaOtraVez.encode("más")
    try c.encode("segundo", forKey: .a)
    var unico = c.superEncoder().singleValueContainer()
    try unico.encode("s")
    var otra = encoder.container(keyedBy: K.self)
    try otra.encode(UInt8(3), forKey: .e)
  }
}
