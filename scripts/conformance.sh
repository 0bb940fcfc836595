#!/usr/bin/env bash
# Checks a backend against the contract (contract/openapi.yaml) with Schemathesis.
#
#   scripts/conformance.sh <base-url> [--write] [--token TOKEN] [--operator-key KEY]
#                          [--seed N] [--max-examples N] [--report DIR] [st run options]
#
# <base-url> is the backend's origin (https://api.example.cn) or its /api/v1 URL.
# Read-only by default: every GET and POST /cases/lookup. --write adds every other operation
# (it creates cases, ratings, feedback and sends sign-in codes; with --token it signs that
# session out at the end). Exits non-zero on any failed check. Details: README, "Pointing the
# app at another backend".
source "$(dirname "$0")/env.sh"
cd "$ROOT"

# Schemathesis, pinned, in a venv of its own (gitignored); installed once, reused after.
SCHEMATHESIS_VERSION=4.32.5
VENV="$ROOT/.venv-tools"
if [ "$("$VENV/bin/schemathesis" --version 2>/dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  step "schemathesis $SCHEMATHESIS_VERSION into .venv-tools/"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

if [ $# -lt 1 ] || [ "${1#-}" != "$1" ]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
exec "$VENV/bin/python" "$ROOT/scripts/conformance.py" "$@"
