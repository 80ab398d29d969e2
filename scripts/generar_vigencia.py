#!/usr/bin/env python3
"""Writes a whole vigencia of office workbooks, as the offices would.

Starting from the seed's quarter (`inbox/`, corte 31 March 2021), it
processes each corte with `pai`, asks `pai plantilla --todas --outbox` for
the next corte's templates (which carry what was accepted), fills only what
an office fills with openpyxl — the executions of the new months, the
cumulative commitments, a risk's monitoring — and processes that corte in
turn. The filled workbooks go to `docs/ejemplo-vigencia/<corte>/<carpeta>/`;
`inbox/` stays the seed's quarter.

One deliberate reprogramming: at 30 September, project 7867 moves one unit
of a `Suma` goal from October to November (the total still holds), which
must give two `cambio-frente-al-corte-anterior` warnings.

    python3 scripts/generar_vigencia.py [--pai .build/debug/pai] [--salida docs/ejemplo-vigencia]

Needs openpyxl. Deterministic: the same pai gives the same figures.
"""
import argparse
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

RAIZ = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre"]
# The cortes after the seed's, in order; the risk cycle's are 30 April,
# 31 August and 31 December (schemas/pai.json).
CORTES = ["2021-04-30", "2021-06-30", "2021-08-31", "2021-09-30", "2021-12-31"]
RIESGOS = {"2021-04-30", "2021-08-31", "2021-12-31"}
TRIMESTRES = {"2021-06-30", "2021-09-30", "2021-12-31"}
# Share of the appropriation committed by the corte's month.
COMPROMETIDO = {6: 0.55, 9: 0.78, 12: 0.97}
# Bimestral and cuatrimestral monitoring months (PLAN).
MONITOREO = {"Bimestral": {2, 4, 6, 8, 10, 12}, "Cuatrimestral": {4, 8, 12}}
REPROGRAMADO = "7867"


def factor(*clave):
    """A deterministic execution factor in [0.8, 1.1] for a row and month."""
    h = int(hashlib.sha256("|".join(map(str, clave)).encode()).hexdigest(), 16)
    return [1.0, 0.9, 1.0, 0.8, 1.1, 1.0][h % 6]


def fecha(iso):
    return dt.date.fromisoformat(iso)


def fin_de_mes(anio, mes):
    siguiente = dt.date(anio + (mes == 12), mes % 12 + 1, 1)
    return siguiente - dt.timedelta(days=1)


def correr(pai, *args):
    r = subprocess.run([pai, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stdout + r.stderr)
        raise SystemExit(f"pai {' '.join(args)} salió con {r.returncode}")
    return r.stdout


def encabezados(ws, fila=2):
    return {c.value: c.column for c in ws[fila] if c.value}


def filas_con_datos(ws):
    return [r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value not in (None, "")]


def llenar_meses(ws, hdr, r, nuevos, tope_en_prog, clave):
    """The execution of each new month that is programmed: what an office
    reports. `Decreciente` indicators program 0 as a real target."""
    decreciente = ws.cell(r, hdr["Tipo de anualización"]).value == "Decreciente" \
        if "Tipo de anualización" in hdr else False
    porcentaje = ws.cell(r, hdr["Unidad de medida"]).value == "Porcentaje" \
        if "Unidad de medida" in hdr else False
    for m in nuevos:
        p = ws.cell(r, hdr["Prog. " + MESES[m - 1]]).value
        if p is None or (p == 0 and not decreciente):
            continue
        f = factor(clave, m)
        if tope_en_prog or porcentaje:
            f = min(f, 1.0)
        v = p * f
        v = round(v, 4) if (tope_en_prog or porcentaje) else round(v, 2)
        if v == int(v):
            v = int(v)
        ws.cell(r, hdr["Ejec. " + MESES[m - 1]]).value = v


def reprogramar(ws, hdr):
    """Moves one unit of the first `Suma` goal programmed in October to
    November: the total holds, two months change."""
    for r in filas_con_datos(ws):
        if ws.cell(r, hdr["Tipo de anualización"]).value != "Suma":
            continue
        octubre = ws.cell(r, hdr["Prog. octubre"])
        if (octubre.value or 0) >= 1:
            noviembre = ws.cell(r, hdr["Prog. noviembre"])
            octubre.value -= 1
            noviembre.value = (noviembre.value or 0) + 1
            return f"Metas fila {r}"
    raise SystemExit("7867 no tiene una meta Suma programada en octubre")


def llenar_riesgos(ws, corte, anterior_riesgo):
    """One monitoring per month of the cycle that the risk's periodicity
    asks for, dated at that month's end."""
    primera = encabezados(ws, 1)
    fila_hdr, hdr = (1, primera) if "Proceso" in primera else (2, encabezados(ws))
    identidad = ["Proceso", "Código riesgo", "Tipo de riesgo", "Descripción del riesgo",
                 "Zona de riesgo residual", "Periodicidad de monitoreo"]
    riesgos = [r for r in range(fila_hdr + 1, ws.max_row + 1)
               if ws.cell(r, hdr["Código riesgo"]).value not in (None, "")]
    valores = [{k: ws.cell(r, hdr[k]).value for k in identidad} for r in riesgos]
    siguiente = fila_hdr + 1
    for v in valores:
        desde = anterior_riesgo.month + 1 if anterior_riesgo.year == corte.year else 1
        meses = [m for m in range(desde, corte.month + 1)
                 if m in MONITOREO[v["Periodicidad de monitoreo"]]]
        for m in meses:
            for k in identidad:
                ws.cell(siguiente, hdr[k]).value = v[k]
            ws.cell(siguiente, hdr["Fecha de monitoreo"]).value = dt.datetime.combine(
                fin_de_mes(corte.year, m), dt.time())
            ws.cell(siguiente, hdr["Fecha de monitoreo"]).number_format = "dd/mm/yyyy"
            programadas = 2 + (factor(v["Código riesgo"], m) > 1.0)
            ejecutadas = programadas if factor(v["Código riesgo"], m, "e") >= 1.0 else programadas - 1
            ws.cell(siguiente, hdr["Acciones programadas"]).value = programadas
            ws.cell(siguiente, hdr["Acciones ejecutadas"]).value = ejecutadas
            ws.cell(siguiente, hdr["¿Se materializó?"]).value = "No"
            siguiente += 1


def llenar(ruta, corte, anterior, anterior_riesgo):
    wb = openpyxl.load_workbook(ruta)
    nuevos = list(range(anterior.month + 1, corte.month + 1))
    nota = None
    for ws in wb.worksheets:
        if ws.title == "Riesgos":
            llenar_riesgos(ws, corte, anterior_riesgo)
            continue
        if ws.title not in ("Metas", "Indicadores", "Actividades", "Presupuesto"):
            continue
        hdr = encabezados(ws)
        for r in filas_con_datos(ws):
            clave = (os.path.basename(ruta), ws.title, ws.cell(r, 1).value, ws.cell(r, 2).value,
                     ws.cell(r, 4).value)
            if ws.title == "Presupuesto":
                a = ws.cell(r, hdr["Apropiación vigente"]).value
                comprometido = round(a * COMPROMETIDO[corte.month])
                ws.cell(r, hdr["Compromisos acumulados"]).value = comprometido
                ws.cell(r, hdr["Giros acumulados"]).value = round(comprometido * 0.6)
            else:
                llenar_meses(ws, hdr, r, nuevos, ws.title == "Actividades", clave)
        if ws.title == "Metas" and corte.month == 9 and REPROGRAMADO in os.path.basename(ruta):
            nota = reprogramar(ws, hdr)
    return wb, nota


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pai", default=os.path.join(RAIZ, ".build", "debug", "pai"))
    ap.add_argument("--salida", default=os.path.join(RAIZ, "docs", "ejemplo-vigencia"))
    args = ap.parse_args()
    pai = os.path.abspath(args.pai)
    esquemas = os.path.join(RAIZ, "schemas")
    trabajo = tempfile.mkdtemp(prefix="pai-vigencia-")
    inbox, outbox = os.path.join(trabajo, "inbox"), os.path.join(trabajo, "outbox")
    shutil.copytree(os.path.join(RAIZ, "inbox"), inbox)
    comun = ["--inbox", inbox, "--outbox", outbox, "--esquemas", esquemas, "--silencioso"]
    correr(pai, "procesar", "--corte", "2021-03-31", *comun)
    for d in os.listdir(args.salida) if os.path.isdir(args.salida) else []:
        if d[:4].isdigit():
            shutil.rmtree(os.path.join(args.salida, d))

    # The risk cycle before 30 April began at the previous vigencia's close.
    anterior = {"trimestre": fecha("2021-03-31"), "riesgos": fecha("2020-12-31")}
    for iso in CORTES:
        corte = fecha(iso)
        plantillas = os.path.join(trabajo, "plantillas", iso)
        correr(pai, "plantilla", "--todas", plantillas, "--corte", iso, "--outbox", outbox,
               "--esquemas", esquemas)
        enviados = 0
        for carpeta in sorted(os.listdir(plantillas)):
            origen = os.path.join(plantillas, carpeta)
            if not os.path.isdir(origen):
                continue  # the blank templates at the top
            for nombre in sorted(os.listdir(origen)):
                riesgo = nombre.startswith("riesgos_")
                if (riesgo and iso not in RIESGOS) or (not riesgo and iso not in TRIMESTRES):
                    continue
                wb, nota = llenar(os.path.join(origen, nombre), corte, anterior["trimestre"],
                                  anterior["riesgos"])
                destino = os.path.join(args.salida, iso, carpeta, nombre)
                os.makedirs(os.path.dirname(destino), exist_ok=True)
                wb.save(destino)
                os.makedirs(os.path.join(inbox, carpeta), exist_ok=True)
                shutil.copy2(destino, os.path.join(inbox, carpeta, nombre))
                enviados += 1
                if nota:
                    print(f"  {iso}: reprogramación deliberada en {carpeta}/{nombre}, {nota}")
        salida = correr(pai, "procesar", "--corte", iso, *comun)
        resumen = [l for l in salida.splitlines() if l.startswith(("Avance del PAI", "Envíos"))]
        print(f"{iso}: {enviados} libros; " + "; ".join(resumen))
        if iso in TRIMESTRES:
            anterior["trimestre"] = corte
        if iso in RIESGOS:
            anterior["riesgos"] = corte
    shutil.rmtree(trabajo)


if __name__ == "__main__":
    main()
