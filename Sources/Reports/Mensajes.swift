import XLSX

/// The Spanish wording of everything a user reads. One `switch` per error
/// type and no `default:`, so a new case does not compile until it has its
/// words.
public enum Mensajes {
  /// What went wrong reading a workbook, for the office that sent it.
  ///
  /// - Parameter archivo: the file name, so the message stands alone in a
  ///   log or an e-mail.
  public static func lectura(_ error: XLSXError, archivo: String) -> String {
    "\(archivo): " + detalle(error)
  }

  /// A stable kebab-case code per reading error, shared by the JSON reports
  /// and the ledger.
  public static func codigo(_ error: XLSXError) -> String {
    switch error {
    case .unreadableFile: return "archivo-ilegible"
    case .emptyFile: return "archivo-vacio"
    case .notAZip: return "formato-no-xlsx"
    case .legacyExcel: return "formato-xls"
    case .encrypted: return "libro-cifrado"
    case .openDocument: return "formato-ods"
    case .corruptZip: return "zip-danado"
    case .missingPart: return "parte-faltante"
    case .partTooLarge: return "parte-demasiado-grande"
    case .compressionRatioTooHigh: return "bomba-zip"
    case .forbiddenDTD: return "dtd-prohibido"
    case .invalidEncoding: return "codificacion-invalida"
    case .malformedXML: return "xml-malformado"
    case .nestingTooDeep: return "xml-anidamiento-excesivo"
    case .relationshipOutsidePackage: return "relacion-externa"
    case .sheetNotFound: return "hoja-no-encontrada"
    case .invalidCellReference: return "referencia-invalida"
    case .sharedStringOutOfRange: return "cadena-fuera-de-rango"
    case .styleOutOfRange: return "estilo-fuera-de-rango"
    case .invalidCellValue: return "valor-invalido"
    case .tooManyCells: return "demasiadas-celdas"
    case .stringTooLong: return "texto-demasiado-largo"
    }
  }

  static func detalle(_ error: XLSXError) -> String {
    let guardeXLSX =
      "Ábralo en Excel o LibreOffice y guárdelo como «Libro de Excel (.xlsx)»."
    switch error {
    case .unreadableFile(let reason):
      return "no se pudo leer el archivo (\(reason))."
    case .emptyFile:
      return "el archivo está vacío (0 bytes). Vuelva a enviarlo."
    case .notAZip(let kind):
      let what: String
      switch kind {
      case .pdf: what = "es un PDF, no un libro de Excel"
      case .text: what = "es un archivo de texto (CSV u otro), no un libro de Excel"
      case .markup: what = "es una página HTML o XML, no un libro de Excel"
      case .unknown: what = "no es un libro de Excel .xlsx"
      }
      return "\(what). Envíe la plantilla diligenciada en formato .xlsx."
    case .legacyExcel:
      return "es un libro de Excel 97-2003 (.xls) renombrado. \(guardeXLSX)"
    case .encrypted:
      return "el libro está protegido con contraseña y no se puede leer. "
        + "Quite la contraseña de apertura (Archivo › Información › Proteger libro) y envíelo de nuevo."
    case .openDocument:
      return "es una hoja de cálculo de OpenDocument (.ods) renombrada. \(guardeXLSX)"
    case .corruptZip(let damage):
      let what: String
      switch damage {
      case .noCentralDirectory:
        what = "el archivo está incompleto: le falta el final del zip"
      case .inconsistent(let part):
        what = "el índice del zip está dañado" + (part.map { " (\($0))" } ?? "")
      case .checksum(let part):
        what = "la parte \(part) no pasa la verificación de integridad (CRC)"
      case .data(let part):
        what = "los datos comprimidos de la parte \(part) están dañados o cortados"
      case .other(let part, let text):
        what = "el zip está dañado" + (part.map { " en \($0)" } ?? "") + " (\(text))"
      }
      return "\(what); puede haberse cortado al copiarlo o adjuntarlo. Vuelva a enviarlo."
    case .missingPart(let path):
      return "al libro le falta una parte interna (\(path)); no es un .xlsx completo. \(guardeXLSX)"
    case .partTooLarge(let part, let bytes, let limit):
      return "la parte \(part) descomprimida ocupa \(Formato.bytes(bytes)), "
        + "más que el límite de \(Formato.bytes(limit)). Divida el libro o quite datos que no sean de la plantilla."
    case .compressionRatioTooHigh(let part, let ratio, let limit):
      return "la parte \(part) se descomprime \(ratio) veces su tamaño (límite \(limit)): "
        + "parece una bomba de descompresión y no se procesa."
    case .forbiddenDTD(let part):
      return "la parte \(part) declara un DTD o entidades XML, que un libro de Excel nunca trae; "
        + "por seguridad no se procesa."
    case .nestingTooDeep(let part, let limit):
      return "la parte \(part) anida elementos XML a más de \(limit) niveles, algo que ningún libro de Excel hace; "
        + "por seguridad no se procesa."
    case .invalidEncoding(let part, let line):
      return "la parte \(part) tiene texto con codificación inválida (no es UTF-8) cerca de la línea \(line). \(guardeXLSX)"
    case .malformedXML(let part, let line, let message):
      return "la parte \(part) tiene XML mal formado en la línea \(line)"
        + (message.isEmpty ? "" : " (\(message))") + ". \(guardeXLSX)"
    case .relationshipOutsidePackage(let part, let target):
      return "la parte \(part) apunta fuera del libro (\(target)); por seguridad no se procesa."
    case .sheetNotFound(let name):
      return "el libro no tiene una hoja llamada «\(name)»."
    case .invalidCellReference(let sheet, let text):
      return "la hoja «\(sheet)» tiene una referencia de celda inválida o fuera de orden (\(text)). \(guardeXLSX)"
    case .sharedStringOutOfRange(let sheet, let cell, let index, let count):
      return "\(sheet)!\(cell): la celda apunta al texto compartido n.º \(index) y el libro solo tiene \(count). \(guardeXLSX)"
    case .styleOutOfRange(let sheet, let cell, let index, let count):
      return "\(sheet)!\(cell): la celda usa el estilo \(index) y el libro solo define \(count). \(guardeXLSX)"
    case .invalidCellValue(let sheet, let cell, let text):
      return "\(sheet)!\(cell): la celda numérica guarda «\(text.prefix(40))», que no es un número. \(guardeXLSX)"
    case .tooManyCells(let sheet, let limit):
      return "la hoja «\(sheet)» tiene más de \(Formato.entero(limit)) celdas con datos, el límite por hoja."
    case .stringTooLong(let part, let cell, let limit):
      let place = cell.map { "\(part)!\($0)" } ?? part
      return "\(place): un texto pasa de \(Formato.entero(limit)) caracteres, el máximo de una celda de Excel."
    }
  }
}
