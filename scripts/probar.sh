#!/usr/bin/env bash
# The whole test suite, from a fresh clone: dependencies, the format
# check (`swift format lint --strict`, the configuration in .swift-format),
# build, `swift test`, then the check that LibreOffice Calc and openpyxl open what pai
# writes (it installs libreoffice-calc and openpyxl when they are missing),
# the installation into a temporary prefix, and the portal in a real
# browser and under schemathesis (it installs chromium, chromium-driver,
# selenium and schemathesis when they are missing). Each step is timed.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/dependencias.sh
paso() {
  local inicio=$SECONDS
  "$@"
  echo "— $* tomó $((SECONDS - inicio)) s" >&2
}
paso swift format lint --strict --recursive Sources Tests
paso swift build --build-tests
paso swift test --skip-build
paso ./scripts/verificar_salidas.sh
paso ./scripts/probar_instalacion.sh
paso ./scripts/probar_navegador.sh
