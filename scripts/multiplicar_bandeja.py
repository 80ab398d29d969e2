#!/usr/bin/env python3
"""Writes an inbox of N small workbooks made from the example inbox, for
timing `pai procesar` (scripts/medir_buzon.sh). Not used by the tests.

Copy k of every example workbook goes to `<folder>-<k>/` (another sender)
with its codes changed so that no identity repeats: text codes (`FIN-01`,
`R-TIC-02`, `OTIC-03`) get `-K<k>`, and each project a new four-digit code.
Copy 0 is the example itself. Every file is accepted, as in a real corte
where every office reports its own items.

    python3 scripts/multiplicar_bandeja.py --n 1000 inbox /tmp/bandeja
"""
import argparse
import os
import re
import zipfile

BASE = 1617609600  # 2021-04-05 08:00 UTC, the example's own time stamp
CODIGO = re.compile(r"<t>((?:[A-Z]+-)+\d{2})</t>")


def copiar(origen, destino, k, proyecto):
    with zipfile.ZipFile(origen) as z, zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED) as w:
        for info in z.infolist():
            datos = z.read(info.filename)
            if k and info.filename == "xl/sharedStrings.xml":
                datos = CODIGO.sub(lambda m: f"<t>{m.group(1)}-K{k}</t>", datos.decode()).encode()
            if k and proyecto and info.filename.startswith("xl/worksheets/"):
                viejo, nuevo = proyecto
                datos = datos.decode().replace(f"<v>{viejo}</v>", f"<v>{nuevo}</v>").encode()
            w.writestr(info, datos)
    os.utime(destino, (BASE + k, BASE + k))


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--n", type=int, default=1000)
    a.add_argument("origen")
    a.add_argument("destino")
    args = a.parse_args()
    ejemplos = sorted(
        os.path.relpath(os.path.join(r, f), args.origen)
        for r, _, fs in os.walk(args.origen) for f in fs if f.endswith(".xlsx"))
    hechos, k, siguiente = 0, 0, 1000
    while hechos < args.n:
        for rel in ejemplos:
            if hechos >= args.n:
                break
            carpeta, nombre = os.path.split(rel)
            m = re.search(r"(78[67]\d)", nombre)
            proyecto = None
            if m and k:
                proyecto = (m.group(1), str(siguiente))
                siguiente += 1
            destino = os.path.join(args.destino, f"{carpeta}-{k}" if k else carpeta, nombre)
            os.makedirs(os.path.dirname(destino), exist_ok=True)
            copiar(os.path.join(args.origen, rel), destino, k, proyecto)
            hechos += 1
        k += 1
    print(f"{hechos} libros en {args.destino}")


if __name__ == "__main__":
    main()
