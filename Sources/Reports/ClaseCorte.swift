import Foundation
import Plan

/// What a corte is in the yearly cycle, so that every output words it the
/// same way: the informe's cover, the `Resumen` sheet and `pai procesar`.
public enum ClaseCorte: Hashable, Sendable {
  /// A quarter (31 March, 30 June, 30 September) or any other date.
  case seguimiento
  /// A corte of the risk cycle that closes no quarter (30 April,
  /// 31 August): the PAI is then the risk component alone.
  case riesgos
  /// 31 December: the close of the vigencia.
  case cierre

  /// The class of the measured corte; a risk corte is told by the
  /// configured cycle (`MedicionRiesgos.corteDeSeguimiento`).
  public init(_ m: MedicionPAI) {
    let f = m.corte.fecha
    if f.cierraVigencia {
      self = .cierre
    } else if m.riesgos.corteDeSeguimiento && !f.cierraTrimestre {
      self = .riesgos
    } else {
      self = .seguimiento
    }
  }

  /// «Seguimiento a 31 de marzo de 2021», «Seguimiento de riesgos a 30 de
  /// abril de 2021», «Cierre de la vigencia 2021».
  public static func titulo(_ m: MedicionPAI) -> String {
    let f = m.corte.fecha
    switch ClaseCorte(m) {
    case .seguimiento: return "Seguimiento a \(Textos.fechaLarga(f))"
    case .riesgos: return "Seguimiento de riesgos a \(Textos.fechaLarga(f))"
    case .cierre: return "Cierre de la vigencia \(f.year)"
    }
  }

  /// What the PAI figure covers when the corte is not an ordinary quarter;
  /// nil for a quarter.
  public static func alcance(_ m: MedicionPAI) -> String? {
    switch ClaseCorte(m) {
    case .seguimiento:
      return nil
    case .riesgos:
      return
        "Corte de seguimiento de riesgos: el avance del PAI corresponde solo a la gestión de riesgos."
    case .cierre:
      return "Corte a \(Textos.fechaLarga(m.corte.fecha)): avance del año \(m.corte.fecha.year)."
    }
  }
}
