import Foundation
import Ledger
import Plan
import Reports
import Schema

/// What one key may see of a resolved corte, as the API's JSON: its own
/// submissions only (the planning office's: all), and no finding that
/// names another office's file.
struct Vista {
  let acceso: Acceso
  /// The catalogue's office names → folders: a file dropped at the
  /// inbox's root belongs to the office its workbook names.
  let carpetaDeNombre: [String: String]
  let catalogo: CatalogoEntidad?

  init(acceso: Acceso, esquemas: String) {
    self.acceso = acceso
    catalogo = try? CatalogoEntidad.cargar(desde: esquemas)
    var mapa: [String: String] = [:]
    for d in catalogo?.dependencias ?? [] { mapa[Vista.clave(d.nombre)] = d.carpeta }
    carpetaDeNombre = mapa
  }

  static func clave(_ s: String) -> String {
    s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
      .split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// The office a sender is.
  func carpeta(_ remitente: String) -> String {
    carpetaDeNombre[Vista.clave(remitente)] ?? remitente
  }

  func puedeVer(remitente: String, carpeta: String?) -> Bool {
    guard acceso.tipo == .dependencia else { return true }
    return (carpeta ?? self.carpeta(remitente)) == acceso.carpeta
  }

  /// Every submission of the corte this key may see, in reception order.
  func detalles(_ r: CorteResuelto) -> [DetalleEnvio] {
    var out: [DetalleEnvio] = []
    for e in r.registrados where puedeVer(remitente: e.envio.remitente, carpeta: e.carpeta) {
      if let d = detalle(e.id, r) { out.append(d) }
    }
    for d in r.duplicados where puedeVer(remitente: d.remitente, carpeta: nil) {
      if let x = detalle(d.id, r) { out.append(x) }
    }
    return out.sorted { $0.id < $1.id }
  }

  /// The same, as the API's JSON.
  func envios(_ r: CorteResuelto) -> [EnvioAPI] { detalles(r).map(EnvioAPI.init) }

  /// One submission as the API's JSON, or nil (see `detalle`).
  func item(_ id: Int64, _ r: CorteResuelto) -> EnvioAPI? { detalle(id, r).map(EnvioAPI.init) }

  /// One submission, or nil when there is none with this id in the corte
  /// or it is another office's.
  func detalle(_ id: Int64, _ r: CorteResuelto) -> DetalleEnvio? {
    if let e = r.registrados.first(where: { $0.id == id }) {
      guard puedeVer(remitente: e.envio.remitente, carpeta: e.carpeta) else { return nil }
      let i = r.lote.envios.firstIndex { $0.sha256 == e.envio.sha256 }
      let envio = i.map { r.lote.envios[$0] } ?? e.envio
      let estado: String
      if !envio.informe.aceptado {
        estado = "rechazado"
      } else if let i, r.lote.reemplazadoPor[i] != nil {
        estado = "reemplazado"
      } else {
        estado = "aceptado"
      }
      return DetalleEnvio(
        id: id, archivo: envio.archivo, estado: estado,
        situacion: i.map { EstadoTexto.situacion(r.lote, $0) } ?? estado, corte: r.corte,
        plantilla: envio.informe.plantilla, hallazgos: envio.informe.hallazgos.map(censurar),
        dependencia: e.carpeta ?? carpeta(e.envio.remitente))
    }
    if let d = r.duplicados.first(where: { $0.id == id }) {
      guard puedeVer(remitente: d.remitente, carpeta: nil) else { return nil }
      // The earlier file is named only to whom it belongs.
      let suyo = acceso.tipo == .planeacion || carpeta(d.igualARemitente) == acceso.carpeta
      let h = Hallazgo(
        .yaRecibido, .advertencia, Ubicacion(archivo: d.nombre),
        suyo ? ["igualA": .texto(d.igualA)] : [:])
      return DetalleEnvio(
        id: id, archivo: d.nombre, estado: "duplicado",
        situacion: suyo ? "duplicado de «\(d.igualA)», no cuenta" : "ya recibido, no cuenta",
        corte: r.corte,
        plantilla: nil, hallazgos: [h], dependencia: carpeta(d.remitente))
    }
    return nil
  }

  /// A cross-file finding shown to an office keeps the other office's
  /// name (whom to coordinate with) but never its file.
  func censurar(_ h: Hallazgo) -> Hallazgo {
    guard acceso.tipo == .dependencia, h.codigo == .codigoDuplicado else { return h }
    var c = h
    if case .texto(let otro)? = h.valores["remitenteAnterior"], carpeta(otro) != acceso.carpeta {
      c.valores["archivoAnterior"] = nil
    }
    return c
  }

  /// Coverage and what is pending: the office's own, against the part of
  /// the catalogue that is its; everything for the planning office. nil
  /// without a catalogue.
  func estadoVisible(_ r: CorteResuelto, cortesRiesgo: [Fecha]) -> EstadoVisible? {
    guard var cat = catalogo else { return nil }
    if acceso.tipo == .dependencia, let propia = acceso.carpeta {
      cat = CatalogoEntidad(
        dependencias: cat.dependencias.filter { $0.carpeta == propia },
        proyectos: cat.proyectos.filter { $0.carpeta == propia },
        procesos: cat.procesos.filter { $0.carpeta == propia },
        planIntegrado: cat.planIntegrado.filter { $0 == propia })
    }
    let e = EstadoCorte.calcular(
      lote: r.lote, duplicados: r.duplicados, catalogo: cat, corte: r.corte,
      cortesRiesgo: cortesRiesgo)
    var pendientes = e.pendientes
    var cobertura = e.cobertura
    if acceso.tipo == .dependencia {
      // A rejected attempt is named only when it is the office's own file.
      let propios = Set(
        r.registrados.filter { puedeVer(remitente: $0.envio.remitente, carpeta: $0.carpeta) }.map(
          \.envio.archivo))
      func propio(_ p: Pendiente) -> Pendiente {
        var p = p
        if let r = p.rechazado, !propios.contains(r.archivo) { p.rechazado = nil }
        return p
      }
      pendientes = pendientes.filter { $0.carpeta == acceso.carpeta }.map(propio)
      cobertura.faltantes = cobertura.faltantes.map(propio)
    }
    return EstadoVisible(estado: e, pendientes: pendientes, cobertura: cobertura)
  }

  /// The same as the API's JSON.
  func estado(_ r: CorteResuelto, cortesRiesgo: [Fecha]) -> EstadoAPI {
    guard let v = estadoVisible(r, cortesRiesgo: cortesRiesgo) else {
      return EstadoAPI(corte: r.corte.iso, cobertura: nil, pendientes: [])
    }
    return EstadoAPI(
      corte: r.corte.iso, cobertura: CoberturaV1(v.cobertura),
      pendientes: v.pendientes.map(PendienteV1.init))
  }
}

/// One submission as a key may see it.
struct DetalleEnvio {
  var id: Int64
  var archivo: String
  /// `aceptado`, `rechazado`, `duplicado` or `reemplazado`.
  var estado: String
  /// Its fate in the words of `pai estado`.
  var situacion: String
  var corte: Fecha
  var plantilla: String?
  /// Censored for an office: no other office's file.
  var hallazgos: [Hallazgo]
  /// The office it is from (its folder).
  var dependencia: String
}

/// What one key may see of a corte's state.
struct EstadoVisible {
  /// The whole state against the key's part of the catalogue (the pages
  /// of the planning office show it per office).
  var estado: EstadoCorte
  var pendientes: [Pendiente]
  var cobertura: Cobertura
}
