#!/usr/bin/env bash
# Prints the Content-Security-Policy header for a built app, the same policy the reference
# server sends (server/src/web.rs): script-src allows 'self', WebAssembly compilation and the
# SHA-256 hash of each inline <script> in index.html (Trunk's loader is inline).
#
#   scripts/csp-hash.sh dist/index.html [--connect-src https://api.example.cn]...
#
# --connect-src adds an origin the app may call (a backend on another origin); repeatable.
# Run it again after every build: the loader names the hashed files, so its hash changes.
# scripts/schemathesis.sh checks that this prints what the server sends.
set -euo pipefail
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
exec python3 - "$@" <<'PY'
import base64, hashlib, re, sys

html_path, rest = sys.argv[1], sys.argv[2:]
connect = []
while rest:
    if rest[0] == "--connect-src" and len(rest) > 1:
        connect.append(rest[1]); rest = rest[2:]
    else:
        sys.exit(f"csp-hash.sh: unknown argument {rest[0]!r}")
# Bytes, not text: the hash is over the script's exact UTF-8 bytes.
html = open(html_path, "rb").read()
lower = html.lower()
hashes, pos = [], 0
while True:
    start = lower.find(b"<script", pos)
    if start < 0:
        break
    tag_end = lower.find(b">", start)
    close = lower.find(b"</script", tag_end) if tag_end >= 0 else -1
    if tag_end < 0 or close < 0:
        break
    attrs = lower[start + len(b"<script"):tag_end].split()
    if not any(a == b"src" or a.startswith(b"src=") for a in attrs):
        digest = hashlib.sha256(html[tag_end + 1:close]).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode() + "'")
    pos = close + len(b"</script")
script_src = " ".join(["'self'", "'wasm-unsafe-eval'", *hashes])
connect_src = " ".join(["'self'", *connect])
print(
    f"default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data: blob:; "
    f"connect-src {connect_src}; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PY
