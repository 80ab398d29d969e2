import XLSX

/// A stable kebab-case code per reading error, shared by the JSON reports
/// and the ledger.
public func codigoLectura(_ error: XLSXError) -> CodigoHallazgo {
  switch error {
  case .unreadableFile: return .archivoIlegible
  case .emptyFile: return .archivoVacio
  case .notAZip: return .formatoNoXlsx
  case .legacyExcel: return .formatoXls
  case .encrypted: return .libroCifrado
  case .openDocument: return .formatoOds
  case .corruptZip: return .zipDanado
  case .missingPart: return .parteFaltante
  case .partTooLarge: return .parteDemasiadoGrande
  case .compressionRatioTooHigh: return .bombaZip
  case .forbiddenDTD: return .dtdProhibido
  case .invalidEncoding: return .codificacionInvalida
  case .malformedXML: return .xmlMalformado
  case .nestingTooDeep: return .xmlAnidamientoExcesivo
  case .relationshipOutsidePackage: return .relacionExterna
  case .sheetNotFound: return .hojaNoEncontrada
  case .invalidCellReference: return .referenciaInvalida
  case .sharedStringOutOfRange: return .cadenaFueraDeRango
  case .styleOutOfRange: return .estiloFueraDeRango
  case .invalidCellValue: return .valorInvalido
  case .tooManyCells: return .demasiadasCeldas
  case .stringTooLong: return .textoDemasiadoLargo
  // Writing errors never come from a submission, but the code is total.
  case .invalidSheetName, .invalidSheetOption, .unwritableValue, .outsideGrid,
    .overlappingMerges, .linkTargetNotFound, .noVisibleSheet, .writerFinished, .writeFailed:
    return .errorDeEscritura
  }
}
