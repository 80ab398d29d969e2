#!/usr/bin/env bash
# Opens what pai writes in LibreOffice Calc and openpyxl: the consolidated
# workbook, annotated copies of rejected submissions, and every blank
# template; then reads the notes of a copy back with openpyxl
# (scripts/verificar_notas.py). Installs libreoffice-calc and openpyxl when missing. Run by CI
# after the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null; then
  echo "Instalando LibreOffice Calc…" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc >/dev/null
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
fallos=0
for libro in "$trabajo/outbox/2021-03-31/consolidado.xlsx" \
  $(find "$trabajo/outbox" -name '*.errores.xlsx' | head -3) \
  "$trabajo"/plantillas/*.xlsx; do
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
[ "$fallos" -eq 0 ] || { echo "$fallos libro(s) no abren bien" >&2; exit 1; }
echo "LibreOffice y openpyxl abren todas las salidas."
