import Foundation

/// Small inline SVG charts for the quarterly page, each with its figure
/// written beside it as text (es-CO), so the number survives a black and
/// white print and a screen reader.
///
/// Pure functions: a value in, an `<svg>` string out. Shapes carry CSS
/// classes (`g-pista`, `g-valor`, `g-texto`, …) and default colours as
/// presentation attributes, so the page's stylesheet may restyle them and a
/// chart still reads on its own. No `xmlns`: inline SVG in HTML needs none,
/// and the page names no web address. Geometry is computed in `Double`: it
/// only draws; every figure shown comes from the `Decimal` via `Formato`.
public enum Graficos {
  /// One part of a stacked bar.
  public struct Segmento: Hashable, Sendable {
    /// How many items the part counts; 0 draws nothing.
    public var cantidad: Int
    /// A CSS class for the part (`banda-desde100`), for colour and legend.
    public var clase: String
    /// Its default colour, used when the page does not restyle the class.
    public var color: String

    /// A part of `cantidad` items drawn with `clase` and `color`.
    public init(cantidad: Int, clase: String, color: String) {
      self.cantidad = cantidad
      self.clase = clase
      self.color = color
    }
  }

  static let colorPista = "#e6e9ef"
  static let colorValor = "#1d4e89"
  static let colorTexto = "#1f2937"
  static let colorMarca = "#6b7280"

  /// A ring gauge: the share of the ring filled is the fraction (a full
  /// ring from 100 % up), with the percent written in its middle.
  ///
  /// - Parameters:
  ///   - fraccion: the value, a fraction (1.012 is 101,20 %).
  ///   - diametro: the side of the square drawing, in CSS pixels.
  /// - Returns: an `<svg>` element.
  public static func dona(_ fraccion: Decimal, diametro: Int = 140) -> String {
    let texto = Formato.porcentaje(fraccion)
    let d = Double(max(diametro, 40))
    let grosor = d * 0.12
    let r = (d - grosor) / 2
    let c = d / 2
    let lleno = min(max(doble(fraccion), 0), 1) * 100
    let excede = fraccion > 1 ? " g-excede" : ""
    // The figure fits the hole: bold digits are about 0.56 em wide.
    let hueco = d - 2 * grosor
    let fuente = min(d * 0.22, hueco * 0.82 / (Double(texto.count) * 0.56))
    return """
      <svg class="grafico dona\(excede)" \
      width="\(n(d))" height="\(n(d))" viewBox="0 0 \(n(d)) \(n(d))" role="img" \
      aria-label="\(xml(texto))">\
      <circle class="g-pista" cx="\(n(c))" cy="\(n(c))" r="\(n(r))" fill="none" \
      stroke="\(colorPista)" stroke-width="\(n(grosor))"/>\
      <circle class="g-valor" cx="\(n(c))" cy="\(n(c))" r="\(n(r))" fill="none" \
      stroke="\(colorValor)" stroke-width="\(n(grosor))" pathLength="100" \
      stroke-dasharray="\(n(lleno)) \(n(100 - lleno))" \
      transform="rotate(-90 \(n(c)) \(n(c)))"/>\
      <text class="g-texto" x="\(n(c))" y="\(n(c))" text-anchor="middle" \
      dominant-baseline="central" font-size="\(n(fuente))" font-weight="700" \
      fill="\(colorTexto)">\(xml(texto))</text></svg>
      """
  }

  /// One horizontal bar whose length is the fraction over `escala`, with
  /// the percent written right after its end.
  ///
  /// Bars that are compared share one `escala`: 1 when every value is at
  /// most 100 %, else the largest value, and then a thin mark labelled
  /// «100 %» (above the bar, which makes the drawing taller) shows where
  /// 100 % falls.
  ///
  /// - Parameters:
  ///   - fraccion: the value, a fraction.
  ///   - escala: the fraction that fills the whole track (at least 1).
  ///   - ancho: the width of the drawing, text included, in CSS pixels.
  ///   - alto: its height.
  /// - Returns: an `<svg>` element.
  public static func barra(
    _ fraccion: Decimal, escala: Decimal = 1, ancho: Int = 300, alto: Int = 20
  ) -> String {
    let texto = Formato.porcentaje(fraccion)
    let w = Double(max(ancho, 120))
    let h = Double(max(alto, 10))
    let espacioTexto = h * 4.2
    let pista = w - espacioTexto
    let e = max(doble(escala), 1)
    let largo = min(max(doble(fraccion) / e, 0), 1) * pista
    let barraAlto = h * 0.7
    // Room above the bar for the mark's «100 %», when there is a mark.
    let rotulo = e > 1 ? (h * 0.65).rounded() : 0
    let y = rotulo + (h - barraAlto) / 2
    var marca = ""
    if e > 1 {
      let x = pista / e
      let fuente = h * 0.5
      let cien = Formato.porcentaje(1)
      // Centred on the mark, kept inside the track.
      let xTexto = min(max(x, fuente * 1.4), pista - fuente * 1.4)
      marca =
        "<line class=\"g-marca\" x1=\"\(n(x))\" y1=\"\(n(rotulo - 2))\" x2=\"\(n(x))\" "
        + "y2=\"\(n(rotulo + h))\" stroke=\"\(colorMarca)\" stroke-width=\"1.5\"/>"
        + "<text class=\"g-marca-texto\" x=\"\(n(xTexto))\" y=\"\(n(rotulo - 4))\" "
        + "text-anchor=\"middle\" font-size=\"\(n(fuente))\" fill=\"\(colorMarca)\">\(xml(cien))</text>"
    }
    let total = h + rotulo
    return """
      <svg class="grafico barra" \
      width="\(n(w))" height="\(n(total))" viewBox="0 0 \(n(w)) \(n(total))" role="img" \
      aria-label="\(xml(texto))">\
      <rect class="g-pista" x="0" y="\(n(y))" width="\(n(pista))" height="\(n(barraAlto))" \
      rx="\(n(barraAlto / 2))" fill="\(colorPista)"/>\
      <rect class="g-valor" x="0" y="\(n(y))" width="\(n(largo))" height="\(n(barraAlto))" \
      rx="\(n(barraAlto / 2))" fill="\(colorValor)"/>\
      \(marca)\
      <text class="g-texto" x="\(n(pista + h * 0.35))" y="\(n(rotulo + h / 2))" \
      dominant-baseline="central" font-size="\(n(h * 0.72))" font-weight="700" \
      fill="\(colorTexto)">\(xml(texto))</text></svg>
      """
  }

  /// A horizontal bar split in parts proportional to their counts (the
  /// indicators per band), each count written in its part, or above it
  /// when the part is too narrow to hold it.
  ///
  /// - Parameters:
  ///   - segmentos: the parts, left to right; parts of 0 are left out.
  ///   - ancho: the width of the drawing, in CSS pixels.
  ///   - alto: the height of the bar.
  /// - Returns: an `<svg>` element; an empty track when every count is 0.
  public static func barraApilada(
    _ segmentos: [Segmento], ancho: Int = 720, alto: Int = 34
  ) -> String {
    let w = Double(max(ancho, 60))
    let h = Double(max(alto, 14))
    let visibles = segmentos.filter { $0.cantidad > 0 }
    let total = visibles.reduce(0) { $0 + $1.cantidad }
    let fuente = h * 0.5
    var partes: [(s: Segmento, x: Double, largo: Double, cabe: Bool)] = []
    var x = 0.0
    for s in visibles {
      let largo = Double(s.cantidad) / Double(total) * w
      let digitos = Double(Formato.entero(s.cantidad).count)
      partes.append((s, x, largo, largo >= fuente * (digitos * 0.7 + 0.8)))
      x += largo
    }
    // Room above the bar only for counts too wide for their part.
    let arriba = partes.allSatisfy(\.cabe) ? 0 : fuente * 1.5
    let alturaTotal = arriba + h
    var cuerpo = ""
    for p in partes {
      let clase = xml(p.s.clase)
      let cifra = Formato.entero(p.s.cantidad)
      let cx = p.x + p.largo / 2
      cuerpo +=
        "<rect class=\"g-segmento \(clase)\" x=\"\(n(p.x))\" y=\"\(n(arriba))\" "
        + "width=\"\(n(p.largo))\" height=\"\(n(h))\" fill=\"\(xml(p.s.color))\"/>"
      if p.cabe {
        cuerpo +=
          "<text class=\"g-texto g-dentro \(clase)\" x=\"\(n(cx))\" y=\"\(n(arriba + h / 2))\" "
          + "text-anchor=\"middle\" dominant-baseline=\"central\" font-size=\"\(n(fuente))\" "
          + "font-weight=\"700\" fill=\"#ffffff\">\(cifra)</text>"
      } else {
        cuerpo +=
          "<text class=\"g-texto \(clase)\" x=\"\(n(min(max(cx, fuente), w - fuente)))\" "
          + "y=\"\(n(arriba - fuente * 0.35))\" text-anchor=\"middle\" "
          + "font-size=\"\(n(fuente))\" font-weight=\"700\" fill=\"\(colorTexto)\">\(cifra)</text>"
      }
    }
    if partes.isEmpty {
      cuerpo =
        "<rect class=\"g-pista\" x=\"0\" y=\"0\" width=\"\(n(w))\" "
        + "height=\"\(n(h))\" fill=\"\(colorPista)\"/>"
    }
    let etiqueta = visibles.map { Formato.entero($0.cantidad) }.joined(separator: " + ")
    return """
      <svg class="grafico apilada" \
      width="\(n(w))" height="\(n(alturaTotal))" viewBox="0 0 \(n(w)) \(n(alturaTotal))" \
      role="img" aria-label="\(xml(etiqueta))">\(cuerpo)</svg>
      """
  }

  /// A number for an SVG attribute: C syntax (decimal point), two places
  /// at most, never the es-CO comma.
  static func n(_ x: Double) -> String {
    // In whole hundredths, without `String(format:)`: a page with a
    // thousand projects writes tens of thousands of these.
    let centesimas = (x * 100).rounded()
    guard centesimas.magnitude < 1e15 else {
      return centesimas.isFinite ? String(format: "%.0f", x) : "0"
    }
    let c = Int(centesimas)
    let entero = String(c.magnitude / 100)
    let signo = c < 0 ? "-" : ""
    switch c.magnitude % 100 {
    case 0: return signo + entero
    case let r where r % 10 == 0: return signo + entero + "." + String(r / 10)
    case let r: return signo + entero + (r < 10 ? ".0" : ".") + String(r)
    }
  }

  static func doble(_ x: Decimal) -> Double {
    NSDecimalNumber(decimal: x).doubleValue
  }

  /// Escapes text for XML or HTML content and quoted attribute values:
  /// the page's charts and the portal's pages. Scalar by scalar, so a `<`
  /// followed by a combining mark (one `Character`) is escaped too.
  public static func xml(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for u in s.unicodeScalars {
      switch u {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(u)
      }
    }
    return out
  }
}
