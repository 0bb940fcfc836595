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
source "$ROOT/scripts/test-server.sh"
tmp=$(mktemp -d)
trap 'stop_test_server; rm -rf "$tmp"' EXIT
start_test_server "$SERVER" "$tmp"

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

token=$(test_sign_in "$PHONE")

status=0
"$ROOT/scripts/conformance.sh" "$base" --write --token="$token" --operator-key=dev-operator-key "$@" || status=$?
if grep -q "panicked" "$tmp/err.log"; then
  echo "error: the server logged a panic:" >&2
  grep -B2 -A8 "panicked" "$tmp/err.log" >&2
  status=1
fi
exit "$status"
