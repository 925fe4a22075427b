"""Branch offices (kantor cabang) and which participants each serves.

A small table shipped as data: each branch serves whole provinces (the first two digits
of a Kemendagri region code, and of a NIK). A participant belongs to the branch of the
province of their address (step 8), or, before they gave one, of the province that
issued their NIK. Staff of the head office (``national``) serve every branch.
"""

from __future__ import annotations

from dataclasses import dataclass

from jmo.domain.participant import Participant


@dataclass(frozen=True)
class BranchOffice:
    code: str
    name: str
    city: str
    provinces: frozenset[str]
    national: bool = False
    # The province the office itself stands in: its clock (WIB/WITA/WIT) for appointments.
    office_province: str = "31"


def _p(*codes: str) -> frozenset[str]:
    return frozenset(codes)


HEAD_OFFICE = "KP00"

BRANCHES: tuple[BranchOffice, ...] = (
    BranchOffice(HEAD_OFFICE, "Kantor Pusat", "Jakarta", _p(), national=True),
    BranchOffice(
        "JKT01", "Kantor Cabang Jakarta Salemba", "Jakarta", _p("31", "36"), office_province="31"
    ),
    BranchOffice("BDG01", "Kantor Cabang Bandung Suci", "Bandung", _p("32"), office_province="32"),
    BranchOffice(
        "SMG01", "Kantor Cabang Semarang Pemuda", "Semarang", _p("33", "34"), office_province="33"
    ),
    BranchOffice(
        "SBY01", "Kantor Cabang Surabaya Darmo", "Surabaya", _p("35"), office_province="35"
    ),
    BranchOffice(
        "MDN01",
        "Kantor Cabang Medan Kota",
        "Medan",
        _p("11", "12", "13", "14", "15", "16", "17", "18", "19", "21"),
        office_province="12",
    ),
    BranchOffice(
        "DPS01", "Kantor Cabang Denpasar", "Denpasar", _p("51", "52", "53"), office_province="51"
    ),
    BranchOffice(
        "BPN01",
        "Kantor Cabang Balikpapan",
        "Balikpapan",
        _p("61", "62", "63", "64", "65"),
        office_province="64",
    ),
    BranchOffice(
        "MKS01",
        "Kantor Cabang Makassar",
        "Makassar",
        _p("71", "72", "73", "74", "75", "76", "81", "82", "91", "92", "93", "94", "95", "96"),
        office_province="73",
    ),
)

_BY_CODE = {b.code: b for b in BRANCHES}
_BY_PROVINCE = {p: b.code for b in BRANCHES for p in b.provinces}


def get_branch(code: str | None) -> BranchOffice | None:
    return _BY_CODE.get(code or "")


def branch_for_province(province_code: str | None) -> str:
    """The branch serving a province; an unknown one goes to the head office."""
    return _BY_PROVINCE.get((province_code or "")[:2], HEAD_OFFICE)


def branch_of(participant: Participant) -> str:
    province = participant.profile.province_code or participant.identity.nik[:2]
    return branch_for_province(province)


def serves(staff_branch: str | None, record_branch: str) -> bool:
    """Staff see the records of their own branch; the head office sees every branch."""
    branch = get_branch(staff_branch)
    return branch is not None and (branch.national or branch.code == record_branch)
