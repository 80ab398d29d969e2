import Foundation
import Plan
import Schema
import XCTest

@testable import Reports

/// The charts: each is one balanced `<svg>` element that writes its figure
/// in es-CO, with C-syntax numbers in its attributes.
final class GraficosTests: XCTestCase {
  func testDonaEscribeElPorcentajeYLlenaLaParte() throws {
    let svg = Graficos.dona(Decimal(string: "0.1698")!)
    try assertSVGBienFormado(svg)
    XCTAssertTrue(svg.contains(">16,98 %</text>"), svg)
    XCTAssertTrue(svg.contains("stroke-dasharray=\"16.98 83.02\""), svg)
  }

  /// The attribute numbers are written by hand, not through `printf`:
  /// the same text as `%.2f` without trailing zeros, for every rounding.
  func testNumeroDeAtributoEsElDePrintfSinCerosFinales() {
    func printf(_ x: Double) -> String {
      let r = (x * 100).rounded() / 100
      if r == r.rounded() { return String(Int(r)) }
      var texto = String(format: "%.2f", r)
      while texto.hasSuffix("0") { texto.removeLast() }
      return texto
    }
    var generador = SystemRandomNumberGenerator()
    let fijos: [Double] = [
      0, -0.0, 1, -1, 0.5, -0.5, 0.05, -0.05, 1.005, 12.345, 99.995, 101.97, 1e9,
    ]
    let azar = (0..<5000).map { _ in Double.random(in: -2000...2000, using: &generador) }
    for x in fijos + azar { XCTAssertEqual(Graficos.n(x), printf(x), "\(x)") }
    XCTAssertEqual(Graficos.n(.infinity), "0")
    XCTAssertEqual(Graficos.n(.nan), "0")
  }

  func testDonaSobre100LlenaElAnilloYDiceElValor() throws {
    let svg = Graficos.dona(Decimal(string: "1.012")!)
    try assertSVGBienFormado(svg)
    XCTAssertTrue(svg.contains(">101,20 %</text>"), svg)
    XCTAssertTrue(svg.contains("stroke-dasharray=\"100 0\""), svg)
    XCTAssertTrue(svg.contains("g-excede"))
  }

  func testDonaNegativaNoDibujaArco() throws {
    let svg = Graficos.dona(Decimal(-0.2))
    try assertSVGBienFormado(svg)
    XCTAssertTrue(svg.contains("stroke-dasharray=\"0 100\""), svg)
  }

  func testBarraEscribeElPorcentajeJuntoALaBarra() throws {
    let svg = Graficos.barra(Decimal(string: "0.4721")!, ancho: 300, alto: 20)
    try assertSVGBienFormado(svg)
    XCTAssertTrue(svg.contains(">47,21 %</text>"), svg)
    // Track 300 − 84 = 216 px; 47,21 % of it is 101.97 px.
    XCTAssertTrue(svg.contains("width=\"101.97\""), svg)
    XCTAssertFalse(svg.contains("g-marca"), "sin marca del 100 % en escala 1")
  }

  func testBarraEnEscalaMayorMarcaEl100() throws {
    let escala = Decimal(string: "1.0928")!
    let svg = Graficos.barra(escala, escala: escala)
    try assertSVGBienFormado(svg)
    XCTAssertTrue(svg.contains(">109,28 %</text>"), svg)
    XCTAssertTrue(svg.contains("class=\"g-marca\""), svg)
    // The mark says what it marks, in a row above the bar: 20 + 13 high.
    XCTAssertTrue(svg.contains("class=\"g-marca-texto\""), svg)
    XCTAssertTrue(svg.contains(">100 %</text>"), svg)
    XCTAssertTrue(svg.contains("height=\"33\" viewBox=\"0 0 300 33\""), svg)
  }

  func testBarraNoPasaDeSuPista() throws {
    let svg = Graficos.barra(Decimal(3), ancho: 300, alto: 20)
    XCTAssertTrue(svg.contains(">300 %</text>"), svg)
    XCTAssertTrue(svg.contains("class=\"g-valor\" x=\"0\" y=\"3\" width=\"216\""), svg)
  }

  func testBarraApiladaEscribeCadaCantidad() throws {
    let svg = Graficos.barraApilada([
      .init(cantidad: 48, clase: "banda-desde100", color: "#1b7f3b"),
      .init(cantidad: 4, clase: "banda-de75a100", color: "#d99a00"),
      .init(cantidad: 0, clase: "banda-bajo75", color: "#b3261e"),
    ])
    try assertSVGBienFormado(svg)
    XCTAssertTrue(svg.contains(">48</text>"), svg)
    XCTAssertTrue(svg.contains(">4</text>"), svg)
    XCTAssertFalse(svg.contains("banda-bajo75"), "una banda vacía no se dibuja")
    XCTAssertTrue(svg.contains("aria-label=\"48 + 4\""), svg)
  }

  func testBarraApiladaEscribeArribaLaCantidadQueNoCabe() throws {
    let svg = Graficos.barraApilada(
      [
        .init(cantidad: 100, clase: "a", color: "#000"),
        .init(cantidad: 1, clase: "b", color: "#111"),
      ],
      ancho: 200, alto: 30)
    try assertSVGBienFormado(svg)
    XCTAssertTrue(svg.contains(">100</text>"), svg)
    XCTAssertTrue(svg.contains(">1</text>"), svg)
    XCTAssertTrue(svg.contains("g-dentro a"), svg)
    XCTAssertFalse(svg.contains("g-dentro b"), svg)
    XCTAssertTrue(svg.contains("height=\"52.5\""), "30 de barra + 22,5 de rótulos: \(svg)")
  }

  func testBarraApiladaSinRotulosArribaNoDejaEspacio() throws {
    let svg = Graficos.barraApilada(
      [
        .init(cantidad: 48, clase: "a", color: "#000"),
        .init(cantidad: 4, clase: "b", color: "#111"),
      ],
      ancho: 720, alto: 34)
    XCTAssertTrue(svg.hasPrefix("<svg class=\"grafico apilada\" width=\"720\" height=\"34\""), svg)
  }

  func testBarraApiladaVaciaDibujaSoloLaPista() throws {
    let svg = Graficos.barraApilada([.init(cantidad: 0, clase: "a", color: "#000")])
    try assertSVGBienFormado(svg)
    XCTAssertTrue(svg.contains("g-pista"))
    XCTAssertFalse(svg.contains("<text"))
  }

  func testLaClaseSeEscapa() throws {
    let svg = Graficos.barraApilada([.init(cantidad: 1, clase: "a\"<b>&", color: "#000")])
    try assertSVGBienFormado(svg)
    XCTAssertTrue(svg.contains("a&quot;&lt;b&gt;&amp;"), svg)
  }

  func testNingunGraficoNombraUnaDireccionWeb() {
    let todos = [
      Graficos.dona(1), Graficos.barra(1),
      Graficos.barraApilada([.init(cantidad: 1, clase: "a", color: "#000")]),
    ]
    for svg in todos { XCTAssertFalse(svg.contains("http"), svg) }
  }
}

/// The page from the example inbox holds every figure of the seed.
final class InformeHTMLTests: XCTestCase {
  static let raiz = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static var esquemas: URL { raiz.appendingPathComponent("schemas") }

  /// The seed's quarter measured from `inbox/`, as `pai procesar` does.
  static let medicion: Result<MedicionPAI, Error> = Result {
    guard let corte = Fecha(iso: "2021-03-31") else { throw CocinaError.corte }
    let set = try SchemaSet.cargar(desde: esquemas)
    let inbox = raiz.appendingPathComponent("inbox")
    let archivos = try archivosBajo(inbox)
    XCTAssertEqual(archivos.count, 22, "la bandeja de ejemplo tiene 22 libros")
    let envios = try archivos.map { url -> Envio in
      let informe = validar(ruta: url.path, esquemas: set, corte: corte)
      let atributos = try FileManager.default.attributesOfItem(atPath: url.path)
      return Envio(
        ruta: url.path, remitente: url.deletingLastPathComponent().lastPathComponent,
        modificado: (atributos[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0),
        sha256: url.path, informe: informe)
    }
    let lote = resolverLote(envios, corte: corte)
    XCTAssertEqual(lote.rechazados, 0, "la bandeja de ejemplo no tiene rechazos")
    let ciclo = set.cortesRiesgo(vigencia: corte.year).map { DiaDelAno(mes: $0.month, dia: $0.day) }
    return medir(lote.plan, configuracion: ConfiguracionMedicion(cortesRiesgo: ciclo))
  }

  enum CocinaError: Error { case corte }

  static func archivosBajo(_ carpeta: URL) throws -> [URL] {
    let fm = FileManager.default
    guard
      let e = fm.enumerator(
        at: carpeta, includingPropertiesForKeys: [.isRegularFileKey],
        options: [.skipsHiddenFiles])
    else { return [] }
    return e.compactMap { $0 as? URL }
      .filter { $0.pathExtension.lowercased() == "xlsx" && !$0.lastPathComponent.hasPrefix("~$") }
      .sorted { $0.path < $1.path }
  }

  static func pagina() throws -> String {
    let m = try medicion.get()
    let entidad = try Entidad.cargar(desde: esquemas.appendingPathComponent("entidad.json"))
    let plantilla = try String(
      contentsOf: esquemas.appendingPathComponent(InformeHTML.rutaPlantilla), encoding: .utf8)
    return try InformeHTML.generar(m, entidad: entidad, plantilla: plantilla)
  }

  static let html: Result<String, Error> = Result { try pagina() }

  /// The page's visible text: tags dropped, entities decoded, white space
  /// folded, so a figure split by markup or a line break still matches.
  static let texto: String = {
    guard let html = try? html.get() else { return "" }
    let sinEstilo = html.replacingOccurrences(
      of: "(?s)<style[^>]*>.*?</style>", with: " ", options: [.regularExpression])
    return texto(sinEstilo)
  }()

  func assertEnLaPagina(_ fragmento: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertTrue(
      Self.texto.contains(fragmento), "la página no dice «\(fragmento)»", file: file, line: line)
  }

  /// With `INFORME_HTML_SALIDA=/ruta/informe.html` set, the page is also
  /// written there, for `scripts/captura_informe.sh`.
  func testLaPaginaSeGenera() throws {
    let html = try Self.html.get()
    XCTAssertTrue(
      html.drop { $0.isWhitespace }.hasPrefix("<!DOCTYPE html>"),
      "el comentario de la plantilla no sale en la página: \(html.prefix(200))")
    XCTAssertTrue(html.hasSuffix("</html>\n"))
    if let ruta = ProcessInfo.processInfo.environment["INFORME_HTML_SALIDA"] {
      try Data(html.utf8).write(to: URL(fileURLWithPath: ruta))
    }
  }

  func testPortadaYEntidad() throws {
    assertEnLaPagina("Plan de Acción Institucional")
    assertEnLaPagina("Seguimiento a 31 de marzo 2021")
    assertEnLaPagina("Secretaría General de la Alcaldía Mayor de Bogotá")
    let entidad = try Entidad.cargar(desde: Self.esquemas)
    XCTAssertEqual(entidad.objetivosEstrategicos.count, 8)
    assertEnLaPagina(entidad.mision)
    assertEnLaPagina(entidad.vision)
    for (i, objetivo) in entidad.objetivosEstrategicos.enumerated() {
      assertEnLaPagina("Objetivo \(i + 1) \(objetivo)")
    }
  }

  func testAvanceDelPAIYMetodo() {
    XCTAssertTrue(Self.texto.contains("101,2 %") || Self.texto.contains("101,20 %"), "PAI 101,2 %")
    assertEnLaPagina("Avance al 31 de marzo de 2021 del Plan de Acción Institucional*")
    assertEnLaPagina(
      "La medición contempla los componentes de proyectos de inversión, indicadores de gestión "
        + "y plan de acción integrado.")
    assertEnLaPagina("promedio simple de cada componente")
    assertEnLaPagina("cuatro componentes")
    for valor in ["98,97 %", "109,28 %", "95,35 %"] { assertEnLaPagina(valor) }
  }

  /// Each project's general objective, specific objectives and budget, as
  /// the seed prints them.
  func testProyectosComoLaSemilla() throws {
    let html = try Self.html.get()
    let proyectos: [(String, [String])] = [
      (
        "7867",
        ["100 %", "16,98 %", "15 %", "18,96 %", "$19.615 millones", "$9.261 millones", "47,21 %"]
      ),
      (
        "7868",
        [
          "18,38 %", "18,17 %", "21,12 %", "12,50 %", "21,73 %", "$9.600 millones",
          "$6.580 millones", "68,54 %",
        ]
      ),
      ("7869", ["14,33 %", "13,67 %", "15 %", "$2.318 millones", "$1.362 millones", "58,75 %"]),
      ("7870", ["15,25 %", "15,50 %", "$4.234 millones", "$3.435 millones", "81,13 %"]),
      (
        "7871",
        [
          "93,13 %", "66,47 %", "97,32 %", "18,66 %", "87,85 %", "85,08 %", "94,22 %", "95,67 %",
          "$29.580 millones", "$11.745 millones", "39,70 %",
        ]
      ),
      (
        "7872", ["19,46 %", "18,50 %", "20,42 %", "$11.900 millones", "$7.138 millones", "59,98 %"]
      ),
      (
        "7873",
        [
          "99,67 %", "19,62 %", "99,33 %", "17,96 %", "21,28 %", "$11.806 millones",
          "$10.552 millones", "89,38 %",
        ]
      ),
    ]
    for (codigo, cifras) in proyectos {
      let seccion = try XCTUnwrap(Self.seccion(html, id: "proyecto-\(codigo)"), codigo)
      for cifra in cifras {
        XCTAssertTrue(seccion.contains(cifra), "\(codigo): falta \(cifra)")
      }
      XCTAssertTrue(seccion.contains("Objetivo general"), codigo)
      XCTAssertTrue(seccion.contains("Programación 2021"), codigo)
    }
    assertEnLaPagina("7867 Generación de los lineamientos de comunicación del Distrito")
  }

  func testIndicadoresComoLaSemilla() throws {
    let html = try Self.html.get()
    let seccion = Self.texto(try XCTUnwrap(Self.seccion(html, id: "indicadores")))
    for fragmento in [
      "57 indicadores programados para la vigencia 2021",
      "52 indicadores programados al periodo",
      "48 indicadores ≥ 100 %",
      "4 indicadores entre el 75 % y 99 %",
      "98,94 %: Índice de atención oportuna a los procesos precontractuales radicados en la "
        + "Dirección de Contratación. Asociado al proceso Contratación.",
      "92,31 %: Porcentaje de la estrategia anual para mejorar la oportunidad en la ejecución de "
        + "los recursos en la Secretaría General. Asociado al proceso Gestión financiera.",
      "84,26 %: Porcentaje de presupuesto comprometido de la Secretaría General. Asociado al "
        + "proceso Gestión financiera.",
      "75 %: Porcentaje de cumplimiento de las acciones de mejora de las auditorías internas",
      "no se incluyen 5 indicadores de gestión que tienen programación cuatrimestral, semestral y anual",
      "Informe del Estado de la Administración de la Gestión Documental en las Entidades del "
        + "Distrito Capital (EAGED) realizado",
      "Informe Semestral de la gestión efectuada en las asesorías técnicas y proyectos en materia TIC",
      "Porcentaje de avance en el cumplimiento de las auditorías internas de calidad",
      "Porcentaje de riesgos identificados, según las recomendaciones realizadas en los informes de "
        + "la Oficina de Control Interno",
      "Consulta ciudadana para identificar la demanda de acciones en pilares del Modelo de Gobierno "
        + "Abierto realizada",
    ] {
      XCTAssertTrue(seccion.contains(fragmento), "indicadores: falta «\(fragmento)»\n\(seccion)")
    }
    // The order of the seed: highest first.
    let orden = ["98,94 %", "92,31 %", "84,26 %", "75 %:"].compactMap {
      seccion.range(of: $0)?.lowerBound
    }
    XCTAssertEqual(orden.count, 4)
    XCTAssertEqual(orden, orden.sorted())
  }

  func testPlanIntegradoComoLaSemilla() throws {
    let html = try Self.html.get()
    let seccion = Self.texto(try XCTUnwrap(Self.seccion(html, id: "plan-integrado")))
    for fragmento in [
      "29 actividades programadas para la vigencia 2021",
      "26 actividades programadas para el primer trimestre",
      "95,35 % cumplimiento promedio de las actividades programadas al periodo",
      "79 %: Instaurar el área de PMO para la Gerencia de Proyectos dentro de la Oficina de "
        + "Tecnologías de la Información y las Comunicaciones.",
      "50 %: Formular el Programa de descripción normalizada.",
      "50 %: Elaborar la Tabla de Control de Acceso.",
      "Adoptar mejores prácticas para la gestión del cambio.",
      "Realizar los autodiagnósticos de las políticas de gestión y desempeño del Modelo Integrado "
        + "de Planeación y Gestión (MIPG) que cuentan con herramienta definida por la Función Pública.",
      "Realizar tres informes de seguimiento al Plan de ajuste y sostenibilidad del Modelo Integrado "
        + "de Planeación (MIPG) en la Secretaría General.",
      "18 planes institucionales y estratégicos",
    ] {
      XCTAssertTrue(seccion.contains(fragmento), "plan integrado: falta «\(fragmento)»\n\(seccion)")
    }
  }

  func testRiesgosDiceCuandoSeMiden() throws {
    let html = try Self.html.get()
    let seccion = Self.texto(try XCTUnwrap(Self.seccion(html, id: "riesgos")))
    XCTAssertTrue(
      seccion.contains("el seguimiento se realizará con corte a 30 de abril de 2021"), seccion)
    XCTAssertTrue(seccion.contains("R-TIC-01"), "los riesgos recibidos se listan: \(seccion)")
    assertEnLaPagina("próximo seguimiento con corte a 30 de abril de 2021")
  }

  /// The integrated plan's ring card holds the ring and its words, with
  /// no stray «=» before them.
  func testPlanIntegradoSinSignoIgualSuelto() throws {
    let html = try Self.html.get()
    let seccion = try XCTUnwrap(Self.seccion(html, id: "plan-integrado"))
    XCTAssertFalse(seccion.contains(">=<"), seccion)
    XCTAssertFalse(Self.texto(seccion).contains(" = "))
    XCTAssertTrue(seccion.contains("<div class=\"tarjeta con-dona\"><svg"), seccion)
  }

  /// R-TIC-01 materialised: its row is marked and says so in words.
  func testRiesgoMaterializadoResaltado() throws {
    let html = try Self.html.get()
    let seccion = try XCTUnwrap(Self.seccion(html, id: "riesgos"))
    let filas = seccion.components(separatedBy: "<tr").dropFirst()
    let marcadas = filas.filter { $0.hasPrefix(" class=\"materializado\"") }
    XCTAssertEqual(marcadas.count, 1)
    XCTAssertTrue(marcadas.first?.contains("<td>R-TIC-01</td>") ?? false)
    XCTAssertTrue(marcadas.first?.contains("<strong>Sí, se materializó</strong>") ?? false)
    XCTAssertTrue(html.contains(".riesgos-tabla tr.materializado td {"))
  }

  /// Printed pages carry their number in the page's bottom margin
  /// (Chromium draws `@page` margin boxes since version 131).
  func testNumeroDePaginaAlImprimir() throws {
    let html = try Self.html.get()
    XCTAssertTrue(
      html.contains("@bottom-right { content: \"Página \" counter(page) \" de \" counter(pages);"))
  }

  func testAutocontenidaSinScriptNiRed() throws {
    let html = try Self.html.get()
    XCTAssertFalse(html.lowercased().contains("<script"))
    XCTAssertFalse(html.contains("http://"))
    XCTAssertFalse(html.contains("https://"))
    XCTAssertFalse(html.contains("src="), "ni imágenes ni marcos externos")
    XCTAssertFalse(html.contains("<link"), "ni hojas de estilo externas")
    XCTAssertFalse(html.contains("@import"))
    XCTAssertFalse(html.contains("{{"), "no queda ninguna etiqueta Mustache sin procesar")
  }

  func testUnaPaginaPorSeccionAlImprimir() throws {
    let html = try Self.html.get()
    XCTAssertTrue(html.contains("@media print"))
    XCTAssertTrue(html.contains("break-after: page"))
    // Cover, frame, mission, objectives, PAI, method, projects overview,
    // 7 projects, indicators, integrated plan, risks, closing.
    XCTAssertEqual(html.components(separatedBy: "<section").count - 1, 18)
  }

  func testEtiquetasSVGEquilibradas() throws {
    let html = try Self.html.get()
    XCTAssertEqual(
      html.components(separatedBy: "<svg").count, html.components(separatedBy: "</svg>").count)
    XCTAssertEqual(
      html.components(separatedBy: "<section").count,
      html.components(separatedBy: "</section>").count)
  }

  /// At a risk corte with nothing else received: the PAI is the risk
  /// figure, the other blocks say nothing came, and risks show their counts.
  func testCorteDeRiesgosSoloConRiesgos() throws {
    let f = { (iso: String) throws -> Fecha in try XCTUnwrap(Fecha(iso: iso)) }
    let corte = try f("2021-04-30")
    let riesgos = [
      Riesgo(
        proceso: "Contratación", codigo: "R-1", tipo: .corrupcion, descripcion: "d", zona: .extrema,
        periodicidad: .bimestral, fechaMonitoreo: try f("2021-02-28"), accionesProgramadas: 2,
        accionesEjecutadas: 1, materializado: false),
      Riesgo(
        proceso: "Contratación", codigo: "R-1", tipo: .corrupcion, descripcion: "d", zona: .alta,
        periodicidad: .bimestral, fechaMonitoreo: try f("2021-04-30"), accionesProgramadas: 2,
        accionesEjecutadas: 2, materializado: true),
      Riesgo(
        proceso: "Gestión de TIC", codigo: "R-2", tipo: .gestion, descripcion: "d", zona: .baja,
        periodicidad: .cuatrimestral, fechaMonitoreo: try f("2021-04-30"), accionesProgramadas: 4,
        accionesEjecutadas: 3, materializado: false),
    ]
    let m = medir(PlanAccion(corte: Corte(corte), riesgos: riesgos))
    let entidad = try Entidad.cargar(desde: Self.esquemas)
    let plantilla = try String(
      contentsOf: Self.esquemas.appendingPathComponent(InformeHTML.rutaPlantilla), encoding: .utf8)
    let html = try InformeHTML.generar(m, entidad: entidad, plantilla: plantilla)
    let texto = Self.texto(html)
    Self.assertDice(
      texto,
      [
        "Seguimiento de riesgos a 30 de abril 2021",
        "Este es un corte de seguimiento de riesgos: solo se mide la gestión de riesgos.",
        "La cifra del PAI corresponde únicamente al componente de riesgos",
        "75 %",  // 6 of 8 actions: the PAI is the one measured component
        "Avance al 30 de abril de 2021 del Plan de Acción Institucional: solo gestión de riesgos",
        "La medición contempla el componente de gestión de riesgos.",
        "No se mide en este corte: es un corte de seguimiento de riesgos.",
        "acciones ejecutadas frente a las programadas (6 de 8)",
        "2 riesgos monitoreados",
        "1 riesgo materializado: R-1",
        "Baja 1 Moderada 0 Alta 1 Extrema 0",
        "Riesgos recibidos: 2 (3 monitoreos)",
      ])
    XCTAssertFalse(texto.contains("el seguimiento se realizará con corte"))
    // Not expected at a risk-only corte, and nothing came: no empty section.
    XCTAssertFalse(texto.contains("Seguimiento componente proyectos de inversión"), texto)
    XCTAssertFalse(texto.contains("Seguimiento componente indicadores de gestión"), texto)
    XCTAssertFalse(texto.contains("Cierre de la vigencia"))
  }

  /// At 31 December the page is the close of the vigencia: its title, the
  /// year's advance and the year's evolution (even with that corte alone);
  /// at a quarter none of those words.
  func testElCierreDeLaVigenciaSoloAl31DeDiciembre() throws {
    let entidad = try Entidad.cargar(desde: Self.esquemas)
    let plantilla = try String(
      contentsOf: Self.esquemas.appendingPathComponent(InformeHTML.rutaPlantilla), encoding: .utf8)
    func pagina(_ iso: String) throws -> String {
      let m = medir(PlanAccion(corte: Corte(try XCTUnwrap(Fecha(iso: iso)))))
      return try InformeHTML.generar(
        m, entidad: entidad, plantilla: plantilla,
        historial: [CorteHistorial(medicion: m, cobertura: nil)])
    }
    let diciembre = try pagina("2021-12-31")
    let texto = Self.texto(diciembre)
    Self.assertDice(
      texto,
      [
        "Cierre de la vigencia 2021",
        "Seguimiento a 31 de diciembre 2021: el avance del año y su evolución corte por corte.",
        "Avance del año 2021 del Plan de Acción Institucional, al cierre de la vigencia",
        "Avance del año 2021, corte por corte",
      ])
    XCTAssertTrue(
      diciembre.contains("<title>Plan de Acción Institucional — Cierre de la vigencia 2021 —"))
    XCTAssertTrue(
      diciembre.contains("<section id=\"evolucion\">"), "el cierre muestra la evolución del año")
    XCTAssertNotNil(Self.seccion(diciembre, id: "cierre")?.range(of: "Cierre de la vigencia 2021"))
    for iso in ["2021-03-31", "2021-06-30"] {
      let html = try pagina(iso)
      let t = Self.texto(html)
      XCTAssertFalse(t.contains("Cierre de la vigencia"), iso)
      XCTAssertFalse(t.contains("Avance del año"), iso)
      XCTAssertFalse(t.contains("seguimiento de riesgos"), iso)
      XCTAssertFalse(
        html.contains("<section id=\"evolucion\">"), "\(iso): un solo corte, sin evolución")
    }
    XCTAssertTrue(Self.texto(try pagina("2021-06-30")).contains("Seguimiento a 30 de junio 2021"))
    XCTAssertTrue(Self.texto(try Self.html.get()).contains("Seguimiento a 31 de marzo 2021"))
  }

  func testSinNingunEnvioLaPaginaDiceQueNoHayMedicion() throws {
    let corte = try XCTUnwrap(Fecha(iso: "2021-03-31"))
    let m = medir(PlanAccion(corte: Corte(corte)))
    let entidad = try Entidad.cargar(desde: Self.esquemas)
    let plantilla = try String(
      contentsOf: Self.esquemas.appendingPathComponent(InformeHTML.rutaPlantilla), encoding: .utf8)
    let texto = Self.texto(try InformeHTML.generar(m, entidad: entidad, plantilla: plantilla))
    XCTAssertTrue(texto.contains("Ningún componente tiene medición a este corte."), texto)
    XCTAssertTrue(texto.contains("0 indicadores programados para la vigencia 2021"), texto)
    XCTAssertFalse(texto.contains("La medición contempla"), "sin componentes medidos no hay nota")
  }

  func testElTextoDeLosDatosSeEscapa() throws {
    let m = try Self.medicion.get()
    let entidad = Entidad(
      nombre: "Entidad <b>&</b>", mision: "m", vision: "v", objetivosEstrategicos: [])
    let html = try InformeHTML.generar(
      m, entidad: entidad, plantilla: "<h1>{{entidad.nombre}}</h1>")
    XCTAssertEqual(html, "<h1>Entidad &lt;b&gt;&amp;&lt;/b&gt;</h1>")
  }

  func testPlantillaMalEscritaDiceDonde() throws {
    let m = try Self.medicion.get()
    let entidad = Entidad(nombre: "E", mision: "m", vision: "v", objetivosEstrategicos: [])
    XCTAssertThrowsError(
      try InformeHTML.generar(m, entidad: entidad, plantilla: "a\n{{#proyectos}}\n{{/pai}}")
    ) { error in
      guard case ErrorEsquema.archivoInvalido(let archivo, let detalle) = error else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(archivo, "informe.mustache")
      XCTAssertTrue(detalle.hasPrefix("línea 3"), detalle)
      XCTAssertTrue(detalle.contains("se cierra"), detalle)
    }
  }

  func testEntidadFaltanteOIncompleta() throws {
    let carpeta = FileManager.default.temporaryDirectory
      .appendingPathComponent("entidad-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: carpeta, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: carpeta) }
    XCTAssertThrowsError(try Entidad.cargar(desde: carpeta)) { error in
      guard case ErrorEsquema.archivoInvalido(let archivo, _) = error else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(archivo, "entidad.json")
    }
    let archivo = carpeta.appendingPathComponent("entidad.json")
    try Data(#"{"nombre": "X", "mision": "m", "vision": "v"}"#.utf8).write(to: archivo)
    XCTAssertThrowsError(try Entidad.cargar(desde: archivo)) { error in
      guard case ErrorEsquema.archivoInvalido(_, let detalle) = error else {
        return XCTFail("\(error)")
      }
      XCTAssertTrue(detalle.contains("objetivosEstrategicos"), detalle)
    }
  }

  // MARK: - Helpers

  /// Each fragment is in the page's text.
  static func assertDice(
    _ texto: String, _ fragmentos: [String], file: StaticString = #filePath, line: UInt = #line
  ) {
    for fragmento in fragmentos {
      XCTAssertTrue(
        texto.contains(fragmento), "falta «\(fragmento)»\n\(texto)", file: file, line: line)
    }
  }

  /// The markup of `<section id="…">` up to its closing tag.
  static func seccion(_ html: String, id: String) -> String? {
    guard let inicio = html.range(of: "id=\"\(id)\"") else { return nil }
    guard let fin = html.range(of: "</section>", range: inicio.upperBound..<html.endIndex) else {
      return nil
    }
    return String(html[inicio.lowerBound..<fin.upperBound])
  }

  /// Block tags part words; inline ones (`<strong>`, `<span>`) do not, so
  /// `<strong>79 %</strong>: …` reads `79 %: …` as on screen.
  static func texto(_ html: String) -> String {
    var s = html.replacingOccurrences(
      of: "</?(div|p|li|ul|ol|table|tr|td|th|h[1-6]|section|br|dl|dt|dd|svg|text)\\b[^>]*>",
      with: " ",
      options: [.regularExpression])
    s = s.replacingOccurrences(of: "<[^>]+>", with: "", options: [.regularExpression])
    for (e, c) in [("&quot;", "\""), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
      s = s.replacingOccurrences(of: e, with: c)
    }
    s = s.replacingOccurrences(of: "\u{00A0}", with: " ")
    return s.replacingOccurrences(of: "\\s+", with: " ", options: [.regularExpression])
  }
}

/// Checks that an SVG fragment is one element whose tags balance, with no
/// stray `<` or `&` in its text (no XML parser needed).
func assertSVGBienFormado(
  _ svg: String, file: StaticString = #filePath, line: UInt = #line
) throws {
  XCTAssertTrue(svg.hasPrefix("<svg "), "empieza con <svg", file: file, line: line)
  XCTAssertTrue(svg.hasSuffix("</svg>"), "termina con </svg>", file: file, line: line)
  var pila: [String] = []
  var resto = Substring(svg)
  while let abre = resto.firstIndex(of: "<") {
    let texto = resto[..<abre]
    XCTAssertFalse(texto.contains(">"), "«>» suelto en «\(texto)»", file: file, line: line)
    try assertEntidades(String(texto), file: file, line: line)
    guard let cierra = resto[abre...].firstIndex(of: ">") else {
      return XCTFail("etiqueta sin cerrar", file: file, line: line)
    }
    let etiqueta = resto[resto.index(after: abre)..<cierra]
    XCTAssertFalse(etiqueta.contains("<"), "«<» dentro de una etiqueta", file: file, line: line)
    let comillas = etiqueta.filter { $0 == "\"" }.count
    XCTAssertEqual(comillas % 2, 0, "comillas sin cerrar en <\(etiqueta)>", file: file, line: line)
    try assertEntidades(String(etiqueta), file: file, line: line)
    assertAtributosNumericos(String(etiqueta), file: file, line: line)
    if etiqueta.hasPrefix("/") {
      let nombre = String(etiqueta.dropFirst())
      XCTAssertEqual(
        pila.popLast(), nombre, "cierre </\(nombre)> sin su apertura", file: file, line: line)
    } else if !etiqueta.hasSuffix("/") {
      let nombre = String(etiqueta.prefix { !$0.isWhitespace })
      pila.append(nombre)
    }
    resto = resto[resto.index(after: cierra)...]
    if pila.isEmpty {
      XCTAssertTrue(resto.isEmpty, "texto tras </svg>", file: file, line: line)
    }
  }
  XCTAssertTrue(pila.isEmpty, "sin cerrar: \(pila)", file: file, line: line)
}

/// Every `&` starts one of the five XML entities or a numeric reference.
func assertEntidades(_ s: String, file: StaticString, line: UInt) throws {
  var resto = Substring(s)
  while let amp = resto.firstIndex(of: "&") {
    let despues = resto[amp...]
    let valida =
      ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains { despues.hasPrefix($0) }
      || despues.range(of: "^&#[0-9]+;", options: .regularExpression) != nil
    XCTAssertTrue(valida, "«&» sin escapar en «\(s)»", file: file, line: line)
    resto = resto[resto.index(after: amp)...]
  }
}

/// Geometry attributes use C syntax: a decimal point, never the es-CO comma
/// (only `aria-label` carries a formatted figure).
func assertAtributosNumericos(_ etiqueta: String, file: StaticString, line: UInt) {
  let patron = #"([A-Za-z-]+)="([^"]*)""#
  guard let re = try? NSRegularExpression(pattern: patron) else { return XCTFail("regex") }
  let ns = etiqueta as NSString
  for m in re.matches(in: etiqueta, range: NSRange(location: 0, length: ns.length)) {
    let nombre = ns.substring(with: m.range(at: 1))
    let valor = ns.substring(with: m.range(at: 2))
    guard nombre != "aria-label", nombre != "class" else { continue }
    XCTAssertFalse(valor.contains(","), "\(nombre)=\"\(valor)\" con coma", file: file, line: line)
  }
}
