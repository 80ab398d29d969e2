#!/usr/bin/env bash
# Installs pai into a temporary prefix with scripts/instalar.sh (twice: the
# second run must leave the same files, minus one it did not install) and
# runs the installed program from another folder: `pai --version`,
# `pai validar` on an example workbook, `pai plantilla` and `pai servir`
# (its /api/v1/openapi.yaml), with no schemas folder in sight. Run by scripts/probar.sh. Installs the debug
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
# The installed portal serves its API's description from share/pai/docs.
mkdir -p bandeja
puerto="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
env -u PAI_ESQUEMAS "$prefijo/bin/pai" servir --inbox bandeja --outbox salida --corte 2021-03-31 \
  --puerto "$puerto" >"$trabajo/portal.log" 2>&1 &
servidor=$!
if ! python3 - "http://127.0.0.1:$puerto/api/v1/openapi.yaml" <<'PY'
import sys, time, urllib.request
fin = time.monotonic() + 60
while time.monotonic() < fin:
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
            sys.exit(0 if r.read().startswith(b"openapi: 3") else 1)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY
then
  kill -TERM "$servidor" 2>/dev/null || true
  cat "$trabajo/portal.log" >&2
  falla "el portal instalado no sirve /api/v1/openapi.yaml"
fi
kill -TERM "$servidor"
wait "$servidor" || falla "el portal instalado no se detuvo limpio con SIGTERM"
cd "$raiz"
echo "bien: instalar.sh en un prefijo temporal; el programa instalado valida, escribe plantillas y sirve el portal desde otra carpeta"
