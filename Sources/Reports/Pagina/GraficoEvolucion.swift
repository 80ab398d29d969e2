import Foundation
import Plan

extension Graficos {
  /// One line of the evolution chart: a name, a colour and its value at
  /// each corte (nil where it was not measured).
  public struct Serie: Sendable {
    public var nombre: String
    public var color: String
    public var valores: [Decimal?]

    public init(nombre: String, color: String, valores: [Decimal?]) {
      self.nombre = nombre
      self.color = color
      self.valores = valores
    }
  }

  /// The PAI and its components corte by corte: one line per series over
  /// the cortes, a dashed 100 % line and a legend. Points carry no labels:
  /// close values made them unreadable, and the page prints the same
  /// figures in a table under the chart. A series not measured at a corte
  /// has a gap there, never a zero.
  ///
  /// - Parameters:
  ///   - cortes: the x axis, oldest first.
  ///   - series: the lines; each has one value per corte.
  /// - Returns: an `<svg>` element.
  public static func evolucion(cortes: [Fecha], series: [Serie]) -> String {
    let ancho = 900.0
    let alto = 330.0
    let izq = 56.0
    let der = 56.0
    let arriba = 20.0
    let abajo = 86.0
    let todos = series.flatMap { $0.valores.compactMap { $0 } }
    let tope = max(1.2, (todos.map(doble).max() ?? 1) * 1.1)
    let paso = cortes.count > 1 ? (ancho - izq - der) / Double(cortes.count - 1) : 0
    func x(_ i: Int) -> Double {
      cortes.count > 1 ? izq + Double(i) * paso : (izq + ancho - der) / 2
    }
    func y(_ v: Double) -> Double {
      arriba + (alto - arriba - abajo) * (1 - min(max(v, 0), tope) / tope)
    }

    var svg = """
      <svg class="grafico evolucion" width="\(n(ancho))" height="\(n(alto))" \
      viewBox="0 0 \(n(ancho)) \(n(alto))" role="img" \
      aria-label="Evolución del avance del PAI y de sus componentes por corte">
      """
    // Horizontal guides at 0, 50 and 100 %, the last one marked.
    for (v, clase) in [(0.0, "g-guia"), (0.5, "g-guia"), (1.0, "g-meta")] {
      let yy = y(v)
      let trazo = clase == "g-meta" ? " stroke-dasharray=\"6 4\"" : ""
      svg += """
        <line class="\(clase)" x1="\(n(izq))" y1="\(n(yy))" x2="\(n(ancho - der))" y2="\(n(yy))" \
        stroke="\(clase == "g-meta" ? colorMarca : colorPista)"\(trazo)/>\
        <text class="g-texto" x="\(n(izq - 6))" y="\(n(yy + 4))" text-anchor="end" font-size="11" \
        fill="\(colorMarca)">\(xml(Formato.porcentaje(Decimal(v))))</text>
        """
    }
    for (i, c) in cortes.enumerated() {
      svg += """
        <text class="g-texto" x="\(n(x(i)))" y="\(n(alto - abajo + 18))" text-anchor="middle" \
        font-size="12" fill="\(colorTexto)">\(xml(Formato.fecha(c)))</text>
        """
    }
    for (k, s) in series.enumerated() {
      let grosor = k == 0 ? 3.5 : 2
      // Consecutive measured points are joined; a gap breaks the line.
      var tramo: [String] = []
      func cerrar() {
        if tramo.count > 1 {
          svg += """
            <polyline class="g-serie" points="\(tramo.joined(separator: " "))" fill="none" \
            stroke="\(s.color)" stroke-width="\(n(grosor))"/>
            """
        }
        tramo = []
      }
      for (i, v) in s.valores.enumerated() {
        guard let v else {
          cerrar()
          continue
        }
        let px = x(i)
        let py = y(doble(v))
        tramo.append("\(n(px)),\(n(py))")
        svg += """
          <circle class="g-punto" cx="\(n(px))" cy="\(n(py))" r="\(k == 0 ? 5 : 4)" fill="\(s.color)">\
          <title>\(xml(s.nombre)): \(xml(Formato.porcentaje(v)))</title></circle>
          """
      }
      cerrar()
    }
    // Legend under the axis, on a second row when the first is full.
    var lx = izq
    var ly = alto - abajo + 44
    for s in series {
      let anchoEtiqueta = 28 + Double(s.nombre.count) * 6.8
      if lx + anchoEtiqueta > ancho - der, lx > izq {
        lx = izq
        ly += 20
      }
      svg += """
        <rect x="\(n(lx))" y="\(n(ly - 5))" width="14" height="4" fill="\(s.color)"/>\
        <text class="g-texto" x="\(n(lx + 20))" y="\(n(ly))" font-size="12" \
        fill="\(colorTexto)">\(xml(s.nombre))</text>
        """
      lx += anchoEtiqueta
    }
    return svg + "</svg>"
  }
}
