#!/usr/bin/env bash
# Architecture checks that a compiler does not make:
# 1. domain and infrastructure crates know nothing of the web (no axum, tower or hyper in their
#    dependency trees), as STYLE.md asks;
# 2. no public function of a domain crate takes or returns an SQL-driver type (they take
#    `openlance_storage::Tx` / `Db`);
# 3. a context's SQL touches only its own tables.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0

for crate in openlance-core openlance-storage openlance-bus openlance-cache openlance-accounts openlance-payments openlance-notifications; do
  for web in axum tower hyper; do
    if cargo tree -q --locked -p "$crate" -e normal -i "$web" >/dev/null 2>&1; then
      echo "FAIL: $crate depends on $web"; fail=1
    fi
  done
done

if grep -rnE '^\s*pub (async )?fn[^;{]*(sqlx::|AnyConnection|AnyPool|AnyRow|PgPool|SqlitePool)' \
    crates/core/src crates/accounts/src crates/payments/src crates/notifications/src; then
  echo "FAIL: a public domain function exposes an SQL-driver type (take openlance_storage::Tx or Db)"; fail=1
fi

# Tables each context creates, then any other context's SQL that names them.
tables_of() { grep -hoiE 'CREATE TABLE (IF NOT EXISTS )?[a-z_]+' "crates/$1/migrations/"*.sql | awk '{print $NF}'; }
for owner in accounts payments bus; do
  for table in $(tables_of "$owner"); do
    for other in accounts payments notifications; do
      [ "$other" = "$owner" ] && continue
      [ "$owner" = bus ] && [ "$table" != outbox ] && [ "$table" != consumed_events ] && continue
      if grep -rnE "(FROM|INTO|UPDATE|JOIN)\s+$table\b" "crates/$other/src" | grep -v '^\s*//' ; then
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
