#!/usr/bin/env bash
# Validates the OpenAPI document (openapi-spec-validator), then property-based API fuzzing
# with schemathesis (both from PyPI) against a real `openlance serve`:
# every operation in the OpenAPI document gets generated valid and invalid requests, with and
# without a user's token, and no response may be a 5xx. Bounded by --max-time.
# The server runs on SQLite in a fresh data folder, or on FUZZ_DATABASE_URL (an empty
# PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/openlance_fuzz) when set.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${OPENLANCE_BIN:-${CARGO_TARGET_DIR:-target}/debug/openlance}
SECONDS_BUDGET=${FUZZ_SECONDS:-120}
SCHEMATHESIS="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/schemathesis"
[ -x "$SCHEMATHESIS" ] || python3 -m pip install -q 'schemathesis>=4,<5'
python3 -c 'import openapi_spec_validator' 2>/dev/null || python3 -m pip install -q 'openapi-spec-validator>=0.7'

DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DATABASE_URL=${FUZZ_DATABASE_URL:-sqlite://$DATA/openlance.db}
echo "fuzzing against $(printf '%s' "$DATABASE_URL" | sed -E 's#//[^@/]*@#//***@#')"
"$BIN" serve --bind "127.0.0.1:$PORT" --data-dir "$DATA" --database-url "$DATABASE_URL" \
  >"$DATA/stdout" 2>"$DATA/server.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 50); do curl -sf "127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

TOKEN=$(curl -sf "127.0.0.1:$PORT/api/v1/auth/register" -H 'content-type: application/json' \
  -d '{"email":"fuzz@example.com","password":"fuzzing passphrase 1","name":"Fuzz","roles":["CLIENT","FREELANCER"]}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')

echo "validating the OpenAPI document"
curl -sf "127.0.0.1:$PORT/api/openapi.json" >"$DATA/openapi.json"
python3 -c 'import json, sys
from openapi_spec_validator import validate
validate(json.load(open(sys.argv[1])))
print("the OpenAPI document is valid")' "$DATA/openapi.json"

# One worker: schemathesis' generators hit a CPython 3.11 fault ("AST constructor recursion
# depth mismatch") when two threads build strategies at once.
status=0
"$SCHEMATHESIS" run "http://127.0.0.1:$PORT/api/openapi.json" \
  --checks not_a_server_error \
  --header "Authorization: Bearer $TOKEN" \
  --max-time "$SECONDS_BUDGET" --workers 1 \
  --phases examples,coverage,fuzzing \
  --suppress-health-check all \
  --warnings off || status=$?
if grep -q 'panicked' "$DATA/server.log"; then
  echo "the server panicked during fuzzing:"; grep -B2 -A5 panicked "$DATA/server.log"; status=1
fi
exit $status
