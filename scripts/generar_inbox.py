#!/usr/bin/env python3
"""Write the example inbox of the PAI pipeline and check it against the seed.

The inbox holds the submissions of the quarter cut at 2021-03-31 (vigencia
2021) of the Secretaría General de la Alcaldía Mayor de Bogotá: seven
investment-project workbooks, eight indicator workbooks, four activity
workbooks and three risk workbooks, one sub-folder per sending office.

After writing, the script reads every workbook back with openpyxl, validates
it against the rules of /work/shared/spec/PLAN.md, computes the plan's
measures with exact arithmetic (fractions.Fraction, half-up rounding for
display) and asserts every figure of the seed report
(/work/shared/seed/000_d7b7a210eba746d0.txt). It prints a table and exits
non-zero on any validation error or mismatch.

Deterministic: no randomness, fixed workbook properties (created / modified
2021-04-05), XlsxWriter's fixed zip timestamps and file mtimes set to
2021-04-05 08:00 UTC, so re-running gives byte-identical files.

Usage: python3 scripts/generar_inbox.py [--check-only]
"""

from __future__ import annotations

import calendar
import math
import os
import shutil
import sys
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
INBOX = ROOT / "inbox"
SEED = Path("/work/shared/seed/000_d7b7a210eba746d0.txt")

VIGENCIA = 2021
CORTE = date(2021, 3, 31)
CUT_MONTH = CORTE.month
CREATED = datetime(2021, 4, 5, 8, 0, 0)
ENTIDAD = "SECRETARÍA GENERAL DE LA ALCALDÍA MAYOR DE BOGOTÁ D.C."

MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
          "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
PROG_H = [f"Prog. {m}" for m in MONTHS]
EJEC_H = [f"Ejec. {m}" for m in MONTHS]

D = Decimal

# The 18 plans of PLAN.md, verbatim.
PLANES = [
    "Plan Institucional de Archivos – PINAR",
    "Plan Anual de Adquisiciones",
    "Plan Anual de Vacantes",
    "Plan de Previsión de Recursos Humanos",
    "Plan Estratégico de Talento Humano",
    "Plan Institucional de Capacitación",
    "Plan de Incentivos Institucionales",
    "Plan de Trabajo Anual en Seguridad y Salud en el Trabajo",
    "Plan Anticorrupción y de Atención al Ciudadano",
    "Plan Estratégico de Tecnologías de la Información y las Comunicaciones – PETI",
    "Plan de Tratamiento de Riesgos de Seguridad y Privacidad de la Información",
    "Plan de Seguridad y Privacidad de la Información",
    "Plan Institucional de Gestión Ambiental – PIGA",
    "Plan de Gestión de Integridad",
    "Plan de Participación Ciudadana",
    "Plan de Rendición de Cuentas",
    "Plan de Gestión del Conocimiento y la Innovación",
    "Plan de Ajuste y Sostenibilidad del MIPG",
]
(P_PINAR, P_ADQ, P_VAC, P_PREV, P_PETH, P_PIC, P_INC, P_SST, P_PAAC, P_PETI,
 P_TRAT, P_SEG, P_PIGA, P_INT, P_PART, P_RC, P_CON, P_MIPG) = PLANES

DEP = {
    "consejeria-comunicaciones": "Oficina Consejería de Comunicaciones",
    "fortalecimiento-institucional":
        "Subsecretaría Distrital de Fortalecimiento Institucional",
    "alta-consejeria-tic":
        "Oficina Alta Consejería Distrital de Tecnologías de la Información y las Comunicaciones – TIC",
    "servicio-ciudadania": "Subsecretaría de Servicio a la Ciudadanía",
    "consejeria-paz-victimas":
        "Alta Consejería para los Derechos de las Víctimas, la Paz y la Reconciliación",
    "oficina-tic": "Oficina de Tecnologías de la Información y las Comunicaciones",
    "subsecretaria-corporativa": "Subsecretaría Corporativa",
    "direccion-contratacion": "Dirección de Contratación",
    "subdireccion-financiera": "Subdirección Financiera",
    "oficina-control-interno": "Oficina de Control Interno",
    "archivo-bogota": "Dirección Distrital de Archivo de Bogotá",
    "control-disciplinario": "Oficina de Control Disciplinario Interno",
    "servicios-administrativos": "Subdirección de Servicios Administrativos",
    "oficina-asesora-planeacion": "Oficina Asesora de Planeación",
    "direccion-talento-humano": "Dirección de Talento Humano",
}


# ---------------------------------------------------------------------------
# Builders of month series
# ---------------------------------------------------------------------------

def spread(total, months):
    """Split an integer total over the given months (1-based), evenly."""
    base, rem = divmod(total, len(months))
    out = {}
    for i, m in enumerate(months):
        out[m] = base + (1 if i >= len(months) - rem else 0)
    return out


def suma_meta(magnitud, q1_prog, q1_ejec, later=None):
    """A `Suma` meta: Q1 programming and execution given, the rest of the
    magnitude spread over April-December (or `later`, a month->value dict)."""
    prog = {m + 1: v for m, v in enumerate(q1_prog)}
    if later is None:
        later = spread(magnitud - sum(q1_prog), range(4, 13))
    prog.update(later)
    assert sum(prog.values()) == magnitud, (magnitud, prog)
    ejec = {m + 1: v for m, v in enumerate(q1_ejec)}
    return dict(tipo="Suma", magnitud=magnitud, prog=prog, ejec=ejec)


def acumulado_meta(q1_ejec, step=D(5)):
    """A `Constante` meta in percent of progress of a product: the programmed
    value of each month is the cumulative progress expected at its end and
    December equals the magnitude (100)."""
    prog = {1: step, 2: 2 * step, 3: 3 * step}
    later = [D(25), D(35), D(45), D(55), D(65), D(75), D(85), D(95), D(100)]
    for i, v in enumerate(later):
        prog[4 + i] = v
    ejec = {m + 1: v for m, v in enumerate(q1_ejec)}
    return dict(tipo="Constante", magnitud=D(100), prog=prog, ejec=ejec)


def constante_meta(q1_ejec, level=D(100)):
    """A `Constante` meta: the same level every month (e.g. attend 100 % of the
    requests)."""
    prog = {m: level for m in range(1, 13)}
    ejec = {m + 1: v for m, v in enumerate(q1_ejec)}
    return dict(tipo="Constante", magnitud=level, prog=prog, ejec=ejec)


def meta(num, desc, spec):
    d = dict(spec)
    d["num"] = num
    d["desc"] = desc
    return d


# ---------------------------------------------------------------------------
# Investment projects
# ---------------------------------------------------------------------------

PROJECTS = [
    dict(
        codigo=7867, folder="consejeria-comunicaciones",
        file="PAI 2021-T1 Proyecto 7867.xlsx",
        nombre="Generación de los lineamientos de comunicación del Distrito para construir ciudad y ciudadanía",
        general="Generar lineamientos de comunicación pública distrital que fortalezcan la articulación de las entidades y permitan que la ciudadanía se reconozca en la construcción de ciudad.",
        layout=dict(form_at=(0, 0), metas_title=False, zeros=True),
        objetivos=[
            ("Fortalecer la articulación interinstitucional y las estrategias de las oficinas de comunicaciones de las entidades del Distrito", [
                meta(1, "Realizar 20 mesas de trabajo de articulación con las oficinas de comunicaciones de las entidades del Distrito",
                     suma_meta(20, [1, 1, 1], [1, 1, 1])),
                meta(2, "Implementar el 100% de la estrategia de fortalecimiento de las oficinas de comunicaciones del Distrito",
                     acumulado_meta([D(5), D(10), D(15)])),
            ]),
            ("Lograr una comunicación pública en la que la ciudadanía se vea identificada", [
                meta(1, "Realizar 50 campañas de comunicación pública distrital",
                     suma_meta(50, [3, 3, 3], [3, 3, 3])),
                meta(2, "Publicar 1.250 contenidos informativos en los canales digitales de la Alcaldía Mayor",
                     suma_meta(1250, [80, 80, 80], [78, 84, 87])),
            ]),
        ],
        presupuesto=[
            ("Recursos del distrito", 18402610000, 8521337180, 1712450300),
            ("Otros distritales", 1212590000, 739880000, 98650000),
        ],
    ),
    dict(
        codigo=7868, folder="fortalecimiento-institucional",
        file="Seguimiento_7868_marzo_2021.xlsx",
        nombre="Desarrollo Institucional para una Gestión Pública Eficiente",
        general="Fortalecer la capacidad institucional de las entidades distritales para una gestión pública eficiente, transparente y orientada a la generación de valor público.",
        layout=dict(form_at=(3, 1), metas_title=True, zeros=False),
        objetivos=[
            ("Fortalecer el Sistema de coordinación y articulación institucional interna y externa.", [
                # Held in February although programmed for March: work ahead
                # of schedule; March reports 0.
                meta(1, "Realizar 4 sesiones del Comité Sectorial de Gestión y Desempeño del sector Gestión Pública",
                     suma_meta(4, [0, 0, 1], [0, 1, 0], later={6: 1, 9: 1, 12: 1})),
                meta(2, "Brindar 150 asistencias técnicas a entidades distritales en desarrollo institucional",
                     suma_meta(150, [5, 5, 5], [5, 6, 6])),
            ]),
            ("Posicionar la gestión pública distrital a través de la gestión del conocimiento y la innovación.", [
                meta(1, "Formar 1.250 servidores públicos distritales en gestión del conocimiento e innovación pública",
                     suma_meta(1250, [80, 90, 90], [85, 88, 91])),
            ]),
            ("Fortalecer la gestión y desempeño para generar valor público en nuestros grupos de interés.", [
                meta(1, "Acompañar 40 entidades distritales en la implementación de las políticas de gestión y desempeño",
                     suma_meta(40, [2, 2, 2], [2, 2, 2])),
                meta(2, "Realizar 40 mesas técnicas de seguimiento a la gestión y el desempeño de las entidades distritales",
                     suma_meta(40, [3, 3, 3], [3, 3, 3])),
                # No programming up to March: no cumplimiento at this corte,
                # avance 0 (counts in the objective's avance).
                meta(3, "Elaborar 2 informes de resultados de la medición del desempeño institucional distrital",
                     suma_meta(2, [0, 0, 0], [None, None, None], later={6: 1, 12: 1})),
            ]),
            ("Afianzar la transparencia para mayor efectividad en la gestión pública distrital.", [
                meta(1, "Realizar 4 informes de seguimiento a la Política Pública Distrital de Transparencia, Integridad y No Tolerancia con la Corrupción",
                     suma_meta(4, [0, 0, 1], [0, 0, 1], later={6: 1, 9: 1, 12: 1})),
                meta(2, "Asesorar 65 entidades distritales en transparencia y acceso a la información pública",
                     suma_meta(65, [3, 4, 4], [4, 4, 4])),
            ]),
        ],
        presupuesto=[
            ("Recursos del distrito", 9599847000, 6580112540, 1402335870),
        ],
    ),
    dict(
        codigo=7869, folder="alta-consejeria-tic",
        file="PAI_proyecto_7869_corte_31-03-2021.xlsx",
        nombre="Implementación del modelo de Gobierno Abierto, Accesible e Incluyente de Bogotá",
        general="Implementar el modelo de Gobierno Abierto de Bogotá para que la ciudadanía participe, colabore y ejerza control social en condiciones de equidad, accesibilidad e inclusión.",
        layout=dict(form_at=(0, 0), metas_title=False, zeros=True, no_giros=True),
        objetivos=[
            ("Implementar estrategias institucionales para que la ciudadanía en condiciones de equidad, integralidad, accesibilidad e inclusión, ejerzan la democracia digital, el control social y el aprovechamiento de información pública, en el marco de la transparencia, la colaboración y la participación.", [
                meta(1, "Realizar 20 ejercicios de control social y rendición de cuentas con la ciudadanía",
                     suma_meta(20, [0, 1, 1], [0, 1, 1])),
                meta(2, "Publicar 40 nuevos conjuntos de datos abiertos en el portal Datos Abiertos Bogotá",
                     suma_meta(40, [2, 2, 2], [2, 2, 2])),
                meta(3, "Formar 2.500 ciudadanos en democracia digital y uso de la plataforma Gobierno Abierto Bogotá",
                     suma_meta(2500, [100, 120, 150], [110, 130, 160])),
            ]),
            ("Fortalecer la capacidad institucional para promover, cualificar y afianzar capacidades ciudadanas, que confluyan en procesos de colaboración y toma de decisiones, que reconocen la diferenciación de condiciones sociales, territoriales y económicas de la población.", [
                meta(1, "Cualificar 3.000 ciudadanos en capacidades para la participación y la colaboración",
                     suma_meta(3000, [150, 150, 150], [140, 150, 160])),
                meta(2, "Realizar 20 laboratorios de innovación y colaboración ciudadana con enfoque territorial",
                     suma_meta(20, [1, 1, 1], [1, 1, 1])),
            ]),
        ],
        presupuesto=[
            ("Recursos del distrito", 2318420000, 1361990000, None),
        ],
    ),
    dict(
        codigo=7870, folder="servicio-ciudadania",
        file="Seguimiento PAI 7870 - marzo 2021.xlsx",
        nombre="Servicio a la ciudadanía, moderno, eficiente y de calidad",
        general="Mejorar la experiencia de la ciudadanía en su relación con la administración distrital mediante un servicio moderno, eficiente, incluyente y de calidad.",
        layout=dict(form_at=(1, 0), metas_title=True, zeros=True, presupuesto_reordered=True),
        objetivos=[
            ("Fortalecer la articulación y el seguimiento a nivel distrital de la implementación de los lineamientos en materia de atención al ciudadano e inspección, vigilancia y control.", [
                meta(1, "Realizar 50 visitas de inspección, vigilancia y control a los puntos de atención de las entidades distritales",
                     suma_meta(50, [2, 3, 3], [2, 3, 3])),
                meta(2, "Realizar 20 mesas de seguimiento a la implementación de la Política Pública Distrital de Servicio a la Ciudadanía",
                     suma_meta(20, [1, 1, 1], [1, 1, 1])),
            ]),
            ("Mejorar la calidad del servicio que se presta dentro del modelo multicanal y fortalecer el servicio y atención a la ciudadanía con enfoque diferencial.", [
                meta(1, "Implementar el 100% del modelo multicanal de servicio a la ciudadanía con enfoque diferencial",
                     acumulado_meta([D(5), D(10), D(15)])),
                meta(2, "Atender 6.000.000 de ciudadanos a través de los canales de la Red CADE",
                     suma_meta(6000000, [300000, 300000, 300000], [290412, 301877, 307711])),
            ]),
        ],
        presupuesto=[
            ("Recursos del distrito", 3987871000, 3234905300, 612450000),
            ("Otros distritales", 246000000, 200000000, 41000000),
        ],
    ),
    dict(
        codigo=7871, folder="consejeria-paz-victimas",
        file="7871_PAI_seguimiento_I_trimestre.xlsx",
        nombre="Construcción de Bogotá-región como territorio de paz para las víctimas y la reconciliación",
        general="Contribuir a la construcción de Bogotá-región como territorio de paz mediante la memoria, la reparación integral a las víctimas y la reconciliación.",
        layout=dict(form_at=(2, 1), metas_title=True, zeros=False, instrucciones=True),
        objetivos=[
            ("Aumentar la apropiación social de la memoria y la verdad históricas, por parte de la ciudadanía, como herramientas fundamentales en la construcción de paz, reconciliación y la profundización de la democracia", [
                meta(1, "Realizar 125 acciones de pedagogía social y memoria histórica para la construcción de paz",
                     suma_meta(125, [6, 7, 7], [7, 8, 8])),
                meta(2, "Vincular 280 personas a procesos de memoria, verdad y reconciliación",
                     suma_meta(280, [18, 19, 19], [17, 18, 18])),
            ]),
            ("Fortalecer la articulación institucional y el otorgamiento de servicios que dan respuesta a las obligaciones y retos en materia de asistencia, atención y reparación a víctimas en Bogotá-región; así como otros efectos particulares, asociados al conflicto.", [
                meta(1, "Otorgar el 100% de las medidas de ayuda humanitaria inmediata a las víctimas del conflicto armado que cumplan los requisitos",
                     constante_meta([D("80.5"), D("78.2"), D("75.7")])),
                meta(2, "Brindar 3.000 orientaciones y atenciones a víctimas del conflicto armado en los Centros de Encuentro para la Paz",
                     suma_meta(3000, [250, 250, 250], [920, 950, 964])),
            ]),
            ("Incrementar las acciones integrales de coordinación territorial, para atender las necesidades de la población afectada por el conflicto armado, así como de las víctimas, reincorporados y reintegrados residentes en Bogotá-región", [
                meta(1, "Atender el 100% de las solicitudes de acompañamiento de la población reincorporada y reintegrada residente en Bogotá-región",
                     constante_meta([D("93"), D("91.5"), D("92")])),
                meta(2, "Dar respuesta al 100% de los requerimientos de coordinación territorial de las entidades de Bogotá-región",
                     constante_meta([D("90"), D("91"), D("90.67")])),
                # Over-executed: 313 people against an annual magnitude of
                # 300 -> avance 104,33 % (not capped), cumplimiento 100 %.
                meta(3, "Vincular 300 personas víctimas, reincorporadas y reintegradas a acciones integrales de coordinación territorial",
                     suma_meta(300, [25, 25, 25], [98, 105, 110])),
            ]),
        ],
        presupuesto=[
            ("Recursos del distrito", 27980400000, 10902350000, 2410000000),
            ("Otros distritales", 1600000000, 842250000, 120500000),
        ],
    ),
    dict(
        codigo=7872, folder="oficina-tic",
        file="Proyecto 7872 - seguimiento marzo.xlsx",
        nombre="Transformación digital y gestión TIC",
        general="Fortalecer la gestión de las tecnologías de la información y las comunicaciones de la Secretaría General para avanzar en su transformación digital.",
        layout=dict(form_at=(0, 0), metas_title=False, zeros=False, listas=True),
        objetivos=[
            ("Contar con información oportuna y de calidad para la toma de decisiones", [
                meta(1, "Desarrollar 10 tableros de control de información para la toma de decisiones",
                     suma_meta(10, [0, 1, 1], [0, 1, 1])),
                meta(2, "Implementar el 100% de la estrategia de gobierno y calidad de datos de la Secretaría General",
                     acumulado_meta([D(6), D(12), D(17)])),
            ]),
            ("Contar con servicios digitales que atiendan las necesidades de los grupos de interés", [
                meta(1, "Implementar 5 nuevos servicios digitales para la ciudadanía y los grupos de interés",
                     suma_meta(5, [0, 0, 1], [0, 0, 1])),
                meta(2, "Realizar 24 mejoras a los sistemas de información y servicios digitales de la Entidad",
                     suma_meta(24, [2, 2, 1], [2, 2, 1])),
            ]),
        ],
        presupuesto=[
            ("Recursos del distrito", 10899655000, 6537880000, 1950600000),
            ("Otros distritales", 1000000000, 600000000, 0),
        ],
    ),
    dict(
        codigo=7873, folder="subsecretaria-corporativa",
        file="PAI-7873-2021-03.xlsx",
        nombre="Fortalecimiento de la capacidad institucional de la Secretaría General",
        general="Fortalecer la capacidad institucional de la Secretaría General para apoyar de manera eficiente el cumplimiento de su misionalidad.",
        layout=dict(form_at=(0, 1), metas_title=True, zeros=True),
        objetivos=[
            ("Gestionar de manera eficiente los recursos para apoyar la misionalidad de la Entidad.", [
                meta(1, "Gestionar 2.500 solicitudes de servicios administrativos y logísticos de las dependencias",
                     suma_meta(2500, [125, 125, 125], [130, 132, 136])),
                meta(2, "Realizar 370 mantenimientos preventivos y correctivos a la infraestructura física de las sedes de la Entidad",
                     suma_meta(370, [25, 25, 25], [25, 25, 24])),
            ]),
            ("Fortalecer la planeación institucional de la Entidad de acuerdo con las necesidades y nuevas realidades, soportada en un esquema de medición, seguimiento y mejora continua.", [
                meta(1, "Elaborar 4 informes trimestrales de seguimiento a la planeación institucional",
                     suma_meta(4, [0, 0, 1], [0, 0, 1], later={6: 1, 9: 1, 12: 1})),
                meta(2, "Realizar 74 mesas técnicas de seguimiento a la planeación institucional con las dependencias",
                     suma_meta(74, [4, 4, 4], [4, 4, 5])),
            ]),
        ],
        presupuesto=[
            ("Recursos del distrito", 11805930000, 10552210000, 2985400000),
        ],
    ),
]

# ---------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------

ALLOWED = {
    "Mensual": set(range(1, 13)),
    "Bimestral": {2, 4, 6, 8, 10, 12},
    "Trimestral": {3, 6, 9, 12},
    "Cuatrimestral": {4, 8, 12},
    "Semestral": {6, 12},
    "Anual": {12},
}


def pct(s):
    """'98.94' (percentage points) -> Decimal fraction 0.9894."""
    return D(s) / 100


def ind(codigo, nombre, period, tipo, unidad, meta_v, prog, ejec, dep=None):
    """prog / ejec: dict month -> value, or list for months 1..n."""
    if isinstance(prog, list):
        prog = {m + 1: v for m, v in enumerate(prog)}
    if isinstance(ejec, list):
        ejec = {m + 1: v for m, v in enumerate(ejec)}
    if unidad == "Porcentaje":
        meta_v = pct(meta_v)
        prog = {m: pct(v) for m, v in prog.items()}
        ejec = {m: pct(v) for m, v in ejec.items()}
    return dict(codigo=codigo, nombre=nombre, periodicidad=period, tipo=tipo,
                unidad=unidad, meta=meta_v, prog=prog, ejec=ejec, dep=dep)


def every(months, v):
    return {m: v for m in months}


MEN = list(range(1, 13))
BIM = [2, 4, 6, 8, 10, 12]
TRI = [3, 6, 9, 12]
CUA = [4, 8, 12]

IND_FILES = [
    dict(
        proceso="Contratación", folder="direccion-contratacion",
        file="Indicadores_Contratacion_I_trimestre_2021.xlsx",
        layout=dict(title=True, zeros=True),
        items=[
            ind("CON-01", "Índice de atención oportuna a los procesos precontractuales radicados en la Dirección de Contratación",
                "Mensual", "Constante", "Porcentaje", "100", every(MEN, "100"), ["100", "99", "98.94"]),
            ind("CON-02", "Porcentaje de contratos publicados oportunamente en el SECOP II",
                "Mensual", "Constante", "Porcentaje", "100", every(MEN, "100"), ["100", "100", "100"]),
            ind("CON-03", "Número de procesos de selección adjudicados",
                "Trimestral", "Suma", "Número", 120, {3: 25, 6: 35, 9: 35, 12: 25}, {3: 31}),
            ind("CON-04", "Porcentaje de solicitudes de liquidación de contratos tramitadas",
                "Bimestral", "Constante", "Porcentaje", "100", every(BIM, "100"), {2: "100"}),
            ind("CON-05", "Número de capacitaciones en gestión contractual dirigidas a las dependencias",
                "Mensual", "Suma", "Número", 12, every(MEN, 1), [1, 1, 1]),
            ind("CON-06", "Tiempo promedio de trámite de los procesos de contratación directa (días hábiles)",
                "Mensual", "Decreciente", "Número", 8, [10, 10, 9, 9, 9, 9, 8, 8, 8, 8, 8, 8], [9, 9, 8]),
            ind("CON-07", "Porcentaje de modificaciones contractuales tramitadas dentro de los términos",
                "Trimestral", "Constante", "Porcentaje", "100", every(TRI, "100"), {3: "100"}),
        ],
    ),
    dict(
        proceso="Gestión financiera", folder="subdireccion-financiera",
        file="Indicadores gestion financiera marzo 2021.xlsx",
        layout=dict(title=True, zeros=False, listas=True),
        items=[
            ind("FIN-01", "Porcentaje de la estrategia anual para mejorar la oportunidad en la ejecución de los recursos en la Secretaría General",
                "Trimestral", "Creciente", "Porcentaje", "100", {3: "13", 6: "40", 9: "70", 12: "100"}, {3: "12"}),
            ind("FIN-02", "Porcentaje de presupuesto comprometido de la Secretaría General",
                "Mensual", "Creciente", "Porcentaje", "95",
                ["35", "45", "54", "60", "65", "70", "75", "80", "85", "89", "92", "95"], ["30.1", "40.2", "45.5"]),
            ind("FIN-03", "Porcentaje de giros de la Secretaría General",
                "Mensual", "Creciente", "Porcentaje", "90",
                ["3", "8", "14", "22", "30", "38", "46", "54", "62", "70", "78", "90"], ["4", "9", "16.8"]),
            ind("FIN-04", "Porcentaje de cuentas por pagar tramitadas dentro de los términos",
                "Mensual", "Constante", "Porcentaje", "100", every(MEN, "100"), ["100", "100", "100"]),
            ind("FIN-05", "Número de conciliaciones bancarias y contables realizadas",
                "Mensual", "Suma", "Número", 48, every(MEN, 4), [4, 4, 4]),
            ind("FIN-06", "Porcentaje de reservas presupuestales constituidas ejecutadas",
                "Bimestral", "Creciente", "Porcentaje", "95",
                {2: "15", 4: "30", 6: "50", 8: "65", 10: "80", 12: "95"}, {2: "18"}),
            ind("FIN-07", "Tiempo promedio de trámite de pagos (días hábiles)",
                "Mensual", "Decreciente", "Número", 5, [7, 7, 6, 6, 6, 6, 5, 5, 5, 5, 5, 5], [6, 5, 5]),
        ],
    ),
    dict(
        proceso="Evaluación del sistema de control interno", folder="oficina-control-interno",
        file="OCI - indicadores de gestion 2021.xlsx",
        layout=dict(title=False, zeros=True),
        items=[
            ind("OCI-01", "Porcentaje de cumplimiento de las acciones de mejora de las auditorías internas de gestión y auditorías de la Contraloría programadas para finalizar",
                "Trimestral", "Constante", "Porcentaje", "100", every(TRI, "100"), {3: "75"}),
            ind("OCI-02", "Porcentaje de avance en el cumplimiento de las auditorías internas de calidad",
                "Cuatrimestral", "Creciente", "Porcentaje", "100", {4: "30", 8: "70", 12: "100"}, {}),
            ind("OCI-03", "Porcentaje de riesgos identificados, según las recomendaciones realizadas en los informes de la Oficina de Control Interno",
                "Cuatrimestral", "Constante", "Porcentaje", "100", every(CUA, "100"), {}),
            ind("OCI-04", "Porcentaje de ejecución del Plan Anual de Auditoría",
                "Mensual", "Creciente", "Porcentaje", "100",
                ["5", "12", "20", "28", "36", "44", "52", "60", "70", "80", "90", "100"], ["5", "13", "22"]),
            ind("OCI-05", "Número de informes de ley presentados oportunamente",
                "Mensual", "Suma", "Número", 40, [2, 4, 5, 3, 2, 4, 5, 3, 2, 4, 3, 3], [2, 4, 5]),
            ind("OCI-06", "Número de seguimientos a los planes de mejoramiento institucional",
                "Trimestral", "Suma", "Número", 4, every(TRI, 1), {3: 1}),
            ind("OCI-07", "Porcentaje de hallazgos de auditoría con plan de mejoramiento formulado en término",
                "Bimestral", "Constante", "Porcentaje", "100", every(BIM, "100"), {2: "100"}),
        ],
    ),
    dict(
        proceso="Gestión documental", folder="archivo-bogota",
        file="Indicadores_GestionDocumental_2021T1.xlsx",
        layout=dict(title=True, zeros=False),
        items=[
            ind("GD-01", "Informe del Estado de la Administración de la Gestión Documental en las Entidades del Distrito Capital (EAGED) realizado",
                "Anual", "Suma", "Número", 1, {12: 1}, {}),
            ind("GD-02", "Número de asistencias técnicas en gestión documental a entidades distritales",
                "Mensual", "Suma", "Número", 180, every(MEN, 15), [14, 18, 20]),
            ind("GD-03", "Número de metros lineales de documentos intervenidos técnicamente",
                "Mensual", "Suma", "Número", 1200, every(MEN, 100), [110, 120, 130]),
            ind("GD-04", "Porcentaje de solicitudes de consulta de documentos atendidas oportunamente",
                "Mensual", "Constante", "Porcentaje", "100", every(MEN, "100"), ["100", "100", "100"]),
            ind("GD-05", "Número de visitas de seguimiento al cumplimiento de la normativa archivística",
                "Bimestral", "Suma", "Número", 30, every(BIM, 5), {2: 6}),
            ind("GD-06", "Número de documentos digitalizados del acervo documental del Distrito",
                "Trimestral", "Suma", "Número", 40000, every(TRI, 10000), {3: 11500}),
            ind("GD-07", "Número de actividades de divulgación del patrimonio documental del Distrito",
                "Mensual", "Suma", "Número", 36, every(MEN, 3), [3, 4, 4]),
        ],
    ),
    dict(
        proceso="Gestión de TIC", folder="oficina-tic",
        file="Indicadores TIC - marzo 2021.xlsx",
        layout=dict(title=True, zeros=True),
        items=[
            ind("TIC-01", "Informe Semestral de la gestión efectuada en las asesorías técnicas y proyectos en materia TIC",
                "Semestral", "Suma", "Número", 2, {6: 1, 12: 1}, {},
                dep="Oficina Alta Consejería Distrital de Tecnologías de la Información y las Comunicaciones – TIC"),
            ind("TIC-02", "Porcentaje de disponibilidad de los servicios tecnológicos de la Secretaría General",
                "Mensual", "Constante", "Porcentaje", "98", every(MEN, "98"), ["99.5", "99.2", "99.8"]),
            ind("TIC-03", "Porcentaje de solicitudes de soporte técnico atendidas dentro de los acuerdos de nivel de servicio",
                "Mensual", "Constante", "Porcentaje", "95", every(MEN, "95"), ["96", "97", "97.5"]),
            # Decreciente with a target of 0 every month: 0 is a real target.
            ind("TIC-04", "Número de incidentes de seguridad de la información con afectación de los servicios",
                "Mensual", "Decreciente", "Número", 0, every(MEN, 0), [0, 0, 0]),
            ind("TIC-05", "Número de sistemas de información con mantenimiento evolutivo realizado",
                "Trimestral", "Suma", "Número", 12, every(TRI, 3), {3: 4}),
            ind("TIC-06", "Porcentaje de avance en la implementación del Modelo de Seguridad y Privacidad de la Información",
                "Trimestral", "Creciente", "Porcentaje", "100", {3: "20", 6: "45", 9: "70", 12: "100"}, {3: "22"}),
            ind("TIC-07", "Tiempo promedio de solución de requerimientos de soporte técnico (horas)",
                "Mensual", "Decreciente", "Número", 16, [20, 20, 18, 18, 18, 18, 16, 16, 16, 16, 16, 16], [18, 17, 15]),
        ],
    ),
    dict(
        proceso="Control disciplinario", folder="control-disciplinario",
        file="Indicadores_OCDI_marzo.xlsx",
        layout=dict(title=False, zeros=True),
        items=[
            ind("CDI-01", "Porcentaje de quejas e informes evaluados dentro de los términos legales",
                "Mensual", "Constante", "Porcentaje", "100", every(MEN, "100"), ["100", "100", "100"]),
            ind("CDI-02", "Número de actividades de prevención de faltas disciplinarias realizadas",
                "Mensual", "Suma", "Número", 24, every(MEN, 2), [2, 3, 3]),
            ind("CDI-03", "Porcentaje de procesos disciplinarios impulsados dentro de los términos",
                "Bimestral", "Constante", "Porcentaje", "100", every(BIM, "100"), {2: "100"}),
            ind("CDI-04", "Número de procesos disciplinarios con decisión de fondo",
                "Trimestral", "Suma", "Número", 40, every(TRI, 10), {3: 12}),
            ind("CDI-05", "Porcentaje de procesos disciplinarios en riesgo de prescripción",
                "Trimestral", "Decreciente", "Porcentaje", "5", {3: "10", 6: "8", 9: "6", 12: "5"}, {3: "8"}),
            ind("CDI-06", "Número de servidores sensibilizados en el régimen disciplinario",
                "Mensual", "Suma", "Número", 600, every(MEN, 50), [40, 65, 75]),
            ind("CDI-07", "Porcentaje de autos y decisiones comunicados y notificados oportunamente",
                "Mensual", "Constante", "Porcentaje", "100", every(MEN, "100"), ["100", "100", "100"]),
        ],
    ),
    dict(
        proceso="Comunicación pública", folder="consejeria-comunicaciones",
        file="Indicadores Comunicacion Publica T1.xlsx",
        layout=dict(title=True, zeros=False),
        items=[
            ind("COM-01", "Consulta ciudadana para identificar la demanda de acciones en pilares del Modelo de Gobierno Abierto realizada",
                "Anual", "Suma", "Número", 1, {12: 1}, {}),
            ind("COM-02", "Número de piezas de comunicación producidas para las campañas distritales",
                "Mensual", "Suma", "Número", 1800, every(MEN, 150), [160, 175, 190]),
            ind("COM-03", "Número de boletines y comunicados de prensa publicados",
                "Mensual", "Suma", "Número", 960, every(MEN, 80), [92, 95, 101]),
            ind("COM-04", "Porcentaje de solicitudes de diseño y producción audiovisual atendidas oportunamente",
                "Mensual", "Constante", "Porcentaje", "100", every(MEN, "100"), ["100", "100", "100"]),
            ind("COM-05", "Número de nuevos seguidores en las redes sociales de la Alcaldía Mayor",
                "Trimestral", "Suma", "Número", 120000, every(TRI, 30000), {3: 33000}),
            ind("COM-06", "Porcentaje de entidades distritales con lineamientos de comunicación socializados",
                "Trimestral", "Creciente", "Porcentaje", "100", {3: "25", 6: "50", 9: "75", 12: "100"}, {3: "30"}),
            ind("COM-07", "Número de eventos de comunicación pública con cubrimiento periodístico",
                "Bimestral", "Suma", "Número", 300, every(BIM, 50), {2: 58}),
        ],
    ),
    dict(
        proceso="Servicio a la ciudadanía", folder="servicio-ciudadania",
        file="Indicadores_servicio_ciudadania_2021-03.xlsx",
        layout=dict(title=True, zeros=False, interleaved=True),
        dep="Dirección del Sistema Distrital de Servicio a la Ciudadanía",
        items=[
            ind("SC-01", "Porcentaje de peticiones ciudadanas respondidas dentro de los términos de ley",
                "Mensual", "Constante", "Porcentaje", "100", every(MEN, "100"), ["100", "100", "100"]),
            ind("SC-02", "Nivel de satisfacción de la ciudadanía atendida en la Red CADE",
                "Trimestral", "Constante", "Porcentaje", "90", every(TRI, "90"), {3: "93"}),
            ind("SC-03", "Número de ciudadanos atendidos en los canales de la Red CADE",
                "Mensual", "Suma", "Número", 6000000, every(MEN, 500000), [522340, 548115, 570070]),
            ind("SC-04", "Número de servidores públicos cualificados en servicio a la ciudadanía",
                "Mensual", "Suma", "Número", 3600, every(MEN, 300), [250, 410, 420]),
            ind("SC-05", "Tiempo promedio de espera en los puntos de atención de la Red CADE (minutos)",
                "Mensual", "Decreciente", "Número", 15, [20, 20, 18, 18, 18, 17, 17, 16, 16, 15, 15, 15], [19, 18, 16]),
            ind("SC-06", "Porcentaje de entidades distritales con seguimiento a la calidad de las respuestas a peticiones",
                "Bimestral", "Creciente", "Porcentaje", "100",
                {2: "15", 4: "30", 6: "50", 8: "65", 10: "85", 12: "100"}, {2: "16.5"}),
            ind("SC-07", "Número de ferias de servicio a la ciudadanía (SuperCADE Móvil) realizadas",
                "Mensual", "Suma", "Número", 60, every(MEN, 5), [4, 7, 8]),
            ind("SC-08", "Porcentaje de respuestas a peticiones con criterios de calidad y calidez",
                "Mensual", "Constante", "Porcentaje", "95", every(MEN, "95"), ["96", "95", "97"]),
        ],
    ),
]

# ---------------------------------------------------------------------------
# Activities of the integrated plan
# ---------------------------------------------------------------------------


def act(codigo, plan, texto, prog, ejec):
    """prog / ejec: dict month -> percentage points as strings."""
    prog = {m: pct(v) for m, v in prog.items()}
    ejec = {m: pct(v) for m, v in ejec.items()}
    return dict(codigo=codigo, plan=plan, actividad=texto, prog=prog, ejec=ejec)


MONTHLY_833 = {m: "8.33" for m in range(1, 12)} | {12: "8.37"}

ACT_FILES = [
    dict(
        folder="oficina-tic", file="Plan de accion integrado - OTIC - I trimestre.xlsx",
        layout=dict(title=True, fmt="0%"),
        items=[
            act("OTIC-01", P_PETI, "Instaurar el área de PMO para la Gerencia de Proyectos dentro de la Oficina de Tecnologías de la Información y las Comunicaciones",
                {1: "10", 2: "10", 3: "10", 4: "10", 5: "10", 6: "10", 7: "10", 8: "10", 9: "5", 10: "5", 11: "5", 12: "5"},
                {1: "10", 2: "8", 3: "5.7"}),
            act("OTIC-02", P_PETI, "Adoptar mejores prácticas para la gestión del cambio",
                {6: "30", 9: "30", 12: "40"}, {}),
            act("OTIC-03", P_PETI, "Actualizar el Plan Estratégico de Tecnologías de la Información y las Comunicaciones – PETI de la Secretaría General",
                {1: "20", 2: "30", 3: "50"}, {1: "20", 2: "30", 3: "50"}),
            act("OTIC-04", P_TRAT, "Identificar y valorar los riesgos de seguridad digital de los activos de información",
                {3: "25", 6: "25", 9: "25", 12: "25"}, {3: "25"}),
            act("OTIC-05", P_TRAT, "Ejecutar los controles definidos en el plan de tratamiento de riesgos de seguridad digital",
                MONTHLY_833, {1: "8.33", 2: "8.33", 3: "8.33"}),
            act("OTIC-06", P_SEG, "Actualizar el inventario de activos de información de la Secretaría General",
                {2: "50", 3: "50"}, {2: "50", 3: "50"}),
            act("OTIC-07", P_SEG, "Realizar campañas de sensibilización en seguridad y privacidad de la información",
                {3: "25", 6: "25", 9: "25", 12: "25"}, {3: "25"}),
            act("OTIC-08", P_PETI, "Implementar la política de Gobierno Digital en los trámites y servicios de la Entidad",
                {1: "10", 2: "10", 3: "10", 4: "10", 5: "10", 6: "10", 7: "5", 8: "5", 9: "5", 10: "5", 11: "10", 12: "10"},
                {1: "10", 2: "10", 3: "12"}),
        ],
    ),
    dict(
        folder="servicios-administrativos", file="PAI_integrado_SSA_marzo2021.xlsx",
        layout=dict(title=True, fmt="0.00%"),
        items=[
            act("SSA-01", P_PINAR, "Formular el Programa de descripción normalizada",
                {3: "20", 6: "30", 9: "30", 12: "20"}, {3: "10"}),
            act("SSA-02", P_PINAR, "Elaborar la Tabla de Control de Acceso",
                {2: "10", 3: "10", 5: "20", 7: "20", 9: "20", 11: "20"}, {2: "5", 3: "5"}),
            act("SSA-03", P_PINAR, "Actualizar las Tablas de Retención Documental de la Secretaría General",
                {1: "10", 2: "10", 3: "10", 5: "20", 7: "20", 9: "15", 11: "15"}, {1: "10", 2: "10", 3: "10"}),
            act("SSA-04", P_ADQ, "Publicar el Plan Anual de Adquisiciones en el SECOP II y en la página web de la Entidad",
                {1: "100"}, {1: "100"}),
            act("SSA-05", P_ADQ, "Realizar seguimiento trimestral a la ejecución del Plan Anual de Adquisiciones",
                {3: "25", 6: "25", 9: "25", 12: "25"}, {3: "25"}),
            act("SSA-06", P_PIGA, "Realizar jornadas de sensibilización ambiental dirigidas a los servidores de la Entidad",
                {2: "20", 4: "20", 6: "20", 8: "20", 10: "20"}, {2: "20"}),
            act("SSA-07", P_PIGA, "Registrar los consumos de agua y energía de las sedes de la Entidad",
                MONTHLY_833, {1: "8.33", 2: "8.33", 3: "8.33"}),
        ],
    ),
    dict(
        folder="oficina-asesora-planeacion", file="Plan de Accion Integrado OAP 2021.xlsx",
        layout=dict(title=False, fmt="0%", instrucciones=True),
        items=[
            act("OAP-01", P_MIPG, "Realizar los autodiagnósticos de las políticas de gestión y desempeño del Modelo Integrado de Planeación y Gestión (MIPG) que cuentan con herramienta definida por la Función Pública",
                {5: "50", 6: "50"}, {}),
            act("OAP-02", P_MIPG, "Realizar tres informes de seguimiento al Plan de ajuste y sostenibilidad del Modelo Integrado de Planeación (MIPG) en la Secretaría General",
                {4: "33", 8: "33", 12: "34"}, {}),
            act("OAP-03", P_PAAC, "Publicar el Plan Anticorrupción y de Atención al Ciudadano 2021 en la página web de la Entidad",
                {1: "100"}, {1: "100"}),
            act("OAP-04", P_RC, "Elaborar la estrategia de rendición de cuentas de la vigencia 2021",
                {2: "50", 3: "50"}, {2: "50", 3: "50"}),
            act("OAP-05", P_CON, "Documentar las buenas prácticas y lecciones aprendidas de los procesos institucionales",
                {3: "25", 6: "25", 9: "25", 12: "25"}, {3: "25"}),
            act("OAP-06", P_PART, "Formular el plan de participación ciudadana de la vigencia 2021",
                {1: "50", 2: "50"}, {1: "40", 2: "60"}),
            act("OAP-07", P_PAAC, "Realizar el monitoreo del mapa de riesgos de corrupción",
                {1: "10", 4: "30", 8: "30", 12: "30"}, {1: "10"}),
        ],
    ),
    dict(
        folder="direccion-talento-humano", file="PAI integrado Talento Humano I trim.xlsx",
        layout=dict(title=True, fmt="0%"),
        items=[
            act("DTH-01", P_VAC, "Actualizar el Plan Anual de Vacantes de la vigencia 2021",
                {1: "100"}, {1: "100"}),
            act("DTH-02", P_PREV, "Elaborar el análisis de necesidades de personal de las dependencias",
                {1: "50", 2: "50"}, {1: "50", 2: "50"}),
            act("DTH-03", P_PETH, "Ejecutar las actividades del Plan Estratégico de Talento Humano",
                MONTHLY_833, {1: "8.33", 2: "8.33", 3: "8.33"}),
            act("DTH-04", P_PIC, "Desarrollar las actividades de capacitación programadas en el Plan Institucional de Capacitación",
                {2: "10", 3: "10", 4: "10", 5: "10", 6: "10", 7: "10", 8: "10", 9: "10", 10: "10", 11: "10"},
                {2: "10", 3: "12"}),
            act("DTH-05", P_INC, "Realizar las actividades de bienestar e incentivos programadas para la vigencia",
                {3: "20", 6: "20", 9: "20", 11: "20", 12: "20"}, {3: "20"}),
            act("DTH-06", P_SST, "Ejecutar las actividades del Plan de Trabajo Anual en Seguridad y Salud en el Trabajo",
                MONTHLY_833, {1: "8.33", 2: "8.33", 3: "8.33"}),
            act("DTH-07", P_INT, "Realizar actividades de apropiación del Código de Integridad con los gestores de integridad",
                {3: "25", 6: "25", 9: "25", 12: "25"}, {3: "25"}),
        ],
    ),
]

# ---------------------------------------------------------------------------
# Risks
# ---------------------------------------------------------------------------

G_FECHA = date(2021, 3, 31)
C_FECHA = date(2021, 2, 28)


def riesgo(codigo, tipo, desc, zona, prog, ejec, mat="No"):
    per, fecha = (("Cuatrimestral", G_FECHA) if tipo == "Gestión"
                  else ("Bimestral", C_FECHA))
    return dict(codigo=codigo, tipo=tipo, desc=desc, zona=zona, per=per,
                fecha=fecha, prog=prog, ejec=ejec, mat=mat)


RISK_FILES = [
    dict(
        proceso="Gestión de TIC", folder="oficina-tic", file="Mapa de riesgos OTIC - monitoreo.xlsx",
        layout=dict(title=True),
        items=[
            riesgo("R-TIC-01", "Gestión", "Posibilidad de afectación reputacional por interrupción de los servicios tecnológicos debido a fallas en la infraestructura", "Alta", 4, 1, "Sí"),
            riesgo("R-TIC-02", "Gestión", "Posibilidad de afectación económica por pérdida de información debido a fallas en las copias de respaldo", "Moderada", 3, 1),
            riesgo("R-TIC-03", "Corrupción", "Posibilidad de recibir o solicitar dádivas o beneficios a nombre propio o de terceros para favorecer la contratación de bienes y servicios tecnológicos", "Alta", 2, 1),
            riesgo("R-TIC-04", "Corrupción", "Posibilidad de uso indebido de la información reservada de los sistemas de información para favorecer intereses particulares", "Extrema", 3, 2),
        ],
    ),
    dict(
        proceso="Contratación", folder="direccion-contratacion", file="Riesgos_Contratacion_2021.xlsx",
        layout=dict(title=False),
        items=[
            riesgo("R-CON-01", "Gestión", "Posibilidad de afectación reputacional por incumplimiento de los términos en los procesos precontractuales", "Moderada", 2, 1),
            riesgo("R-CON-02", "Gestión", "Posibilidad de afectación reputacional por errores en la publicación de documentos contractuales en el SECOP II", "Baja", 2, 2),
            riesgo("R-CON-03", "Corrupción", "Posibilidad de direccionar los requisitos de los procesos de selección para favorecer a un proponente", "Extrema", 3, 1),
            riesgo("R-CON-04", "Corrupción", "Posibilidad de celebrar contratos sin el cumplimiento de los requisitos legales a cambio de un beneficio particular", "Alta", 2, 1),
        ],
    ),
    dict(
        proceso="Gestión financiera", folder="subdireccion-financiera", file="Monitoreo riesgos financiera.xlsx",
        layout=dict(title=True),
        items=[
            riesgo("R-FIN-01", "Gestión", "Posibilidad de afectación económica por pagos realizados sin el lleno de los requisitos", "Moderada", 3, 1),
            riesgo("R-FIN-02", "Gestión", "Posibilidad de afectación reputacional por baja ejecución presupuestal de la Entidad", "Alta", 4, 1),
            riesgo("R-FIN-03", "Corrupción", "Posibilidad de desviar recursos públicos mediante pagos no autorizados para beneficio propio o de terceros", "Extrema", 2, 1),
            riesgo("R-FIN-04", "Corrupción", "Posibilidad de manipular la información financiera para ocultar irregularidades a cambio de un beneficio particular", "Alta", 2, 1),
        ],
    ),
]

# ===========================================================================
# Writing
# ===========================================================================


def num(v):
    """Decimal/int -> value for XlsxWriter (its %.16G gives back the decimal)."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def nfmt(fmt, v):
    """Thousands format for whole numbers, two decimals otherwise."""
    return fmt.number if isinstance(num(v), int) else fmt.decimal


class Fmt:
    """The formats of one workbook."""

    def __init__(self, wb, pct_fmt="0.00%"):
        self.title = wb.add_format({"bold": True, "font_size": 13, "align": "center",
                                    "valign": "vcenter", "font_color": "#1F3864"})
        self.subtitle = wb.add_format({"italic": True, "align": "center", "valign": "vcenter"})
        self.header = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter",
                                     "align": "center", "border": 1, "bg_color": "#D9E1F2"})
        self.label = wb.add_format({"bold": True, "border": 1, "bg_color": "#F2F2F2"})
        self.text = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
        self.plain = wb.add_format({"border": 1, "valign": "top"})
        self.int = wb.add_format({"num_format": "0", "border": 1, "valign": "top"})
        self.number = wb.add_format({"num_format": "#,##0", "border": 1, "valign": "top"})
        self.decimal = wb.add_format({"num_format": "#,##0.00", "border": 1, "valign": "top"})
        self.money = wb.add_format({"num_format": "#,##0", "border": 1, "valign": "top"})
        self.pct = wb.add_format({"num_format": pct_fmt, "border": 1, "valign": "top"})
        self.date = wb.add_format({"num_format": "dd/mm/yyyy", "border": 1, "align": "left"})


def new_workbook(path, title, author):
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({
        "title": title,
        "subject": f"Plan de Acción Institucional {VIGENCIA} – seguimiento con corte a 31/03/{VIGENCIA}",
        "author": author,
        "manager": "Oficina Asesora de Planeación",
        "company": "Secretaría General de la Alcaldía Mayor de Bogotá D.C.",
        "created": CREATED,
    })
    return wb


def title_rows(ws, fmt, ncols, lines):
    """Merged title rows above the header; returns the header row index."""
    for i, line in enumerate(lines):
        ws.merge_range(i, 0, i, max(ncols - 1, 1), line, fmt.title if i == 0 else fmt.subtitle)
        ws.set_row(i, 22 if i == 0 else 18)
    return len(lines) + 1  # one blank row, then the header


def write_headers(ws, fmt, row, headers):
    for c, h in enumerate(headers):
        ws.write_string(row, c, h, fmt.header)
    ws.set_row(row, 45)


def add_listas(wb, lists):
    """A hidden sheet of value lists (no template headers in it)."""
    ws = wb.add_worksheet("Listas")
    for c, (name, values) in enumerate(lists):
        ws.write_string(0, c, name)
        for r, v in enumerate(values, start=1):
            ws.write_string(r, c, v)
    ws.hide()
    return ws


def add_instrucciones(wb, fmt, lines):
    ws = wb.add_worksheet("Instrucciones")
    ws.set_column(0, 0, 110)
    for r, line in enumerate(lines):
        ws.write_string(r, 0, line, fmt.title if r == 0 else wb.add_format({"text_wrap": True}))
    return ws


def write_project(p):
    lay = p["layout"]
    dep = DEP[p["folder"]]
    path = INBOX / p["folder"] / p["file"]
    wb = new_workbook(path, f"Seguimiento proyecto de inversión {p['codigo']}", dep)
    fmt = Fmt(wb)

    if lay.get("instrucciones"):
        add_instrucciones(wb, fmt, [
            "Instrucciones de diligenciamiento",
            "1. Diligencie la hoja Proyecto con los datos generales del proyecto de inversión.",
            "2. En la hoja Metas registre una fila por meta: la programación mensual de la vigencia y la ejecución de los meses transcurridos hasta la fecha de corte.",
            "3. En la hoja Presupuesto registre una fila por fuente de financiación, en pesos, según el reporte de ejecución presupuestal (PREDIS).",
            "4. No modifique los títulos de las columnas ni el nombre de las hojas.",
            "5. Envíe el archivo a la Oficina Asesora de Planeación a más tardar el quinto día hábil del mes siguiente al corte.",
        ])

    # --- Proyecto (form) ---
    ws = wb.add_worksheet("Proyecto")
    r0, c0 = lay["form_at"]
    if r0 > 0:
        ws.merge_range(0, c0, 0, c0 + 1, ENTIDAD, fmt.title)
    if r0 > 1:
        ws.merge_range(1, c0, 1, c0 + 1, "Formato de seguimiento – proyecto de inversión", fmt.subtitle)
    form = [
        ("Código proyecto", p["codigo"], fmt.int),
        ("Nombre del proyecto", p["nombre"], fmt.text),
        ("Objetivo general", p["general"], fmt.text),
        ("Dependencia responsable", dep, fmt.text),
        ("Vigencia", VIGENCIA, fmt.int),
        ("Fecha de corte", datetime(CORTE.year, CORTE.month, CORTE.day), fmt.date),
    ]
    ws.set_column(c0, c0, 26)
    ws.set_column(c0 + 1, c0 + 1, 95)
    for i, (label, value, f) in enumerate(form):
        r = r0 + i
        ws.write_string(r, c0, label, fmt.label)
        if isinstance(value, datetime):
            ws.write_datetime(r, c0 + 1, value, f)
        elif isinstance(value, int):
            ws.write_number(r, c0 + 1, value, f)
        else:
            ws.write_string(r, c0 + 1, value, f)

    # --- Metas ---
    ws = wb.add_worksheet("Metas")
    headers = (["Código proyecto", "Objetivo específico", "Descripción objetivo específico",
                "Meta", "Descripción meta", "Tipo de anualización", "Magnitud vigencia"]
               + PROG_H + EJEC_H)
    hr = 0
    if lay.get("metas_title"):
        hr = title_rows(ws, fmt, len(headers), [
            ENTIDAD,
            f"Metas del proyecto de inversión {p['codigo']} – vigencia {VIGENCIA} – corte 31/03/{VIGENCIA}"])
    write_headers(ws, fmt, hr, headers)
    ws.set_column(0, 1, 11)
    ws.set_column(2, 2, 45)
    ws.set_column(3, 3, 7)
    ws.set_column(4, 4, 50)
    ws.set_column(5, 6, 13)
    ws.set_column(7, 30, 10)
    ws.freeze_panes(hr + 1, 5)
    r = hr + 1
    for o, (odesc, metas) in enumerate(p["objetivos"], start=1):
        for m in metas:
            ws.write_number(r, 0, p["codigo"], fmt.int)
            ws.write_number(r, 1, o, fmt.int)
            ws.write_string(r, 2, odesc, fmt.text)
            ws.write_number(r, 3, m["num"], fmt.int)
            ws.write_string(r, 4, m["desc"], fmt.text)
            ws.write_string(r, 5, m["tipo"], fmt.plain)
            ws.write_number(r, 6, num(m["magnitud"]), nfmt(fmt, m["magnitud"]))
            for k in range(12):
                v = m["prog"].get(k + 1)
                if v is None and lay.get("zeros"):
                    v = 0
                if v is not None:
                    ws.write_number(r, 7 + k, num(v), nfmt(fmt, v))
                else:
                    ws.write_blank(r, 7 + k, None, fmt.number)
            for k in range(12):
                v = m["ejec"].get(k + 1)
                if v is not None:
                    ws.write_number(r, 19 + k, num(v), nfmt(fmt, v))
                else:
                    ws.write_blank(r, 19 + k, None, fmt.number)
            r += 1
    if lay.get("listas"):
        ws.data_validation(hr + 1, 5, r - 1, 5, {"validate": "list", "source": "=Listas!$A$2:$A$3"})

    # --- Presupuesto ---
    ws = wb.add_worksheet("Presupuesto")
    cols = ["Código proyecto", "Fuente de financiación", "Apropiación vigente",
            "Compromisos acumulados", "Giros acumulados"]
    if lay.get("no_giros"):
        cols = cols[:4]
    if lay.get("presupuesto_reordered"):
        cols = ["Fuente de financiación", "Código proyecto", "Apropiación vigente",
                "Giros acumulados", "Compromisos acumulados"]
    write_headers(ws, fmt, 0, cols)
    ws.set_column(0, len(cols) - 1, 22)
    ws.freeze_panes(1, 0)
    for i, (fuente, apr, comp, giros) in enumerate(p["presupuesto"], start=1):
        vals = {"Código proyecto": p["codigo"], "Fuente de financiación": fuente,
                "Apropiación vigente": apr, "Compromisos acumulados": comp,
                "Giros acumulados": giros}
        for c, h in enumerate(cols):
            v = vals[h]
            if isinstance(v, str):
                ws.write_string(i, c, v, fmt.plain)
            elif h == "Código proyecto":
                ws.write_number(i, c, v, fmt.int)
            elif v is None:
                ws.write_blank(i, c, None, fmt.money)
            else:
                ws.write_number(i, c, v, fmt.money)

    if lay.get("listas"):
        add_listas(wb, [("Tipo de anualización", ["Suma", "Constante"]),
                        ("Fuente de financiación", ["Recursos del distrito", "Otros distritales",
                                                    "Recursos nacionales", "Crédito"])])
    wb.close()
    return path


IND_BASE = ["Código indicador", "Nombre del indicador", "Proceso", "Dependencia",
            "Periodicidad", "Tipo de anualización", "Unidad de medida", "Meta vigencia"]


def write_indicators(f):
    lay = f["layout"]
    dep_default = f.get("dep") or DEP[f["folder"]]
    path = INBOX / f["folder"] / f["file"]
    wb = new_workbook(path, f"Indicadores de gestión – {f['proceso']}", dep_default)
    fmt = Fmt(wb)
    ws = wb.add_worksheet("Indicadores")
    if lay.get("interleaved"):
        # Another office's layout: name first, then code, and the months as
        # programmed/executed pairs.
        base = ["Nombre del indicador", "Código indicador", "Proceso", "Dependencia",
                "Unidad de medida", "Periodicidad", "Tipo de anualización", "Meta vigencia"]
        months = []
        for k in range(12):
            months += [PROG_H[k], EJEC_H[k]]
        headers = base + months
    else:
        headers = IND_BASE + PROG_H + EJEC_H
    hr = 0
    if lay.get("title"):
        hr = title_rows(ws, fmt, 12, [
            ENTIDAD,
            f"Indicadores de gestión – proceso {f['proceso']} – seguimiento con corte a 31 de marzo de {VIGENCIA}"])
    write_headers(ws, fmt, hr, headers)
    col = {h: i for i, h in enumerate(headers)}
    ws.set_column(col["Nombre del indicador"], col["Nombre del indicador"], 55)
    ws.set_column(col["Código indicador"], col["Código indicador"], 11)
    ws.set_column(col["Proceso"], col["Proceso"], 22)
    ws.set_column(col["Dependencia"], col["Dependencia"], 28)
    ws.set_column(len(base if lay.get("interleaved") else IND_BASE), len(headers) - 1, 10)
    ws.freeze_panes(hr + 1, 2)
    r = hr + 1
    for it in f["items"]:
        is_pct = it["unidad"] == "Porcentaje"
        vf = fmt.pct if is_pct else fmt.number
        ws.write_string(r, col["Código indicador"], it["codigo"], fmt.plain)
        ws.write_string(r, col["Nombre del indicador"], it["nombre"], fmt.text)
        ws.write_string(r, col["Proceso"], f["proceso"], fmt.text)
        ws.write_string(r, col["Dependencia"], it["dep"] or dep_default, fmt.text)
        ws.write_string(r, col["Periodicidad"], it["periodicidad"], fmt.plain)
        ws.write_string(r, col["Tipo de anualización"], it["tipo"], fmt.plain)
        ws.write_string(r, col["Unidad de medida"], it["unidad"], fmt.plain)
        ws.write_number(r, col["Meta vigencia"], num(it["meta"]), vf)
        for k in range(12):
            v = it["prog"].get(k + 1)
            # Offices pre-fill zeros; a Decreciente row is written exactly as
            # programmed (a 0 there would be a target).
            if v is None and lay.get("zeros") and it["tipo"] != "Decreciente":
                v = 0
            if v is None:
                ws.write_blank(r, col[PROG_H[k]], None, vf)
            else:
                ws.write_number(r, col[PROG_H[k]], num(v), vf)
            e = it["ejec"].get(k + 1)
            if e is None:
                ws.write_blank(r, col[EJEC_H[k]], None, vf)
            else:
                ws.write_number(r, col[EJEC_H[k]], num(e), vf)
        r += 1
    if lay.get("listas"):
        n = r - 1
        ws.data_validation(hr + 1, col["Periodicidad"], n, col["Periodicidad"],
                           {"validate": "list", "source": "=Listas!$A$2:$A$7"})
        ws.data_validation(hr + 1, col["Tipo de anualización"], n, col["Tipo de anualización"],
                           {"validate": "list", "source": "=Listas!$B$2:$B$5"})
        ws.data_validation(hr + 1, col["Unidad de medida"], n, col["Unidad de medida"],
                           {"validate": "list", "source": "=Listas!$C$2:$C$3"})
        add_listas(wb, [
            ("Periodicidades", list(ALLOWED)),
            ("Tipos", ["Suma", "Constante", "Creciente", "Decreciente"]),
            ("Unidades", ["Porcentaje", "Número"]),
        ])
    wb.close()
    return path


def write_activities(f):
    lay = f["layout"]
    dep = DEP[f["folder"]]
    path = INBOX / f["folder"] / f["file"]
    wb = new_workbook(path, f"Plan de acción integrado – {dep}", dep)
    fmt = Fmt(wb, pct_fmt=lay["fmt"])
    if lay.get("instrucciones"):
        add_instrucciones(wb, fmt, [
            "Instrucciones – Plan de acción integrado",
            "Registre una fila por actividad. La columna Plan institucional debe contener uno de los 18 planes del Decreto 612 de 2018 integrados al Plan de Acción Institucional.",
            "La programación mensual se expresa en porcentaje y debe sumar 100% en la vigencia.",
            "La ejecución se reporta en porcentaje para los meses transcurridos hasta la fecha de corte.",
        ])
    ws = wb.add_worksheet("Actividades")
    headers = ["Plan institucional", "Código actividad", "Actividad", "Dependencia responsable"] + PROG_H + EJEC_H
    hr = 0
    if lay.get("title"):
        hr = title_rows(ws, fmt, 10, [
            ENTIDAD,
            f"Plan de acción integrado {VIGENCIA} – {dep} – seguimiento I trimestre"])
    write_headers(ws, fmt, hr, headers)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 1, 11)
    ws.set_column(2, 2, 60)
    ws.set_column(3, 3, 28)
    ws.set_column(4, 27, 9)
    ws.freeze_panes(hr + 1, 3)
    r = hr + 1
    for it in f["items"]:
        ws.write_string(r, 0, it["plan"], fmt.text)
        ws.write_string(r, 1, it["codigo"], fmt.plain)
        ws.write_string(r, 2, it["actividad"], fmt.text)
        ws.write_string(r, 3, dep, fmt.text)
        for k in range(12):
            v = it["prog"].get(k + 1)
            if v is None:
                ws.write_blank(r, 4 + k, None, fmt.pct)
            else:
                ws.write_number(r, 4 + k, num(v), fmt.pct)
            e = it["ejec"].get(k + 1)
            if e is None:
                ws.write_blank(r, 16 + k, None, fmt.pct)
            else:
                ws.write_number(r, 16 + k, num(e), fmt.pct)
        r += 1
    wb.close()
    return path


RISK_HEADERS = ["Proceso", "Código riesgo", "Tipo de riesgo", "Descripción del riesgo",
                "Zona de riesgo residual", "Periodicidad de monitoreo", "Fecha de monitoreo",
                "Acciones programadas", "Acciones ejecutadas", "¿Se materializó?"]


def write_risks(f):
    lay = f["layout"]
    dep = DEP[f["folder"]]
    path = INBOX / f["folder"] / f["file"]
    wb = new_workbook(path, f"Mapa de riesgos – {f['proceso']}", dep)
    fmt = Fmt(wb)
    ws = wb.add_worksheet("Riesgos")
    hr = 0
    if lay.get("title"):
        hr = title_rows(ws, fmt, len(RISK_HEADERS), [
            ENTIDAD,
            f"Monitoreo del mapa de riesgos – proceso {f['proceso']} – vigencia {VIGENCIA}"])
    write_headers(ws, fmt, hr, RISK_HEADERS)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 2, 13)
    ws.set_column(3, 3, 70)
    ws.set_column(4, 9, 15)
    ws.freeze_panes(hr + 1, 2)
    r = hr + 1
    for it in f["items"]:
        ws.write_string(r, 0, f["proceso"], fmt.plain)
        ws.write_string(r, 1, it["codigo"], fmt.plain)
        ws.write_string(r, 2, it["tipo"], fmt.plain)
        ws.write_string(r, 3, it["desc"], fmt.text)
        ws.write_string(r, 4, it["zona"], fmt.plain)
        ws.write_string(r, 5, it["per"], fmt.plain)
        ws.write_datetime(r, 6, datetime(it["fecha"].year, it["fecha"].month, it["fecha"].day), fmt.date)
        ws.write_number(r, 7, it["prog"], fmt.int)
        ws.write_number(r, 8, it["ejec"], fmt.int)
        ws.write_string(r, 9, it["mat"], fmt.plain)
        r += 1
    wb.close()
    return path


def write_all():
    if INBOX.exists():
        shutil.rmtree(INBOX)
    INBOX.mkdir(parents=True)
    paths = []
    paths += [write_project(p) for p in PROJECTS]
    paths += [write_indicators(f) for f in IND_FILES]
    paths += [write_activities(f) for f in ACT_FILES]
    paths += [write_risks(f) for f in RISK_FILES]
    # Fixed file times too (the pipeline orders corrections by mtime).
    ts = calendar.timegm(CREATED.timetuple())
    for path in paths:
        os.utime(path, (ts, ts))
    return paths


# ===========================================================================
# Reading back and independent reference computation
# ===========================================================================

def norm(s):
    s = unicodedata.normalize("NFD", str(s))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return " ".join(s.lower().split())


class Problems:
    def __init__(self):
        self.errors = []

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")


PROBLEMS = Problems()


def to_frac(v):
    """A cell's number as an exact Fraction, via its shortest decimal text."""
    if isinstance(v, bool):
        raise TypeError(v)
    if isinstance(v, int):
        return Fraction(v)
    if isinstance(v, float):
        return Fraction(Decimal(repr(v)))
    raise TypeError(v)


def cell_value(cell, percent_expected=False):
    """Typed value: None, Fraction (percent cells -> fractions), str, date."""
    v = cell.value
    if v is None or (isinstance(v, str) and v.strip() == ""):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, str):
        return v.strip()
    f = to_frac(v)
    if percent_expected and "%" not in (cell.number_format or ""):
        PROBLEMS.err(cell.coordinate, "percent written as points (warning in PLAN)")
        return f / 100
    return f


def sheet_by_name(wb, name):
    for ws in wb.worksheets:
        if norm(ws.title) == norm(name):
            return ws
    return None


def find_header(ws, required):
    req = {norm(h) for h in required}
    for r in range(1, min(ws.max_row, 20) + 1):
        cols = {}
        for c in range(1, ws.max_column + 1):
            v = ws.cell(r, c).value
            if isinstance(v, str) and v.strip():
                cols[norm(v)] = c
        if req <= set(cols):
            return r, cols
    return None, None


def read_rows(ws, required, where, key_cols, percent_cols=()):
    hr, cols = find_header(ws, required)
    if hr is None:
        PROBLEMS.err(where, f"no header row with {required}")
        return []
    extra = set(cols) - {norm(h) for h in required} - {norm(h) for h in ("Giros acumulados",)}
    if extra:
        PROBLEMS.err(where, f"extra columns {sorted(extra)} (a warning in PLAN; not wanted here)")
    rows = []
    for r in range(hr + 1, ws.max_row + 1):
        raw = {h: ws.cell(r, c) for h, c in cols.items()}
        if all(cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())
               for cell in raw.values()):
            continue
        row = {"_row": r}
        for h, cell in raw.items():
            row[h] = cell_value(cell, percent_expected=h in percent_cols)
            row["_cell_" + h] = cell.coordinate
        for k in key_cols:
            if row.get(norm(k)) is None:
                PROBLEMS.err(f"{where}!{raw[norm(k)].coordinate}", "half-filled row: key blank")
        rows.append(row)
    return rows


def months_of(row, prefix):
    return [row.get(norm(f"{prefix} {m}")) for m in MONTHS]


def close(a, b, pct_points=False):
    """PLAN equality: 0,5 % of the larger side, or 0,5 points for percents."""
    if pct_points:
        return abs(a - b) <= Fraction(5, 1000)
    return abs(a - b) <= Fraction(5, 1000) * max(abs(a), abs(b))


def read_form(ws, where):
    labels = ["Código proyecto", "Nombre del proyecto", "Objetivo general",
              "Dependencia responsable", "Vigencia", "Fecha de corte"]
    found = {}
    for r in range(1, min(ws.max_row, 20) + 1):
        for c in range(1, ws.max_column + 1):
            v = ws.cell(r, c).value
            if isinstance(v, str) and norm(v) in {norm(x) for x in labels}:
                for c2 in range(c + 1, ws.max_column + 1):
                    cell = ws.cell(r, c2)
                    if cell.value is not None and str(cell.value).strip():
                        found[norm(v)] = cell_value(cell)
                        break
    for l in labels:
        if norm(l) not in found:
            PROBLEMS.err(where, f"form label {l} missing")
    return found


def workbook_kind(wb):
    names = {norm(ws.title) for ws in wb.worksheets}
    if {"proyecto", "metas", "presupuesto"} <= names:
        return "proyecto"
    for k in ("indicadores", "actividades", "riesgos"):
        if k in names:
            return k
    return None


META_REQ = (["Código proyecto", "Objetivo específico", "Descripción objetivo específico", "Meta",
             "Descripción meta", "Tipo de anualización", "Magnitud vigencia"] + PROG_H + EJEC_H)
PRES_REQ = ["Código proyecto", "Fuente de financiación", "Apropiación vigente", "Compromisos acumulados"]
IND_REQ = IND_BASE + PROG_H + EJEC_H
ACT_REQ = ["Plan institucional", "Código actividad", "Actividad", "Dependencia responsable"] + PROG_H + EJEC_H


def check_ejec_common(where, row, prog_set, ejec, allowed_ejec=None):
    """Execution reported for programmed months <= corte; none after."""
    for k in range(12):
        m = k + 1
        e = ejec[k]
        cell = row.get("_cell_" + norm(EJEC_H[k]), EJEC_H[k])
        if e is not None and not isinstance(e, Fraction):
            PROBLEMS.err(f"{where}!{cell}", f"execution not a number: {e!r}")
            continue
        if m <= CUT_MONTH and m in prog_set and e is None:
            PROBLEMS.err(f"{where}!{cell}", "ejecucion-faltante")
        if m > CUT_MONTH and e is not None and e > 0:
            PROBLEMS.err(f"{where}!{cell}", "execution after the corte")
        if allowed_ejec is not None and e is not None and e > 0 and m not in allowed_ejec:
            PROBLEMS.err(f"{where}!{cell}", "execution in a month the periodicity does not allow")


def read_project(path, wb):
    where = str(path.relative_to(INBOX))
    form = read_form(sheet_by_name(wb, "Proyecto"), where + "!Proyecto")
    code = form.get(norm("Código proyecto"))
    if form.get(norm("Vigencia")) != VIGENCIA:
        PROBLEMS.err(where, "vigencia")
    if form.get(norm("Fecha de corte")) != CORTE:
        PROBLEMS.err(where, f"fecha de corte {form.get(norm('Fecha de corte'))!r}")
    metas = read_rows(sheet_by_name(wb, "Metas"), META_REQ, where + "!Metas",
                      ["Código proyecto", "Objetivo específico", "Meta"])
    objs = {}
    seen = set()
    for row in metas:
        w = f"{where}!Metas row {row['_row']}"
        if row[norm("Código proyecto")] != code:
            PROBLEMS.err(w, "Código proyecto differs from the form")
        o, mnum = int(row[norm("Objetivo específico")]), int(row[norm("Meta")])
        if (o, mnum) in seen:
            PROBLEMS.err(w, "repeated (objetivo, meta)")
        seen.add((o, mnum))
        tipo = row[norm("Tipo de anualización")]
        mag = row[norm("Magnitud vigencia")]
        if tipo not in ("Suma", "Constante"):
            PROBLEMS.err(w, f"tipo {tipo!r}")
        if not isinstance(mag, Fraction) or mag <= 0:
            PROBLEMS.err(w, "magnitud must be > 0")
        prog = months_of(row, "Prog.")
        ejec = months_of(row, "Ejec.")
        if any(v is not None and (not isinstance(v, Fraction) or v < 0) for v in prog + ejec):
            PROBLEMS.err(w, "month values must be numbers >= 0")
        pm = [k + 1 for k, v in enumerate(prog) if v is not None and v > 0]
        if not pm:
            PROBLEMS.err(w, "meta without programming in the vigencia")
        elif tipo == "Suma" and not close(sum(v or 0 for v in prog), mag):
            PROBLEMS.err(w, "Suma: programming does not add up to the magnitud")
        elif tipo == "Constante" and not close(prog[pm[-1] - 1], mag):
            PROBLEMS.err(w, "Constante: last programmed month differs from the magnitud")
        check_ejec_common(w, row, set(pm), ejec)
        # Measures (PLAN "How the plan is measured").
        pm_cut = [m for m in pm if m <= CUT_MONTH]
        if tipo == "Suma":
            programado = sum(v or 0 for v in prog[:CUT_MONTH])
            ejecutado = sum(v or 0 for v in ejec[:CUT_MONTH])
        else:
            last = pm_cut[-1] if pm_cut else None
            programado = prog[last - 1] if last else Fraction(0)
            ejecutado = (ejec[last - 1] or 0) if last else Fraction(0)
        cumpl = min(Fraction(1), ejecutado / programado) if pm_cut else None
        avance = Fraction(ejecutado) / mag
        desc = row[norm("Descripción objetivo específico")]
        ob = objs.setdefault(o, {"desc": desc, "metas": []})
        if ob["desc"] != desc:
            PROBLEMS.err(w, "objective description differs between rows")
        ob["metas"].append({"cumpl": cumpl, "avance": avance, "prog_year": bool(pm)})
    objetivos = []
    for o in sorted(objs):
        ms = objs[o]["metas"]
        cs = [m["cumpl"] for m in ms if m["cumpl"] is not None]
        objetivos.append({
            "numero": o, "desc": objs[o]["desc"],
            "programacion": Fraction(1) if any(m["prog_year"] for m in ms) else Fraction(0),
            "cumpl": sum(cs) / len(cs) if cs else None,
            "avance": sum(m["avance"] for m in ms) / len(ms),
        })
    cs = [ob["cumpl"] for ob in objetivos if ob["cumpl"] is not None]
    pres = read_rows(sheet_by_name(wb, "Presupuesto"), PRES_REQ, where + "!Presupuesto",
                     ["Código proyecto", "Fuente de financiación"])
    apr = comp = Fraction(0)
    for row in pres:
        w = f"{where}!Presupuesto row {row['_row']}"
        a, c = row[norm("Apropiación vigente")], row[norm("Compromisos acumulados")]
        g = row.get(norm("Giros acumulados"))
        if row[norm("Código proyecto")] != code:
            PROBLEMS.err(w, "Código proyecto differs from the form")
        if a is None or a <= 0:
            PROBLEMS.err(w, "apropiación must be > 0")
        if c is None or c < 0 or c > a:
            PROBLEMS.err(w, "compromisos out of [0, apropiación]")
        if g is not None and (g < 0 or g > c):
            PROBLEMS.err(w, "giros > compromisos")
        if a.denominator != 1 or c.denominator != 1:
            PROBLEMS.err(w, "money not in whole pesos")
        apr += a
        comp += c
    return {
        "codigo": str(int(code)), "nombre": form.get(norm("Nombre del proyecto")),
        "objetivos": objetivos,
        "ejecucion": sum(cs) / len(cs) if cs else None,
        "avance": sum(ob["avance"] for ob in objetivos) / len(objetivos),
        "apr": apr, "comp": comp, "avp": comp / apr,
    }


def read_indicators(path, wb):
    where = str(path.relative_to(INBOX)) + "!Indicadores"
    ws = sheet_by_name(wb, "Indicadores")
    hr, cols = find_header(ws, IND_REQ)
    out = []
    unidad_col = cols[norm("Unidad de medida")] if cols else None
    pct_rows = set()
    if hr:
        for r in range(hr + 1, ws.max_row + 1):
            if ws.cell(r, unidad_col).value == "Porcentaje":
                pct_rows.add(r)
    rows = read_rows(ws, IND_REQ, where, ["Código indicador"])
    for row in rows:
        w = f"{where} row {row['_row']}"
        unidad = row[norm("Unidad de medida")]
        per = row[norm("Periodicidad")]
        tipo = row[norm("Tipo de anualización")]
        if unidad not in ("Porcentaje", "Número"):
            PROBLEMS.err(w, f"unidad {unidad!r}")
        if per not in ALLOWED:
            PROBLEMS.err(w, f"periodicidad {per!r}")
            continue
        if tipo not in ("Suma", "Constante", "Creciente", "Decreciente"):
            PROBLEMS.err(w, f"tipo {tipo!r}")
        # Percent cells must carry a percent format (else: points, warning).
        if unidad == "Porcentaje":
            for h in ["Meta vigencia"] + PROG_H + EJEC_H:
                c = ws[row["_cell_" + norm(h)]]
                if c.value is not None and "%" not in c.number_format:
                    PROBLEMS.err(f"{where}!{c.coordinate}", "percent cell without percent format")
        prog = months_of(row, "Prog.")
        ejec = months_of(row, "Ejec.")
        meta_v = row[norm("Meta vigencia")]
        allowed = ALLOWED[per]
        for k, v in enumerate(prog):
            if v is not None and v > 0 and (k + 1) not in allowed:
                PROBLEMS.err(w, f"programming in {MONTHS[k]}, not allowed by {per}")
        if tipo == "Decreciente":
            pm = [k + 1 for k, v in enumerate(prog) if v is not None and (k + 1) in allowed]
        else:
            pm = [k + 1 for k, v in enumerate(prog) if v is not None and v > 0]
        vals = [prog[m - 1] for m in pm]
        is_pct = unidad == "Porcentaje"
        if not pm:
            PROBLEMS.err(w, "indicator without programming")
        elif tipo == "Suma" and not close(sum(vals), meta_v, is_pct):
            PROBLEMS.err(w, "Suma: programming does not add up to the meta")
        elif tipo == "Constante" and not all(close(v, meta_v, is_pct) for v in vals):
            PROBLEMS.err(w, "Constante: a programmed month differs from the meta")
        elif tipo == "Creciente" and (any(b < a for a, b in zip(vals, vals[1:])) or not close(vals[-1], meta_v, is_pct)):
            PROBLEMS.err(w, "Creciente: not non-decreasing or last differs from the meta")
        elif tipo == "Decreciente" and (any(b > a for a, b in zip(vals, vals[1:])) or not close(vals[-1], meta_v, is_pct)):
            PROBLEMS.err(w, "Decreciente: not non-increasing or last differs from the meta")
        check_ejec_common(w, row, set(pm), ejec, allowed_ejec=allowed)
        pm_cut = [m for m in pm if m <= CUT_MONTH]
        cumpl = None
        if pm_cut:
            if tipo == "Suma":
                cumpl = sum(ejec[m - 1] or 0 for m in pm_cut) / sum(prog[m - 1] for m in pm_cut)
            else:
                last = pm_cut[-1]
                p, e = prog[last - 1], ejec[last - 1] or Fraction(0)
                if tipo == "Decreciente":
                    cumpl = Fraction(1) if e == 0 else p / e
                else:
                    cumpl = e / p
        out.append({"codigo": row[norm("Código indicador")], "nombre": row[norm("Nombre del indicador")],
                    "proceso": row[norm("Proceso")], "periodicidad": per, "tipo": tipo,
                    "unidad": unidad, "programado": bool(pm_cut), "cumpl": cumpl, "where": w})
    return out


def read_activities(path, wb):
    where = str(path.relative_to(INBOX)) + "!Actividades"
    pcols = {norm(h) for h in PROG_H + EJEC_H}
    rows = read_rows(sheet_by_name(wb, "Actividades"), ACT_REQ, where, ["Código actividad"], pcols)
    out = []
    for row in rows:
        w = f"{where} row {row['_row']}"
        plan = row[norm("Plan institucional")]
        if plan not in PLANES:
            PROBLEMS.err(w, f"plan {plan!r} not among the 18")
        prog = months_of(row, "Prog.")
        ejec = months_of(row, "Ejec.")
        if not close(sum(v or 0 for v in prog), Fraction(1), True):
            PROBLEMS.err(w, f"programming adds up to {float(sum(v or 0 for v in prog)):.4f}, not 100 %")
        if sum(v or 0 for v in ejec) > 1 + Fraction(5, 1000):
            PROBLEMS.err(w, "execution above 100 %")
        if any(v is not None and not (0 <= v <= 1) for v in prog + ejec):
            PROBLEMS.err(w, "percent out of 0-100 %")
        pm = [k + 1 for k, v in enumerate(prog) if v is not None and v > 0]
        check_ejec_common(w, row, set(pm), ejec)
        pm_cut = [m for m in pm if m <= CUT_MONTH]
        cumpl = None
        if pm_cut:
            cumpl = min(Fraction(1), sum(v or 0 for v in ejec[:CUT_MONTH]) / sum(v or 0 for v in prog[:CUT_MONTH]))
        out.append({"codigo": row[norm("Código actividad")], "actividad": row[norm("Actividad")],
                    "plan": plan, "programada": bool(pm_cut), "cumpl": cumpl})
    return out


def read_risks(path, wb):
    where = str(path.relative_to(INBOX)) + "!Riesgos"
    rows = read_rows(sheet_by_name(wb, "Riesgos"), RISK_HEADERS, where, ["Código riesgo", "Fecha de monitoreo"])
    out = []
    for row in rows:
        w = f"{where} row {row['_row']}"
        tipo = row[norm("Tipo de riesgo")]
        per = row[norm("Periodicidad de monitoreo")]
        fecha = row[norm("Fecha de monitoreo")]
        ap, ae = row[norm("Acciones programadas")], row[norm("Acciones ejecutadas")]
        if tipo not in ("Gestión", "Corrupción"):
            PROBLEMS.err(w, f"tipo {tipo!r}")
        if row[norm("Zona de riesgo residual")] not in ("Baja", "Moderada", "Alta", "Extrema"):
            PROBLEMS.err(w, "zona")
        if (tipo, per) not in (("Gestión", "Cuatrimestral"), ("Corrupción", "Bimestral")):
            PROBLEMS.err(w, f"periodicidad {per!r} for {tipo}")
        if not isinstance(fecha, date) or fecha > CORTE:
            PROBLEMS.err(w, f"fecha de monitoreo {fecha!r}")
        if ap is None or ae is None or ap.denominator != 1 or ae.denominator != 1 or ap < 0 or ae < 0 or ae > ap:
            PROBLEMS.err(w, "acciones")
        if row[norm("¿Se materializó?")] not in ("Sí", "No"):
            PROBLEMS.err(w, "¿Se materializó?")
        out.append({"codigo": row[norm("Código riesgo")], "fecha": fecha, "tipo": tipo,
                    "zona": row[norm("Zona de riesgo residual")], "mat": row[norm("¿Se materializó?")]})
    return out


def read_inbox():
    data = {"proyecto": [], "indicadores": [], "actividades": [], "riesgos": [], "files": []}
    for path in sorted(INBOX.rglob("*.xlsx")):
        wb = openpyxl.load_workbook(path)  # not read_only: number formats needed
        kind = workbook_kind(wb)
        data["files"].append((path, kind, [(ws.title, ws.sheet_state) for ws in wb.worksheets]))
        if kind == "proyecto":
            data["proyecto"].append(read_project(path, wb))
        elif kind == "indicadores":
            data["indicadores"] += read_indicators(path, wb)
        elif kind == "actividades":
            data["actividades"] += read_activities(path, wb)
        elif kind == "riesgos":
            data["riesgos"] += read_risks(path, wb)
        else:
            PROBLEMS.err(str(path), "workbook of no known kind")
        for ws in wb.worksheets:
            if ws.sheet_state != "visible" and norm(ws.title) in ("proyecto", "metas", "presupuesto", "indicadores", "actividades", "riesgos"):
                PROBLEMS.err(str(path), f"template sheet {ws.title} hidden (warning in PLAN)")
    # Identity: codes unique within their kind.
    for kind, key in (("indicadores", "codigo"), ("actividades", "codigo")):
        codes = [x[key] for x in data[kind]]
        for c in set(codes):
            if codes.count(c) > 1:
                PROBLEMS.err(kind, f"duplicated code {c}")
    rk = [(x["codigo"], x["fecha"]) for x in data["riesgos"]]
    if len(rk) != len(set(rk)):
        PROBLEMS.err("riesgos", "duplicated (código, fecha)")
    pc = [p["codigo"] for p in data["proyecto"]]
    if len(pc) != len(set(pc)):
        PROBLEMS.err("proyectos", "duplicated project")
    return data


# ---------------------------------------------------------------------------
# Display (half-up on the exact value) and the seed's figures
# ---------------------------------------------------------------------------

def half_up(x: Fraction, places: int) -> Decimal:
    q = Fraction(10) ** places
    n = math.floor(x * q + Fraction(1, 2))
    return Decimal(n).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def p2(x):
    return str(half_up(x * 100, 2))


SEED_PROJECTS = {
    # code: (Ejecución, Avance, [(cumplimiento, avance) per objective],
    #        apropiación millions, compromisos millions, avance presupuestal)
    "7867": ("100.00", "16.98", [("100.00", "15.00"), ("100.00", "18.96")], 19615, 9261, "47.21"),
    "7868": ("100.00", "18.38", [("100.00", "18.17"), ("100.00", "21.12"), ("100.00", "12.50"), ("100.00", "21.73")], 9600, 6580, "68.54"),
    "7869": ("100.00", "14.33", [("100.00", "13.67"), ("100.00", "15.00")], 2318, 1362, "58.75"),
    # The seed prints "$4,234 millones": a typo for $4.234 millones.
    "7870": ("100.00", "15.25", [("100.00", "15.50"), ("100.00", "15.00")], 4234, 3435, "81.13"),
    # The seed prints "93.13%" with a dot: 93,13 %.
    "7871": ("93.13", "66.47", [("97.32", "18.66"), ("87.85", "85.08"), ("94.22", "95.67")], 29580, 11745, "39.70"),
    "7872": ("100.00", "19.46", [("100.00", "18.50"), ("100.00", "20.42")], 11900, 7138, "59.98"),
    "7873": ("99.67", "19.62", [("99.33", "17.96"), ("100.00", "21.28")], 11806, 10552, "89.38"),
}
SEED_PROJECT_NAMES = {
    "7867": "Generación de los lineamientos de comunicación del Distrito para construir ciudad y ciudadanía",
    "7868": "Desarrollo Institucional para una Gestión Pública Eficiente",
    "7869": "Implementación del modelo de Gobierno Abierto, Accesible e Incluyente de Bogotá",
    "7870": "Servicio a la ciudadanía, moderno, eficiente y de calidad",
    "7871": "Construcción de Bogotá-región como territorio de paz para las víctimas y la reconciliación",
    "7872": "Transformación digital y gestión TIC",
    "7873": "Fortalecimiento de la capacidad institucional de la Secretaría General",
}
SEED_IND_BELOW = [
    ("98.94", "Índice de atención oportuna a los procesos precontractuales radicados en la Dirección de Contratación", "Contratación"),
    ("92.31", "Porcentaje de la estrategia anual para mejorar la oportunidad en la ejecución de los recursos en la Secretaría General", "Gestión financiera"),
    ("84.26", "Porcentaje de presupuesto comprometido de la Secretaría General", "Gestión financiera"),
    ("75.00", "Porcentaje de cumplimiento de las acciones de mejora de las auditorías internas de gestión y auditorías de la Contraloría programadas para finalizar", "Evaluación del sistema de control interno"),
]
SEED_IND_EXCLUDED = [
    "Informe del Estado de la Administración de la Gestión Documental en las Entidades del Distrito Capital (EAGED) realizado",
    "Informe Semestral de la gestión efectuada en las asesorías técnicas y proyectos en materia TIC",
    "Porcentaje de avance en el cumplimiento de las auditorías internas de calidad",
    "Porcentaje de riesgos identificados, según las recomendaciones realizadas en los informes de la Oficina de Control Interno",
    "Consulta ciudadana para identificar la demanda de acciones en pilares del Modelo de Gobierno Abierto realizada",
]
SEED_ACT_BELOW = [
    ("79.00", "Instaurar el área de PMO para la Gerencia de Proyectos dentro de la Oficina de Tecnologías de la Información y las Comunicaciones"),
    ("50.00", "Formular el Programa de descripción normalizada"),
    ("50.00", "Elaborar la Tabla de Control de Acceso"),
]
SEED_ACT_UNPROGRAMMED = [
    "Adoptar mejores prácticas para la gestión del cambio",
    "Realizar los autodiagnósticos de las políticas de gestión y desempeño del Modelo Integrado de Planeación y Gestión (MIPG) que cuentan con herramienta definida por la Función Pública",
    "Realizar tres informes de seguimiento al Plan de ajuste y sostenibilidad del Modelo Integrado de Planeación (MIPG) en la Secretaría General",
]


class Table:
    def __init__(self):
        self.rows = []
        self.failures = 0

    def add(self, figure, seed, computed):
        ok = str(seed) == str(computed)
        if not ok:
            self.failures += 1
        self.rows.append((figure, str(seed), str(computed), "ok" if ok else "MISMATCH"))

    def print(self):
        w0 = max(len(r[0]) for r in self.rows)
        w1 = max(len(r[1]) for r in self.rows)
        w2 = max(len(r[2]) for r in self.rows)
        print(f"{'figure':<{w0}}  {'seed':>{w1}}  {'computed':>{w2}}  check")
        print("-" * (w0 + w1 + w2 + 11))
        for f, s, c, k in self.rows:
            print(f"{f:<{w0}}  {s:>{w1}}  {c:>{w2}}  {k}")


def millions(pesos: Fraction) -> int:
    return int(half_up(pesos / 1_000_000, 0))


def verify(data):
    t = Table()
    seed_text = SEED.read_text(encoding="utf-8") if SEED.exists() else None

    def in_seed(label, s):
        if seed_text is not None:
            t.add(f"{label} verbatim in seed", "yes", "yes" if s in seed_text else "no")

    projects = {p["codigo"]: p for p in data["proyecto"]}
    t.add("proyectos: count", 7, len(projects))
    for code, (ej, av, objs, apr_m, comp_m, avp) in SEED_PROJECTS.items():
        p = projects.get(code)
        if p is None:
            t.add(f"{code} present", "yes", "no")
            continue
        t.add(f"{code} nombre", "seed", "seed" if p["nombre"] == SEED_PROJECT_NAMES[code] else p["nombre"])
        in_seed(f"{code} nombre", p["nombre"])
        t.add(f"{code} objetivos: count", len(objs), len(p["objetivos"]))
        for ob, (c, a) in zip(p["objetivos"], objs):
            n = ob["numero"]
            in_seed(f"{code} obj{n} texto", ob["desc"])
            t.add(f"{code} obj{n} Programación 2021 %", "100.00", p2(ob["programacion"]))
            t.add(f"{code} obj{n} Cumplimiento al corte %", c, p2(ob["cumpl"]) if ob["cumpl"] is not None else "n/a")
            t.add(f"{code} obj{n} Avance al corte %", a, p2(ob["avance"]))
        t.add(f"{code} Objetivo general Ejecución %", ej, p2(p["ejecucion"]))
        t.add(f"{code} Objetivo general Avance %", av, p2(p["avance"]))
        t.add(f"{code} Programación presupuestal $ millones", apr_m, millions(p["apr"]))
        t.add(f"{code} Ejecución presupuestal $ millones", comp_m, millions(p["comp"]))
        t.add(f"{code} Avance presupuestal %", avp, p2(p["avp"]))
    comp_proy = sum(p["ejecucion"] for p in projects.values()) / len(projects)
    t.add("Componente proyectos (4 dec.)", "0.9897", str(half_up(comp_proy, 4)))

    inds = data["indicadores"]
    prog = [i for i in inds if i["programado"]]
    t.add("indicadores programados vigencia", 57, len(inds))
    t.add("indicadores programados al periodo", 52, len(prog))
    t.add("indicadores >= 100 %", 48, sum(1 for i in prog if i["cumpl"] >= 1))
    t.add("indicadores 75 % - < 100 %", 4, sum(1 for i in prog if Fraction(3, 4) <= i["cumpl"] < 1))
    t.add("indicadores < 75 %", 0, sum(1 for i in prog if i["cumpl"] < Fraction(3, 4)))
    below = sorted((i for i in prog if i["cumpl"] < 1), key=lambda i: -i["cumpl"])
    for (val, name, proc), i in zip(SEED_IND_BELOW, below):
        t.add(f"indicador {i['codigo']} cumplimiento %", val, p2(i["cumpl"]))
        t.add(f"indicador {i['codigo']} nombre", "seed", "seed" if i["nombre"] == name else i["nombre"])
        t.add(f"indicador {i['codigo']} proceso", proc, i["proceso"])
        in_seed(f"indicador {i['codigo']} nombre", i["nombre"])
    excl = [i for i in inds if not i["programado"]]
    t.add("indicadores excluidos: names", "seed's 5",
          "seed's 5" if sorted(i["nombre"] for i in excl) == sorted(SEED_IND_EXCLUDED) else sorted(i["nombre"] for i in excl))
    t.add("indicadores excluidos: periodicidades", "Anual, Cuatrimestral, Semestral",
          ", ".join(sorted({i["periodicidad"] for i in excl})))
    for i in excl:
        in_seed(f"excluido {i['codigo']} ({i['periodicidad']})", i["nombre"])
    comp_ind = sum(i["cumpl"] for i in prog) / len(prog)
    t.add("Componente indicadores (4 dec.)", "1.0928", str(half_up(comp_ind, 4)))

    acts = data["actividades"]
    aprog = [a for a in acts if a["programada"]]
    t.add("actividades programadas vigencia", 29, len(acts))
    t.add("actividades programadas I trimestre", 26, len(aprog))
    comp_act = sum(a["cumpl"] for a in aprog) / len(aprog)
    t.add("plan integrado cumplimiento % (0 dec.)", "95", str(half_up(comp_act * 100, 0)))
    t.add("Componente plan integrado (4 dec.)", "0.9535", str(half_up(comp_act, 4)))
    abelow = sorted((a for a in aprog if a["cumpl"] < 1), key=lambda a: (-a["cumpl"]))
    t.add("actividades < 100 %: count", 3, len(abelow))
    for (val, name), a in zip(SEED_ACT_BELOW, abelow):
        t.add(f"actividad {a['codigo']} cumplimiento %", val, p2(a["cumpl"]))
        t.add(f"actividad {a['codigo']} texto", "seed", "seed" if a["actividad"] == name else a["actividad"])
        in_seed(f"actividad {a['codigo']} texto", a["actividad"])
    unp = [a for a in acts if not a["programada"]]
    t.add("actividades sin programación: texts", "seed's 3",
          "seed's 3" if sorted(a["actividad"] for a in unp) == sorted(SEED_ACT_UNPROGRAMMED) else sorted(a["actividad"] for a in unp))
    for a in unp:
        in_seed(f"sin programación {a['codigo']}", a["actividad"])
    t.add("planes institucionales used (of 18)", 18, len({a["plan"] for a in acts}))

    risks = data["riesgos"]
    t.add("riesgos: monitorings received (not measured at 31-mar)", "10-15",
          "10-15" if 10 <= len(risks) <= 15 else len(risks))

    pai = (comp_proy + comp_ind + comp_act) / 3
    t.add("Avance PAI % (1 dec.)", "101.2", str(half_up(pai * 100, 1)))
    t.add("files in inbox", 22, len(data["files"]))
    return t, dict(proyectos=comp_proy, indicadores=comp_ind, plan_integrado=comp_act, pai=pai)


def main(argv):
    if "--check-only" not in argv:
        paths = write_all()
        print(f"wrote {len(paths)} workbooks under {INBOX}")
    data = read_inbox()
    table, comps = verify(data)
    table.print()
    print()
    for k, v in comps.items():
        print(f"{k:>15}: {float(v):.6f}  (exact {v.numerator}/{v.denominator})")
    if PROBLEMS.errors:
        print("\nvalidation problems:")
        for e in PROBLEMS.errors:
            print("  " + e)
    if table.failures or PROBLEMS.errors:
        print(f"\nFAILED: {table.failures} mismatches, {len(PROBLEMS.errors)} validation problems")
        return 1
    print("\nall seed figures reproduced; inbox valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
