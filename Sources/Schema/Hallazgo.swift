import Foundation
import Plan
import XLSX

public enum Severidad: String, Codable, Sendable {
  case error, advertencia
}

/// A value carried by a finding; formatted (es-CO) only when a message is
/// written.
public enum ValorHallazgo: Equatable, Sendable {
  case texto(String)
  case numero(Decimal)
  case porcentaje(Decimal)
  case entero(Int)
  case fecha(Fecha)
  case lista([String])
  /// Why the file could not be read at all.
  case lectura(XLSXError)
}

/// Where a finding points. A range is used for per-column warnings
/// (`Actividades!E5:E40`).
public struct Ubicacion: Hashable, Sendable {
  public var archivo: String
  public var hoja: String?
  public var celda: CellRef?
  public var rango: CellRange?
  public var fila: Int?
  /// The other cells the finding concerns besides `celda` (the month
  /// cells that make a sum, the other side of a comparison), so that the
  /// office is shown every cell it may have to change, not only the
  /// target.
  public var otrasCeldas: [CellRef]

  public init(
    archivo: String, hoja: String? = nil, celda: CellRef? = nil, rango: CellRange? = nil,
    fila: Int? = nil, otrasCeldas: [CellRef] = []
  ) {
    self.archivo = archivo
    self.hoja = hoja
    self.celda = celda
    self.rango = rango
    self.fila = fila
    self.otrasCeldas = otrasCeldas
  }

  /// Every cell the finding concerns, its main cell first, each once.
  public var celdas: [CellRef] {
    var vistas = Set<CellRef>()
    return ([celda].compactMap { $0 } + otrasCeldas).filter { vistas.insert($0).inserted }
  }

  /// `Metas!K14`, `Actividades!E5:E40`, `Metas fila 7`, or the sheet alone.
  public var referencia: String? {
    guard let hoja else { return nil }
    if let celda { return "\(hoja)!\(celda)" }
    if let rango { return "\(hoja)!\(rango)" }
    if let fila { return "\(hoja) fila \(fila)" }
    return hoja
  }
}

/// What a finding is about: a stable code, kebab-case in JSON reports and
/// in the ledger (its raw value is a public interface: never rename one).
/// The words for each come from Reports' `Catalogo`, one exhaustive switch,
/// so a new code does not compile until it has them.
public enum CodigoHallazgo: String, CaseIterable, Sendable, CustomStringConvertible {
  // Reading a sheet: headers, rows and cells.
  case plantillaNoReconocida = "plantilla-no-reconocida"
  case hojaOculta = "hoja-oculta"
  case columnaFaltante = "columna-faltante"
  case encabezadoNoEncontrado = "encabezado-no-encontrado"
  case etiquetaFaltante = "etiqueta-faltante"
  case columnaExtra = "columna-extra"
  case sinDatos = "sin-datos"
  case valorFaltante = "valor-faltante"
  case filaIncompleta = "fila-incompleta"
  case demasiadasFilas = "demasiadas-filas"
  case demasiadosErrores = "demasiados-errores"
  case celdaConError = "celda-con-error"
  case formulaSinCalcular = "formula-sin-calcular"
  case valorNoPermitido = "valor-no-permitido"
  case enteroInvalido = "entero-invalido"
  case numeroInvalido = "numero-invalido"
  case fechaInvalida = "fecha-invalida"
  case numeroComoTexto = "numero-como-texto"
  case puntoDecimal = "punto-decimal"
  case porcentajeComoTexto = "porcentaje-como-texto"
  case porcentajeComoPuntos = "porcentaje-como-puntos"
  case fechaComoTexto = "fecha-como-texto"
  case valorFueraDeRango = "valor-fuera-de-rango"
  case porcentajeFueraDeRango = "porcentaje-fuera-de-rango"
  case patronNoCoincide = "patron-no-coincide"

  // The template's rules (`MotorReglas`).
  case vigenciaDistinta = "vigencia-distinta"
  case corteDistinto = "corte-distinto"
  case distintoAlFormulario = "distinto-al-formulario"
  case identidadRepetida = "identidad-repetida"
  case textoDistintoEnGrupo = "texto-distinto-en-grupo"
  case sinProgramacion = "sin-programacion"
  case sumaProgramacion = "suma-programacion"
  case constanteDistinta = "constante-distinta"
  case programacionNoCreciente = "programacion-no-creciente"
  case programacionNoDecreciente = "programacion-no-decreciente"
  case ultimoMesDistinto = "ultimo-mes-distinto"
  case ejecucionExcedeTotal = "ejecucion-excede-total"
  case ejecucionFaltante = "ejecucion-faltante"
  case ejecucionDespuesDelCorte = "ejecucion-despues-del-corte"
  case programacionFueraDePeriodicidad = "programacion-fuera-de-periodicidad"
  case ejecucionFueraDePeriodicidad = "ejecucion-fuera-de-periodicidad"
  case comparacionFallida = "comparacion-fallida"
  case valorIncompatible = "valor-incompatible"
  case fechaPosteriorAlCorte = "fecha-posterior-al-corte"

  // Across the files of a corte (`Lote`).
  case codigoDuplicado = "codigo-duplicado"
  case correccionReduce = "correccion-reduce"
  /// Against the vigencia's earlier cortes (`CorteAnterior`).
  case cambioFrenteAlCorteAnterior = "cambio-frente-al-corte-anterior"
  /// The portal: bytes already received (a duplicate), said without naming
  /// another office's file.
  case yaRecibido = "ya-recibido"

  // The file could not be read at all (`codigoLectura`); the finding
  // carries the `XLSXError` as its `lectura` value.
  case archivoIlegible = "archivo-ilegible"
  case archivoVacio = "archivo-vacio"
  case formatoNoXlsx = "formato-no-xlsx"
  case formatoXls = "formato-xls"
  case libroCifrado = "libro-cifrado"
  case formatoOds = "formato-ods"
  case zipDanado = "zip-danado"
  case parteFaltante = "parte-faltante"
  case parteDemasiadoGrande = "parte-demasiado-grande"
  case bombaZip = "bomba-zip"
  case dtdProhibido = "dtd-prohibido"
  case codificacionInvalida = "codificacion-invalida"
  case xmlMalformado = "xml-malformado"
  case xmlAnidamientoExcesivo = "xml-anidamiento-excesivo"
  case relacionExterna = "relacion-externa"
  case hojaNoEncontrada = "hoja-no-encontrada"
  case referenciaInvalida = "referencia-invalida"
  case cadenaFueraDeRango = "cadena-fuera-de-rango"
  case estiloFueraDeRango = "estilo-fuera-de-rango"
  case valorInvalido = "valor-invalido"
  case demasiadasCeldas = "demasiadas-celdas"
  case textoDemasiadoLargo = "texto-demasiado-largo"
  case errorDeEscritura = "error-de-escritura"

  /// The raw value, so that `"\(h.codigo)"` writes what reports write.
  public var description: String { rawValue }
}

/// One error or warning: a stable code, where, and the values involved.
/// The words come later, from the Spanish catalogue in Reports.
public struct Hallazgo: Equatable, Sendable {
  public var codigo: CodigoHallazgo
  public var severidad: Severidad
  public var ubicacion: Ubicacion
  public var valores: [String: ValorHallazgo]

  public init(
    _ codigo: CodigoHallazgo, _ severidad: Severidad, _ ubicacion: Ubicacion,
    _ valores: [String: ValorHallazgo] = [:]
  ) {
    self.codigo = codigo
    self.severidad = severidad
    self.ubicacion = ubicacion
    self.valores = valores
  }
}
