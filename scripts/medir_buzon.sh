#!/usr/bin/env bash
# Times `pai procesar` end to end on N small workbooks (default 1000): the
# example inbox multiplied by scripts/multiplicar_bandeja.py (copies sent by
# other offices, codes changed so every copy is accepted), processed into an
# empty outbox; then a second run on the same outbox (nothing new: it only
# rewrites the corte from the ledger), `pai estado`, and a first run without
# `--corte` into another outbox.
#
# Then issue 13's goals, side by side in the same run, against
# python-calamine merely reading every cell of the same files in one
# process (each side timed as a whole process, interpreter start included):
# `pai procesar` and `pai validar` on the N workbooks, `pai validar` on one
# ordinary workbook, on one 20,000-row indicators workbook
# (scripts/generar_indicadores.py), and the reader (`pai-bench`, 100k and
# 1M rows, calamine timed by pai-bench itself). It ends with a Markdown
# table for README. Release builds. Not part of `swift test`; needs python3
# with openpyxl and python-calamine (`pip install python-calamine`).
#
#   scripts/medir_buzon.sh [N]
#   PAI_MEDIR_SIN_BENCH=1 scripts/medir_buzon.sh   # without the 1M-row reads
#   PAI_BINARIOS=DIR scripts/medir_buzon.sh        # pai and pai-bench from DIR
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
./scripts/dependencias.sh
# PAI_BINARIOS: a folder with release builds of pai and pai-bench already
# made (e.g. `swift build -c release --static-swift-stdlib --scratch-path DIR`:
# DIR/release).
if [[ -z "${PAI_BINARIOS:-}" ]]; then
  # As ejemplo.sh and instalar.sh build what offices run.
  swift build -c release --static-swift-stdlib --product pai >/dev/null
  swift build -c release --static-swift-stdlib --product pai-bench >/dev/null
fi
bin="$(cd "${PAI_BINARIOS:-.build/release}" && pwd)"
python3 -c 'import python_calamine' 2>/dev/null || {
  echo "Falta python-calamine: pip install python-calamine" >&2
  exit 1
}
pai="$bin/pai"
trabajo="$(mktemp -d)"
trap 'rm -rf "$trabajo"' EXIT
python3 scripts/multiplicar_bandeja.py --n "$n" inbox "$trabajo/original" >/dev/null
cp -a "$trabajo/original" "$trabajo/inbox"

# medir ETIQUETA COMANDO…: one line of figures; leaves the wall and CPU
# seconds in $real and $cpu.
real=0
cpu=0
medir() {
  local etiqueta="$1"; shift
  local inicio fin
  inicio=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$trabajo/tiempo" "$@" >/dev/null 2>"$trabajo/errores" || true
  fin=$(date +%s.%N)
  read -r usuario sistema memoria <"$trabajo/tiempo"
  real=$(echo "$fin - $inicio" | bc)
  cpu=$(echo "$usuario + $sistema" | bc)
  printf '%-44s %7.3f s reales  %7.3f s de CPU  %4d MB de memoria\n' "$etiqueta" \
    "$real" "$cpu" "$((memoria / 1024))"
}

# calamine reading every cell of the files listed in $1, in one process.
cat >"$trabajo/calamine.py" <<'PY'
import sys
from python_calamine import CalamineWorkbook
celdas = 0
for ruta in open(sys.argv[1]).read().splitlines():
    wb = CalamineWorkbook.from_path(ruta)
    for nombre in wb.sheet_names:
        for fila in wb.get_sheet_by_name(nombre).to_python():
            celdas += sum(1 for v in fila if v != "")
print(celdas)
PY

echo "$n libros pequeños, $(nproc) núcleos, carga $(cut -d' ' -f1-3 /proc/loadavg)"
medir "procesar (todo nuevo)" "$pai" procesar --inbox "$trabajo/inbox" \
  --outbox "$trabajo/outbox" --corte 2021-03-31 --silencioso
procesar_real=$real procesar_cpu=$cpu
python3 - "$trabajo/outbox/2021-03-31/consolidado.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))["envios"]
print("  envíos: %d recibidos, %d aceptados, %d rechazados" % (e["recibidos"], e["aceptados"], e["rechazados"]))
PY
medir "procesar otra vez (nada nuevo)" "$pai" procesar --inbox "$trabajo/inbox" \
  --outbox "$trabajo/outbox" --corte 2021-03-31 --silencioso
medir "estado" "$pai" estado --outbox "$trabajo/outbox"
# Without --corte each new file's declared corte is read first (the
# project form only), then the files are validated once. The first run
# moved the inbox's files away, so this one gets a new copy.
cp -a "$trabajo/original" "$trabajo/inbox-otra"
medir "procesar sin --corte (todo nuevo)" "$pai" procesar --inbox "$trabajo/inbox-otra" \
  --outbox "$trabajo/outbox-sin-corte" --silencioso

find "$trabajo/original" -name '*.xlsx' | sort >"$trabajo/lista"
mapfile -t libros <"$trabajo/lista"
medir "validar los $n (--corte)" "$pai" validar --corte 2021-03-31 "${libros[@]}"
validar_real=$real validar_cpu=$cpu
PAI_TRABAJADORES=1 medir "validar los $n, un solo hilo" "$pai" validar --corte 2021-03-31 "${libros[@]}"
validar1_real=$real
medir "calamine: leer cada celda de los $n" python3 "$trabajo/calamine.py" "$trabajo/lista"
calamine_real=$real calamine_cpu=$cpu

# One ordinary workbook: the example's project form, the largest template
# (five sheets); the median of eleven runs (a few milliseconds of noise
# from anything else on the machine move a single run across the goal).
uno="inbox/oficina-tic/Proyecto 7872 - seguimiento marzo.xlsx"
tiempos=()
for _ in $(seq 11); do
  medir "validar un libro ordinario" "$pai" validar --corte 2021-03-31 "$uno"
  tiempos+=("$real")
done
uno_real=$(printf '%s\n' "${tiempos[@]}" | sort -n | sed -n 6p)
echo "  mediana: $uno_real s"

python3 scripts/generar_indicadores.py --filas 20000 "$trabajo/indicadores.xlsx"
echo "$trabajo/indicadores.xlsx" >"$trabajo/lista-grande"
medir "validar 20.000 indicadores" "$pai" validar --corte 2021-03-31 "$trabajo/indicadores.xlsx"
grande_real=$real grande_cpu=$cpu
medir "calamine: leer cada celda de ese libro" python3 "$trabajo/calamine.py" "$trabajo/lista-grande"
grande_cal_real=$real grande_cal_cpu=$cpu
echo "  celdas: $(python3 "$trabajo/calamine.py" "$trabajo/lista-grande")"

lectura=()
if [[ -z "${PAI_MEDIR_SIN_BENCH:-}" ]]; then
  PAI_BENCH_SIN_OPENPYXL=1 "$bin/pai-bench" 100000 1000000 | tee "$trabajo/bench"
  # «tiempo de pai ÷ tiempo de: python-calamine 0.33×», one per workbook.
  mapfile -t lectura < <(grep -o 'python-calamine [0-9.]*×' "$trabajo/bench" | grep -o '[0-9.]*')
fi

razon() { echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; }
cumple() { if (($(echo "$1 <= $2" | bc))); then echo "yes"; else echo "no"; fi; }
f() { printf '%.2f' "$1"; }
echo
echo "$(date -u +%F), $(nproc) núcleos ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), carga al final $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| measure | pai (wall, CPU) | python-calamine (wall, CPU) | pai ÷ calamine | goal | met |"
echo "|---|---|---|---|---|---|"
r=$(razon "$procesar_real" "$calamine_real")
echo "| \`pai procesar\`, $n workbooks, end to end | $(f "$procesar_real") s, $(f "$procesar_cpu") s | $(f "$calamine_real") s, $(f "$calamine_cpu") s | $r | ≤ 4 | $(cumple "$r" 4) |"
r=$(razon "$validar_real" "$calamine_real")
echo "| \`pai validar\`, the same $n | $(f "$validar_real") s, $(f "$validar_cpu") s (one worker: $(f "$validar1_real") s) | $(f "$calamine_real") s, $(f "$calamine_cpu") s | $r | ≤ 2 | $(cumple "$r" 2) |"
ms=$(echo "$uno_real * 1000 / 1" | bc)
echo "| \`pai validar\`, one ordinary workbook (median of 11) | $ms ms | | | ≤ 30 ms | $(cumple "$ms" 30) |"
r=$(razon "$grande_real" "$grande_cal_real")
echo "| \`pai validar\`, one 20,000-row indicators workbook | $(f "$grande_real") s, $(f "$grande_cpu") s | $(f "$grande_cal_real") s, $(f "$grande_cal_cpu") s | $r | ≤ 2 | $(cumple "$r" 2) |"
etiquetas=("reading 100k rows, shared strings" "reading 100k rows, inline strings" "reading 1M rows, shared strings" "reading 1M rows, inline strings")
for i in "${!lectura[@]}"; do
  echo "| ${etiquetas[$i]} (\`pai-bench\`) | | | ${lectura[$i]} | ≤ 0.5 | $(cumple "${lectura[$i]}" 0.5) |"
done
