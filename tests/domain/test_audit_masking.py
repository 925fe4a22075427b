"""What an audit export masks (issue 11, Audit): no stand-alone number of eight digits or
more leaves in clear, whatever the nesting; identifiers inside UUIDs and references, and
amounts, are left as they are."""

from __future__ import annotations

import re
import uuid
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from jmo.domain.audit import mask_numbers

WORDS = st.text(alphabet="abc ,:/", max_size=6)
LONG = st.text(alphabet="0123456789", min_size=8, max_size=20)
TEXT = st.lists(st.one_of(WORDS, LONG), max_size=6).map(" ".join)
DETAILS = st.recursive(
    st.one_of(TEXT, st.integers(), st.booleans(), st.none()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3),
    ),
    max_leaves=10,
)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@given(details=DETAILS)
def test_no_long_number_stays_in_clear(details: Any) -> None:
    for text in _strings(mask_numbers(details)):
        assert not re.search(r"(?<![\w-])\d{8,}(?![\w-])", text), text


@given(digits=LONG)
def test_a_nik_keeps_its_ends_anything_else_its_last_four(digits: str) -> None:
    masked = mask_numbers(f"no {digits}")
    if len(digits) == 16:
        assert masked == f"no {digits[:4]} **** **** **{digits[-2:]}"
    else:
        assert masked == "no " + "*" * (len(digits) - 4) + digits[-4:]


def test_uuids_references_and_amounts_are_left_alone() -> None:
    record = str(uuid.UUID(int=12345678901234567890))
    details = {"claim": record, "ref": "KLM-20261130-00012345", "amount": 281_197_602}
    assert mask_numbers(details) == details
