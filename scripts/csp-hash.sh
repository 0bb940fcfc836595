#!/usr/bin/env bash
# Prints the Content-Security-Policy header for a built app, the same policy the reference
# server sends (server/src/csp.rs): script-src allows 'self', WebAssembly compilation and the
# SHA-256 hash of each inline <script> in index.html (Trunk's loader is inline).
#
#   scripts/csp-hash.sh dist/index.html [--connect-src https://api.example.cn]...
#
# --connect-src adds an origin the app may call (a backend on another origin); repeatable.
# Run it again after every build: the loader names the hashed files, so its hash changes.
# It runs `yishi-server csp` (built on first use); scripts/schemathesis.sh checks that this
# prints what the server sends.
source "$(dirname "$0")/env.sh"
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
exec cargo run --quiet --locked --manifest-path "$ROOT/Cargo.toml" -p yishi-server -- csp "$@"
