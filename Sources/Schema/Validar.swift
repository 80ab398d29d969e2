import Foundation
import Plan
import XLSX

/// A submission's content once valid, as plan types.
public enum Contenido: Sendable, Equatable {
  case proyecto(Proyecto)
  case indicadores([Indicador])
  case actividades([Actividad])
  case riesgos([Riesgo])
}

/// The validation of one file: its template, findings and, when it has no
/// errors, its content. `aceptado` is derived, never set.
public struct InformeArchivo: Sendable {
  public var archivo: String
  public var plantilla: String?
  public var componente: String?
  public var hallazgos: [Hallazgo]
  public var contenido: Contenido?
  /// What the workbook says of itself (form or rows): its dependencia and
  /// corte, used when the file sits at the inbox's top level.
  public var dependencia: String?
  public var corte: Fecha?
  /// Each record's identity (PLAN: *Identity and corrections*) and the
  /// cell that carries it, for cross-file checks.
  public var identidades: [(clave: String, ubicacion: Ubicacion)]

  /// A validation as data, e.g. rebuilt from the ledger.
  public init(
    archivo: String, plantilla: String? = nil, componente: String? = nil,
    hallazgos: [Hallazgo] = [],
    contenido: Contenido? = nil, dependencia: String? = nil, corte: Fecha? = nil,
    identidades: [(clave: String, ubicacion: Ubicacion)] = []
  ) {
    self.archivo = archivo
    self.plantilla = plantilla
    self.componente = componente
    self.hallazgos = hallazgos
    self.contenido = contenido
    self.dependencia = dependencia
    self.corte = corte
    self.identidades = identidades
  }

  public var aceptado: Bool { !hallazgos.contains { $0.severidad == .error } }
  public var errores: Int { hallazgos.filter { $0.severidad == .error }.count }
  public var advertencias: Int { hallazgos.filter { $0.severidad == .advertencia }.count }
}

/// Validates one workbook against the schemas: recognise its template,
/// read each template sheet, apply the rules, and normalise it.
///
/// - Parameters:
///   - ruta: the workbook's path; findings name it by its file name.
///   - corte: the run's corte; rules about months after the corte and
///     missing execution need it, and are skipped without one.
public func validar(
  ruta: String, esquemas: SchemaSet, corte: Fecha?, limites: ReadLimits? = nil,
  anterior: CorteAnterior? = nil
) -> InformeArchivo {
  let archivo = (ruta as NSString).lastPathComponent
  do {
    let libro = try Workbook(path: ruta, limits: limites ?? esquemas.limitesLectura)
    return validar(
      libro: libro, archivo: archivo, esquemas: esquemas, corte: corte, anterior: anterior)
  } catch {
    var informe = InformeArchivo(archivo: archivo)
    informe.hallazgos.append(hallazgoDeLectura(error, archivo: archivo))
    return informe
  }
}

/// A file that cannot be read is a finding like any other, so the batch
/// goes on (Frictionless's `exception.to_errors()`).
func hallazgoDeLectura(_ error: Error, archivo: String) -> Hallazgo {
  let e = (error as? XLSXError) ?? .unreadableFile(reason: "\(error)")
  return Hallazgo(codigoLectura(e), .error, Ubicacion(archivo: archivo), ["lectura": .lectura(e)])
}

/// Validates an already opened workbook (or rows in memory).
///
/// - Parameter anterior: what the vigencia's earlier cortes accepted; each
///   value this workbook changes is a warning `cambio-frente-al-corte-anterior`.
///   Without it (no ledger) nothing is compared.
public func validar(
  libro: FuenteLibro, archivo: String, esquemas: SchemaSet, corte: Fecha?,
  anterior: CorteAnterior? = nil
) -> InformeArchivo {
  var informe = InformeArchivo(archivo: archivo)
  do {
    try ValidadorLibro(
      libro: libro, archivo: archivo, esquemas: esquemas, corte: corte, anterior: anterior
    ).validar(into: &informe)
  } catch {
    informe.hallazgos.append(hallazgoDeLectura(error, archivo: archivo))
    informe.contenido = nil
  }
  return informe
}

/// The corte a workbook declares (the project form's «Fecha de corte»),
/// from its form sheet alone: `procesar` without `--corte` asks this of
/// every new file before it validates any, and a full validation each
/// time doubled the run. Nil for templates without a form and for
/// workbooks that cannot be read or recognised.
public func corteDeclarado(ruta: String, esquemas: SchemaSet) -> Fecha? {
  guard let libro = try? Workbook(path: ruta, limits: esquemas.limitesLectura) else { return nil }
  return corteDeclarado(
    libro: libro, archivo: (ruta as NSString).lastPathComponent, esquemas: esquemas)
}

/// The same, for an opened workbook (or rows in memory).
public func corteDeclarado(libro: FuenteLibro, archivo: String, esquemas: SchemaSet) -> Fecha? {
  guard
    case .plantilla(let plantilla, let hojas)? = try? Reconocedor(libro: libro, esquemas: esquemas)
      .reconocer(),
    let esquema = plantilla.hojas.first(where: { $0.tipo == .formulario }),
    let info = hojas[esquema.nombre],
    let hoja = try? LectorHoja(
      libro: libro, info: info, esquema: esquema, esquemas: esquemas, archivo: archivo
    ).leer()
  else { return nil }
  return hoja.registros.first?.fecha("corte")
}

struct ValidadorLibro {
  let libro: FuenteLibro
  let archivo: String
  let esquemas: SchemaSet
  let corte: Fecha?
  var anterior: CorteAnterior? = nil

  func validar(into informe: inout InformeArchivo) throws {
    let reconocimiento = try Reconocedor(libro: libro, esquemas: esquemas).reconocer()
    guard case .plantilla(let plantilla, let hojas) = reconocimiento else {
      if case .ninguna(let parecida, let hojas, let columnas) = reconocimiento {
        var valores: [String: ValorHallazgo] = ["hojas": .lista(libro.sheets.map(\.name))]
        if let parecida {
          valores["parecida"] = .texto(parecida.titulo)
          if !hojas.isEmpty { valores["hojasFaltantes"] = .lista(hojas) }
          if !columnas.isEmpty { valores["columnasFaltantes"] = .lista(columnas) }
        }
        informe.hallazgos.append(
          Hallazgo(.plantillaNoReconocida, .error, Ubicacion(archivo: archivo), valores))
      }
      return
    }
    informe.plantilla = plantilla.id
    informe.componente = plantilla.componente
    var leidas: [String: HojaLeida] = [:]
    for hojaEsquema in plantilla.hojas {
      guard let info = hojas[hojaEsquema.nombre] else { continue }
      if info.visibility != .visible {
        informe.hallazgos.append(
          Hallazgo(.hojaOculta, .advertencia, Ubicacion(archivo: archivo, hoja: info.name)))
      }
      let hoja = try LectorHoja(
        libro: libro, info: info, esquema: hojaEsquema, esquemas: esquemas, archivo: archivo
      ).leer()
      leidas[hojaEsquema.nombre] = hoja
    }
    // Rules run after every sheet is read: `Metas` checks against the form.
    let formulario = plantilla.hojas.first { $0.tipo == .formulario }
      .flatMap { leidas[$0.nombre]?.registros.first }
    for hojaEsquema in plantilla.hojas {
      guard var hoja = leidas[hojaEsquema.nombre] else { continue }
      var reglas = MotorReglas(
        archivo: archivo, hoja: hoja.nombre, esquema: hojaEsquema, esquemas: esquemas,
        corte: corte, formulario: formulario)
      reglas.aplicar(hoja.registros)
      hoja.hallazgos += reglas.hallazgos
      informe.hallazgos += hoja.hallazgos
      leidas[hojaEsquema.nombre] = hoja
    }
    let normal = Normalizador(plantilla: plantilla, hojas: leidas, archivo: archivo)
    informe.dependencia = normal.dependencia
    informe.corte = formulario?.fecha("corte")
    informe.identidades = normal.identidades()
    if informe.aceptado {
      informe.contenido = normal.contenido()
      // Changes against the earlier cortes warn; they never reject.
      if let anterior, !anterior.vacio {
        informe.hallazgos += ComparadorCorteAnterior(
          anterior: anterior, archivo: archivo, hojas: leidas
        )
        .hallazgos(plantilla: plantilla)
      }
    }
  }
}

/// A template sheet as read: its records and the findings of reading it.
struct HojaLeida {
  var nombre: String
  var registros: [Registro]
  var hallazgos: [Hallazgo]

  init(nombre: String, registros: [Registro], hallazgos: [Hallazgo]) {
    self.nombre = nombre
    self.registros = registros
    self.hallazgos = hallazgos
  }

  /// The sheet's findings in report order (cell errors, the others, the
  /// per-column warnings), each record knowing which of its cells have an
  /// error so the rules derive nothing from them.
  init(nombre: String, registros: [Registro], hallazgos: [Hallazgo], celdas: LectorCeldas) {
    let todos = celdas.errores + hallazgos + celdas.advertencias
    var registros = registros
    registros.marcarErroneas(todos)
    self.init(nombre: nombre, registros: registros, hallazgos: todos)
  }
}
