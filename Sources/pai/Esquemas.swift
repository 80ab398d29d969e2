import Foundation

/// Where `schemas/` is when `--esquemas` is not given, so that every
/// command works from any folder: `$PAI_ESQUEMAS`, then `./schemas`, then
/// beside the binary (`<prefix>/share/pai/schemas` once installed, or the
/// repository's `schemas/` for a binary built in `.build/<config>/`).
enum Esquemas {
  static let ayuda =
    "Carpeta de esquemas. Sin ella: $PAI_ESQUEMAS, ./schemas o la que acompaña al programa (PREFIJO/share/pai/schemas)."

  static func carpeta(_ dada: String?) -> String {
    if let dada { return dada }
    let fm = FileManager.default
    if let env = ProcessInfo.processInfo.environment["PAI_ESQUEMAS"], !env.isEmpty { return env }
    func tienePlantillas(_ ruta: String) -> Bool {
      fm.fileExists(atPath: (ruta as NSString).appendingPathComponent("plantillas"))
    }
    if tienePlantillas("schemas") { return "schemas" }
    let binario = URL(
      fileURLWithPath: (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? CommandLine.arguments[0]
    )
    .resolvingSymlinksInPath().deletingLastPathComponent()
    // Installed; or built by SwiftPM in .build/<config>/ or .build/<triple>/<config>/.
    for candidata in ["../share/pai/schemas", "../../schemas", "../../../schemas"] {
      let ruta = binario.appendingPathComponent(candidata).standardizedFileURL.path
      if tienePlantillas(ruta) { return ruta }
    }
    return "schemas"
  }
}
