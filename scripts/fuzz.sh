#!/usr/bin/env bash
# Fuzzes pai with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh [SECONDS] [JOBS] [OBJETIVO]   (defaults: 600 s, 1 job, lector)
#
# OBJETIVO: lector (the XLSX reader), anotador (WorkbookAnnotator on hostile
# workbooks with findings at arbitrary cells; the copy must read back) or
# validador (a whole workbook through the schemas).
# Seeds: every fixture workbook, the raw parts wrapped in minimal packages
# (Tests/Fuzz/semillas), the example inbox and the target's committed
# corpus. Crashes, leaks and timeouts land in Tests/Fuzz/hallazgos/; the
# corpus the run grew is merged (minimised) into Tests/Fuzz/corpus/OBJETIVO,
# which `swift test` replays.
set -euo pipefail
cd "$(dirname "$0")/.."
segundos=${1:-600}
trabajos=${2:-1}
objetivo=${3:-lector}
case "$objetivo" in lector|anotador|validador) ;; *) echo "OBJETIVO: lector, anotador o validador" >&2; exit 64;; esac
./scripts/dependencias.sh
swift build --product pai-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library
binario=.build-fuzz/debug/pai-fuzz
trabajo=$(mktemp -d)
mkdir -p Tests/Fuzz/hallazgos "$trabajo/corpus" "Tests/Fuzz/corpus/$objetivo"
cp Tests/XLSXTests/Fixtures/*.xlsx "$trabajo/corpus/"
cp Tests/Fuzz/semillas/* "$trabajo/corpus/" 2>/dev/null || true
find inbox -name '*.xlsx' -exec cp {} "$trabajo/corpus/" \; 2>/dev/null || true
cp "Tests/Fuzz/corpus/$objetivo"/* "$trabajo/corpus/" 2>/dev/null || true
export PAI_FUZZ_OBJETIVO="$objetivo" PAI_ESQUEMAS="$PWD/schemas"
# One job runs in this process (its figures on this output); several fork
# workers that log to fuzz-N.log in the work folder.
paralelo=()
[ "$trabajos" -gt 1 ] && paralelo=(-jobs="$trabajos" -workers="$trabajos")
binario=$PWD/$binario
raiz=$PWD
(cd "$trabajo" && ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  "$binario" "$trabajo/corpus" -max_total_time="$segundos" "${paralelo[@]}" \
  -timeout=10 -rss_limit_mb=2048 -max_len=1048576 -dict="$raiz/Tests/Fuzz/xlsx.dict" \
  -artifact_prefix="$raiz/Tests/Fuzz/hallazgos/" -print_final_stats=1) 2>&1 | tee "$trabajo/registro.txt" | tail -40 \
  || echo "El fuzzer terminó con un hallazgo o fue interrumpido: vea Tests/Fuzz/hallazgos/ y el registro."
# Keep only the inputs that add coverage, small enough to commit.
ASAN_OPTIONS=detect_leaks=0 "$binario" -merge=1 -max_len=262144 \
  "Tests/Fuzz/corpus/$objetivo" "$trabajo/corpus" >/dev/null 2>&1 || true
echo "Corpus de $objetivo: $(ls "Tests/Fuzz/corpus/$objetivo" | wc -l) archivos"
echo "Registro completo: $trabajo/registro.txt"
