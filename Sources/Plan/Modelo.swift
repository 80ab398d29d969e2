import Foundation

/// The twelve months of a vigencia, January first; nil is a blank cell,
/// kept apart from 0 because PLAN says 0 is a report and blank is not.
public typealias Meses = [Decimal?]

/// How a goal's or indicator's monthly programming adds up to its target.
public enum Anualizacion: String, Sendable, Codable, CaseIterable {
  case suma = "Suma"
  case constante = "Constante"
  case creciente = "Creciente"
  case decreciente = "Decreciente"
}

/// How often an indicator reports; it fixes the months it may be programmed.
public enum Periodicidad: String, Sendable, Codable, CaseIterable {
  case mensual = "Mensual"
  case bimestral = "Bimestral"
  case trimestral = "Trimestral"
  case cuatrimestral = "Cuatrimestral"
  case semestral = "Semestral"
  case anual = "Anual"

  /// PLAN: Bimestral Feb/Apr/…/Dec, Trimestral Mar/Jun/Sep/Dec, …
  public var meses: Set<Int> {
    switch self {
    case .mensual: return Set(1...12)
    case .bimestral: return [2, 4, 6, 8, 10, 12]
    case .trimestral: return [3, 6, 9, 12]
    case .cuatrimestral: return [4, 8, 12]
    case .semestral: return [6, 12]
    case .anual: return [12]
    }
  }
}

/// The cut-off of a follow-up: its date and the vigencia it belongs to.
public struct Corte: Hashable, Sendable {
  public let fecha: Fecha
  public var vigencia: Int { fecha.year }
  /// PLAN: all sums run over months 1 … m, m the corte's month.
  public var mes: Int { fecha.month }

  public init(_ fecha: Fecha) { self.fecha = fecha }
}

// MARK: - Component 1: investment projects

/// A project goal (*meta proyecto de inversión*), one row of `Metas`.
public struct Meta: Hashable, Sendable {
  public var objetivo: Int
  public var descripcionObjetivo: String
  public var numero: Int
  public var descripcion: String
  public var anualizacion: Anualizacion
  public var magnitud: Decimal
  public var programacion: Meses
  public var ejecucion: Meses

  public init(
    objetivo: Int, descripcionObjetivo: String, numero: Int, descripcion: String,
    anualizacion: Anualizacion, magnitud: Decimal, programacion: Meses, ejecucion: Meses
  ) {
    self.objetivo = objetivo
    self.descripcionObjetivo = descripcionObjetivo
    self.numero = numero
    self.descripcion = descripcion
    self.anualizacion = anualizacion
    self.magnitud = magnitud
    self.programacion = programacion
    self.ejecucion = ejecucion
  }
}

/// One funding source of a project's budget, in pesos.
public struct LineaPresupuesto: Hashable, Sendable {
  public var fuente: String
  public var apropiacion: Decimal
  public var compromisos: Decimal
  public var giros: Decimal?

  public init(fuente: String, apropiacion: Decimal, compromisos: Decimal, giros: Decimal?) {
    self.fuente = fuente
    self.apropiacion = apropiacion
    self.compromisos = compromisos
    self.giros = giros
  }
}

/// An investment project as its workbook reports it.
public struct Proyecto: Hashable, Sendable {
  public var codigo: String
  public var nombre: String
  public var objetivoGeneral: String
  public var dependencia: String
  public var metas: [Meta]
  public var presupuesto: [LineaPresupuesto]

  public init(
    codigo: String, nombre: String, objetivoGeneral: String, dependencia: String,
    metas: [Meta], presupuesto: [LineaPresupuesto]
  ) {
    self.codigo = codigo
    self.nombre = nombre
    self.objetivoGeneral = objetivoGeneral
    self.dependencia = dependencia
    self.metas = metas
    self.presupuesto = presupuesto
  }
}

// MARK: - Component 2: management indicators

public enum UnidadMedida: String, Sendable, Codable, CaseIterable {
  case porcentaje = "Porcentaje"
  case numero = "Número"
}

public struct Indicador: Hashable, Sendable {
  public var codigo: String
  public var nombre: String
  public var proceso: String
  public var dependencia: String
  public var periodicidad: Periodicidad
  public var anualizacion: Anualizacion
  public var unidad: UnidadMedida
  public var metaVigencia: Decimal
  public var programacion: Meses
  public var ejecucion: Meses

  public init(
    codigo: String, nombre: String, proceso: String, dependencia: String,
    periodicidad: Periodicidad, anualizacion: Anualizacion, unidad: UnidadMedida,
    metaVigencia: Decimal, programacion: Meses, ejecucion: Meses
  ) {
    self.codigo = codigo
    self.nombre = nombre
    self.proceso = proceso
    self.dependencia = dependencia
    self.periodicidad = periodicidad
    self.anualizacion = anualizacion
    self.unidad = unidad
    self.metaVigencia = metaVigencia
    self.programacion = programacion
    self.ejecucion = ejecucion
  }
}

// MARK: - Component 3: integrated action plan

/// An activity of one of the integrated plans; months are fractions
/// (0.25 is 25 %).
public struct Actividad: Hashable, Sendable {
  public var plan: String
  public var codigo: String
  public var actividad: String
  public var dependencia: String
  public var programacion: Meses
  public var ejecucion: Meses

  public init(
    plan: String, codigo: String, actividad: String, dependencia: String,
    programacion: Meses, ejecucion: Meses
  ) {
    self.plan = plan
    self.codigo = codigo
    self.actividad = actividad
    self.dependencia = dependencia
    self.programacion = programacion
    self.ejecucion = ejecucion
  }
}

// MARK: - Component 4: risks

public enum TipoRiesgo: String, Sendable, Codable, CaseIterable {
  case gestion = "Gestión"
  case corrupcion = "Corrupción"
}

public enum ZonaRiesgo: String, Sendable, Codable, CaseIterable {
  case baja = "Baja"
  case moderada = "Moderada"
  case alta = "Alta"
  case extrema = "Extrema"
}

/// One monitoring of one risk (a row of `Riesgos`).
public struct Riesgo: Hashable, Sendable {
  public var proceso: String
  public var codigo: String
  public var tipo: TipoRiesgo
  public var descripcion: String
  public var zona: ZonaRiesgo
  public var periodicidad: Periodicidad
  public var fechaMonitoreo: Fecha
  public var accionesProgramadas: Int
  public var accionesEjecutadas: Int
  public var materializado: Bool

  public init(
    proceso: String, codigo: String, tipo: TipoRiesgo, descripcion: String, zona: ZonaRiesgo,
    periodicidad: Periodicidad, fechaMonitoreo: Fecha, accionesProgramadas: Int,
    accionesEjecutadas: Int, materializado: Bool
  ) {
    self.proceso = proceso
    self.codigo = codigo
    self.tipo = tipo
    self.descripcion = descripcion
    self.zona = zona
    self.periodicidad = periodicidad
    self.fechaMonitoreo = fechaMonitoreo
    self.accionesProgramadas = accionesProgramadas
    self.accionesEjecutadas = accionesEjecutadas
    self.materializado = materializado
  }
}

/// Everything accepted for one corte, the input of the measures.
public struct PlanAccion: Sendable {
  public var corte: Corte
  public var proyectos: [Proyecto]
  public var indicadores: [Indicador]
  public var actividades: [Actividad]
  public var riesgos: [Riesgo]

  public init(
    corte: Corte, proyectos: [Proyecto] = [], indicadores: [Indicador] = [],
    actividades: [Actividad] = [], riesgos: [Riesgo] = []
  ) {
    self.corte = corte
    self.proyectos = proyectos
    self.indicadores = indicadores
    self.actividades = actividades
    self.riesgos = riesgos
  }
}
