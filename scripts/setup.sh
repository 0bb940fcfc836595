#!/usr/bin/env bash
# Installs everything Yishi needs to build and test, on a bare machine, idempotently:
# the wasm32 target, trunk, the wasm-bindgen CLI matching Cargo.lock, Debian's chromium and
# brotli, the other engines (WebKitGTK, Firefox ESR, their drivers, Xvfb), and the npm tools
# (wasm-opt from binaryen, Playwright, the OpenAPI linter, selenium-webdriver).
# Facts behind each choice: ../shared/TOOLCHAIN.md.
source "$(dirname "$0")/env.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: need root to run: $*" >&2; exit 1; fi
}

step "rust target wasm32-unknown-unknown"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

step "trunk $TRUNK_VERSION"
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

step "cargo fetch"
cargo fetch --locked 2>/dev/null || cargo fetch

step "wasm-bindgen CLI (the version in Cargo.lock)"
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$WBG_VERSION" ]; then echo "error: wasm-bindgen not found in Cargo.lock" >&2; exit 1; fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WBG_VERSION" ]; then
  # Not --locked: its lockfile wants a crate version the registry mirror does not serve.
  cargo install "wasm-bindgen-cli@$WBG_VERSION"
fi

step "wasm-split CLI (cuts the app's WASM into chunks loaded on demand; scripts/wasm.sh)"
WSPLIT_VERSION=0.2.4
if ! command -v wasm-split-cli >/dev/null || ! grep -q "\"wasm_split_cli_support $WSPLIT_VERSION " "$HOME/.cargo/.crates.toml" 2>/dev/null; then
  cargo install --locked "wasm_split_cli_support@$WSPLIT_VERSION" --features build-binary
fi

step "chromium and brotli (Debian packages)"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v brotli >/dev/null || missing+=(brotli)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

step "other engines: WebKitGTK + WebKitWebDriver, Xvfb, Firefox ESR, a CJK font (Debian); geckodriver (crates.io)"
# For e2e/engines (docs/engines.md). Apt packages only when missing.
missing=()
[ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null || missing+=(xvfb xauth)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
GECKODRIVER_VERSION=0.37.1
if [ "$(geckodriver --version 2>/dev/null | sed -n 1p || true)" != "geckodriver $GECKODRIVER_VERSION" ]; then
  # A debug build: it only relays WebDriver commands, and compiles in about half the time.
  cargo install --locked --debug "geckodriver@$GECKODRIVER_VERSION"
fi

step "npm tools"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
wasm-opt --version
echo "setup done"
