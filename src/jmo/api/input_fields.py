"""The domain's input rules (``jmo.domain.input_rules``) as request-schema constraints:
``Annotated[str, field(DESCRIPTION)]`` in a body model, ``Form(**constraints(DESCRIPTION))``
for a multipart part. FastAPI then refuses what the rule refuses (422 ``request.invalid``),
and the document states the same numbers a generated client and a fuzzer go by."""

from __future__ import annotations

import re
from typing import Any

from fastapi import Query
from pydantic import Field

from jmo.domain.input_rules import COUNTED_CHARACTER, OTHER_CHARACTER, Choices, Text, Whole

Rule = Text | Whole | Choices


def pattern_of(rule: Text) -> str | None:
    if rule.pattern is not None:
        return f"^(?:{rule.pattern})$"
    if rule.choices:
        return "^(?:" + "|".join(re.escape(c) for c in rule.choices) + ")$"
    if rule.min_length:
        # At least min_length counted characters, anything after them (a pattern without
        # ambiguity: each counted character is the first after a run of other ones).
        return f"^(?:{OTHER_CHARACTER}*{COUNTED_CHARACTER}){{{rule.min_length}}}"
    return None


def constraints(rule: Rule) -> dict[str, Any]:
    if isinstance(rule, Whole):
        return {"ge": rule.minimum, "le": rule.maximum}
    if isinstance(rule, Choices):
        return {"min_length": rule.min_items, "max_length": rule.max_items}
    found: dict[str, Any] = {"max_length": rule.max_length}
    pattern = pattern_of(rule)
    if pattern:
        found["pattern"] = pattern
    if rule.min_length:
        found["min_length"] = rule.min_length
    if rule.choices:
        found["json_schema_extra"] = {"enum": list(rule.choices)}
    return found


def field(rule: Rule, default: Any = ..., **extra: Any) -> Any:
    """A pydantic ``Field`` carrying the rule (``Any``: what ``Field`` itself returns)."""
    return Field(default, **constraints(rule), **extra)


def constrained(rule: Rule) -> Any:
    """For ``Annotated[int, constrained(rule)] | None``: the rule on the value, not on null."""
    return Field(**constraints(rule))


def choice_item(rule: Choices) -> Any:
    """The ``Field`` of one item of a list of choices."""
    return constrained(Text(max_length=max(len(c) for c in rule.choices), choices=rule.choices))


def documented(rule: Text) -> Any:
    """A text field the use case checks with ``rule`` itself (to report the domain's own field
    codes and keep the valid entries of a draft): the document states the rule, pydantic
    only bounds the length; the field is empty when left out."""
    return Field("", max_length=rule.max_length, json_schema_extra=stated(rule))


def documented_query(rule: Text, description: str | None = None) -> Any:
    """``documented`` for a query parameter: the use case checks the rule (every bad
    parameter reported at once), the document states it."""
    return Query(
        max_length=rule.max_length, json_schema_extra=stated(rule), description=description
    )


def stated(rule: Text) -> dict[str, Any]:
    """The rule's schema keywords beyond its maximum length."""
    stated = {k: v for k, v in constraints(rule).items() if k != "json_schema_extra"}
    extra: dict[str, Any] = {"pattern": stated.pop("pattern")} if "pattern" in stated else {}
    if "min_length" in stated:
        extra["minLength"] = stated.pop("min_length")
    if rule.choices and all(_NAMEABLE.fullmatch(c) for c in rule.choices):
        # A generated client makes an Enum of the values; "O+" and "O-" would both be "O"
        # there (and one of them unsendable), so such a list is stated by its pattern only.
        extra["enum"] = list(rule.choices)
    return extra


_NAMEABLE = re.compile("[A-Za-z0-9_]+")
