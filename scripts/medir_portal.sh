#!/usr/bin/env bash
# Load benchmark of `pai servir` (not part of the test suite): builds the
# release binary and runs scripts/medir_portal.py, 15 offices × 20 uploads
# at once on loopback, with its checks (nothing lost or counted twice, the
# same figures as `pai procesar`) and its figures (latency p50/p95,
# uploads per second).
#
#   scripts/medir_portal.sh [--dependencias 15] [--envios 20] [--en-vuelo 1]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/dependencias.sh
python3 -c "import openpyxl" 2>/dev/null || pip install -q openpyxl
swift build -c release --static-swift-stdlib --product pai >/dev/null
inicio=$SECONDS
python3 scripts/medir_portal.py --pai .build/release/pai "$@"
echo "La medición tomó $((SECONDS - inicio)) s."
