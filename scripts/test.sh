#!/usr/bin/env bash
# Runs every test: the toolchain's checks (rustfmt, clippy with warnings denied natively and
# for wasm32, the module graph), native unit and server tests (real SQLite files, the app's
# pure functions too), the contract's example round-trip and lint, the release build and its
# shell size, the core journeys in WebKit and Firefox ESR, and the Playwright journeys.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

step "format: cargo fmt --check"
cargo fmt --all --check

step "module graph: no cycles in any crate, components never import pages (cargo xtask modules)"
cargo xtask modules

step "lint: clippy, warnings denied (the workspace natively, then the app for wasm32)"
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo clippy --locked --target wasm32-unknown-unknown -p yishi -- -D warnings

step "native tests: the app's pure functions, contract, core, server, xtask"
cargo test --locked --workspace

step "contract lint (redocly)"
redocly lint contract/openapi.yaml --config contract/redocly.yaml

"$ROOT/scripts/build.sh" debug

# The reference backend against every operation of the contract (needs the debug server).
"$ROOT/scripts/schemathesis.sh"

step "app shell size"
"$ROOT/scripts/shell-size.sh" --max 200

step "other engines: the core journeys in WebKit and Firefox ESR (WebDriver; e2e/engines, docs/engines.md)"
bash "$ROOT/e2e/engines/run.sh"

step "end-to-end (Playwright, Debian chromium)"
npx playwright test --config e2e/playwright.config.ts
