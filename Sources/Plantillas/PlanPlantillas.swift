import Foundation
import Ledger
import Plan
import Reports
import Schema

/// One workbook of a whole set: which template, for whom, and where.
public struct PlantillaPedida: Sendable {
  public var plantilla: Plantilla
  public var contexto: ContextoPlantilla
  /// The file's path under the output folder: `indicadores.xlsx`, or
  /// `direccion-contratacion/indicadores_contratacion.xlsx`.
  public var archivo: String
  /// What it carries from the vigencia's earlier cortes; empty for a
  /// blank template.
  public var datos = DatosPlantilla()

  public init(plantilla: Plantilla, contexto: ContextoPlantilla, archivo: String) {
    self.plantilla = plantilla
    self.contexto = contexto
    self.archivo = archivo
  }
}

/// The set `pai plantilla --todas` writes: each template blank, and one
/// copy per project, process or office the catalogue expects it from,
/// in the office's folder (the same name it has under `inbox/`).
public enum PlanPlantillas {
  /// - Parameter anterior: what the vigencia's earlier cortes accepted;
  ///   each office's copy then carries its own part of it (`Arrastre`).
  public static func todas(
    esquemas: SchemaSet, catalogo: CatalogoEntidad?, vigencia: Int, corte: Fecha?,
    anterior: CorteAnterior? = nil
  ) -> [PlantillaPedida] {
    var pedidas: [PlantillaPedida] = []
    let nombres = Dictionary(
      (catalogo?.dependencias ?? []).map { ($0.carpeta, $0.nombre) },
      uniquingKeysWith: { a, _ in a })
    for plantilla in esquemas.plantillas.sorted(by: { $0.id < $1.id }) {
      let base = ContextoPlantilla(vigencia: vigencia, corte: corte)
      pedidas.append(
        PlantillaPedida(plantilla: plantilla, contexto: base, archivo: "\(plantilla.id).xlsx"))
      guard let catalogo else { continue }
      func pedida(carpeta: String, sufijo: String?, _ ajustar: (inout ContextoPlantilla) -> Void) {
        var c = base
        c.carpeta = carpeta
        c.dependencia = nombres[carpeta]
        ajustar(&c)
        let nombre = [plantilla.id, sufijo].compactMap { $0 }.joined(separator: "_")
        var p = PlantillaPedida(
          plantilla: plantilla, contexto: c, archivo: "\(carpeta)/\(nombre).xlsx")
        if let anterior { p.arrastrar(anterior) }
        pedidas.append(p)
      }
      switch ComponentePAI(rawValue: plantilla.componente) {
      case .proyectos?:
        for p in catalogo.proyectos {
          pedida(carpeta: p.carpeta, sufijo: p.codigo) {
            $0.proyecto = ProyectoConocido(codigo: p.codigo, nombre: p.nombre)
          }
        }
      case .indicadores?:
        for p in catalogo.procesos where p.indicadores {
          pedida(carpeta: p.carpeta, sufijo: slug(p.nombre)) { $0.proceso = p.nombre }
        }
      case .riesgos?:
        for p in catalogo.procesos where p.riesgos {
          pedida(carpeta: p.carpeta, sufijo: slug(p.nombre)) { $0.proceso = p.nombre }
        }
      case .planIntegrado?:
        for carpeta in catalogo.planIntegrado {
          pedida(carpeta: carpeta, sufijo: nil) { _ in }
        }
      case nil:
        continue
      }
    }
    return pedidas
  }

  /// `Gestión de TIC` → `gestion-de-tic`: safe in any file system.
  public static func slug(_ s: String) -> String {
    let plano = s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    var out = ""
    for ch in plano {
      if ch.isASCII, ch.isLetter || ch.isNumber {
        out.append(ch)
      } else if !out.isEmpty, out.last != "-" {
        out.append("-")
      }
    }
    while out.last == "-" { out.removeLast() }
    return out
  }
}

extension PlantillaPedida {
  /// Fills the workbook with its part of `anterior`, when there is one.
  public mutating func arrastrar(_ anterior: CorteAnterior) {
    guard let (datos, corte) = Arrastre.datos(plantilla, contexto: contexto, anterior: anterior)
    else { return }
    self.datos = datos
    contexto.corteAnterior = corte
  }
}
