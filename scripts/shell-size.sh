#!/usr/bin/env bash
# Prints the app shell's size as citizens download it: what the first screen needs, each file
# compressed with brotli (quality 11): index.html, the JS (the crash screen, the main module's
# glue and the chunk loader), the main WASM and the CSS; not the service worker, installed
# afterwards. The chunks that pages load when first shown (scripts/wasm.sh, src/lazy.rs) are
# listed after it and not counted. The work is `cargo xtask shell-size` (xtask/src/shell_size.rs).
# Usage: shell-size.sh [--max KiB] (fails when the shell is above the max).
source "$(dirname "$0")/env.sh"
cd "$ROOT"
exec cargo xtask shell-size "$@"
