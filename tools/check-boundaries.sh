#!/usr/bin/env bash
# Architecture checks that a compiler does not make:
# 1. domain and infrastructure crates know nothing of the web (no axum, tower or hyper in their
#    dependency trees), as STYLE.md asks;
# 2. no public function of a domain crate takes or returns an SQL-driver type (they take
#    `openlance_storage::Tx` / `Db`);
# 3. a context's SQL touches only its own tables.
# The crate lists come from the workspace (`cargo metadata`) and the contexts from
# crates/*/migrations, so a new context is checked without editing this script.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0

# The edge (HTTP, the binary) may use the web; infrastructure crates may use SQL drivers.
EDGE="openlance-http openlance-web openlance"
INFRA="openlance-storage openlance-bus openlance-cache"

# "name dir" for every library under crates/ (tools/ are not part of the marketplace).
crates=$(cargo metadata --no-deps --format-version 1 --locked | jq -r --arg root "$PWD/crates/" '
  .packages[] | select(.manifest_path | startswith($root))
  | "\(.name) \(.manifest_path | ltrimstr($root) | rtrimstr("/Cargo.toml"))"')
[ -n "$crates" ] || { echo "FAIL: no crates found in the workspace"; exit 1; }
is_in() { case " $2 " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

domain_dirs=()
while read -r name dir; do
  is_in "$name" "$EDGE" && continue
  for web in axum tower hyper; do
    if cargo tree -q --locked -p "$name" -e normal -i "$web" >/dev/null 2>&1; then
      echo "FAIL: $name depends on $web"; fail=1
    fi
  done
  is_in "$name" "$INFRA" || domain_dirs+=("crates/$dir/src")
done <<<"$crates"

if grep -rnE '^\s*pub (async )?fn[^;{]*(sqlx::|AnyConnection|AnyPool|AnyRow|PgPool|SqlitePool)' \
    "${domain_dirs[@]}"; then
  echo "FAIL: a public domain function exposes an SQL-driver type (take openlance_storage::Tx or Db)"; fail=1
fi

# Lines of `grep -n` output (file:line:content) whose content is not a `//` comment.
not_comments() { awk '{ c = $0; sub(/^[^:]*:[0-9]+:/, "", c); if (c !~ /^[[:space:]]*\/\//) print }'; }

# Tables each context creates, then any other crate's SQL that names them. The bus owns
# the outbox and the consumer receipts; other crates go through openlance_bus for those.
tables_of() { grep -hoiE 'CREATE TABLE (IF NOT EXISTS )?[a-z_]+' "crates/$1/migrations/"*.sql | awk '{print $NF}'; }
owners=$(for m in crates/*/migrations; do [ -d "$m" ] && basename "$(dirname "$m")"; done)
others=$(while read -r name dir; do is_in "$name" "$EDGE $INFRA" || echo "$dir"; done <<<"$crates")
for owner in $owners; do
  for table in $(tables_of "$owner"); do
    for other in $others; do
      [ "$other" = "$owner" ] && continue
      [ "$owner" = bus ] && [ "$table" != outbox ] && [ "$table" != consumed_events ] && continue
      hits=$(grep -rnE "(FROM|INTO|UPDATE|JOIN)\s+$table\b" "crates/$other/src" | not_comments || true)
      if [ -n "$hits" ]; then
        echo "$hits"
        if [ "$owner" = bus ]; then
          echo "FAIL: $other writes the outbox's table $table directly (use openlance_bus::outbox)"; fail=1
        else
          echo "FAIL: $other reads or writes $owner's table $table"; fail=1
        fi
      fi
    done
  done
done

[ "$fail" = 0 ] && echo "context boundaries hold"
exit "$fail"
