# Sourced by the scripts that drive a reference server of their own (schemathesis.sh, load.sh,
# lighthouse.sh): start one in test mode on a free port with a fresh database, sign a demo
# citizen in through the test-only code endpoint, stop it.
# shellcheck shell=bash

# start_test_server BINARY DIR: serves dist/ from DIR/y.db, logs in DIR/out.log and DIR/err.log
# (RUST_LOG from the caller's environment); sets server_pid, port and base (http://127.0.0.1:$port).
start_test_server() {
  local binary="$1" dir="$2"
  port=""
  "$binary" serve --port 0 --db "$dir/y.db" --dist dist --dev --test-mode >"$dir/out.log" 2>"$dir/err.log" &
  server_pid=$!
  for _ in $(seq 1 100); do
    port=$(sed -n 's/^YISHI_LISTENING port=\([0-9]*\)$/\1/p' "$dir/out.log")
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$dir/err.log" >&2; echo "error: the server exited" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$dir/err.log" >&2; echo "error: the server did not start" >&2; exit 1; }
  base="http://127.0.0.1:$port"
}

# stop_test_server: stops the server start_test_server started, if it runs.
stop_test_server() {
  if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# test_sign_in PHONE: asks for a code, reads it through /_test/otp, prints the session token.
test_sign_in() {
  local code
  curl -fsS -X POST "$base/api/v1/session/code" -H 'Content-Type: application/json' -d "{\"phone\":\"$1\"}" >/dev/null
  code=$(curl -fsS "$base/_test/otp?phone=$1" | json_field code)
  curl -fsS -X POST "$base/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"phone\":\"$1\",\"code\":\"$code\"}" | json_field token
}
