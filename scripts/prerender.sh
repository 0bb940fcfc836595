#!/usr/bin/env bash
# Prerenders the public pages (home, life events, matter guides) of the built app into dist/pre
# with the reference server and its seed catalogue (scripts/prerender.mjs; docs/deploy.md says
# how to prerender against another backend). Run by build.sh after the app and the server.
#
#   scripts/prerender.sh [debug|release]
source "$(dirname "$0")/env.sh"
cd "$ROOT"
profile="${1:-debug}"
SERVER="${CARGO_TARGET_DIR:-$ROOT/target}/$profile/yishi-server"

source "$ROOT/scripts/test-server.sh"
tmp=$(mktemp -d)
trap 'stop_test_server; rm -rf "$tmp"' EXIT
RUST_LOG=warn start_test_server "$SERVER" "$tmp"
node scripts/prerender.mjs "$base" --dist dist --out dist/pre
