"""Schemathesis against the running app, as an outside client would run it: the document
from /api/openapi.json, a participant's token (half-way through Pengkinian Data), every
check on (no 5xx, documented statuses, content types and headers, answers matching their
schemas, schema-invalid requests refused, schema-valid requests accepted, ...) over the
examples, coverage, fuzzing and stateful phases (links inferred between operations). A
bounded number of examples keeps it in the normal run; ``JMO_FUZZ_EXAMPLES`` raises it for
a long run by hand (docs/api.md gives the figures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from jmo.usecases.accounts.sessions import Client, login
from jmo.usecases.ports import Services
from tests.cast import enrol_member, walk_to_confirm

pytestmark = pytest.mark.db

EXAMPLES = int(os.environ.get("JMO_FUZZ_EXAMPLES", "3"))
MAX_TIME = int(os.environ.get("JMO_FUZZ_MAX_TIME", "30"))
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
# The failures the document cannot prevent, each with its reason (docs/api.md, "What the
# schema does not say"); anything else fails the test.
ACCEPTED = {
    # Steps 7-9 and the submission: a phone number must be an Indonesian mobile number, an
    # NPWP pass its check digit, a KK number and region codes exist, a bank account fit its
    # bank, the draft hold valid entries for every step; the schema states types, lengths
    # and choices, not these.
    ("positive_data_acceptance", "PUT /api/v1/pengkinian/contact"),
    ("positive_data_acceptance", "PUT /api/v1/pengkinian/population"),
    ("positive_data_acceptance", "PUT /api/v1/pengkinian/additional"),
    ("positive_data_acceptance", "POST /api/v1/pengkinian/submit"),
    # Files are checked by content (a JPEG, PNG or PDF that parses, without active content):
    # bytes the schema allows can be neither a picture nor a document.
    ("positive_data_acceptance", "POST /api/v1/complaints"),
    ("positive_data_acceptance", "POST /api/v1/complaints/{complaint_id}/messages"),
    ("positive_data_acceptance", "POST /api/v1/claims"),
    # A claim event date may not lie in the future: "today" is not in a schema.
    ("positive_data_acceptance", "POST /api/v1/claims/quote"),
    # Registration and "Lupa akun" (issue 12): every step after the first needs the flow's
    # token from the step before (random, from the server), a mobile number the SMS can
    # reach, the codes that were sent; the first needs an identity that is in the registry
    # (a NIK whose area and birth date agree, a KPJ that exists, matching each other).
    *(
        ("positive_data_acceptance", f"POST /api/v1/{flow}{step}")
        for flow in ("registration", "account-recovery")
        for step in ("", "/contacts", "/codes", "/complete")
    ),
    # Liveness bursts and photos are checked by content (frames that decode, a face, the
    # challenge), as are a request's documents; "Bukan saya" needs the mailed token.
    ("positive_data_acceptance", "POST /api/v1/account-recovery/face/burst"),
    ("positive_data_acceptance", "POST /api/v1/account-recovery/face/photo"),
    ("positive_data_acceptance", "POST /api/v1/me/claim-lock/unlock/burst"),
    ("positive_data_acceptance", "POST /api/v1/me/claim-lock/unlock/photo"),
    ("positive_data_acceptance", "POST /api/v1/requests/{request_id}/documents"),
    ("positive_data_acceptance", "POST /api/v1/not-me"),
    # The full data export needs the single-use token mailed to the account (issue 8).
    ("positive_data_acceptance", "POST /api/v1/me/data/full"),
    # A booking's start is one of the office's slots on a working day from tomorrow (the
    # options call lists them): "tomorrow" and the office's clock are not in a schema; a
    # claim's booking (options too) names one of the participant's own open claims.
    ("positive_data_acceptance", "POST /api/v1/appointments"),
    ("positive_data_acceptance", "GET /api/v1/appointments/options"),
}
# These end the token the run uses (tests/api/test_account_security.py covers them).
SESSION_ENDERS = ("auth_api_logout", "account_password", "account_end")


@pytest.fixture
def bearer(services: Services) -> str:
    member = enrol_member(services)
    walk_to_confirm(services, member)
    result = login(
        services.uow(),
        services.passwords,
        services.limiter,
        email=member.email,
        password=member.password,
        client=Client("198.51.100.1", "fuzz"),
        now=services.clock.now(),
        policy=services.policy,
        notices=services.notices,
        devices=services.device_tokens,
        kind="api",
    )
    return result.token


def run_schemathesis(live_server: str, token: str, report: Path, workdir: Path) -> dict[str, Any]:
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{live_server}/api/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES),
        "--max-time",
        str(MAX_TIME),
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
        "120",
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
    done = subprocess.run(
        command, cwd=workdir, check=False, capture_output=True, text=True, timeout=MAX_TIME + 240
    )
    return {"code": done.returncode, "output": done.stdout + done.stderr}


def failures(report: Path) -> Counter[tuple[str, str]]:
    """Failed checks by (check, operation), from the run's events."""
    found: Counter[tuple[str, str]] = Counter()
    for line in report.read_text(encoding="utf-8").splitlines():
        finished = json.loads(line).get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        for case_id, checks in recorder.get("checks", {}).items():
            case = recorder["cases"][case_id]["value"]
            for check in checks:
                if check["status"] == "failure":
                    found[(check["name"], f"{case['method']} {case['path']}")] += 1
    return found


def generated_cases(report: Path) -> int:
    return sum(
        len(event["ScenarioFinished"]["recorder"].get("cases", {}))
        for event in map(json.loads, report.read_text(encoding="utf-8").splitlines())
        if "ScenarioFinished" in event
    )


def test_the_running_api_keeps_its_document(live_server: str, bearer: str, tmp_path: Path) -> None:
    report = Path(os.environ.get("JMO_FUZZ_REPORT", tmp_path / "schemathesis.ndjson"))
    # Its cache of failures goes to the test's own folder, not the work tree.
    result = run_schemathesis(live_server, bearer, report, tmp_path)
    assert report.exists(), result["output"][-3000:]
    found = failures(report)
    assert generated_cases(report) > 100, result["output"][-3000:]
    unexpected = {key: n for key, n in found.items() if key not in ACCEPTED}
    assert not unexpected, (unexpected, result["output"][-6000:])
