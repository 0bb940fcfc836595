#!/usr/bin/env bash
# Prints the app shell's size as citizens download it: index.html + JS + WASM + CSS, each
# compressed with brotli (quality 11). Usage: shell-size.sh [--max KiB] (fails above the max).
source "$(dirname "$0")/env.sh"
cd "$ROOT"
max=""
if [ "${1:-}" = "--max" ]; then max="$2"; fi
[ -f dist/index.html ] || { echo "error: no dist/; run scripts/build.sh first" >&2; exit 1; }
total=0
printf '%-44s %10s %10s\n' file raw brotli
for f in dist/index.html dist/*.js dist/*.wasm dist/*.css; do
  [ -f "$f" ] || continue
  raw=$(wc -c < "$f"); br=$(brotli -c -q 11 "$f" | wc -c)
  total=$((total + br))
  printf '%-44s %10d %10d\n' "$f" "$raw" "$br"
done
kib=$(awk -v b="$total" 'BEGIN { printf "%.1f", b / 1024 }')
echo "app shell (brotli): $total bytes = $kib KiB (goal 150 KiB, ceiling 200 KiB)"
if [ -n "$max" ] && [ "$total" -gt $((max * 1024)) ]; then
  echo "error: the app shell is over $max KiB" >&2; exit 1
fi
