#!/usr/bin/env bash
# Prints the app shell's size as citizens download it: what the first screen needs, each file
# compressed with brotli (quality 11): index.html, the JS (the crash screen, the main module's
# glue and the chunk loader), the main WASM and the CSS; not the service worker, installed
# afterwards. The chunks that pages load when first shown (scripts/wasm.sh, src/lazy.rs) are
# listed after it and not counted.
# Usage: shell-size.sh [--max KiB] (fails when the shell is above the max).
source "$(dirname "$0")/env.sh"
cd "$ROOT"
max=""
if [ "${1:-}" = "--max" ]; then max="$2"; fi
[ -f dist/index.html ] || { echo "error: no dist/; run scripts/build.sh first" >&2; exit 1; }
br() { brotli -c -q 11 "$1" | wc -c; }
total=0
printf '%-48s %10s %10s\n' file raw brotli
for f in dist/index.html dist/*.js dist/*_bg.wasm dist/*.css; do
  [ -f "$f" ] || continue
  [ "$f" != dist/sw.js ] || continue # installed after the first screen, in the background
  raw=$(wc -c < "$f"); b=$(br "$f")
  total=$((total + b))
  printf '%-48s %10d %10d\n' "$f" "$raw" "$b"
done
kib=$(awk -v b="$total" 'BEGIN { printf "%.1f", b / 1024 }')
echo "app shell (brotli): $total bytes = $kib KiB (goal 150 KiB, ceiling 200 KiB)"
chunks=0
for f in dist/split_*.wasm dist/chunk_*.wasm; do
  [ -f "$f" ] || continue
  if [ "$chunks" -eq 0 ]; then printf '\n%-48s %10s %10s\n' "loaded on demand" raw brotli; fi
  raw=$(wc -c < "$f"); b=$(br "$f")
  chunks=$((chunks + b))
  printf '%-48s %10d %10d\n' "$f" "$raw" "$b"
done
if [ "$chunks" -gt 0 ]; then
  echo "chunks (brotli): $chunks bytes = $(awk -v b="$chunks" 'BEGIN { printf "%.1f", b / 1024 }') KiB, loaded when their pages are first shown"
fi
if [ -n "$max" ] && [ "$total" -gt $((max * 1024)) ]; then
  echo "error: the app shell is over $max KiB" >&2; exit 1
fi
