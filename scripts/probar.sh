#!/usr/bin/env bash
# The whole test suite, from a fresh clone: dependencies, build, `swift
# test`, then the check that LibreOffice Calc and openpyxl open what pai
# writes (it installs libreoffice-calc and openpyxl when they are missing).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/dependencias.sh
swift build --build-tests
swift test --skip-build
./scripts/verificar_salidas.sh
