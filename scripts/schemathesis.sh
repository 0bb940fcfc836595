#!/usr/bin/env bash
# The reference backend against the contract: starts target/debug/yishi-server on a fresh
# database in test mode, signs in as the demo citizen through the test-only code endpoint, and
# runs scripts/conformance.sh with --write on every operation of contract/openapi.yaml
# (fixed seed, the bearer token, the dev operator key). Zero failures is the bar.
# Build the server first (scripts/build.sh debug). Extra arguments go to conformance.sh,
# e.g. --max-examples 100 or --seed 7.
source "$(dirname "$0")/env.sh"
cd "$ROOT"

SERVER="$ROOT/target/debug/yishi-server"
PHONE=13800000001   # the seeded demo citizen (server/src/demo.rs)
[ -x "$SERVER" ] || { echo "error: $SERVER not built (run scripts/build.sh debug)" >&2; exit 1; }

step "schemathesis: the reference backend against contract/openapi.yaml"
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$SERVER" serve --port 0 --db "$tmp/y.db" --dist dist --dev --test-mode >"$tmp/out.log" 2>"$tmp/err.log" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/^YISHI_LISTENING port=\([0-9]*\)$/\1/p' "$tmp/out.log")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/err.log" >&2; echo "error: the server exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/err.log" >&2; echo "error: the server did not start" >&2; exit 1; }
base="http://127.0.0.1:$port"

# scripts/csp-hash.sh (for static hosts, docs/deploy.md) must print the policy the server sends.
if [ -f dist/index.html ]; then
  sent=$(curl -fsS -o /dev/null -D - "$base/" | tr -d '\r' | sed -n 's/^content-security-policy: //Ip')
  printed=$("$ROOT/scripts/csp-hash.sh" dist/index.html)
  if [ "$sent" != "$printed" ]; then
    printf 'error: scripts/csp-hash.sh disagrees with the server\n  server: %s\n  script: %s\n' "$sent" "$printed" >&2
    exit 1
  fi
  echo "csp-hash.sh prints the server's Content-Security-Policy"
fi

# Sign in: ask for a code, read it through the test-only endpoint, exchange it for a session.
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
curl -fsS -X POST "$base/api/v1/session/code" -H 'Content-Type: application/json' \
  -d "{\"phone\":\"$PHONE\"}" >/dev/null
code=$(curl -fsS "$base/_test/otp?phone=$PHONE" | json_field code)
token=$(curl -fsS -X POST "$base/api/v1/session" -H 'Content-Type: application/json' \
  -d "{\"phone\":\"$PHONE\",\"code\":\"$code\"}" | json_field token)

status=0
"$ROOT/scripts/conformance.sh" "$base" --write --token="$token" --operator-key=dev-operator-key "$@" || status=$?
if grep -q "panicked" "$tmp/err.log"; then
  echo "error: the server logged a panic:" >&2
  grep -B2 -A8 "panicked" "$tmp/err.log" >&2
  status=1
fi
exit "$status"
