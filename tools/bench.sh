#!/usr/bin/env bash
# The benchmark: Openlance on a seeded marketplace next to the machine's ceiling
# (../shared/ceiling), per engine, in one run, and ONE table of rates, p50/p99, errors,
# ratios to the ceiling and memory. See docs/benchmarks.md.
#
# Usage: tools/bench.sh [sqlite|postgres]...            (default: both)
# Knobs (environment, defaults): DURATION=10s CONNS=64 THREADS=2 WARMUP=2s (wrk, the ceiling's
#   flags); JOURNEY_USERS=50 JOURNEY_DURATION=30s JOURNEY_HATCH_RATE=10 (goose); USERS=10000 SERVICES=50000
#   JOBS=1000000 ORDERS=50000 (openlance seed); CEILING_ROWS=100000; SCENARIOS="job-read …";
#   CEILING=../shared/ceiling (where the ceiling is).
# PostgreSQL: 127.0.0.1:5432 as postgres; databases ceiling_bench and openlance_bench are
# dropped and created anew. Results: target/bench/results.{tsv,json,svg}, goose's HTML
# reports target/bench/<engine>-<journey>.html, logs target/bench/*.log.
#
# Who measures what: single requests with wrk and the ceiling's script shape (tools/bench.lua:
# a random id, word and signed-in user per request), so their ratios to the ceiling compare
# like with like; the two journeys with goose (openlance-loadgen), JOURNEY_USERS users.
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINES=${*:-sqlite postgres}
DURATION=${DURATION:-10s} CONNS=${CONNS:-64} THREADS=${THREADS:-2} WARMUP=${WARMUP:-2s}
JOURNEY_USERS=${JOURNEY_USERS:-50} JOURNEY_DURATION=${JOURNEY_DURATION:-30s}
# Users start at this many a second: each WorkUp user signs two people up first, and password
# hashing (two at a time on two cores) answers 503 with Retry-After beyond what it can take.
JOURNEY_HATCH_RATE=${JOURNEY_HATCH_RATE:-10}
USERS=${USERS:-10000} SERVICES=${SERVICES:-50000} JOBS=${JOBS:-1000000} ORDERS=${ORDERS:-50000}
CEILING_ROWS=${CEILING_ROWS:-100000}
SCENARIOS=${SCENARIOS:-job-read service-read me job-search job-search-best service-search place-order wallet top-up workup booking}
CEILING=${CEILING:-../shared/ceiling}
PG=postgres://postgres@127.0.0.1:5432
OUT=target/bench
BIN=${CARGO_TARGET_DIR:-target}/release
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> wrk is not installed: installing it from Debian" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2 ||
      { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2; }
  fi
  command -v wrk >/dev/null || { echo "wrk not found (Debian: apt-get install -y wrk)" >&2; exit 1; }
fi
[ -x "$CEILING/measure.sh" ] || { echo "no ceiling at $CEILING (see its README)" >&2; exit 1; }

say() { echo "==> $*" >&2; }
# Which ceiling request each scenario is compared to (empty: none; the journeys have none).
ceiling_of() {
  case $1 in
    job-read | service-read | me | wallet) echo get ;;
    job-search | job-search-best | service-search) echo search ;;
    place-order | top-up) echo post ;;
    healthz) echo hello ;;
    workup | booking) echo "" ;;
    *) echo "unknown scenario $1" >&2; return 1 ;;
  esac
}
for s in $SCENARIOS; do ceiling_of "$s" >/dev/null; done
ENDPOINTS=$(for s in $SCENARIOS; do ceiling_of "$s"; done | awk 'NF && !seen[$0]++' | tr '\n' ' ')

mkdir -p "$OUT" target/ceiling
say "building openlance, openlance-loadgen and the ceiling (release)"
cargo build -q --release -p openlance -p openlance-loadgen
CARGO_TARGET_DIR=target/ceiling cargo build -q --release --manifest-path "$CEILING/Cargo.toml"
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.2; done; echo "not up: $1" >&2; return 1; }
recreate() { psql "$PG/postgres" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"; }
mib() { awk -v k="$2:" '$1 == k { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

TSV=$OUT/results.tsv
printf 'engine\tscenario\ttool\trate\tunit\tp50_ms\tp99_ms\terrors\tceiling\tratio\tnote\n' >"$TSV"
row() { local IFS=$'\t'; echo "$*" >>"$TSV"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "-"; else printf (a / b < 0.1 ? "%.3fx" : "%.2fx"), a / b }'; }

for engine in $ENGINES; do
  case $engine in
    sqlite) cdb="sqlite://$WORK/ceiling.db"; odb="" ;;
    postgres) recreate ceiling_bench; recreate openlance_bench; cdb="$PG/ceiling_bench"; odb="$PG/openlance_bench" ;;
    *) echo "unknown engine $engine" >&2; exit 2 ;;
  esac

  # The ceiling, measured by its own script with the same flags.
  say "$engine: the ceiling ($CEILING_ROWS rows): $ENDPOINTS"
  CPORT=$(port)
  target/ceiling/release/ceiling serve --db "$cdb" --port "$CPORT" --rows "$CEILING_ROWS" >"$OUT/$engine-ceiling.log" 2>&1 &
  CPID=$!; PIDS+=("$CPID")
  wait_up "http://127.0.0.1:$CPORT/hello"
  target/ceiling/release/ceiling ids --db "$cdb" >"$WORK/ids.txt" 2>/dev/null
  target/ceiling/release/ceiling words >"$WORK/words.txt"
  declare -A CEIL=()
  for ep in $ENDPOINTS; do
    out=$(DURATION=$DURATION CONNS=$CONNS THREADS=$THREADS WARMUP=$WARMUP ENDPOINTS=$ep SERVER_PID=$CPID \
      "$CEILING/measure.sh" "http://127.0.0.1:$CPORT" "$WORK/ids.txt" "$WORK/words.txt")
    read -r rps p50 p99 errs < <(awk 'NR > 2 { print $(NF-6), $(NF-5), $(NF-4), $(NF-3) }' <<<"$out")
    CEIL[$ep]=$rps
    row "$engine" "ceiling $ep" wrk "$rps" req/s "$p50" "$p99" "$errs" - - "$CEILING_ROWS rows"
  done
  stop "$CPID"

  # A fresh Openlance database, seeded.
  DATA="$WORK/openlance-$engine"
  mkdir -p "$DATA"
  run() { env OPENLANCE_LOG=warn ${odb:+OPENLANCE_DATABASE_URL=$odb} "$BIN/openlance" --data-dir "$DATA" "$@"; }
  say "$engine: openlance seed --users $USERS --services $SERVICES --jobs $JOBS --orders $ORDERS"
  t0=$(date +%s.%N)
  run seed --users "$USERS" --services "$SERVICES" --jobs "$JOBS" --orders "$ORDERS" >"$OUT/$engine-seed.log" 2>&1 ||
    { cat "$OUT/$engine-seed.log" >&2; exit 1; }
  seed_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  # The load leaves a gigabyte of dirty pages for the kernel to write back: flush them now, so
  # the first scenarios do not share the two cores with that.
  sync
  say "$engine: seeded in ${seed_s} s"
  row "$engine" seed "openlance seed" "$seed_s" s - - - - - "users $USERS, services $SERVICES, jobs $JOBS, orders $ORDERS"

  OPORT=$(port); HOST="http://127.0.0.1:$OPORT"
  # Started by env directly (not through a function) so that $! is the server itself.
  env OPENLANCE_LOG=warn OPENLANCE_TRUST_FORWARDED_FOR=true ${odb:+OPENLANCE_DATABASE_URL=$odb} \
    "$BIN/openlance" --data-dir "$DATA" serve --bind "127.0.0.1:$OPORT" >"$OUT/$engine-serve.log" 2>&1 &
  OPID=$!; PIDS+=("$OPID")
  wait_up "$HOST/healthz" || { cat "$OUT/$engine-serve.log" >&2; exit 1; }
  sleep 2
  row "$engine" "memory: idle" /proc "$(mib "$OPID" VmRSS)" MiB - - - - - "VmRSS after start"

  # Single requests with wrk (after a warm-up, as the ceiling), on the files prepare writes.
  "$BIN/openlance-loadgen" prepare --host "$HOST" --out "$WORK/data" --seed-users "$USERS" >&2
  # Prepare's logins leave Argon2's blocks with the hashing threads, which give them back
  # after 2 s without a hash: the peak below is the scenarios' own, from there.
  sleep 3
  echo 5 >"/proc/$OPID/clear_refs" 2>/dev/null || true
  measured=0
  for s in $SCENARIOS; do
    ep=$(ceiling_of "$s")
    [ -n "$ep" ] || continue
    say "$engine: $s (wrk -t$THREADS -c$CONNS -d$DURATION)"
    MODE=$s DATA=$WORK/data wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s tools/bench.lua "$HOST" >/dev/null
    out=$(MODE=$s DATA=$WORK/data wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s tools/bench.lua "$HOST")
    read -r _ rps p50 p99 errs _ < <(grep '^RESULT' <<<"$out") || { echo "$out" >&2; exit 1; }
    note=""
    if [ "$ep" = post ]; then
      # A write leaves events behind (the relay publishes them, the notifications consumer
      # writes the in-app and e-mail rows): wait until the outbox is empty, so the next
      # scenario starts on a quiet server, and say how long that took.
      t0=$(date +%s.%N)
      for _ in $(seq 1 600); do
        pending=$(curl -sf "$HOST/metrics" | awk '$1 == "openlance_outbox_pending" { print $2 }')
        [ "${pending:-1}" = 0 ] && break
        sleep 0.2
      done
      note="events published $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s after the run"
    fi
    row "$engine" "$s" wrk "$rps" req/s "$p50" "$p99" "$errs" "$ep" "$(ratio "$rps" "${CEIL[$ep]}")" "$note"
    measured=1
  done
  if [ "$measured" = 1 ]; then
    row "$engine" "memory: peak, $CONNS connections" /proc "$(mib "$OPID" VmHWM)" MiB - - - - - "VmHWM over the wrk scenarios"
  fi

  # The journeys with goose: JOURNEY_USERS users, each running its journey over and over.
  for s in $SCENARIOS; do
    [ -z "$(ceiling_of "$s")" ] || continue
    say "$engine: $s (goose, $JOURNEY_USERS users, $JOURNEY_DURATION)"
    "$BIN/openlance-loadgen" --host "$HOST" --scenarios "$s" --users "$JOURNEY_USERS" \
      --hatch-rate "$JOURNEY_HATCH_RATE" --run-time "$JOURNEY_DURATION" --seed-users "$USERS" \
      --report-file "$OUT/$engine-$s.html" --summary "$WORK/$s.tsv" >"$OUT/$engine-$s.log" 2>&1 ||
      { tail -30 "$OUT/$engine-$s.log" >&2; exit 1; }
    while IFS=$'\t' read -r name rate unit p50 p99 errs note; do
      row "$engine" "$name" goose "$rate" "$unit" "$p50" "$p99" "$errs" - - "$note"
    done <"$WORK/$s.tsv"
  done
  row "$engine" "memory: peak, whole run" /proc "$(mib "$OPID" VmHWM)" MiB - - - - - "VmHWM, journeys included"
  stop "$OPID"
done

echo
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; wrk -t$THREADS -c$CONNS -d$DURATION after $WARMUP; goose $JOURNEY_USERS users for $JOURNEY_DURATION"
"$BIN/openlance-loadgen" chart "$TSV" --svg "$OUT/results.svg" --json "$OUT/results.json"
echo "# written: $TSV, $OUT/results.json, $OUT/results.svg, $OUT/<engine>-<journey>.html"
