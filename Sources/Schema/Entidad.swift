import Foundation

/// The entity whose plan is followed: the data on the report's first pages
/// (`schemas/entidad.json`). Another entity changes this file, not code.
public struct Entidad: Decodable, Hashable, Sendable {
  /// The file's name inside the schemas folder.
  public static let archivo = "entidad.json"

  /// `Secretaría General de la Alcaldía Mayor de Bogotá`.
  public var nombre: String
  public var mision: String
  public var vision: String
  /// The strategic objectives, in order (the seed has eight).
  public var objetivosEstrategicos: [String]

  /// An entity from its data.
  public init(nombre: String, mision: String, vision: String, objetivosEstrategicos: [String]) {
    self.nombre = nombre
    self.mision = mision
    self.vision = vision
    self.objetivosEstrategicos = objetivosEstrategicos
  }

  /// Loads the entity's data.
  ///
  /// - Parameter url: `schemas/entidad.json`, or the schemas folder that
  ///   holds it.
  /// - Returns: the entity.
  /// - Throws: `ErrorEsquema.archivoInvalido` when the file is missing, is
  ///   not JSON of this shape, or leaves the name blank; `Mensajes.esquema`
  ///   words it.
  public static func cargar(desde url: URL) throws -> Entidad {
    var esDirectorio: ObjCBool = false
    let existe = FileManager.default.fileExists(atPath: url.path, isDirectory: &esDirectorio)
    let ruta = existe && esDirectorio.boolValue ? url.appendingPathComponent(archivo) : url
    let nombreArchivo = ruta.lastPathComponent
    let datos: Data
    do {
      datos = try Data(contentsOf: ruta)
    } catch {
      throw ErrorEsquema.archivoInvalido(
        archivo: nombreArchivo, detalle: "no se encuentra o no se puede abrir (\(ruta.path)).")
    }
    let entidad: Entidad
    do {
      entidad = try JSONDecoder().decode(Entidad.self, from: datos)
    } catch let DecodingError.keyNotFound(clave, _) {
      throw ErrorEsquema.archivoInvalido(
        archivo: nombreArchivo, detalle: "falta el campo «\(clave.stringValue)».")
    } catch {
      throw ErrorEsquema.archivoInvalido(
        archivo: nombreArchivo,
        detalle: "no es un JSON con nombre, mision, vision y objetivosEstrategicos (\(error)).")
    }
    if entidad.nombre.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw ErrorEsquema.archivoInvalido(
        archivo: nombreArchivo, detalle: "el nombre está en blanco.")
    }
    return entidad
  }
}
