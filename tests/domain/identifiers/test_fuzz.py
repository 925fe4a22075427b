"""Arbitrary text never makes a parser fail with anything but a DomainError."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jmo.domain.errors import DomainError
from jmo.domain.identifiers.address import parse_postal_code, parse_rt, parse_rt_rw, parse_rw
from jmo.domain.identifiers.bank import BANKS, get_bank, parse_bank_account
from jmo.domain.identifiers.dates import parse_date
from jmo.domain.identifiers.email import parse_email
from jmo.domain.identifiers.kk import parse_kk
from jmo.domain.identifiers.kpj import parse_kpj
from jmo.domain.identifiers.names import parse_person_name
from jmo.domain.identifiers.nik import parse_nik
from jmo.domain.identifiers.npp import parse_npp
from jmo.domain.identifiers.npwp import parse_npwp
from jmo.domain.identifiers.passport import parse_passport
from jmo.domain.identifiers.phone import parse_mobile
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.reference import RELIGIONS, parse_choice

from .conftest import CURRENT, HISTORIC, TODAY

_REGIONS = RegionDirectory(CURRENT, HISTORIC)

PARSERS: dict[str, Callable[[str], object]] = {
    "nik": lambda raw: parse_nik(raw, _REGIONS, today=TODAY),
    "kk": lambda raw: parse_kk(raw, _REGIONS),
    "kpj": parse_kpj,
    "npp": parse_npp,
    "npwp": lambda raw: parse_npwp(raw, regions=_REGIONS, today=TODAY),
    "phone": parse_mobile,
    "email": parse_email,
    "passport": parse_passport,
    "passport_foreign": lambda raw: parse_passport(raw, foreign=True),
    "bank": get_bank,
    "bank_account": lambda raw: parse_bank_account(BANKS[0], raw),
    "name": parse_person_name,
    "date": parse_date,
    "rt": parse_rt,
    "rw": parse_rw,
    "rt_rw": parse_rt_rw,
    "postal_code": parse_postal_code,
    "religion": lambda raw: parse_choice(RELIGIONS, raw, "religion"),
}

# Text that looks a bit like identifiers finds more paths than uniform unicode alone.
_LOOKALIKE = st.text(alphabet=st.sampled_from("0123456789 .-/+@()'AaBbOo８٣é\t"), max_size=25)


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=150)
@given(raw=st.one_of(st.text(max_size=40), _LOOKALIKE))
def test_parsers_only_raise_domain_errors(name: str, raw: str) -> None:
    with contextlib.suppress(DomainError):
        PARSERS[name](raw)
