#!/usr/bin/env python3
"""Reads the notes of an annotated copy back with openpyxl.

    python3 scripts/verificar_notas.py romper ORIGEN.xlsx DESTINO.xlsx
        Writes a copy of an example indicators workbook with a rule
        broken: the first indicator's «Meta vigencia» one higher, so its
        monthly programming no longer adds up (suma-programacion, which
        concerns the target and every programmed month).

    python3 scripts/verificar_notas.py verificar COPIA.errores.xlsx
        Checks the copy pai wrote: the Errores sheet's columns, its print
        setup, and for every finding on a cell a note on that cell that
        carries the finding's message; at least one finding noted on
        several cells. Prints the notes.

Exit status 1 when a check fails. Needs openpyxl (pip install openpyxl).
"""

import sys
import warnings

import openpyxl

ENCABEZADOS = ["N.º", "Mensaje", "Hoja", "Celda", "Severidad", "Código"]


def romper_meta(origen, destino):
    """Saves a copy with the first «Meta vigencia» one higher; returns
    (sheet, cell, original value), or None when there is no such column.
    Also used by scripts/navegador.py and scripts/medir_portal.py."""
    wb = openpyxl.load_workbook(origen)
    for ws in wb.worksheets:
        for row in ws.iter_rows(max_row=30):
            for c in row:
                if c.value == "Meta vigencia":
                    meta = ws.cell(row=c.row + 1, column=c.column)
                    original = meta.value
                    meta.value = (original or 0) + 1
                    wb.save(destino)
                    return ws.title, meta.coordinate, original
    return None


def romper(origen, destino):
    roto = romper_meta(origen, destino)
    if roto is None:
        sys.exit("romper: no hay columna «Meta vigencia»")
    hoja, celda, original = roto
    print(f"romper: {hoja}!{celda} = {(original or 0) + 1}")


def verificar(copia):
    fallas = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wb = openpyxl.load_workbook(copia)
    errores = wb.worksheets[0]
    filas = list(errores.iter_rows(values_only=True))
    if list(filas[0][: len(ENCABEZADOS)]) != ENCABEZADOS:
        fallas.append(f"encabezados {filas[0]!r}")
    if errores.print_title_rows != "$1:$1":
        fallas.append(f"títulos de impresión {errores.print_title_rows!r}")
    ps = errores.page_setup
    if (ps.orientation, ps.fitToWidth, ps.fitToHeight) != ("landscape", 1, 0):
        fallas.append(f"página {ps.orientation} {ps.fitToWidth} {ps.fitToHeight}")
    if not errores.sheet_properties.pageSetUpPr.fitToPage:
        fallas.append("fitToPage")

    notas = {}
    for ws in wb.worksheets[1:]:
        for row in ws.iter_rows():
            for c in row:
                if c.comment is not None:
                    notas[(ws.title, c.coordinate)] = c.comment
    for (hoja, celda), nota in sorted(notas.items()):
        texto = nota.text.replace("\n", " ⏎ ")
        print(f"nota {hoja}!{celda} ({nota.author}): {texto}")

    por_mensaje = {}
    for fila in filas[1:]:
        _, mensaje, hoja, celda, severidad, codigo = fila[:6]
        if not hoja or not celda or ":" in celda or celda.startswith("Fila"):
            continue
        nota = notas.get((hoja, celda))
        if nota is None:
            fallas.append(f"{hoja}!{celda} ({codigo}) sin nota")
        elif f"{severidad}: {mensaje}" not in nota.text.split("\n"):
            fallas.append(f"{hoja}!{celda}: la nota no dice «{severidad}: {mensaje}»: {nota.text!r}")
        por_mensaje[f"{severidad}: {mensaje}"] = 0
    for (_, _), nota in notas.items():
        for linea in nota.text.split("\n"):
            if linea in por_mensaje:
                por_mensaje[linea] += 1
    if not notas:
        fallas.append("ninguna nota")
    elif max(por_mensaje.values(), default=0) < 2:
        fallas.append("ningún hallazgo con nota en varias celdas")
    for f in fallas:
        print("FALLA:", f)
    if fallas:
        sys.exit(1)
    print(f"notas: bien, {len(notas)} notas, {len(filas) - 1} hallazgos")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "romper":
        romper(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "verificar":
        verificar(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
