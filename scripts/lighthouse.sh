#!/usr/bin/env bash
# Lighthouse 12 (mobile preset: simulated Slow 4G, 4x CPU) against the reference server (release
# build) on loopback, for the home page, a life-event page, a matter guide and a case page (signed
# in as the demo citizen: scripts/lighthouse.mjs). Prints performance,
# accessibility and best-practices scores and LCP/TBT/CLS (the median of 3 runs per page).
# Not in the test command (it takes minutes and its numbers move with the machine's load).
#
#   scripts/lighthouse.sh [--runs N] [--record] [--no-build] [--reports DIR] [--h2] [--timeline]
#                         [--only home|event|guide|case]
#
# --h2 measures through nginx terminating TLS and HTTP/2 in front of the server, as a deployment
# does (docs/deploy.md), with a throwaway self-signed certificate; without it the browser talks
# HTTP/1.1 to the server directly: six connections at most, one file at a time on each.
# --timeline prints each run's simulated load behind its LCP (scripts/lighthouse.mjs).
# --only measures one page (not with --record, which writes all four).
# --record writes the numbers into docs/benchmarks.md (section "Lighthouse", or "Lighthouse over
# HTTP/2" with --h2, with the commit).
# --no-build measures dist/ and the release server as they are (the build loads the machine the
# measurement then starts on); --reports DIR keeps every run's whole Lighthouse report.
# Needs scripts/setup.sh; builds the app and the release server first.
source "$(dirname "$0")/env.sh"
cd "$ROOT"

command="bash scripts/lighthouse.sh $*"
runs=3
record=0
build=1
h2=0
reports=()
timeline=()
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --record) record=1; shift ;;
    --no-build) build=0; shift ;;
    --reports) reports=(--reports "$2"); shift 2 ;;
    --h2) h2=1; shift ;;
    --timeline) timeline=(--timeline); shift ;;
    --only) only=(--only "$2"); shift 2 ;;
    *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

if [ "$record" = 1 ] && [ ${#only[@]} -gt 0 ]; then echo "error: --record writes all four pages; drop --only" >&2; exit 2; fi
if [ "$build" = 1 ]; then "$ROOT/scripts/build.sh" release; fi
SERVER="${CARGO_TARGET_DIR:-$ROOT/target}/release/yishi-server"

source "$ROOT/scripts/test-server.sh"
tmp=$(mktemp -d)
nginx_pid=""
trap '[ -z "$nginx_pid" ] || kill "$nginx_pid"; stop_test_server; rm -rf "$tmp"' EXIT
# Test mode for the one-time code of the demo citizen whose case page is measured.
RUST_LOG=warn start_test_server "$SERVER" "$tmp"

token=$(test_sign_in 13800000001)
measured="the reference server (release build) on loopback, HTTP/1.1"
block=lighthouse
if [ "$h2" = 1 ]; then
  command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }
  mkdir -p "$tmp/nginx"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -keyout "$tmp/nginx/key.pem" -out "$tmp/nginx/cert.pem" -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 2>/dev/null
  tls_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # Everything proxied, so the files, their brotli and the headers are the server's own.
  cat >"$tmp/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $tmp/nginx/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body; proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi; uwsgi_temp_path $tmp/nginx/uwsgi; scgi_temp_path $tmp/nginx/scgi;
  upstream yishi { server 127.0.0.1:${base##*:}; keepalive 16; }
  server {
    listen 127.0.0.1:$tls_port ssl http2;
    ssl_certificate $tmp/nginx/cert.pem;
    ssl_certificate_key $tmp/nginx/key.pem;
    location / {
      proxy_pass http://yishi;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
    }
  }
}
NGINX
  nginx -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' & nginx_pid=$!
  base="https://127.0.0.1:$tls_port"
  for _ in $(seq 1 50); do curl -skf -o /dev/null "$base/config.json" && break; sleep 0.1; done
  curl -skf --http2 -o /dev/null -w '%{http_version}' "$base/config.json" | grep -qx 2 || {
    cat "$tmp/nginx/error.log" >&2; echo "error: nginx does not answer in HTTP/2" >&2; exit 1; }
  measured="nginx $(nginx -v 2>&1 | sed 's|.*/||') terminating TLS and HTTP/2 (self-signed) in front of the reference server (release build) on loopback"
  block=lighthouse-h2
fi

step "lighthouse $(node -p 'require("lighthouse/package.json").version'), mobile preset, $runs runs per page, $measured"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
node scripts/lighthouse.mjs "$base" "$token" --runs "$runs" --out "$tmp/lh.json" "${reports[@]}" "${timeline[@]}" "${only[@]}" | tee "$tmp/lh.txt"

if [ "$record" = 1 ]; then
  {
    echo "<!-- $block:begin (written by scripts/lighthouse.sh --record) -->"
    if [ "$h2" = 1 ]; then echo "## Lighthouse over HTTP/2"; else echo "## Lighthouse"; fi
    echo
    echo "Lighthouse $(node -p 'require("lighthouse/package.json").version'), mobile preset (simulated Slow 4G,"
    echo "4x CPU slowdown), against $measured, headless"
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
    echo "<!-- $block:end -->"
  } >"$tmp/block.md"
  cargo xtask record "$block" "$tmp/block.md"
fi
