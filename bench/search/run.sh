#!/usr/bin/env bash
# The side-by-side search benchmark: Yishi's engine (WASM) against Fuse.js + pinyin-pro, in
# headless Chromium, on generated catalogues of 1,000, 10,000 and 50,000 matters (seed 42) and the
# labelled queries of bench/search/queries.json. Prints build time, median and p95 per-query and
# per-keystroke latency, and recall@3 for both engines.
#
# Usage: bench/search/run.sh [--record] [SIZES...]    (default: 1000 10000 50000)
# --record writes what it printed into docs/benchmarks.md (section "Search", with the commit).
# Needs scripts/setup.sh (wasm32 target, wasm-bindgen CLI, chromium) and `npm ci`.
# BENCH_ENGINES=scorers times the engine with each scorer for literal queries (fuzzy-matcher's
# skim, the default, and the engine's own alignment) on every query and keystroke in turn (fair
# on a loaded machine; yishi,yishi-align runs one after the other).
source "$(dirname "$0")/../../scripts/env.sh"
cd "$ROOT"
record=0
if [ "${1:-}" = "--record" ]; then record=1; shift; fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
out="$ROOT/bench/search/out"
mkdir -p "$out"
target="${CARGO_TARGET_DIR:-$ROOT/target}"

step "catalogues (yishi-catgen, seed 42)"
cargo build --release -p yishi-server --quiet
catalogues=()
for n in "${sizes[@]}"; do
  f="$out/catalogue-$n.json"
  [ -f "$f" ] || "$target/release/yishi-server" generate-catalogue --matters "$n" --seed 42 --out "$f"
  catalogues+=("$f")
done

step "engine: wasm32 (opt-level z, as the app ships it), wasm-bindgen, wasm-opt"
features=()
[ -n "${BENCH_FEATURES:-}" ] && features=(--features "$BENCH_FEATURES")
(cd bench/search && CARGO_TARGET_DIR="$target" cargo build --release --target wasm32-unknown-unknown "${features[@]}" --quiet)
wasm="$target/wasm32-unknown-unknown/release/yishi_search_bench.wasm"
wasm-bindgen --target web --no-typescript --out-dir bench/search/pkg "$wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue bench/search/pkg/yishi_search_bench_bg.wasm -o bench/search/pkg/yishi_search_bench_bg.wasm
printf 'engine wasm: %s bytes, %s bytes brotli\n' "$(wc -c < bench/search/pkg/yishi_search_bench_bg.wasm)" \
  "$(brotli -c -q 11 bench/search/pkg/yishi_search_bench_bg.wasm | wc -c)"

step "headless Chromium: Yishi (WASM) vs Fuse.js + pinyin-pro"
echo "machine: $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg) (other work on the machine slows both engines alike)"
log=$(mktemp)
trap 'rm -f "$log" "$log.md"' EXIT
node bench/search/run.mjs "${catalogues[@]}" | tee "$log"

if [ "$record" = 1 ]; then
  # The scorer comparison keeps a block of its own beside the comparison with Fuse.js.
  name=search; title="Search: Yishi's engine (WASM) against Fuse.js + pinyin-pro, in headless Chromium"
  if [[ ",${BENCH_ENGINES:-}," == *,yishi-align,* || ",${BENCH_ENGINES:-}," == *,scorers,* ]]; then
    name=search-scorers
    title="Search scorers (WASM, headless Chromium): fuzzy-matcher's skim (the default) against the engine's alignment"
  fi
  {
    echo "<!-- $name:begin (written by bench/search/run.sh --record) -->"
    echo "## $title"
    echo
    echo "Commit \`$(git rev-parse --short HEAD)\`, $(date -u +%Y-%m-%d), $(nproc) cores."
    echo "Command: \`${BENCH_FEATURES:+BENCH_FEATURES=$BENCH_FEATURES }${BENCH_ENGINES:+BENCH_ENGINES=$BENCH_ENGINES }bash bench/search/run.sh --record ${sizes[*]}\`"
    echo "(what the queries and the recall rule are: \`bench/search/README.md\`). As printed:"
    echo
    echo '```text'
    printf 'engine wasm: %s bytes, %s bytes brotli\n' "$(wc -c < bench/search/pkg/yishi_search_bench_bg.wasm)" \
      "$(brotli -c -q 11 bench/search/pkg/yishi_search_bench_bg.wasm | wc -c)"
    cat "$log"
    echo '```'
    echo "<!-- $name:end -->"
  } >"$log.md"
  cargo xtask record "$name" "$log.md"
fi
