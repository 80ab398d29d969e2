import Foundation
import Plan
import Schema
import XLSX

/// The Spanish catalogue of findings: one sentence per code, with its
/// values written es-CO. Only this file words what Schema found.
public enum Catalogo {
  /// Every code a finding can carry; a test checks each has words.
  public static let codigos: [CodigoHallazgo] = CodigoHallazgo.allCases

  /// The whole message: where, then what and what to do.
  public static func mensaje(_ h: Hallazgo) -> String {
    let donde = h.ubicacion.referencia ?? h.ubicacion.archivo
    return "\(donde): \(texto(h))"
  }

  /// The sentence without the location.
  public static func texto(_ h: Hallazgo) -> String {
    let v = Valores(h.valores)
    switch h.codigo {
    case .plantillaNoReconocida:
      if let parecida = v["parecida"] {
        var falta: [String] = []
        if let hojas = v["hojasFaltantes"] { falta.append("las hojas \(hojas)") }
        if let columnas = v["columnasFaltantes"] { falta.append("las columnas \(columnas)") }
        return
          "el libro no corresponde a ninguna plantilla del PAI. Se parece a «\(parecida)», pero le faltan \(falta.joined(separator: " y ")). Use la plantilla vigente sin cambiar los nombres de las hojas ni los encabezados."
      }
      return
        "el libro no corresponde a ninguna plantilla del PAI (hojas: \(v["hojas"] ?? "")). Use una de las cuatro plantillas vigentes."
    case .hojaOculta:
      return
        "la hoja está oculta; se leyó de todos modos. Muéstrela para que quien revise vea lo mismo que el sistema."
    case .columnaFaltante:
      return
        "falta la columna «\(v["columna"] ?? "")» en la fila de encabezados. Agréguela con ese nombre."
    case .encabezadoNoEncontrado:
      return
        "no se encontró la fila de encabezados en las primeras \(v["filas"] ?? "20") filas. Faltan: \(v["faltantes"] ?? "")."
    case .etiquetaFaltante:
      return "falta el rótulo «\(v["columna"] ?? "")» con su valor a la derecha."
    case .columnaExtra:
      return "la columna «\(v["columna"] ?? "")» no es de la plantilla; se conserva pero no se usa."
    case .sinDatos:
      let hoja = v["hoja"] ?? h.ubicacion.hoja ?? ""
      let filas = v.raw["encontradas"].flatMap { e -> String? in
        guard case .entero(let n) = e, n > 0 else { return nil }
        return
          "tiene \(Formato.entero(n)) \(n == 1 ? "fila" : "filas") de datos y debe tener al menos \(v["minimo"] ?? "1")"
      }
      let porFila = v["registro"].map { "una fila por \($0)" } ?? "un registro por fila"
      let columnas =
        v["columnas"].map { ", con sus columnas obligatorias diligenciadas (\($0))" } ?? ""
      return
        "la hoja \(hoja) \(filas ?? "no tiene filas de datos"): escriba desde la fila \(v["fila"] ?? "") \(porFila)\(columnas)."
    case .valorFaltante:
      return "falta el valor de «\(v["columna"] ?? "")». Diligéncielo."
    case .filaIncompleta:
      return
        "la fila tiene datos pero le falta \(v["faltantes"] ?? "la clave"). Complete la fila o bórrela."
    case .demasiadasFilas:
      return
        "la hoja pasa de \(v["limite"] ?? "") filas con datos, demasiadas para una plantilla; se dejó de leer aquí."
    case .demasiadosErrores:
      return
        "la hoja tiene más de \(v["limite"] ?? "") errores; se dejó de revisar aquí. Verifique que envió el archivo correcto y corrija los primeros errores."
    case .celdaConError:
      return
        "la celda de «\(v["columna"] ?? "")» muestra el error \(v["encontrado"] ?? "") de una fórmula. Corrija la fórmula o escriba el valor."
    case .formulaSinCalcular:
      return
        "la fórmula de «\(v["columna"] ?? "")» no tiene un resultado guardado. Abra el libro en Excel, deje que calcule y guárdelo."
    case .valorNoPermitido:
      return
        "«\(v["encontrado"] ?? "")» no es un valor permitido para «\(v["columna"] ?? "")». Use uno de: \(v["permitidos"] ?? "")."
    case .enteroInvalido:
      return
        "«\(v["columna"] ?? "")» debe ser un número entero y se encontró \(v["encontrado"] ?? "")."
    case .numeroInvalido:
      return
        "«\(v["encontrado"] ?? "")» no es un número válido para «\(v["columna"] ?? "")». Escriba solo el número (por ejemplo 1.234,5)."
    case .fechaInvalida:
      return
        "«\(v["encontrado"] ?? "")» no es una fecha válida para «\(v["columna"] ?? "")». Use una fecha de Excel o el formato dd/mm/aaaa."
    case .numeroComoTexto:
      return
        "\(v["cuenta"] ?? "") números de «\(v["columna"] ?? "")» están escritos como texto; se leyeron con coma decimal y punto de miles."
    case .puntoDecimal:
      return
        "\(v["cuenta"] ?? "") valores de «\(v["columna"] ?? "")» usan punto como separador decimal; se leyeron así, pero use coma."
    case .porcentajeComoTexto:
      return
        "\(v["cuenta"] ?? "") porcentajes de «\(v["columna"] ?? "")» están escritos como texto; se leyeron, pero use celdas con formato de porcentaje."
    case .porcentajeComoPuntos:
      return
        "\(v["cuenta"] ?? "") porcentajes de «\(v["columna"] ?? "")» están como números sin formato de porcentaje; se leyeron como puntos (16,98 = 16,98 %). Aplique el formato de porcentaje."
    case .fechaComoTexto:
      return
        "\(v["cuenta"] ?? "") fechas de «\(v["columna"] ?? "")» están escritas como texto; se leyeron, pero use celdas de fecha."
    case .valorFueraDeRango, .porcentajeFueraDeRango:
      let limite: String
      if let m = v["minimo"] {
        limite = "el mínimo es \(m)"
      } else if let m = v["mayorQue"] {
        limite = "debe ser mayor que \(m)"
      } else {
        limite = "el máximo es \(v["maximo"] ?? "")"
      }
      return "«\(v["columna"] ?? "")» vale \(v["encontrado"] ?? "") y \(limite)."
    case .patronNoCoincide:
      return "«\(v["encontrado"] ?? "")» no tiene la forma esperada para «\(v["columna"] ?? "")»."
    case .vigenciaDistinta:
      return
        "la vigencia es \(v["encontrado"] ?? "") y el corte que se consolida es de \(v["esperado"] ?? ""). Corrija la vigencia."
    case .corteDistinto:
      return
        "la fecha de corte es \(v["encontrado"] ?? "") y el corte que se consolida es \(v["esperado"] ?? ""). Envíe el reporte de ese corte."
    case .distintoAlFormulario:
      return
        "«\(v["columna"] ?? "")» dice \(v["encontrado"] ?? "") y la hoja Proyecto dice \(v["esperado"] ?? ""); deben coincidir."
    case .identidadRepetida:
      return
        "\(v["columnas"] ?? "") \(v["encontrado"] ?? "") ya aparece en la fila \(v["filaAnterior"] ?? ""). Cada registro debe aparecer una sola vez."
    case .textoDistintoEnGrupo:
      return
        "«\(v["columna"] ?? "")» del \(v["columnaGrupo"] ?? "") \(v["grupo"] ?? "") es distinta de la de la fila \(v["filaAnterior"] ?? ""); debe ser la misma en todas sus filas."
    case .sinProgramacion:
      return
        "no hay ningún mes programado en la vigencia (meta \(v["meta"] ?? "")). Programe al menos un mes."
    case .sumaProgramacion:
      return
        "la programación mensual suma \(v["suma"] ?? "") y \(articulo(v["columna"])) es \(v["meta"] ?? ""); ajuste la programación para que sumen lo mismo."
    case .constanteDistinta:
      return
        "la programación de \(v["mes"] ?? "") es \(v["encontrado"] ?? "") y, con anualización Constante, debe ser igual a la meta (\(v["meta"] ?? ""))."
    case .programacionNoCreciente:
      return
        "con anualización Creciente la programación no puede bajar: \(v["mes"] ?? "") tiene \(v["encontrado"] ?? "") y \(v["mesAnterior"] ?? "") tenía \(v["anterior"] ?? "")."
    case .programacionNoDecreciente:
      return
        "con anualización Decreciente la programación no puede subir: \(v["mes"] ?? "") tiene \(v["encontrado"] ?? "") y \(v["mesAnterior"] ?? "") tenía \(v["anterior"] ?? "")."
    case .ultimoMesDistinto:
      return
        "el último mes programado (\(v["mes"] ?? "")) tiene \(v["encontrado"] ?? "") y debe ser igual a la meta (\(v["meta"] ?? ""))."
    case .ejecucionExcedeTotal:
      return "la ejecución suma \(v["suma"] ?? "") y no puede pasar de \(v["total"] ?? "")."
    case .ejecucionFaltante:
      return
        "\(v["mes"] ?? "") está programado (\(v["programado"] ?? "")) y no tiene ejecución reportada. Escriba la ejecución (0 si no hubo avance)."
    case .ejecucionDespuesDelCorte:
      return
        "hay ejecución (\(v["encontrado"] ?? "")) en \(v["mes"] ?? ""), después del corte del \(v["corte"] ?? ""). Bórrela o déjela en 0."
    case .programacionFueraDePeriodicidad:
      return
        "hay programación (\(v["encontrado"] ?? "")) en \(v["mes"] ?? ""), mes que la periodicidad \(v["periodicidad"] ?? "") no incluye."
    case .ejecucionFueraDePeriodicidad:
      return
        "hay ejecución (\(v["encontrado"] ?? "")) en \(v["mes"] ?? ""), mes en que un indicador \(v["periodicidad"] ?? "") no reporta."
    case .comparacionFallida:
      return
        "«\(v["columna"] ?? "")» (\(v["encontrado"] ?? "")) no puede ser mayor que «\(v["otraColumna"] ?? "")» (\(v["otro"] ?? ""))."
    case .valorIncompatible:
      return
        "un registro con «\(v["campoCondicion"] ?? "")» \(v["condicion"] ?? "") debe tener «\(v["columna"] ?? "")» \(v["esperado"] ?? ""); se encontró \(v["encontrado"] ?? "")."
    case .fechaPosteriorAlCorte:
      return "la fecha \(v["encontrado"] ?? "") es posterior al corte (\(v["corte"] ?? ""))."
    case .codigoDuplicado:
      return
        "el código \(v["codigo"] ?? "") ya fue reportado por \(v["remitenteAnterior"] ?? "otra dependencia") en \(v["archivoAnterior"] ?? "otro archivo"). Verifique el código o coordine con esa dependencia."
    case .correccionReduce:
      return
        "esta corrección reemplaza a \(v["archivoAnterior"] ?? "un envío anterior") y no trae \(v["quitados"] ?? "todo lo que aquel tenía"), que desaparece de las cifras del corte. Si no fue a propósito, envíe de nuevo el libro completo."
    case .yaRecibido:
      // The portal names the earlier file only to the office that sent it.
      if let igual = v["igualA"] {
        return
          "este archivo es idéntico, byte a byte, a «\(igual)», que ya se había recibido en este corte; se guarda, pero no se cuenta otra vez."
      }
      return
        "este archivo ya fue recibido en este corte (es idéntico a uno anterior); se guarda, pero no se cuenta otra vez."
    case .cambioFrenteAlCorteAnterior:
      if let quitado = v["quitado"] {
        return
          "\(quitado) estaba en el reporte aceptado al \(v["corteAnterior"] ?? "corte anterior") y ya no está. Si se retiró del plan, justifíquelo ante la Oficina Asesora de Planeación; si no, vuelva a incluirla."
      }
      return
        "«\(v["columna"] ?? "")» cambió frente al corte del \(v["corteAnterior"] ?? "anterior"): era \(v["anterior"] ?? "") y ahora es \(v["nuevo"] ?? ""). Una reprogramación o una corrección de lo ya reportado debe justificarse ante la Oficina Asesora de Planeación."
    case .archivoIlegible, .archivoVacio, .formatoNoXlsx, .formatoXls, .libroCifrado, .formatoOds,
      .zipDanado, .parteFaltante, .parteDemasiadoGrande, .bombaZip, .dtdProhibido,
      .codificacionInvalida, .xmlMalformado, .xmlAnidamientoExcesivo, .relacionExterna,
      .hojaNoEncontrada, .referenciaInvalida, .cadenaFueraDeRango, .estiloFueraDeRango,
      .valorInvalido, .demasiadasCeldas, .textoDemasiadoLargo, .errorDeEscritura:
      // The file could not be read: the error itself says why.
      if case .lectura(let error)? = h.valores["lectura"] {
        return Mensajes.detalle(error)
      }
      return "no se pudo leer el archivo (\(h.codigo))."
    }
  }

  private static func articulo(_ columna: String?) -> String {
    guard let columna else { return "la meta" }
    return columna == "100 %" ? "el total esperado" : "la «\(columna)»"
  }
}

/// A finding's values written es-CO.
struct Valores {
  let raw: [String: ValorHallazgo]
  init(_ raw: [String: ValorHallazgo]) { self.raw = raw }

  subscript(_ key: String) -> String? {
    guard let v = raw[key] else { return nil }
    switch v {
    case .texto(let t): return t
    case .numero(let n): return Formato.numero(n, decimales: 4)
    case .porcentaje(let p): return Formato.porcentaje(p)
    case .entero(let i): return Formato.entero(i)
    case .fecha(let f): return Formato.fecha(f)
    case .lista(let l): return l.map { "«\($0)»" }.joined(separator: ", ")
    case .lectura(let e): return Mensajes.detalle(e)
    }
  }
}
