#!/usr/bin/env bash
# Times `pai procesar` end to end on N small workbooks (default 1000): the
# example inbox multiplied by scripts/multiplicar_bandeja.py (copies sent by
# other offices, codes changed so every copy is accepted), processed into an
# empty outbox; then a second run on the same outbox (nothing new: it only
# rewrites the corte from the ledger), `pai estado`, and a first run without
# `--corte` into another outbox. Not part of
# `swift test`; needs python3 for the generator.
#
#   scripts/medir_buzon.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
./scripts/dependencias.sh
swift build -c release --product pai >/dev/null
trabajo="$(mktemp -d)"
trap 'rm -rf "$trabajo"' EXIT
python3 scripts/multiplicar_bandeja.py --n "$n" inbox "$trabajo/inbox" >/dev/null
medir() {
  local etiqueta="$1"; shift
  local inicio fin
  inicio=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$trabajo/tiempo" "$@" >/dev/null 2>"$trabajo/errores" || true
  fin=$(date +%s.%N)
  read -r usuario sistema memoria <"$trabajo/tiempo"
  printf '%-34s %6.2f s reales  %6.2f s de CPU  %4d MB de memoria\n' "$etiqueta" \
    "$(echo "$fin - $inicio" | bc)" "$(echo "$usuario + $sistema" | bc)" "$((memoria / 1024))"
}
echo "$n libros pequeños, $(nproc) núcleos, carga $(cut -d' ' -f1-3 /proc/loadavg)"
medir "procesar (todo nuevo)" .build/release/pai procesar --inbox "$trabajo/inbox" \
  --outbox "$trabajo/outbox" --corte 2021-03-31 --silencioso
python3 - "$trabajo/outbox/2021-03-31/consolidado.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))["envios"]
print("  envíos: %d recibidos, %d aceptados, %d rechazados" % (e["recibidos"], e["aceptados"], e["rechazados"]))
PY
medir "procesar otra vez (nada nuevo)" .build/release/pai procesar --inbox "$trabajo/inbox" \
  --outbox "$trabajo/outbox" --corte 2021-03-31 --silencioso
medir "estado" .build/release/pai estado --outbox "$trabajo/outbox"
# Without --corte each new file's declared corte is read first (the
# project form only), then the files are validated once. The first run
# moved the inbox's files away, so this one gets a new copy.
python3 scripts/multiplicar_bandeja.py --n "$n" inbox "$trabajo/inbox-otra" >/dev/null
medir "procesar sin --corte (todo nuevo)" .build/release/pai procesar --inbox "$trabajo/inbox-otra" \
  --outbox "$trabajo/outbox-sin-corte" --silencioso
