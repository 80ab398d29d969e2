import Foundation
import Plan
import Reports
import Schema

/// What is known of a template to generate: the vigencia and corte, and
/// whom it is for. Known values are written into the workbook (the form's
/// code and name) or offered as the only choice of a column.
public struct ContextoPlantilla: Sendable {
  public var vigencia: Int
  public var corte: Fecha?
  public var dependencia: String?
  /// For the `proyecto` template: the project's code and name.
  public var proyecto: ProyectoConocido?
  /// For `indicadores` and `riesgos`: the process that reports.
  public var proceso: String?
  /// The office's folder under `inbox/`, named in the instructions.
  public var carpeta: String?
  /// The earlier corte whose accepted data the workbook carries
  /// (`Arrastre`): its sheets are then protected, the carried cells grey
  /// and locked, and only what is reported anew is open. Nil for a blank
  /// template.
  public var corteAnterior: Fecha?

  public init(
    vigencia: Int, corte: Fecha? = nil, dependencia: String? = nil,
    proyecto: ProyectoConocido? = nil, proceso: String? = nil, carpeta: String? = nil
  ) {
    self.vigencia = vigencia
    self.corte = corte
    self.dependencia = dependencia
    self.proyecto = proyecto
    self.proceso = proceso
    self.carpeta = carpeta
  }
}

public struct ProyectoConocido: Sendable, Equatable {
  public var codigo: String
  public var nombre: String?

  public init(codigo: String, nombre: String? = nil) {
    self.codigo = codigo
    self.nombre = nombre
  }
}

/// A value written into a template cell.
public enum DatoPlantilla: Sendable, Equatable {
  case texto(String)
  case numero(Decimal)
  case fecha(Fecha)
}

/// One filled row of a table sheet: its fields by id and its months.
public struct FilaPlantilla: Sendable {
  public var valores: [String: DatoPlantilla]
  /// Twelve months, January first; nil leaves the cell blank.
  public var prog: [Decimal?]
  public var ejec: [Decimal?]

  public init(
    _ valores: [String: DatoPlantilla], prog: [Decimal?] = [], ejec: [Decimal?] = []
  ) {
    self.valores = valores
    self.prog = (prog + Array(repeating: nil, count: 12)).prefix(12).map { $0 }
    self.ejec = (ejec + Array(repeating: nil, count: 12)).prefix(12).map { $0 }
  }
}

/// Content to write into a template beyond what the context gives: form
/// values by field id, and rows by sheet name. Empty for a blank template;
/// tests fill it to send a template through validation.
public struct DatosPlantilla: Sendable {
  public var formulario: [String: DatoPlantilla]
  public var filas: [String: [FilaPlantilla]]

  public init(formulario: [String: DatoPlantilla] = [:], filas: [String: [FilaPlantilla]] = [:]) {
    self.formulario = formulario
    self.filas = filas
  }
}
