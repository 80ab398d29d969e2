import Plan
import Reports
import Schema
import XCTest
import XLSX

/// One test per rule: a valid submission with one violation, checked by
/// code, cell and the Spanish message.
final class ReglasTests: XCTestCase {
  var set: SchemaSet!

  override func setUpWithError() throws { set = try esquemas() }

  func validarLibro(_ libro: LibroMemoria, corte: Fecha? = corte) -> InformeArchivo {
    validar(libro: libro, archivo: "envio.xlsx", esquemas: set, corte: corte)
  }

  // MARK: Valid submissions are accepted and normalised

  func testProyectoValidoSeAceptaYNormaliza() throws {
    let informe = validarLibro(Ejemplo.proyecto())
    XCTAssertEqual(informe.hallazgos.map(\.codigo), [])
    XCTAssertEqual(informe.plantilla, "proyecto")
    guard case .proyecto(let p)? = informe.contenido else { return XCTFail("sin contenido") }
    XCTAssertEqual(p.codigo, "7867")
    XCTAssertEqual(p.metas.first?.magnitud, 120)
    XCTAssertEqual(p.metas.first?.ejecucion[2], 10)
    XCTAssertNil(p.metas.first?.ejecucion[3])
    XCTAssertEqual(p.presupuesto.first?.apropiacion, 1_000_000)
    XCTAssertEqual(informe.corte, corte)
    XCTAssertEqual(informe.dependencia, "Oficina Consejería de Comunicaciones")
  }

  /// What `procesar` without `--corte` reads: the form alone, so a project
  /// whose other sheets are wrong still declares its corte.
  func testCorteDeclaradoSaleDelFormulario() {
    XCTAssertEqual(
      corteDeclarado(libro: Ejemplo.proyecto(), archivo: "p.xlsx", esquemas: set), corte)
    var programacion = doce(V.n("10"))
    programacion[11] = V.n("5")
    let conError = Ejemplo.proyecto(metas: [Ejemplo.meta(programacion: programacion)])
    XCTAssertFalse(validarLibro(conError).aceptado)
    XCTAssertEqual(corteDeclarado(libro: conError, archivo: "p.xlsx", esquemas: set), corte)
    XCTAssertNil(
      corteDeclarado(
        libro: Ejemplo.indicadores([Ejemplo.indicador()]), archivo: "i.xlsx", esquemas: set))
    XCTAssertNil(corteDeclarado(ruta: "/no/existe.xlsx", esquemas: set))
  }

  func testCadaPlantillaValidaSeAcepta() {
    XCTAssertTrue(validarLibro(Ejemplo.indicadores([Ejemplo.indicador()])).aceptado)
    XCTAssertTrue(validarLibro(Ejemplo.actividades([Ejemplo.actividad()])).aceptado)
    XCTAssertTrue(validarLibro(Ejemplo.riesgos([Ejemplo.riesgo()])).aceptado)
  }

  // MARK: Programming totals

  func testSumaDeProgramacionDistintaDeLaMagnitud() {
    var programacion = doce(V.n("10"))
    programacion[11] = V.n("5")  // 115 instead of 120
    let informe = validarLibro(Ejemplo.proyecto(metas: [Ejemplo.meta(programacion: programacion)]))
    XCTAssertFalse(informe.aceptado)
    assertHallazgo(
      informe, .sumaProgramacion, celda: "G4",
      contiene: ["Metas!G4", "suma 115", "«Magnitud vigencia» es 120", "ajuste la programación"])
  }

  func testSumaDentroDeLaToleranciaSeAcepta() {
    var programacion = doce(V.n("10"))
    programacion[11] = V.n("9.5")  // 119,5 vs 120: 0,42 %
    XCTAssertTrue(
      validarLibro(Ejemplo.proyecto(metas: [Ejemplo.meta(programacion: programacion)])).aceptado)
  }

  func testMetaConstanteUltimoMesDistinto() {
    let informe = validarLibro(
      Ejemplo.proyecto(metas: [
        Ejemplo.meta(
          anualizacion: "Constante", magnitud: "100", programacion: doce(V.n("90")),
          ejecucion: doce(V.n("90"), hasta: 3))
      ]))
    assertHallazgo(informe, .constanteDistinta, celda: "S4", contiene: ["diciembre", "90", "100"])
  }

  func testIndicadorConstanteCadaMesIgualALaMeta() {
    var programacion = doce(V.p("0.9"))
    programacion[1] = V.p("0.8")
    let informe = validarLibro(
      Ejemplo.indicadores([
        Ejemplo.indicador(
          anualizacion: "Constante", unidad: "Porcentaje", meta: V.p("0.9"),
          programacion: programacion, ejecucion: doce(V.p("0.9"), hasta: 3))
      ]))
    assertHallazgo(informe, .constanteDistinta, celda: "J2", contiene: ["febrero", "80 %", "90 %"])
  }

  func testIndicadorCrecienteQueBaja() {
    let programacion: [Cell?] =
      [V.n("10"), V.n("20"), V.n("15")] + (4...12).map { V.n(String($0 * 10)) }
    let informe = validarLibro(
      Ejemplo.indicadores([
        Ejemplo.indicador(anualizacion: "Creciente", meta: V.n("120"), programacion: programacion)
      ]))
    assertHallazgo(
      informe, .programacionNoCreciente, celda: "K2", contiene: ["marzo", "15", "febrero", "20"])
  }

  func testIndicadorCrecienteUltimoMesDistintoDeLaMeta() {
    let programacion: [Cell?] = (1...12).map { V.n(String($0 * 10)) }
    let informe = validarLibro(
      Ejemplo.indicadores([
        Ejemplo.indicador(anualizacion: "Creciente", meta: V.n("200"), programacion: programacion)
      ]))
    assertHallazgo(informe, .ultimoMesDistinto, celda: "T2", contiene: ["diciembre", "120", "200"])
  }

  func testIndicadorDecrecienteConMetaCeroEsProgramado() {
    // PLAN: a target of 0 is a real target for a Decreciente indicator.
    let informe = validarLibro(
      Ejemplo.indicadores([
        Ejemplo.indicador(
          periodicidad: "Trimestral", anualizacion: "Decreciente", meta: V.n("0"),
          programacion: [
            nil, nil, V.n("0"), nil, nil, V.n("0"), nil, nil, V.n("0"), nil, nil, V.n("0"),
          ],
          ejecucion: Array(repeating: nil, count: 12))
      ]))
    assertHallazgo(
      informe, .ejecucionFaltante, celda: "W2", contiene: ["marzo", "no tiene ejecución"])
  }

  func testActividadProgramacionNoSuma100() {
    let informe = validarLibro(
      Ejemplo.actividades([
        Ejemplo.actividad(
          programacion: [V.p("0.25"), nil, V.p("0.25"), nil, nil, V.p("0.25")]
            + Array(repeating: nil, count: 6))
      ]))
    assertHallazgo(informe, .sumaProgramacion, contiene: ["suma 75 %", "100 %"])
  }

  func testActividadEjecucionPasaDe100() {
    let informe = validarLibro(
      Ejemplo.actividades([
        Ejemplo.actividad(
          ejecucion: [V.p("0.6"), V.p("0.3"), V.p("0.25")] + Array(repeating: nil, count: 9))
      ]))
    assertHallazgo(informe, .ejecucionExcedeTotal, celda: "S2", contiene: ["115 %", "100 %"])
  }

  func testSinProgramacion() {
    let informe = validarLibro(
      Ejemplo.proyecto(metas: [
        Ejemplo.meta(programacion: doce(V.n("0")), ejecucion: doce(V.n("0"), hasta: 3))
      ]))
    assertHallazgo(informe, .sinProgramacion, celda: "G4")
  }

  // MARK: Execution and the corte

  func testEjecucionFaltanteEnMesProgramado() {
    var ejecucion = doce(V.n("10"), hasta: 3)
    ejecucion[1] = nil
    let informe = validarLibro(Ejemplo.proyecto(metas: [Ejemplo.meta(ejecucion: ejecucion)]))
    assertHallazgo(
      informe, .ejecucionFaltante, celda: "U4",
      contiene: ["Metas!U4", "febrero", "0 si no hubo avance"])
  }

  func testEjecucionDespuesDelCorte() {
    var ejecucion = doce(V.n("10"), hasta: 3)
    ejecucion[3] = V.n("4")
    let informe = validarLibro(Ejemplo.proyecto(metas: [Ejemplo.meta(ejecucion: ejecucion)]))
    assertHallazgo(
      informe, .ejecucionDespuesDelCorte, celda: "W4", contiene: ["abril", "31/03/2021"])
  }

  func testCerosDespuesDelCorteSonValidos() {
    XCTAssertTrue(
      validarLibro(
        Ejemplo.proyecto(metas: [
          Ejemplo.meta(
            ejecucion: doce(V.n("10"), hasta: 3).enumerated().map {
              $0.offset < 3 ? $0.element : V.n("0")
            })
        ])
      ).aceptado)
  }

  func testSinCorteNoSeRevisaLaEjecucion() {
    var ejecucion = doce(V.n("10"), hasta: 3)
    ejecucion[5] = V.n("4")
    XCTAssertTrue(
      validarLibro(Ejemplo.proyecto(metas: [Ejemplo.meta(ejecucion: ejecucion)]), corte: nil)
        .aceptado)
  }

  // MARK: Periodicity

  func testProgramacionFueraDeLaPeriodicidad() {
    let informe = validarLibro(
      Ejemplo.indicadores([
        Ejemplo.indicador(
          periodicidad: "Trimestral", meta: V.n("40"),
          programacion: [
            V.n("10"), nil, V.n("10"), nil, nil, V.n("10"), nil, nil, V.n("10"), nil, nil, nil,
          ],
          ejecucion: [nil, nil, V.n("10")] + Array(repeating: nil, count: 9))
      ]))
    assertHallazgo(
      informe, .programacionFueraDePeriodicidad, celda: "I2", contiene: ["enero", "Trimestral"])
  }

  func testEjecucionDeIndicadorFueraDeSuPeriodicidad() {
    let informe = validarLibro(
      Ejemplo.indicadores([
        Ejemplo.indicador(
          periodicidad: "Trimestral", meta: V.n("40"),
          programacion: [
            nil, nil, V.n("10"), nil, nil, V.n("10"), nil, nil, V.n("10"), nil, nil, V.n("10"),
          ],
          ejecucion: [nil, V.n("3"), V.n("10")] + Array(repeating: nil, count: 9))
      ]))
    assertHallazgo(informe, .ejecucionFueraDePeriodicidad, celda: "V2", contiene: ["febrero"])
  }

  func testEjecucionAdelantadaDeMetaEsValida() {
    // PLAN: execution in an unprogrammed month counts for metas.
    let informe = validarLibro(
      Ejemplo.proyecto(metas: [
        Ejemplo.meta(
          programacion: [nil, nil, V.n("60"), nil, nil, V.n("60")]
            + Array(repeating: nil, count: 6),
          ejecucion: [V.n("5"), V.n("0"), V.n("60")] + Array(repeating: nil, count: 9))
      ]))
    XCTAssertTrue(informe.aceptado, "\(informe.hallazgos.map(\.codigo))")
  }

  // MARK: Budget, risks, forms

  func testCompromisosMayoresQueLaApropiacion() {
    let informe = validarLibro(
      Ejemplo.proyecto(presupuesto: [
        Ejemplo.presupuesto(apropiacion: "1000", compromisos: "1200", giros: "0")
      ]))
    assertHallazgo(
      informe, .comparacionFallida, celda: "D2",
      contiene: ["«Compromisos acumulados» (1.200)", "«Apropiación vigente» (1.000)"])
  }

  func testGirosMayoresQueCompromisos() {
    let informe = validarLibro(
      Ejemplo.proyecto(presupuesto: [Ejemplo.presupuesto(compromisos: "400", giros: "500")]))
    assertHallazgo(informe, .comparacionFallida, celda: "E2")
  }

  func testCorrupcionDebeSerBimestral() {
    let informe = validarLibro(
      Ejemplo.riesgos([Ejemplo.riesgo(tipo: "Corrupción", periodicidad: "Cuatrimestral")]))
    assertHallazgo(
      informe, .valorIncompatible, celda: "F2",
      contiene: ["Corrupción", "Bimestral", "Cuatrimestral"])
  }

  func testGestionDebeSerCuatrimestral() {
    let informe = validarLibro(
      Ejemplo.riesgos([Ejemplo.riesgo(tipo: "Gestión", periodicidad: "Bimestral")]))
    assertHallazgo(informe, .valorIncompatible, celda: "F2")
  }

  func testMonitoreoPosteriorAlCorte() {
    let informe = validarLibro(Ejemplo.riesgos([Ejemplo.riesgo(fecha: V.t("30/04/2021"))]))
    assertHallazgo(
      informe, .fechaPosteriorAlCorte, celda: "G2", contiene: ["30/04/2021", "31/03/2021"])
  }

  func testAccionesEjecutadasMayoresQueProgramadas() {
    let informe = validarLibro(Ejemplo.riesgos([Ejemplo.riesgo(programadas: "2", ejecutadas: "3")]))
    assertHallazgo(informe, .comparacionFallida, celda: "I2")
  }

  func testCodigoDeMetasDistintoDelFormulario() {
    var meta = Ejemplo.meta()
    meta["Código proyecto"] = V.n("7868")
    let informe = validarLibro(Ejemplo.proyecto(metas: [meta]))
    assertHallazgo(informe, .distintoAlFormulario, celda: "A4", contiene: ["7868", "7867"])
  }

  func testVigenciaDistintaDelCorte() {
    let informe = validarLibro(
      Ejemplo.proyecto(formulario: Ejemplo.formulario(vigencia: V.n("2020"))))
    assertHallazgo(informe, .vigenciaDistinta, celda: "D7", contiene: ["2020", "2021"])
  }

  func testCorteDelFormularioDistintoDelDeLaCorrida() {
    let informe = validarLibro(
      Ejemplo.proyecto(formulario: Ejemplo.formulario(corte: V.t("28/02/2021"))))
    assertHallazgo(informe, .corteDistinto, celda: "D8", contiene: ["28/02/2021", "31/03/2021"])
  }

  func testCodigoDeProyectoConFormaInvalida() {
    let informe = validarLibro(
      Ejemplo.proyecto(formulario: Ejemplo.formulario(codigo: V.t("78A7"))))
    assertHallazgo(informe, .patronNoCoincide, celda: "D3", contiene: ["78A7"])
  }

  func testEtiquetaFaltanteEnFormulario() {
    let formulario = Ejemplo.formulario().filter { $0.index != 5 }  // no "Objetivo general"
    let informe = validarLibro(Ejemplo.proyecto(formulario: formulario))
    assertHallazgo(informe, .etiquetaFaltante, contiene: ["Objetivo general"])
  }

  // MARK: Identity and consistency

  func testMetaRepetida() {
    let informe = validarLibro(Ejemplo.proyecto(metas: [Ejemplo.meta(), Ejemplo.meta()]))
    assertHallazgo(informe, .identidadRepetida, celda: "B5", contiene: ["fila 4"])
  }

  func testCodigoDeIndicadorRepetidoEnElMismoLibro() {
    let informe = validarLibro(Ejemplo.indicadores([Ejemplo.indicador(), Ejemplo.indicador()]))
    assertHallazgo(informe, .identidadRepetida, celda: "A3")
  }

  func testDescripcionDeObjetivoDistintaEntreFilas() {
    var segunda = Ejemplo.meta(meta: 2)
    segunda["Descripción objetivo específico"] = V.t("Otro texto")
    let informe = validarLibro(Ejemplo.proyecto(metas: [Ejemplo.meta(), segunda]))
    assertHallazgo(informe, .textoDistintoEnGrupo, celda: "C5")
  }

  // MARK: Field constraints

  func testPlanQueNoEstaEnLaLista() {
    let informe = validarLibro(Ejemplo.actividades([Ejemplo.actividad(plan: "Plan de Vacaciones")]))
    assertHallazgo(
      informe, .valorNoPermitido, celda: "A2",
      contiene: ["Plan de Vacaciones", "Plan Anual de Adquisiciones"])
  }

  func testPorcentajeMensualFueraDeRango() {
    let informe = validarLibro(
      Ejemplo.actividades([
        Ejemplo.actividad(
          programacion: [V.p("1.2")] + Array(repeating: nil, count: 11),
          ejecucion: [V.p("0.5")] + Array(repeating: nil, count: 11))
      ]))
    assertHallazgo(informe, .porcentajeFueraDeRango, celda: "E2", contiene: ["120 %", "100 %"])
  }

  func testMagnitudCero() {
    let informe = validarLibro(Ejemplo.proyecto(metas: [Ejemplo.meta(magnitud: "0")]))
    assertHallazgo(informe, .valorFueraDeRango, celda: "G4", contiene: ["mayor que 0"])
  }

  func testObjetivoNoEntero() {
    var meta = Ejemplo.meta()
    meta["Objetivo específico"] = V.n("1.5")
    assertHallazgo(validarLibro(Ejemplo.proyecto(metas: [meta])), .enteroInvalido, celda: "B4")
  }

  func testAnualizacionNoPermitida() {
    let informe = validarLibro(Ejemplo.proyecto(metas: [Ejemplo.meta(anualizacion: "Creciente")]))
    assertHallazgo(informe, .valorNoPermitido, celda: "F4", contiene: ["«Suma»", "«Constante»"])
  }

  // MARK: One finding per mistake

  /// Every finding as `code Sheet!Cell`.
  private func donde(_ informe: InformeArchivo) -> [String] {
    informe.hallazgos.map { "\($0.codigo) \($0.ubicacion.referencia ?? "")" }
  }

  /// A valid goal (programmed 10 a month, executed Jan–Mar) whose month
  /// `mes` of programming, or of execution, holds `celda` instead.
  private func metaCon(_ celda: Cell, mes: Int, programacion: Bool) -> InformeArchivo {
    var prog = doce(V.n("10"))
    var ejec = doce(V.n("10"), hasta: 3)
    if programacion { prog[mes - 1] = celda } else { ejec[mes - 1] = celda }
    return validarLibro(
      Ejemplo.proyecto(metas: [Ejemplo.meta(programacion: prog, ejecucion: ejec)]))
  }

  func testTextoEnMesDeEjecucionDaUnSoloHallazgo() {
    let informe = metaCon(V.t("ochenta y siete"), mes: 2, programacion: false)
    // Not also «febrero … no tiene ejecución reportada».
    XCTAssertEqual(donde(informe), ["numero-invalido Metas!U4"])
    assertHallazgo(informe, .numeroInvalido, celda: "U4", contiene: ["ochenta y siete"])
  }

  func testTextoEnEjecucionDeActividadNoSumaNiFalta() {
    // The twelve execution months of an activity have a maximum sum.
    let informe = validarLibro(
      Ejemplo.actividades([
        Ejemplo.actividad(
          ejecucion: [V.t("veinte"), V.p("0.9"), V.p("0.25")] + Array(repeating: nil, count: 9))
      ]))
    XCTAssertEqual(donde(informe), ["numero-invalido Actividades!Q2"])
  }

  func testTextoEnMesDeProgramacionSoloDaElErrorDeLectura() {
    // The sum is unknown: no «suma 110», and March is not «unprogrammed».
    XCTAssertEqual(
      donde(metaCon(V.t("diez"), mes: 3, programacion: true)), ["numero-invalido Metas!J4"])
  }

  func testTextoEnElUltimoMesDeIndicadorCreciente() {
    // December unreadable: November is not «the last programmed month».
    var programacion: [Cell?] = (1...12).map { V.n(String($0 * 10)) }
    programacion[11] = V.t("ciento veinte")
    let informe = validarLibro(
      Ejemplo.indicadores([
        Ejemplo.indicador(anualizacion: "Creciente", meta: V.n("120"), programacion: programacion)
      ]))
    XCTAssertEqual(donde(informe), ["numero-invalido Indicadores!T2"])
  }

  func testValorNegativoFueraDeRangoSoloDaSuError() {
    XCTAssertEqual(
      donde(metaCon(V.n("-10"), mes: 1, programacion: true)), ["valor-fuera-de-rango Metas!H4"])
    XCTAssertEqual(
      donde(metaCon(V.n("-5"), mes: 1, programacion: false)), ["valor-fuera-de-rango Metas!T4"])
  }

  func testPorcentajeFueraDeRangoDespuesDelCorteSoloDaSuError() {
    // 150 % in May is out of range; it is not also «execution after the corte».
    var ejecucion: [Cell?] = [V.p("0.25"), nil, V.p("0.25")] + Array(repeating: nil, count: 9)
    ejecucion[4] = V.p("1.5")
    let informe = validarLibro(Ejemplo.actividades([Ejemplo.actividad(ejecucion: ejecucion)]))
    XCTAssertEqual(donde(informe), ["porcentaje-fuera-de-rango Actividades!U2"])
  }

  func testValorDeErrorEnMesDeEjecucion() {
    let division = Cell(column: 0, value: .error("#DIV/0!"), isFormula: true)
    XCTAssertEqual(
      donde(metaCon(division, mes: 3, programacion: false)), ["celda-con-error Metas!V4"])
    XCTAssertEqual(
      donde(metaCon(division, mes: 3, programacion: true)), ["celda-con-error Metas!J4"])
  }

  func testAnualizacionNoPermitidaNoSeRevisaComoSuma() {
    // «Creciente» is not a goal's annualization; read as Suma, 100 each
    // month would not add up to 100, a second report of the same cell.
    let informe = validarLibro(
      Ejemplo.proyecto(metas: [
        Ejemplo.meta(
          anualizacion: "Creciente", magnitud: "100", programacion: doce(V.n("100")),
          ejecucion: doce(V.n("100"), hasta: 3))
      ]))
    XCTAssertEqual(donde(informe), ["valor-no-permitido Metas!F4"])
  }

  func testMagnitudFueraDeRangoNoSeComparaConLaProgramacion() {
    XCTAssertEqual(
      donde(validarLibro(Ejemplo.proyecto(metas: [Ejemplo.meta(magnitud: "-120")]))),
      ["valor-fuera-de-rango Metas!G4"])
  }

  func testMetaVigenciaEnBlancoNoDaMasQueSuFalta() {
    var fila = Ejemplo.indicador(anualizacion: "Constante", meta: V.n("10"))
    fila["Meta vigencia"] = nil
    XCTAssertEqual(
      donde(validarLibro(Ejemplo.indicadores([fila]))), ["valor-faltante Indicadores!H2"])
  }

  func testCodigoMalEscritoEnElFormularioNoSeComparaConLasFilas() {
    // The form's code breaks its pattern; Metas and Presupuesto, which
    // carry the right one, are not «distinto al formulario» because of it.
    let informe = validarLibro(
      Ejemplo.proyecto(formulario: Ejemplo.formulario(codigo: V.t("78A7"))))
    XCTAssertEqual(donde(informe), ["patron-no-coincide Proyecto!D3"])
  }

  func testCompromisosIlegiblesNoSeComparan() {
    var fila = Ejemplo.presupuesto(compromisos: "400", giros: "500")
    fila["Compromisos acumulados"] = V.t("cuatrocientos")
    XCTAssertEqual(
      donde(validarLibro(Ejemplo.proyecto(presupuesto: [fila]))), ["numero-invalido Presupuesto!D2"]
    )
    // Giros > compromisos is still found when both are read.
    assertHallazgo(
      validarLibro(
        Ejemplo.proyecto(presupuesto: [Ejemplo.presupuesto(compromisos: "400", giros: "500")])),
      .comparacionFallida, celda: "E2")
  }

  func testEveryCodeHasSpanishWords() {
    for codigo in Catalogo.codigos {
      let texto = Catalogo.texto(Hallazgo(codigo, .error, Ubicacion(archivo: "a.xlsx")))
      XCTAssertFalse(texto.hasPrefix("hallazgo"), codigo.rawValue)
      XCTAssertGreaterThan(texto.count, 20, codigo.rawValue)
    }
  }
}
