from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.biometric import LivenessChallenge
from jmo.domain.onboarding import Onboarding, Purpose
from jmo.domain.pengkinian.verification import ContactCheck
from jmo.storage.crypto import FieldCipher
from jmo.storage.rows_accounts import OnboardingRow

_CONTEXT = "account_onboardings.state"


class SqlOnboardings:
    def __init__(self, session: DbSession, cipher: FieldCipher) -> None:
        self._s = session
        self._c = cipher

    def _to_domain(self, row: OnboardingRow) -> Onboarding:
        state = json.loads(self._c.decrypt(row.state_enc, context=_CONTEXT) or "{}")
        challenge = state.get("liveness_challenge")
        return Onboarding(
            id=row.id,
            purpose=Purpose(row.purpose),
            participant_id=row.participant_id,
            created_at=row.created_at,
            checks={c: ContactCheck.from_json(v) for c, v in state.get("checks", {}).items()},
            codes_sent=int(state.get("codes_sent", 0)),
            face_passed_at=row.face_passed_at,
            liveness_challenge=LivenessChallenge.from_dict(challenge) if challenge else None,
            completed_at=row.completed_at,
        )

    def _state(self, item: Onboarding) -> str:
        state = {
            "checks": {c: check.to_json() for c, check in item.checks.items()},
            "codes_sent": item.codes_sent,
            "liveness_challenge": item.liveness_challenge.to_dict()
            if item.liveness_challenge
            else None,
        }
        return self._c.encrypt(json.dumps(state), context=_CONTEXT) or ""

    def add(self, item: Onboarding, token_hash: str) -> None:
        self._s.add(
            OnboardingRow(
                id=item.id,
                purpose=item.purpose.value,
                token_hash=token_hash,
                participant_id=item.participant_id,
                state_enc=self._state(item),
                face_passed_at=item.face_passed_at,
                created_at=item.created_at,
                expires_at=item.expires_at,
                completed_at=item.completed_at,
            )
        )
        self._s.flush()

    def by_token_hash(self, token_hash: str) -> Onboarding | None:
        row = self._s.scalar(select(OnboardingRow).where(OnboardingRow.token_hash == token_hash))
        return self._to_domain(row) if row else None

    def save(self, item: Onboarding) -> None:
        row = self._s.get(OnboardingRow, item.id)
        if row is None:
            raise LookupError("onboarding vanished")
        row.state_enc = self._state(item)
        row.face_passed_at = item.face_passed_at
        row.completed_at = item.completed_at
        self._s.flush()
