import Foundation
import Plan
import XLSX

/// The type a field's cells are read as (Table Schema's `type`, with the
/// kinds PLAN's templates need).
public enum TipoCampo: String, Codable, Sendable {
  case texto, entero, numero, dinero, porcentaje, fecha, `enum`
}

/// A condition on another field of the same row: `unidad = Porcentaje`.
public struct Condicion: Codable, Sendable, Hashable {
  public var campo: String
  public var valor: String
}

/// One column of a table sheet, or one label of a form sheet.
public struct Campo: Codable, Sendable {
  public var id: String
  /// The header (or label) as the template writes it.
  public var encabezado: String
  /// Other headers offices use for the same column.
  public var sinonimos: [String]?
  public var tipo: TipoCampo
  public var requerido: Bool?
  public var minimo: Decimal?
  public var minimoExclusivo: Decimal?
  public var maximo: Decimal?
  /// A regular expression the text must match whole.
  public var patron: String?
  /// Allowed values of an `enum` field, written as they should read …
  public var valores: [String]?
  /// … or the name of a list in `listas.json` (the 18 plans).
  public var lista: String?
  /// Read as a percent when another field of the row has a value.
  public var porcentajeSi: Condicion?
  /// Cell texts that mean "no value" (Table Schema's missingValues).
  public var faltantes: [String]?
  /// Reported anew at every corte (cumulative amounts, a risk's
  /// monitoring): a template that carries an earlier corte forward leaves
  /// it blank and open instead of repeating the old value.
  public var cadaCorte: Bool?

  var esRequerido: Bool { requerido ?? false }
  var nombres: [String] { [encabezado] + (sinonimos ?? []) }
}

/// A group of twelve month columns (`Prog. enero … Prog. diciembre`).
public struct GrupoMeses: Codable, Sendable {
  /// Header prefixes before the month name, e.g. `Prog.`, `Programado`.
  public var prefijos: [String]
  public var tipo: TipoCampo
  public var minimo: Decimal?
  public var maximo: Decimal?
  public var porcentajeSi: Condicion?
}

public struct MesesHoja: Codable, Sendable {
  public var programacion: GrupoMeses
  public var ejecucion: GrupoMeses
}

public enum TipoHoja: String, Codable, Sendable {
  /// Labels with their values to the right (`Proyecto`).
  case formulario
  /// A header row and one record per row.
  case tabla
}

public struct HojaEsquema: Codable, Sendable {
  public var nombre: String
  public var tipo: TipoHoja
  /// Fields whose blank cells make a non-blank row half-filled.
  public var clave: [String]?
  public var campos: [Campo]
  public var meses: MesesHoja?
  public var reglas: [Regla]?
  /// The fewest data rows a table sheet must have: a template sent with
  /// an empty `Metas` is not a report (`sin-datos`). Nil is no minimum.
  public var filasMinimas: Int?
  /// What one row is, singular and without article (`meta`), for the
  /// messages that ask for rows.
  public var registro: String?

  public func campo(_ id: String) -> Campo? { campos.first { $0.id == id } }
}

/// One of the four templates, loaded from `schemas/plantillas/*.json`.
public struct Plantilla: Codable, Sendable {
  public var id: String
  public var componente: String
  public var titulo: String
  /// The fields that identify a record across submissions (PLAN:
  /// *Identity and corrections*).
  public var identidad: [String]
  public var hojas: [HojaEsquema]
}

extension Plantilla {
  /// Decodes one template file. A rule of an unknown kind, or whose
  /// parameters do not fit its kind, is an `ErrorEsquema` naming the
  /// template and the sheet; any other defect is `archivoInvalido`.
  static func leer(_ datos: Data, archivo: String) throws -> Plantilla {
    do {
      return try JSONDecoder().decode(Plantilla.self, from: datos)
    } catch let fallo as ReglaInvalida {
      // The decoder stopped inside a rule: take the names from the raw JSON.
      let crudo = (try? JSONSerialization.jsonObject(with: datos)) as? [String: Any]
      let plantilla = crudo?["id"] as? String ?? archivo
      let hojas = crudo?["hojas"] as? [[String: Any]] ?? []
      let hoja = fallo.hoja.flatMap {
        hojas.indices.contains($0) ? hojas[$0]["nombre"] as? String : nil
      }
      switch fallo.causa {
      case .desconocida(let nombre):
        throw ErrorEsquema.reglaDesconocida(plantilla: plantilla, regla: nombre)
      case .malFormada(let tipo, let problema):
        throw ErrorEsquema.reglaMalFormada(
          plantilla: plantilla, hoja: hoja ?? "", regla: tipo, problema: problema)
      }
    } catch let error as DecodingError {
      throw ErrorEsquema.archivoInvalido(archivo: archivo, detalle: "\(error)")
    } catch {
      throw ErrorEsquema.archivoInvalido(archivo: archivo, detalle: error.localizedDescription)
    }
  }
}

/// Settings of the run that are entity data, not code.
public struct ConfiguracionPAI: Codable, Sendable {
  /// Risk follow-up cortes as `MM-DD`.
  public var cortesRiesgo: [String]
  /// PLAN: equalities hold within 0,5 % of the larger side …
  public var toleranciaRelativa: Decimal
  /// … or 0,5 percentage points for percent totals.
  public var toleranciaPuntos: Decimal
  public var filasBusquedaEncabezado: Int
  /// The reader's caps, for the planning office to raise or lower.
  public var limites: LimitesLectura?
}

/// `pai.json` → `limites`: the reader's safety caps in units an office
/// can read. Absent keys keep the defaults, which let a real 50 MB
/// workbook through.
public struct LimitesLectura: Codable, Sendable {
  /// Largest inflated size of any one part of the zip, in MB.
  public var parteMB: Int?
  /// Largest inflated shared-strings table (held in memory), in MB.
  public var cadenasMB: Int?
  /// Largest inflated ÷ compressed ratio of a part past 8 MB.
  public var razonCompresion: Int?
  /// Most non-empty cells read from one sheet.
  public var celdasPorHoja: Int?
  /// Longest text in one cell.
  public var caracteresPorCelda: Int?
  /// Largest upload the portal (`pai servir`) takes, in MB; 50 by default.
  public var envioMB: Int?
}

/// Everything in `schemas/`: the templates, the lists they refer to and the
/// run's settings. A planning office edits these files, never Swift.
public struct SchemaSet: Sendable {
  public var plantillas: [Plantilla]
  public var listas: [String: [String]]
  public var configuracion: ConfiguracionPAI

  public init(plantillas: [Plantilla], listas: [String: [String]], configuracion: ConfiguracionPAI)
  {
    self.plantillas = plantillas
    self.listas = listas
    self.configuracion = configuracion
  }

  /// Loads `plantillas/*.json`, `listas.json` and `pai.json` from a folder
  /// and checks that every rule kind, field reference and list exists.
  public static func cargar(desde carpeta: URL) throws -> SchemaSet {
    let decoder = JSONDecoder()
    func leer<T: Decodable>(_ tipo: T.Type, _ url: URL) throws -> T {
      do {
        return try decoder.decode(T.self, from: Data(contentsOf: url))
      } catch let error as DecodingError {
        throw ErrorEsquema.archivoInvalido(archivo: url.lastPathComponent, detalle: "\(error)")
      } catch {
        throw ErrorEsquema.archivoInvalido(
          archivo: url.lastPathComponent, detalle: error.localizedDescription)
      }
    }
    let dir = carpeta.appendingPathComponent("plantillas")
    let archivos =
      ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
      .filter { $0.hasSuffix(".json") }.sorted()
    guard !archivos.isEmpty else { throw ErrorEsquema.sinPlantillas(carpeta: dir.path) }
    let plantillas = try archivos.map { archivo in
      let url = dir.appendingPathComponent(archivo)
      let datos: Data
      do {
        datos = try Data(contentsOf: url)
      } catch {
        throw ErrorEsquema.archivoInvalido(archivo: archivo, detalle: error.localizedDescription)
      }
      return try Plantilla.leer(datos, archivo: archivo)
    }
    let listas = try leer([String: [String]].self, carpeta.appendingPathComponent("listas.json"))
    let configuracion = try leer(
      ConfiguracionPAI.self, carpeta.appendingPathComponent("pai.json"))
    let set = SchemaSet(plantillas: plantillas, listas: listas, configuracion: configuracion)
    try set.verificar()
    return set
  }

  func verificar() throws {
    for plantilla in plantillas {
      for hoja in plantilla.hojas {
        let ids = Set(hoja.campos.map(\.id))
        if let minimas = hoja.filasMinimas, minimas < 0 || hoja.tipo != .tabla {
          throw ErrorEsquema.referenciaInvalida(
            plantilla: plantilla.id,
            detalle:
              "la hoja \(hoja.nombre) declara filasMinimas \(minimas); solo una tabla puede, y con 0 o más"
          )
        }
        for campo in hoja.campos {
          if let lista = campo.lista, listas[lista] == nil {
            throw ErrorEsquema.referenciaInvalida(
              plantilla: plantilla.id, detalle: "la lista «\(lista)» no existe en listas.json")
          }
          if campo.tipo == .enum, campo.valores == nil, campo.lista == nil {
            throw ErrorEsquema.referenciaInvalida(
              plantilla: plantilla.id, detalle: "el campo «\(campo.id)» es enum sin valores")
          }
        }
        for regla in hoja.reglas ?? [] {
          for id in regla.camposNombrados where !ids.contains(id) {
            throw ErrorEsquema.referenciaInvalida(
              plantilla: plantilla.id,
              detalle:
                "la regla «\(regla.tipo.rawValue)» de la hoja \(hoja.nombre) nombra el campo «\(id)», que no existe"
            )
          }
        }
      }
    }
  }

  /// The allowed values of an enum field.
  func valores(de campo: Campo) -> [String] {
    campo.valores ?? campo.lista.flatMap { listas[$0] } ?? []
  }

  /// `ReadLimits` with what `pai.json` sets.
  public var limitesLectura: ReadLimits {
    var l = ReadLimits()
    guard let c = configuracion.limites else { return l }
    if let v = c.parteMB { l.maxPartBytes = Int64(v) << 20 }
    if let v = c.cadenasMB { l.maxSharedStringsBytes = Int64(v) << 20 }
    if let v = c.razonCompresion { l.maxCompressionRatio = Int64(v) }
    if let v = c.celdasPorHoja { l.maxCellsPerSheet = v }
    if let v = c.caracteresPorCelda { l.maxStringLength = v }
    return l
  }

  /// The largest upload the portal takes, in bytes (`limites.envioMB`,
  /// 50 MB by default).
  public var limiteEnvioBytes: Int64 { Int64(configuracion.limites?.envioMB ?? 50) << 20 }

  /// The risk follow-up cortes of a vigencia.
  public func cortesRiesgo(vigencia: Int) -> [Fecha] {
    configuracion.cortesRiesgo.compactMap { mmdd in
      let p = mmdd.split(separator: "-").compactMap { Int($0) }
      return p.count == 2 ? Fecha(year: vigencia, month: p[0], day: p[1]) : nil
    }
  }
}

/// A schema file that cannot be used; the run stops before reading inputs.
public enum ErrorEsquema: Error, Equatable {
  case sinPlantillas(carpeta: String)
  case archivoInvalido(archivo: String, detalle: String)
  case reglaDesconocida(plantilla: String, regla: String)
  /// A rule of a known kind whose parameters do not fit it.
  case reglaMalFormada(plantilla: String, hoja: String, regla: TipoRegla, problema: ProblemaRegla)
  case referenciaInvalida(plantilla: String, detalle: String)
}
