import XLSX

/// A stable kebab-case code per reading error, shared by the JSON reports
/// and the ledger.
public func codigoLectura(_ error: XLSXError) -> String {
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
  // Writing errors never come from a submission, but the code is total.
  case .invalidSheetName, .invalidSheetOption, .unwritableValue, .outsideGrid,
    .overlappingMerges, .linkTargetNotFound, .noVisibleSheet, .writerFinished, .writeFailed:
    return "error-de-escritura"
  }
}

