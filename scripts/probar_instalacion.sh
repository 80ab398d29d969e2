#!/usr/bin/env bash
# Installs pai into a temporary prefix with scripts/instalar.sh (twice: the
# second run must leave the same files, minus one it did not install) and
# runs the installed program from another folder: `pai --version`,
# `pai validar` on an example workbook and `pai plantilla`, with no
# schemas folder in sight. Run by scripts/probar.sh. Installs the debug
# build (PAI_BINARIO to use another) so that CI builds once.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PAI_BINARIO:-}" ]; then
  swift build --product pai >/dev/null
  PAI_BINARIO=.build/debug/pai
fi
raiz="$(pwd)"
trabajo="$(mktemp -d)"
trap 'rm -rf "$trabajo"' EXIT
prefijo="$trabajo/prefijo con espacio"
falla() { echo "FALLA: $*" >&2; exit 1; }

./scripts/instalar.sh "$prefijo" --binario "$PAI_BINARIO" >/dev/null
[ -x "$prefijo/bin/pai" ] || falla "no quedó $prefijo/bin/pai"
[ -f "$prefijo/share/pai/schemas/pai.json" ] || falla "no quedaron los esquemas en share/pai/schemas"
[ -f "$prefijo/share/pai/docs/openapi.yaml" ] || falla "no quedó share/pai/docs/openapi.yaml"
(cd "$prefijo" && find . | sort) >"$trabajo/antes.txt"
touch "$prefijo/share/pai/schemas/sobrante.json"
./scripts/instalar.sh "$prefijo" --binario "$PAI_BINARIO" >/dev/null
(cd "$prefijo" && find . | sort) >"$trabajo/despues.txt"
diff "$trabajo/antes.txt" "$trabajo/despues.txt" >&2 || falla "instalar dos veces no deja lo mismo"

otra="$trabajo/otra carpeta"
mkdir -p "$otra"
cp "inbox/oficina-tic/Indicadores TIC - marzo 2021.xlsx" "$otra/indicadores.xlsx"
cd "$otra"
env -u PAI_ESQUEMAS "$prefijo/bin/pai" --version | grep -q '^pai ' || falla "pai --version"
estado=0
env -u PAI_ESQUEMAS "$prefijo/bin/pai" validar indicadores.xlsx --corte 2021-03-31 >"$trabajo/validar.txt" 2>&1 || estado=$?
[ "$estado" -eq 0 ] || { cat "$trabajo/validar.txt" >&2; falla "pai validar desde otra carpeta salió con $estado"; }
env -u PAI_ESQUEMAS "$prefijo/bin/pai" plantilla indicadores --salida plantilla.xlsx >/dev/null 2>&1 \
  || falla "pai plantilla desde otra carpeta"
[ -s plantilla.xlsx ] || falla "pai plantilla no escribió el libro"
cd "$raiz"
echo "bien: instalar.sh en un prefijo temporal; el programa instalado valida y escribe plantillas desde otra carpeta"
