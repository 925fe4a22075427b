"""The documents each claim reason needs, and what an uploaded document may be.

Sources (docs/domain-rules.md §3): Permenaker 4/2022 Art 8-11 for resignation and PHK (H);
Permenaker 2/2022 Art 9(3), 10, 11 (same in 4/2022) for leaving Indonesia, permanent total
disability and death (M-H); PP 44/2015 jo 82/2019 for JKM and JKK (M).

Not asked for, and why:
* the KPJ card: the claim is filed from the participant's own account (or names the
  deceased's KPJ), and the digital card carries the same number;
* a savings book: the benefit is paid only to the bank account confirmed in the claimant's
  own Pengkinian Data with a face check, in the claimant's name;
* NPWP card: the NPWP is on the profile; without one the higher tax is simply applied.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from jmo.domain.claims.model import ClaimReason


class DocumentType(StrEnum):
    E_KTP = "e_ktp"
    KARTU_KELUARGA = "kartu_keluarga"
    RESIGNATION_LETTER = "resignation_letter"  # employer's statement of resignation
    PHK_PROOF = "phk_proof"  # labour-office receipt, PHK notice + statement, PB or court ruling
    PASSPORT = "passport"
    NOT_WORKING_IN_INDONESIA = "not_working_in_indonesia"  # statement
    DOCTOR_STATEMENT = "doctor_statement"  # examining or advisory doctor
    DEATH_CERTIFICATE = "death_certificate"
    HEIR_CERTIFICATE = "heir_certificate"  # from an official, or a court ruling on heirs
    HOUSING_BANK_LETTER = "housing_bank_letter"  # KPR documents from a partner bank
    ACTIVE_EMPLOYMENT_LETTER = "active_employment_letter"  # for partial withdrawals
    ACCIDENT_REPORT = "accident_report"  # employer's work-accident report (stage I/II)


_IDENTITY = (DocumentType.E_KTP, DocumentType.KARTU_KELUARGA)
_HEIR = (
    DocumentType.DEATH_CERTIFICATE,
    DocumentType.HEIR_CERTIFICATE,
    DocumentType.E_KTP,  # the heir's own
    DocumentType.KARTU_KELUARGA,
)

REQUIRED_DOCUMENTS: dict[ClaimReason, tuple[DocumentType, ...]] = {
    ClaimReason.JHT_RETIREMENT: _IDENTITY,
    # The regulation requires the employer's statement (Permenaker 4/2022 Art 8-9, H).
    # CONFLICT: BPJS said in Aug 2024 the paklaring is "no longer mandatory" when BPJS shows
    # the worker non-active (a press statement, M). We follow the regulation: docs/rules.md.
    ClaimReason.JHT_RESIGNATION: (*_IDENTITY, DocumentType.RESIGNATION_LETTER),
    ClaimReason.JHT_TERMINATION: (*_IDENTITY, DocumentType.PHK_PROOF),
    ClaimReason.JHT_LEAVING_INDONESIA: (
        DocumentType.PASSPORT,
        DocumentType.NOT_WORKING_IN_INDONESIA,
    ),
    ClaimReason.JHT_PERMANENT_DISABILITY: (DocumentType.E_KTP, DocumentType.DOCTOR_STATEMENT),
    ClaimReason.JHT_DEATH: _HEIR,
    ClaimReason.JHT_PARTIAL_HOUSING: (
        *_IDENTITY,
        DocumentType.ACTIVE_EMPLOYMENT_LETTER,
        DocumentType.HOUSING_BANK_LETTER,
    ),
    ClaimReason.JHT_PARTIAL_OTHER: (*_IDENTITY, DocumentType.ACTIVE_EMPLOYMENT_LETTER),
    ClaimReason.JKM_DEATH: _HEIR,
    ClaimReason.JKK_TEMPORARY_DISABILITY: (
        DocumentType.E_KTP,
        DocumentType.ACCIDENT_REPORT,
        DocumentType.DOCTOR_STATEMENT,
    ),
    ClaimReason.JKK_PARTIAL_DISABILITY: (
        DocumentType.E_KTP,
        DocumentType.ACCIDENT_REPORT,
        DocumentType.DOCTOR_STATEMENT,
    ),
    ClaimReason.JKK_TOTAL_DISABILITY: (
        DocumentType.E_KTP,
        DocumentType.ACCIDENT_REPORT,
        DocumentType.DOCTOR_STATEMENT,
    ),
    ClaimReason.JKK_DEATH: (*_HEIR, DocumentType.ACCIDENT_REPORT),
    ClaimReason.JP_OLD_AGE: _IDENTITY,
}


# The most files one claim carries (the request size limit for a claim follows from it).
MAX_DOCUMENTS_PER_CLAIM = max(len(documents) for documents in REQUIRED_DOCUMENTS.values())


def required_documents(reason: ClaimReason) -> tuple[DocumentType, ...]:
    return REQUIRED_DOCUMENTS[reason]


def missing_documents(reason: ClaimReason, uploaded: Collection[str]) -> list[DocumentType]:
    """The required documents not among the ``uploaded`` field names. What a file may be
    (type, size, no active content) is checked by the one inspector every upload goes
    through (``jmo.usecases.ports.files.AttachmentInspector``)."""
    return [d for d in required_documents(reason) if d.value not in uploaded]
