#!/usr/bin/env bash
# Builds the app (release WASM into dist/) and the reference server. Run setup.sh first.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
profile="${1:-debug}"   # the server's cargo profile: debug (tests) or release (run)

step "app: trunk build --release"
trunk build --release --offline

step "server: cargo build ($profile)"
if [ "$profile" = release ]; then
  cargo build --release -p yishi-server
else
  cargo build -p yishi-server
fi

step "prerender: the public pages as HTML, drawn by the app (scripts/prerender.sh)"
bash "$ROOT/scripts/prerender.sh" "$profile"
