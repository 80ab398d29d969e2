#!/usr/bin/env bash
# Installs the C libraries pai builds against, only when they are missing.
set -euo pipefail
faltan=()
pkg-config --exists libzip 2>/dev/null || faltan+=(libzip-dev)
pkg-config --exists libxml-2.0 2>/dev/null || faltan+=(libxml2-dev)
command -v pkg-config >/dev/null || faltan+=(pkg-config)
if [ ${#faltan[@]} -gt 0 ]; then
  echo "Instalando ${faltan[*]}…" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${faltan[@]}" >/dev/null
fi
