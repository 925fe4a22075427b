"""Every error code the identifier parsers can raise has an Indonesian message and an
English translation with the same placeholders."""

from __future__ import annotations

import ast
import string
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import jmo.domain.identifiers
import jmo.domain.reference
from jmo.i18n.errors import ERROR_MESSAGES

_SOURCES = [
    *Path(jmo.domain.identifiers.__file__).parent.glob("*.py"),
    Path(jmo.domain.reference.__file__),
]


def _raised_codes() -> set[str]:
    """Codes passed to DomainError(...) and to require(..., code), read from the source."""
    codes = {"field.required"}  # require()'s default
    for path in _SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            position = {"DomainError": 0, "require": 2}.get(node.func.id)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                codes.add(argument.value)
    return codes


RAISED = sorted(_raised_codes())


def _catalogue() -> dict[str, str]:
    po = resources.files("jmo.i18n").joinpath("locale/en/LC_MESSAGES/messages.po")
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    return {str(m.id): str(m.string) for m in catalog if m.id}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_scan_finds_the_codes() -> None:
    assert {"nik.region_unknown", "npwp.checksum", "phone.not_mobile", "field.choice"} <= set(
        RAISED
    )
    assert len(RAISED) > 30


@pytest.mark.parametrize("code", RAISED)
def test_every_raised_code_has_a_message(code: str) -> None:
    assert code in ERROR_MESSAGES


@pytest.mark.parametrize("code", RAISED)
def test_every_message_has_an_english_translation(code: str) -> None:
    catalogue = _catalogue()
    message = ERROR_MESSAGES[code]
    assert catalogue.get(message), f"no English for {message!r}"
    assert _placeholders(catalogue[message]) == _placeholders(message)
