#!/usr/bin/env python3
"""Writes one large indicators workbook (the `indicadores` template) for
timing `pai validar` on a single big file (scripts/medir_buzon.sh). Not used
by the tests.

Every row is valid for the corte 2021-03-31, the way offices fill the
template: six in ten are percent indicators written as points (`90`, plain
numbers, which pai reads as percentage points with a warning), the others
counts, monthly or quarterly, executed through March.

    python3 scripts/generar_indicadores.py --filas 20000 /tmp/indicadores.xlsx
"""
import argparse

from openpyxl import Workbook

MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre"]
PROCESOS = ["Contratación", "Gestión financiera", "Gestión documental", "Gestión de TIC",
            "Control disciplinario", "Comunicación pública", "Servicio a la ciudadanía"]


def fila(i):
    codigo = f"IND-{i:05d}"
    nombre = f"Indicador de gestión número {i}"
    proceso = PROCESOS[i % len(PROCESOS)]
    base = [codigo, nombre, proceso, "Oficina de Planeación"]
    clase = i % 20
    if clase < 12:  # percent, constant, monthly, in points
        meta = 90
        prog = [meta] * 12
        ejec = [88.5 + (i % 7) * 0.25, 90, 91.25] + [None] * 9
        return base + ["Mensual", "Constante", "Porcentaje", meta] + prog + ejec
    if clase < 17:  # count, sum, monthly
        meta = 1200
        prog = [100] * 12
        ejec = [100, 95 + i % 10, 100] + [None] * 9
        return base + ["Mensual", "Suma", "Número", meta] + prog + ejec
    meta = 120  # count, sum, quarterly
    prog = [30 if m % 3 == 2 else None for m in range(12)]
    ejec = [None, None, 30] + [None] * 9
    return base + ["Trimestral", "Suma", "Número", meta] + prog + ejec


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--filas", type=int, default=20000)
    a.add_argument("destino")
    args = a.parse_args()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Indicadores")
    ws.append(["Código indicador", "Nombre del indicador", "Proceso", "Dependencia", "Periodicidad",
               "Tipo de anualización", "Unidad de medida", "Meta vigencia"]
              + [f"Prog. {m}" for m in MESES] + [f"Ejec. {m}" for m in MESES])
    for i in range(1, args.filas + 1):
        ws.append(fila(i))
    wb.save(args.destino)


if __name__ == "__main__":
    main()
