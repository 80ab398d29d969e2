import Foundation
import Ledger
import Plan
import Schema

/// `consolidado.json`, version 1: the contract offices script against
/// (PLAN, "the stable part"). Keys may be added, none renamed; ratios are
/// unrounded fractions with every digit (`Cifra`), money is pesos, codes
/// are strings. Where the schema makes a key required but nullable the
/// key is always written, `null` when there is no value (`@Nulo`).
public struct ConsolidadoV1: DocumentoJSON, Sendable {
  public static let version = 1

  public var version = ConsolidadoV1.version
  public var vigencia: Int
  public var corte: String
  public var pai: AvanceV1
  public var componentes: [ComponenteV1]
  /// nil without a catalogue: nothing says the corte is complete.
  @Nulo public var cobertura: CoberturaV1?
  public var proyectos: [ProyectoV1]
  public var indicadores: IndicadoresV1
  public var planIntegrado: PlanIntegradoV1
  public var riesgos: RiesgosV1
  public var envios: EnviosV1
  public var historial: [CorteHistorialV1]

  enum CodingKeys: String, CodingKey {
    case version, vigencia, corte, pai, componentes, cobertura, proyectos, indicadores
    case planIntegrado = "plan_integrado"
    case riesgos, envios, historial
  }

  /// - Parameter cobertura: what the catalogue expects and what is
  ///   missing; nil without a catalogue (then `cobertura` and every
  ///   `completo` are null: nothing says the corte is complete).
  /// - Parameter historial: the cortes of the vigencia up to this one,
  ///   oldest first, this one included (`historial`).
  public init(
    _ m: MedicionPAI, lote: Lote, duplicados: [ArchivoDuplicado], cobertura: Cobertura?,
    historial: [CorteHistorial] = []
  ) {
    vigencia = m.corte.vigencia
    corte = m.corte.fecha.iso
    pai = AvanceV1(m.pai)
    componentes = m.componentes.map { ComponenteV1($0, completo: cobertura?.completo($0.id)) }
    self.cobertura = cobertura.map(CoberturaV1.init)
    proyectos = m.proyectos.map(ProyectoV1.init)
    indicadores = IndicadoresV1(m.indicadores)
    planIntegrado = PlanIntegradoV1(m.planIntegrado)
    riesgos = RiesgosV1(m.riesgos)
    envios = EnviosV1(lote, duplicados: duplicados)
    self.historial = historial.map(CorteHistorialV1.init)
  }
}

/// `pai`: the PAI's advance, null when no component is measured.
public struct AvanceV1: Encodable, Sendable {
  @Nulo public var avance: Cifra?

  init(_ avance: Decimal?) { self.avance = Cifra(avance) }
}

/// One entry of `componentes`. `valor` and `motivo` are left out when
/// they do not apply (the schema has them optional, not nullable);
/// `completo` is always there.
public struct ComponenteV1: Encodable, Sendable {
  public var id: String
  public var medido: Bool
  public var valor: Cifra?
  public var motivo: String?
  @Nulo public var completo: Bool?

  init(_ c: MedicionComponente, completo: Bool?) {
    id = c.id.rawValue
    medido = c.medido
    valor = Cifra(c.valor)
    motivo = c.motivo.map(Textos.motivo)
    self.completo = completo
  }
}

/// `cobertura`: catalogue items, not files; `esperados` counts only the
/// components measured at the corte. The same object in `estado.json`
/// and the portal's `/api/v1/estado`.
public struct CoberturaV1: Encodable, Sendable {
  public var esperados: Int
  public var aceptados: Int
  public var faltantes: [FaltanteV1]

  public init(_ c: Cobertura) {
    esperados = c.esperados
    aceptados = c.aceptados
    faltantes = c.faltantes.map(FaltanteV1.init)
  }
}

/// One catalogue item that has not arrived accepted.
public struct FaltanteV1: Encodable, Sendable {
  public var componente: String
  public var elemento: String
  public var nombre: String
  public var dependencia: String
  public var carpeta: String
  /// The office's latest rejected file for it, if one came.
  @Nulo public var rechazado: String?

  init(_ p: Pendiente) {
    componente = p.componente.rawValue
    elemento = p.elemento
    nombre = p.nombre
    dependencia = p.dependencia
    carpeta = p.carpeta
    rechazado = p.rechazado?.archivo
  }
}

public struct ProyectoV1: Encodable, Sendable {
  public var codigo: String
  public var nombre: String
  public var objetivoGeneral: String
  public var dependencia: String
  @Nulo public var ejecucion: Cifra?
  @Nulo public var avance: Cifra?
  public var objetivos: [ObjetivoV1]
  public var presupuesto: PresupuestoV1

  enum CodingKeys: String, CodingKey {
    case codigo, nombre
    case objetivoGeneral = "objetivo_general"
    case dependencia, ejecucion, avance, objetivos, presupuesto
  }

  init(_ p: MedicionProyecto) {
    codigo = p.codigo
    nombre = p.nombre
    objetivoGeneral = p.objetivoGeneral
    dependencia = p.dependencia
    ejecucion = Cifra(p.ejecucion)
    avance = Cifra(p.avance)
    objetivos = p.objetivos.map(ObjetivoV1.init)
    presupuesto = PresupuestoV1(p.presupuesto)
  }
}

public struct ObjetivoV1: Encodable, Sendable {
  public var numero: Int
  public var descripcion: String
  public var programacion: Cifra
  @Nulo public var cumplimiento: Cifra?
  @Nulo public var avance: Cifra?
  public var metas: [MetaV1]

  init(_ o: MedicionObjetivo) {
    numero = o.numero
    descripcion = o.descripcion
    programacion = Cifra(o.programacion)
    cumplimiento = Cifra(o.cumplimiento)
    avance = Cifra(o.avance)
    metas = o.metas.map(MetaV1.init)
  }
}

public struct MetaV1: Encodable, Sendable {
  public var numero: Int
  public var descripcion: String
  public var anualizacion: String
  public var magnitud: Cifra
  public var programado: Cifra
  public var ejecutado: Cifra
  @Nulo public var cumplimiento: Cifra?
  @Nulo public var avance: Cifra?

  init(_ m: MedicionMeta) {
    numero = m.numero
    descripcion = m.descripcion
    anualizacion = m.anualizacion.rawValue
    magnitud = Cifra(m.magnitud)
    programado = Cifra(m.programado)
    ejecutado = Cifra(m.ejecutado)
    cumplimiento = Cifra(m.cumplimiento)
    avance = Cifra(m.avance)
  }
}

/// A project's budget, in pesos; its advance a fraction.
public struct PresupuestoV1: Encodable, Sendable {
  public var programacion: Cifra
  public var ejecucion: Cifra
  @Nulo public var giros: Cifra?
  @Nulo public var avance: Cifra?

  init(_ p: MedicionPresupuesto) {
    programacion = Cifra(p.programacion)
    ejecucion = Cifra(p.ejecucion)
    giros = Cifra(p.giros)
    avance = Cifra(p.avance)
  }
}

public struct IndicadoresV1: Encodable, Sendable {
  public var total: Int
  public var programados: Int
  public var bandas: BandasV1
  @Nulo public var valor: Cifra?
  public var items: [IndicadorV1]

  init(_ i: MedicionIndicadores) {
    total = i.total
    programados = i.programados
    bandas = BandasV1(
      desde100: i.bandas.desde100, de75a100: i.bandas.de75a100, bajo75: i.bandas.bajo75)
    valor = Cifra(i.valor)
    items = i.items.map(IndicadorV1.init)
  }
}

/// How many programmed indicators fall in each band of compliance.
public struct BandasV1: Encodable, Sendable {
  public var desde100: Int
  public var de75a100: Int
  public var bajo75: Int

  enum CodingKeys: String, CodingKey {
    case desde100 = "desde_100"
    case de75a100 = "de_75_a_100"
    case bajo75 = "bajo_75"
  }
}

public struct IndicadorV1: Encodable, Sendable {
  public var codigo: String
  public var nombre: String
  public var proceso: String
  public var dependencia: String
  public var periodicidad: String
  public var anualizacion: String
  public var unidad: String
  public var metaVigencia: Cifra
  public var programado: Bool
  @Nulo public var valorProgramado: Cifra?
  @Nulo public var valorEjecutado: Cifra?
  /// null when the indicator is not programmed at the period.
  @Nulo public var cumplimiento: Cifra?
  @Nulo public var banda: String?

  enum CodingKeys: String, CodingKey {
    case codigo, nombre, proceso, dependencia, periodicidad, anualizacion, unidad
    case metaVigencia = "meta_vigencia"
    case programado
    case valorProgramado = "valor_programado"
    case valorEjecutado = "valor_ejecutado"
    case cumplimiento, banda
  }

  init(_ x: MedicionIndicador) {
    codigo = x.codigo
    nombre = x.nombre
    proceso = x.proceso
    dependencia = x.dependencia
    periodicidad = x.periodicidad.rawValue
    anualizacion = x.anualizacion.rawValue
    unidad = x.unidad.rawValue
    metaVigencia = Cifra(x.metaVigencia)
    programado = x.programado
    valorProgramado = Cifra(x.valorProgramado)
    valorEjecutado = Cifra(x.valorEjecutado)
    cumplimiento = Cifra(x.cumplimiento)
    banda = x.banda?.rawValue
  }
}

public struct PlanIntegradoV1: Encodable, Sendable {
  public var total: Int
  public var programadas: Int
  @Nulo public var valor: Cifra?
  public var items: [ActividadV1]

  init(_ p: MedicionPlanIntegrado) {
    total = p.total
    programadas = p.programadas
    valor = Cifra(p.valor)
    items = p.items.map(ActividadV1.init)
  }
}

public struct ActividadV1: Encodable, Sendable {
  public var codigo: String
  public var actividad: String
  public var plan: String
  public var dependencia: String
  public var programada: Bool
  public var programado: Cifra
  public var ejecutado: Cifra
  @Nulo public var cumplimiento: Cifra?

  init(_ a: MedicionActividad) {
    codigo = a.codigo
    actividad = a.actividad
    plan = a.plan
    dependencia = a.dependencia
    programada = a.programada
    programado = Cifra(a.programado)
    ejecutado = Cifra(a.ejecutado)
    cumplimiento = Cifra(a.cumplimiento)
  }
}

/// `riesgos`. `motivo` is there only when the component is not measured
/// (optional in the schema, not nullable).
public struct RiesgosV1: Encodable, Sendable {
  public var medido: Bool
  public var motivo: String?
  @Nulo public var proximoSeguimiento: String?
  @Nulo public var valor: Cifra?
  public var accionesProgramadas: Int
  public var accionesEjecutadas: Int
  public var riesgos: Int
  /// Every zone and type, zero included.
  public var porZona: [String: Int]
  public var porTipo: [String: Int]
  public var materializados: [String]
  public var monitoreosFaltantes: [MonitoreoFaltanteV1]
  public var items: [RiesgoV1]

  enum CodingKeys: String, CodingKey {
    case medido, motivo
    case proximoSeguimiento = "proximo_seguimiento"
    case valor
    case accionesProgramadas = "acciones_programadas"
    case accionesEjecutadas = "acciones_ejecutadas"
    case riesgos
    case porZona = "por_zona"
    case porTipo = "por_tipo"
    case materializados
    case monitoreosFaltantes = "monitoreos_faltantes"
    case items
  }

  init(_ r: MedicionRiesgos) {
    medido = r.medido
    motivo = r.motivo.map(Textos.motivo)
    proximoSeguimiento = r.proximoSeguimiento?.iso
    valor = Cifra(r.valor)
    accionesProgramadas = r.accionesProgramadas
    accionesEjecutadas = r.accionesEjecutadas
    riesgos = r.riesgos
    porZona = Dictionary(
      uniqueKeysWithValues: ZonaRiesgo.allCases.map { ($0.rawValue, r.porZona[$0] ?? 0) })
    porTipo = Dictionary(
      uniqueKeysWithValues: TipoRiesgo.allCases.map { ($0.rawValue, r.porTipo[$0] ?? 0) })
    materializados = r.materializados
    monitoreosFaltantes = r.monitoreosFaltantes.map(MonitoreoFaltanteV1.init)
    items = r.items.map(RiesgoV1.init)
  }
}

/// A risk whose monitoring reports did not all arrive.
public struct MonitoreoFaltanteV1: Encodable, Sendable {
  public var codigo: String
  public var proceso: String
  public var tipo: String
  public var esperados: Int
  public var recibidos: Int

  init(_ f: MonitoreoFaltante) {
    codigo = f.codigo
    proceso = f.proceso
    tipo = f.tipo.rawValue
    esperados = f.esperados
    recibidos = f.recibidos
  }
}

public struct RiesgoV1: Encodable, Sendable {
  public var codigo: String
  public var proceso: String
  public var tipo: String
  public var descripcion: String
  public var zona: String
  public var periodicidad: String
  public var fechaMonitoreo: String
  public var accionesProgramadas: Int
  public var accionesEjecutadas: Int
  public var materializado: Bool

  enum CodingKeys: String, CodingKey {
    case codigo, proceso, tipo, descripcion, zona, periodicidad
    case fechaMonitoreo = "fecha_monitoreo"
    case accionesProgramadas = "acciones_programadas"
    case accionesEjecutadas = "acciones_ejecutadas"
    case materializado
  }

  init(_ x: MedicionRiesgo) {
    codigo = x.codigo
    proceso = x.proceso
    tipo = x.tipo.rawValue
    descripcion = x.descripcion
    zona = x.zona.rawValue
    periodicidad = x.periodicidad.rawValue
    fechaMonitoreo = x.fechaMonitoreo.iso
    accionesProgramadas = x.accionesProgramadas
    accionesEjecutadas = x.accionesEjecutadas
    materializado = x.materializado
  }
}

/// `envios`: the corte's files. `recibidos` counts distinct files (by
/// checksum), each either accepted or rejected; `reemplazados` the
/// accepted ones a later correction replaced; `duplicados` the drops of
/// bytes already received, counted nowhere else.
public struct EnviosV1: Encodable, Sendable {
  public var recibidos: Int
  public var aceptados: Int
  public var rechazados: Int
  public var reemplazados: Int
  public var duplicados: Int
  public var sinPlantilla: Int
  /// Every component, zero included.
  public var porComponente: [String: ConteoEnviosV1]
  public var archivos: [ArchivoEnviadoV1]
  public var duplicadosDetalle: [DuplicadoV1]

  enum CodingKeys: String, CodingKey {
    case recibidos, aceptados, rechazados, reemplazados, duplicados
    case sinPlantilla = "sin_plantilla"
    case porComponente = "por_componente"
    case archivos
    case duplicadosDetalle = "duplicados_detalle"
  }

  init(_ lote: Lote, duplicados: [ArchivoDuplicado]) {
    recibidos = lote.envios.count
    aceptados = lote.aceptados
    rechazados = lote.rechazados
    reemplazados = lote.reemplazadoPor.count
    self.duplicados = duplicados.count
    sinPlantilla = lote.envios.filter { $0.informe.componente == nil }.count
    var porComponente: [String: ConteoEnviosV1] = [:]
    for id in ComponentePAI.allCases.map(\.rawValue) {
      let envios = lote.envios.filter { $0.informe.componente == id }
      let aceptados = envios.filter(\.informe.aceptado).count
      porComponente[id] = ConteoEnviosV1(
        recibidos: envios.count, aceptados: aceptados, rechazados: envios.count - aceptados)
    }
    self.porComponente = porComponente
    archivos = lote.envios.indices.map { ArchivoEnviadoV1(lote, $0) }
    duplicadosDetalle = duplicados.map {
      DuplicadoV1(archivo: $0.archivo, igualA: $0.igualA, sha256: $0.sha256)
    }
  }
}

public struct ConteoEnviosV1: Encodable, Sendable {
  public var recibidos: Int
  public var aceptados: Int
  public var rechazados: Int
}

/// One received file and its fate in the resolved corte.
public struct ArchivoEnviadoV1: Encodable, Sendable {
  public var archivo: String
  public var remitente: String
  public var sha256: String
  @Nulo public var plantilla: String?
  /// `aceptado`, `rechazado` or `reemplazado`.
  public var estado: String
  @Nulo public var reemplaza: String?
  @Nulo public var reemplazadoPor: String?
  public var errores: Int
  public var advertencias: Int
  /// The distinct codes of its errors, sorted.
  public var codigosError: [String]

  enum CodingKeys: String, CodingKey {
    case archivo, remitente, sha256, plantilla, estado, reemplaza
    case reemplazadoPor = "reemplazado_por"
    case errores, advertencias
    case codigosError = "codigos_error"
  }

  init(_ lote: Lote, _ i: Int) {
    let e = lote.envios[i]
    archivo = e.archivo
    remitente = e.remitente
    sha256 = e.sha256
    plantilla = e.informe.plantilla
    estado =
      e.informe.aceptado
      ? (lote.reemplazadoPor[i] != nil ? "reemplazado" : "aceptado") : "rechazado"
    reemplaza = lote.reemplaza[i].map { lote.envios[$0].archivo }
    reemplazadoPor = lote.reemplazadoPor[i].map { lote.envios[$0].archivo }
    errores = e.informe.errores
    advertencias = e.informe.advertencias
    codigosError = Set(
      e.informe.hallazgos.filter { $0.severidad == .error }.map(\.codigo.rawValue)
    ).sorted()
  }
}

public struct DuplicadoV1: Encodable, Sendable {
  public var archivo: String
  public var igualA: String
  public var sha256: String

  enum CodingKeys: String, CodingKey {
    case archivo
    case igualA = "igual_a"
    case sha256
  }
}

/// A drop of bytes already received: counted once, reported, kept.
public struct ArchivoDuplicado: Sendable {
  public var archivo: String
  public var igualA: String
  public var sha256: String

  public init(archivo: String, igualA: String, sha256: String) {
    self.archivo = archivo
    self.igualA = igualA
    self.sha256 = sha256
  }
}

/// Spanish sentences about the measures (not findings).
public enum Textos {
  public static func motivo(_ m: MotivoNoMedido) -> String {
    switch m {
    case .fueraDeCiclo(let proximo):
      guard let proximo else { return "El componente no se mide en este corte." }
      return
        "De acuerdo con el ciclo de monitoreo de riesgos, el seguimiento se realizará con corte a \(fechaLarga(proximo))."
    case .sinDatos:
      return "No se recibieron reportes aceptados de este componente."
    case .sinProgramacion:
      return "Ningún elemento del componente tiene programación al periodo."
    }
  }

  static let meses = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
  ]

  /// `30 de abril de 2021`.
  public static func fechaLarga(_ f: Fecha) -> String {
    "\(f.day) de \(meses[f.month - 1]) de \(f.year)"
  }
}
