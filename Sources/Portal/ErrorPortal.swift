import Foundation

/// Why the portal refuses a request, as data; `codigo`, `estado` and
/// `mensaje` word it once, here, for the JSON error body
/// `{"error": {"codigo", "mensaje"}}`.
public enum ErrorPortal: Error, Equatable, Sendable {
  /// No `Authorization: Bearer` header.
  case sinClave
  /// A key the ledger does not know, or one revoked.
  case claveInvalida
  /// A page session cookie that is unknown, ended, or whose key was
  /// revoked.
  case sesionInvalida
  /// A page form without its session's CSRF token, or with another.
  case formularioVencido
  /// An output of the corte not written yet (`informe.html`, …).
  case sinSalida(String)
  /// Too many failed keys from this address.
  case demasiadosIntentos(segundos: Int)
  /// An office key sent the `dependencia` field.
  case dependenciaNoPermitida
  /// A `dependencia` no inbox folder can take.
  case dependenciaInvalida(String)
  /// Unknown id, or another office's: the same answer for both.
  case envioNoEncontrado
  case sinCopiaAnotada
  /// The upload passed `limites.envioMB`.
  case envioMuyGrande(limiteMB: Int)
  /// The body is not `multipart/form-data`, or has no `archivo` part.
  case formularioInvalido
  case sinArchivo
  case corteInvalido(String)
  /// No corte given, none declared, and none in the ledger.
  case sinCorte
  case rutaDesconocida
  /// An address of the API asked with a method it does not take; the
  /// methods it takes.
  case metodoNoPermitido(permitidos: [String])
  /// The server is stopping, or the file changed while it was read.
  case noDisponible
  case interno

  /// The HTTP status.
  public var estado: Int {
    switch self {
    case .sinClave, .claveInvalida, .sesionInvalida: return 401
    case .formularioVencido: return 403
    case .demasiadosIntentos: return 429
    case .dependenciaNoPermitida: return 403
    case .envioNoEncontrado, .sinCopiaAnotada, .rutaDesconocida, .sinSalida: return 404
    case .metodoNoPermitido: return 405
    case .envioMuyGrande: return 413
    case .formularioInvalido, .sinArchivo, .corteInvalido, .dependenciaInvalida: return 400
    case .sinCorte: return 422
    case .noDisponible: return 503
    case .interno: return 500
    }
  }

  /// A stable code, for programs.
  public var codigo: String {
    switch self {
    case .sinClave: return "sin-clave"
    case .claveInvalida: return "clave-invalida"
    case .sesionInvalida: return "sesion-invalida"
    case .formularioVencido: return "formulario-vencido"
    case .sinSalida: return "sin-salida"
    case .demasiadosIntentos: return "demasiados-intentos"
    case .dependenciaNoPermitida: return "dependencia-no-permitida"
    case .dependenciaInvalida: return "dependencia-invalida"
    case .envioNoEncontrado: return "envio-no-encontrado"
    case .sinCopiaAnotada: return "sin-copia-anotada"
    case .envioMuyGrande: return "envio-muy-grande"
    case .formularioInvalido: return "formulario-invalido"
    case .sinArchivo: return "sin-archivo"
    case .corteInvalido: return "corte-invalido"
    case .sinCorte: return "sin-corte"
    case .rutaDesconocida: return "ruta-desconocida"
    case .metodoNoPermitido: return "metodo-no-permitido"
    case .noDisponible: return "no-disponible"
    case .interno: return "error-interno"
    }
  }

  /// The Spanish message a person reads.
  public var mensaje: String {
    switch self {
    case .sinClave:
      return "Falta la clave de acceso: envíela en el encabezado «Authorization: Bearer <clave>»."
    case .claveInvalida:
      return
        "La clave de acceso no es válida o fue revocada. Pida una nueva a la Oficina de Planeación."
    case .sesionInvalida:
      return
        "Su sesión terminó: se cerró, venció o la clave con la que entró fue revocada. Entre de nuevo con su clave de acceso."
    case .formularioVencido:
      return
        "El formulario no trae su código de seguridad o ya venció. Vuelva a la página, recárguela y envíelo otra vez."
    case .sinSalida(let archivo):
      return
        "Todavía no se ha escrito «\(archivo)» para este corte: llegará cuando se reciba el primer envío."
    case .demasiadosIntentos(let s):
      return
        "Demasiados intentos con claves no válidas desde esta dirección. Espere \(s) segundos y vuelva a intentar."
    case .dependenciaNoPermitida:
      return
        "Una clave de dependencia envía siempre a nombre de su propia dependencia: quite el campo «dependencia»."
    case .dependenciaInvalida(let d):
      return "«\(d)» no es una carpeta de dependencia válida."
    case .envioNoEncontrado:
      return "No se encontró ese envío."
    case .sinCopiaAnotada:
      return "Este envío no tiene copia anotada: no tiene hallazgos, o es un duplicado."
    case .envioMuyGrande(let mb):
      return
        "El archivo pasa el tamaño máximo de un envío (\(mb) MB). No se guardó nada. Revise que sea el libro correcto; si lo es, pida a la Oficina de Planeación que lo reciba por la carpeta compartida."
    case .formularioInvalido:
      return
        "La solicitud debe ser un formulario multipart/form-data con el archivo en el campo «archivo»."
    case .sinArchivo:
      return "Falta el archivo: envíelo en el campo «archivo» del formulario."
    case .corteInvalido(let c):
      return
        "«\(c)» no es una fecha de corte: use una fecha que exista, desde 1900, en la forma AAAA-MM-DD."
    case .sinCorte:
      return
        "No se sabe a qué corte pertenece el archivo: no lo declara y todavía no hay ningún corte. No se guardó nada; la Oficina de Planeación debe iniciar el portal con --corte AAAA-MM-DD."
    case .rutaDesconocida:
      return "No existe esa dirección en el portal."
    case .metodoNoPermitido(let m):
      return "Esa dirección del portal solo acepta \(m.joined(separator: " y "))."
    case .noDisponible:
      return
        "El portal se está deteniendo o el archivo cambió mientras se leía. Vuelva a enviarlo en un momento."
    case .interno:
      return
        "Ocurrió un error interno del portal; la Oficina de Planeación puede ver el detalle en el registro."
    }
  }
}
