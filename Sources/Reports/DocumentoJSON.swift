import Foundation
import Ledger

/// A JSON document pai writes: `consolidado.json`, `estado.json`, the
/// per-submission reports, the portal's API answers. Conforming gives the
/// one writer they all share, so that the same data is the same bytes in
/// every run and every document looks alike: keys sorted at every level,
/// two-space indent, slashes as they are, a final newline.
public protocol DocumentoJSON: Encodable {}

extension DocumentoJSON {
  /// The document as written to disk or sent by the portal.
  public func serializar() throws -> String {
    // The same bytes with less work; a refusal (or a value that fails to
    // encode) goes to Foundation, which writes or reports it.
    // Debug builds, which the test suite runs, check every document
    // written against Foundation.
    guard let texto = try? JSONCompacto.legible(self) + "\n" else {
      return try serializarFoundation()
    }
    assert((try? serializarFoundation()) == texto, "JSONCompacto.legible ≠ JSONEncoder")
    return texto
  }

  /// The reference: what `JSONCompacto.legible` must equal byte for byte.
  package func serializarFoundation() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }
}

/// An optional that is written as an explicit `null` when it is nil.
/// Synthesized `Encodable` leaves such a key out, but the schemas make
/// these keys required (`"cumplimiento": null` says "not programmed",
/// which a missing key does not); wrapping the property keeps the
/// synthesized conformance instead of a hand-written `encode(to:)` per type.
@propertyWrapper
public struct Nulo<Valor> {
  public var wrappedValue: Valor?

  public init(wrappedValue: Valor?) { self.wrappedValue = wrappedValue }
}

extension Nulo: Encodable where Valor: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    if let v = wrappedValue { try c.encode(v) } else { try c.encodeNil() }
  }
}

extension Nulo: Decodable where Valor: Decodable {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    wrappedValue = c.decodeNil() ? nil : try c.decode(Valor.self)
  }
}

extension Nulo: Equatable where Valor: Equatable {}
extension Nulo: Sendable where Valor: Sendable {}

extension KeyedDecodingContainer {
  /// A document written before the key existed still reads: a missing
  /// key is nil, as it was for a plain optional.
  public func decode<Valor: Decodable>(_ tipo: Nulo<Valor>.Type, forKey key: Key) throws
    -> Nulo<Valor>
  {
    try decodeIfPresent(tipo, forKey: key) ?? Nulo(wrappedValue: nil)
  }
}

/// A ratio, an amount or a target as JSON: every digit of the `Decimal`,
/// in positional notation (`1.0119918699186991869918699186991869918`,
/// `19615000000`), never through `Double`. Foundation's encoder writes a
/// `Decimal`'s own digits already, but writes NaN as the bare word `NaN`,
/// which is not JSON; a NaN is written as `null` here.
public struct Cifra: Encodable, Equatable, Sendable {
  public var valor: Decimal

  public init(_ valor: Decimal) { self.valor = valor }

  /// nil stays nil, so that `@Nulo` writes it as `null`.
  public init?(_ valor: Decimal?) {
    guard let valor else { return nil }
    self.valor = valor
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    if valor.isNaN { try c.encodeNil() } else { try c.encode(valor) }
  }
}
