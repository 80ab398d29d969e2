#!/usr/bin/env bash
# The main job on the example inbox, from a fresh clone: dependencies,
# release build, then `pai procesar` on inbox/ into outbox/. With
# --conservar: the example workbooks are copied into outbox/, not moved out
# of inbox/, so the committed example stays and the script can run again
# (a second run finds nothing new and writes the same outbox/).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/dependencias.sh
# The Swift runtime and Foundation linked in (--static-swift-stdlib): a
# one-file `pai validar` starts in about 22 ms instead of 29 (loading them
# as shared objects costs more than the validation), and the binary runs
# where the toolchain is not installed.
swift build -c release --static-swift-stdlib --product pai
exec .build/release/pai procesar --inbox inbox --outbox outbox --conservar "$@"
