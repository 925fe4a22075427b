"""Demo data: named logins with reference photos, and generated participants.

Everything goes through the real use cases (registration, accounts, photo enrolment), so
the demo data obeys the same rules as real data. The same seed gives the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources

import typer

from jmo.adapters.regions import load_region_directory
from jmo.bootstrap import bootstrap
from jmo.domain.accounts import Role
from jmo.domain.identifiers.bank import BANKS, get_bank
from jmo.domain.identifiers.generate import (
    generate_bank_account,
    generate_kpj,
    generate_mobile,
    generate_nik,
    generate_npwp15,
)
from jmo.domain.identifiers.region import RegionDirectory, RegionLevel
from jmo.domain.participant import Employment, Profile
from jmo.domain.reference import Gender
from jmo.settings import Settings
from jmo.usecases.accounts.create import create_account
from jmo.usecases.participants.enrol import (
    NewParticipant,
    enroll_reference_photo,
    register_participant,
)
from jmo.usecases.services import Services

DEMO_PASSWORD = "jmo-demo-2026"  # noqa: S105 - printed on purpose: demo logins only


@dataclass(frozen=True)
class Persona:
    key: str
    full_name: str
    email: str
    gender: Gender
    birth_date: date
    birth_place: str
    regency: str  # where the NIK was issued (Kemendagri regency code)
    reference_photo: str | None  # file in jmo/demo/faces
    selfie: str | None  # the same person's other photo, to upload as the selfie (README)
    employer: tuple[str, str]  # NPP, name
    employed_since: date
    left_on: date | None
    wage: int
    note: str
    account: bool = True  # False: a participant who has not signed up (try /daftar)


PERSONAS: tuple[Persona, ...] = (
    # Complete the whole flow with the selfie named here.
    Persona(
        "budi",
        "Budi Santoso",
        "budi@demo.jmo.id",
        Gender.MALE,
        date(1985, 3, 12),
        "Surabaya",
        "3578",
        "budi-reference.jpg",
        "demo/selfies/budi.jpg",
        ("10000002", "PT Samudra Logistik Nusantara"),
        date(2009, 7, 1),
        None,
        12_750_000,
        "no NPWP on file: the contact step explains the higher JHT tax",
    ),
    Persona(
        "agus",
        "Agus Wijaya",
        "agus@demo.jmo.id",
        Gender.MALE,
        date(1979, 6, 30),
        "Medan",
        "1275",
        "agus-reference.jpg",
        "demo/selfies/agus.jpg",
        ("10000004", "PT Sumatera Agro Lestari"),
        date(2004, 2, 1),
        None,
        15_000_000,
        "old bank account and no emergency contact on file",
    ),
    Persona(
        "hendra",
        "Hendra Gunawan",
        "hendra@demo.jmo.id",
        Gender.MALE,
        date(1983, 1, 21),
        "Makassar",
        "7371",
        "hendra-reference.jpg",
        "demo/selfies/hendra.jpg",
        ("10000005", "PT Celebes Retail Indonesia"),
        date(2011, 5, 1),
        date(2025, 12, 31),
        5_500_000,
        "resigned: an identity correction asks for a resignation letter",
    ),
    Persona(
        "bambang",
        "Bambang Prakoso",
        "bambang@demo.jmo.id",
        Gender.MALE,
        date(1975, 4, 2),
        "Yogyakarta",
        "3471",
        "bambang-reference.jpg",
        "demo/selfies/bambang.jpg",
        ("10000003", "CV Karya Mandiri Jogja"),
        date(2001, 1, 15),
        None,
        9_200_000,
        "employed",
    ),
    # Show the rules at work.
    Persona(
        "siti",
        "Siti Rahayu",
        "siti@demo.jmo.id",
        Gender.FEMALE,
        date(1990, 8, 17),
        "Bandung",
        "3273",
        "siti-reference.jpg",
        "demo/selfies/siti.jpg",
        ("10000001", "PT Maju Bersama Sejahtera"),
        date(2014, 3, 1),
        None,
        8_500_000,
        "her selfie (a press photo) is refused: background not plain",
    ),
    Persona(
        "dewi",
        "Dewi Lestari",
        "dewi@demo.jmo.id",
        Gender.FEMALE,
        date(1992, 11, 5),
        "Bandung",
        "3273",
        "dewi-reference.jpg",
        "demo/selfies/dewi.jpg",
        ("10000001", "PT Maju Bersama Sejahtera"),
        date(2018, 1, 15),
        None,
        4_200_000,
        "the same woman years apart: distance 0.60, sent to an officer's review",
    ),
    Persona(
        "joko",
        "Joko Susilo",
        "joko@demo.jmo.id",
        Gender.MALE,
        date(1988, 9, 9),
        "Semarang",
        "3374",
        None,
        None,
        ("10000001", "PT Maju Bersama Sejahtera"),
        date(2012, 10, 1),
        None,
        7_000_000,
        "no reference photo: told to verify at a branch office",
    ),
    # No account yet: register at /daftar with the NIK, KPJ and birth date printed at start.
    Persona(
        "rina",
        "Rina Marlina",
        "rina@demo.jmo.id",
        Gender.FEMALE,
        date(1994, 2, 14),
        "Bogor",
        "3271",
        None,
        None,
        ("10000001", "PT Maju Bersama Sejahtera"),
        date(2019, 4, 1),
        None,
        5_100_000,
        "no account yet: Buat Akun Baru at /daftar",
        account=False,
    ),
)

_FIRST_M = (
    "Ahmad",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Hendra",
    "Irfan",
    "Joko",
    "Muhammad",
    "Rizky",
    "Slamet",
    "Taufik",
    "Wahyu",
    "Yusuf",
    "Agung",
    "Bayu",
    "Dimas",
    "Gilang",
)
_FIRST_F = (
    "Ayu",
    "Dewi",
    "Fitri",
    "Indah",
    "Lestari",
    "Maya",
    "Nur",
    "Putri",
    "Rina",
    "Sari",
    "Siti",
    "Wulan",
    "Yuni",
    "Anisa",
    "Dian",
    "Kartika",
    "Ratna",
    "Nia",
)
_LAST = (
    "Saputra",
    "Hidayat",
    "Nugroho",
    "Pratama",
    "Santoso",
    "Wibowo",
    "Kurniawan",
    "Setiawan",
    "Lubis",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Hutapea",
    "Sihombing",
    "Manurung",
    "Pangaribuan",
    "Tanjung",
    "Harahap",
    "Wijaya",
    "Gunawan",
    "Halim",
)
_MOTHERS = (
    "Sri Wahyuni",
    "Siti Aminah",
    "Suharti",
    "Sumarni",
    "Ningsih",
    "Mulyani",
    "Rohani",
    "Kartini",
    "Yuliani",
    "Murniati",
)
_COMPANIES = (
    "PT Nusantara Jaya Abadi",
    "PT Sinar Harapan Makmur",
    "PT Cahaya Timur Sentosa",
    "CV Mitra Usaha Bersama",
    "PT Karya Prima Indonesia",
    "PT Bumi Hijau Lestari",
    "PT Teknologi Andalan Negeri",
    "PT Garuda Tekstil Mandiri",
)


def _district_of(regions: RegionDirectory, regency: str) -> str:
    return regions.children(regency)[0].code


def _persona_nik(regions: RegionDirectory, persona: Persona, serial: int) -> str:
    day = persona.birth_date.day + (40 if persona.gender is Gender.FEMALE else 0)
    district = _district_of(regions, persona.regency)
    return f"{district}{day:02d}{persona.birth_date:%m%y}{serial:04d}"


def _persona_profile(rng: random.Random, regions: RegionDirectory, persona: Persona) -> Profile:
    """What the fund already holds: current in parts, stale or missing in others, so the
    data update has something to do."""
    district = _district_of(regions, persona.regency)
    village = regions.children(district)[0].code
    bank = get_bank("002" if persona.key == "agus" else "014")
    return Profile(
        phone=generate_mobile(rng),
        email=persona.email,
        npwp=None if persona.key == "budi" else generate_npwp15(rng),
        bank_code=bank.code,
        bank_account=generate_bank_account(rng, bank),
        bank_account_holder=persona.full_name,
        gender=persona.gender.value,
        mother_name=rng.choice(_MOTHERS),
        citizenship="WNI",
        marital_status="KAWIN_TERCATAT",
        address_street=f"Jl. Merdeka No. {rng.randint(1, 120)}",
        address_rt=f"{rng.randint(1, 15):03d}",
        address_rw=f"{rng.randint(1, 9):03d}",
        province_code=persona.regency[:2],
        regency_code=persona.regency,
        district_code=district,
        village_code=village,
        religion="ISLAM",
    )


def seed_demo(settings: Settings, *, participants: int, seed: int, if_empty: bool) -> None:
    runtime = bootstrap(settings)
    try:
        svc = runtime.services
        uow = svc.uow()
        with uow:
            existing = uow.participants.count()
        if existing and if_empty:
            typer.echo(f"demo data already present ({existing} participants): nothing to do")
            return
        rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
        now = svc.clock.now()
        _seed_personas(svc, rng, now)
        _seed_generated(svc, rng, now, participants)
        _seed_benefits(svc, now)
        typer.echo(
            f"demo data: {len(PERSONAS)} named logins, {participants} generated participants"
        )
    finally:
        runtime.close()


def _seed_personas(svc: Services, rng: random.Random, now: datetime) -> None:
    for index, persona in enumerate(PERSONAS, start=1):
        kpj = f"2{index:010d}"
        uow = svc.uow()
        with uow:
            if uow.participants.get_by_kpj(kpj) is not None:
                continue
        register_participant(
            svc.uow(),
            None,
            NewParticipant(
                nik=_persona_nik(svc.regions, persona, serial=index),
                kpj=kpj,
                full_name=persona.full_name,
                birth_place=persona.birth_place,
                birth_date=persona.birth_date,
                profile=_persona_profile(rng, svc.regions, persona),
                employments=(
                    Employment(
                        persona.employer[0],
                        persona.employer[1],
                        persona.employed_since,
                        persona.left_on,
                        persona.wage,
                    ),
                ),
            ),
            regions=svc.regions,
            now=now,
        )
        if not persona.account:
            continue
        create_account(
            svc.uow(),
            svc.passwords,
            None,
            email=persona.email,
            password=DEMO_PASSWORD,
            role=Role.PARTICIPANT,
            now=now,
            kpj=kpj,
        )
        if persona.reference_photo:
            photo = resources.files("jmo.demo").joinpath("faces", persona.reference_photo)
            enroll_reference_photo(
                svc.uow(),
                None,
                svc.faces,
                kpj=kpj,
                image=photo.read_bytes(),
                source=f"demo:{persona.reference_photo}",
                now=now,
            )


# Cek Saldo JHT and claims: an older card of Agus under his NIK (he can ask to merge it),
# an officer login for Lacak Klaim (`jmo claim list --as petugas@demo.jmo.id`), and the
# ledgers posted from employment so balances show at once.
DEMO_OFFICER = "petugas@demo.jmo.id"
# The back office (docs/back-office.md): one login per role, at the head office so that
# they serve every demo persona's branch; each with an authenticator secret already set
# (`jmo staff totp EMAIL` prints the current code in development).
DEMO_STAFF: tuple[tuple[str, Role, str], ...] = (
    (DEMO_OFFICER, Role.OFFICER, "works the queue, asks for documents, prepares"),
    ("supervisor@demo.jmo.id", Role.SUPERVISOR, "approves what another prepared"),
    ("auditor@demo.jmo.id", Role.AUDITOR, "reads, changes nothing"),
    ("admin@demo.jmo.id", Role.ADMIN, "manages staff (jmo staff ...)"),
)
# The employer portal (/perusahaan): HR of PT Maju Bersama Sejahtera, the company of siti,
# dewi, joko and rina; like the staff, with an authenticator secret already set.
DEMO_EMPLOYER_HR = ("hr@majubersama.demo.jmo.id", "10000001", "PT Maju Bersama Sejahtera")
AGUS_OLD_KPJ = "20000000099"


def _seed_benefits(svc: Services, now: datetime) -> None:
    from jmo.usecases.jht.posting import post_ledgers
    from jmo.usecases.system import operator_actor

    uow = svc.uow()
    with uow:
        agus = uow.participants.get_by_kpj("20000000002")
        has_old = uow.participants.get_by_kpj(AGUS_OLD_KPJ) is not None
    if agus is not None and not has_old:
        register_participant(
            svc.uow(),
            None,
            NewParticipant(
                nik=agus.identity.nik,
                kpj=AGUS_OLD_KPJ,
                full_name=agus.identity.full_name,
                birth_place=agus.identity.birth_place,
                birth_date=agus.identity.birth_date,
                profile=Profile(gender=agus.profile.gender, citizenship="WNI"),
                employments=(
                    Employment(
                        "10000006",
                        "PT Deli Niaga Sumatera",
                        date(1999, 4, 1),
                        date(2003, 12, 31),
                        2_400_000,
                    ),
                ),
            ),
            regions=svc.regions,
            now=now,
        )
    _seed_staff(svc, now)
    report = post_ledgers(svc.uow(), operator_actor(), yields=svc.benefits.yields, now=now)
    typer.echo(f"JHT ledgers: {report.entries} entries for {report.participants} participants")


def _seed_staff(svc: Services, now: datetime) -> None:
    from jmo.domain.backoffice.branches import HEAD_OFFICE
    from jmo.domain.backoffice.totp import new_secret
    from jmo.usecases.backoffice.staff_accounts import create_staff, set_second_factor
    from jmo.usecases.system import operator_actor

    for email, role, _ in DEMO_STAFF:
        uow = svc.uow()
        with uow:
            exists = uow.accounts.get_by_email(email) is not None
        if exists:
            continue
        create_staff(
            svc.uow(),
            svc.passwords,
            operator_actor(),
            email=email,
            password=DEMO_PASSWORD,
            role=role,
            branch_code=HEAD_OFFICE,
            now=now,
        )
        set_second_factor(svc.uow(), operator_actor(), email=email, secret=new_secret(), now=now)
    _seed_employer_hr(svc, now)


def _seed_employer_hr(svc: Services, now: datetime) -> None:
    from jmo.domain.backoffice.totp import new_secret
    from jmo.usecases.backoffice.staff_accounts import create_employer_user, set_second_factor
    from jmo.usecases.system import operator_actor

    email, npp, _ = DEMO_EMPLOYER_HR
    uow = svc.uow()
    with uow:
        if uow.accounts.get_by_email(email) is not None:
            return
    create_employer_user(
        svc.uow(),
        svc.passwords,
        operator_actor(),
        email=email,
        password=DEMO_PASSWORD,
        npp=npp,
        now=now,
    )
    set_second_factor(svc.uow(), operator_actor(), email=email, secret=new_secret(), now=now)


def generated_participants(
    rng: random.Random, regions: RegionDirectory, today: date, count: int
) -> list[NewParticipant]:
    """Realistic participants: Indonesian names, a NIK consistent with a region, the birth
    date and the sex, a unique KPJ, an employer, a wage and 1-20 years of employment (the
    months of contributions the JHT ledger will post from). Deterministic for a seed."""
    regencies = list(regions.codes(RegionLevel.REGENCY))
    employers = [(f"2{n:07d}", name) for n, name in enumerate(_COMPANIES, start=1)]
    used_kpj: set[str] = set()
    people: list[NewParticipant] = []
    for _ in range(count):
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        first = rng.choice(_FIRST_M if gender is Gender.MALE else _FIRST_F)
        name = f"{first} {rng.choice(_LAST)}"
        born = date(rng.randint(1966, 2004), rng.randint(1, 12), rng.randint(1, 28))
        region = regions.get(rng.choice(regencies))
        birth_place = region.name if region else "Jakarta"
        birth_place = birth_place.replace("Kabupaten ", "").replace("Kota ", "")
        kpj = generate_kpj(rng)
        while kpj in used_kpj:
            kpj = generate_kpj(rng)
        used_kpj.add(kpj)
        years = rng.randint(1, 20)
        start = date(today.year - years, rng.randint(1, 12), 1)
        npp, employer_name = rng.choice(employers)
        bank = rng.choice(BANKS[:9])
        profile = Profile(
            phone=generate_mobile(rng),
            email=f"{first.lower()}.{kpj[-4:]}@contoh.co.id",
            bank_code=bank.code,
            bank_account=generate_bank_account(rng, bank),
            bank_account_holder=name,
            gender=gender.value,
            citizenship="WNI",
        )
        people.append(
            NewParticipant(
                nik=generate_nik(rng, regions, born, gender),
                kpj=kpj,
                full_name=name,
                birth_place=birth_place,
                birth_date=born,
                profile=profile,
                employments=(
                    Employment(
                        npp,
                        employer_name,
                        start,
                        None,
                        rng.randrange(3_000_000, 25_000_000, 50_000),
                    ),
                ),
            )
        )
    return people


def _seed_generated(svc: Services, rng: random.Random, now: datetime, count: int) -> None:
    for person in generated_participants(rng, svc.regions, now.date(), count):
        register_participant(svc.uow(), None, person, regions=svc.regions, now=now)


def print_demo_logins(settings: Settings, host: str, port: int) -> None:
    lines = [
        "",
        f"JMO is at http://{host}:{port}  (database: {settings.database_url})",
        f"Demo logins (password for all: {DEMO_PASSWORD}):",
    ]
    regions = load_region_directory()
    for index, p in enumerate(PERSONAS, start=1):
        if not p.account:
            # A made-up demo person: her identity is what the registration form asks for.
            nik = _persona_nik(regions, p, serial=index)
            lines.append(
                f"  (no login) {p.full_name}: NIK {nik}, KPJ 2{index:010d}, "
                f"born {p.birth_date:%Y-%m-%d}  {p.note}"
            )
            continue
        selfie = f"selfie: {p.selfie}" if p.selfie else "no reference photo"
        lines.append(f"  {p.email:<21} {selfie:<34} {p.note}")
    lines.append(
        "Back office at /petugas/masuk (same password; the sign-in code: jmo staff totp EMAIL):"
    )
    for email, role, what in DEMO_STAFF:
        lines.append(f"  {email:<23} {'(' + role.value + ')':<14} {what}")
    hr_email, npp, company = DEMO_EMPLOYER_HR
    lines.append(
        "Employer portal at /perusahaan/masuk (same password; code: jmo staff totp EMAIL):"
    )
    lines.append(f"  {hr_email:<23} (employer_hr)  HR of {company} (NPP {npp})")
    lines.append("")
    typer.echo("\n".join(lines))
