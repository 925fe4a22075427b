"""Every UI text has an English translation, and translations keep the placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from jmo.i18n import error_message, translate
from jmo.i18n.errors import ERROR_MESSAGES

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src/jmo/i18n/locale/en/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _extracted() -> set[str]:
    with (ROOT / "babel.cfg").open() as fh:
        # babel ships parse_mapping_cfg without annotations.
        method_map, options_map = parse_mapping_cfg(fh)  # type: ignore[no-untyped-call]
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_ui_text_in_code_and_templates_has_an_english_translation() -> None:
    catalog = read_po(PO.open("rb"))
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalog if m.id}
    extracted = _extracted()
    assert len(extracted) > 250  # the extraction really ran over templates and code
    missing = sorted(m for m in extracted if not translated.get(m))
    assert missing == [], f"run `make messages` and translate: {missing[:10]}"


def test_translations_keep_their_placeholders() -> None:
    for message in read_po(PO.open("rb")):
        if not message.id or not isinstance(message.id, str):
            continue
        assert isinstance(message.string, str), message.id
        assert set(PLACEHOLDER.findall(message.id)) == set(PLACEHOLDER.findall(message.string)), (
            message.id
        )


def test_fund_labels_are_exact_in_indonesian() -> None:
    for label in (
        "Pengkinian Data",
        "OK, Lanjutkan",
        "Sudah",
        "Selanjutnya",
        "Konfirmasi",
        "OK, Terima Kasih",
        "Silakan Melanjutkan Proses Pengkinian Data",
    ):
        assert translate("id", label) == label
        assert translate("en", label) != label


def test_error_messages_render_with_their_parameters_in_both_languages() -> None:
    assert "3" in error_message("id", "auth.locked", {"minutes": 3})
    assert "3 minutes" in error_message("en", "auth.locked", {"minutes": 3})
    assert error_message("en", "no.such.code") == "Something went wrong. Please try again."
    assert all(ERROR_MESSAGES[code] for code in ERROR_MESSAGES)
