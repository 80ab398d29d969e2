import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Plan
import Plantillas
import Reports
import Schema

/// The portal's pages, in Spanish, rendered on the server: logging in with
/// the key opens a session (a cookie; the ledger keeps a hash of its
/// token), every form carries the session's CSRF token, and every view
/// goes through the same `Vista` and the same reception as the JSON API.
struct Paginas: Sendable {
  let portal: Portal

  /// The session cookie, and the one that guards the login form before
  /// there is a session (double submit).
  static let cookieSesion = "pai_sesion"
  static let cookieEntrada = "pai_entrada"
  /// Files one page form may carry.
  static let maximoArchivos = 20

  var libro: LibroMayor { portal.mostrador.libro }

  func rutas(_ router: Router<ContextoPortal>) {
    router.get("estaticos/:archivo") { _, context in
      try Estaticos.respuesta(context.parameters.get("archivo") ?? "")
    }
    router.get("entrar") { request, context in try await self.formularioEntrada(request, context) }
    router.post("entrar") { request, context in try await self.entrar(request, context) }
    let privado = router.group().add(middleware: SesionPagina(portal: portal))
    privado.get("/") { request, context in try await self.inicio(request, context) }
    privado.post("salir") { request, context in try await self.salir(request, context) }
    privado.post("enviar") { request, context in try await self.enviar(request, context) }
    privado.get("envios/:id") { request, context in try await self.envio(request, context) }
    privado.get("envios/:id/copia-anotada") { request, context in
      try await self.portal.copia(request, context)
    }
    privado.get("plantillas/:archivo") { request, context in
      try await self.plantilla(request, context)
    }
    privado.get("informe") { request, context in
      try await self.salida(
        request, context, "informe.html", tipo: "text/html; charset=utf-8", descargar: false)
    }
    privado.get("consolidado.xlsx") { request, context in
      try await self.salida(
        request, context, "consolidado.xlsx", tipo: Html.tipoXLSX, descargar: true)
    }
    privado.get("consolidado.json") { request, context in
      try await self.salida(
        request, context, "consolidado.json", tipo: "application/json; charset=utf-8",
        descargar: true)
    }
  }

  // MARK: - Cookies and forms

  func cookie(_ nombre: String, _ valor: String, maxAge: Int? = nil) -> Cookie {
    Cookie(
      name: nombre, value: valor, maxAge: maxAge, path: "/", secure: portal.opciones.confiarProxy,
      httpOnly: true,
      sameSite: .strict)
  }

  /// Compares two tokens in time that does not depend on where they differ.
  static func iguales(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count, !x.isEmpty else { return false }
    var d: UInt8 = 0
    for i in x.indices { d |= x[i] ^ y[i] }
    return d == 0
  }

  /// An `application/x-www-form-urlencoded` body (small: a key, a token).
  static func campos(_ request: Request) async throws -> [String: String] {
    var r = request
    let cuerpo: ByteBuffer
    do {
      cuerpo = try await r.collectBody(upTo: 16 << 10)
    } catch {
      throw ErrorPortal.formularioInvalido
    }
    var out: [String: String] = [:]
    for par in String(buffer: cuerpo).split(separator: "&") {
      let partes = par.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func texto(_ s: Substring) -> String {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
      }
      guard let k = partes.first else { continue }
      out[texto(k)] = partes.count > 1 ? texto(partes[1]) : ""
    }
    return out
  }

  /// The session of a page behind `SesionPagina`.
  func sesion(_ context: ContextoPortal) throws -> SesionWeb {
    guard let s = context.quien.sesion else { throw ErrorPortal.sesionInvalida }
    return s
  }

  /// The form's token against the session's.
  static func verificar(_ token: String?, _ s: SesionWeb) throws {
    guard let token, iguales(token, s.csrf) else { throw ErrorPortal.formularioVencido }
  }

  /// `?corte=…` to carry on links, when the page was asked with one.
  static func sufijo(_ request: Request) -> String {
    guard let c = request.uri.queryParameters.get("corte"), let f = Fecha(iso: c) else { return "" }
    return "?corte=" + f.iso
  }

  // MARK: - Logging in and out

  func formularioEntrada(_ request: Request, _ context: ContextoPortal) async throws -> Response {
    if let t = request.cookies[Paginas.cookieSesion]?.value, !t.isEmpty,
      try libro.sesion(huella: LibroMayor.huella(clave: t)) != nil
    {
      return Html.redirigir("/")
    }
    return entrada(mensaje: nil, estado: .ok)
  }

  /// The login page, with a fresh token for its form.
  func entrada(mensaje: String?, estado: HTTPResponse.Status) -> Response {
    let token =
      String(UUID().uuidString.filter(\.isHexDigit))
      + String(UUID().uuidString.filter(\.isHexDigit))
    var aviso = ""
    if let mensaje { aviso = "<p class=\"aviso error\" role=\"alert\">\(Html.e(mensaje))</p>" }
    let cuerpo = """
      \(aviso)
      <section>
      <p>Escriba la clave de acceso que la Oficina de Planeación le entregó para su dependencia. No la comparta.</p>
      <form method="post" action="/entrar">
      <input type="hidden" name="csrf" value="\(Html.e(token))">
      <p><label for="clave">Clave de acceso</label><br>
      <input id="clave" type="password" name="clave" autocomplete="current-password" required size="50"></p>
      <p><button type="submit">Entrar</button></p>
      </form>
      </section>
      """
    var r = Html.pagina("Entrar al portal", cuerpo, estado: estado)
    r.setCookie(cookie(Paginas.cookieEntrada, token))
    return r
  }

  func entrar(_ request: Request, _ context: ContextoPortal) async throws -> Response {
    let direccion = portal.direccion(request, context)
    try await portal.comprobarEspera(direccion)
    let campos = try await Paginas.campos(request)
    guard let esperado = request.cookies[Paginas.cookieEntrada]?.value,
      Paginas.iguales(esperado, campos["csrf"] ?? "")
    else { throw ErrorPortal.formularioVencido }
    let clave = (campos["clave"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    guard !clave.isEmpty, let acceso = try libro.acceso(huella: LibroMayor.huella(clave: clave))
    else {
      await portal.limitador.fallo(direccion)
      try? libro.registrar(
        Auditoria(
          accesoId: nil, dependencia: nil, accion: "entrada-fallida", direccion: direccion,
          estadoHTTP: 401,
          solicitud: context.id))
      throw ErrorPortal.claveInvalida
    }
    context.quien.acceso = acceso
    let (_, token) = try libro.abrirSesion(acceso: acceso, duracion: portal.opciones.duracionSesion)
    try? libro.registrar(
      Auditoria(
        accesoId: acceso.id, dependencia: acceso.carpeta, accion: "entrada", direccion: direccion,
        estadoHTTP: 303,
        solicitud: context.id))
    var r = Html.redirigir("/")
    r.setCookie(cookie(Paginas.cookieSesion, token))
    r.setCookie(cookie(Paginas.cookieEntrada, "", maxAge: 0))
    return r
  }

  func salir(_ request: Request, _ context: ContextoPortal) async throws -> Response {
    let s = try sesion(context)
    try Paginas.verificar(try await Paginas.campos(request)["csrf"], s)
    if let t = request.cookies[Paginas.cookieSesion]?.value {
      try libro.cerrarSesion(huella: LibroMayor.huella(clave: t))
    }
    var r = Html.redirigir("/entrar")
    r.setCookie(cookie(Paginas.cookieSesion, "", maxAge: 0))
    return r
  }

  // MARK: - Pages

  func inicio(_ request: Request, _ context: ContextoPortal) async throws -> Response {
    let s = try sesion(context)
    let vista = try portal.vista(context)
    let sufijo = Paginas.sufijo(request)
    let corte = try portal.corte(request)
    let r = try corte.map { try CorteResuelto.calcular(libro, corte: $0) }
    let estado = r.flatMap {
      vista.estadoVisible(
        $0, cortesRiesgo: portal.mostrador.esquemas.cortesRiesgo(vigencia: $0.corte.year))
    }
    var cuerpo = ""
    if let corte {
      cuerpo += "<p>Corte: <strong>\(Html.e(Formato.fecha(corte)))</strong>.</p>"
    } else {
      cuerpo += "<p>Todavía no hay ningún corte: el primer envío lo abre.</p>"
    }
    let cortes = try libro.cortes()
    if cortes.count > 1 {
      cuerpo +=
        "<p class=\"cortes\">Otros cortes: "
        + cortes.reversed().map { "<a href=\"/?corte=\($0.iso)\">\(Html.e(Formato.fecha($0)))</a>" }
        .joined(separator: " ")
        + "</p>"
    }
    let dependencias = (vista.catalogo?.dependencias ?? []).map { ($0.carpeta, $0.nombre) }
    let formulario = Html.formularioEnvio(s, dependencias: dependencias)
    let detalles = r.map(vista.detalles) ?? []
    if s.acceso.tipo == .planeacion {
      cuerpo += planeacion(estado, detalles, corte: corte, sufijo: sufijo, formulario: formulario)
      return Html.pagina("Seguimiento del corte", cuerpo, sesion: s)
    }
    cuerpo += "<section><h2>Enviar libros</h2>\(formulario)</section>"
    cuerpo += "<section><h2>Lo que falta</h2>"
    if let estado {
      let c = estado.cobertura
      cuerpo +=
        "<p>De su dependencia se esperan \(Html.e(Html.cuenta(c.esperados, "reporte", "reportes"))) en este corte; "
        + "\(Html.e(Html.cuenta(c.aceptados, "está aceptado", "están aceptados"))).</p>"
      cuerpo += Html.pendientes(estado.pendientes)
    } else {
      cuerpo += "<p>No se sabe qué falta: no hay catálogo o todavía no hay corte.</p>"
    }
    cuerpo += "</section><section><h2>Sus envíos del corte</h2>"
    cuerpo += Html.historial(detalles, sufijo: sufijo, conDependencia: false) + "</section>"
    let plantillas = try plantillasPropias(s.acceso, vista: vista, corte: corte, arrastrar: false)
    cuerpo += "<section><h2>Plantillas de su dependencia</h2>"
    if plantillas.isEmpty {
      cuerpo += "<p>El catálogo no tiene plantillas a nombre de su dependencia.</p>"
    } else {
      cuerpo +=
        "<ul>"
        + plantillas.map {
          let n = ($0.archivo as NSString).lastPathComponent
          return
            "<li><a href=\"/plantillas/\(Html.e(Paginas.ruta(n)))\(sufijo)\">\(Html.e(n))</a> — \(Html.e($0.plantilla.titulo))</li>"
        }.joined() + "</ul>"
    }
    cuerpo += "</section>"
    let nombre = vista.catalogo?.dependencias.first { $0.carpeta == s.acceso.carpeta }?.nombre
    return Html.pagina(nombre ?? s.acceso.carpeta ?? "Su dependencia", cuerpo, sesion: s)
  }

  /// A file name as one path segment of a link.
  static func ruta(_ nombre: String) -> String {
    nombre.addingPercentEncoding(
      withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
      ?? nombre
  }

  /// The planning office's page: every office's state, what is pending
  /// with the e-mail to send, the corte's outputs, every submission.
  func planeacion(
    _ estado: EstadoVisible?, _ detalles: [DetalleEnvio], corte: Fecha?, sufijo: String,
    formulario: String
  ) -> String {
    var out = ""
    if let estado {
      out += "<p class=\"aviso\">\(Html.e(EstadoTexto.coberturaTexto(estado.cobertura)))</p>"
    }
    if corte != nil {
      out += """
        <section><h2>Salidas del corte</h2><ul>
        <li><a href="/informe\(sufijo)">Informe trimestral (informe.html)</a></li>
        <li><a href="/consolidado.xlsx\(sufijo)">Descargar consolidado.xlsx</a></li>
        <li><a href="/consolidado.json\(sufijo)">Descargar consolidado.json</a></li>
        </ul></section>
        """
    }
    out += "<section><h2>Enviar a nombre de una dependencia</h2>\(formulario)</section>"
    if let estado {
      out +=
        "<section><h2>Estado por dependencia</h2>"
        + estadoPorDependencia(estado.estado, detalles, sufijo: sufijo)
      out += "</section><section><h2>Pendientes</h2>"
      if estado.pendientes.isEmpty {
        out += Html.pendientes([])
      } else if let corte {
        var porDependencia: [(String, [Pendiente])] = []
        for p in estado.pendientes {
          if porDependencia.last?.0 == p.carpeta {
            porDependencia[porDependencia.count - 1].1.append(p)
          } else {
            porDependencia.append((p.carpeta, [p]))
          }
        }
        for (carpeta, lista) in porDependencia {
          let nombre = lista.first?.dependencia ?? carpeta
          out +=
            "<h3>\(Html.e(nombre)) <small>(\(Html.e(carpeta)))</small></h3>"
            + Html.pendientes(lista)
          out +=
            "<p><label for=\"correo-\(Html.e(carpeta))\">Correo para copiar:</label></p>"
            + "<textarea id=\"correo-\(Html.e(carpeta))\" readonly>\(Html.e(Html.correo(dependencia: nombre, lista, corte: corte)))</textarea>"
        }
      }
      out += "</section>"
    }
    out += "<section><h2>Todos los envíos del corte</h2>"
    out += Html.historial(detalles, sufijo: sufijo, conDependencia: true) + "</section>"
    return out
  }

  /// `pai estado` as a table: per office and component, what arrived and
  /// its fate, and what is missing.
  func estadoPorDependencia(_ e: EstadoCorte, _ detalles: [DetalleEnvio], sufijo: String) -> String
  {
    var ids: [String: Int64] = [:]
    for d in detalles { ids[d.dependencia + "/" + d.archivo] = d.id }
    var filas: [[String]] = []
    for d in e.dependencias {
      let nombre = Html.e(d.nombre ?? "\(d.carpeta) (no está en el catálogo)")
      for c in d.componentes {
        let componente = Html.e(EstadoTexto.nombre(c.componente))
        for r in c.recibidos {
          var archivo = Html.e(r.archivo)
          if let id = ids[d.carpeta + "/" + r.archivo] {
            archivo = "<a href=\"/envios/\(id)\(sufijo)\">\(archivo)</a>"
          }
          // The badge says the state; the words only what it does not.
          var lineas: [String] = []
          let texto = EstadoTexto.situacion(r)
          if texto != r.situacion.rawValue { lineas.append(Html.e(texto)) }
          if let h = r.primerError { lineas.append(Html.e(Catalogo.mensaje(h))) }
          for h in r.avisos { lineas.append("⚠ " + Html.e(Catalogo.mensaje(h))) }
          let situacion = lineas.joined(separator: "<br>")
          filas.append([
            nombre, componente, archivo, Html.marca(r.situacion.rawValue) + " " + situacion,
          ])
        }
        for p in c.faltantes {
          filas.append([nombre, componente, "<em>falta</em>", Html.e(Html.pendiente(p))])
        }
      }
    }
    guard !filas.isEmpty else { return "<p>Nada recibido ni esperado en este corte.</p>" }
    return Html.tabla(["Dependencia", "Componente", "Archivo", "Situación"], filas)
  }

  /// The results of an upload form, each at once.
  func enviar(_ request: Request, _ context: ContextoPortal) async throws -> Response {
    let s = try sesion(context)
    let recibidos = try await portal.recibirFormulario(
      request, context, maximo: Paginas.maximoArchivos
    ) {
      try Paginas.verificar($0.campos["csrf"], s)
    }
    let vista = try portal.vista(context)
    var cuerpo = ""
    var rechazos = false
    for r in recibidos {
      switch r.resultado {
      case .success(let x):
        if let d = vista.detalle(x.id, x.resuelto) {
          if d.estado == "rechazado" { rechazos = true }
          cuerpo += Html.envio(
            d, sufijo: "", conDependencia: s.acceso.tipo == .planeacion, enlaceInforme: true)
        }
      case .failure(let e):
        rechazos = true
        cuerpo +=
          "<section class=\"envio\"><h2>\(Html.e(r.nombre)) \(Html.marca("no recibido"))</h2>"
          + "<p class=\"aviso error\">\(Html.e(e.mensaje))</p></section>"
      }
    }
    if rechazos {
      // The corrected workbook goes from here, without going back.
      let dependencias = (vista.catalogo?.dependencias ?? []).map { ($0.carpeta, $0.nombre) }
      cuerpo +=
        "<section><h2>Enviar el libro corregido</h2>"
        + Html.formularioEnvio(s, dependencias: dependencias) + "</section>"
    }
    cuerpo += "<p><a href=\"/\">Volver al inicio</a></p>"
    return Html.pagina(
      recibidos.count == 1 ? "Resultado del envío" : "Resultado de los envíos", cuerpo, sesion: s)
  }

  /// One submission's report; another office's is «no se encontró».
  func envio(_ request: Request, _ context: ContextoPortal) async throws -> Response {
    let s = try sesion(context)
    let (_, _, d) = try portal.resuelto(context)
    let cuerpo =
      Html.envio(d, sufijo: "", conDependencia: s.acceso.tipo == .planeacion, enlaceInforme: false)
      + "<p><a href=\"/?corte=\(d.corte.iso)\">Volver al corte</a></p>"
    return Html.pagina("Informe del envío", cuerpo, sesion: s)
  }

  // MARK: - Files

  /// The templates an office fills (`pai plantilla --todas`, its folder
  /// only); none for the planning office. For a corte, each carries what
  /// the vigencia's earlier cortes accepted from this office, as
  /// `pai plantilla --outbox` does.
  /// The list needs only their names: `arrastrar` false skips the ledger.
  func plantillasPropias(_ a: Acceso, vista: Vista, corte: Fecha?, arrastrar: Bool = true) throws
    -> [PlantillaPedida]
  {
    guard a.tipo == .dependencia, let carpeta = a.carpeta else { return [] }
    let vigencia = corte?.year ?? Calendar(identifier: .gregorian).component(.year, from: Date())
    let anterior =
      arrastrar ? try corte.map { try portal.mostrador.libro.corteAnterior(a: $0) } : nil
    return PlanPlantillas.todas(
      esquemas: portal.mostrador.esquemas, catalogo: vista.catalogo, vigencia: vigencia,
      corte: corte,
      anterior: anterior
    ).filter { $0.contexto.carpeta == carpeta }
  }

  func plantilla(_ request: Request, _ context: ContextoPortal) async throws -> Response {
    let vista = try portal.vista(context)
    let nombre = context.parameters.get("archivo") ?? ""
    guard
      let pedida = try plantillasPropias(
        vista.acceso, vista: vista, corte: try portal.corte(request)
      )
      .first(where: { ($0.archivo as NSString).lastPathComponent == nombre })
    else { throw ErrorPortal.rutaDesconocida }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pai-plantilla-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let ruta = dir.appendingPathComponent("plantilla.xlsx").path
    try GeneradorPlantillas.escribir(
      pedida.plantilla, esquemas: portal.mostrador.esquemas, contexto: pedida.contexto,
      datos: pedida.datos,
      en: ruta)
    guard let datos = FileManager.default.contents(atPath: ruta) else { throw ErrorPortal.interno }
    return Html.descarga(datos, tipo: Html.tipoXLSX, nombre: nombre)
  }

  /// An output of the corte, for the planning office only (an office
  /// gets «no existe», as for any address not its own).
  func salida(
    _ request: Request, _ context: ContextoPortal, _ archivo: String, tipo: String, descargar: Bool
  )
    async throws -> Response
  {
    guard try portal.acceso(context).tipo == .planeacion else { throw ErrorPortal.rutaDesconocida }
    guard let corte = try portal.corte(request) else { throw ErrorPortal.sinSalida(archivo) }
    // Uploads of a burst not yet consolidated are in it.
    try await portal.mostrador.alDia()
    let ruta =
      ((portal.mostrador.opciones.outbox as NSString).appendingPathComponent(corte.iso) as NSString)
      .appendingPathComponent(archivo)
    guard let datos = FileManager.default.contents(atPath: ruta) else {
      throw ErrorPortal.sinSalida(archivo)
    }
    if descargar {
      let n = archivo as NSString
      return Html.descarga(
        datos, tipo: tipo, nombre: "\(n.deletingPathExtension)-\(corte.iso).\(n.pathExtension)")
    }
    var r = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: datos)))
    r.headers[.contentType] = tipo
    // The report is self-contained: its own styles inline, no script at all.
    r.headers[.contentSecurityPolicy] =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox"
    return r
  }

  // MARK: - Errors

  /// An error as a page: a failed or ended session gets the login form;
  /// within a live session the bar still says who is in.
  func error(_ e: ErrorPortal, estado: HTTPResponse.Status? = nil, sesion: SesionWeb? = nil)
    -> Response
  {
    let status = estado ?? HTTPResponse.Status(code: e.estado)
    if e.estado == 401 {
      var r = entrada(mensaje: e.mensaje, estado: status)
      if e == .sesionInvalida { r.setCookie(cookie(Paginas.cookieSesion, "", maxAge: 0)) }
      return r
    }
    let titulo: String
    switch status.code {
    case 403: titulo = "No se puede enviar el formulario"
    case 404: titulo = "No se encontró"
    case 413: titulo = "El envío es demasiado grande"
    case 429: titulo = "Demasiados intentos"
    case 500...: titulo = "Error del portal"
    default: titulo = "No se pudo atender la solicitud"
    }
    var r = Html.pagina(
      titulo,
      "<p class=\"aviso error\" role=\"alert\">\(Html.e(e.mensaje))</p><p><a href=\"/\">Volver al inicio</a></p>",
      sesion: sesion, estado: status)
    if case .demasiadosIntentos(let s) = e { r.headers[.retryAfter] = String(s) }
    return r
  }
}

/// A page session from its cookie, every request, against the ledger: an
/// ended session, or one whose key was revoked, stops at once. A bad
/// cookie counts against the address as a bad key does; no cookie sends
/// the browser to the login page.
struct SesionPagina: RouterMiddleware {
  let portal: Portal

  func handle(
    _ request: Request, context: ContextoPortal,
    next: (Request, ContextoPortal) async throws -> Response
  ) async throws -> Response {
    let direccion = portal.direccion(request, context)
    try await portal.comprobarEspera(direccion)
    guard let token = request.cookies[Paginas.cookieSesion]?.value, !token.isEmpty else {
      return Html.redirigir("/entrar")
    }
    guard let sesion = try portal.mostrador.libro.sesion(huella: LibroMayor.huella(clave: token))
    else {
      await portal.limitador.fallo(direccion)
      throw ErrorPortal.sesionInvalida
    }
    context.quien.acceso = sesion.acceso
    context.quien.sesion = sesion
    return try await next(request, context)
  }
}
