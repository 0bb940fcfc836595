#!/usr/bin/env bash
# Run at the end of scripts/wasm.sh (Trunk's post-build hook): writes the service worker with
# the precache list of this build's (hashed) files, the WASM chunks included. Trunk does not
# write service workers itself.
set -euo pipefail
staging="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$staging"
files=$(find . -type f ! -name sw.js ! -name 'sw.template.js' | sed 's|^\./|/|' | sort)
list=$(printf '%s\n' "/" $files | awk 'BEGIN { printf "[" } { printf "%s\"%s\"", (NR > 1 ? ", " : ""), $0 } END { printf "]" }')
version=$(printf '%s' "$files" | cat - $(find . -type f ! -name sw.js | sort) | sha256sum | cut -c1-16)
sed -e "s|__VERSION__|$version|" -e "s|__PRECACHE__|$list|" "$root/public/sw.template.js" > sw.js
