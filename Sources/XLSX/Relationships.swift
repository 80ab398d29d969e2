import Foundation

/// One `<Relationship>` of a `.rels` part, its target resolved to a part
/// name inside the package.
struct Relationship {
  let id: String
  let type: String
  let target: String
  let isExternal: Bool

  /// The last path segment of the type: `officeDocument`, `worksheet`,
  /// `sharedStrings`… Transitional and strict OOXML differ only before it.
  var kind: Substring { type.split(separator: "/").last ?? "" }
}

enum Relationships {
  /// The `.rels` part that describes `part`: `xl/workbook.xml` →
  /// `xl/_rels/workbook.xml.rels`; the package itself → `_rels/.rels`.
  static func relsPart(for part: String) -> String {
    guard let slash = part.lastIndex(of: "/") else { return "_rels/\(part).rels" }
    let dir = part[..<slash]
    let file = part[part.index(after: slash)...]
    return "\(dir)/_rels/\(file).rels"
  }

  /// Reads the relationships of `part` (nil: the package), or none when the
  /// rels part is absent.
  static func read(for part: String?, in package: ZipPackage) throws
    -> [Relationship]
  {
    let rels = part.map(relsPart(for:)) ?? "_rels/.rels"
    guard package.contains(rels) else { return [] }
    let handler = Handler()
    try parse(rels, in: package, cap: 16 << 20, with: handler)
    return try handler.found.map { raw in
      let external = raw.mode?.lowercased() == "external"
      let target =
        external ? raw.target : try resolve(raw.target, from: part ?? "", rels: rels)
      return Relationship(
        id: raw.id, type: raw.type, target: target, isExternal: external)
    }
  }

  /// Resolves a relative or absolute target against the source part's
  /// folder. A target that climbs out of the package is refused: it can only
  /// be a mistake or an attack (`../../etc/passwd`).
  static func resolve(_ target: String, from source: String, rels: String) throws
    -> String
  {
    var segments: [Substring] = []
    if !target.hasPrefix("/") {
      segments = source.split(separator: "/").dropLast()
    }
    for segment in target.split(separator: "/") {
      switch segment {
      case ".": continue
      case "..":
        if segments.popLast() == nil {
          throw XLSXError.relationshipOutsidePackage(part: rels, target: target)
        }
      default: segments.append(segment)
      }
    }
    let path = segments.joined(separator: "/")
    return path.removingPercentEncoding ?? path
  }

  private final class Handler: XMLEventHandler {
    var found: [(id: String, type: String, target: String, mode: String?)] = []
    var wantsText: Bool { false }
    func start(_ name: XMLName, _ attributes: XMLAttributes) throws {
      guard name.is("Relationship"), let id = attributes.value("Id"),
        let type = attributes.value("Type"),
        let target = attributes.value("Target")
      else { return }
      found.append((id, type, target, attributes.value("TargetMode")))
    }
    func end(_ name: XMLName) throws {}
    func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {}
  }
}
