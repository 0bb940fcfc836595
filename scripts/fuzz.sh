#!/usr/bin/env bash
# Fuzzes for a bounded time (not in CI): the search normaliser and query parser, the condition
# evaluator and the app's JSON parser, with cargo-fuzz (libFuzzer). Targets: fuzz/fuzz_targets/.
#
#   scripts/fuzz.sh [--record] [seconds per target, default 60] [target ...]
#
# --record writes the run (targets, time, inputs executed, corpus size) into docs/benchmarks.md
# (section "Fuzzing", with the commit).
#
# Toolchain: cargo-fuzz wants nightly. With a nightly toolchain installed, the targets run
# under AddressSanitizer. Without one (rustup cannot download a toolchain on every machine),
# the stable toolchain builds them with RUSTC_BOOTSTRAP=1 and no sanitizer: libFuzzer's
# coverage instrumentation uses stable -C flags only; the project's own code forbids `unsafe`,
# so the sanitizer matters for dependencies only. Debug assertions (overflow checks) are on
# either way. FUZZ_TOOLCHAIN=stable chooses the stable way where nightly exists too.
# The corpus grows in fuzz/corpus/<target> (gitignored), seeded from fuzz/seeds/<target>.
# A crash stops the run; its input is in fuzz/artifacts/<target>/: turn it into a unit test in
# the crate at fault, fix it, and add the input to fuzz/seeds/<target>/.
source "$(dirname "$0")/env.sh"
cd "$ROOT/fuzz"

record=0
if [ "${1:-}" = "--record" ]; then record=1; shift; fi
seconds="${1:-60}"
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(search conditions json_parse)

CARGO_FUZZ_VERSION=0.13.2
if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  step "cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install --locked "cargo-fuzz@$CARGO_FUZZ_VERSION"
fi

# FUZZ_TOOLCHAIN=stable forces the stable way even where nightly exists.
if [ "${FUZZ_TOOLCHAIN:-}" != stable ] && rustup toolchain list | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
  sanitizer=address
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo +stable fuzz)
  sanitizer=none
fi
echo "toolchain: ${fuzz[1]}, sanitizer: $sanitizer, $seconds s per target"

rows=()
log=$(mktemp)
trap 'rm -f "$log" "$log.md"' EXIT
for t in "${targets[@]}"; do
  step "fuzz $t for $seconds s"
  mkdir -p "corpus/$t"
  # -max_len: long enough for any realistic query or document, short enough to stay fast.
  set +e
  "${fuzz[@]}" run --release --debug-assertions --sanitizer "$sanitizer" "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" -max_len=4096 -dict=json.dict -print_final_stats=1 2>&1 |
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb|INFO: Seed)|panicked|ERROR|SUMMARY|artifact|Test unit written' |
    tee "$log"
  status=${PIPESTATUS[0]}   # the fuzzer's, not grep's or tee's
  set -e
  if [ "$status" -ne 0 ]; then
    echo "error: $t failed (exit $status); the input is in fuzz/artifacts/$t/" >&2
    exit "$status"
  fi
  units=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  rows+=("| \`$t\` | $seconds s | ${units:-?} | $(find "corpus/$t" -type f | wc -l) | ${rss:-?} MB | none |")
done
echo "fuzzing done: no crash"

if [ "$record" = 1 ]; then
  {
    echo "<!-- fuzz:begin (written by scripts/fuzz.sh --record) -->"
    echo "## Fuzzing"
    echo
    echo "cargo-fuzz (libFuzzer), toolchain ${fuzz[1]}, sanitizer $sanitizer, debug assertions on."
    echo "Commit \`$(git rev-parse --short HEAD)\`, $(date -u +%Y-%m-%d). Command: \`bash scripts/fuzz.sh --record $seconds\`"
    echo
    echo "| target | time | inputs run | corpus files | peak RSS | crashes |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo "<!-- fuzz:end -->"
  } >"$log.md"
  cargo xtask record fuzz "$log.md"
fi
