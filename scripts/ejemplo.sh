#!/usr/bin/env bash
# The main job on the example inbox, from a fresh clone: dependencies,
# release build, then `pai procesar` on inbox/ into outbox/. With
# --conservar: the example workbooks are copied into outbox/, not moved out
# of inbox/, so the committed example stays and the script can run again
# (a second run finds nothing new and writes the same outbox/).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/dependencias.sh
swift build -c release --product pai
exec .build/release/pai procesar --inbox inbox --outbox outbox --conservar "$@"
