"""Issue 9 item 7: every action the use cases record has a sentence in the access log, in
both languages (one list, jmo.web.audit_labels, found against the code itself)."""

from __future__ import annotations

import ast
from pathlib import Path

from jmo.domain.backoffice.corrections import EventKind
from jmo.domain.claims.model import ClaimStatus
from jmo.domain.pengkinian.steps import FORM_STEPS
from jmo.i18n import translate
from jmo.usecases.appointments.booking import AUDITED_EVENTS
from jmo.usecases.staff_reads import STAFF_READ_ACTION
from jmo.web.audit_labels import AUDIT_ACTIONS, CHANNELS, ROLES

SRC = Path(__file__).resolve().parents[2] / "src/jmo"
# the actions written as f-strings, spelled out
TEMPLATES = {
    "f'pengkinian.{step.value}_saved'": {f"pengkinian.{s.value}_saved" for s in FORM_STEPS},
    "f'claim.{to.value}'": {f"claim.{s.value}" for s in ClaimStatus},
    "STAFF_READ_ACTION": {STAFF_READ_ACTION},
    "f'identity_correction.{kind.value}'": {f"identity_correction.{k.value}" for k in EventKind},
    "f'appointment.{event}'": {f"appointment.{e}" for e in AUDITED_EVENTS},
    # the branch counter's requests (usecases/backoffice/approvals.py)
    "f'{request.kind.value}.{kind.value}'": {
        *(
            f"{k}.{e}"
            for k in ("reference_photo", "bank_change")
            for e in ("prepared", "approved", "rejected")
        ),
        "bank_change.requested",  # asked in the app, for an officer to check first
    },
}


def recorded_actions() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and len(node.args) >= 3):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name != "audit":
                continue
            action = node.args[2]
            if isinstance(action, ast.Constant) and isinstance(action.value, str):
                found.add(action.value)
            else:
                spelled = ast.unparse(action)
                assert spelled in TEMPLATES, f"{path}: spell out the action {spelled}"
                found |= TEMPLATES[spelled]
    return found


def test_every_recorded_action_has_a_sentence_in_both_languages() -> None:
    actions = recorded_actions()
    assert len(actions) > 30  # the scan really found the use cases' audit calls
    missing = sorted(actions - set(AUDIT_ACTIONS))
    assert missing == [], f"add a sentence to jmo.web.audit_labels: {missing}"
    for text in [*AUDIT_ACTIONS.values(), *ROLES.values(), *CHANNELS.values()]:
        assert translate("en", text) != text, f"no English for {text!r}"
