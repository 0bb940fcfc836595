#!/usr/bin/env bash
# Builds and runs Yishi with the reference backend on an embedded SQLite database.
# Usage: scripts/run.sh [--port 8080]. Demo sign-in codes are printed to this terminal.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
port=8080
if [ "${1:-}" = "--port" ]; then port="$2"; fi
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh" release
mkdir -p .yishi
step "starting the reference server"
exec target/release/yishi-server serve --host 127.0.0.1 --port "$port" --db .yishi/yishi.db --dist dist --dev
