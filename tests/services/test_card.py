"""Kartu Digital on the real database: issuing, renewing, reissuing, the image and PDF,
and verification of a scanned token, tampered, expired, revoked or signed with a wrong or
retired key."""

from __future__ import annotations

import base64
import io
import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from pypdf import PdfReader

from jmo.adapters.card_tokens import SIGNED_KEPT, Ed25519CardTokens
from jmo.domain.card import CardClaims, CardStatus, Program, mask_kpj, mask_name, valid_through
from jmo.domain.errors import NotFound, PermissionDenied
from jmo.domain.time import FixedClock
from jmo.usecases.card.card import (
    card_file,
    open_card,
    reissue_card,
    revoke_card,
    verify_card,
)
from jmo.usecases.services import Services
from tests.cast import actor_of, enrol_member
from tests.services.helpers import current_member, officer


def _key() -> bytes:
    return os.urandom(32)


def _open(services: Services, actor, tokens=None):  # type: ignore[no-untyped-def]
    return open_card(
        services.uow(),
        actor,
        tokens=tokens or services.card_tokens,
        policy=services.policy,
        now=services.clock.now(),
    )


def _verify(services: Services, token: str, tokens=None):  # type: ignore[no-untyped-def]
    return verify_card(
        services.uow(),
        tokens or services.card_tokens,
        token,
        now=services.clock.now(),
        limiter=services.limiter,
        client_ip="192.0.2.1",
        policy=services.policy,
    )


def _flip(token: str, index: int) -> str:
    char = token[index]
    replacement = "A" if char != "A" else "B"
    return token[:index] + replacement + token[index + 1 :]


def test_valid_through_is_the_end_of_the_next_month_in_wib() -> None:
    issued = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    assert valid_through(issued) == datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC)
    december = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)  # already 1 January in WIB
    assert valid_through(december) == datetime(2027, 2, 28, 16, 59, 59, tzinfo=UTC)


def test_masks_show_enough_to_compare_with_an_id_card() -> None:
    assert mask_name("Budi Santoso") == "Budi S******"
    assert mask_name("Sukarno") == "Suka***"
    assert mask_kpj("20000000001") == "2000*****01"


def test_locked_until_the_data_update_is_done(db: object, services: Services) -> None:
    member = enrol_member(services)
    with pytest.raises(PermissionDenied) as raised:
        _open(services, actor_of(services, member))
    assert raised.value.code == "service.locked"


def test_issues_once_and_shows_the_same_card_until_it_expires(
    db: object, services: Services, clock: FixedClock
) -> None:
    member, actor = current_member(services)
    first = _open(services, actor)
    assert first.card.programs == (Program.JKK, Program.JKM, Program.JHT, Program.JP, Program.JKP)
    assert first.card.employer_name == "PT Uji Coba Sejahtera"
    assert first.card.kpj == member.kpj
    assert member.nik not in first.verify_url and member.kpj not in first.token
    assert first.nik_masked.endswith(member.nik[-2:]) and member.nik not in first.nik_masked
    again = _open(services, actor)
    assert again.card.id == first.card.id and again.token == first.token

    clock.advance(timedelta(days=40))  # into January: the December card has expired
    renewed = _open(services, actor)
    assert renewed.card.id != first.card.id
    assert _verify(services, first.token).status is CardStatus.EXPIRED
    assert _verify(services, renewed.token).status is CardStatus.VALID


def test_reissue_revokes_the_old_card(db: object, services: Services) -> None:
    _, actor = current_member(services)
    old = _open(services, actor)
    new = reissue_card(
        services.uow(),
        actor,
        tokens=services.card_tokens,
        policy=services.policy,
        now=services.clock.now(),
    )
    assert new.card.id != old.card.id
    revoked = _verify(services, old.token)
    assert revoked.status is CardStatus.REVOKED
    assert revoked.name_masked is None and revoked.kpj_masked is None  # nothing personal
    assert _verify(services, new.token).status is CardStatus.VALID


def test_staff_revoke_and_participants_cannot(db: object, services: Services) -> None:
    _, actor = current_member(services)
    view = _open(services, actor)
    now = services.clock.now()
    with pytest.raises(PermissionDenied):
        revoke_card(services.uow(), actor, view.card.id, reason="fraud", now=now)
    _, staff = officer(services)
    revoke_card(services.uow(), staff, view.card.id, reason="fraud", now=now)
    assert _verify(services, view.token).status is CardStatus.REVOKED
    with pytest.raises(NotFound):
        revoke_card(services.uow(), staff, uuid.uuid4(), reason="fraud", now=now)
    # the next visit issues a fresh card
    assert _open(services, actor).card.id != view.card.id


def test_valid_verification_shows_only_masked_name_kpj_and_programs(
    db: object, services: Services
) -> None:
    member, actor = current_member(services)
    result = _verify(services, _open(services, actor).token)
    assert result.status is CardStatus.VALID
    assert result.name_masked == "Budi S******"
    assert result.kpj_masked == mask_kpj(member.kpj)
    assert Program.JHT in result.programs
    shown = repr(result)
    for secret in (member.nik, member.kpj, "1985", "Santoso", "PT Uji"):
        assert secret not in shown


@pytest.mark.parametrize(
    "tamper",
    [
        "claims byte",
        "signature byte",
        "key id",
        "truncated",
        "extra part",
        "padding",
        "garbage",
        "empty",
        "too long",
    ],
)
def test_tampered_tokens_are_invalid(db: object, services: Services, tamper: str) -> None:
    _, actor = current_member(services)
    token = _open(services, actor).token
    kid, claims, signature = token.split(".")
    forged = {
        "claims byte": _flip(token, len(kid) + 5),
        "signature byte": _flip(token, len(kid) + len(claims) + 10),
        "key id": "other." + claims + "." + signature,
        "truncated": token[:-3],
        "extra part": token + ".AAAA",
        "padding": token + "=",
        "garbage": "not-a-token",
        "empty": "",
        "too long": token + "A" * 500,
    }[tamper]
    assert forged != token
    result = _verify(services, forged)
    assert result.status is CardStatus.INVALID
    assert result.name_masked is None and result.programs == ()


def test_a_token_signed_with_an_unknown_key_is_invalid(db: object, services: Services) -> None:
    _, actor = current_member(services)
    real = _open(services, actor)
    # Same key id, another private key: a forger who guessed the id.
    forger = Ed25519CardTokens([(services.card_tokens.current_key_id, _key())])
    claims = CardClaims(real.card.id, real.card.issued_at, real.card.valid_through)
    assert _verify(services, forger.sign(claims)).status is CardStatus.INVALID
    # A later expiry on a real card id, signed by a stranger's key.
    longer = CardClaims(
        real.card.id, real.card.issued_at, real.card.valid_through + timedelta(days=365)
    )
    assert (
        _verify(services, Ed25519CardTokens([("x", _key())]).sign(longer)).status
        is CardStatus.INVALID
    )


def test_key_rotation_old_cards_verify_until_the_key_is_retired(
    db: object, services: Services
) -> None:
    old_key, new_key = ("k1", _key()), ("k2", _key())
    before = Ed25519CardTokens([old_key])
    _, actor = current_member(services)
    old_card = _open(services, actor, before)
    assert old_card.token.startswith("k1.")

    rotated = Ed25519CardTokens([new_key, old_key])
    assert _verify(services, old_card.token, rotated).status is CardStatus.VALID
    shown_now = _open(services, actor, rotated)  # the same card, now shown with the new key
    assert shown_now.card.id == old_card.card.id and shown_now.token.startswith("k2.")
    assert _verify(services, shown_now.token, rotated).status is CardStatus.VALID

    retired = Ed25519CardTokens([new_key])
    assert _verify(services, old_card.token, retired).status is CardStatus.INVALID
    assert _verify(services, shown_now.token, retired).status is CardStatus.VALID


def test_claims_for_a_card_that_does_not_exist_are_invalid(db: object, services: Services) -> None:
    now = services.clock.now()
    ghost = CardClaims(uuid.uuid4(), now, now + timedelta(days=30))
    assert _verify(services, services.card_tokens.sign(ghost)).status is CardStatus.INVALID


def test_the_card_as_png_and_pdf(db: object, services: Services) -> None:
    member, actor = current_member(services)
    now = services.clock.now()
    png = card_file(
        services.uow(),
        actor,
        kind="png",
        locale="id",
        tokens=services.card_tokens,
        renderer=services.card_renderer,
        policy=services.policy,
        now=now,
    )
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1012, 638)
    document = card_file(
        services.uow(),
        actor,
        kind="pdf",
        locale="en",
        tokens=services.card_tokens,
        renderer=services.card_renderer,
        policy=services.policy,
        now=now,
    )
    assert document.startswith(b"%PDF-")
    text = PdfReader(io.BytesIO(document)).pages[0].extract_text()
    assert "MEMBERSHIP CARD" in text
    assert member.kpj in text and "BUDI SANTOSO" in text
    assert member.nik not in text and member.nik[-2:] in text
    assert "JKK · JKM · JHT · JP · JKP" in text
    assert "31 December 2026" in text
    # the QR code is drawn, not a link annotation carrying the token in clear
    assert b"/verify/" not in document


def test_unemployed_participant_keeps_only_jht(db: object, services: Services) -> None:
    _, actor = current_member(services, employed=False)
    view = _open(services, actor)
    assert view.card.programs == (Program.JHT,)
    assert view.card.employer_name is None


def test_token_encoding_is_canonical(db: object, services: Services) -> None:
    _, actor = current_member(services)
    token = _open(services, actor).token
    kid, claims, signature = token.split(".")
    raw = base64.urlsafe_b64decode(signature + "==")
    # the same signature bytes with different unused bits in the last character
    last = signature[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    sibling = alphabet[alphabet.index(last) ^ 1]
    variant = f"{kid}.{claims}.{signature[:-1]}{sibling}"
    if base64.urlsafe_b64decode(variant.split(".")[2] + "==") == raw:
        assert _verify(services, variant).status is CardStatus.INVALID


def test_kept_tokens_are_the_tokens_signing_gives_and_their_number_is_bounded() -> None:
    tokens = Ed25519CardTokens([("k1", _key())])
    at = datetime(2026, 11, 30, tzinfo=UTC)
    first = CardClaims(uuid.uuid4(), at, at + timedelta(days=30))
    token = tokens.sign(first)
    # the kept token is the one a fresh signature gives (Ed25519 is deterministic)
    assert tokens.sign(first) == token == tokens._sign_now(b"jmo-card-v1.", first.encode())
    assert tokens.verify(token) == first
    for _ in range(SIGNED_KEPT + 10):
        tokens.sign(CardClaims(uuid.uuid4(), at, at + timedelta(days=30)))
    assert len(tokens._signed) == SIGNED_KEPT
    assert tokens.verify(tokens.sign(first)) == first  # signed again once forgotten
