#!/usr/bin/env bash
# Fuzzes the XLSX reader with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh [SECONDS] [JOBS]     (defaults: 600 s, 1 job)
#
# Seeds: every fixture workbook plus raw sheet/sharedStrings/styles parts
# wrapped in minimal packages (Tests/Fuzz/semillas). Crashes, leaks and
# timeouts land in Tests/Fuzz/hallazgos/; copy each into Tests/Fuzz/corpus/
# once fixed, where `pai-fuzz` replays it in the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
segundos=${1:-600}
trabajos=${2:-1}
./scripts/dependencias.sh
swift build --product pai-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library
binario=.build-fuzz/debug/pai-fuzz
trabajo=$(mktemp -d)
mkdir -p Tests/Fuzz/hallazgos "$trabajo/corpus"
cp Tests/XLSXTests/Fixtures/*.xlsx "$trabajo/corpus/"
[ -d Tests/Fuzz/semillas ] && cp Tests/Fuzz/semillas/* "$trabajo/corpus/" 2>/dev/null || true
[ -d Tests/Fuzz/corpus ] && cp Tests/Fuzz/corpus/* "$trabajo/corpus/" 2>/dev/null || true
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  "$binario" "$trabajo/corpus" -max_total_time="$segundos" -jobs="$trabajos" -workers="$trabajos" \
  -timeout=10 -rss_limit_mb=2048 -max_len=1048576 -dict=Tests/Fuzz/xlsx.dict \
  -artifact_prefix=Tests/Fuzz/hallazgos/ -print_final_stats=1 2>&1 | tee "$trabajo/registro.txt" | tail -40
echo "Registro completo: $trabajo/registro.txt"
