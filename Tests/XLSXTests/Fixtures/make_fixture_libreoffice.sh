#!/usr/bin/env bash
# libreoffice_basico.xlsx: openpyxl_basico.xlsx opened and saved again by
# LibreOffice Calc (Debian's libreoffice-calc), so the reader is tested on
# what Calc writes: it computes E2's formula, writes TRUE as a formula, and
# turns the very hidden sheet into a hidden one.
set -euo pipefail
cd "$(dirname "$0")"
trabajo=$(mktemp -d)
trap 'rm -rf "$trabajo"' EXIT
soffice --headless --norestore "-env:UserInstallation=file://$trabajo/perfil" \
  --convert-to "xlsx:Calc MS Excel 2007 XML" --outdir "$trabajo/out" openpyxl_basico.xlsx >/dev/null
cp "$trabajo/out/openpyxl_basico.xlsx" libreoffice_basico.xlsx
