#!/usr/bin/env bash
# Lighthouse 12 (mobile preset: simulated Slow 4G, 4x CPU) against the reference server (release
# build) on loopback, for the home page, a life-event page, a matter guide and a case page (signed
# in as the demo citizen: scripts/lighthouse.mjs). Prints performance,
# accessibility and best-practices scores and LCP/TBT/CLS (the median of 3 runs per page).
# Not in the test command (it takes minutes and its numbers move with the machine's load).
#
#   scripts/lighthouse.sh [--runs N] [--record] [--no-build] [--reports DIR]
#
# --record writes the numbers into docs/benchmarks.md (section "Lighthouse", with the commit).
# --no-build measures dist/ and the release server as they are (the build loads the machine the
# measurement then starts on); --reports DIR keeps every run's whole Lighthouse report.
# Needs scripts/setup.sh; builds the app and the release server first.
source "$(dirname "$0")/env.sh"
cd "$ROOT"

command="bash scripts/lighthouse.sh $*"
runs=3
record=0
build=1
reports=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --record) record=1; shift ;;
    --no-build) build=0; shift ;;
    --reports) reports=(--reports "$2"); shift 2 ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

if [ "$build" = 1 ]; then "$ROOT/scripts/build.sh" release; fi
SERVER="${CARGO_TARGET_DIR:-$ROOT/target}/release/yishi-server"

source "$ROOT/scripts/test-server.sh"
tmp=$(mktemp -d)
trap 'stop_test_server; rm -rf "$tmp"' EXIT
# Test mode for the one-time code of the demo citizen whose case page is measured.
RUST_LOG=warn start_test_server "$SERVER" "$tmp"

token=$(test_sign_in 13800000001)

step "lighthouse $(node -p 'require("lighthouse/package.json").version'), mobile preset, $runs runs per page"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
node scripts/lighthouse.mjs "$base" "$token" --runs "$runs" --out "$tmp/lh.json" "${reports[@]}" | tee "$tmp/lh.txt"

if [ "$record" = 1 ]; then
  {
    echo "<!-- lighthouse:begin (written by scripts/lighthouse.sh --record) -->"
    echo "## Lighthouse"
    echo
    echo "Lighthouse $(node -p 'require("lighthouse/package.json").version'), mobile preset (simulated Slow 4G,"
    echo "4x CPU slowdown), against the reference server (release build) on loopback, headless"
    echo "Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'); the median of $runs runs per page by performance score."
    echo "Commit \`$(git rev-parse --short HEAD)\`, $(date -u +%Y-%m-%d). Command: \`$command\`"
    echo
    echo "| page | path | performance | accessibility | best practices | LCP | TBT | CLS | tasks over 50 ms in the first 5 s |"
    echo "|---|---|---|---|---|---|---|---|---|"
    python3 - "$tmp/lh.json" <<'PY'
import json, sys
def tasks(r):
    return ', '.join(str(t['ms']) + ' ms at ' + str(t['startMs']) + ' ms' for t in r['longTasks']) or 'none'
for r in json.load(open(sys.argv[1])):
    print(f"| {r['page']} | `{r['path']}` | {r['performance']} | {r['accessibility']} | {r['bestPractices']} "
          f"| {r['lcpMs'] / 1000:.2f} s | {round(r['tbtMs'])} ms | {r['cls']:.3f} | {tasks(r)} |")
PY
    echo "<!-- lighthouse:end -->"
  } >"$tmp/block.md"
  cargo xtask record lighthouse "$tmp/block.md"
fi
