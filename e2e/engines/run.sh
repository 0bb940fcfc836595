#!/usr/bin/env bash
# Runs the core journeys (journeys.test.mjs) in the engines Playwright cannot drive here, over
# W3C WebDriver: WebKitGTK's MiniBrowser under Xvfb (the engine of iPhones and of WeChat on iOS)
# and Firefox ESR (headless, through geckodriver). Needs a built dist/ and the debug server
# (scripts/build.sh) and what scripts/setup.sh installs.
#   bash e2e/engines/run.sh [webkit] [firefox] [--record]
# With no engine named, runs both. --record writes the versions that ran, the date and the
# commit into docs/engines.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

engines=()
record=0
for arg in "$@"; do
  case "$arg" in
    --record) record=1 ;;
    webkit|firefox) engines+=("$arg") ;;
    *) echo "usage: $0 [webkit] [firefox] [--record]" >&2; exit 2 ;;
  esac
done
[ ${#engines[@]} -gt 0 ] || engines=(webkit firefox)

[ -x target/debug/yishi-server ] && [ -f dist/index.html ] || {
  echo "error: build first (bash scripts/build.sh debug)" >&2; exit 1; }

versions="$(mktemp)"
trap 'rm -f "$versions"' EXIT
failed=()
for engine in "${engines[@]}"; do
  echo "==> $engine: the core journeys"
  start=$(date +%s)
  cmd=(node --test-reporter=spec e2e/engines/journeys.test.mjs)
  if [ "$engine" = webkit ]; then
    # MiniBrowser is a GTK window: it needs a display. Xvfb's own warnings are noise here.
    cmd=(xvfb-run -a -s "-screen 0 1280x1024x24" "${cmd[@]}")
  fi
  log="$(mktemp)"
  set +e
  YISHI_ENGINE="$engine" timeout 600 "${cmd[@]}" 2>&1 | grep --line-buffered -v -e 'Gtk-WARNING' -e '^$' | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  # node's test runner prints "ℹ fail N"; its exit status is what counts.
  if [ "$status" -ne 0 ]; then failed+=("$engine"); fi
  grep -m1 "^ENGINE $engine:" "$log" | sed "s/\$/, journeys $(($(date +%s) - start)) s/" >> "$versions" || true
  rm -f "$log"
done

echo
echo "==> engines that ran"
cat "$versions"

if [ "$record" -eq 1 ]; then
  node - "$versions" <<'EOF'
const fs = require('node:fs');
const { execSync } = require('node:child_process');
const lines = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').filter(Boolean);
const commit = execSync('git rev-parse --short HEAD').toString().trim();
const date = new Date().toISOString().slice(0, 10);
const rows = lines.map((l) => {
  const m = /^ENGINE (\w+): (.*?) \(package (.*?)\), viewport (\S+), UA (.*), journeys (\d+) s$/.exec(l);
  return m ? `| ${m[1]} | ${m[2]} | ${m[3]} | ${m[4]} | ${m[6]} s |` : `| ? | ${l} | | | |`;
});
const block = [`Last run: ${date}, commit \`${commit}\`.`, '',
  '| engine | browser (as the session reports it) | Debian package; driver | viewport | journeys |',
  '|---|---|---|---|---|', ...rows].join('\n');
const file = 'docs/engines.md';
const text = fs.readFileSync(file, 'utf8');
const re = /(<!-- engines:begin -->\n)[\s\S]*?(\n<!-- engines:end -->)/;
if (!re.test(text)) throw new Error(`${file}: no engines:begin/end markers`);
fs.writeFileSync(file, text.replace(re, `$1${block}$2`));
console.log(`recorded in ${file}`);
EOF
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "error: journeys failed in: ${failed[*]} (screenshots in e2e/test-results/engines/)" >&2
  exit 1
fi
