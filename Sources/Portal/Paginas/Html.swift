import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Plan
import Reports
import Schema

/// Plain HTML building for the portal's pages: every text that comes from
/// data goes through `e`, and a page is one layout around its body.
enum Html {
  /// Text escaped for an element or a quoted attribute.
  static func e(_ s: String) -> String { Graficos.xml(s) }

  /// The pages' policy: scripts and styles only from the portal itself
  /// (`/estaticos/`), never inline.
  static let politica =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

  /// A whole page.
  ///
  /// - Parameter sesion: shows who is in and the «Salir» form.
  static func pagina(
    _ titulo: String, _ cuerpo: String, sesion: SesionWeb? = nil, estado: HTTPResponse.Status = .ok
  ) -> Response {
    var barra = ""
    if let sesion {
      barra = """
        <div class="quien"><span>\(e(quien(sesion.acceso)))</span>
        <form method="post" action="/salir">\(csrf(sesion))<button type="submit" class="enlace">Salir</button></form></div>
        """
    }
    let texto = """
      <!DOCTYPE html>
      <html lang="es-CO">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(e(titulo)) · PAI</title>
      <link rel="stylesheet" href="/estaticos/pai.css">
      <script src="/estaticos/pai.js" defer></script>
      </head>
      <body>
      <header class="barra"><a class="marca" href="/">PAI · Plan de Acción Institucional</a>\(barra)</header>
      <main>
      <h1>\(e(titulo))</h1>
      \(cuerpo)
      </main>
      </body>
      </html>

      """
    var r = Response(status: estado, body: .init(byteBuffer: ByteBuffer(string: texto)))
    r.headers[.contentType] = "text/html; charset=utf-8"
    r.headers[.contentSecurityPolicy] = politica
    return r
  }

  /// Who a key speaks for, as the bar shows it.
  static func quien(_ a: Acceso) -> String {
    a.tipo == .planeacion
      ? "Oficina de Planeación (\(a.nombre))" : "Dependencia: \(a.carpeta ?? a.nombre)"
  }

  /// The hidden field every form of a session carries.
  static func csrf(_ s: SesionWeb) -> String {
    "<input type=\"hidden\" name=\"csrf\" value=\"\(e(s.csrf))\">"
  }

  /// A see-other redirect (after a form).
  static func redirigir(_ a: String) -> Response {
    var r = Response(status: .seeOther)
    r.headers[.location] = a
    return r
  }

  /// A file to download.
  static func descarga(_ datos: Data, tipo: String, nombre: String) -> Response {
    var r = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: datos)))
    r.headers[.contentType] = tipo
    let ascii = String(
      nombre.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
    let codificado = nombre.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
    r.headers[.contentDisposition] =
      "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(codificado)"
    return r
  }

  static let tipoXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

  // MARK: - Pieces

  /// A table; cells are HTML already (escape before).
  static func tabla(_ encabezados: [String], _ filas: [[String]], clase: String = "tabla") -> String
  {
    var out = "<table class=\"\(clase)\"><thead><tr>"
    for h in encabezados { out += "<th scope=\"col\">\(e(h))</th>" }
    out += "</tr></thead><tbody>"
    for f in filas { out += "<tr>" + f.map { "<td>\($0)</td>" }.joined() + "</tr>" }
    return out + "</tbody></table>"
  }

  /// «aceptado», «rechazado», … as a badge.
  static func marca(_ estado: String) -> String {
    "<span class=\"marca-estado \(e(estado))\">\(e(estado))</span>"
  }

  /// The upload form: one or several workbooks; the planning office
  /// chooses the office.
  static func formularioEnvio(_ s: SesionWeb, dependencias: [(carpeta: String, nombre: String)])
    -> String
  {
    var elegir = ""
    if s.acceso.tipo == .planeacion {
      let opciones = dependencias.map {
        "<option value=\"\(e($0.carpeta))\">\(e($0.nombre))</option>"
      }.joined()
      elegir = """
        <p><label for="dependencia">A nombre de la dependencia</label>
        <select id="dependencia" name="dependencia"><option value="">(la que diga el libro)</option>\(opciones)</select></p>
        """
    }
    return """
      <form class="subida" method="post" action="/enviar" enctype="multipart/form-data" data-subida>
      \(csrf(s))\(elegir)
      <div class="zona"><label for="archivo">Libros de Excel (.xlsx): puede elegir varios o arrastrarlos aquí</label>
      <input id="archivo" type="file" name="archivo" multiple required accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"></div>
      <p class="progreso" aria-live="polite"><progress hidden></progress> <span class="progreso-texto"></span></p>
      <p><button type="submit">Enviar</button></p>
      </form>
      """
  }

  /// One submission: its fate and its findings with sheet!cell and
  /// message, and links to its error copy and its report.
  static func envio(_ d: DetalleEnvio, sufijo: String, conDependencia: Bool, enlaceInforme: Bool)
    -> String
  {
    var out = "<section class=\"envio\"><h2>\(e(d.archivo)) \(marca(d.estado))</h2><dl>"
    if conDependencia { out += "<dt>Dependencia</dt><dd>\(e(d.dependencia))</dd>" }
    // The badge already says «rechazado»; the words, only what it does not.
    if d.situacion != d.estado { out += "<dt>Situación</dt><dd>\(e(d.situacion))</dd>" }
    out += "<dt>Corte</dt><dd>\(e(Formato.fecha(d.corte)))</dd>"
    if let p = d.plantilla { out += "<dt>Plantilla</dt><dd>\(e(p))</dd>" }
    out += "</dl>"
    let errores = d.hallazgos.filter { $0.severidad == .error }.count
    let avisos = d.hallazgos.count - errores
    switch d.estado {
    case "rechazado":
      out +=
        "<p class=\"aviso error\">El envío fue rechazado y no entra en ninguna cifra: \(e(cuenta(errores, "error", "errores"))). Corrija el libro y envíelo otra vez completo; el nuevo reemplaza a este.</p>"
    case "duplicado":
      out += "<p class=\"aviso\">Este archivo ya se había recibido: no se cuenta otra vez.</p>"
    default:
      out +=
        "<p class=\"aviso bien\">El envío fue aceptado y entra en el consolidado del corte.</p>"
    }
    if !d.hallazgos.isEmpty && d.estado != "duplicado" {
      let filas = d.hallazgos.map { h -> [String] in
        [
          "<code>" + e(h.ubicacion.referencia ?? "todo el archivo") + "</code>",
          e(h.severidad == .error ? "Error" : "Advertencia"), e(oracion(Catalogo.texto(h))),
          "<code>\(e(h.codigo.rawValue))</code>",
        ]
      }
      out +=
        "<h3>Hallazgos (\(e(cuenta(errores, "error", "errores"))), \(e(cuenta(avisos, "advertencia", "advertencias"))))</h3>"
      out += tabla(["Hoja!Celda", "Tipo", "Mensaje", "Código"], filas, clase: "tabla hallazgos")
    } else if d.estado == "duplicado", let h = d.hallazgos.first {
      out += "<p>\(e(oracion(Catalogo.texto(h))))</p>"
    }
    var enlaces: [String] = []
    // The copy is made of a workbook that could be read: one whose
    // findings point into its sheets (not a PDF or a renamed .xls).
    if d.estado != "duplicado" && d.hallazgos.contains(where: { $0.ubicacion.hoja != nil }) {
      enlaces.append(
        "<a href=\"/envios/\(d.id)/copia-anotada\">Descargar la copia con las celdas marcadas (.xlsx)</a>"
      )
    }
    if enlaceInforme {
      enlaces.append("<a href=\"/envios/\(d.id)\(sufijo)\">Informe del envío</a>")
    }
    if !enlaces.isEmpty {
      out += "<p class=\"enlaces\">" + enlaces.joined(separator: " · ") + "</p>"
    }
    return out + "</section>"
  }

  /// The catalogue's sentence follows «Hoja!Celda: »; alone in a cell it
  /// starts with a capital.
  static func oracion(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

  /// «1 error», «3 advertencias», in es-CO digits.
  static func cuenta(_ n: Int, _ uno: String, _ varios: String) -> String {
    "\(Formato.entero(n)) \(n == 1 ? uno : varios)"
  }

  /// The submissions of a corte as a table, each linked to its detail.
  static func historial(_ detalles: [DetalleEnvio], sufijo: String, conDependencia: Bool) -> String
  {
    guard !detalles.isEmpty else { return "<p>No hay envíos en este corte.</p>" }
    let filas = detalles.map { d -> [String] in
      let errores = d.hallazgos.filter { $0.severidad == .error }.count
      var f = [
        "<a href=\"/envios/\(d.id)\(sufijo)\">\(e(d.archivo))</a>", marca(d.estado),
        d.situacion == d.estado ? "" : e(d.situacion),
        e(Formato.entero(errores)), e(Formato.entero(d.hallazgos.count - errores)),
      ]
      if conDependencia { f.insert(e(d.dependencia), at: 0) }
      return f
    }
    var encabezados = ["Archivo", "Estado", "Situación", "Errores", "Advertencias"]
    if conDependencia { encabezados.insert("Dependencia", at: 0) }
    return tabla(encabezados, filas)
  }

  /// What is pending, as a list.
  static func pendientes(_ lista: [Pendiente]) -> String {
    guard !lista.isEmpty else {
      return "<p class=\"aviso bien\">No falta ningún reporte en este corte.</p>"
    }
    return "<ul>" + lista.map { "<li>\(e(pendiente($0)))</li>" }.joined() + "</ul>"
  }

  /// One pending item in words, with its rejected attempt.
  static func pendiente(_ p: Pendiente) -> String {
    var s = EstadoTexto.que(p)
    if let r = p.rechazado {
      s += " (el envío «\(r.archivo)» fue rechazado"
      if let h = r.primerError { s += ": " + Catalogo.mensaje(h) }
      s += ")"
    }
    return s
  }

  /// The e-mail the planning office sends an office that still owes
  /// reports, ready to copy.
  static func correo(dependencia: String, _ lista: [Pendiente], corte: Fecha) -> String {
    let items = lista.map { "- " + pendiente($0) }.joined(separator: "\n")
    return """
      Asunto: PAI – reportes pendientes del corte \(Formato.fecha(corte))

      Buenos días, \(dependencia):

      En el seguimiento del Plan de Acción Institucional (PAI) con corte \(Formato.fecha(corte)) todavía no tenemos aceptados estos reportes de su dependencia:

      \(items)

      Por favor envíelos en la plantilla vigente por el portal del PAI (con la clave de acceso de su dependencia) o en la carpeta compartida. Si un envío fue rechazado, la copia con las celdas marcadas dice qué corregir en cada hoja y celda.

      Cordialmente,
      Oficina Asesora de Planeación
      """
  }
}
