"""At the branch counter: which original documents an officer must have seen for a walk-in
change, and the rule that some counter work waits for a second person.

A walk-in Pengkinian Data is validated by the app's own rules (``domain/pengkinian/forms``);
what differs is the proof: the person stands at the counter with originals instead of a
selfie. The officer ticks the originals seen; the e-KTP always (who is this), the bank book
for a new payout account (its number and holder's name), the Kartu Keluarga for KK data.
"""

from __future__ import annotations

from collections.abc import Iterable

from jmo.domain.errors import CollectErrors, ValidationFailed
from jmo.domain.pengkinian.change_request import DocumentType
from jmo.domain.pengkinian.policy import FIELD_POLICY
from jmo.domain.risk import BANK_FIELDS

# The originals the counter form offers, in the order the officer checks them.
COUNTER_ORIGINALS: tuple[DocumentType, ...] = (
    DocumentType.E_KTP,
    DocumentType.KARTU_KELUARGA,
    DocumentType.BANK_BOOK,
    DocumentType.NPWP_CARD,
    DocumentType.PASSPORT,
    DocumentType.COMPANY_CORRECTION_LETTER,
    DocumentType.RESIGNATION_LETTER,
)
_KK_FIELDS = ("kk_number", "family_relationship", "mother_name")
FIELD = "documents_seen"


def originals_needed(changed_fields: Iterable[str]) -> tuple[DocumentType, ...]:
    """What must have been seen for a change of these fields (a reference photo: the
    e-KTP alone, whose photo the face is compared with by eye)."""
    fields = set(changed_fields)
    needed = [DocumentType.E_KTP]
    for name in sorted(fields):  # what the field policy asks for (gender: KK and e-KTP)
        rule = FIELD_POLICY.get(name)
        for document in rule.documents if rule else ():
            if document in COUNTER_ORIGINALS and document not in needed:
                needed.append(document)
    if fields & set(_KK_FIELDS) and DocumentType.KARTU_KELUARGA not in needed:
        needed.append(DocumentType.KARTU_KELUARGA)
    if fields & set(BANK_FIELDS):
        needed.append(DocumentType.BANK_BOOK)
    if "npwp" in fields:
        needed.append(DocumentType.NPWP_CARD)
    if "passport" in fields:
        needed.append(DocumentType.PASSPORT)
    return tuple(needed)


def parse_documents_seen(raw: Iterable[str]) -> tuple[DocumentType, ...]:
    """The ticked originals (each once, in the counter's order); unknown codes refused."""
    chosen: set[DocumentType] = set()
    for value in raw:
        try:
            chosen.add(DocumentType(value))
        except ValueError:
            raise ValidationFailed.single(FIELD, "field.choice") from None
    if not chosen:
        raise ValidationFailed.single(FIELD, "counter.originals_required")
    return tuple(d for d in COUNTER_ORIGINALS if d in chosen)


def require_originals(
    seen: tuple[DocumentType, ...], changed_fields: Iterable[str], errors: CollectErrors
) -> None:
    """Every original this change needs was seen, else one error on the checklist."""
    missing = [d for d in originals_needed(changed_fields) if d not in seen]
    if missing:
        errors.add(FIELD, "counter.original_missing", documents=",".join(d.value for d in missing))
