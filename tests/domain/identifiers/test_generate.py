"""The generators used by demo data and factories produce values the parsers accept."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from jmo.domain.identifiers.bank import BANKS, parse_bank_account
from jmo.domain.identifiers.generate import (
    generate_bank_account,
    generate_kk,
    generate_kpj,
    generate_mobile,
    generate_nik,
    generate_npwp15,
)
from jmo.domain.identifiers.kk import parse_kk
from jmo.domain.identifiers.kpj import parse_kpj
from jmo.domain.identifiers.nik import parse_nik
from jmo.domain.identifiers.npwp import NpwpKind, parse_npwp
from jmo.domain.identifiers.phone import parse_mobile
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.reference import Gender

from .conftest import TODAY


@given(
    seed=st.integers(min_value=0, max_value=2**32),
    born=st.dates(min_value=date(1930, 1, 1), max_value=TODAY),
    gender=st.sampled_from(list(Gender)),
)
def test_generated_nik_parses_back(
    regions: RegionDirectory, seed: int, born: date, gender: Gender
) -> None:
    value = generate_nik(random.Random(seed), regions, born, gender)
    nik = parse_nik(value, regions, today=TODAY, birth_date=born)
    assert (nik.value, nik.birth_date, nik.gender) == (value, born, gender)


@settings(max_examples=200)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_generated_identifiers_are_valid(regions: RegionDirectory, seed: int) -> None:
    rng = random.Random(seed)
    assert parse_kpj(generate_kpj(rng)) is not None
    assert parse_kk(generate_kk(rng, regions), regions) is not None
    npwp = parse_npwp(generate_npwp15(rng), regions=regions, today=TODAY)
    assert npwp is not None and npwp.kind is NpwpKind.LEGACY15
    mobile = generate_mobile(rng)
    assert parse_mobile(mobile) == mobile
    bank = rng.choice(BANKS)
    assert parse_bank_account(bank, generate_bank_account(rng, bank)) is not None


def test_same_seed_gives_same_values(regions: RegionDirectory) -> None:
    def batch(seed: int) -> list[str]:
        rng = random.Random(seed)
        return [
            generate_nik(rng, regions, date(1990, 8, 17), Gender.FEMALE),
            generate_kpj(rng),
            generate_npwp15(rng),
            generate_mobile(rng),
            generate_bank_account(rng, BANKS[0]),
        ]

    assert batch(7) == batch(7)
    assert batch(7) != batch(8)
