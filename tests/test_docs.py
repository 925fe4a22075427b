"""The docs tell the truth about what they name (issue 9): every relative link leads to a
file, every ``JMO_*`` setting they name exists and every setting is named, every ``jmo``
command they show exists, every ``make`` target they name is in the Makefile."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer.main

from jmo.cli.main import app as cli_app
from jmo.cli.policy import render as render_policy
from jmo.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
SETTING = re.compile(r"\bJMO_[A-Z0-9_]+\b")
COMMAND = re.compile(r"(?:^|[`$] ?)jmo ((?:[a-z][a-z0-9-]*)(?: [a-z][a-z0-9-]*)?)")
MAKE = re.compile(r"`make ([a-z-]+)`")
# names that are not settings: test switches of the suite and the benchmark's own
NOT_SETTINGS = {
    "JMO_TEST_DATABASE",
    "JMO_TEST_POSTGRES_URL",
    "JMO_FUZZ_EXAMPLES",
    "JMO_FUZZ_MAX_TIME",
}


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_every_relative_link_leads_to_a_file() -> None:
    broken = [
        f"{doc.relative_to(ROOT)}: {target}"
        for doc in DOCS
        for target in LINK.findall(_text(doc))
        if "://" not in target
        and not target.startswith("mailto:")
        and not (doc.parent / target).exists()
    ]
    assert broken == []


def test_every_setting_named_exists_and_every_setting_is_named() -> None:
    fields = {f"JMO_{name.upper()}" for name in Settings.model_fields}
    named = {m for doc in DOCS for m in SETTING.findall(_text(doc))} - NOT_SETTINGS
    assert sorted(named - fields) == [], "named in the docs but not a setting"
    assert sorted(fields - named) == [], "a setting the docs never name"


def _commands() -> set[str]:
    root: Any = typer.main.get_command(cli_app)
    names = set()
    for name, command in root.commands.items():
        names.add(name)
        names |= {f"{name} {sub}" for sub in getattr(command, "commands", {})}
    return names


def test_every_command_shown_exists() -> None:
    commands = _commands()
    groups = {c.split()[0] for c in commands}
    unknown = []
    for doc in DOCS:
        for shown in COMMAND.findall(_text(doc)):
            first, *rest = shown.split()
            if first not in groups or (
                rest and first not in commands and f"{first} {rest[0]}" not in commands
            ):
                unknown.append(f"{doc.relative_to(ROOT)}: jmo {shown}")
    assert unknown == []


def test_every_make_target_named_exists() -> None:
    targets = set(re.findall(r"^([a-z-]+):", _text(ROOT / "Makefile"), re.MULTILINE))
    named = {t for doc in DOCS for t in MAKE.findall(_text(doc))}
    assert sorted(named - targets) == []


def test_the_readme_lists_each_document_once() -> None:
    listed = re.findall(r"^- \[(docs/[^\]]+)\]", _text(ROOT / "README.md"), re.MULTILINE)
    assert listed and len(listed) == len(set(listed))


def test_the_data_model_names_every_table() -> None:
    from jmo.storage.schema import Base  # noqa: PLC0415

    documented = _text(ROOT / "docs" / "architecture.md")
    missing = sorted(t for t in Base.metadata.tables if f"`{t}`" not in documented)
    assert missing == [], "add them to docs/architecture.md, Data model"


def test_rule_citations_point_inside_the_repository() -> None:
    """The code cites the rules note as ``docs/domain-rules.md §n`` (it lived outside the
    repository: issue 9); each cited section exists."""
    sections = set(re.findall(r"^## (\d+)\.", _text(ROOT / "docs" / "domain-rules.md"), re.M))
    cited: list[str] = []
    outside: list[str] = []
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]:
        text = _text(path)
        if path.name != "test_docs.py" and re.search(r"(?<![/\w.])domain-rules\.md", text):
            outside.append(str(path.relative_to(ROOT)))
        for number in re.findall(r"docs/domain-rules\.md[^\n]{0,3}?(?:§|section )(\d+)", text):
            cited.append(number)
    assert outside == []
    assert cited and set(cited) <= sections


def test_the_back_office_permission_table_is_the_domains() -> None:
    """docs/back-office.md prints the role x action table by hand: it must say what
    ``jmo.domain.backoffice.permissions`` decides, for every action."""
    from jmo.domain.accounts import Role  # noqa: PLC0415
    from jmo.domain.backoffice.permissions import Action, allowed  # noqa: PLC0415

    roles = [Role.OFFICER, Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN]
    printed: dict[str, list[bool]] = {}
    for line in _text(ROOT / "docs" / "back-office.md").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`"):
            for action in re.findall(r"`([a-z_.]+)`", cells[0]):
                printed[action] = [c == "✓" for c in cells[1:]]
    assert set(printed) == {a.value for a in Action}
    for action in Action:
        assert printed[action.value] == [allowed(r, action) for r in roles], action


def test_the_field_policy_document_is_generated_from_the_policy() -> None:
    """docs/policy.md is `jmo policy docs` output: regenerate it after changing a rule."""
    assert (ROOT / "docs/policy.md").read_text(encoding="utf-8") == render_policy()
