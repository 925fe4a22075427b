"""Issue 9, rules written twice: the demo's people (jmo.cli.demo.PERSONAS) are the tests'
people; no test writes a persona's name, birth date or photo again."""

from __future__ import annotations

import ast
from pathlib import Path

from jmo.cli.demo import PERSONAS
from tests.cast import BUDI, CAST, enrol_member, face_of

TESTS = Path(__file__).resolve().parent


def test_the_cast_is_the_demo_cast() -> None:
    assert set(CAST) == {p.key for p in PERSONAS}
    assert BUDI is CAST["budi"]
    defaults = enrol_member.__kwdefaults__
    assert defaults is not None
    assert (defaults["full_name"], defaults["gender"], defaults["birth_date"]) == (
        BUDI.full_name,
        BUDI.gender,
        BUDI.birth_date,
    )
    assert face_of(CAST["budi"]) == "budi" and face_of(CAST["joko"]) is None


def test_no_test_spells_out_a_persona_again() -> None:
    names = {p.full_name for p in PERSONAS}
    found = []
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.keyword) and node.arg == "full_name":
                value = node.value
                if isinstance(value, ast.Constant) and value.value in names:
                    found.append(f"{path.relative_to(TESTS)}:{node.value.lineno}")
    assert found == [], f"use tests.cast.persona_member: {found}"
