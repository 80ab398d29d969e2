#!/usr/bin/env bash
# Opens what pai writes in LibreOffice Calc and openpyxl: the consolidated
# workbook, annotated copies of rejected submissions, and every blank
# template; reads the notes of a copy back with openpyxl
# (scripts/verificar_notas.py); then prints the consolidated workbook to PDF
# and counts its pages. Installs libreoffice-calc, poppler-utils, the Carlito
# font and openpyxl when missing. Run by CI after the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null; then
  echo "Instalando LibreOffice Calc…" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc >/dev/null
fi
# pdfinfo counts the pages of the printed consolidado; Carlito has
# Calibri's metrics, so the rows wrap there as they do in Excel.
faltan=()
command -v pdfinfo >/dev/null || faltan+=(poppler-utils)
fc-list 2>/dev/null | grep -qi carlito || faltan+=(fonts-crosextra-carlito)
if [ ${#faltan[@]} -gt 0 ]; then
  echo "Instalando ${faltan[*]}…" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${faltan[@]}" >/dev/null
fi
python3 -c "import openpyxl" 2>/dev/null || pip install -q openpyxl
swift build --product pai
pai=.build/debug/pai
trabajo=$(mktemp -d)
trap 'rm -rf "$trabajo"' EXIT
# A rejected submission beside the example inbox, to get an annotated copy.
cp -r inbox "$trabajo/inbox"
cp Tests/XLSXTests/Fixtures/openpyxl_basico.xlsx "$trabajo/inbox/oficina-tic/libro_equivocado.xlsx"
# And one that breaks a rule on cells: a target its months do not add up to.
python3 scripts/verificar_notas.py romper "inbox/oficina-tic/Indicadores TIC - marzo 2021.xlsx" \
  "$trabajo/inbox/oficina-tic/indicadores_meta_cambiada.xlsx"
"$pai" procesar --inbox "$trabajo/inbox" --outbox "$trabajo/outbox" --corte 2021-03-31 --silencioso >/dev/null || true
"$pai" plantilla --todas "$trabajo/plantillas" --corte 2021-03-31 >/dev/null
# The 30 June templates carry what March accepted: protected sheets,
# grey locked cells, open months.
"$pai" plantilla --todas "$trabajo/junio" --corte 2021-06-30 --outbox "$trabajo/outbox" >/dev/null
fallos=0
for libro in "$trabajo/outbox/2021-03-31/consolidado.xlsx" \
  $(find "$trabajo/outbox" -name '*.errores.xlsx' | head -3) \
  "$trabajo"/plantillas/*.xlsx \
  "$trabajo/junio/consejeria-comunicaciones/proyecto_7867.xlsx" \
  "$trabajo/junio/oficina-tic/indicadores_gestion-de-tic.xlsx"; do
  if ./scripts/verificar_libreoffice.sh "$libro" >"$trabajo/v.txt" 2>&1; then
    echo "bien: $(basename "$libro")"
  else
    cat "$trabajo/v.txt"; echo "FALLA: $libro"; fallos=$((fallos + 1))
  fi
done
copia=$(find "$trabajo/outbox" -name 'indicadores_meta_cambiada.xlsx.errores.xlsx' | head -1)
if [ -n "$copia" ] && python3 scripts/verificar_notas.py verificar "$copia"; then
  echo "bien: notas de $(basename "$copia")"
else
  echo "FALLA: notas de la copia anotada (${copia:-no se escribió})"; fallos=$((fallos + 1))
fi
# The consolidated workbook prints as a report: each sheet one page wide,
# so the example corte fits in a few landscape pages, not dozens of strips.
maximo_paginas=15
mkdir -p "$trabajo/pdf"
soffice --headless --convert-to pdf --outdir "$trabajo/pdf" \
  "$trabajo/outbox/2021-03-31/consolidado.xlsx" >/dev/null 2>&1 || true
paginas=$(pdfinfo "$trabajo/pdf/consolidado.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
if [ -z "$paginas" ]; then
  echo "FALLA: consolidado.xlsx no se pudo convertir a PDF"; fallos=$((fallos + 1))
elif [ "$paginas" -gt "$maximo_paginas" ]; then
  echo "FALLA: consolidado.xlsx se imprime en $paginas páginas (máximo $maximo_paginas)"
  fallos=$((fallos + 1))
else
  echo "bien: consolidado.xlsx se imprime en $paginas páginas"
fi
# A whole vigencia filled with openpyxl, as offices would, from the
# carried-forward templates: every corte must come back complete and clean.
if python3 scripts/generar_vigencia.py --pai "$pai" --salida "$trabajo/vigencia" >"$trabajo/vigencia.txt" 2>&1; then
  echo "bien: la vigencia diligenciada con openpyxl ($(grep -c '^2021' "$trabajo/vigencia.txt") cortes sin rechazos)"
else
  cat "$trabajo/vigencia.txt"; echo "FALLA: la vigencia diligenciada con openpyxl"; fallos=$((fallos + 1))
fi
[ "$fallos" -eq 0 ] || { echo "$fallos libro(s) no abren bien" >&2; exit 1; }
echo "LibreOffice y openpyxl abren todas las salidas."
