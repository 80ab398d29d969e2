import Foundation

/// `schemas/catalogo.json`: what each office must send at each corte.
public struct CatalogoEntidad: Codable, Sendable {
  public struct Dependencia: Codable, Sendable {
    public var carpeta: String
    public var nombre: String
  }

  public struct ProyectoEsperado: Codable, Sendable {
    public var codigo: String
    public var carpeta: String
    public var nombre: String
  }

  public struct Proceso: Codable, Sendable {
    public var nombre: String
    public var carpeta: String
    public var indicadores: Bool
    public var riesgos: Bool
  }

  public var dependencias: [Dependencia]
  public var proyectos: [ProyectoEsperado]
  public var procesos: [Proceso]
  /// Offices (folders) that report activities of the integrated plan.
  public var planIntegrado: [String]

  public init(
    dependencias: [Dependencia] = [], proyectos: [ProyectoEsperado] = [], procesos: [Proceso] = [],
    planIntegrado: [String] = []
  ) {
    self.dependencias = dependencias
    self.proyectos = proyectos
    self.procesos = procesos
    self.planIntegrado = planIntegrado
  }

  /// The file's name inside the schemas folder.
  public static let archivo = "catalogo.json"

  public static func cargar(_ ruta: String) throws -> CatalogoEntidad {
    try JSONDecoder().decode(
      CatalogoEntidad.self, from: Data(contentsOf: URL(fileURLWithPath: ruta)))
  }

  /// The catalogue of a schemas folder, the one way every command reads
  /// it: nil when the folder has none (coverage and the pending list are
  /// then not computed, and templates come out blank).
  ///
  /// - Throws: `ErrorEsquema.archivoInvalido` when the file exists but
  ///   cannot be read as a catalogue.
  public static func cargar(desde carpeta: String) throws -> CatalogoEntidad? {
    let ruta = (carpeta as NSString).appendingPathComponent(archivo)
    guard FileManager.default.fileExists(atPath: ruta) else { return nil }
    do {
      return try cargar(ruta)
    } catch {
      throw ErrorEsquema.archivoInvalido(archivo: archivo, detalle: "\(error)")
    }
  }
}
