"""The named cast of the tests, created through the real use cases (never raw inserts).

Photos: the demo reference photos shipped in the package and the matching selfies in
``demo/selfies`` (deepface test images, MIT).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from jmo.cli.demo import PERSONAS, Persona
from jmo.domain.accounts import Actor, Role
from jmo.domain.identifiers.bank import get_bank
from jmo.domain.identifiers.generate import generate_bank_account, generate_mobile
from jmo.domain.participant import Employment, Participant, Profile
from jmo.domain.pengkinian.change_request import ChangeRequest
from jmo.domain.pengkinian.steps import Step
from jmo.domain.reference import Gender
from jmo.usecases.accounts.create import create_account
from jmo.usecases.notifications.views import outbox_overview
from jmo.usecases.participants.enrol import (
    NewParticipant,
    enroll_reference_photo,
    register_participant,
)
from jmo.usecases.pengkinian.contact_check import verify_contact
from jmo.usecases.pengkinian.flow import confirm_identity, save_step, start_pengkinian
from jmo.usecases.pengkinian.selfie import verify_selfie
from jmo.usecases.pengkinian.submit import submit_pengkinian
from jmo.usecases.services import Services

ROOT = Path(__file__).resolve().parent.parent
SELFIES = ROOT / "demo" / "selfies"
PASSWORD = "correct-horse-battery"


def reference_photo(name: str) -> bytes:
    return resources.files("jmo.demo").joinpath("faces", f"{name}-reference.jpg").read_bytes()


def selfie(name: str) -> bytes:
    return (SELFIES / f"{name}.jpg").read_bytes()


@dataclass(frozen=True)
class Member:
    participant: Participant
    email: str
    password: str
    face: str | None

    @property
    def kpj(self) -> str:
        return self.participant.identity.kpj

    @property
    def nik(self) -> str:
        return self.participant.identity.nik


_SERIAL = iter(range(1, 10_000))
# The demo's people are the tests' people: one cast (jmo.cli.demo.PERSONAS), read here.
CAST: dict[str, Persona] = {p.key: p for p in PERSONAS}
BUDI = CAST["budi"]


def face_of(persona: Persona) -> str | None:
    """The name of the persona's reference photo in jmo/demo/faces ("budi"), if any."""
    if persona.reference_photo is None:
        return None
    return persona.reference_photo.removesuffix("-reference.jpg")


def persona_member(services: Services, key: str, **overrides: Any) -> Member:
    """A demo persona (name, gender, birth date, reference photo) as a test member; a new
    KPJ and NIK each time, like every ``enrol_member``."""
    persona = CAST[key]
    values: dict[str, Any] = {
        "key": key,
        "full_name": persona.full_name,
        "gender": persona.gender,
        "birth_date": persona.birth_date,
        "face": face_of(persona),
    }
    return enrol_member(services, **(values | overrides))


def enrol_member(
    services: Services,
    *,
    key: str = BUDI.key,
    full_name: str = BUDI.full_name,
    gender: Gender = BUDI.gender,
    birth_date: date = BUDI.birth_date,
    district: str = "357801",
    face: str | None = "budi",
    employed: bool = True,
    employments: tuple[Employment, ...] | None = None,
    nik: str | None = None,
    account: bool = True,
    profile: dict[str, Any] | None = None,
) -> Member:
    """A participant with an account (and a reference photo unless ``face`` is None).
    ``employments`` replaces the one default job (``employed`` says if it has ended);
    ``nik`` reuses a NIK: another KPJ of the same person; ``account=False`` makes a
    participant who has not signed up (and so has no reference photo either)."""
    serial = next(_SERIAL)
    rng = random.Random(serial)
    day = birth_date.day + (40 if gender is Gender.FEMALE else 0)
    nik = nik or f"{district}{day:02d}{birth_date:%m%y}{serial:04d}"
    kpj = f"3{serial:010d}"
    email = f"{key}{serial}@test.jmo.id"
    bank = get_bank("014")
    base = Profile(
        phone=generate_mobile(rng),
        email=email,
        bank_code=bank.code,
        bank_account=generate_bank_account(rng, bank),
        bank_account_holder=full_name,
        gender=gender.value,
        citizenship="WNI",
    ).with_changes(profile or {})
    now = services.clock.now()
    participant = register_participant(
        services.uow(),
        None,
        NewParticipant(
            nik=nik,
            kpj=kpj,
            full_name=full_name,
            birth_place="Surabaya",
            birth_date=birth_date,
            profile=base,
            employments=employments
            or (
                Employment(
                    "30000001",
                    "PT Uji Coba Sejahtera",
                    date(2015, 1, 1),
                    None if employed else date(2025, 6, 30),
                    6_000_000,
                ),
            ),
        ),
        regions=services.regions,
        now=now,
    )
    if not account:
        return Member(participant=participant, email=email, password=PASSWORD, face=None)
    create_account(
        services.uow(),
        services.passwords,
        None,
        email=email,
        password=PASSWORD,
        role=Role.PARTICIPANT,
        now=now,
        kpj=kpj,
    )
    if face is not None:
        enroll_reference_photo(
            services.uow(),
            None,
            services.faces,
            kpj=kpj,
            image=reference_photo(face),
            source="test",
            now=now,
        )
    return Member(participant=participant, email=email, password=PASSWORD, face=face)


def valid_contact(member: Member) -> dict[str, str]:
    return {
        "phone": "0812-3456-7890",
        "email": member.email,
        "npwp": "01.312.166.0-091.000",
        "passport": "",
        "bank_code": "002",
        "bank_account": "0123 0100 1234 567",
        "bank_account_holder": member.participant.identity.full_name.upper(),
    }


def valid_population(gender: str = "L") -> dict[str, str]:
    return {
        "gender": gender,
        "mother_name": "Sri Wahyuni",
        "kk_number": "3578010101100001",
        "family_relationship": "KEPALA_KELUARGA",
        "citizenship": "WNI",
        "marital_status": "KAWIN_TERCATAT",
        "address_street": "Jl. Raya Darmo No. 12",
        "address_rt": "3",
        "address_rw": "11",
        "province_code": "35",
        "regency_code": "3578",
        "district_code": "357801",
        "village_code": "3578011001",
        "postal_code": "60241",
    }


def valid_additional() -> dict[str, str]:
    return {
        "education": "SLTA",
        "blood_type": "O+",
        "religion": "ISLAM",
        "emergency_name": "Sri Wahyuni",
        "emergency_phone": "0857 1111 2222",
        "emergency_relationship": "ORANG_TUA",
    }


def actor_of(services: Services, member: Member) -> Actor:
    """The member acting through the app, as the edge would build it after login."""
    uow = services.uow()
    with uow:
        account = uow.accounts.get_by_email(member.email)
    assert account is not None
    return Actor(
        account.id, Role.PARTICIPANT, member.participant.id, "app", "203.0.113.7", "pytest"
    )


def walk_to_selfie(services: Services, member: Member) -> Actor:
    """Steps 5 and 6 done (identity confirmed, a passing selfie); returns the actor."""
    actor = actor_of(services, member)
    now = services.clock.now()
    start_pengkinian(services.uow(), actor, now=now)
    confirm_identity(services.uow(), actor, now=now)
    outcome = verify_selfie(
        services.uow(),
        actor,
        services.faces,
        selfie(member.face or "budi"),
        policy=services.policy,
        now=now,
    )
    assert outcome.passed, outcome.match
    return actor


def walk_to_confirm(services: Services, member: Member, **contact: str) -> Actor:
    """Steps 5-9 done with valid data and a passing selfie, with some contact values
    changed when given (for example ``npwp=""``); returns the member's actor."""
    actor = walk_to_selfie(services, member)
    now = services.clock.now()
    for step, values in (
        (Step.CONTACT, valid_contact(member) | contact),
        (Step.POPULATION, valid_population(member.participant.profile.gender or "L")),
        (Step.ADDITIONAL, valid_additional()),
    ):
        view = save_step(
            services.uow(),
            actor,
            step,
            values,
            regions=services.regions,
            notices=services.notices,
            now=now,
        )
        if view.pending_checks:  # a new phone/email: type the codes that were sent
            verify_contact(services.uow(), actor, sent_codes(services, member), now=now)
    return actor


def sent_codes(services: Services, member: Member | None = None) -> dict[str, str]:
    """The latest one-time codes in the outbox (for ``member`` when given), as the person
    would read them (the dev outbox shows them; the stored text holds a placeholder)."""
    notices = outbox_overview(services.uow(), limit=500, reveal_secrets=True).notices
    if member is not None:
        notices = [n for n in notices if n.participant_id == member.participant.id]
    codes: dict[str, str] = {}
    for notice in notices:  # newest first
        kind = {"otp.phone": "phone_code", "otp.email": "email_code"}.get(notice.kind)
        found = re.search(r"\b(\d{6})\b", notice.body)
        if kind and found and kind not in codes:
            codes[kind] = found.group(1)
    return codes


def complete_pengkinian(services: Services, member: Member, **contact: str) -> ChangeRequest:
    """The whole data update, applied: the services it unlocks are open afterwards."""
    actor = walk_to_confirm(services, member, **contact)
    return submit_pengkinian(
        services.uow(),
        actor,
        terms_accepted=True,
        terms_version=services.policy.terms_version,
        regions=services.regions,
        notices=services.notices,
        policy=services.policy,
        now=services.clock.now(),
    ).change_request


def unregistered(services: Services, *, key: str = "rina") -> Member:
    """Rina Marlina: a participant without an account (the demo's /daftar persona)."""
    return persona_member(services, key, district="327101", face=None, account=False)
