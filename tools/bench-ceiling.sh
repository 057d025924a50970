#!/usr/bin/env bash
# Openlance against the machine's ceiling (../shared/ceiling), back to back in one run, with the
# same wrk flags (-t2 -c64 -d10s after a 2 s warm-up): the ceiling's primary-key read and insert
# next to Openlance's wallet read (token check + balance read) and top-up (idempotency claim,
# two-phase provider operation, ledger transfer). Prints rates, p50/p99 and the ratios.
# Usage: tools/bench-ceiling.sh [sqlite|postgres]...   (default: both)
# PostgreSQL: 127.0.0.1:5432 as postgres, databases ceiling_bench and openlance_bench (recreated).
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINES=${*:-sqlite postgres}
DURATION=${DURATION:-10s} CONNS=${CONNS:-64} THREADS=${THREADS:-2} WARMUP=${WARMUP:-2s}
CEILING=../shared/ceiling
PG=postgres://postgres@127.0.0.1:5432
command -v wrk >/dev/null || { echo "wrk not found (Debian: apt-get install -y wrk)" >&2; exit 1; }

C=target/ceiling && mkdir -p "$C"
CARGO_TARGET_DIR=$C cargo build -q --release --manifest-path "$CEILING/Cargo.toml"
cargo build -q --release -p openlance
[ -x target/release/openlance ] || { echo "no release build" >&2; exit 1; }
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.2; done; echo "not up: $1" >&2; return 1; }
result() { grep '^RESULT' | awk '{print $2, $3, $4, $5}'; }
recreate() { psql "$PG/postgres" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"; }

ceiling() { # engine endpoint → "rps p50 p99 errors"
  local out
  out=$(DURATION=$DURATION CONNS=$CONNS THREADS=$THREADS WARMUP=$WARMUP ENDPOINTS=$2 \
    "$CEILING/measure.sh" "http://127.0.0.1:$CPORT" "$WORK/ids.txt" "$WORK/words.txt")
  awk 'NR > 2 { print $(NF-6), $(NF-5), $(NF-4), $(NF-3) }' <<<"$out"
}
openlance() { # mode → "rps p50 p99 errors"
  MODE=$1 TOKEN=$TOKEN wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s tools/bench-ceiling.lua "http://127.0.0.1:$OPORT" >/dev/null
  MODE=$1 TOKEN=$TOKEN wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s tools/bench-ceiling.lua "http://127.0.0.1:$OPORT" | result
}

printf '%-9s %-30s %9s %8s %8s %6s %7s\n' engine request req/s p50_ms p99_ms errors ratio
for engine in $ENGINES; do
  case $engine in
    sqlite) cdb="sqlite://$WORK/ceiling.db"; odb="" ;;
    postgres) recreate ceiling_bench; recreate openlance_bench; cdb="$PG/ceiling_bench"; odb="$PG/openlance_bench" ;;
    *) echo "unknown engine $engine" >&2; exit 2 ;;
  esac
  CPORT=$(port)
  "$C/release/ceiling" serve --db "$cdb" --port "$CPORT" >"$WORK/ceiling.log" 2>&1 & CPID=$!; PIDS+=("$CPID")
  wait_up "http://127.0.0.1:$CPORT/hello"
  "$C/release/ceiling" ids --db "$cdb" >"$WORK/ids.txt" 2>/dev/null
  "$C/release/ceiling" words >"$WORK/words.txt"
  read -r cget_rps cget_p50 cget_p99 cget_err < <(ceiling "$engine" get)
  read -r cpost_rps cpost_p50 cpost_p99 cpost_err < <(ceiling "$engine" post)
  kill "$CPID"; wait "$CPID" 2>/dev/null || true

  OPORT=$(port); DATA="$WORK/openlance-$engine"
  env OPENLANCE_LOG=warn ${odb:+OPENLANCE_DATABASE_URL=$odb} target/release/openlance serve \
    --bind "127.0.0.1:$OPORT" --data-dir "$DATA" >"$WORK/openlance.log" 2>&1 & OPID=$!; PIDS+=("$OPID")
  wait_up "http://127.0.0.1:$OPORT/healthz" || { cat "$WORK/openlance.log" >&2; exit 1; }
  TOKEN=$(curl -sf "127.0.0.1:$OPORT/api/v1/auth/register" -H 'content-type: application/json' \
    -d '{"email":"bench@example.com","password":"correct horse battery staple","name":"Bench","roles":["CLIENT"]}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
  read -r wallet_rps wallet_p50 wallet_p99 wallet_err < <(openlance wallet)
  read -r topup_rps topup_p50 topup_p99 topup_err < <(openlance top-up)
  kill "$OPID"; wait "$OPID" 2>/dev/null || true

  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }'; }
  printf '%-9s %-30s %9s %8s %8s %6s %7s\n' "$engine" "ceiling GET /jobs/{id}" "$cget_rps" "$cget_p50" "$cget_p99" "$cget_err" ""
  printf '%-9s %-30s %9s %8s %8s %6s %7s\n' "$engine" "GET /api/v1/wallet" "$wallet_rps" "$wallet_p50" "$wallet_p99" "$wallet_err" "$(ratio "$wallet_rps" "$cget_rps")"
  printf '%-9s %-30s %9s %8s %8s %6s %7s\n' "$engine" "ceiling POST /jobs" "$cpost_rps" "$cpost_p50" "$cpost_p99" "$cpost_err" ""
  printf '%-9s %-30s %9s %8s %8s %6s %7s\n' "$engine" "POST /api/v1/wallet/top-ups" "$topup_rps" "$topup_p50" "$topup_p99" "$topup_err" "$(ratio "$topup_rps" "$cpost_rps")"
done
