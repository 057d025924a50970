#!/usr/bin/env bash
# Benchmarks a release build on this machine: starts `openlance serve` on a fresh data folder
# (SQLite, or PostgreSQL with OPENLANCE_DATABASE_URL), runs each load-generator scenario for a
# bounded time over loopback, and prints requests/s, p50, p99 and the server's memory.
# Usage: tools/bench.sh [seconds-per-scenario] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
CONNS=${2:-32}

cargo build -q --release -p openlance -p openlance-loadgen
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
OPENLANCE_LOG=warn target/release/openlance serve --bind "127.0.0.1:$PORT" --data-dir "$DATA" >/dev/null 2>"$DATA/server.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 50); do curl -sf "127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

echo "backend: ${OPENLANCE_DATABASE_URL:-sqlite (embedded)}  cores: $(nproc)  connections: $CONNS  seconds: $SECS"
for scenario in ${SCENARIOS:-healthz me wallet top-up}; do
  echo "---"
  target/release/openlance-loadgen --addr "127.0.0.1:$PORT" --scenario "$scenario" \
    --connections "$CONNS" --seconds "$SECS" --pid "$PID"
done
