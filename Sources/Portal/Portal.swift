import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging
import Plan
import Reports
import Schema
import ServiceLifecycle

/// How `pai servir` is set up.
public struct OpcionesPortal: Sendable {
  public var direccion = "127.0.0.1"
  public var puerto = 8080
  /// Behind a reverse proxy: the client's address comes from
  /// `X-Forwarded-For`; without it, the socket's address is used.
  public var confiarProxy = false
  /// `docs/openapi.yaml`, served as is.
  public var openAPI: String?
  /// Failed keys an address may send in `ventana` seconds before it is
  /// refused (429) for `ventana` seconds.
  public var intentos = 20
  public var ventana: TimeInterval = 60
  /// How long a page session lasts after logging in.
  public var duracionSesion: TimeInterval = 12 * 3600

  public init() {}
}

/// Who is asking, set by the authentication middleware; a box, so that
/// the outer logging middleware sees what an inner one learnt.
final class Quien: @unchecked Sendable {
  var acceso: Acceso?
  /// Set for a page request with a live session.
  var sesion: SesionWeb?
  var dependencia: String { acceso.map { $0.carpeta ?? "planeacion:\($0.nombre)" } ?? "-" }
}

/// The request context: the client's address and, once authenticated,
/// the key's identity. A handler reads the sender from here, never from
/// the form.
public struct ContextoPortal: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The socket's peer, as text.
  let socket: String?
  let quien = Quien()

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    socket = source.channel.remoteAddress?.ipAddress
  }

  /// Uploads are streamed and capped by `limites.envioMB`, not by this.
  public var maxUploadSize: Int { 64 << 10 }
}

/// Failed authentications per client address: past `intentos` in
/// `ventana` seconds the address is refused for `ventana` seconds.
actor Limitador {
  let intentos: Int
  let ventana: TimeInterval
  private var fallos: [String: [Date]] = [:]
  private var bloqueados: [String: Date] = [:]

  init(intentos: Int, ventana: TimeInterval) {
    self.intentos = intentos
    self.ventana = ventana
  }

  /// Seconds the address must still wait; nil when it may try.
  func espera(_ direccion: String, ahora: Date = Date()) -> Int? {
    guard let hasta = bloqueados[direccion] else { return nil }
    if hasta <= ahora {
      bloqueados[direccion] = nil
      return nil
    }
    return max(1, Int(hasta.timeIntervalSince(ahora).rounded(.up)))
  }

  func fallo(_ direccion: String, ahora: Date = Date()) {
    var lista = (fallos[direccion] ?? []).filter { ahora.timeIntervalSince($0) < ventana }
    lista.append(ahora)
    if lista.count >= intentos {
      bloqueados[direccion] = ahora.addingTimeInterval(ventana)
      lista = []
    }
    fallos[direccion] = lista
    // Forget quiet addresses, so the table does not grow without end.
    if fallos.count > 10_000 { fallos = fallos.filter { !$0.value.isEmpty } }
  }
}

/// The portal: routes, middleware and the counter they hand work to.
public struct Portal: Sendable {
  public let mostrador: Mostrador
  public let opciones: OpcionesPortal
  let limitador: Limitador

  public init(mostrador: Mostrador, opciones: OpcionesPortal) {
    self.mostrador = mostrador
    self.opciones = opciones
    self.limitador = Limitador(intentos: opciones.intentos, ventana: opciones.ventana)
  }

  /// The client's address: the first of `X-Forwarded-For` behind a
  /// trusted proxy, else the socket's.
  func direccion(_ request: Request, _ context: ContextoPortal) -> String {
    if opciones.confiarProxy, let xff = request.headers[HTTPField.Name("X-Forwarded-For")!],
      let primera = xff.split(separator: ",").first?.trimmingCharacters(in: .whitespaces),
      !primera.isEmpty
    {
      return primera
    }
    return context.socket ?? "desconocida"
  }

  /// Refuses an address that failed too often, before anything is
  /// looked up.
  func comprobarEspera(_ direccion: String) async throws {
    if let s = await limitador.espera(direccion) {
      throw ErrorPortal.demasiadosIntentos(segundos: s)
    }
  }

  /// The router every caller uses, tests included.
  public func router() -> Router<ContextoPortal> {
    let router = Router(context: ContextoPortal.self)
    router.add(middleware: Respuestas(portal: self))
    let api = router.group("api/v1")
    api.get("openapi.yaml") { _, _ in try self.openAPI() }
    let privado = api.group().add(middleware: Autenticacion(portal: self))
    privado.post("envios") { request, context in try await self.enviar(request, context) }
    privado.get("envios") { request, context in try await self.listar(request, context) }
    privado.get("envios/:id") { request, context in try await self.uno(request, context) }
    privado.get("envios/:id/copia-anotada") { request, context in
      try await self.copia(request, context)
    }
    privado.get("estado") { request, context in try await self.estado(request, context) }
    Paginas(portal: self).rutas(router)
    return router
  }

  /// The application `pai servir` runs: the HTTP server and the counter,
  /// in one service group (SIGTERM stops the server first, which finishes
  /// the uploads in hand, then the counter).
  public func aplicacion(logger: Logger) -> some ApplicationProtocol {
    Application(
      router: router(),
      configuration: .init(
        address: .hostname(opciones.direccion, port: opciones.puerto), serverName: "pai"),
      services: [mostrador], logger: logger)
  }

  // MARK: - Handlers

  func openAPI() throws -> Response {
    guard let ruta = opciones.openAPI, let datos = FileManager.default.contents(atPath: ruta) else {
      throw ErrorPortal.rutaDesconocida
    }
    var r = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: datos)))
    r.headers[.contentType] = "application/yaml; charset=utf-8"
    return r
  }

  func acceso(_ context: ContextoPortal) throws -> Acceso {
    guard let a = context.quien.acceso else { throw ErrorPortal.claveInvalida }
    return a
  }

  func vista(_ context: ContextoPortal) throws -> Vista {
    Vista(acceso: try acceso(context), esquemas: mostrador.opciones.esquemas)
  }

  /// `?corte=`, else the server's `--corte`, else the ledger's latest.
  func corte(_ request: Request) throws -> Fecha? {
    if let texto = request.uri.queryParameters.get("corte") {
      guard let f = Fecha(iso: texto) else { throw ErrorPortal.corteInvalido(texto) }
      return f
    }
    return try mostrador.opciones.corte ?? mostrador.libro.ultimoCorte()
  }

  func enviar(_ request: Request, _ context: ContextoPortal) async throws -> Response {
    guard let recibido = try await recibirFormulario(request, context, maximo: 1).first else {
      throw ErrorPortal.sinArchivo
    }
    let (id, resuelto) = try recibido.resultado.get()
    guard let item = try vista(context).item(id, resuelto) else { throw ErrorPortal.interno }
    return Portal.json(item, estado: .created)
  }

  /// One file of an upload form, received or refused.
  struct Recibido: Sendable {
    var nombre: String
    var resultado: Result<(id: Int64, resuelto: CorteResuelto), ErrorPortal>
  }

  /// Reads an upload form and receives each of its files (at most
  /// `maximo`) together, in one burst, with one audit line per file, or
  /// one for a form refused whole. The sender is the key's office; a
  /// planning key may name one in the `dependencia` field.
  ///
  /// - Parameter verificar: a check of the form's fields before any file
  ///   is placed (the page's CSRF token).
  /// - Throws: what refuses the whole form (`envioMuyGrande`,
  ///   `dependenciaNoPermitida`, `sinArchivo`, …); nothing of it is kept.
  func recibirFormulario(
    _ request: Request, _ context: ContextoPortal, maximo: Int,
    verificar: (Subida) throws -> Void = { _ in }
  ) async throws -> [Recibido] {
    let acceso = try acceso(context)
    var auditoria = Auditoria(
      accesoId: acceso.id, dependencia: acceso.carpeta, accion: "envio",
      direccion: direccion(request, context),
      estadoHTTP: 201, solicitud: context.id)
    let subida: Subida
    let carpeta: String?
    do {
      subida = try await Subida.leer(
        request, limite: mostrador.esquemas.limiteEnvioBytes, carpeta: mostrador.bandeja,
        maximo: maximo)
      do {
        auditoria.archivo = subida.nombre
        try verificar(subida)
        carpeta = try carpetaDestino(acceso, subida.dependencia)
        auditoria.dependencia = carpeta
        guard !subida.archivos.isEmpty else { throw ErrorPortal.sinArchivo }
      } catch {
        subida.descartar()
        throw error
      }
    } catch let e as ErrorPortal {
      auditoria.estadoHTTP = e.estado
      auditoria.accion = "envio-" + e.codigo
      try? mostrador.libro.registrar(auditoria)
      throw e
    }
    defer { subida.descartar() }
    let m = mostrador
    let logger = context.logger
    let resultados = await withTaskGroup(of: (Int, Recibido).self) { grupo in
      for (i, a) in subida.archivos.enumerated() {
        grupo.addTask {
          do {
            let archivo = try m.colocar(temporal: a.temporal, carpeta: carpeta, nombre: a.nombre)
            return (
              i, Recibido(nombre: a.nombre, resultado: .success(try await m.recibir(archivo)))
            )
          } catch let e as ErrorPortal {
            return (i, Recibido(nombre: a.nombre, resultado: .failure(e)))
          } catch {
            logger.error("no se pudo recibir un envío", metadata: ["error": "\(error)"])
            return (i, Recibido(nombre: a.nombre, resultado: .failure(.interno)))
          }
        }
      }
      var out: [Int: Recibido] = [:]
      for await (i, r) in grupo { out[i] = r }
      return subida.archivos.indices.compactMap { out[$0] }
    }
    for r in resultados {
      auditoria.archivo = r.nombre
      switch r.resultado {
      case .success(let x):
        auditoria.envioId = x.id
        auditoria.accion = "envio"
        auditoria.estadoHTTP = 201
      case .failure(let e):
        auditoria.envioId = nil
        auditoria.accion = "envio-" + e.codigo
        auditoria.estadoHTTP = e.estado
      }
      try? mostrador.libro.registrar(auditoria)
    }
    return resultados
  }

  /// The inbox folder an upload goes to: the key's office; a planning key
  /// may name one (empty: the inbox's root, recognised by content).
  func carpetaDestino(_ acceso: Acceso, _ dependencia: String?) throws -> String? {
    guard let d = dependencia else { return acceso.carpeta }
    guard acceso.tipo == .planeacion else { throw ErrorPortal.dependenciaNoPermitida }
    let limpia = d.trimmingCharacters(in: .whitespacesAndNewlines)
    if limpia.isEmpty { return acceso.carpeta }
    guard Buzon.nombreDeCliente(limpia) == limpia, !limpia.contains("."), limpia.count <= 100 else {
      throw ErrorPortal.dependenciaInvalida(limpia)
    }
    return limpia
  }

  func listar(_ request: Request, _ context: ContextoPortal) async throws -> Response {
    let vista = try vista(context)
    guard let corte = try corte(request) else {
      return Portal.json(ListaEnviosAPI(corte: nil, envios: []))
    }
    let r = try CorteResuelto.calcular(mostrador.libro, corte: corte)
    return Portal.json(ListaEnviosAPI(corte: corte.iso, envios: vista.envios(r)))
  }

  /// The submission and its corte resolved, or 404 for an unknown id and
  /// for another office's alike.
  func resuelto(_ context: ContextoPortal) throws -> (AsientoEnvio, CorteResuelto, DetalleEnvio) {
    guard let texto = context.parameters.get("id"), let id = Int64(texto),
      let asiento = try mostrador.libro.asiento(id: id), let corte = Fecha(iso: asiento.corte)
    else { throw ErrorPortal.envioNoEncontrado }
    let r = try CorteResuelto.calcular(mostrador.libro, corte: corte)
    guard let detalle = try vista(context).detalle(id, r) else {
      throw ErrorPortal.envioNoEncontrado
    }
    return (asiento, r, detalle)
  }

  func uno(_ request: Request, _ context: ContextoPortal) async throws -> Response {
    Portal.json(EnvioAPI(try resuelto(context).2))
  }

  func copia(_ request: Request, _ context: ContextoPortal) async throws -> Response {
    let (asiento, _, _) = try resuelto(context)
    guard asiento.estado != .duplicado, let guardado = asiento.guardado else {
      throw ErrorPortal.sinCopiaAnotada
    }
    var ruta = mostrador.libro.ruta
    func buscar() throws -> String? {
      // The file may have moved at the consolidation (recibidos ↔ rechazados).
      let actual = try mostrador.libro.asiento(id: asiento.id)?.guardado ?? guardado
      let r =
        (mostrador.opciones.outbox as NSString).appendingPathComponent(actual) + ".errores.xlsx"
      return FileManager.default.fileExists(atPath: r) ? r : nil
    }
    if let r = try buscar() {
      ruta = r
    } else {
      // Asked before the burst's consolidation wrote it.
      try await mostrador.alDia()
      guard let r = try buscar() else { throw ErrorPortal.sinCopiaAnotada }
      ruta = r
    }
    guard let datos = FileManager.default.contents(atPath: ruta) else {
      throw ErrorPortal.sinCopiaAnotada
    }
    return Html.descarga(
      datos, tipo: Html.tipoXLSX,
      nombre: ((asiento.nombre as NSString).deletingPathExtension) + ".errores.xlsx")
  }

  func estado(_ request: Request, _ context: ContextoPortal) async throws -> Response {
    let vista = try vista(context)
    guard let corte = try corte(request) else {
      return Portal.json(EstadoAPI(corte: nil, cobertura: nil, pendientes: []))
    }
    let r = try CorteResuelto.calcular(mostrador.libro, corte: corte)
    return Portal.json(
      vista.estado(r, cortesRiesgo: mostrador.esquemas.cortesRiesgo(vigencia: corte.year)))
  }

  /// An answer of the API. The documents hold only strings, integers,
  /// booleans and `Cifra`s, which always encode; should one ever fail, the
  /// client gets the API's own internal error rather than a broken body.
  static func json(_ v: some DocumentoJSON, estado: HTTPResponse.Status = .ok) -> Response {
    var estado = estado
    let texto: String
    do {
      texto = try v.serializar()
    } catch {
      estado = .internalServerError
      let e = ErrorPortal.interno  // its words hold nothing JSON must escape
      texto = #"{"error": {"codigo": "\#(e.codigo)", "mensaje": "\#(e.mensaje)"}}"# + "\n"
    }
    var r = Response(status: estado, body: .init(byteBuffer: ByteBuffer(string: texto)))
    r.headers[.contentType] = "application/json; charset=utf-8"
    return r
  }
}

/// Bearer keys against the ledger, every request: a revoked key stops
/// working at once. Failures count against the client's address.
struct Autenticacion: RouterMiddleware {
  let portal: Portal

  func handle(
    _ request: Request, context: ContextoPortal,
    next: (Request, ContextoPortal) async throws -> Response
  ) async throws -> Response {
    let direccion = portal.direccion(request, context)
    try await portal.comprobarEspera(direccion)
    guard let cabecera = request.headers[.authorization], cabecera.lowercased().hasPrefix("bearer ")
    else {
      await portal.limitador.fallo(direccion)
      throw ErrorPortal.sinClave
    }
    let clave = cabecera.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
    guard !clave.isEmpty,
      let acceso = try portal.mostrador.libro.acceso(huella: LibroMayor.huella(clave: clave))
    else {
      await portal.limitador.fallo(direccion)
      throw ErrorPortal.claveInvalida
    }
    context.quien.acceso = acceso
    return try await next(request, context)
  }
}

/// Every answer: errors as `{"error": {"codigo", "mensaje"}}` in Spanish
/// under `/api/`, as a Spanish page elsewhere; the security headers
/// (`Content-Security-Policy` without inline script, `nosniff`,
/// `Referrer-Policy`), `Cache-Control: no-store` on private answers, and
/// one log line per request (dependencia and request id, never the key).
struct Respuestas: RouterMiddleware {
  let portal: Portal

  func handle(
    _ request: Request, context: ContextoPortal,
    next: (Request, ContextoPortal) async throws -> Response
  ) async throws -> Response {
    let inicio = Date()
    let api = request.uri.path.hasPrefix("/api/")
    func negativa(_ e: ErrorPortal, estado: HTTPResponse.Status? = nil) -> Response {
      api
        ? Respuestas.error(e, estado: estado)
        : Paginas(portal: portal).error(e, estado: estado, sesion: context.quien.sesion)
    }
    var respuesta: Response
    do {
      respuesta = try await next(request, context)
    } catch let e as ErrorPortal {
      respuesta = negativa(e)
    } catch let e as HTTPError {
      if api, e.status == .notFound, let permitidos = Respuestas.metodos(request.uri.path),
        !permitidos.contains(request.method.rawValue)
      {
        respuesta = negativa(.metodoNoPermitido(permitidos: permitidos))
      } else {
        respuesta = negativa(
          e.status == .notFound
            ? .rutaDesconocida : e.status.code == 405 ? .rutaDesconocida : .formularioInvalido,
          estado: e.status)
      }
    } catch {
      context.logger.error("error interno", metadata: ["error": "\(error)"])
      respuesta = negativa(.interno)
    }
    // A page sets its own policy; every other answer loads nothing.
    if respuesta.headers[.contentSecurityPolicy] == nil {
      respuesta.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
    }
    respuesta.headers[.xContentTypeOptions] = "nosniff"
    respuesta.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
    if request.uri.path != "/api/v1/openapi.yaml" && respuesta.headers[.cacheControl] == nil {
      respuesta.headers[.cacheControl] = "no-store"
    }
    context.logger.info(
      "solicitud",
      metadata: [
        "metodo": "\(request.method.rawValue)", "ruta": "\(request.uri.path)",
        "estado": "\(respuesta.status.code)", "dependencia": "\(context.quien.dependencia)",
        "direccion": "\(portal.direccion(request, context))",
        "ms": "\(Int(Date().timeIntervalSince(inicio) * 1000))",
      ])
    return respuesta
  }

  /// The methods an address of the API takes (as `docs/openapi.yaml`
  /// says), or nil for an address it does not have: the router answers
  /// 404 for both, and the first is a 405 with `Allow`.
  static func metodos(_ ruta: String) -> [String]? {
    var partes = ruta.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    guard partes.count >= 3, partes[0] == "api", partes[1] == "v1" else { return nil }
    partes.removeFirst(2)
    switch partes.count {
    case 1 where partes[0] == "envios": return ["GET", "POST"]
    case 1 where partes[0] == "estado" || partes[0] == "openapi.yaml": return ["GET"]
    case 2 where partes[0] == "envios": return ["GET"]
    case 3 where partes[0] == "envios" && partes[2] == "copia-anotada": return ["GET"]
    default: return nil
    }
  }

  static func error(_ e: ErrorPortal, estado: HTTPResponse.Status? = nil) -> Response {
    var r = Portal.json(
      ErrorAPI(error: .init(codigo: e.codigo, mensaje: e.mensaje)),
      estado: estado ?? HTTPResponse.Status(code: e.estado))
    if case .demasiadosIntentos(let s) = e { r.headers[.retryAfter] = String(s) }
    if e.estado == 401 { r.headers[.wwwAuthenticate] = "Bearer" }
    if case .metodoNoPermitido(let m) = e { r.headers[.allow] = m.joined(separator: ", ") }
    return r
  }
}
