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
  func carpeta(_ remitente: String) -> String { carpetaDeNombre[Vista.clave(remitente)] ?? remitente }

  func puedeVer(remitente: String, carpeta: String?) -> Bool {
    guard acceso.tipo == .dependencia else { return true }
    return (carpeta ?? self.carpeta(remitente)) == acceso.carpeta
  }

  /// Every submission of the corte this key may see, in reception order.
  func envios(_ r: CorteResuelto) -> [JSONValor] {
    var out: [(Int64, JSONValor)] = []
    for e in r.registrados where puedeVer(remitente: e.envio.remitente, carpeta: e.carpeta) {
      if let j = item(e.id, r) { out.append((e.id, j)) }
    }
    for d in r.duplicados where puedeVer(remitente: d.remitente, carpeta: nil) {
      if let j = item(d.id, r) { out.append((d.id, j)) }
    }
    return out.sorted { $0.0 < $1.0 }.map(\.1)
  }

  /// One submission, or nil when there is none with this id in the corte
  /// or it is another office's.
  func item(_ id: Int64, _ r: CorteResuelto) -> JSONValor? {
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
      return objeto(
        id: id, archivo: envio.archivo, estado: estado, corte: r.corte, plantilla: envio.informe.plantilla,
        hallazgos: envio.informe.hallazgos.map(censurar),
        situacion: i.map { EstadoTexto.situacion(r.lote, $0) } ?? estado)
    }
    if let d = r.duplicados.first(where: { $0.id == id }) {
      guard puedeVer(remitente: d.remitente, carpeta: nil) else { return nil }
      // The earlier file is named only to whom it belongs.
      let suyo = acceso.tipo == .planeacion || carpeta(d.igualARemitente) == acceso.carpeta
      let h = Hallazgo(
        .yaRecibido, .advertencia, Ubicacion(archivo: d.nombre), suyo ? ["igualA": .texto(d.igualA)] : [:])
      return objeto(
        id: id, archivo: d.nombre, estado: "duplicado", corte: r.corte, plantilla: nil, hallazgos: [h],
        situacion: suyo ? "duplicado de «\(d.igualA)», no cuenta" : "ya recibido, no cuenta")
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

  private func objeto(
    id: Int64, archivo: String, estado: String, corte: Fecha, plantilla: String?, hallazgos: [Hallazgo],
    situacion: String
  ) -> JSONValor {
    .objeto([
      ("id", .texto(String(id))),
      ("archivo", .texto(archivo)),
      ("estado", .texto(estado)),
      ("situacion", .texto(situacion)),
      ("corte", .texto(corte.iso)),
      ("plantilla", .opcional(plantilla)),
      ("hallazgos", .lista(hallazgos.map(InformeEnvio.hallazgo))),
    ])
  }

  /// Coverage and what is pending: the office's own, against the part of
  /// the catalogue that is its; everything for the planning office.
  func estado(_ r: CorteResuelto, cortesRiesgo: [Fecha]) -> JSONValor {
    guard var cat = catalogo else {
      return .objeto([("corte", .texto(r.corte.iso)), ("cobertura", .null), ("pendientes", .lista([]))])
    }
    if acceso.tipo == .dependencia, let propia = acceso.carpeta {
      cat = CatalogoEntidad(
        dependencias: cat.dependencias.filter { $0.carpeta == propia },
        proyectos: cat.proyectos.filter { $0.carpeta == propia },
        procesos: cat.procesos.filter { $0.carpeta == propia },
        planIntegrado: cat.planIntegrado.filter { $0 == propia })
    }
    let e = EstadoCorte.calcular(
      lote: r.lote, duplicados: r.duplicados, catalogo: cat, corte: r.corte, cortesRiesgo: cortesRiesgo)
    var pendientes = e.pendientes
    var cobertura = e.cobertura
    if acceso.tipo == .dependencia {
      // A rejected attempt is named only when it is the office's own file.
      let propios = Set(
        r.registrados.filter { puedeVer(remitente: $0.envio.remitente, carpeta: $0.carpeta) }.map(\.envio.archivo))
      func propio(_ p: Pendiente) -> Pendiente {
        var p = p
        if let r = p.rechazado, !propios.contains(r.archivo) { p.rechazado = nil }
        return p
      }
      pendientes = pendientes.filter { $0.carpeta == acceso.carpeta }.map(propio)
      cobertura.faltantes = cobertura.faltantes.map(propio)
    }
    return .objeto([
      ("corte", .texto(r.corte.iso)),
      ("cobertura", ConsolidadoV1.cobertura(cobertura)),
      ("pendientes", .lista(pendientes.map(EstadoTexto.pendienteJSON))),
    ])
  }

}
