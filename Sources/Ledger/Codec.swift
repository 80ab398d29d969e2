import Foundation
import Plan
import Schema
import XLSX

/// The ledger's JSON columns (`filaAceptada.datos`, `hallazgo.valores`,
/// `envio.identidades`): one `Codable` document type each, written with
/// sorted keys so the same value is always the same text, and read
/// strictly. A missing key, a wrong type or a number that is not one is an
/// error that names the row (`ErrorLibro.filaIlegible`): a figure rebuilt
/// from a half-read row would be wrong with confidence.
enum JSONLibro {
  static func texto<T: Encodable>(_ valor: T) throws -> String {
    // The same bytes with less work; any refusal (or a value that
    // fails to encode) goes to Foundation, which writes or reports it.
    if let texto = try? JSONCompacto.texto(valor) { return texto }
    return try textoFoundation(valor)
  }

  /// The reference: what `JSONCompacto` must equal byte for byte.
  static func textoFoundation<T: Encodable>(_ valor: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(valor), as: UTF8.self)
  }

  /// Decodes one column of one row; a failure names the row.
  static func valor<T: Decodable>(
    _ tipo: T.Type, _ texto: String, ruta: String, tabla: String, id: Int64?
  ) throws -> T {
    // The same value with less work; anything else (an error included)
    // is Foundation's to read or to report.
    if let valor = try? JSONLector.valor(tipo, texto) { return valor }
    do {
      return try JSONDecoder().decode(tipo, from: Data(texto.utf8))
    } catch let error as DecodingError {
      throw ErrorLibro.filaIlegible(
        ruta: ruta, tabla: tabla, id: id ?? 0, problema: ProblemaFila(error))
    }
  }
}

extension ProblemaFila {
  init(_ error: DecodingError) {
    func ruta(_ camino: [CodingKey], _ clave: CodingKey? = nil) -> String {
      (camino + (clave.map { [$0] } ?? [])).map { k in
        k.intValue.map { "[\($0)]" } ?? ".\(k.stringValue)"
      }.joined().trimmingPrefix(".").description
    }
    switch error {
    case .keyNotFound(let clave, let c): self = .falta(campo: ruta(c.codingPath, clave))
    case .valueNotFound(_, let c): self = .nulo(campo: ruta(c.codingPath))
    case .typeMismatch(_, let c): self = .tipo(campo: ruta(c.codingPath))
    case .dataCorrupted(let c): self = .valor(campo: ruta(c.codingPath))
    @unknown default: self = .valor(campo: "")
    }
  }
}

/// An optional that is always written, as `null` when absent, and must be
/// present when read. Synthesized `Codable` would omit a nil and accept a
/// missing key, which is how a field silently becomes empty.
@propertyWrapper
struct Nulable<T: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
  var wrappedValue: T?

  init(wrappedValue: T?) { self.wrappedValue = wrappedValue }

  init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    wrappedValue = c.decodeNil() ? nil : try c.decode(T.self)
  }

  func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    if let v = wrappedValue { try c.encode(v) } else { try c.encodeNil() }
  }
}

/// A decimal as the string of its exact digits: nothing the ledger keeps
/// goes through binary floating point.
struct Digitos: Codable, Hashable, Sendable {
  var valor: Decimal

  init(_ valor: Decimal) { self.valor = valor }

  private static let posix = Locale(identifier: "en_US_POSIX")

  init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    let texto = try c.decode(String.self)
    guard let d = Digitos.valor(texto) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a decimal: \(texto)")
    }
    valor = d
  }

  /// The decimal a ledger text holds, nil when it is not one.
  static func valor(_ texto: String) -> Decimal? {
    if let d = rapido(texto) { return d }
    guard let d = Decimal(string: texto, locale: posix), !d.isNaN,
      texto.utf8.allSatisfy({ (0x30...0x39).contains($0) || "-.E+e".utf8.contains($0) })
    else { return nil }
    return d
  }

  /// `-?[0-9]*(.[0-9]*)?` with at most 18 significant digits, nonzero:
  /// every figure a workbook holds, read without `Decimal(string:)`'s
  /// locale and scanner. The value is the one `Decimal(string:)` gives,
  /// stored alike (`CodecTests` compares their bytes); anything else
  /// goes to it.
  private static func rapido(_ texto: String) -> Decimal? {
    var mantisa: UInt64 = 0
    var exponente = 0
    var (negativo, punto, cifras, alguna) = (false, false, 0, false)
    for (i, b) in texto.utf8.enumerated() {
      switch b {
      case UInt8(ascii: "-") where i == 0: negativo = true
      case UInt8(ascii: ".") where !punto: punto = true
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        alguna = true
        if punto { exponente -= 1 }
        if mantisa == 0 && b == UInt8(ascii: "0") { continue }
        cifras += 1
        guard cifras <= 18 else { return nil }
        mantisa = mantisa * 10 + UInt64(b - UInt8(ascii: "0"))
      default: return nil
      }
    }
    // A `Decimal`'s exponent stops at -128: past it the value would
    // quietly be 0, where `Decimal(string:)` refuses the text.
    guard alguna, mantisa != 0, exponente >= -128 else { return nil }
    return Decimal(
      sign: negativo ? .minus : .plus, exponent: exponente, significand: Decimal(mantisa))
  }

  func encode(to encoder: Encoder) throws {
    guard !valor.isNaN else {
      throw EncodingError.invalidValue(
        valor, .init(codingPath: encoder.codingPath, debugDescription: "NaN has no digits"))
    }
    var c = encoder.singleValueContainer()
    try c.encode(Digitos.texto(valor))
  }

  /// `valor.description`, without its cost (`DecimalText`).
  static func texto(_ valor: Decimal) -> String { DecimalText.plain(valor) }
}

/// A day as ISO text (`2021-03-31`); anything else is refused on reading.
struct DiaISO: Codable, Hashable, Sendable {
  var fecha: Fecha

  init(_ fecha: Fecha) { self.fecha = fecha }

  init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    let iso = try c.decode(String.self)
    guard let f = Fecha(iso: iso) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a date: \(iso)")
    }
    fecha = f
  }

  func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(fecha.iso)
  }
}

/// Twelve months, January first; `null` where the cell was blank.
struct MesesLibro: Codable, Hashable, Sendable {
  var meses: Meses

  init(_ meses: Meses) { self.meses = meses }

  init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    // Texts, then figures: decoding each month as a `Digitos?` through
    // the decoder cost a third of reading a corte back. Each figure is
    // checked before the count, as then, so an error names the same place.
    let lista = try c.decode([String?].self)
    let leidos: Meses = try lista.enumerated().map { i, texto in
      guard let texto else { return nil }
      guard let d = Digitos.valor(texto) else {
        throw DecodingError.dataCorrupted(
          .init(
            codingPath: c.codingPath + [ClaveJSON(intValue: i)], debugDescription: "not a decimal"))
      }
      return d
    }
    guard leidos.count == 12 else {
      throw DecodingError.dataCorruptedError(
        in: c, debugDescription: "\(lista.count) months, not 12")
    }
    meses = leidos
  }

  func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(meses.map { $0.map(Digitos.init) })
  }
}

// MARK: - Accepted rows

/// One accepted record as a ledger row: its kind, code and data.
struct FilaPlan: Sendable {
  var tipo: String
  var codigo: String
  var datos: String
}

/// The kind of content a submission's rows make, stored on the submission.
enum ClaseContenido: String {
  case proyecto, indicadores, actividades, riesgos

  init(_ c: Contenido) {
    switch c {
    case .proyecto: self = .proyecto
    case .indicadores: self = .indicadores
    case .actividades: self = .actividades
    case .riesgos: self = .riesgos
    }
  }

  /// The `filaAceptada.tipo` of each of its rows.
  var tipoFila: String {
    switch self {
    case .proyecto: "proyecto"
    case .indicadores: "indicador"
    case .actividades: "actividad"
    case .riesgos: "riesgo"
    }
  }
}

struct ProyectoLibro: Codable {
  var codigo, nombre, objetivoGeneral, dependencia: String
  var metas: [MetaLibro]
  var presupuesto: [LineaLibro]

  init(_ p: Proyecto) {
    (codigo, nombre, objetivoGeneral, dependencia) =
      (p.codigo, p.nombre, p.objetivoGeneral, p.dependencia)
    metas = p.metas.map(MetaLibro.init)
    presupuesto = p.presupuesto.map(LineaLibro.init)
  }

  var modelo: Proyecto {
    Proyecto(
      codigo: codigo, nombre: nombre, objetivoGeneral: objetivoGeneral, dependencia: dependencia,
      metas: metas.map(\.modelo), presupuesto: presupuesto.map(\.modelo))
  }
}

struct MetaLibro: Codable {
  var objetivo: Int
  var descripcionObjetivo: String
  var numero: Int
  var descripcion: String
  var anualizacion: Anualizacion
  var magnitud: Digitos
  var programacion, ejecucion: MesesLibro

  init(_ m: Meta) {
    (objetivo, descripcionObjetivo, numero, descripcion, anualizacion) =
      (m.objetivo, m.descripcionObjetivo, m.numero, m.descripcion, m.anualizacion)
    magnitud = Digitos(m.magnitud)
    programacion = MesesLibro(m.programacion)
    ejecucion = MesesLibro(m.ejecucion)
  }

  var modelo: Meta {
    Meta(
      objetivo: objetivo, descripcionObjetivo: descripcionObjetivo, numero: numero,
      descripcion: descripcion, anualizacion: anualizacion, magnitud: magnitud.valor,
      programacion: programacion.meses, ejecucion: ejecucion.meses)
  }
}

struct LineaLibro: Codable {
  var fuente: String
  var apropiacion, compromisos: Digitos
  /// Null when the office left it blank (commitments without payments yet).
  @Nulable var giros: Digitos?

  init(_ l: LineaPresupuesto) {
    fuente = l.fuente
    apropiacion = Digitos(l.apropiacion)
    compromisos = Digitos(l.compromisos)
    giros = l.giros.map(Digitos.init)
  }

  var modelo: LineaPresupuesto {
    LineaPresupuesto(
      fuente: fuente, apropiacion: apropiacion.valor, compromisos: compromisos.valor,
      giros: giros?.valor)
  }
}

struct IndicadorLibro: Codable {
  var codigo, nombre, proceso, dependencia: String
  var periodicidad: Periodicidad
  var anualizacion: Anualizacion
  var unidad: UnidadMedida
  var metaVigencia: Digitos
  var programacion, ejecucion: MesesLibro

  init(_ i: Indicador) {
    (codigo, nombre, proceso, dependencia) = (i.codigo, i.nombre, i.proceso, i.dependencia)
    (periodicidad, anualizacion, unidad) = (i.periodicidad, i.anualizacion, i.unidad)
    metaVigencia = Digitos(i.metaVigencia)
    programacion = MesesLibro(i.programacion)
    ejecucion = MesesLibro(i.ejecucion)
  }

  var modelo: Indicador {
    Indicador(
      codigo: codigo, nombre: nombre, proceso: proceso, dependencia: dependencia,
      periodicidad: periodicidad, anualizacion: anualizacion, unidad: unidad,
      metaVigencia: metaVigencia.valor, programacion: programacion.meses,
      ejecucion: ejecucion.meses)
  }
}

struct ActividadLibro: Codable {
  var plan, codigo, actividad, dependencia: String
  var programacion, ejecucion: MesesLibro

  init(_ a: Actividad) {
    (plan, codigo, actividad, dependencia) = (a.plan, a.codigo, a.actividad, a.dependencia)
    programacion = MesesLibro(a.programacion)
    ejecucion = MesesLibro(a.ejecucion)
  }

  var modelo: Actividad {
    Actividad(
      plan: plan, codigo: codigo, actividad: actividad, dependencia: dependencia,
      programacion: programacion.meses, ejecucion: ejecucion.meses)
  }
}

struct RiesgoLibro: Codable {
  var proceso, codigo, descripcion: String
  var tipo: TipoRiesgo
  var zona: ZonaRiesgo
  var periodicidad: Periodicidad
  var fechaMonitoreo: DiaISO
  var accionesProgramadas, accionesEjecutadas: Int
  var materializado: Bool

  init(_ r: Riesgo) {
    (proceso, codigo, descripcion) = (r.proceso, r.codigo, r.descripcion)
    (tipo, zona, periodicidad) = (r.tipo, r.zona, r.periodicidad)
    fechaMonitoreo = DiaISO(r.fechaMonitoreo)
    (accionesProgramadas, accionesEjecutadas) = (r.accionesProgramadas, r.accionesEjecutadas)
    materializado = r.materializado
  }

  var modelo: Riesgo {
    Riesgo(
      proceso: proceso, codigo: codigo, tipo: tipo, descripcion: descripcion, zona: zona,
      periodicidad: periodicidad, fechaMonitoreo: fechaMonitoreo.fecha,
      accionesProgramadas: accionesProgramadas,
      accionesEjecutadas: accionesEjecutadas, materializado: materializado)
  }
}

enum CodecContenido {
  static func filas(_ c: Contenido) throws -> [FilaPlan] {
    let tipo = ClaseContenido(c).tipoFila
    switch c {
    case .proyecto(let p):
      return [FilaPlan(tipo: tipo, codigo: p.codigo, datos: try JSONLibro.texto(ProyectoLibro(p)))]
    case .indicadores(let l):
      return try l.map {
        FilaPlan(tipo: tipo, codigo: $0.codigo, datos: try JSONLibro.texto(IndicadorLibro($0)))
      }
    case .actividades(let l):
      return try l.map {
        FilaPlan(tipo: tipo, codigo: $0.codigo, datos: try JSONLibro.texto(ActividadLibro($0)))
      }
    case .riesgos(let l):
      return try l.map {
        FilaPlan(tipo: tipo, codigo: $0.codigo, datos: try JSONLibro.texto(RiesgoLibro($0)))
      }
    }
  }

  /// Rebuilds a submission's content from its rows (id and data), in their
  /// order.
  static func contenido(
    clase: String, filas: [(id: Int64?, datos: String)], ruta: String, envio: Int64
  ) throws -> Contenido {
    func leer<T: Decodable>(_ t: T.Type, _ f: (id: Int64?, datos: String)) throws -> T {
      try JSONLibro.valor(t, f.datos, ruta: ruta, tabla: "filaAceptada", id: f.id)
    }
    switch ClaseContenido(rawValue: clase) {
    case .proyecto:
      guard filas.count == 1 else {
        throw ErrorLibro.filaIlegible(
          ruta: ruta, tabla: "envio", id: envio, problema: .filas(filas.count))
      }
      return .proyecto(try leer(ProyectoLibro.self, filas[0]).modelo)
    case .indicadores:
      return .indicadores(try filas.map { try leer(IndicadorLibro.self, $0).modelo })
    case .actividades:
      return .actividades(try filas.map { try leer(ActividadLibro.self, $0).modelo })
    case .riesgos:
      return .riesgos(try filas.map { try leer(RiesgoLibro.self, $0).modelo })
    case nil:
      throw ErrorLibro.filaIlegible(
        ruta: ruta, tabla: "envio", id: envio, problema: .valor(campo: "contenido"))
    }
  }
}

// MARK: - Findings

/// A finding's value as `{"t": kind, "v": value}`.
struct ValorLibro: Codable {
  var valor: ValorHallazgo

  init(_ valor: ValorHallazgo) { self.valor = valor }

  private enum Tipo: String, Codable {
    case texto, numero, porcentaje, entero, fecha, lista, lectura
  }

  private enum Claves: String, CodingKey { case t, v }

  init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: Claves.self)
    switch try c.decode(Tipo.self, forKey: .t) {
    case .texto: valor = .texto(try c.decode(String.self, forKey: .v))
    case .numero: valor = .numero(try c.decode(Digitos.self, forKey: .v).valor)
    case .porcentaje: valor = .porcentaje(try c.decode(Digitos.self, forKey: .v).valor)
    case .entero: valor = .entero(try c.decode(Int.self, forKey: .v))
    case .fecha: valor = .fecha(try c.decode(DiaISO.self, forKey: .v).fecha)
    case .lista: valor = .lista(try c.decode([String].self, forKey: .v))
    case .lectura: valor = .lectura(try c.decode(XLSXError.self, forKey: .v))
    }
  }

  func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: Claves.self)
    switch valor {
    case .texto(let s):
      try c.encode(Tipo.texto, forKey: .t)
      try c.encode(s, forKey: .v)
    case .numero(let d):
      try c.encode(Tipo.numero, forKey: .t)
      try c.encode(Digitos(d), forKey: .v)
    case .porcentaje(let d):
      try c.encode(Tipo.porcentaje, forKey: .t)
      try c.encode(Digitos(d), forKey: .v)
    case .entero(let i):
      try c.encode(Tipo.entero, forKey: .t)
      try c.encode(i, forKey: .v)
    case .fecha(let f):
      try c.encode(Tipo.fecha, forKey: .t)
      try c.encode(DiaISO(f), forKey: .v)
    case .lista(let l):
      try c.encode(Tipo.lista, forKey: .t)
      try c.encode(l, forKey: .v)
    case .lectura(let e):
      try c.encode(Tipo.lectura, forKey: .t)
      try c.encode(e, forKey: .v)
    }
  }
}

/// A record's identity and the cell it was read from.
struct IdentidadLibro: Codable, Hashable {
  var clave, archivo: String
  @Nulable var hoja: String?
  @Nulable var celda: CellRef?
  @Nulable var rango: CellRange?
  @Nulable var fila: Int?

  init(clave: String, ubicacion u: Ubicacion) {
    (self.clave, archivo) = (clave, u.archivo)
    (hoja, celda, rango, fila) = (u.hoja, u.celda, u.rango, u.fila)
  }

  var identidad: (clave: String, ubicacion: Ubicacion) {
    (clave, Ubicacion(archivo: archivo, hoja: hoja, celda: celda, rango: rango, fila: fila))
  }
}

enum CodecHallazgo {
  static func fila(_ h: Hallazgo, envioId: Int64, origen: String, orden: Int) throws
    -> HallazgoFila
  {
    HallazgoFila(
      id: nil, envioId: envioId, origen: origen, orden: orden, codigo: h.codigo.rawValue,
      severidad: h.severidad.rawValue, archivo: h.ubicacion.archivo, hoja: h.ubicacion.hoja,
      celda: h.ubicacion.celda?.description, rango: h.ubicacion.rango?.description,
      fila: h.ubicacion.fila,
      valores: try JSONLibro.texto(h.valores.mapValues(ValorLibro.init)),
      celdas: h.ubicacion.otrasCeldas.isEmpty
        ? nil : h.ubicacion.otrasCeldas.map(\.description).joined(separator: " "))
  }

  /// A finding back from its row.
  ///
  /// - Throws: `ErrorLibro.codigoDesconocido` when this build does not know
  ///   the row's code (a newer `pai` wrote it): the finding cannot be worded
  ///   or counted right, and guessing would misreport the corte;
  ///   `ErrorLibro.filaIlegible` when its values do not read back.
  static func hallazgo(_ f: HallazgoFila, ruta: String) throws -> Hallazgo {
    guard let codigo = CodigoHallazgo(rawValue: f.codigo) else {
      throw ErrorLibro.codigoDesconocido(ruta: ruta, codigo: f.codigo)
    }
    guard let severidad = Severidad(rawValue: f.severidad) else {
      throw ErrorLibro.filaIlegible(
        ruta: ruta, tabla: "hallazgo", id: f.id ?? 0, problema: .valor(campo: "severidad"))
    }
    let ubicacion = Ubicacion(
      archivo: f.archivo, hoja: f.hoja, celda: f.celda.flatMap { CellRef(Substring($0)) },
      rango: f.rango.flatMap(CellRange.init), fila: f.fila,
      otrasCeldas: (f.celdas ?? "").split(separator: " ").compactMap { CellRef($0) })
    let valores = try JSONLibro.valor(
      [String: ValorLibro].self, f.valores, ruta: ruta, tabla: "hallazgo", id: f.id)
    return Hallazgo(codigo, severidad, ubicacion, valores.mapValues(\.valor))
  }

  static func identidades(_ l: [(clave: String, ubicacion: Ubicacion)]) throws -> String {
    try JSONLibro.texto(l.map { IdentidadLibro(clave: $0.clave, ubicacion: $0.ubicacion) })
  }

  static func identidades(_ texto: String, ruta: String, envio: Int64?) throws
    -> [(clave: String, ubicacion: Ubicacion)]
  {
    try JSONLibro.valor([IdentidadLibro].self, texto, ruta: ruta, tabla: "envio", id: envio)
      .map(\.identidad)
  }
}
