#!/usr/bin/env bash
# The whole test suite, from a fresh clone: dependencies, build, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/dependencias.sh
swift build --build-tests
swift test --skip-build
