#!/usr/bin/env bash
# The portal end to end against a real `pai servir` on a free loopback
# port: a real browser (headless Chromium through selenium,
# scripts/navegador.py) walks an office's and the planning office's steps
# and leaves a screenshot of each in docs/; then schemathesis checks the
# JSON API against docs/openapi.yaml (no 5xx, every answer as documented).
# Run by scripts/probar.sh, so by CI.
#
#   scripts/probar_navegador.sh [--capturas DIR] [--sin-navegador] [--sin-schemathesis]
#
# Installs what is missing: chromium, chromium-driver and chromium-l10n (apt-get, with
# sudo when not root; only for the browser part), selenium, openpyxl and
# schemathesis (pip). Uses .build/debug/pai (PAI_BINARIO to use another).
set -euo pipefail
cd "$(dirname "$0")/.."

capturas=docs
navegador=1
schemathesis=1
while [ $# -gt 0 ]; do
  case "$1" in
    --capturas) capturas="${2:?}"; shift 2 ;;
    --sin-navegador) navegador=0; shift ;;
    --sin-schemathesis) schemathesis=0; shift ;;
    *) echo "Opción desconocida: $1" >&2; sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
  esac
done

inicio_total=$SECONDS
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ "$navegador" -eq 1 ]; then
  faltan=()
  command -v chromium >/dev/null || faltan+=(chromium)
  command -v chromedriver >/dev/null || faltan+=(chromium-driver)
  # The browser's own words in Spanish in the screenshots.
  [ -f /usr/lib/chromium/locales/es.pak ] || faltan+=(chromium-l10n)
  if [ ${#faltan[@]} -gt 0 ]; then
    echo "Instalando ${faltan[*]}…" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${faltan[@]}" >/dev/null
  fi
fi
python3 -c "import openpyxl" 2>/dev/null || pip install -q openpyxl
if [ "$navegador" -eq 1 ]; then
  python3 -c "import selenium" 2>/dev/null || pip install -q "selenium>=4.10,<5"
fi
if [ "$schemathesis" -eq 1 ]; then
  command -v schemathesis >/dev/null || pip install -q "schemathesis>=4,<5"
fi

if [ -z "${PAI_BINARIO:-}" ]; then
  swift build --product pai >/dev/null
  PAI_BINARIO=.build/debug/pai
fi
pai="$(cd "$(dirname "$PAI_BINARIO")" && pwd)/$(basename "$PAI_BINARIO")"

trabajo="$(mktemp -d)"
servidor=""
detener() {
  if [ -n "$servidor" ] && kill -0 "$servidor" 2>/dev/null; then
    kill -TERM "$servidor" 2>/dev/null || true
    wait "$servidor" 2>/dev/null || true
  fi
  rm -rf "$trabajo"
}
trap detener EXIT

# The example corte already received, as the portal finds it on a normal day.
cp -r inbox "$trabajo/inbox"
estado=0
"$pai" procesar --inbox "$trabajo/inbox" --outbox "$trabajo/outbox" --corte 2021-03-31 --silencioso \
  >/dev/null 2>"$trabajo/procesar.txt" || estado=$?
if [ "$estado" -gt 2 ]; then
  cat "$trabajo/procesar.txt" >&2
  echo "FALLA: pai procesar sobre la bandeja de ejemplo salió con $estado" >&2
  exit 1
fi
clave() { "$pai" acceso crear "$@" --outbox "$trabajo/outbox" | tail -n 1; }
PAI_CLAVE_OFICINA="$(clave --dependencia oficina-tic)"
PAI_CLAVE_OTRA="$(clave --dependencia servicio-ciudadania)"
PAI_CLAVE_PLANEACION="$(clave --planeacion --nombre "Prueba del navegador")"
export PAI_CLAVE_OFICINA PAI_CLAVE_OTRA PAI_CLAVE_PLANEACION

puerto="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$puerto"
"$pai" servir --inbox "$trabajo/inbox" --outbox "$trabajo/outbox" --corte 2021-03-31 \
  --direccion 127.0.0.1 --puerto "$puerto" >"$trabajo/portal.log" 2>&1 &
servidor=$!

# Poll the document that needs no key until it answers (at most 60 s).
if ! python3 - "$url/api/v1/openapi.yaml" "$servidor" <<'PY'
import os, sys, time, urllib.request
url, pid = sys.argv[1], int(sys.argv[2])
fin = time.monotonic() + 60
while time.monotonic() < fin:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("el portal terminó antes de responder")
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.1)
sys.exit("el portal no respondió en 60 s")
PY
then
  cat "$trabajo/portal.log" >&2
  echo "FALLA: el portal no arrancó en $url" >&2
  exit 1
fi
echo "Portal en $url (proceso $servidor)."

fallos=0
if [ "$navegador" -eq 1 ]; then
  inicio=$SECONDS
  if python3 scripts/navegador.py --url "$url" --trabajo "$trabajo/navegador" --capturas "$capturas" \
    --libro "inbox/oficina-tic/Indicadores TIC - marzo 2021.xlsx"; then
    echo "bien: el navegador ($((SECONDS - inicio)) s)"
  else
    echo "FALLA: el navegador (registro del portal: abajo)" >&2
    tail -n 40 "$trabajo/portal.log" >&2
    fallos=$((fallos + 1))
  fi
fi

if [ "$schemathesis" -eq 1 ]; then
  inicio=$SECONDS
  # With the planning key (it may do everything an office may, and more);
  # bounded examples so that it takes a couple of minutes on two cores.
  # From the work folder: schemathesis leaves its .schemathesis/ cache there.
  if (cd "$trabajo" && schemathesis run "$url/api/v1/openapi.yaml" \
    --header "Authorization: Bearer $PAI_CLAVE_PLANEACION" \
    --checks not_a_server_error,response_schema_conformance \
    --max-examples "${PAI_SCHEMATHESIS_EJEMPLOS:-20}" --seed 14 --workers 1 \
    --request-timeout 60 --no-color --output-sanitize true \
    --report junit --report-dir "$trabajo/schemathesis") >"$trabajo/schemathesis.txt" 2>&1; then
    tail -n 12 "$trabajo/schemathesis.txt"
    echo "bien: schemathesis ($((SECONDS - inicio)) s)"
  else
    cat "$trabajo/schemathesis.txt" >&2
    echo "FALLA: schemathesis encontró respuestas que no cumplen docs/openapi.yaml" >&2
    fallos=$((fallos + 1))
  fi
fi

# SIGTERM: the portal finishes what it holds, writes the corte and stops.
kill -TERM "$servidor"
estado=0
wait "$servidor" || estado=$?
servidor=""
if [ "$estado" -ne 0 ] || ! grep -q "Detenido" "$trabajo/portal.log"; then
  tail -n 40 "$trabajo/portal.log" >&2
  echo "FALLA: el portal no se detuvo limpio con SIGTERM (salió con $estado)" >&2
  fallos=$((fallos + 1))
fi
if grep -qF -e "$PAI_CLAVE_OFICINA" -e "$PAI_CLAVE_OTRA" -e "$PAI_CLAVE_PLANEACION" "$trabajo/portal.log"; then
  echo "FALLA: una clave quedó en el registro del portal" >&2
  fallos=$((fallos + 1))
fi
[ "$fallos" -eq 0 ] || { echo "$fallos parte(s) de la prueba del portal fallaron" >&2; exit 1; }
echo "El portal pasó la prueba en $((SECONDS - inicio_total)) s."
