import Foundation
import Ledger
import Plan
import XLSX

/// One corte of the vigencia as the evolution shows it: its measures and
/// how complete it was, rebuilt from the ledger.
public struct CorteHistorial: Sendable {
  public var medicion: MedicionPAI
  public var cobertura: Cobertura?

  public init(medicion: MedicionPAI, cobertura: Cobertura?) {
    self.medicion = medicion
    self.cobertura = cobertura
  }

  public var corte: Fecha { medicion.corte.fecha }
}

/// One entry of `historial` in `consolidado.json`: the same shapes as the
/// document's top level (`corte`, `pai`, `componentes`, `cobertura`).
public struct CorteHistorialV1: Encodable, Sendable {
  public var corte: String
  public var pai: AvanceV1
  public var componentes: [ComponenteV1]
  @Nulo public var cobertura: CoberturaV1?

  init(_ c: CorteHistorial) {
    corte = c.corte.iso
    pai = AvanceV1(c.medicion.pai)
    componentes = c.medicion.componentes.map {
      ComponenteV1($0, completo: c.cobertura?.completo($0.id))
    }
    cobertura = c.cobertura.map(CoberturaV1.init)
  }
}

/// The PAI's evolution across the cortes of a vigencia: `historial` in
/// `consolidado.json` and the `Evolución` sheet.
public enum Evolucion {
  /// The `Evolución` sheet: one row per corte, the PAI and each component
  /// as percents, and how complete each corte was.
  public static func hoja(_ h: [CorteHistorial]) -> HojaTabla {
    let componentes = ComponentePAI.allCases
    let encabezados =
      ["Corte", "Avance del PAI"] + componentes.map(ConsolidadoXLSX.nombre)
      + ["Reportes esperados", "Reportes aceptados", "Cobertura"]
    let filas = h.map { c -> [WriteCell?] in
      let f = c.corte
      var fila: [WriteCell?] = [
        WriteCell(.date(year: f.year, month: f.month, day: f.day), style: .date),
        c.medicion.pai.map { WriteCell(.number($0), style: .percent) },
      ]
      fila += componentes.map { id in
        c.medicion.componente(id).valor.map { WriteCell(.number($0), style: .percent) }
      }
      if let cobertura = c.cobertura {
        fila += [
          WriteCell(.integer(Int64(cobertura.esperados)), style: .integer),
          WriteCell(.integer(Int64(cobertura.aceptados)), style: .integer),
          WriteCell(.text(cobertura.completa ? "Completa" : EstadoTexto.coberturaTexto(cobertura))),
        ]
      }
      return fila
    }
    return HojaTabla(
      "Evolución", encabezados, anchos: [12, 14, 16, 16, 16, 16, 12, 12, 60], envolver: [8],
      vacia: "Sin cortes", filas)
  }
}
