#!/usr/bin/env bash
# Checks that a workbook written by pai opens elsewhere: the zip is sound,
# openpyxl loads it and reads every row without a warning, and LibreOffice
# converts every sheet to CSV. Not part of `swift test` (it needs Python,
# openpyxl and LibreOffice); meant for CI after writing a sample workbook.
#
#   scripts/verificar_libreoffice.sh libro.xlsx
#
# Exit status: 0 both checks passed; 1 a check failed; 2 bad usage;
# 3 a tool is missing (python3 with openpyxl, soffice).
set -euo pipefail

libro="${1:-}"
if [ -z "$libro" ] || [ "$#" -ne 1 ]; then
  echo "uso: $0 LIBRO.xlsx" >&2
  exit 2
fi
if [ ! -f "$libro" ]; then
  echo "no existe el archivo: $libro" >&2
  exit 2
fi
libro="$(cd "$(dirname "$libro")" && pwd)/$(basename "$libro")"

if ! python3 -c "import openpyxl" 2>/dev/null; then
  echo "falta openpyxl (pip install openpyxl)" >&2
  exit 3
fi
if ! command -v soffice >/dev/null; then
  echo "falta LibreOffice (apt-get install -y libreoffice-calc)" >&2
  exit 3
fi

# 1. openpyxl. Warnings become errors: openpyxl warns when it has to guess
#    or skip something it could not understand.
if ! python3 - "$libro" <<'PY'
import sys
import warnings
import zipfile

import openpyxl

path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    bad = z.testzip()
    if bad is not None:
        sys.exit(f"openpyxl: el zip está dañado en {bad}")
with warnings.catch_warnings():
    warnings.simplefilter("error")
    wb = openpyxl.load_workbook(path)
    filas = 0
    for ws in wb.worksheets:
        for _ in ws.iter_rows():
            filas += 1
print(f"openpyxl: bien, {len(wb.sheetnames)} hojas ({', '.join(wb.sheetnames)}), {filas} filas")
PY
then
  echo "openpyxl: no pudo leer $libro" >&2
  exit 1
fi

# 2. LibreOffice, with a throwaway profile so it neither touches nor waits
#    for a running instance. Filter options: comma, double quote, UTF-8,
#    and -1 as the 12th token, which writes one CSV per sheet
#    (libro-Hoja.csv). soffice exits 0 even when the import fails, so the
#    CSV files are the evidence.
trabajo="$(mktemp -d)"
trap 'rm -rf "$trabajo"' EXIT
filtro='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'
if ! timeout 300 soffice --headless --norestore --nologo \
  "-env:UserInstallation=file://$trabajo/perfil" \
  --convert-to "$filtro" --outdir "$trabajo/csv" "$libro" \
  >"$trabajo/salida.txt" 2>&1; then
  cat "$trabajo/salida.txt" >&2
  echo "LibreOffice: la conversión falló" >&2
  exit 1
fi
# "convert …" and "Writing sheet …" lines name files and sheets (ours are
# called Errores); only other lines that speak of an error count.
if grep -v -e "^convert " -e "^Writing sheet" "$trabajo/salida.txt" | grep -qi "error"; then
  cat "$trabajo/salida.txt" >&2
  echo "LibreOffice: informó un error" >&2
  exit 1
fi
hojas=$(python3 -c "import openpyxl,sys; print(len(openpyxl.load_workbook(sys.argv[1], read_only=True).sheetnames))" "$libro")
csvs=$(find "$trabajo/csv" -name '*.csv' -size +0 2>/dev/null | wc -l)
if [ "$csvs" -lt 1 ]; then
  cat "$trabajo/salida.txt" >&2
  echo "LibreOffice: no produjo ningún CSV" >&2
  exit 1
fi
if [ "$csvs" -ne "$hojas" ]; then
  echo "LibreOffice: $csvs CSV no vacíos para $hojas hojas (una hoja vacía no da CSV)" >&2
fi
echo "LibreOffice: bien, $csvs CSV de $hojas hojas"
