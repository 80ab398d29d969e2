import Foundation

/// Writes a new `.xlsx` workbook, one sheet at a time, in constant memory.
///
/// Rows stream to part files in a scratch directory beside `path`
/// (`.libro.xlsx.<random>.tmp`, hidden, on the same file system); `close()`
/// zips them with the small parts into a file in that directory and renames
/// it onto `path`, which is atomic: a reader of `path` sees the old file or
/// the whole new one, never half of it. If anything fails, or the writer
/// is dropped without `close()`, the scratch directory is removed and
/// `path` is left untouched.
///
/// ```swift
/// let book = try WorkbookWriter(path: "consolidado.xlsx")
/// var options = SheetOptions()
/// options.frozenRows = 1
/// let metas = try book.addSheet("Metas", options: options)
/// try metas.appendRow([WriteCell(.text("Código"), style: .header)])
/// try book.close()
/// ```
///
/// Not thread-safe: one writer, one thread.
public final class WorkbookWriter {
  /// The file `close()` puts in place.
  public let path: String
  private let scratch: String
  private var sheets: [SheetWriter] = []
  private var closed = false
  /// Tab that Excel shows first: the first visible sheet.
  private var activeTab: Int?
  /// The creation and modification time in the document properties
  /// (`docProps/core.xml`). The default is now; a caller that wants the
  /// same bytes from the same data sets a time derived from the data.
  public var creado = Date()

  /// Prepares a workbook for `path`, creating only the scratch directory.
  ///
  /// - Parameter path: the `.xlsx` to write; its directory must exist. An
  ///   existing file there is replaced on `close()`, not before.
  /// - Throws: `XLSXError.writeFailed` when the scratch directory cannot be
  ///   made (no such directory, no permission).
  public init(path: String) throws {
    self.path = path
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    let token = UUID().uuidString.prefix(8).lowercased()
    scratch = directory + "/." + url.lastPathComponent + "." + token + ".tmp"
    guard mkdir(scratch, 0o700) == 0 else {
      throw XLSXError.writeFailed(path: path, reason: String(cString: strerror(errno)))
    }
  }

  deinit {
    for sheet in sheets { sheet.abandon() }
    removeScratch()
  }

  /// Starts the next sheet, finishing the previous one.
  ///
  /// Sheets appear in the order they are added. The name and options are
  /// checked first; a bad one throws and the workbook carries on. A failure
  /// finishing the previous sheet (a bad merge or link, a full disk) ends
  /// the whole workbook.
  ///
  /// - Parameters:
  ///   - name: the tab name: 1–31 characters, none of `[]:*?/\`, not
  ///     starting or ending with `'`, unique ignoring case.
  ///   - options: widths, frozen panes, filter, tab colour, visibility,
  ///     data validations and conditional formats.
  /// - Returns: the writer for this sheet's rows.
  /// - Throws: `invalidSheetName` or `invalidSheetOption` (the workbook
  ///   carries on); `writerFinished` after `close()`; what finishing the
  ///   previous sheet throws, or `writeFailed` (the workbook is spent).
  public func addSheet(_ name: String, options: SheetOptions = .init()) throws
    -> SheetWriter
  {
    guard !closed else { throw XLSXError.writerFinished(sheet: nil) }
    if let problem = SheetName.problem(name, existing: sheets.map(\.name)) {
      throw XLSXError.invalidSheetName(name: name, problem: problem)
    }
    try SheetWriter.validate(options, sheet: name)
    return try failing {
      try sheets.last?.finish()
      let selected = !options.hidden && activeTab == nil
      let sheet = try SheetWriter(
        name: name, options: options,
        file: scratch + "/sheet\(sheets.count + 1).xml", selected: selected)
      if selected { activeTab = sheets.count }
      sheets.append(sheet)
      return sheet
    }
  }

  /// Finishes the last sheet, writes the workbook, styles, relationships,
  /// content types and document properties, zips everything and renames
  /// the result onto `path`.
  ///
  /// On failure nothing is left at `path` (an older file there stays as it
  /// was) and the writer is spent.
  ///
  /// - Throws: `noVisibleSheet` for a workbook without a visible sheet,
  ///   `linkTargetNotFound` for a link to a sheet never added,
  ///   `invalidSheetOption` for a list validation drawing on one,
  ///   `writerFinished` for a `merge` or `link` made on a finished sheet,
  ///   or what finishing the last sheet throws.
  public func close() throws {
    guard !closed else { throw XLSXError.writerFinished(sheet: nil) }
    try failing {
      try sheets.last?.finish()
      closed = true
      for sheet in sheets { if let late = sheet.lateCall { throw late } }
      guard let activeTab else { throw XLSXError.noVisibleSheet }
      try checkLinks()

      let zip = try ZipWriter(path: scratch + "/libro.xlsx")
      try zip.add(
        "[Content_Types].xml", bytes: PackageParts.contentTypes(sheetCount: sheets.count))
      try zip.add("_rels/.rels", bytes: PackageParts.rootRelationships())
      try zip.add(
        "docProps/app.xml", bytes: PackageParts.app(sheetNames: sheets.map(\.name)))
      try zip.add("docProps/core.xml", bytes: PackageParts.core(created: creado))
      try zip.add(
        "xl/workbook.xml",
        bytes: PackageParts.workbook(
          sheets.map {
            PackageParts.Sheet(
              name: $0.name, hidden: $0.options.hidden, filterRange: $0.filterRange,
              printTitles: $0.options.pageSetup?.repeatedRows)
          }, activeTab: activeTab))
      try zip.add(
        "xl/_rels/workbook.xml.rels",
        bytes: PackageParts.workbookRelationships(sheetCount: sheets.count))
      try zip.add("xl/styles.xml", bytes: StylesPart.bytes())
      for (i, sheet) in sheets.enumerated() {
        try zip.add(PackageParts.part(ofSheet: i + 1), file: sheet.file)
      }
      try zip.close()
      guard rename(zip.path, path) == 0 else {
        throw XLSXError.writeFailed(path: path, reason: String(cString: strerror(errno)))
      }
      removeScratch()
    }
  }

  /// Every link, and every list validation drawing on a range, must land
  /// on a sheet of this workbook (Excel compares names ignoring case).
  private func checkLinks() throws {
    let names = Set(sheets.map { $0.name.lowercased() })
    for sheet in sheets {
      for link in sheet.links where !names.contains(link.sheet.lowercased()) {
        throw XLSXError.linkTargetNotFound(
          sheet: sheet.name, cell: link.cell, target: link.sheet)
      }
      for source in sheet.listSources where !names.contains(source.lowercased()) {
        throw XLSXError.invalidSheetOption(
          sheet: sheet.name, option: "dataValidations", value: "list source sheet \"\(source)\"")
      }
    }
  }

  /// Runs `body`; on any error the workbook is spent and its scratch
  /// directory removed before the error goes on.
  private func failing<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch {
      closed = true
      for sheet in sheets { sheet.abandon() }
      removeScratch()
      throw error
    }
  }

  private func removeScratch() {
    try? FileManager.default.removeItem(atPath: scratch)
  }
}
