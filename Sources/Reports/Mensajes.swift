import Schema
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

  /// Why the schemas could not be loaded, for whoever edits them.
  public static func esquema(_ error: ErrorEsquema) -> String {
    switch error {
    case .sinPlantillas(let carpeta):
      return
        "No hay plantillas (*.json) en \(carpeta). Indique la carpeta de esquemas con --esquemas CARPETA o con la variable PAI_ESQUEMAS."
    case .archivoInvalido(let archivo, let detalle):
      return "El esquema \(archivo) no se puede leer: \(detalle)"
    case .reglaDesconocida(let plantilla, let regla):
      return "La plantilla «\(plantilla)» usa la regla «\(regla)», que no existe."
    case .reglaMalFormada(let plantilla, let hoja, let regla, let problema):
      let donde = "La regla «\(regla.rawValue)» de la hoja \(hoja) de la plantilla «\(plantilla)»"
      switch problema {
      case .falta(let parametros):
        let cuales = parametros.map { "«\($0)»" }.joined(separator: " o ")
        return "\(donde) necesita \(cuales)."
      case .sobra(let parametro):
        return "\(donde) no usa «\(parametro)»; quítelo o revise el nombre de la regla."
      case .excluyentes(let uno, let otro):
        return "\(donde) lleva «\(uno)» y «\(otro)»; use solo uno de los dos."
      case .valorInvalido(let parametro, let valor):
        return "\(donde) tiene «\(valor)» en «\(parametro)», que no es un valor permitido."
      }
    case .referenciaInvalida(let plantilla, let detalle):
      return "La plantilla «\(plantilla)» tiene un error: \(detalle)."
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
      return
        "la parte \(part) anida elementos XML a más de \(limit) niveles, algo que ningún libro de Excel hace; "
        + "por seguridad no se procesa."
    case .invalidEncoding(let part, let line):
      return
        "la parte \(part) tiene texto con codificación inválida (no es UTF-8) cerca de la línea \(line). \(guardeXLSX)"
    case .malformedXML(let part, let line, let message):
      return "la parte \(part) tiene XML mal formado en la línea \(line)"
        + (message.isEmpty ? "" : " (\(message))") + ". \(guardeXLSX)"
    case .relationshipOutsidePackage(let part, let target):
      return "la parte \(part) apunta fuera del libro (\(target)); por seguridad no se procesa."
    case .sheetNotFound(let name):
      return "el libro no tiene una hoja llamada «\(name)»."
    case .invalidCellReference(let sheet, let text):
      return
        "la hoja «\(sheet)» tiene una referencia de celda inválida o fuera de orden (\(text)). \(guardeXLSX)"
    case .sharedStringOutOfRange(let sheet, let cell, let index, let count):
      return
        "\(sheet)!\(cell): la celda apunta al texto compartido n.º \(index) y el libro solo tiene \(count). \(guardeXLSX)"
    case .styleOutOfRange(let sheet, let cell, let index, let count):
      return
        "\(sheet)!\(cell): la celda usa el estilo \(index) y el libro solo define \(count). \(guardeXLSX)"
    case .invalidCellValue(let sheet, let cell, let text):
      return
        "\(sheet)!\(cell): la celda numérica guarda «\(text.prefix(40))», que no es un número. \(guardeXLSX)"
    case .tooManyCells(let sheet, let limit):
      return
        "la hoja «\(sheet)» tiene más de \(Formato.entero(limit)) celdas con datos, el límite por hoja."
    case .stringTooLong(let part, let cell, let limit):
      let place = cell.map { "\(part)!\($0)" } ?? part
      return
        "\(place): un texto pasa de \(Formato.entero(limit)) caracteres, el máximo de una celda de Excel."
    case .invalidSheetName(let name, let problem):
      let why: String
      switch problem {
      case .empty: why = "está vacío"
      case .tooLong(let length):
        why = "tiene \(length) caracteres y Excel admite 31"
      case .forbiddenCharacter(let character):
        let shown =
          character.unicodeScalars.allSatisfy { $0.value >= 0x20 }
          ? "«\(character)»"
          : "un carácter de control (U+\(String(character.unicodeScalars.first?.value ?? 0, radix: 16, uppercase: true)))"
        why = "contiene \(shown); Excel no admite [ ] : * ? / \\ ni caracteres de control"
      case .apostropheAtEdge: why = "empieza o termina con un apóstrofo"
      case .duplicate(let existing):
        why = "repite el de la hoja «\(existing)» (Excel no distingue mayúsculas)"
      case .reserved: why = "es un nombre que Excel reserva"
      }
      return "no se puede crear la hoja «\(name)»: el nombre \(why)."
    case .invalidSheetOption(let sheet, let option, let value):
      return "la hoja «\(sheet)» tiene un valor inválido en la opción \(option) (\(value))."
    case .unwritableValue(let sheet, let cell, let text):
      return "\(sheet)!\(cell): el valor «\(text.prefix(40))» no cabe en una celda de Excel "
        + "(fechas entre 1900-01-01 y 9999-12-31, números finitos)."
    case .outsideGrid(let sheet, let what):
      return "la hoja «\(sheet)»: \(fueraDeCuadricula(what)) queda fuera de la cuadrícula de Excel "
        + "(\(Formato.entero(CellRef.maxRow)) filas, columnas hasta XFD)."
    case .overlappingMerges(let sheet, let first, let second):
      return
        "la hoja «\(sheet)» combina \(first) y \(second), que se superponen; Excel repararía el libro."
    case .linkTargetNotFound(let sheet, let cell, let target):
      return "\(sheet)!\(cell): el vínculo apunta a la hoja «\(target)», que el libro no tiene."
    case .noVisibleSheet:
      return "el libro no tiene ninguna hoja visible; Excel necesita al menos una."
    case .writerFinished(let sheet):
      return sheet.map { "la hoja «\($0)» ya estaba terminada cuando se intentó escribir en ella." }
        ?? "el libro ya estaba cerrado (o descartado tras un error) cuando se intentó escribir en él."
    case .writeFailed(let path, let reason):
      return "no se pudo escribir \(path) (\(reason)); el libro no se guardó."
    }
  }
}

extension Mensajes {
  static func fueraDeCuadricula(_ what: GridOverflow) -> String {
    switch what {
    case .row(let fila): return "la fila \(Formato.entero(fila))"
    case .cell(let fila, let columna):
      return "la celda de la fila \(Formato.entero(fila)), columna \(columna)"
    case .range(let rango): return "el rango \(rango)"
    case .rows(let n): return "una tabla de \(Formato.entero(n)) filas"
    case .columns(let n): return "una tabla de \(Formato.entero(n)) columnas"
    case .errorSheetLink(let fila, let columna):
      return "un vínculo de la hoja de errores en la fila \(fila), columna \(columna),"
    case .errorSheetFill(let fila, let columna):
      return "un relleno de la hoja de errores en la fila \(fila), columna \(columna),"
    }
  }
}
