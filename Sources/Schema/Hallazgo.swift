import Foundation
import Plan
import XLSX

public enum Severidad: String, Codable, Sendable {
  case error, advertencia
}

/// A value carried by a finding; formatted (es-CO) only when a message is
/// written.
public enum ValorHallazgo: Equatable, Sendable {
  case texto(String)
  case numero(Decimal)
  case porcentaje(Decimal)
  case entero(Int)
  case fecha(Fecha)
  case lista([String])
  /// Why the file could not be read at all.
  case lectura(XLSXError)
}

/// Where a finding points. A range is used for per-column warnings
/// (`Actividades!E5:E40`).
public struct Ubicacion: Hashable, Sendable {
  public var archivo: String
  public var hoja: String?
  public var celda: CellRef?
  public var rango: CellRange?
  public var fila: Int?
  /// The other cells the finding concerns besides `celda` (the month
  /// cells that make a sum, the other side of a comparison), so that the
  /// office is shown every cell it may have to change, not only the
  /// target.
  public var otrasCeldas: [CellRef]

  public init(
    archivo: String, hoja: String? = nil, celda: CellRef? = nil, rango: CellRange? = nil,
    fila: Int? = nil, otrasCeldas: [CellRef] = []
  ) {
    self.archivo = archivo
    self.hoja = hoja
    self.celda = celda
    self.rango = rango
    self.fila = fila
    self.otrasCeldas = otrasCeldas
  }

  /// Every cell the finding concerns, its main cell first, each once.
  public var celdas: [CellRef] {
    var vistas = Set<CellRef>()
    return ([celda].compactMap { $0 } + otrasCeldas).filter { vistas.insert($0).inserted }
  }

  /// `Metas!K14`, `Actividades!E5:E40`, `Metas fila 7`, or the sheet alone.
  public var referencia: String? {
    guard let hoja else { return nil }
    if let celda { return "\(hoja)!\(celda)" }
    if let rango { return "\(hoja)!\(rango)" }
    if let fila { return "\(hoja) fila \(fila)" }
    return hoja
  }
}

/// One error or warning: a stable code, where, and the values involved.
/// The words come later, from the Spanish catalogue in Reports.
public struct Hallazgo: Equatable, Sendable {
  public var codigo: String
  public var severidad: Severidad
  public var ubicacion: Ubicacion
  public var valores: [String: ValorHallazgo]

  public init(
    _ codigo: String, _ severidad: Severidad, _ ubicacion: Ubicacion,
    _ valores: [String: ValorHallazgo] = [:]
  ) {
    self.codigo = codigo
    self.severidad = severidad
    self.ubicacion = ubicacion
    self.valores = valores
  }
}
