import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import PAITestSupport
import Plan
import Plantillas
import Portal
import Reports
import Schema
import XCTest

/// A browser's share of a page session: its cookie and its forms' token.
struct Navegador {
  var sesion: String
  var csrf: String
  var direccion: String?

  var encabezados: HTTPFields {
    var h: HTTPFields = [.cookie: "pai_sesion=\(sesion)"]
    if let direccion { h[HTTPField.Name("X-Forwarded-For")!] = direccion }
    return h
  }
}

extension TestResponse {
  var texto: String { String(buffer: body) }

  /// The `Set-Cookie` line for a cookie, whole.
  func setCookie(_ nombre: String) -> String? {
    headers[values: .setCookie].first { $0.hasPrefix(nombre + "=") }
  }

  /// A cookie's value as set.
  func cookie(_ nombre: String) -> String? {
    setCookie(nombre).map { String($0.dropFirst(nombre.count + 1).prefix { $0 != ";" }) }
  }
}

/// The value of the first hidden field with this name in a page.
func oculto(_ html: String, _ nombre: String) -> String? {
  guard let r = html.range(of: "name=\"\(nombre)\" value=\"") else { return nil }
  return String(html[r.upperBound...].prefix { $0 != "\"" })
}

extension TestClientProtocol {
  /// Logs in through the form, as a browser does.
  ///
  /// - Returns: the answer to the POST, and the session when it opened.
  func entrar(clave: String, direccion: String? = nil) async throws -> (TestResponse, Navegador?) {
    var h: HTTPFields = [:]
    if let direccion { h[HTTPField.Name("X-Forwarded-For")!] = direccion }
    let formulario = try await execute(uri: "/entrar", method: .get, headers: h)
    let token = oculto(formulario.texto, "csrf") ?? ""
    h[.cookie] = "pai_entrada=\(formulario.cookie("pai_entrada") ?? "")"
    h[.contentType] = "application/x-www-form-urlencoded"
    let cuerpo =
      "csrf=\(token)&clave="
      + (clave.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    let r = try await execute(
      uri: "/entrar", method: .post, headers: h, body: ByteBuffer(string: cuerpo))
    guard let sesion = r.cookie("pai_sesion"), !sesion.isEmpty else { return (r, nil) }
    var nav = Navegador(sesion: sesion, csrf: "", direccion: direccion)
    let inicio = try await execute(uri: "/", method: .get, headers: nav.encabezados)
    nav.csrf = oculto(inicio.texto, "csrf") ?? ""
    return (r, nav)
  }

  /// A session opened with this key (the test fails without one).
  func sesion(_ clave: String) async throws -> Navegador {
    let (r, nav) = try await entrar(clave: clave)
    guard let nav else {
      XCTFail("no se abrió la sesión: \(r.status)")
      throw CancellationError()
    }
    return nav
  }

  func pagina(_ uri: String, _ nav: Navegador) async throws -> TestResponse {
    try await execute(uri: uri, method: .get, headers: nav.encabezados)
  }

  /// The upload form of the page, with several files.
  func enviarPorPagina(
    _ archivos: [(Data, String)], _ nav: Navegador, csrf: String?, campos: [(String, String)] = []
  ) async throws -> TestResponse {
    var f = Formulario()
    if let csrf { f.campo("csrf", csrf) }
    for (k, v) in campos { f.campo(k, v) }
    for (datos, nombre) in archivos { f.archivo(datos, nombre: nombre) }
    var h = nav.encabezados
    h[.contentType] = f.tipo
    return try await execute(uri: "/enviar", method: .post, headers: h, body: f.terminado())
  }

  func salir(_ nav: Navegador, csrf: String) async throws -> TestResponse {
    var h = nav.encabezados
    h[.contentType] = "application/x-www-form-urlencoded"
    return try await execute(
      uri: "/salir", method: .post, headers: h, body: ByteBuffer(string: "csrf=\(csrf)"))
  }
}

/// The pages of `pai servir`: sessions, CSRF, isolation, uploads and the
/// planning office's views, through the same router the server runs.
final class PaginasTests: XCTestCase {
  static let proyecto = ("alta-consejeria-tic", "PAI_proyecto_7869_corte_31-03-2021.xlsx")

  func testEntrarPoneUnaCookieDeSesionSegura() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    try await e.probar { client, m in
      let clave = try e.clave(m, dependencia: "oficina-tic")
      let (r, nav) = try await client.entrar(clave: clave)
      XCTAssertEqual(r.status, .seeOther)
      XCTAssertEqual(r.headers[.location], "/")
      let cookie = try XCTUnwrap(r.setCookie("pai_sesion"))
      for atributo in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        XCTAssertTrue(cookie.contains(atributo), "\(atributo) en \(cookie)")
      }
      XCTAssertFalse(cookie.contains("Secure"), "sin --confiar-proxy no hay TLS delante")
      let sesion = try XCTUnwrap(nav).sesion
      // Only a hash of the session token is kept.
      let ruta = e.outbox.appendingPathComponent("pai.sqlite")
      let bytes =
        try Data(contentsOf: ruta)
        + ((try? Data(contentsOf: URL(fileURLWithPath: ruta.path + "-wal"))) ?? Data())
      XCTAssertNil(bytes.range(of: Data(sesion.utf8)), "el token de sesión no está en el libro")
      XCTAssertNotNil(try m.libro.sesion(huella: LibroMayor.huella(clave: sesion)))

      let inicio = try await client.pagina("/", try XCTUnwrap(nav))
      XCTAssertEqual(inicio.status, .ok)
      XCTAssertTrue(inicio.texto.contains("Enviar libros"))
      XCTAssertTrue(
        inicio.texto.contains("enctype=\"multipart/form-data\""), "funciona sin JavaScript")
      XCTAssertEqual(inicio.headers[.cacheControl], "no-store")
      XCTAssertEqual(inicio.headers[.xContentTypeOptions], "nosniff")
      XCTAssertEqual(inicio.headers[HTTPField.Name("Referrer-Policy")!], "no-referrer")
      let csp = try XCTUnwrap(inicio.headers[.contentSecurityPolicy])
      XCTAssertTrue(csp.contains("script-src 'self'"), csp)
      XCTAssertFalse(csp.contains("unsafe-inline"), csp)
      XCTAssertFalse(inicio.texto.contains("<script>"), "ningún script en línea")
      XCTAssertFalse(inicio.texto.contains("style=\""), "ningún estilo en línea")

      // The script and the style sheet come from the binary.
      let js = try await client.execute(uri: "/estaticos/pai.js", method: .get)
      XCTAssertEqual(js.status, .ok)
      XCTAssertTrue(js.headers[.contentType]?.hasPrefix("text/javascript") ?? false)
      let css = try await client.execute(uri: "/estaticos/pai.css", method: .get)
      XCTAssertEqual(css.status, .ok)

      // A wrong key: 401, the form again in Spanish, no session.
      let (mala, sinSesion) = try await client.entrar(clave: "pai_no-es-una-clave")
      XCTAssertEqual(mala.status, .unauthorized)
      XCTAssertNil(sinSesion)
      XCTAssertTrue(mala.texto.contains("no es válida"), mala.texto)
      XCTAssertTrue(mala.texto.contains("name=\"clave\""))
      // Without a session the pages send to the login.
      let anonimo = try await client.execute(uri: "/", method: .get)
      XCTAssertEqual(anonimo.status, .seeOther)
      XCTAssertEqual(anonimo.headers[.location], "/entrar")
    }
  }

  func testDetrasDeTLSLaCookieEsSecure() async throws {
    let e = try Escenario(confiarProxy: true)
    defer { e.limpiar() }
    try await e.probar { client, m in
      let (r, _) = try await client.entrar(
        clave: try e.clave(m, dependencia: "oficina-tic"), direccion: "198.51.100.4")
      XCTAssertTrue(try XCTUnwrap(r.setCookie("pai_sesion")).contains("Secure"))
    }
  }

  func testSalirCierraLaSesion() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    try await e.probar { client, m in
      let nav = try await client.sesion(try e.clave(m, dependencia: "oficina-tic"))
      let r = try await client.salir(nav, csrf: nav.csrf)
      XCTAssertEqual(r.status, .seeOther)
      XCTAssertEqual(r.headers[.location], "/entrar")
      XCTAssertTrue(r.setCookie("pai_sesion")?.contains("Max-Age=0") ?? false)
      // The old cookie is worth nothing now, even if the browser kept it.
      let despues = try await client.pagina("/", nav)
      XCTAssertEqual(despues.status, .unauthorized)
      XCTAssertTrue(despues.texto.contains("Su sesión terminó"), despues.texto)
      XCTAssertNil(try m.libro.sesion(huella: LibroMayor.huella(clave: nav.sesion)))
    }
  }

  func testUnFormularioSinSuTokenEs403() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let ejemplo = try XCTUnwrap(Escenario.ejemplos().first { $0.carpeta == "oficina-tic" })
    try await e.probar { client, m in
      let nav = try await client.sesion(try e.clave(m, dependencia: "oficina-tic"))
      XCTAssertEqual(nav.csrf.count, 64)
      // Another token of the same form: its first digit changed.
      let otro = (nav.csrf.hasPrefix("0") ? "1" : "0") + nav.csrf.dropFirst()
      for csrf in [nil, "", otro] {
        let r = try await client.enviarPorPagina([(ejemplo.datos, ejemplo.nombre)], nav, csrf: csrf)
        XCTAssertEqual(r.status, .forbidden, "token \(csrf ?? "ausente")")
        XCTAssertTrue(r.texto.contains("código de seguridad"), r.texto)
        XCTAssertTrue(r.headers[.contentType]?.hasPrefix("text/html") ?? false)
      }
      XCTAssertEqual(Escenario.archivos(e.inbox), [], "nada queda de un formulario rechazado")
      XCTAssertTrue(try m.libro.cortes().isEmpty)
      // Logging out needs it too: the session stays open without it.
      let salir = try await client.salir(nav, csrf: "otro")
      XCTAssertEqual(salir.status, .forbidden)
      let sigue = try await client.pagina("/", nav)
      XCTAssertEqual(sigue.status, .ok)
      // The login form has its own (a cookie and the same value in the form).
      var h: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
      h[.cookie] = "pai_entrada=abc"
      let entrada = try await client.execute(
        uri: "/entrar", method: .post, headers: h, body: ByteBuffer(string: "csrf=abd&clave=x"))
      XCTAssertEqual(entrada.status, .forbidden)
      // With the token, the same upload goes through.
      let bien = try await client.enviarPorPagina(
        [(ejemplo.datos, ejemplo.nombre)], nav, csrf: nav.csrf)
      XCTAssertEqual(bien.status, .ok)
      XCTAssertTrue(bien.texto.contains("aceptado"))
    }
  }

  func testRevocarLaClaveTerminaSusSesiones() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    try await e.probar { client, m in
      let nav = try await client.sesion(try e.clave(m, dependencia: "oficina-tic"))
      let antes = try await client.pagina("/", nav)
      XCTAssertEqual(antes.status, .ok)
      // Revoked through another handle, as `pai acceso revocar` does.
      let otro = try LibroMayor(ruta: e.outbox.appendingPathComponent("pai.sqlite").path)
      XCTAssertEqual(try otro.revocar("oficina-tic").count, 1)
      let despues = try await client.pagina("/", nav)
      XCTAssertEqual(despues.status, .unauthorized)
      XCTAssertTrue(despues.setCookie("pai_sesion")?.contains("Max-Age=0") ?? false)
    }
  }

  /// Bad session cookies count toward the per-address limit, as bad keys.
  func testSesionesFalsasCuentanParaElLimite() async throws {
    let e = try Escenario(confiarProxy: true)
    defer { e.limpiar() }
    try await e.probar { client, m in
      let clave = try e.clave(m, dependencia: "oficina-tic")
      for i in 0..<20 {
        let r = try await client.pagina(
          "/", Navegador(sesion: "ses_falsa\(i)", csrf: "", direccion: "203.0.113.7"))
        XCTAssertEqual(r.status, .unauthorized, "intento \(i + 1)")
      }
      let (bloqueada, nav) = try await client.entrar(clave: clave, direccion: "203.0.113.7")
      XCTAssertEqual(bloqueada.status, .tooManyRequests)
      XCTAssertNil(nav)
      XCTAssertTrue(bloqueada.texto.contains("Demasiados intentos"))
      let (otra, _) = try await client.entrar(clave: clave, direccion: "203.0.113.8")
      XCTAssertEqual(otra.status, .seeOther)
    }
  }

  func testUnaDependenciaNoVeLoDeOtraEnLasPaginas() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let datos = try Escenario.ejemplo(Self.proyecto.0, Self.proyecto.1)
    try await e.probar { client, m in
      let a = try e.clave(m, dependencia: "alta-consejeria-tic")
      let deA = try await client.enviar(datos, nombre: Self.proyecto.1, clave: a)
      let idA = try XCTUnwrap(deA.json["id"] as? String)
      let navA = try await client.sesion(a)
      let navB = try await client.sesion(try e.clave(m, dependencia: "oficina-tic"))
      let propio = try await client.pagina("/envios/\(idA)", navA)
      XCTAssertEqual(propio.status, .ok)
      XCTAssertTrue(propio.texto.contains(Self.proyecto.1))
      for uri in ["/envios/\(idA)", "/envios/\(idA)/copia-anotada", "/envios/987654"] {
        let r = try await client.pagina(uri, navB)
        XCTAssertEqual(r.status, .notFound, uri)
        XCTAssertFalse(r.texto.contains(Self.proyecto.1), uri)
        // Still in the session: the bar says who, and offers «Salir».
        XCTAssertTrue(r.texto.contains("Dependencia: oficina-tic"), uri)
        XCTAssertTrue(r.texto.contains("action=\"/salir\""), uri)
      }
      // The corte's outputs are the planning office's.
      for uri in ["/informe", "/consolidado.xlsx", "/consolidado.json"] {
        let r = try await client.pagina(uri, navB)
        XCTAssertEqual(r.status, .notFound, uri)
      }
      let inicioB = try await client.pagina("/", navB)
      XCTAssertFalse(inicioB.texto.contains(Self.proyecto.1))
      XCTAssertFalse(inicioB.texto.contains("/envios/\(idA)\""))
    }
  }

  /// Two files in one form: each result at once, the rejected one with its
  /// finding's sheet!cell and message, and links to its copy and report;
  /// the other office's file is never named.
  func testEnviarPorLaPaginaMuestraCadaHallazgoConSuCelda() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let datos = try Escenario.ejemplo(Self.proyecto.0, Self.proyecto.1)
    let propio = try XCTUnwrap(Escenario.ejemplos().first { $0.carpeta == "oficina-tic" })
    try await e.probar { client, m in
      _ = try await client.enviar(
        datos, nombre: Self.proyecto.1, clave: try e.clave(m, dependencia: Self.proyecto.0))
      let clave = try e.clave(m, dependencia: "oficina-tic")
      let nav = try await client.sesion(clave)
      let r = try await client.enviarPorPagina(
        [
          (Soporte.conComentario(datos, "b"), "7869 O'Brien & Cía.xlsx"),
          (propio.datos, propio.nombre),
          (Data("a;b\n1;2\n".utf8), "notas.xlsx"),
        ], nav, csrf: nav.csrf)
      XCTAssertEqual(r.status, .ok)
      let html = r.texto
      XCTAssertTrue(html.contains("rechazado"))
      XCTAssertTrue(html.contains("aceptado"))
      XCTAssertTrue(html.contains(escapar(propio.nombre)))
      XCTAssertFalse(html.contains(Self.proyecto.1), "no nombra el archivo de otra dependencia")
      // The client's name survives the sanitising with `'` and `&`: escaped.
      XCTAssertTrue(html.contains("7869 O&#39;Brien &amp; Cía.xlsx"), "todo se escapa")
      XCTAssertFalse(html.contains("O'Brien & Cía"))
      // The finding as the API gives it: its sheet!cell and message are in the page.
      let lista = try await client.pedir("/api/v1/envios", clave: clave)
      let envios = try XCTUnwrap(lista.json["envios"] as? [[String: Any]])
      XCTAssertEqual(envios.count, 3)
      let rechazado = try XCTUnwrap(
        envios.first {
          $0["estado"] as? String == "rechazado" && $0["archivo"] as? String != "notas.xlsx"
        })
      // A file that is no workbook has no marked copy to offer.
      let texto = try XCTUnwrap(
        envios.first { $0["archivo"] as? String == "notas.xlsx" }?["id"] as? String)
      XCTAssertTrue(html.contains("href=\"/envios/\(texto)\""))
      XCTAssertFalse(html.contains("href=\"/envios/\(texto)/copia-anotada\""))
      let id = try XCTUnwrap(rechazado["id"] as? String)
      let hallazgo = try XCTUnwrap(
        (rechazado["hallazgos"] as? [[String: Any]])?.first {
          $0["codigo"] as? String == "codigo-duplicado"
        })
      let hoja = try XCTUnwrap(hallazgo["hoja"] as? String)
      let celda = try XCTUnwrap(hallazgo["celda"] as? String)
      XCTAssertTrue(
        html.contains("<code>\(escapar(hoja))!\(celda)</code>"), "\(hoja)!\(celda) en la tabla")
      let mensaje = try XCTUnwrap(hallazgo["mensaje"] as? String)
      XCTAssertTrue(
        html.contains(escapar(mensaje.prefix(1).uppercased() + mensaje.dropFirst())), mensaje)
      XCTAssertTrue(html.contains("href=\"/envios/\(id)/copia-anotada\""))
      XCTAssertTrue(html.contains("href=\"/envios/\(id)\""))
      // The corrected workbook goes from the same page.
      XCTAssertTrue(html.contains("Enviar el libro corregido"))
      XCTAssertTrue(html.contains("action=\"/enviar\""))
      let copia = try await client.pagina("/envios/\(id)/copia-anotada", nav)
      XCTAssertEqual(copia.status, .ok)
      XCTAssertEqual(Array(copia.body.readableBytesView.prefix(2)), [0x50, 0x4B])
      // Its history and what it still owes.
      let inicio = try await client.pagina("/", nav)
      XCTAssertTrue(inicio.texto.contains("href=\"/envios/\(id)\""))
      XCTAssertTrue(inicio.texto.contains("Lo que falta"))
      // Who sent what, from where: one line per file.
      let auditoria = try m.libro.auditoria().filter {
        $0.dependencia == "oficina-tic" && $0.accion == "envio"
      }
      XCTAssertEqual(auditoria.count, 3)
    }
  }

  func testLasPlantillasSonSoloLasDeLaDependencia() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let set = try SchemaSet.cargar(desde: e.esquemas)
    let catalogo = try CatalogoEntidad.cargar(desde: e.esquemas.path)
    let todas = PlanPlantillas.todas(
      esquemas: set, catalogo: catalogo, vigencia: 2021, corte: e.corte)
    func nombres(_ carpeta: String) -> Set<String> {
      Set(
        todas.filter { $0.contexto.carpeta == carpeta }.map {
          ($0.archivo as NSString).lastPathComponent
        })
    }
    let propias = nombres("oficina-tic")
    let ajenas = nombres(Self.proyecto.0).subtracting(propias)
    XCTAssertFalse(propias.isEmpty)
    XCTAssertFalse(ajenas.isEmpty)
    try await e.probar { client, m in
      let nav = try await client.sesion(try e.clave(m, dependencia: "oficina-tic"))
      let inicio = try await client.pagina("/", nav).texto
      var listadas = Set<String>()
      var resto = inicio[...]
      while let r = resto.range(of: "href=\"/plantillas/") {
        let n = resto[r.upperBound...].prefix { $0 != "\"" && $0 != "?" }
        listadas.insert(n.removingPercentEncoding ?? String(n))
        resto = resto[r.upperBound...]
      }
      XCTAssertEqual(listadas, propias)
      for n in propias {
        let r = try await client.pagina(
          "/plantillas/\(n.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? n)", nav
        )
        XCTAssertEqual(r.status, .ok, n)
        XCTAssertEqual(Array(r.body.readableBytesView.prefix(2)), [0x50, 0x4B], n)
        XCTAssertTrue(r.headers[.contentDisposition]?.contains(n) ?? false)
      }
      for n in ajenas {
        let r = try await client.pagina("/plantillas/\(n)", nav)
        XCTAssertEqual(r.status, .notFound, n)
      }
    }
  }

  /// After March is accepted, the office's 30 June template comes from
  /// the page already carrying its March indicators, as
  /// `pai plantilla --outbox` writes it.
  func testLaPlantillaDeJunioTraeLoAceptadoEnMarzo() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let nombre = "Indicadores TIC - marzo 2021.xlsx"
    let marzo = try Escenario.ejemplo("oficina-tic", nombre)
    try await e.probar { client, m in
      let clave = try e.clave(m, dependencia: "oficina-tic")
      let r = try await client.enviar(marzo, nombre: nombre, clave: clave)
      XCTAssertEqual(r.status, .created, r.texto)
      let nav = try await client.sesion(clave)
      let junio = try await client.pagina(
        "/plantillas/indicadores_gestion-de-tic.xlsx?corte=2021-06-30", nav)
      XCTAssertEqual(junio.status, .ok)
      let ruta = e.carpeta.appendingPathComponent("junio.xlsx").path
      XCTAssertTrue(
        FileManager.default.createFile(atPath: ruta, contents: Data(junio.body.readableBytesView)))
      let informe = validar(
        ruta: ruta, esquemas: try SchemaSet.cargar(desde: e.esquemas),
        corte: Fecha(iso: "2021-06-30"),
        anterior: try m.libro.corteAnterior(a: Fecha(iso: "2021-06-30")!))
      // Carried unchanged, it compares clean; April–June are still to report.
      XCTAssertFalse(informe.hallazgos.contains { $0.codigo == .cambioFrenteAlCorteAnterior })
      XCTAssertTrue(informe.hallazgos.contains { $0.codigo == .ejecucionFaltante })
      let marzoLeido = validar(
        ruta: Soporte.raiz.appendingPathComponent("inbox/oficina-tic/\(nombre)").path,
        esquemas: try SchemaSet.cargar(desde: e.esquemas), corte: e.corte)
      guard case .indicadores(let antes)? = marzoLeido.contenido else {
        return XCTFail("marzo sin contenido")
      }
      XCTAssertEqual(
        informe.identidades.count, antes.count,
        "cada indicador de marzo viene en la plantilla de junio")
    }
  }

  func testLasPaginasDePlaneacion() async throws {
    let e = try Escenario()
    defer { e.limpiar() }
    let datos = try Escenario.ejemplo(Self.proyecto.0, Self.proyecto.1)
    let otro = try XCTUnwrap(Escenario.ejemplos().first { $0.carpeta == "archivo-bogota" })
    try await e.probar { client, m in
      let deA = try await client.enviar(
        datos, nombre: Self.proyecto.1, clave: try e.clave(m, dependencia: Self.proyecto.0))
      let idA = try XCTUnwrap(deA.json["id"] as? String)
      let nav = try await client.sesion(try e.clave(m, dependencia: nil))
      // On an office's behalf, chosen in the form.
      let r = try await client.enviarPorPagina(
        [(otro.datos, otro.nombre)], nav, csrf: nav.csrf,
        campos: [("dependencia", "archivo-bogota")])
      XCTAssertEqual(r.status, .ok)
      XCTAssertTrue(r.texto.contains("aceptado"))
      XCTAssertTrue(
        FileManager.default.fileExists(
          atPath: e.outbox.appendingPathComponent(
            "2021-03-31/recibidos/archivo-bogota/\(otro.nombre)"
          ).path))

      let inicio = try await client.pagina("/", nav)
      XCTAssertEqual(inicio.status, .ok)
      let html = inicio.texto
      XCTAssertTrue(html.contains("Cifras parciales"), "la cobertura de todo el catálogo")
      XCTAssertTrue(html.contains(escapar(Self.proyecto.1)))
      XCTAssertTrue(html.contains(escapar(otro.nombre)))
      XCTAssertTrue(html.contains("href=\"/envios/\(idA)\""))
      XCTAssertTrue(html.contains("<select id=\"dependencia\" name=\"dependencia\">"))
      // Every office that owes something, with the e-mail to send it.
      XCTAssertTrue(html.contains("Correo para copiar"))
      XCTAssertTrue(html.contains("Asunto: PAI – reportes pendientes del corte 31/03/2021"))
      XCTAssertTrue(html.contains("indicadores del proceso"))
      XCTAssertEqual(inicio.headers[.cacheControl], "no-store")

      let detalle = try await client.pagina("/envios/\(idA)", nav)
      XCTAssertEqual(detalle.status, .ok)
      XCTAssertTrue(detalle.texto.contains(Self.proyecto.0))

      let informe = try await client.pagina("/informe", nav)
      XCTAssertEqual(informe.status, .ok)
      XCTAssertTrue(informe.headers[.contentType]?.hasPrefix("text/html") ?? false)
      XCTAssertTrue(informe.headers[.contentSecurityPolicy]?.contains("sandbox") ?? false)
      XCTAssertFalse(informe.headers[.contentSecurityPolicy]?.contains("script") ?? true)
      XCTAssertEqual(informe.headers[.cacheControl], "no-store")
      let xlsx = try await client.pagina("/consolidado.xlsx", nav)
      XCTAssertEqual(xlsx.status, .ok)
      XCTAssertEqual(Array(xlsx.body.readableBytesView.prefix(2)), [0x50, 0x4B])
      XCTAssertTrue(
        xlsx.headers[.contentDisposition]?.contains("consolidado-2021-03-31.xlsx") ?? false)
      let json = try await client.pagina("/consolidado.json", nav)
      XCTAssertEqual(json.status, .ok)
      let objeto =
        try JSONSerialization.jsonObject(with: Data(json.body.readableBytesView)) as? [String: Any]
      XCTAssertEqual((objeto?["cobertura"] as? [String: Any])?["aceptados"] as? Int, 2)

      // ?corte= as in the API: another corte has nothing; a bad one is 400.
      let otroCorte = try await client.pagina("/?corte=2021-06-30", nav)
      XCTAssertEqual(otroCorte.status, .ok)
      XCTAssertTrue(otroCorte.texto.contains("30/06/2021"))
      XCTAssertFalse(otroCorte.texto.contains(escapar(Self.proyecto.1)))
      let malo = try await client.pagina("/?corte=31-03-2021", nav)
      XCTAssertEqual(malo.status, .badRequest)
      XCTAssertTrue(malo.texto.contains("AAAA-MM-DD"))
      let sinInforme = try await client.pagina("/informe?corte=2021-06-30", nav)
      XCTAssertEqual(sinInforme.status, .notFound)
    }
  }
}

/// The page's escaping, as the test expects to find a text.
func escapar(_ s: String) -> String {
  s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    .replacingOccurrences(of: "'", with: "&#39;")
}
