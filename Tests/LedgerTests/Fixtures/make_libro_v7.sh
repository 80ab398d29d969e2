#!/usr/bin/env bash
# Makes libro-v7.sqlite: a ledger exactly as pai wrote it before its JSON
# columns went through Codable (commit 0616731, the last whose ledger
# schema ends at migration v7-sesiones). MigracionesTests opens a copy of it
# with the current build: the migration must bring it up to date and every
# row must read back.
#
#   PAI=/path/to/pai-built-at-0616731 Tests/LedgerTests/Fixtures/make_libro_v7.sh
#
# (git worktree add /tmp/pai-v7 0616731 && cd /tmp/pai-v7 && swift build
#  --product pai gives that binary.) Three cortes, so the history has more
# than one: March (the example inbox plus hostile files, each a different
# reading error, and a blank template), June and September of docs/ejemplo-vigencia (September
# holds the two change warnings).
set -euo pipefail
raiz=$(cd "$(dirname "$0")/../../.." && pwd)
: "${PAI:?PAI=path to a pai binary built at 0616731}"
trabajo=$(mktemp -d)
trap 'rm -rf "$trabajo"' EXIT
mkdir -p "$trabajo/marzo" "$trabajo/salida"
cp -R "$raiz/inbox/." "$trabajo/marzo/"
mkdir -p "$trabajo/marzo/hostiles"
for f in truncado cifrado csv_latin1 numero_que_no_es_numero plantilla_desconocida \
  bomba_entidades_xl_sharedStrings columna_fuera_de_la_grilla; do
  cp "$raiz/Tests/Hostil/corpus/$f.xlsx" "$trabajo/marzo/hostiles/" 2>/dev/null \
    || cp "$raiz/Tests/XLSXTests/Fixtures/$f.xlsx" "$trabajo/marzo/hostiles/"
done
export PAI_ESQUEMAS="$raiz/schemas"
# A blank template: rejected with sin-datos.
"$PAI" plantilla indicadores --salida "$trabajo/marzo/hostiles/en_blanco.xlsx" >/dev/null
"$PAI" procesar --inbox "$trabajo/marzo" --outbox "$trabajo/salida" --corte 2021-03-31 \
  --conservar >/dev/null || true
for corte in 2021-06-30 2021-09-30; do
  "$PAI" procesar --inbox "$raiz/docs/ejemplo-vigencia/$corte" --outbox "$trabajo/salida" \
    --corte "$corte" --conservar >/dev/null || true
done
sqlite3 "$trabajo/salida/pai.sqlite" 'VACUUM'
cp "$trabajo/salida/pai.sqlite" "$(dirname "$0")/libro-v7.sqlite"
sqlite3 "$(dirname "$0")/libro-v7.sqlite" \
  'SELECT corte, estado, count(*) FROM envio GROUP BY 1, 2' 
