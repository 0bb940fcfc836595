#!/usr/bin/env python3
"""Checks a backend against contract/openapi.yaml with Schemathesis.

Run through scripts/conformance.sh (which installs the pinned Schemathesis into .venv-tools/);
scripts/schemathesis.sh runs it against the reference backend with --write.

What it does:
1. Reads the identifiers a backend already serves (events, matters, departments from
   GET /catalogue; with a token, the subject's cases, ratings and profile name; with --write,
   one uploaded PNG attachment), so that generated requests reach real resources, not only 404.
2. Writes a Schemathesis configuration (seed, auth per security scheme, the checks, and
   dictionaries binding each `id` parameter to those identifiers for half of the requests).
3. Runs Schemathesis on the selected operations; with --write, `signOut` runs alone at the
   end, since it ends the session the other operations use.

Only the standard library is used here; Schemathesis itself is the `st` next to this Python.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "contract" / "openapi.yaml"

# Operations that change nothing on the backend: every GET, and the case lookup (a POST only so
# that the applicant's name stays out of URLs and logs). Not read-only although they create no
# record: POST /session/code sends an SMS to whatever number is generated, and POST /session
# with wrong codes can lock a real citizen's number out (its guessing limit); DELETE /session
# ends the session given with --token.
READ_ONLY_POSTS = ["lookUpCase"]
SIGN_OUT = "signOut"

# The checks. Every one that can judge a single response against the contract is on:
# - not_a_server_error: no 5xx, ever;
# - status_code_conformance, content_type_conformance, response_headers_conformance,
#   response_schema_conformance: every answer is one the contract documents;
# - negative_data_rejection: a request that violates the schema is refused (4xx);
# - missing_required_header: no Idempotency-Key → 4xx;
# - unsupported_method, allow_header_conformance: a method the path lacks → 405 with Allow;
# - ignored_auth: an operation that requires a session refuses a request without one;
# - use_after_free, ensure_resource_availability: stateful checks across operations.
# Off, each for a reason:
# - positive_data_acceptance: a schema-valid request is often refused by the contract itself
#   (a case number that does not exist → 404, rating a case twice → 409, a form value that
#   fails its checksum → 422); the status-code check already judges those answers.
# - object_level_authorization: needs two subjects whose objects must not be visible to each
#   other; the reference backend's authorisation tests (server/tests) cover that.
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "missing_required_header",
    "unsupported_method",
    "allow_header_conformance",
    "ignored_auth",
    "use_after_free",
    "ensure_resource_availability",
]

# Which dictionary each operation's identifiers come from ("location.name" → pool).
BINDINGS = {
    "getEvent": {"path.id": "event_ids"},
    "getMatter": {"path.id": "matter_ids"},
    "getMatterRatingSummary": {"path.id": "matter_ids"},
    "getDepartment": {"path.id": "department_ids"},
    "getCase": {"path.id": "case_ids"},
    "withdrawCase": {"path.id": "case_ids"},
    "supplyCaseMaterial": {"path.id": "case_ids", "body.attachments[*].attachment_id": "attachment_ids"},
    "advanceCase": {"path.id": "case_ids"},
    "getRating": {"path.id": "rating_ids"},
    "answerRatingCallback": {"path.id": "rating_ids"},
    "followUpRating": {"path.id": "rating_ids"},
    "getAttachment": {"path.id": "attachment_ids"},
    "createRating": {"body.case_id": "case_ids"},
    "createApplication": {"body.event_id": "event_ids", "body.attachments[*].attachment_id": "attachment_ids"},
    "sendFeedback": {"body.matter_id": "matter_ids"},
    "lookUpCase": {"body.number": "case_numbers", "body.query_code": "query_codes"},
    "issueLicenceCode": {"path.id": "licence_ids"},
}

# The smallest valid PNG (a 1×1 transparent pixel): an attachment to refer to.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4c50000000049454e44ae426082"
)


def api_base(url: str) -> str:
    url = url.rstrip("/")
    return url if url.endswith("/api/v1") else url + "/api/v1"


def request(method: str, url: str, headers: dict[str, str], body: bytes | None = None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def get_json(base: str, path: str, headers: dict[str, str]):
    status, body = request("GET", base + path, headers)
    if status != 200:
        print(f"conformance: GET {path} answered {status}; its identifiers are not used", file=sys.stderr)
        return None
    try:
        return json.loads(body)
    except ValueError:
        print(f"conformance: GET {path} did not answer JSON", file=sys.stderr)
        return None


def ids(items, key="id") -> list[str]:
    return [i[key] for i in items or [] if isinstance(i, dict) and isinstance(i.get(key), str)]


def collect_pools(base: str, token: str | None, write: bool) -> dict[str, list[str]]:
    """The identifiers the backend serves, by pool name. Empty pools are left out."""
    pools: dict[str, list[str]] = {}
    cat = get_json(base, "/catalogue", {"Accept": "application/json"}) or {}
    pools["event_ids"] = ids(cat.get("events"))
    pools["matter_ids"] = ids(cat.get("matters"))
    pools["department_ids"] = ids(cat.get("departments"))
    if token:
        auth = {"Accept": "application/json", "Authorization": f"Bearer {token}"}
        cases = (get_json(base, "/cases?limit=100", auth) or {}).get("items")
        pools["case_ids"] = ids(cases)
        pools["case_numbers"] = ids(cases, "number")
        pools["rating_ids"] = ids((get_json(base, "/ratings?limit=100", auth) or {}).get("items"))
        # Licences are optional (404/501 on a backend without them): then no pool.
        pools["licence_ids"] = ids((get_json(base, "/licences", auth) or {}).get("items"))
        # The query codes (查询码) of a few cases, for lookups that find something.
        pools["query_codes"] = [
            code for cid in ids(cases)[:10]
            if isinstance(code := (get_json(base, f"/cases/{cid}", auth) or {}).get("query_code"), str)
        ]
        if write:
            status, body = request(
                "POST", base + "/attachments",
                {**auth, "Content-Type": "image/png", "X-File-Name": "conformance.png"}, PNG_1X1,
            )
            if status == 201:
                pools["attachment_ids"] = ids([json.loads(body)])
            else:
                print(f"conformance: POST /attachments answered {status}", file=sys.stderr)
    return {k: v for k, v in pools.items() if v}


def toml_str(s: str) -> str:
    return json.dumps(s)  # a JSON string is a valid TOML basic string


def write_config(path: Path, args, pools: dict[str, list[str]]) -> None:
    lines = [
        f"seed = {args.seed}",
        "color = false",
        # Anything slower than this on loopback is a bug, not a network.
        "request-timeout = 30",
        "[cache]",
        # Nothing written into the work tree between runs (the seed alone decides).
        "enabled = false",
        "[generation]",
        f"max-examples = {args.max_examples}",
        # No example database between runs: the seed alone decides what is generated.
        'database = "none"',
        "[checks]",
        "enabled = false",
    ]
    for c in CHECKS:
        lines += [f"[checks.{c}]", "enabled = true"]
    if args.token:
        lines += ["[auth.openapi.bearerAuth]", f"bearer = {toml_str(args.token)}"]
    if args.operator_key:
        lines += ["[auth.openapi.operatorKey]", f"api_key = {toml_str(args.operator_key)}"]
    for name, values in pools.items():
        lines += [f"[dictionaries.{name}]", "values = [" + ", ".join(toml_str(v) for v in values) + "]"]
    for op, binding in BINDINGS.items():
        used = {k: v for k, v in binding.items() if v in pools}
        if not used:
            continue
        lines += ["[[operations]]", f"include-operation-id = {toml_str(op)}"]
        lines += ["[operations.parameters]"]
        # Half the requests name a real resource, half a generated one (404, 422 paths).
        lines += [f"{toml_str(k)} = {{ dictionary = {toml_str(v)}, probability = 0.5 }}" for k, v in used.items()]
    path.write_text("\n".join(lines) + "\n")


def read_only_operations(spec: Path) -> list[str]:
    """Every GET, and the POSTs that change nothing, by operationId."""
    import yaml  # Schemathesis depends on PyYAML

    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    out = []
    for item in doc["paths"].values():
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            if method == "get" or op["operationId"] in READ_ONLY_POSTS:
                out.append(op["operationId"])
    return out


def run_st(st: Path, config: Path, base: str, spec: Path, selection: list[str], report: Path | None,
           extra: list[str]) -> int:
    cmd = [str(st), "--config-file", str(config), "run", str(spec), "--url", base, *selection, *extra]
    if report:
        cmd += ["--report", "junit", "--report-dir", str(report)]
    print("+ st run", spec.relative_to(ROOT) if spec.is_relative_to(ROOT) else spec, *selection, flush=True)
    return subprocess.call(cmd)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("base_url", help="the backend's origin (https://api.example.cn) or its /api/v1 URL")
    p.add_argument("--write", action="store_true", help="also run operations that create or change data")
    p.add_argument("--token", help="a citizen's bearer token (from POST /session)")
    p.add_argument("--operator-key", help="the X-Operator-Key for operator operations")
    p.add_argument("--seed", type=int, default=20261127)
    p.add_argument("--max-examples", type=int, default=25, help="generated requests per operation and phase")
    p.add_argument("--spec", type=Path, default=SPEC)
    p.add_argument("--report", type=Path, help="write a JUnit report into this folder")
    # Anything else (e.g. --continue-on-failure, --max-failures 5) goes to `st run` as it is.
    args, st_extra = p.parse_known_args()

    st = Path(sys.executable).parent / "st"
    base = api_base(args.base_url)
    status, _ = request("GET", base + "/health", {"Accept": "application/json"})
    if status != 200:
        print(f"conformance: GET {base}/health answered {status}: is the backend running there?", file=sys.stderr)
        return 2
    pools = collect_pools(base, args.token, args.write)
    print("conformance: identifiers from the backend: "
          + ", ".join(f"{k} {len(v)}" for k, v in sorted(pools.items())), flush=True)

    with tempfile.TemporaryDirectory(prefix="yishi-conformance-") as tmp:
        config = Path(tmp) / "schemathesis.toml"
        write_config(config, args, pools)
        if args.write:
            first = ["--exclude-operation-id", SIGN_OUT]
        else:
            first = []
            for op in read_only_operations(args.spec):
                first += ["--include-operation-id", op]
        rc = run_st(st, config, base, args.spec, first, args.report, st_extra)
        if args.write and args.token:
            # Signing out ends the token: it goes last, alone.
            rc2 = run_st(st, config, base, args.spec, ["--include-operation-id", SIGN_OUT],
                         args.report / "sign-out" if args.report else None, st_extra)
            rc = rc or rc2
    return rc


if __name__ == "__main__":
    sys.exit(main())
