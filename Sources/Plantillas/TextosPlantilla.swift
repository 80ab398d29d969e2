import Foundation
import Plan
import Reports
import Schema

/// Every sentence of a generated template: the check column's messages,
/// the prompts and error boxes of the validations, and the
/// `Instrucciones` sheet. All of it is worded from the schema.
enum TextosPlantilla {
  static let meses = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
  ]

  static func citado(_ s: String) -> String { "«\(s)»" }

  /// `a, b y c`.
  static func enumeracion(_ partes: [String], conjuncion: String = "y") -> String {
    guard partes.count > 1, let ultima = partes.last else { return partes.first ?? "" }
    return partes.dropLast().joined(separator: ", ") + " \(conjuncion) " + ultima
  }

  // MARK: Check columns

  /// A check column's title, in the band row above the headers.
  static func control(_ control: DisposicionTabla.Control) -> String {
    switch control {
    case .sumaProgramacion: return "Control: suma programación"
    case .sumaEjecucion: return "Control: suma ejecución"
    case .ultimoProgramado: return "Control: último mes programado"
    case .revision: return "Control: revisión de la fila"
    }
  }

  /// What a check column shows, for the instructions.
  static func explicacion(_ control: DisposicionTabla.Control) -> String {
    switch control {
    case .sumaProgramacion: return "suma los doce meses programados de la fila"
    case .sumaEjecucion: return "suma los doce meses ejecutados de la fila"
    case .ultimoProgramado:
      return
        "muestra el valor del último mes programado, el que se compara con la meta cuando la anualización no es Suma"
    case .revision:
      return "dice «Correcto» cuando la fila cumple las reglas, o el primer problema que encuentra"
    }
  }

  static func falta(_ columna: String) -> String { "Falta \(citado(columna))" }

  static func escritoComoTexto(_ campo: Campo) -> String {
    let que = campo.tipo == .fecha ? "no es una fecha" : "no es un número"
    return "\(citado(campo.encabezado)) \(que) (está escrito como texto)"
  }

  static func repetido(_ columnas: [String]) -> String {
    columnas.count == 1
      ? "\(citado(columnas[0])) se repite en otra fila"
      : "La combinación de \(enumeracion(columnas.map(citado))) se repite en otra fila"
  }

  static func textoDistintoEnGrupo(_ columna: String, grupo: String) -> String {
    "Otra fila del mismo \(citado(grupo)) tiene otra \(citado(columna))"
  }

  static func distintoAlFormulario(_ columna: String, hoja: String) -> String {
    "\(citado(columna)) no es el de la hoja \(hoja)"
  }

  static let sinProgramacion = "No tiene ningún mes programado"

  static func noSuma(_ meta: String?, total: Decimal?, porcentual: Bool) -> String {
    if let meta { return "La programación no suma \(citado(meta))" }
    return "La programación no suma \(cifra(total ?? 0, porcentual: porcentual))"
  }

  static func constanteDistinta(_ meta: String) -> String {
    "Un mes programado es distinto de \(citado(meta))"
  }

  static func ultimoDistinto(_ meta: String) -> String {
    "El último mes programado es distinto de \(citado(meta))"
  }

  static func ejecucionExcede(_ total: Decimal, porcentual: Bool) -> String {
    "La ejecución suma más de \(cifra(total, porcentual: porcentual))"
  }

  static let fueraDePeriodicidad = "Hay valores en meses que la periodicidad no permite"

  static func faltaEjecucion(_ mes: Int) -> String { "Falta la ejecución de \(meses[mes - 1])" }

  static func ejecucionDespuesDelCorte(_ corte: Fecha) -> String {
    "Hay ejecución después del corte (\(Formato.fecha(corte)))"
  }

  static func comparacion(_ a: String, _ operador: OperadorComparacion, _ b: String) -> String {
    "\(citado(a)) debe ser \(operadorEnPalabras(operador)) \(citado(b))"
  }

  static func implica(_ a: String, _ va: String, _ b: String, _ vb: String) -> String {
    "Con \(citado(a)) \(va), \(citado(b)) debe ser \(vb)"
  }

  static func fechaPosterior(_ columna: String, _ corte: Fecha) -> String {
    "\(citado(columna)) es posterior al corte (\(Formato.fecha(corte)))"
  }

  static func operadorEnPalabras(_ operador: OperadorComparacion) -> String {
    switch operador {
    case .menor: return "menor que"
    case .menorIgual: return "menor o igual que"
    case .mayor: return "mayor que"
    case .mayorIgual: return "mayor o igual que"
    }
  }

  static func cifra(_ x: Decimal, porcentual: Bool) -> String {
    porcentual ? Formato.porcentaje(x) : Formato.numero(x)
  }

  // MARK: What a cell takes

  /// `Número entero mayor o igual que 1`, `Porcentaje de 0 % a 100 %`.
  static func tipo(
    _ tipo: TipoCampo, minimo: Decimal?, minimoExclusivo: Decimal?, maximo: Decimal?,
    valores: [String], porcentajeSi: (campo: String, valor: String)? = nil
  ) -> String {
    let porcentual = tipo == .porcentaje
    var limites: [String] = []
    if let minimo, let maximo {
      limites.append(
        "de \(cifra(minimo, porcentual: porcentual)) a \(cifra(maximo, porcentual: porcentual))")
    } else {
      if let minimo { limites.append("mayor o igual que \(cifra(minimo, porcentual: porcentual))") }
      if let minimoExclusivo {
        limites.append("mayor que \(cifra(minimoExclusivo, porcentual: porcentual))")
      }
      if let maximo { limites.append("menor o igual que \(cifra(maximo, porcentual: porcentual))") }
    }
    let base: String
    switch tipo {
    case .texto: base = "Texto"
    case .entero: base = "Número entero"
    case .numero: base = "Número"
    case .dinero: base = "Valor en pesos"
    case .porcentaje: base = "Porcentaje (escriba 25 % o 0,25)"
    case .fecha: base = "Fecha (dd/mm/aaaa)"
    case .enum:
      return valores.count <= 6
        ? "Uno de: \(enumeracion(valores, conjuncion: "o"))"
        : "Uno de los \(valores.count) valores de la lista desplegable"
    }
    var texto = ([base] + limites).joined(separator: " ")
    if let c = porcentajeSi {
      texto +=
        "; si \(citado(c.campo)) es \(c.valor), un porcentaje: escríbalo con el signo % (85 %)"
    }
    return texto
  }

  // MARK: Validation boxes

  static let tituloError = "Valor no permitido"
  static let tituloRevisar = "Revise el valor"

  static func errorLista(_ valores: [String]) -> String {
    valores.count <= 6
      ? "Elija uno de: \(enumeracion(valores, conjuncion: "o"))."
      : "Elija un valor de la lista desplegable."
  }

  static func errorTipo(_ descripcion: String) -> String { "Se espera: \(descripcion)." }

  static func errorSoloValor(_ valor: String, columna: String) -> String {
    "Para esta plantilla \(citado(columna)) es \(valor). ¿Seguro que quiere escribir otro?"
  }

  static func errorFormulario(_ columna: String, hoja: String) -> String {
    "\(citado(columna)) debe ser el mismo de la hoja \(hoja)."
  }

  static func errorPosteriorAlCorte(_ corte: Fecha) -> String {
    "El corte es el \(Formato.fecha(corte)): en los meses siguientes la ejecución queda vacía o en 0."
  }

  static func errorPeriodicidad(_ mes: Int, _ permiten: [String]) -> String {
    "En \(meses[mes - 1]) solo programan o reportan valores distintos de 0 las periodicidades \(enumeracion(permiten))."
  }

  static func errorFechaCorte(_ columna: String, _ corte: Fecha) -> String {
    "\(citado(columna)) no puede ser posterior al corte (\(Formato.fecha(corte)))."
  }

  static func errorIgual(_ columna: String, _ valor: String) -> String {
    "\(citado(columna)) debe ser \(valor)."
  }

  /// Cut to `limite` characters (UTF-16), ending in `…` when cut: Excel
  /// refuses longer prompts and titles.
  static func recortar(_ s: String, _ limite: Int) -> String {
    guard s.utf16.count > limite else { return s }
    var out = ""
    for ch in s {
      if out.utf16.count + ch.utf16.count + 1 > limite { break }
      out.append(ch)
    }
    return out + "…"
  }
}
