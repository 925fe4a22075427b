"""Issue 9, "rules written twice": the four-eyes flow around ``domain/backoffice/four_eyes``
(load, view, approve, reject, the timeline line, the notice) is written once, in
``usecases/backoffice/worked_requests``; every staff-worked request reads it from there."""

from __future__ import annotations

import inspect
from pathlib import Path

import jmo.usecases.backoffice.approvals as approvals
import jmo.usecases.backoffice.corrections as corrections
import jmo.usecases.backoffice.counter as counter
import jmo.usecases.backoffice.my_requests as my_requests
import jmo.usecases.backoffice.reference_photo as reference_photo
import jmo.usecases.employer.letters as letters
from jmo.usecases.backoffice import worked_requests as flow


def test_every_staff_worked_request_goes_through_the_one_flow() -> None:
    # the identity of each module's own import is what is checked, not a public name
    for module in (approvals, corrections):
        assert module.start_approval is flow.start_approval
        assert module.reject_worked_request is flow.reject_worked_request
        assert module.view_worked_request is flow.view_worked_request
        assert module.StaffRequestView is flow.StaffRequestView
    for module in (approvals, corrections, my_requests, reference_photo, letters):
        assert module.record_event is flow.record_event
    for module in (approvals, corrections, counter):
        assert module.record_history_version is flow.record_history_version
    # approving asks four eyes in one place only; no use case writes a timeline line itself
    usecases = Path(flow.__file__).resolve().parents[1]
    approving = sorted(
        str(p.relative_to(usecases))
        for p in usecases.rglob("*.py")
        if "rules.approve(" in p.read_text() or "CorrectionEvent(" in p.read_text()
    )
    assert approving == ["backoffice/worked_requests.py"]
    # every approval use case starts with the four-eyes check, before its own change
    for use_case in (approvals.approve_counter_request, corrections.approve_correction):
        source = inspect.getsource(use_case)
        assert source.index("start_approval(") < source.index("uow.participants.")
