import Foundation

/// A file found in the inbox, with the sender its folder names.
public struct ArchivoBandeja: Sendable, Equatable {
  public var ruta: String
  /// `inbox/<dependencia>/…` names the sender; nil for a file at the top.
  public var carpeta: String?
  public var modificado: Date
  public var bytes: Int64

  public var nombre: String { (ruta as NSString).lastPathComponent }
}

/// The inbox as a drop box: every file is a submission except hidden files,
/// Office lock files (`~$libro.xlsx`, `.~lock.libro.xlsx#`) and names that
/// writers use while a copy is in progress.
public enum Bandeja {
  public static func ignorado(_ nombre: String) -> Bool {
    nombre.hasPrefix(".") || nombre.hasPrefix("~$") || nombre.hasSuffix("#")
      || nombre.hasSuffix(".tmp") || nombre.hasSuffix(".part") || nombre.hasSuffix(".crdownload")
  }

  /// Every submission under `carpeta`, sorted by path; sub-folders deeper
  /// than one level still take the first level as the sender.
  public static func listar(_ carpeta: String) throws -> [ArchivoBandeja] {
    let raiz = URL(fileURLWithPath: carpeta).standardizedFileURL
    let fm = FileManager.default
    var isDir: ObjCBool = false
    guard fm.fileExists(atPath: raiz.path, isDirectory: &isDir), isDir.boolValue else {
      throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: raiz.path])
    }
    guard
      let enumerador = fm.enumerator(
        at: raiz, includingPropertiesForKeys: [.isRegularFileKey, .contentModificationDateKey, .fileSizeKey],
        options: [.skipsHiddenFiles])
    else { return [] }
    var out: [ArchivoBandeja] = []
    for case let url as URL in enumerador {
      let valores = try? url.resourceValues(forKeys: [.isRegularFileKey, .contentModificationDateKey, .fileSizeKey])
      guard valores?.isRegularFile == true, !ignorado(url.lastPathComponent) else { continue }
      let relativa = url.standardizedFileURL.path.dropFirst(raiz.path.count + 1)
      let partes = relativa.split(separator: "/")
      out.append(
        ArchivoBandeja(
          ruta: url.path, carpeta: partes.count > 1 ? String(partes[0]) : nil,
          modificado: valores?.contentModificationDate ?? Date(timeIntervalSince1970: 0),
          bytes: Int64(valores?.fileSize ?? 0)))
    }
    return out.sorted { $0.ruta < $1.ruta }
  }
}
