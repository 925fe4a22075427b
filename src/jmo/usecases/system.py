"""The actor for operators at the command line and for system jobs."""

from __future__ import annotations

import uuid

from jmo.domain.accounts import Actor, Role
from jmo.domain.backoffice.branches import HEAD_OFFICE

# A fixed id so audit entries of CLI and system actions are recognisable.
OPERATOR_ACCOUNT_ID = uuid.UUID("00000000-0000-0000-0000-00000000c11a")


def operator_actor(channel: str = "cli") -> Actor:
    return Actor(
        account_id=OPERATOR_ACCOUNT_ID,
        role=Role.ADMIN,
        participant_id=None,
        channel=channel,
        branch_code=HEAD_OFFICE,  # the operator at the server's shell serves every branch
    )
