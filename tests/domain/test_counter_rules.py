"""The branch counter's rules: which originals a change needs (the counter's own and the
field policy's), the ticked list parsed, the branch channel held to the field policy, and
four eyes."""

from __future__ import annotations

import uuid

import pytest

from jmo.domain.backoffice.counter import originals_needed, parse_documents_seen
from jmo.domain.backoffice.four_eyes import require_second_person
from jmo.domain.errors import PermissionDenied, ValidationFailed
from jmo.domain.pengkinian.change_request import Channel, DocumentType
from jmo.domain.pengkinian.policy import check_channel_changes


def test_originals_needed() -> None:
    assert originals_needed([]) == (DocumentType.E_KTP,)
    assert originals_needed(["bank_account"]) == (DocumentType.E_KTP, DocumentType.BANK_BOOK)
    assert DocumentType.KARTU_KELUARGA in originals_needed(["gender"])  # the policy's
    assert DocumentType.KARTU_KELUARGA in originals_needed(["kk_number"])
    assert originals_needed(["npwp", "passport"])[1:] == (
        DocumentType.NPWP_CARD,
        DocumentType.PASSPORT,
    )


def test_documents_seen_parsed() -> None:
    assert parse_documents_seen(["bank_book", "e_ktp", "e_ktp"]) == (
        DocumentType.E_KTP,
        DocumentType.BANK_BOOK,
    )
    with pytest.raises(ValidationFailed):
        parse_documents_seen([])
    with pytest.raises(ValidationFailed):
        parse_documents_seen(["selfie"])


def test_the_branch_channel_keeps_to_the_field_policy() -> None:
    check_channel_changes(Channel.BRANCH, {"phone": "+6281"}, {"phone": "+6282"})
    with pytest.raises(ValidationFailed) as refused:
        check_channel_changes(Channel.BRANCH, {"kpj": "1"}, {"kpj": "2"})
    assert refused.value.errors[0].code == "policy.forbidden_channel"


def test_four_eyes() -> None:
    one, other = uuid.uuid4(), uuid.uuid4()
    require_second_person(one, other)
    for prepared in (one, None):
        with pytest.raises(PermissionDenied):
            require_second_person(prepared, one)
