"""The participant registry behind ``ParticipantRegistry``: locally, the participants
table itself (the fund's own records). A population-registry (Dukcapil) adapter with the
same contract can replace it in bootstrap."""

from __future__ import annotations

import hmac
from uuid import UUID

from jmo.domain.identifiers.names import name_key
from jmo.domain.onboarding import IdentityClaim
from jmo.usecases.ports.unit_of_work import UnitOfWorkFactory


class LocalParticipantRegistry:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def match(self, claim: IdentityClaim) -> UUID | None:
        with self._uow() as uow:
            participant = uow.participants.get_by_kpj(claim.kpj)
        if participant is None:
            return None
        identity = participant.identity
        same = (
            hmac.compare_digest(identity.nik, claim.nik)
            and identity.birth_date == claim.birth_date
            and (
                claim.full_name is None or name_key(identity.full_name) == name_key(claim.full_name)
            )
        )
        return participant.id if same else None
