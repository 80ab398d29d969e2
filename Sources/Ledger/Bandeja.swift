import Foundation
import XLSX

/// A file found in the inbox, with the sender its folder names.
public struct ArchivoBandeja: Sendable, Equatable {
  public var ruta: String
  /// `inbox/<dependencia>/…` names the sender; nil for a file at the top.
  public var carpeta: String?
  public var modificado: Date
  public var bytes: Int64

  public init(ruta: String, carpeta: String?, modificado: Date, bytes: Int64) {
    self.ruta = ruta
    self.carpeta = carpeta
    self.modificado = modificado
    self.bytes = bytes
  }

  /// The text after the last slash (asked many times per file, so not
  /// through `NSString`); a path ending in one is left to `NSString`.
  public var nombre: String {
    guard let barra = ruta.utf8.lastIndex(of: UInt8(ascii: "/")) else { return ruta }
    let despues = ruta.utf8.index(after: barra)
    guard despues < ruta.endIndex else { return (ruta as NSString).lastPathComponent }
    return String(ruta[despues...])
  }

  /// What two looks compare: a file still being written changes one.
  public var huellaRapida: Huella { Huella(bytes: bytes, modificado: modificado) }

  public struct Huella: Hashable, Sendable {
    public var bytes: Int64
    public var modificado: Date
  }
}

/// Whether a file can be taken now.
public enum Completitud: Equatable, Sendable {
  case completo
  /// Changed between two looks, empty, or a zip without its end record
  /// that was modified recently: left for the next pass.
  case enEscritura
}

/// The inbox as a drop box: every file is a submission except hidden files,
/// Office lock files (`~$libro.xlsx`, `.~lock.libro.xlsx#`) and names that
/// writers use while a copy is in progress.
public enum Bandeja {
  public static func ignorado(_ nombre: String) -> Bool {
    let bajo = nombre.lowercased()
    return nombre.hasPrefix(".") || nombre.hasPrefix("~") || nombre.hasSuffix("#")
      || nombre.hasSuffix("~")
      || [".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp"].contains {
        bajo.hasSuffix($0)
      }
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
        at: raiz,
        includingPropertiesForKeys: [.isRegularFileKey, .contentModificationDateKey, .fileSizeKey],
        options: [.skipsHiddenFiles])
    else { return [] }
    var out: [ArchivoBandeja] = []
    for case let url as URL in enumerador {
      guard !ignorado(url.lastPathComponent) else { continue }
      let relativa = url.standardizedFileURL.path.dropFirst(raiz.path.count + 1)
      guard let a = mirar(url.path, carpetaRaiz: relativa) else { continue }
      out.append(a)
    }
    return out.sorted { $0.ruta < $1.ruta }
  }

  /// Modification time, then path.
  public static func enOrdenDeLlegada(_ a: [ArchivoBandeja]) -> [ArchivoBandeja] {
    a.sorted { ($0.modificado, $0.ruta) < ($1.modificado, $1.ruta) }
  }

  /// One look at one file (lstat: a symbolic link is not followed).
  static func mirar(_ ruta: String, carpetaRaiz relativa: Substring) -> ArchivoBandeja? {
    var st = stat()
    guard lstat(ruta, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    let partes = relativa.split(separator: "/")
    return ArchivoBandeja(
      ruta: ruta, carpeta: partes.count > 1 ? String(partes[0]) : nil,
      modificado: fechaModificacion(st), bytes: Int64(st.st_size))
  }

  static func fechaModificacion(_ st: stat) -> Date {
    #if canImport(Darwin)
      let t = st.st_mtimespec
    #else
      let t = st.st_mtim
    #endif
    return Date(timeIntervalSince1970: TimeInterval(t.tv_sec) + TimeInterval(t.tv_nsec) / 1e9)
  }

  /// Looks at the same file again; nil when it is gone.
  public static func mirarOtraVez(_ a: ArchivoBandeja) -> ArchivoBandeja? {
    var st = stat()
    guard lstat(a.ruta, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    var b = a
    b.bytes = Int64(st.st_size)
    b.modificado = fechaModificacion(st)
    return b
  }

  /// The files of `primera` that did not change in a second look taken
  /// `intervalo` seconds later and look complete; the others are left for
  /// the next pass. `esperar` is the pause (tests replace it).
  public static func estables(
    _ primera: [ArchivoBandeja], intervalo: TimeInterval, gracia: TimeInterval,
    ahora: Date = Date(),
    esperar: (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }
  ) -> (listos: [ArchivoBandeja], enEscritura: [ArchivoBandeja]) {
    if !primera.isEmpty && intervalo > 0 { esperar(intervalo) }
    var listos: [ArchivoBandeja] = []
    var enEscritura: [ArchivoBandeja] = []
    for a in primera {
      guard let b = mirarOtraVez(a) else { continue }
      if b.huellaRapida != a.huellaRapida
        || completitud(b, gracia: gracia, ahora: ahora) == .enEscritura
      {
        enEscritura.append(b)
      } else {
        listos.append(b)
      }
    }
    return (listos, enEscritura)
  }

  /// A zip is complete once its end-of-central-directory record is written
  /// (the last thing a writer puts). An empty file or a zip without that
  /// record is being written, unless it has not changed for `gracia`
  /// seconds: then it is a file cut short, taken and rejected with a
  /// message (README).
  public static func completitud(_ a: ArchivoBandeja, gracia: TimeInterval, ahora: Date = Date())
    -> Completitud
  {
    let reciente = ahora.timeIntervalSince(a.modificado) < gracia
    guard reciente else { return .completo }
    // Only zips have an end record to wait for; a PDF or a `.xls` is taken
    // as it is and rejected with what it is.
    switch ZipEnd.state(ofFileAt: a.ruta, size: Int(a.bytes)) {
    case .notZip, .complete: return .completo
    case .incomplete: return .enEscritura
    }
  }
}
