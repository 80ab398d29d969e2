#!/usr/bin/env bash
# Installs pai for a server or a desk: the program in PREFIX/bin/pai, the
# schemas in PREFIX/share/pai/schemas (where the program finds them by
# itself, from any folder) and the API's description in
# PREFIX/share/pai/docs/openapi.yaml (served by `pai servir`). Running it
# again replaces what it installed, nothing else; schema files that are no
# longer in the repository go away.
#
#   scripts/instalar.sh [PREFIX] [--binario FILE]
#
#   PREFIX     where to install (/usr/local)
#   --binario  install this program instead of building the release one
#
# Without --binario it builds `swift build -c release --static-swift-stdlib
# --product pai` first, as the user who called sudo when run with sudo (the
# Swift runtime and Foundation linked in: the installed program needs no
# Swift toolchain). PREFIX must be writable: for /usr/local, use sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

uso() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }
prefijo=""
binario=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binario) binario="${2:?}"; shift 2 ;;
    -h|--help) uso ;;
    -*) echo "Opción desconocida: $1" >&2; uso ;;
    *) [ -z "$prefijo" ] || uso; prefijo="$1"; shift ;;
  esac
done
prefijo="${prefijo:-/usr/local}"

if [ -z "$binario" ]; then
  ./scripts/dependencias.sh
  if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ]; then
    # Under sudo: build as the user, so .build/ stays theirs.
    sudo -u "$SUDO_USER" env "PATH=$PATH" swift build -c release --static-swift-stdlib --product pai
  else
    swift build -c release --static-swift-stdlib --product pai
  fi
  binario=".build/release/pai"
fi
[ -x "$binario" ] || { echo "No existe el programa «$binario»." >&2; exit 66; }
mkdir -p "$prefijo" 2>/dev/null || true
if [ ! -w "$prefijo" ]; then
  echo "No se puede escribir en «$prefijo»: ejecute el script con sudo o elija otra carpeta." >&2
  exit 73
fi

compartido="$prefijo/share/pai"
install -d -m 0755 "$prefijo/bin" "$compartido/docs"
# A new file renamed over the old one: a running pai keeps its copy.
install -m 0755 "$binario" "$prefijo/bin/.pai.nuevo"
mv -f "$prefijo/bin/.pai.nuevo" "$prefijo/bin/pai"
# The schemas: a fresh copy beside the old one, then swapped.
rm -rf "$compartido/.schemas.nuevo" "$compartido/.schemas.viejo"
cp -R schemas "$compartido/.schemas.nuevo"
find "$compartido/.schemas.nuevo" -type d -exec chmod 0755 {} +
find "$compartido/.schemas.nuevo" -type f -exec chmod 0644 {} +
[ -d "$compartido/schemas" ] && mv "$compartido/schemas" "$compartido/.schemas.viejo"
mv "$compartido/.schemas.nuevo" "$compartido/schemas"
rm -rf "$compartido/.schemas.viejo"
install -m 0644 docs/openapi.yaml "$compartido/docs/openapi.yaml"

version="$("$prefijo/bin/pai" --version 2>&1)" || {
  echo "El programa instalado no arranca: $version" >&2
  echo "Revise con «ldd $prefijo/bin/pai» qué biblioteca falta (libzip, libxml2 o las de Swift)." >&2
  exit 1
}
echo "Instalado $version en $prefijo/bin/pai; esquemas en $compartido/schemas."
