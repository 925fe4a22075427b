"""What keeps a person from finishing Pengkinian Data, and the way forward from each
(issue 12: "never left without a way forward"). Every blocker is offered a branch
appointment for its purpose and a help ticket tied to the case; nothing here is a bypass.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from jmo.domain.backoffice.appointments import Purpose
from jmo.domain.complaints import PENGKINIAN_HELP


class Blocker(StrEnum):
    NO_REFERENCE_PHOTO = "no_reference_photo"  # no photo to compare a selfie with
    SELFIES_REFUSED = "selfies_refused"  # the face checks of the window are used up
    REVIEW_PENDING = "review_pending"  # a borderline selfie waits for an officer
    IDENTITY_CORRECTION_OPEN = "identity_correction_open"  # data an officer must correct


# The branch appointment's purpose (``keperluan`` of /janji-temu/baru) for each blocker.
APPOINTMENT_PURPOSE: dict[Blocker, Purpose] = {
    Blocker.NO_REFERENCE_PHOTO: Purpose.REFERENCE_PHOTO,
    Blocker.SELFIES_REFUSED: Purpose.FACE_CHECK,
    Blocker.REVIEW_PENDING: Purpose.FACE_CHECK,
    Blocker.IDENTITY_CORRECTION_OPEN: Purpose.IDENTITY_CORRECTION,
}


@dataclass(frozen=True)
class WayForward:
    blocker: Blocker
    reference: str  # the case: the request's, the face attempt's or the draft's reference

    @property
    def appointment_purpose(self) -> Purpose:
        return APPOINTMENT_PURPOSE[self.blocker]

    @property
    def help_category(self) -> str:
        return PENGKINIAN_HELP


def ways_forward(
    *,
    has_reference_photo: bool,
    tries_used_up: bool,
    review_pending: bool,
    open_correction: str | None,
    attempt_reference: str | None,
    draft_reference: str,
) -> list[WayForward]:
    """Each blocker that holds now, with the reference of its case (``open_correction``:
    the open correction request's reference)."""
    found: list[WayForward] = []
    face_case = attempt_reference or draft_reference
    if not has_reference_photo:
        found.append(WayForward(Blocker.NO_REFERENCE_PHOTO, draft_reference))
    elif review_pending:
        found.append(WayForward(Blocker.REVIEW_PENDING, face_case))
    elif tries_used_up:
        found.append(WayForward(Blocker.SELFIES_REFUSED, face_case))
    if open_correction is not None:
        found.append(WayForward(Blocker.IDENTITY_CORRECTION_OPEN, open_correction))
    return found
