#!/usr/bin/env bash
# Load test of the reference backend on loopback (not in CI), with wrk at a fixed concurrency:
#   1. GET /api/v1/catalogue          (public; gzip, as a browser asks)
#   2. GET /api/v1/cases              (signed in: the demo citizen's first page)
#   3. POST /api/v1/ratings           (signed in: every request a new Idempotency-Key and a case
#                                      not rated yet, made beforehand by POST /_test/cases)
# Prints requests/s and p50/p99 latency of each, fails on any socket error or non-2xx answer,
# and checks that no rating was lost: the ratings in the SQLite file (read with sqlite3 after
# the server stopped) are exactly the ones answered 201.
#
#   scripts/load.sh [--seconds N] [--connections N] [--record]
#
# --record writes the results into docs/benchmarks.md (section "Load", with the commit).
# Builds target/release/yishi-server if needed; installs Debian's wrk and sqlite3 if missing.
source "$(dirname "$0")/env.sh"
cd "$ROOT"

seconds=10
connections=32
threads=2        # wrk's threads; the machine has 2 cores, shared with the server
record=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --record) record=1; shift ;;
    *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
# Cases to rate: more than the rating run can use (it stops and fails if it runs out).
cases_to_make=${LOAD_CASES:-60000}

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]} (Debian)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

step "server: cargo build --release"
cargo build --release -p yishi-server
SERVER="${CARGO_TARGET_DIR:-$ROOT/target}/release/yishi-server"

source "$ROOT/scripts/test-server.sh"
tmp=$(mktemp -d)
trap 'stop_test_server; rm -rf "$tmp"' EXIT

# Test mode for /_test/otp and /_test/cases; its generous rate limits keep the limiter out of
# the way. Logs at warn: a log line per request would measure the terminal.
RUST_LOG=warn start_test_server "$SERVER" "$tmp"

citizen=$(test_sign_in 13800000001)   # the demo citizen: 13 cases
rater=$(test_sign_in 13912345678)     # a new citizen whose cases are made for rating

results=()
run_wrk() { # name, then wrk arguments
  local name="$1"; shift
  step "$name: wrk -t$threads -c$connections -d${seconds}s"
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$@" | tee "$tmp/wrk.txt"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$tmp/wrk.txt")
  p50=$(awk '$1 == "50%" { print $2 }' "$tmp/wrk.txt")
  p99=$(awk '$1 == "99%" { print $2 }' "$tmp/wrk.txt")
  errors=$(grep -E 'Socket errors|Non-2xx or 3xx' "$tmp/wrk.txt" || true)
  if [ -n "$errors" ]; then
    echo "error: $name had errors: $errors" >&2
    exit 1
  fi
  results+=("| $name | $rps | $p50 | $p99 |")
}

run_wrk "GET /api/v1/catalogue" -H 'Accept-Encoding: gzip' "$base/api/v1/catalogue"
run_wrk "GET /api/v1/cases (signed in)" -H "Authorization: Bearer $citizen" "$base/api/v1/cases"

step "making $cases_to_make accepted cases to rate (POST /_test/cases)"
: >"$tmp/ids.txt"
made=0
while [ "$made" -lt "$cases_to_make" ]; do
  batch=$(( cases_to_make - made < 10000 ? cases_to_make - made : 10000 ))
  curl -fsS -X POST "$base/_test/cases" -H "Authorization: Bearer $rater" \
    -H 'Content-Type: application/json' -d "{\"count\": $batch}" |
    python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)["ids"]))' >>"$tmp/ids.txt"
  made=$(( made + batch ))
done
[ "$(wc -l <"$tmp/ids.txt")" -eq "$cases_to_make" ] || { echo "error: cases missing" >&2; exit 1; }
ratings_before=$(sqlite3 "$tmp/y.db" 'SELECT count(*) FROM ratings')
distinct_before=$(sqlite3 "$tmp/y.db" 'SELECT count(DISTINCT case_id) FROM ratings')

cat >"$tmp/rate.lua" <<'LUA'
-- Each thread rates its own share of the cases, each once, each with a new Idempotency-Key.
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  local nthreads = tonumber(args[2])
  ids, next_id, created, other, exhausted = {}, 1, 0, 0, 0
  local i = 0
  for line in io.lines(args[1]) do
    if i % nthreads == tid then ids[#ids + 1] = line end
    i = i + 1
  end
  run, auth = args[3], "Bearer " .. args[4]
end
function request()
  local id = ids[next_id]
  if id == nil then
    -- Out of cases: stop rather than rate one twice (that would be a 409, not load).
    exhausted = 1
    wrk.thread:stop()
    return wrk.format("GET", "/api/v1/health")
  end
  next_id = next_id + 1
  local body = '{"case_id":"' .. id .. '","stage":"acceptance","channel":"online","level":5}'
  -- wrk.format's headers replace wrk.headers: give them all.
  return wrk.format("POST", "/api/v1/ratings", {
    ["Host"] = wrk.host .. ":" .. wrk.port,
    ["Authorization"] = auth,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = run .. "-" .. tid .. "-" .. next_id,
  }, body)
end
function response(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local c, o, e = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); o = o + t:get("other"); e = e + t:get("exhausted")
    io.write(string.format("LOAD_ISSUED tid=%d n=%d\n", t:get("tid"), t:get("next_id") - 1))
  end
  io.write(string.format("LOAD_RATINGS created=%d other=%d exhausted=%d\n", c, o, e))
end
LUA
run_id="load-$(date +%s)-$$"
run_wrk "POST /api/v1/ratings (signed in)" -s "$tmp/rate.lua" "$base/api/v1/ratings" -- \
  "$tmp/ids.txt" "$threads" "$run_id" "$rater"
created=$(sed -n 's/^LOAD_RATINGS created=\([0-9]*\) .*/\1/p' "$tmp/wrk.txt")
other=$(sed -n 's/^LOAD_RATINGS .*other=\([0-9]*\) .*/\1/p' "$tmp/wrk.txt")
exhausted=$(sed -n 's/^LOAD_RATINGS .*exhausted=\([0-9]*\)$/\1/p' "$tmp/wrk.txt")
[ "$exhausted" = 0 ] || { echo "error: ran out of cases to rate; raise LOAD_CASES" >&2; exit 1; }
[ "$other" = 0 ] || { echo "error: $other rating requests were not answered 201" >&2; exit 1; }

# wrk stops at the deadline without waiting for the requests still in flight (at most one per
# connection): the server may have stored them, but nobody saw the answer; and wrk may make a
# request it never sends. So every request made is sent again with the same key, as a client
# retries after a timeout: each must answer 201, replayed unless it never reached the server.
# Then every rating request is stored exactly once.
step "sending every rating request again with the same Idempotency-Key"
replayed=$(python3 - "$port" "$rater" "$run_id" "$threads" "$tmp/ids.txt" "$tmp/wrk.txt" <<'PY'
import http.client, json, re, sys
port, token, run, nthreads, ids_file, wrk_out = sys.argv[1:7]
nthreads = int(nthreads)
ids = open(ids_file).read().split()
issued = {int(t): int(n) for t, n in re.findall(r"^LOAD_ISSUED tid=(\d+) n=(\d+)$", open(wrk_out).read(), re.M)}
assert len(issued) == nthreads, issued
conn = http.client.HTTPConnection("127.0.0.1", int(port))
total, again = 0, 0
for tid, n in issued.items():
    mine = ids[tid::nthreads]
    total += n
    for k in range(n):
        body = json.dumps({"case_id": mine[k], "stage": "acceptance", "channel": "online", "level": 5})
        conn.request("POST", "/api/v1/ratings", body, {
            "Authorization": "Bearer " + token, "Content-Type": "application/json",
            "Idempotency-Key": f"{run}-{tid}-{k + 2}"})
        res = conn.getresponse()
        res.read()
        assert res.status == 201, (res.status, mine[k])
        again += res.getheader("Idempotent-Replayed") == "true"
print(total, again)
PY
)
read -r issued replays <<<"$replayed"

stop_test_server   # all writes are in the file now (WAL checkpointed on close)
ratings_after=$(sqlite3 "$tmp/y.db" 'SELECT count(*) FROM ratings')
distinct_after=$(sqlite3 "$tmp/y.db" 'SELECT count(DISTINCT case_id) FROM ratings')
stored=$(( ratings_after - ratings_before ))
distinct=$(( distinct_after - distinct_before ))
echo "rating requests made: $issued; answered 201 during the run: $created; sent again: $replays answered as replays"
echo "new ratings in the database: $stored, on $distinct distinct cases"
if [ "$issued" != "$stored" ] || [ "$stored" != "$distinct" ] || [ "$created" -gt "$stored" ]; then
  echo "error: lost or duplicated ratings" >&2
  # Which issued requests have no rating, by thread and position.
  python3 - "$tmp/y.db" "$threads" "$tmp/ids.txt" "$tmp/wrk.txt" <<'PY' >&2
import re, sqlite3, sys
db, nthreads, ids_file, wrk_out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
ids = open(ids_file).read().split()
rated = {r[0] for r in sqlite3.connect(db).execute("SELECT case_id FROM ratings")}
for t, n in re.findall(r"^LOAD_ISSUED tid=(\d+) n=(\d+)$", open(wrk_out).read(), re.M):
    mine = ids[int(t)::nthreads][: int(n)]
    missing = [(k, c) for k, c in enumerate(mine) if c not in rated]
    print(f"thread {t}: issued {n}, without a rating: {missing[:10]}")
PY
  exit 1
fi
if grep -q "panicked" "$tmp/err.log"; then echo "error: the server logged a panic" >&2; exit 1; fi

commit=$(git rev-parse --short HEAD)
report=$(cat <<MD
<!-- load:begin (written by scripts/load.sh --record) -->
## Load

The reference backend (release build, SQLite file in a temporary folder) under wrk on loopback:
$threads wrk threads, $connections connections, ${seconds} s per row, client and server sharing
the machine's 2 cores. Commit \`$commit\`, $(date -u +%Y-%m-%d).
Command: \`bash scripts/load.sh --seconds $seconds --connections $connections --record\`

| request | requests/s | p50 | p99 |
|---|---|---|---|
$(printf '%s\n' "${results[@]}")

No socket errors and no non-2xx answers. Ratings (each request a new \`Idempotency-Key\` and a
case not rated yet): wrk made $issued requests and saw $created answered 201 before its deadline.
Every one was then sent again with its key, as a client retries: all answered 201, $replays as
replays of a stored rating (the rest never reached the server before wrk stopped). The database
then holds $stored new ratings on $stored distinct cases: none lost, none doubled.
<!-- load:end -->
MD
)
printf '\n%s\n' "$report"

if [ "$record" = 1 ]; then
  printf '%s\n' "$report" >"$tmp/block.md"
  cargo xtask record load "$tmp/block.md"
fi
