"""Issue 13's outside fuzz run (by hand, not in `make test`; tests/api/test_fuzz_schema.py is
the short version in the suite):

    .venv/bin/python scripts/fuzz_api.py [--examples 60] [--max-time 1200]
        [--report var/fuzz.ndjson] [--keep]

``jmo serve`` in a subprocess, development mode (``JMO_ENVIRONMENT=development``: generated
secrets, the dev outbox) on a fresh SQLite database in a temporary directory seeded by
``jmo demo``. Over HTTP only, the demo login Budi walks the whole Pengkinian Data flow
(his demo selfie, a new phone number proven with the code the dev outbox shows through
``jmo outbox``), so the services it unlocks (Cek Saldo, claims, the card) answer. Then
schemathesis's CLI runs against ``/api/openapi.json`` with his token, every check on, the
examples, coverage, fuzzing and stateful phases, leaving out only the operations that end
that token. A second pass runs the Pengkinian operations with Agus, who has passed his
selfie and not yet saved steps 7-9 (a finished participant's steps answer 403). The
summary: operations, requests, failures by check, rejections by error field code,
statuses met, for each pass; and the schema-valid requests refused, classified by the
document itself: refused for a reason the operation lists in its
``x-refusals-beyond-schema`` (state no schema can hold) or refused unexplained. Exit
status 1 when any check failed but for documented refusals, that is when
``refused_unexplained`` or any other check's failures are above 0.

    .venv/bin/python scripts/fuzz_api.py --classify var/fuzz.ndjson --document openapi.json

classifies a kept report again (the document as ``jmo api openapi`` prints it).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_EMAIL = "budi@demo.jmo.id"
DEMO_PASSWORD = "jmo-demo-2026"
# These end the token the run uses ("Bukan saya" in the app freezes the account).
SESSION_ENDERS = ("auth_api_logout", "account_password", "account_end", "inbox_not_me_in_app")
API = "/api/v1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def jmo(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "jmo"), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def call(client: httpx.Client, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    response = client.request(method, f"{API}{path}", **kwargs)
    if response.status_code >= 300:
        raise SystemExit(f"{method} {path}: {response.status_code} {response.text[:500]}")
    body: dict[str, Any] = response.json()
    return body


def latest_codes(env: dict[str, str]) -> dict[str, str]:
    """The one-time codes the dev outbox shows (``jmo outbox``, newest first)."""
    text = jmo(env, "outbox", "--limit", "20")
    codes: dict[str, str] = {}
    for block in re.split(r"\n(?=\d{4}-\d\d-\d\d )", text):
        head, _, body = block.partition("\n")
        kind = "phone_code" if " sms " in head else "email_code" if " email " in head else ""
        found = re.search(r"\b(\d{6})\b", body)
        if kind and found and kind not in codes:
            codes[kind] = found.group(1)
    return codes


def past_the_selfie(base: str, name: str) -> tuple[httpx.Client, str]:
    """A demo login through steps 5 and 6 (identity confirmed, his demo selfie passed)."""
    client = httpx.Client(base_url=base, timeout=120)
    login = {"email": f"{name}@demo.jmo.id", "password": DEMO_PASSWORD}
    token: str = call(client, "POST", "/auth/login", json=login)["token"]
    client.headers["Authorization"] = f"Bearer {token}"
    call(client, "POST", "/pengkinian/start")
    call(client, "POST", "/pengkinian/identity/confirm")
    selfie = (ROOT / "demo" / "selfies" / f"{name}.jpg").read_bytes()
    files = {"file": ("selfie.jpg", selfie, "image/jpeg")}
    outcome = call(client, "POST", "/pengkinian/selfie", files=files)
    assert outcome["decision"] == "pass", outcome
    return client, token


def finished_participant(base: str, env: dict[str, str]) -> str:
    """Budi's token after the whole Pengkinian Data flow, done over the API."""
    client, token = past_the_selfie(base, "budi")
    contact = {
        "phone": "0812-3456-7890",
        "email": DEMO_EMAIL,
        "npwp": "01.312.166.0-091.000",
        "passport": "",
        "bank_code": "002",
        "bank_account": "0123 0100 1234 567",
        "bank_account_holder": "BUDI SANTOSO",
    }
    state = call(client, "PUT", "/pengkinian/contact", json=contact)
    if state["pending_checks"]:
        call(client, "POST", "/pengkinian/contact/verify", json=latest_codes(env))
    population = {
        "gender": "L",
        "mother_name": "Sri Wahyuni",
        "kk_number": "3578010101100001",
        "family_relationship": "KEPALA_KELUARGA",
        "citizenship": "WNI",
        "marital_status": "KAWIN_TERCATAT",
        "address_street": "Jl. Raya Darmo No. 12",
        "address_rt": "3",
        "address_rw": "11",
        "province_code": "35",
        "regency_code": "3578",
        "district_code": "357801",
        "village_code": "3578011001",
        "postal_code": "60241",
    }
    call(client, "PUT", "/pengkinian/population", json=population)
    additional = {
        "education": "SLTA",
        "blood_type": "O+",
        "religion": "ISLAM",
        "emergency_name": "Sri Wahyuni",
        "emergency_phone": "0857 1111 2222",
        "emergency_relationship": "ORANG_TUA",
    }
    state = call(client, "PUT", "/pengkinian/additional", json=additional)
    submit = {"terms_accepted": True, "terms_version": state["terms_version"]}
    applied = call(client, "POST", "/pengkinian/submit", json=submit)
    assert applied["status"] == "applied", applied
    assert call(client, "GET", "/me")["data_is_current"] is True
    return token


def schemathesis(
    base: str, token: str, report: Path, examples: int, max_time: int, *only: str
) -> int:
    """``only``: extra selection options (``--include-tag pengkinian``)."""
    command = [
        str(BIN / "schemathesis"),
        "run",
        f"{base}/api/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(examples),
        "--max-time",
        str(max_time),
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--header",
        f"Authorization: Bearer {token}",
        "--generation-deterministic",
        "--seed",
        "13",
        "--continue-on-failure",
        "--no-shrink",
        "--wait-for-schema",
        "300",
        "--request-timeout",
        "60",
        "--workers",
        "1",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
        "--no-color",
    ]
    for operation in SESSION_ENDERS:
        command += ["--exclude-operation-id", operation]
    command += only
    done = subprocess.run(command, cwd=report.parent, check=False, capture_output=True, text=True)
    log = report.with_suffix(".log")
    log.write_text(done.stdout + done.stderr, encoding="utf-8")
    return done.returncode


ACCEPTANCE = "positive_data_acceptance"  # schemathesis's "schema-valid request refused"
BEYOND = "x-refusals-beyond-schema"
BY_CONTENT = "*"  # every refusal of an operation checked by content (jmo's beyond_schema)


def documented_refusals(document: dict[str, Any]) -> dict[str, set[str]]:
    """Per operation (``POST /api/v1/claims``), the refusals its document lists as needing
    state no schema can hold."""
    return {
        f"{method.upper()} {path}": {r for entry in op[BEYOND] for r in entry["refusals"]}
        for path, item in document["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and BEYOND in op
    }


def summary(report: Path, documented: dict[str, set[str]]) -> dict[str, Any]:
    """Requests, operations, failures by check and by (check, operation), statuses met,
    the schema-valid refusals split into documented and unexplained, and one example of
    each failure class, from the run's events."""
    requests = 0
    operations: set[str] = set()
    by_check: Counter[str] = Counter()
    by_operation: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    examples: dict[str, Any] = {}
    classes: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    unexplained: Counter[str] = Counter()
    for line in report.read_text(encoding="utf-8").splitlines():
        finished = json.loads(line).get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        if recorder.get("label", "").startswith(("GET ", "POST ", "PUT ", "PATCH ", "DELETE ")):
            operations.add(recorder["label"])
        cases = recorder.get("cases", {})
        requests += len(cases)
        for interaction in recorder.get("interactions", {}).values():
            response = (interaction or {}).get("response") or {}
            if "status_code" in response:
                statuses[response["status_code"]] += 1
        for case_id, checks in recorder.get("checks", {}).items():
            case = cases[case_id]["value"]
            label = f"{case['method']} {case['path']}"
            for check in checks:
                if check["status"] != "failure":
                    continue
                by_check[check["name"]] += 1
                key = f"{check['name']} {label}"
                by_operation[key] += 1
                interaction = recorder.get("interactions", {}).get(case_id) or {}
                response = interaction.get("response") or {}
                answer = _answer(response)
                reasons = _reasons(answer)
                for reason in reasons:
                    classes[f"{key} | {reason}"] += 1
                if check["name"] == ACCEPTANCE:
                    allowed = documented.get(label, set())
                    if BY_CONTENT in allowed or set(reasons) <= allowed:
                        refused["documented_beyond_schema"] += 1
                    else:
                        refused["unexplained"] += 1
                        for reason in set(reasons) - allowed:
                            unexplained[f"{label} | {reason}"] += 1
                if key not in examples:
                    examples[key] = {
                        "body": case.get("body"),
                        "query": case.get("query"),
                        "status": response.get("status_code"),
                        "answer": answer,
                    }
    return {
        "requests": requests,
        "operations": len(operations),
        "failures_by_check": dict(by_check.most_common()),
        "failures": dict(by_operation.most_common()),
        "statuses": dict(sorted(statuses.items())),
        "schema_valid_refused": {
            "documented_beyond_schema": refused["documented_beyond_schema"],
            "unexplained": refused["unexplained"],
        },
        "unexplained": dict(unexplained.most_common()),
        "classes": dict(classes.most_common()),
        "examples": examples,
    }


def failed(found: dict[str, Any]) -> bool:
    """Any check's failure but the documented refusals."""
    others = {k: n for k, n in found["failures_by_check"].items() if k != ACCEPTANCE}
    return bool(others) or found["schema_valid_refused"]["unexplained"] > 0


def _answer(response: dict[str, Any]) -> Any:
    content = (response.get("content") or {}).get("$base64")
    if not content:
        return None
    try:
        return json.loads(base64.b64decode(content))
    except ValueError:
        return base64.b64decode(content)[:200].decode("utf-8", "replace")


def _reasons(answer: Any) -> list[str]:
    """The error's code and each field's code: a rejection's class."""
    if not isinstance(answer, dict) or not isinstance(answer.get("error"), dict):
        return ["(no error body)"]
    error = answer["error"]
    fields = error.get("fields") or []
    if not fields:
        return [str(error.get("code"))]
    return [f"{f.get('field')}: {f.get('code')}" for f in fields]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=60)
    parser.add_argument("--max-time", type=int, default=1200)
    parser.add_argument("--report", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--classify", type=Path, help="summarise a kept report, no run")
    parser.add_argument("--document", type=Path, help="with --classify: the OpenAPI document")
    args = parser.parse_args()
    if args.classify:
        document = json.loads(args.document.read_text(encoding="utf-8"))
        found = summary(args.classify, documented_refusals(document))
        print(json.dumps({k: v for k, v in found.items() if k != "examples"}, indent=1))
        return 1 if failed(found) else 0
    workdir = Path(tempfile.mkdtemp(prefix="jmo-fuzz-"))
    port = free_port()
    env = os.environ | {
        "JMO_ENVIRONMENT": "development",
        "JMO_DATA_DIR": str(workdir / "data"),
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("JMO_DATABASE_URL", None)
    env.pop("JMO_REDIS_URL", None)
    jmo(env, "db", "upgrade")
    jmo(env, "demo", "--participants", "5")
    server = subprocess.Popen(
        [str(BIN / "jmo"), "serve", "--port", str(port)],
        env=env,
        stdout=(workdir / "server.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/openapi.json", 300)
        finished = finished_participant(base, env)
        _, half_way = past_the_selfie(base, "agus")
        report = (args.report or workdir / "schemathesis.ndjson").resolve()
        report.parent.mkdir(parents=True, exist_ok=True)
        served = httpx.get(f"{base}/api/openapi.json", timeout=60).json()
        report.with_name(report.stem + "-openapi.json").write_text(
            json.dumps(served), encoding="utf-8"
        )
        documented = documented_refusals(served)
        passes = (
            ("finished", report, finished, args.max_time, ()),
            (
                "half-way",
                report.with_name(report.stem + "-pengkinian.ndjson"),
                half_way,
                max(args.max_time // 4, 30),
                ("--include-tag", "pengkinian"),
            ),
        )
        any_failed = False
        for label, path, token, seconds, only in passes:
            started = time.monotonic()
            code = schemathesis(base, token, path, args.examples, seconds, *only)
            found = summary(path, documented)
            found["pass"] = label
            found["seconds"] = round(time.monotonic() - started)
            found["schemathesis_exit"] = code
            path.with_name(path.stem + "-summary.json").write_text(
                json.dumps(found, indent=1, default=str), encoding="utf-8"
            )
            print(json.dumps({k: v for k, v in found.items() if k != "examples"}, indent=1))
            any_failed = any_failed or failed(found)
        return 1 if any_failed else 0
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.keep:
            print(f"kept: {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
