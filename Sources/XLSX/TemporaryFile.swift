import Foundation

/// The one naming convention for files being written: outputs go to a
/// temporary name in their own folder and are renamed into place, so a
/// reader never sees half a file, and a run killed half-way leaves
/// something the next run recognises and clears.
public enum TemporaryFile {
  /// `.<name>.tmp-<pid>` beside `path`: hidden, and marked with the
  /// writing process so that one still alive is told from a leftover.
  /// Made by splitting the text at its last slash (a relative path stays
  /// relative, the same place): it is asked for every report of a run,
  /// and going through `URL` cost a fifth of writing them.
  public static func path(for path: String) -> String {
    let sufijo = ".tmp-\(getpid())"
    guard let barra = path.utf8.lastIndex(of: UInt8(ascii: "/")) else {
      return path.isEmpty ? porURL(path, sufijo) : "." + path + sufijo
    }
    let nombre = path.utf8.index(after: barra)
    guard nombre < path.endIndex else { return porURL(path, sufijo) }
    return String(path[..<nombre]) + "." + String(path[nombre...]) + sufijo
  }

  /// A path with no name after its last slash, as `URL` reads it.
  private static func porURL(_ path: String, _ sufijo: String) -> String {
    let url = URL(fileURLWithPath: path)
    return url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent)\(sufijo)").path
  }

  /// Whether a file name is a temporary output another process left:
  /// `.<name>.tmp-<pid>` (`path(for:)`) or a writer's scratch
  /// `.<name>.<hex>.tmp` (`WorkbookWriter`, `WorkbookAnnotator`). One of
  /// this process is not.
  public static func isLeftover(_ name: String) -> Bool {
    guard name.hasPrefix("."), name != ".", name != ".." else { return false }
    if let r = name.range(of: ".tmp-", options: .backwards), let pid = Int32(name[r.upperBound...])
    {
      return pid != getpid()
    }
    return name.hasSuffix(".tmp")
  }
}
