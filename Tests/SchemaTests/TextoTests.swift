import Foundation
import XCTest

@testable import Schema

/// The fast paths of the hot loop must give exactly what Foundation gives:
/// the same folded text, the same trimmed text, the same `Decimal` down to
/// its representation (outputs print it), the same hundredths.
final class TextoTests: XCTestCase {
  /// Every printable ASCII character and the ASCII white space, alone and
  /// in pairs, plus header-like texts.
  private var textosASCII: [String] {
    let caracteres =
      (0x09...0x0D).map { Character(Unicode.Scalar($0)!) }
      + (0x20...0x7E).map { Character(Unicode.Scalar(UInt8($0))) }
    var textos = caracteres.map { String($0) }
    for a in caracteres { for b in caracteres { textos.append(String([a, b])) } }
    textos += [
      "", " ", "  Prog.  Enero ", "Código\tdel\nIndicador", "META VIGENCIA", "Programado\r\nmarzo",
      "codigo:", " Nombre del   indicador\t", "ABC def  GHI", "\u{0B}x\u{0C}", "x\r\n",
    ]
    return textos
  }

  func testNormalizarASCIIIgualAFoundation() {
    for t in textosASCII {
      XCTAssertEqual(normalizar(t), normalizarFoundation(t), "«\(t.debugDescription)»")
    }
  }

  func testNormalizarNoASCIIVaPorFoundation() {
    for t in [
      "Código", "  PROGRAMACIÓN  Énero", "Año\u{00A0}fiscal", "ñandú", "Ejecución\u{2028}abril",
    ] {
      XCTAssertEqual(normalizar(t), normalizarFoundation(t))
    }
    XCTAssertEqual(normalizar("  Código  del\nINDICADOR "), "codigo del indicador")
  }

  /// Spanish text is folded letter by letter without Foundation: equal to
  /// Foundation's fold on every Latin-1 character mixed with ASCII, white
  /// space and the characters the fast path leaves to Foundation.
  func testNormalizarLatinoIgualAFoundation() {
    var alfabeto = (0x20...0x7E).map { Character(Unicode.Scalar(UInt8($0))) }
    alfabeto += (0xA0...0xFF).map { Character(Unicode.Scalar(UInt8($0))) }
    alfabeto += ["\t", "\n", "\r", "\u{0B}", "\u{301}", "\u{2028}", "Ā", "ǅ", "ﬁ", "😀", "é"]
    var g = SystemRandomNumberGenerator()
    var textos = [
      "Descripción del objetivo", "AÑO", "Programación ENERO", "Ejecución\u{00A0}abril",
      "Ñandú", "Å", "Øre", "ÿ", "Þ", "ß", "Æ", "×÷", "Ü", "I\u{307}",
    ]
    for _ in 0..<20_000 {
      textos.append(
        String(
          (0..<Int.random(in: 0...12, using: &g)).map { _ in alfabeto.randomElement(using: &g)! }))
    }
    for t in textos {
      XCTAssertEqual(normalizar(t), normalizarFoundation(t), "«\(t.debugDescription)»")
    }
  }

  func testRecortarIgualATrimming() {
    let textos =
      textosASCII + [
        "\u{00A0}x\u{00A0}", " x\u{2028}", "\u{3000}texto ", " ñ ", "ñ", " \u{0301}a", "a\u{00A0} ",
        "\u{0085}",
        "\u{00A0}", " \u{00A0} ",
      ]
    for t in textos {
      XCTAssertEqual(
        recortar(t), t.trimmingCharacters(in: .whitespacesAndNewlines), "«\(t.debugDescription)»")
    }
  }

  private func bytes(_ d: Decimal) -> [UInt8] { withUnsafeBytes(of: d) { Array($0) } }

  func testDecimalExactoIgualAFoundation() {
    var formas = [
      "0", "-0", "+0", "0.0", "00", "7", "007", "50", "100", "1E2", "1e2", "1E+2", "1E-2",
      "4.4286E4", "0.1698",
      "16.98", "12.3400", "-2.5", "+3.25", "1.", ".5", "-.5", "0.000001", "1e-30", "123456789",
      "9999999999999999999",
      "10000000000000000000", "99999999999999999999", "1234567890.123456789", "0.30000000000000004",
      "2.2204460492503131E-16", "1.7976931348623157E308", "5E-324", "1e99", "1e-99", "1e100",
      "1e-100",
      "44286.000000000007", "3.0000000000000000001", "abc", "", "-", ".", "1e", "1e+", "1.2.3",
      "1 ", " 1",
      "1,5", "NaN", "inf", "0x10", "1e5x",
    ]
    for i in 0..<2000 {
      // Month cells and targets as spreadsheets write them.
      formas.append("\(i * 7919 % 100_003).\(i % 97)")
      formas.append("\(Double(i) / 7)")
      formas.append("\(Double(i) * 1.1e-5)")
    }
    for f in formas {
      let rapido = decimalExacto(f)
      let foundation = decimalFoundation(f)
      XCTAssertEqual(rapido, foundation, f)
      if let rapido, let foundation {
        XCTAssertEqual(bytes(rapido), bytes(foundation), "representación de \(f)")
        XCTAssertEqual("\(rapido)", "\(foundation)", f)
      }
    }
  }

  func testCentesimasIgualADividirPorCien() {
    var valores: [Decimal] = [0, 1, -1, 50, 100, Decimal(string: "0.5")!, Decimal(string: "-2.5")!]
    for i in 0..<3000 {
      valores.append(Decimal(string: "\(i * 7919 % 100_003).\(i % 97)")!)
      valores.append(Decimal(string: "\(Double(i) / 7)")!)
      valores.append(Decimal(string: "-\(i)e\(i % 40 - 20)")!)
    }
    valores.append(Decimal(string: "1e-120")!)
    valores.append(Decimal(string: "123456789012345678901234567890")!)
    for v in valores {
      XCTAssertEqual(v.centesimas(), v / 100, "\(v)")
      XCTAssertEqual(bytes(v.centesimas()), bytes(v / 100), "representación de \(v)")
    }
  }

  func testMesDeEncabezadoNormalizadoUnaVez() {
    let prefijos = ["Prog.", "Programado", "Programación"]
    for (h, mes) in [
      ("Prog. enero", 1), ("PROGRAMADO  Marzo", 3), ("Prog setiembre", 9),
      ("Programación diciembre", 12),
      ("prog.junio", 6), ("Ejec. enero", nil), ("Prog. enerox", nil),
    ] as [(String, Int?)] {
      XCTAssertEqual(mesDeEncabezado(h, prefijos: prefijos), mes, h)
      XCTAssertEqual(
        mesDeEncabezado(normalizado: normalizar(h), prefijos: prefijos.map(prefijoDeMes)), mes, h)
    }
  }
}
