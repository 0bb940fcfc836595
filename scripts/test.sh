#!/usr/bin/env bash
# Runs every test: native unit and server tests (real SQLite files), the contract's example
# round-trip and lint, the release build and its shell size, the core journeys in WebKit and
# Firefox ESR, and the Playwright journeys.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

step "native tests: contract, core, server"
cargo test --workspace --exclude yishi

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
