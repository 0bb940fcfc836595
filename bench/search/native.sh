#!/usr/bin/env bash
# The search engine natively (criterion, `core/benches/search.rs`), with both subsequence
# scorers side by side: fuzzy-matcher's skim (the default) and the engine's own alignment.
# Prints build time, per-query and per-keystroke latency and
# recall@3 for generated catalogues of 1,000, 10,000 and 50,000 matters, then criterion's
# estimates. Not in CI.
#
# Usage: bench/search/native.sh [--record]
# --record writes what it printed into docs/benchmarks.md (section "Search, native").
source "$(dirname "$0")/../../scripts/env.sh"
cd "$ROOT"
record=0
[ "${1:-}" = "--record" ] && record=1
log=$(mktemp)
trap 'rm -f "$log" "$log.md"' EXIT
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
cargo bench -p yishi-core --bench search 2>/dev/null | tee "$log"
if [ "$record" = 1 ]; then
  {
    echo "<!-- search-native:begin (written by bench/search/native.sh --record) -->"
    echo "## Search, native (criterion)"
    echo
    echo "Commit \`$(git rev-parse --short HEAD)\`, $(date -u +%Y-%m-%d), $(nproc) cores."
    echo "Command: \`bash bench/search/native.sh --record\` (\`cargo bench -p yishi-core --bench search\`)."
    echo "Both subsequence scorers behind the \`SubsequenceScorer\` trait; the app ships the default"
    echo "(fuzzy-matcher's skim). As printed:"
    echo
    echo '```text'
    grep -v '^$' "$log" | grep -vE '^(Benchmarking|Gnuplot|Warning|Found [0-9]+ outliers|  [0-9]+ \()' || true
    echo '```'
    echo "<!-- search-native:end -->"
  } >"$log.md"
  cargo xtask record search-native "$log.md"
fi
