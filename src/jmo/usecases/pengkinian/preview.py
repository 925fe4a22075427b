"""What "Konfirmasi" will change: the values and the field-level diff, before submitting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.errors import PermissionDenied
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.participant import FieldChange, diff_profiles
from jmo.usecases.access import access_own_participant
from jmo.usecases.pengkinian.submit import validated_values
from jmo.usecases.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class SubmissionPreview:
    values: dict[str, str | None]
    changes: tuple[FieldChange, ...]


def preview_submission(
    uow: UnitOfWork, actor: Actor, *, regions: RegionDirectory, now: datetime
) -> SubmissionPreview:
    with uow:
        participant = access_own_participant(uow, actor)
        draft = uow.drafts.open_for(participant.id)
        if draft is None:
            raise PermissionDenied("pengkinian.not_started")
        values = validated_values(draft, participant, regions, now)
        new_profile = participant.profile.with_changes(values)
        return SubmissionPreview(values, diff_profiles(participant.profile, new_profile))
