"""Properties of the identifier validators over generated values (Hypothesis, in place of
hand-seeded copies): what the parsers accept, what one wrong digit does, and that the
separators people type change nothing."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn

from jmo.domain.errors import DomainError
from jmo.domain.identifiers.generate import generate_npwp15
from jmo.domain.identifiers.kpj import KPJ_LENGTH, parse_kpj
from jmo.domain.identifiers.nik import NIK_LENGTH, mask_nik
from jmo.domain.identifiers.npwp import NpwpKind, parse_npwp
from jmo.domain.identifiers.region import RegionDirectory

from .conftest import TODAY

DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=24)
SEPARATORS = st.sampled_from([" ", ".", "-"])


@given(
    digits=st.text(alphabet="0123456789", min_size=KPJ_LENGTH, max_size=KPJ_LENGTH),
    sep=SEPARATORS,
    at=st.integers(1, KPJ_LENGTH - 1),
)
def test_any_eleven_digits_are_a_kpj_whatever_the_separators(
    digits: str, sep: str, at: int
) -> None:
    assert parse_kpj(digits) == digits
    assert parse_kpj(f" {digits[:at]}{sep}{digits[at:]} ") == digits


@given(digits=DIGITS.filter(lambda d: len(d) != KPJ_LENGTH))
def test_any_other_length_is_not_a_kpj(digits: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_kpj(digits)
    assert refused.value.code == "kpj.format"


@settings(max_examples=200)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    position=st.integers(min_value=0, max_value=8),
    shift=st.integers(min_value=1, max_value=9),
)
def test_one_wrong_digit_in_an_npwp_is_caught(
    regions: RegionDirectory, seed: int, position: int, shift: int
) -> None:
    """Luhn finds every single wrong digit among the nine it covers."""
    valid = generate_npwp15(random.Random(seed))
    parsed = parse_npwp(valid, regions=regions, today=TODAY)
    assert parsed is not None and parsed.kind is NpwpKind.LEGACY15
    digit = (int(valid[position]) + shift) % 10
    wrong = valid[:position] + str(digit) + valid[position + 1 :]
    assert luhn.checksum(wrong[:9]) != 0
    with pytest.raises(DomainError) as refused:
        parse_npwp(wrong, regions=regions, today=TODAY)
    assert refused.value.code == "npwp.checksum"


@settings(max_examples=100)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_an_npwp15_and_its_sixteen_digit_form_agree(regions: RegionDirectory, seed: int) -> None:
    valid = generate_npwp15(random.Random(seed))
    sixteen = parse_npwp("0" + valid, regions=regions, today=TODAY)
    assert sixteen is not None and sixteen.kind is NpwpKind.NPWP16


@given(digits=st.text(alphabet="0123456789", min_size=NIK_LENGTH, max_size=NIK_LENGTH))
def test_a_masked_nik_keeps_four_then_two_digits_only(digits: str) -> None:
    masked = mask_nik(digits)
    shown = masked.replace(" ", "")
    assert len(shown) == NIK_LENGTH
    assert shown[:4] == digits[:4] and shown[-2:] == digits[-2:]
    assert set(shown[4:-2]) == {"*"}
