import Foundation

/// The one naming convention for files being written: outputs go to a
/// temporary name in their own folder and are renamed into place, so a
/// reader never sees half a file, and a run killed half-way leaves
/// something the next run recognises and clears.
public enum TemporaryFile {
  /// `.<name>.tmp-<pid>` beside `path`: hidden, and marked with the
  /// writing process so that one still alive is told from a leftover.
  public static func path(for path: String) -> String {
    let url = URL(fileURLWithPath: path)
    return url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
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
