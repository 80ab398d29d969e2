import Plan
import Reports
import XCTest
import XLSX

@testable import Schema

/// PLAN's reading rules common to all templates, one quirk per test.
final class LecturaTests: XCTestCase {
  var set: SchemaSet!

  override func setUpWithError() throws { set = try esquemas() }

  func validarLibro(_ libro: LibroMemoria) -> InformeArchivo {
    validar(libro: libro, archivo: "envio.xlsx", esquemas: set, corte: corte)
  }

  func indicadores(_ informe: InformeArchivo) -> [Indicador] {
    if case .indicadores(let i)? = informe.contenido { return i }
    XCTFail("sin indicadores: \(informe.hallazgos.map { Catalogo.mensaje($0) })")
    return []
  }

  func testEncabezadosSinTildesNiMayusculasYConSaltos() {
    let encabezados = Ejemplo.encabezadosIndicadores.map {
      $0.uppercased().replacingOccurrences(of: "Ó", with: "O").replacingOccurrences(
        of: " ", with: "  \n")
    }
    var fila: [String: Cell] = [:]
    for (viejo, nuevo) in zip(Ejemplo.encabezadosIndicadores, encabezados) {
      fila[nuevo] = Ejemplo.indicador()[viejo]
    }
    let informe = validarLibro(Ejemplo.indicadores([fila], encabezados: encabezados))
    XCTAssertEqual(indicadores(informe).first?.codigo, "IND-01")
  }

  func testOrdenDeColumnasLibreYSinonimosDeMeses() {
    let encabezados = Array(Ejemplo.encabezadosIndicadores.reversed()).map {
      $0.replacingOccurrences(of: "Prog. ", with: "Programado ").replacingOccurrences(
        of: "Ejec. ", with: "Ejecutado ")
    }
    var fila: [String: Cell] = [:]
    for (viejo, nuevo) in zip(Ejemplo.encabezadosIndicadores.reversed(), encabezados) {
      fila[nuevo] = Ejemplo.indicador()[viejo]
    }
    let informe = validarLibro(Ejemplo.indicadores([fila], encabezados: encabezados))
    XCTAssertEqual(indicadores(informe).first?.programacion[11], 10)
    XCTAssertEqual(indicadores(informe).first?.ejecucion[2], 10)
  }

  func testFilaDeEncabezadosDebajoDeTitulos() {
    // Ejemplo.proyecto puts two title rows above Metas' header.
    let informe = validarLibro(Ejemplo.proyecto())
    XCTAssertTrue(informe.aceptado)
  }

  func testColumnaExtraEsAdvertenciaUnaVez() {
    var fila = Ejemplo.indicador()
    fila["Observaciones"] = V.t("nota")
    let informe = validarLibro(
      Ejemplo.indicadores(
        [fila, Ejemplo.indicador(codigo: "IND-02")],
        encabezados: Ejemplo.encabezadosIndicadores + ["Observaciones"]))
    XCTAssertTrue(informe.aceptado)
    XCTAssertEqual(informe.hallazgos.filter { $0.codigo == .columnaExtra }.count, 1)
    assertHallazgo(informe, .columnaExtra, celda: "AG1", contiene: ["Observaciones"])
  }

  func testColumnaRequeridaFaltante() {
    let encabezados = Ejemplo.encabezadosIndicadores.filter { $0 != "Proceso" }
    let informe = validarLibro(Ejemplo.indicadores([Ejemplo.indicador()], encabezados: encabezados))
    XCTAssertFalse(informe.aceptado)
    assertHallazgo(informe, .columnaFaltante, contiene: ["Indicadores fila 1", "«Proceso»"])
  }

  func testFilasEnBlancoSeSaltan() {
    let informe = validarLibro(
      Ejemplo.indicadores([Ejemplo.indicador(), [:], Ejemplo.indicador(codigo: "IND-02")]))
    XCTAssertEqual(indicadores(informe).map(\.codigo), ["IND-01", "IND-02"])
  }

  func testFilaAMediasEsError() {
    var fila = Ejemplo.indicador(codigo: "X")
    fila["Código indicador"] = nil
    let informe = validarLibro(Ejemplo.indicadores([Ejemplo.indicador(), fila]))
    assertHallazgo(informe, .filaIncompleta, celda: "A3", contiene: ["Código indicador"])
  }

  // MARK: Empty tables (filasMinimas)

  /// The sheet's only finding is `sin-datos`, on the first row where data
  /// is expected, and its message says which sheet, which row and what
  /// one row is.
  private func assertSoloSinDatos(
    _ libro: LibroMemoria, hoja: String, celda: String, registro: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    let informe = validarLibro(libro)
    XCTAssertFalse(informe.aceptado, file: file, line: line)
    XCTAssertEqual(
      informe.hallazgos.map { "\($0.codigo) \($0.ubicacion.referencia ?? "")" },
      ["sin-datos \(hoja)!\(celda)"],
      file: file, line: line)
    guard
      let h = assertHallazgo(
        informe, .sinDatos, celda: celda,
        contiene: [
          "la hoja \(hoja) no tiene filas de datos", "desde la fila \(celda.dropFirst())",
          "una fila por \(registro)",
        ],
        file: file, line: line)
    else { return }
    XCTAssertEqual(h.ubicacion.hoja, hoja, file: file, line: line)
    XCTAssertEqual(h.ubicacion.fila, Int(celda.dropFirst()), file: file, line: line)
    XCTAssertEqual(h.severidad, .error, file: file, line: line)
  }

  func testMetasSoloConEncabezado() {
    // Two title rows above the header (row 3): data is expected from row 4.
    assertSoloSinDatos(Ejemplo.proyecto(metas: []), hoja: "Metas", celda: "A4", registro: "meta")
    assertHallazgo(
      validarLibro(Ejemplo.proyecto(metas: [])), .sinDatos,
      contiene: ["«Código proyecto», «Objetivo específico»", "«Magnitud vigencia»"])
  }

  func testPresupuestoSoloConEncabezado() {
    assertSoloSinDatos(
      Ejemplo.proyecto(presupuesto: []), hoja: "Presupuesto", celda: "A2",
      registro: "fuente de financiación")
  }

  func testProyectoSinMetasNiPresupuesto() {
    let informe = validarLibro(Ejemplo.proyecto(metas: [], presupuesto: []))
    XCTAssertEqual(
      informe.hallazgos.map { "\($0.codigo) \($0.ubicacion.referencia ?? "")" },
      ["sin-datos Metas!A4", "sin-datos Presupuesto!A2"])
  }

  func testIndicadoresSoloConEncabezado() {
    assertSoloSinDatos(
      Ejemplo.indicadores([]), hoja: "Indicadores", celda: "A2", registro: "indicador")
  }

  func testActividadesSoloConEncabezado() {
    assertSoloSinDatos(
      Ejemplo.actividades([]), hoja: "Actividades", celda: "A2", registro: "actividad")
  }

  func testRiesgosSoloConEncabezado() {
    assertSoloSinDatos(
      Ejemplo.riesgos([]), hoja: "Riesgos", celda: "A2", registro: "riesgo y fecha de monitoreo")
  }

  func testFilasEnBlancoNoSonDatos() {
    // A row of spaces under the header is blank, like no row at all.
    var espacios: [String: Cell] = [:]
    for e in Ejemplo.encabezadosRiesgos { espacios[e] = V.t("  ") }
    assertSoloSinDatos(
      Ejemplo.riesgos([[:], espacios]), hoja: "Riesgos", celda: "A2",
      registro: "riesgo y fecha de monitoreo")
  }

  func testTablaQueEmpiezaEnOtraColumnaSenalaSuPrimeraColumna() {
    let libro = LibroMemoria()
    let filas = Tabla(encabezados: Ejemplo.encabezadosRiesgos, filas: [], filasTitulo: 1).rows().map
    {
      Row(index: $0.index, cells: $0.cells.map { Cell(column: $0.column + 2, value: $0.value) })
    }
    libro.hoja("Riesgos", filas: filas)
    assertSoloSinDatos(libro, hoja: "Riesgos", celda: "C3", registro: "riesgo y fecha de monitoreo")
  }

  func testUnaFilaAMediasNoEsAdemasUnaHojaVacia() {
    // One mistake, one finding: the half-filled row says what is missing.
    var fila = Ejemplo.indicador()
    fila["Código indicador"] = nil
    let informe = validarLibro(Ejemplo.indicadores([fila]))
    XCTAssertEqual(informe.hallazgos.map(\.codigo), [.filaIncompleta])
  }

  func testSinEncabezadosNoHaySinDatos() {
    let encabezados = Ejemplo.encabezadosIndicadores.filter { $0 != "Proceso" }
    let informe = validarLibro(Ejemplo.indicadores([], encabezados: encabezados))
    XCTAssertEqual(informe.hallazgos.map(\.codigo), [.columnaFaltante])
  }

  func testFilasMinimasSeDeclaranEnElEsquema() throws {
    for plantilla in set.plantillas {
      for hoja in plantilla.hojas {
        XCTAssertEqual(hoja.filasMinimas, hoja.tipo == .tabla ? 1 : nil, hoja.nombre)
      }
    }
    // Without the declaration an empty table is accepted.
    var sinMinimo = set!
    let i = try XCTUnwrap(sinMinimo.plantillas.firstIndex { $0.id == "riesgos" })
    sinMinimo.plantillas[i].hojas[0].filasMinimas = nil
    XCTAssertTrue(
      validar(libro: Ejemplo.riesgos([]), archivo: "r.xlsx", esquemas: sinMinimo, corte: corte)
        .aceptado)
    // A minimum above 1 counts the rows there are and points below them.
    var dos = set!
    dos.plantillas[i].hojas[0].filasMinimas = 2
    let informe = validar(
      libro: Ejemplo.riesgos([Ejemplo.riesgo()]), archivo: "r.xlsx", esquemas: dos, corte: corte)
    XCTAssertEqual(informe.hallazgos.map(\.codigo), [.sinDatos])
    assertHallazgo(
      informe, .sinDatos, celda: "A3",
      contiene: [
        "la hoja Riesgos tiene 1 fila de datos y debe tener al menos 2", "desde la fila 3",
      ])
    // Only a table declares it, and never below 0.
    var malo = set!
    let p = try XCTUnwrap(malo.plantillas.firstIndex { $0.id == "proyecto" })
    malo.plantillas[p].hojas[0].filasMinimas = 1
    XCTAssertThrowsError(try malo.verificar())
    malo = set!
    malo.plantillas[i].hojas[0].filasMinimas = -1
    XCTAssertThrowsError(try malo.verificar())
  }

  func testFormularioEnBlancoPideCadaValor() {
    // A form is one record: its blank required values are its errors.
    let formulario = Ejemplo.formulario().map { row in
      Row(index: row.index, cells: row.cells.filter { $0.column != 4 })
    }
    let informe = validarLibro(Ejemplo.proyecto(formulario: formulario))
    XCTAssertEqual(
      informe.hallazgos.filter { $0.ubicacion.hoja == "Proyecto" }.map {
        "\($0.codigo) \($0.ubicacion.celda?.description ?? "")"
      },
      [
        "valor-faltante C3", "valor-faltante C4", "valor-faltante C5", "valor-faltante C6",
        "valor-faltante C7", "valor-faltante C8",
      ])
    XCTAssertFalse(informe.aceptado)
  }

  func testValorRequeridoFaltante() {
    var fila = Ejemplo.indicador()
    fila["Proceso"] = nil
    assertHallazgo(
      validarLibro(Ejemplo.indicadores([fila])), .valorFaltante, celda: "C2",
      contiene: ["«Proceso»"])
  }

  func testPorcentajeComoFraccionConFormato() {
    let informe = validarLibro(Ejemplo.actividades([Ejemplo.actividad()]))
    guard case .actividades(let a)? = informe.contenido else { return XCTFail() }
    XCTAssertEqual(a[0].programacion[0], Decimal(string: "0.25"))
    XCTAssertEqual(informe.hallazgos.count, 0)
  }

  func testPorcentajeComoTextoSeLeeConUnaAdvertenciaPorColumna() throws {
    var fila = Ejemplo.actividad()
    fila["Prog. enero"] = V.t("25 %")
    var otra = Ejemplo.actividad(codigo: "ACT-02")
    otra["Prog. enero"] = V.t("25,0%")
    let informe = validarLibro(Ejemplo.actividades([fila, otra]))
    XCTAssertTrue(informe.aceptado)
    let avisos = informe.hallazgos.filter { $0.codigo == .porcentajeComoTexto }
    XCTAssertEqual(avisos.count, 1)
    let aviso = try XCTUnwrap(avisos.first)
    XCTAssertEqual(aviso.severidad, .advertencia)
    XCTAssertEqual(aviso.ubicacion.referencia, "Actividades!E2:E3")
    XCTAssertTrue(Catalogo.mensaje(aviso).contains("2 porcentajes"))
  }

  func testPorcentajeComoPuntosSeLeeConAdvertencia() {
    var fila = Ejemplo.actividad()
    fila["Prog. enero"] = V.n("25")
    let informe = validarLibro(Ejemplo.actividades([fila]))
    guard case .actividades(let a)? = informe.contenido else { return XCTFail() }
    XCTAssertEqual(a[0].programacion[0], Decimal(string: "0.25"))
    assertHallazgo(informe, .porcentajeComoPuntos, contiene: ["16,98 = 16,98 %"])
  }

  func testTextoYNumeroDanElMismoPorcentaje() {
    var texto = Ejemplo.indicador(
      unidad: "Porcentaje", meta: V.t("16,98 %"),
      programacion: doce(nil), ejecucion: doce(nil))
    texto["Prog. diciembre"] = V.t("16,98 %")
    let numero = Ejemplo.indicador(
      codigo: "IND-02", unidad: "Porcentaje", meta: V.p("0.1698"),
      programacion: doce(V.p("0.1698"), desde: 12), ejecucion: doce(nil))
    let i = indicadores(validarLibro(Ejemplo.indicadores([texto, numero])))
    XCTAssertEqual(i.count, 2)
    XCTAssertEqual(i[0].metaVigencia, i[1].metaVigencia)
    XCTAssertEqual(i[0].programacion[11], i[1].programacion[11])
  }

  func testNumerosComoTextoConSeparadoresColombianos() {
    let informe = validarLibro(
      Ejemplo.proyecto(
        presupuesto: [Ejemplo.presupuesto(apropiacion: "0", compromisos: "0", giros: "0")].map {
          var f = $0
          f["Apropiación vigente"] = V.t("$ 19.615.000.000")
          f["Compromisos acumulados"] = V.t("9.261.000.000,50")
          f["Giros acumulados"] = V.t("100")
          return f
        }))
    guard case .proyecto(let p)? = informe.contenido else {
      return XCTFail("\(informe.hallazgos.map(\.codigo))")
    }
    XCTAssertEqual(p.presupuesto[0].apropiacion, 19_615_000_000)
    XCTAssertEqual(p.presupuesto[0].compromisos, Decimal(string: "9261000000.5"))
    assertHallazgo(informe, .numeroComoTexto, contiene: ["coma decimal"])
  }

  func testTextoQueNoEsNumeroEsErrorEnLaCelda() {
    var fila = Ejemplo.indicador()
    fila["Meta vigencia"] = V.t("ciento veinte")
    assertHallazgo(
      validarLibro(Ejemplo.indicadores([fila])), .numeroInvalido, celda: "H2",
      contiene: ["ciento veinte"])
  }

  func testCeldaConErrorDeFormula() {
    var fila = Ejemplo.indicador()
    fila["Meta vigencia"] = Cell(column: 0, value: .error("#DIV/0!"), isFormula: true)
    assertHallazgo(
      validarLibro(Ejemplo.indicadores([fila])), .celdaConError, celda: "H2", contiene: ["#DIV/0!"])
  }

  func testFormulaSinValorCalculado() {
    var fila = Ejemplo.indicador()
    fila["Meta vigencia"] = Cell(column: 0, value: .notComputed, isFormula: true)
    assertHallazgo(validarLibro(Ejemplo.indicadores([fila])), .formulaSinCalcular, celda: "H2")
  }

  func testFechasSerialesTextoYSistema1904() {
    let iso = validarLibro(Ejemplo.riesgos([Ejemplo.riesgo(fecha: V.t("2021-02-28"))]))
    let texto = validarLibro(Ejemplo.riesgos([Ejemplo.riesgo(fecha: V.t("28/02/2021"))]))
    let libro = Ejemplo.riesgos([Ejemplo.riesgo(fecha: V.fecha(44255 - 1462))])
    libro.date1904 = true
    for informe in [iso, texto, validarLibro(libro)] {
      guard case .riesgos(let r)? = informe.contenido else { return XCTFail() }
      XCTAssertEqual(r[0].fechaMonitoreo, Fecha(iso: "2021-02-28"))
    }
    assertHallazgo(texto, .fechaComoTexto)
  }

  func testHojaDePlantillaOcultaSeLeeConAdvertencia() {
    let informe = validarLibro(Ejemplo.indicadores([Ejemplo.indicador()], visibilidad: .hidden))
    XCTAssertTrue(informe.aceptado)
    assertHallazgo(informe, .hojaOculta)
  }

  func testHojaRenombradaSeReconocePorSusEncabezados() {
    let informe = validarLibro(Ejemplo.indicadores([Ejemplo.indicador()], hoja: "Hoja1"))
    XCTAssertEqual(informe.plantilla, "indicadores")
    XCTAssertTrue(informe.aceptado)
  }

  func testLibroQueNoEsPlantillaDiceAQueSeParece() {
    let libro = LibroMemoria()
    libro.hoja("Proyecto", filas: Ejemplo.formulario())
    libro.hoja(
      "Metas", filas: Tabla(encabezados: Ejemplo.encabezadosMetas, filas: [Ejemplo.meta()]).rows())
    let informe = validarLibro(libro)
    assertHallazgo(
      informe, .plantillaNoReconocida, contiene: ["Proyecto de inversión", "«Presupuesto»"])
  }

  func testNumeroTextoColombiano() {
    func n(_ s: String) -> Decimal? { leerNumeroTexto(s)?.valor }
    XCTAssertEqual(n("19.615"), 19615)
    XCTAssertEqual(n("1.234.567,5"), Decimal(string: "1234567.5"))
    XCTAssertEqual(n("16,98"), Decimal(string: "16.98"))
    XCTAssertEqual(n("8.33"), Decimal(string: "8.33"))
    XCTAssertEqual(leerNumeroTexto("8.33")?.puntoDecimal, true)
    XCTAssertEqual(leerNumeroTexto("19.615")?.puntoDecimal, false)
    XCTAssertEqual(n("$ 1.000"), 1000)
    XCTAssertEqual(n("\u{00A0}12\u{00A0}"), 12)
    XCTAssertEqual(n("-3,5"), Decimal(string: "-3.5"))
    XCTAssertEqual(leerNumeroTexto("16,98 %")?.porcentaje, true)
    XCTAssertNil(n("1,2,3"))
    XCTAssertNil(n("abc"))
    XCTAssertNil(n("12 % más"))
    XCTAssertNil(n("1.2.3"))
  }

  func testEncabezadoNormalizado() {
    XCTAssertEqual(normalizar("  Código\n  PROYECTO "), "codigo proyecto")
    XCTAssertEqual(mesDeEncabezado("Prog. Enero", prefijos: ["Prog."]), 1)
    XCTAssertEqual(mesDeEncabezado("PROGRAMADO  diciembre", prefijos: ["Prog.", "Programado"]), 12)
    XCTAssertEqual(mesDeEncabezado("Prog septiembre", prefijos: ["Prog."]), 9)
    XCTAssertNil(mesDeEncabezado("Ejec. enero", prefijos: ["Prog."]))
  }

  /// A template with one sheet `Metas` (fields a, b) and these rules.
  private func plantilla(reglas: String) -> Data {
    Data(
      #"""
      {"id": "prueba", "componente": "proyectos", "titulo": "t", "identidad": [],
       "hojas": [
         {"nombre": "Proyecto", "tipo": "formulario", "campos": []},
         {"nombre": "Metas", "tipo": "tabla",
          "campos": [{"id": "a", "encabezado": "A", "tipo": "numero"},
                     {"id": "b", "encabezado": "B", "tipo": "numero"}],
          "reglas": [\#(reglas)]}]}
      """#.utf8)
  }

  private func errorAlLeer(_ reglas: String) -> ErrorEsquema? {
    do {
      _ = try Plantilla.leer(plantilla(reglas: reglas), archivo: "prueba.json")
      return nil
    } catch {
      return error as? ErrorEsquema
    }
  }

  func testEsquemaConReglaDesconocidaNoCarga() throws {
    let error = errorAlLeer(#"{"regla": "ejecucion-maxima", "total": 1}, {"regla": "inventada"}"#)
    XCTAssertEqual(error, .reglaDesconocida(plantilla: "prueba", regla: "inventada"))
    XCTAssertEqual(
      error.map(Mensajes.esquema),
      "La plantilla «prueba» usa la regla «inventada», que no existe.")
  }

  /// Each kind carries exactly its parameters: a missing one, one the kind
  /// does not read, two that exclude each other or a bad operator stop the
  /// load, naming the template, the sheet and the rule.
  func testReglaMalFormadaNoCarga() throws {
    func mal(_ tipo: TipoRegla, _ problema: ProblemaRegla) -> ErrorEsquema {
      .reglaMalFormada(plantilla: "prueba", hoja: "Metas", regla: tipo, problema: problema)
    }
    XCTAssertEqual(
      errorAlLeer(#"{"regla": "comparacion", "campo": "a"}"#), mal(.comparacion, .falta(["otro"])))
    XCTAssertEqual(
      errorAlLeer(#"{"regla": "comparacion", "campo": "a", "otro": "b", "operador": "=<"}"#),
      mal(.comparacion, .valorInvalido(parametro: "operador", valor: "=<")))
    XCTAssertEqual(
      errorAlLeer(#"{"regla": "programacion-total"}"#),
      mal(.programacionTotal, .falta(["meta", "total"])))
    XCTAssertEqual(
      errorAlLeer(#"{"regla": "programacion-total", "meta": "a", "total": 1}"#),
      mal(.programacionTotal, .excluyentes("meta", "total")))
    XCTAssertEqual(
      errorAlLeer(#"{"regla": "ejecucion-faltante", "total": 1}"#),
      mal(.ejecucionFaltante, .sobra("total")))
    XCTAssertEqual(
      errorAlLeer(#"{"regla": "implica", "si": {"campo": "a", "valor": "x"}}"#),
      mal(.implica, .falta(["entonces"])))
    XCTAssertEqual(
      errorAlLeer(#"{"regla": "unico", "campos": []}"#), mal(.unico, .falta(["campos"])))
    XCTAssertEqual(
      errorAlLeer(#"{"regla": "comparacion", "campo": "a"}"#).map(Mensajes.esquema),
      "La regla «comparacion» de la hoja Metas de la plantilla «prueba» necesita «otro».")
    XCTAssertNil(
      errorAlLeer(
        #"{"regla": "comparacion", "campo": "a", "otro": "b"}, {"regla": "unico", "campos": ["a"]}"#
      ))
  }

  /// The shipped templates decode, and encode back to rules that decode
  /// to the same values.
  func testReglasIdaYVuelta() throws {
    for plantilla in set.plantillas {
      for hoja in plantilla.hojas {
        let reglas = hoja.reglas ?? []
        let datos = try JSONEncoder().encode(reglas)
        XCTAssertEqual(try JSONDecoder().decode([Regla].self, from: datos), reglas, plantilla.id)
      }
    }
    let comparacion = try XCTUnwrap(
      set.plantillas.flatMap(\.hojas).flatMap { $0.reglas ?? [] }.first { $0.tipo == .comparacion })
    XCTAssertEqual(
      comparacion, .comparacion(campo: "compromisos", operador: .menorIgual, otro: "apropiacion"))
  }

  /// `plantilla.schema.json` offers editors exactly the kinds `pai` knows.
  func testTiposDeReglaDelEsquemaJSONSonLosDeSwift() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("schemas/plantilla.schema.json")
    let esquema = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let defs = try XCTUnwrap(esquema["$defs"] as? [String: Any])
    let regla = try XCTUnwrap(defs["regla"] as? [String: Any])
    let propiedades = try XCTUnwrap(regla["properties"] as? [String: Any])
    let tipo = try XCTUnwrap(propiedades["regla"] as? [String: Any])
    let nombres = try XCTUnwrap(tipo["enum"] as? [String])
    XCTAssertEqual(nombres, TipoRegla.allCases.map(\.rawValue))
    let operadores = try XCTUnwrap(
      (propiedades["operador"] as? [String: Any])?["enum"] as? [String])
    XCTAssertEqual(Set(operadores), Set(OperadorComparacion.allCases.map(\.rawValue)))
  }

  /// The keys a submission records from its rows (with their cells) are
  /// the keys the batch computes from its content: corrections and
  /// `codigo-duplicado` depend on both agreeing.
  func testIdentidadesDeLasFilasYDelContenidoCoinciden() throws {
    for libro in [
      Ejemplo.proyecto(), Ejemplo.indicadores([Ejemplo.indicador()]),
      Ejemplo.actividades([Ejemplo.actividad()]), Ejemplo.riesgos([Ejemplo.riesgo()]),
    ] {
      let informe = validarLibro(libro)
      let contenido = try XCTUnwrap(informe.contenido)
      XCTAssertEqual(informe.identidades.map(\.clave), identidades(contenido).map(\.clave))
      XCTAssertFalse(informe.identidades.isEmpty)
      XCTAssertNotNil(informe.identidades.first?.ubicacion.celda)
    }
  }
}

final class LimitesTests: XCTestCase {
  /// `pai.json` → `limites` reaches the reader: a 4-character cap turns a
  /// long header into `texto-demasiado-largo`, named in the finding.
  func testLosLimitesDePaiJsonLleganAlLector() throws {
    var set = try esquemas()
    XCTAssertEqual(set.limitesLectura.maxStringLength, 32_767)
    XCTAssertEqual(set.limitesLectura.maxPartBytes, 1 << 30)
    set.configuracion.limites = LimitesLectura(caracteresPorCelda: 4)
    let inbox = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(
        "inbox/oficina-tic/Indicadores TIC - marzo 2021.xlsx")
    let informe = validar(ruta: inbox.path, esquemas: set, corte: corte)
    XCTAssertEqual(informe.hallazgos.map(\.codigo), [.textoDemasiadoLargo])
  }
}
