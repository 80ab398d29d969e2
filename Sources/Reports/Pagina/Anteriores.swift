import Foundation
import Plan

/// Each project, objective, indicator and activity as the latest earlier
/// corte of the vigencia that measured it had it: read from `historial`,
/// which the run already rebuilt from the ledger (no second resolution).
///
/// Empty at the first corte of the vigencia: the page then has no
/// previous-value column at all.
struct Anteriores {
  /// One earlier value and the corte it comes from.
  struct Valor<T> {
    var corte: Fecha
    var item: T
  }

  var proyectos: [String: Valor<MedicionProyecto>] = [:]
  var indicadores: [String: Valor<MedicionIndicador>] = [:]
  var actividades: [String: Valor<MedicionActividad>] = [:]
  /// Per kind, the latest earlier corte that had any of its items: the
  /// column's heading.
  var corteProyectos: Fecha?
  var corteIndicadores: Fecha?
  var corteActividades: Fecha?

  /// None: the first corte of the vigencia.
  init() {}

  /// From the vigencia's cortes (oldest first); only those before `corte`
  /// count, so the corte itself at the end of `historial` is left out.
  init(_ historial: [CorteHistorial], antesDe corte: Fecha) {
    for c in historial where c.corte < corte && c.corte.year == corte.year {
      let m = c.medicion
      for p in m.proyectos { proyectos[p.codigo] = Valor(corte: c.corte, item: p) }
      for i in m.indicadores.items { indicadores[i.codigo] = Valor(corte: c.corte, item: i) }
      for a in m.planIntegrado.items { actividades[a.codigo] = Valor(corte: c.corte, item: a) }
      if !m.proyectos.isEmpty { corteProyectos = c.corte }
      if !m.indicadores.items.isEmpty { corteIndicadores = c.corte }
      if !m.planIntegrado.items.isEmpty { corteActividades = c.corte }
    }
  }

  /// A previous value as the page shows it: `16,98 %`, «—» when the item
  /// was not there or had no value, and the item's own corte after it when
  /// it is older than the column's.
  static func celda<T>(_ v: Valor<T>?, columna: Fecha?, _ valor: (T) -> Decimal?) -> String {
    guard let v else { return "—" }
    let texto = valor(v.item).map(Formato.porcentaje) ?? "—"
    return v.corte == columna ? texto : "\(texto) (\(Formato.fecha(v.corte)))"
  }

  /// The comparison table's rows: this corte's items in order, then the
  /// items only an earlier corte had, by code (`actual` false).
  static func todos<T>(
    _ actuales: [T], _ anteriores: [String: Valor<T>], codigo: (T) -> String,
    fila: (T, _ actual: Bool) -> [String: Any]
  ) -> [[String: Any]] {
    let vistos = Set(actuales.map(codigo))
    let solo = anteriores.filter { !vistos.contains($0.key) }.sorted { $0.key < $1.key }.map(
      \.value.item)
    return actuales.map { fila($0, true) } + solo.map { fila($0, false) }
  }

  /// The heading's data for one kind: whether the column is shown and its
  /// corte.
  static func columna(_ corte: Fecha?) -> [String: Any] {
    [
      "hay": corte != nil, "corto": corte.map(Formato.fecha) ?? "",
      "largo": corte.map(Textos.fechaLarga) ?? "",
    ]
  }
}
