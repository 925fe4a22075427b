"""The "way forward" box of a person Pengkinian Data blocks (issue 12): what blocks them,
a branch appointment for that purpose and a help ticket tied to the case, prefilled. The
blockers and purposes are the domain's (``jmo.domain.pengkinian.blockers``)."""

from __future__ import annotations

from urllib.parse import urlencode

from jmo.domain.pengkinian.blockers import Blocker, WayForward
from jmo.i18n import N_, translate

# The appointment page (issue 12, /janji-temu/baru) takes the purpose and the case.
APPOINTMENT_PATH = "/janji-temu/baru"
HELP_PATH = "/pengaduan/baru"

TEXTS: dict[Blocker, str] = {
    Blocker.NO_REFERENCE_PHOTO: N_(
        "Foto acuan wajah Anda belum terdaftar, sehingga verifikasi wajah belum dapat "
        "dilakukan di aplikasi."
    ),
    Blocker.SELFIES_REFUSED: N_(
        "Verifikasi wajah sudah beberapa kali tidak berhasil dan dikunci sementara."
    ),
    Blocker.REVIEW_PENDING: N_("Foto selfie Anda sedang menunggu pemeriksaan petugas."),
    Blocker.IDENTITY_CORRECTION_OPEN: N_(
        "Permintaan koreksi data Anda belum selesai diperiksa petugas."
    ),
}


def appointment_url(way: WayForward) -> str:
    return f"{APPOINTMENT_PATH}?" + urlencode(
        {"keperluan": way.appointment_purpose, "rujukan": way.reference}
    )


def help_url(way: WayForward) -> str:
    return f"{HELP_PATH}?" + urlencode(
        {"kategori": way.help_category, "rujukan": way.reference, "hambatan": way.blocker.value}
    )


def help_description(blocker: str, reference: str, locale: str) -> str:
    """The prefilled text of the help ticket (the person may edit it)."""
    try:
        text = translate(locale, TEXTS[Blocker(blocker)])
    except ValueError:
        return ""
    return translate(
        locale,
        N_("Saya tidak dapat menyelesaikan Pengkinian Data. {reason} Nomor referensi: {ref}."),
        reason=text,
        ref=reference,
    )


def boxes(ways: list[WayForward], locale: str) -> list[dict[str, str]]:
    return [
        {
            "blocker": way.blocker.value,
            "text": translate(locale, TEXTS[way.blocker]),
            "appointment": appointment_url(way),
            "help": help_url(way),
            "reference": way.reference,
        }
        for way in ways
    ]
