#!/usr/bin/env bash
# The main job on the example inbox, from a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/dependencias.sh
swift build -c release --product pai
pai=.build/release/pai
estado=0
find inbox -type f -name '*.xlsx' ! -name '~$*' ! -name '.*' | sort | while read -r libro; do
  "$pai" leer "$libro" || estado=$?
done
exit $estado
