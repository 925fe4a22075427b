"""The participant's heirs (ahli waris) for a death claim (JKM, and JHT paid to heirs).

The order is the rule's (PP 46/2015 jo 60/2015 for JHT, the same order for JKM and JKK
lump sums; docs/domain-rules.md §6): (a) the widow/widower or the children; (b) if none,
blood relatives in the direct line up to the second degree: parents, grandchildren,
grandparents; (c) siblings; (d) parents-in-law; (e) a person named in the participant's
will; (f) if there is no will, the estate office (Balai Harta Peninggalan), which is not a
person the participant records. Heirs are listed and shown in that order. Who is paid is
settled by the heir certificate an officer checks; the list tells the fund whom to expect
and lets a recorded heir's claim start pre-filled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from jmo.domain.claims.model import HeirRelationship
from jmo.domain.errors import CollectErrors, DomainError
from jmo.domain.identifiers.names import parse_person_name
from jmo.domain.identifiers.nik import Nik, parse_nik
from jmo.domain.identifiers.region import RegionCodes

# The rule's groups, in order: the lower the group, the earlier the heir.
ORDER: dict[HeirRelationship, int] = {
    HeirRelationship.SPOUSE: 1,
    HeirRelationship.CHILD: 1,
    HeirRelationship.PARENT: 2,
    HeirRelationship.GRANDCHILD: 2,
    HeirRelationship.GRANDPARENT: 2,
    HeirRelationship.SIBLING: 3,
    HeirRelationship.PARENT_IN_LAW: 4,
    HeirRelationship.NAMED_IN_WILL: 5,
}
GROUP_LETTERS = {1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}
MAX_HEIRS = 15  # a large family, with room; more is a branch matter
FIELDS = ("relationship", "full_name", "nik")


@dataclass(frozen=True)
class Heir:
    id: UUID
    participant_id: UUID
    relationship: HeirRelationship
    full_name: str
    nik: str
    created_at: datetime

    @property
    def group(self) -> int:
        return ORDER[self.relationship]


@dataclass(frozen=True)
class HeirInput:
    relationship: HeirRelationship
    full_name: str
    nik: str


def in_order(heirs: Iterable[Heir]) -> list[Heir]:
    """The rule's order, then the order they were recorded in."""
    return sorted(heirs, key=lambda h: (h.group, h.created_at))


def _relationship(raw: str | None) -> HeirRelationship:
    try:
        return HeirRelationship((raw or "").strip())
    except ValueError:
        raise DomainError("heir.relationship", field="relationship") from None


def parse_heir(raw: Mapping[str, str], regions: RegionCodes, *, today: date) -> HeirInput:
    """Every field checked, all errors at once."""
    errors = CollectErrors()
    relationship = errors.run("relationship", _relationship, raw.get("relationship"))
    name = errors.run("full_name", parse_person_name, raw.get("full_name"), "full_name")
    nik: Nik | None = errors.run("nik", parse_nik, raw.get("nik"), regions, today=today)
    errors.raise_if_any()
    assert relationship is not None and name is not None and nik is not None
    return HeirInput(relationship, name, nik.value)
