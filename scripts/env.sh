# Sourced by the other scripts: the environment every build and test step shares.
# shellcheck shell=bash
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk must never try to download tools or look for its own updates (no internet here).
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Each step says how long the whole command has run, so a slow step shows in any log (CI keeps its
# time budget: 45 minutes on a bare 2-core machine).
export YISHI_T0="${YISHI_T0:-$(date +%s)}"
step() { local t=$(( $(date +%s) - YISHI_T0 )); printf '\n==> [%d:%02d] %s\n' $((t / 60)) $((t % 60)) "$*"; }
