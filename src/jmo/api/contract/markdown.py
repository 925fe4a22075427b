"""The generated part of docs/api.md: the operations and the error codes of each, written
from the OpenAPI document itself (``jmo api docs``; tests/api/test_api_docs.py checks that
the committed file is what the command writes)."""

from __future__ import annotations

from typing import Any

from jmo.api.contract.beyond_schema import EXTENSION

BEGIN = "<!-- BEGIN GENERATED: jmo api docs -->"
END = "<!-- END GENERATED -->"
_METHODS = ("get", "post", "put", "patch", "delete")


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = [
        (path, method, item[method])
        for path, item in document["paths"].items()
        for method in _METHODS
        if method in item
    ]
    return sorted(found, key=lambda o: (o[0], _METHODS.index(o[1])))


def _codes(response: dict[str, Any]) -> list[str]:
    schema = response["content"]["application/json"]["schema"]
    codes: list[str] = schema["properties"]["error"]["properties"]["code"]["enum"]
    return codes


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(document: dict[str, Any]) -> str:
    lines = [
        BEGIN,
        "",
        "## Operations (generated)",
        "",
        "From `/api/openapi.json` by `jmo api docs`; do not edit by hand. Statuses below 400 are",
        "the answers on success; the error statuses and their codes are in the next section.",
        "",
        "| operation id | call | success | errors |",
        "|---|---|---|---|",
    ]
    for path, method, op in _operations(document):
        statuses = sorted(op["responses"])
        success = ", ".join(s for s in statuses if int(s) < 400)
        errors = ", ".join(s for s in statuses if int(s) >= 400) or "-"
        call = f"`{method.upper()} {path}`"
        retiring = " (deprecated)" if op.get("deprecated") else ""
        lines.append(f"| `{op['operationId']}`{retiring} | {call} | {success} | {errors} |")
    lines += [
        "",
        "## Error codes per operation (generated)",
        "",
        "Read from the code each operation runs (`jmo.api.contract.error_codes`): a code may be",
        "listed that a client rarely meets, never one missing. Each is in the operation's",
        'document as the `enum` of `error.code` for that status. "Beyond the schema": the',
        "refusals (`field: code`, or the error's code) of a request the schema allows, for a",
        "reason no schema can state (`x-refusals-beyond-schema`; `*`: checked by content).",
        "",
    ]
    for path, method, op in _operations(document):
        failures = {s: r for s, r in sorted(op["responses"].items()) if int(s) >= 400}
        if not failures:
            continue
        lines += [f"### `{op['operationId']}`: `{method.upper()} {path}`", ""]
        for status, response in failures.items():
            codes = ", ".join(f"`{c}`" for c in _codes(response))
            lines.append(f"- {status}: {_cell(codes)}")
        for beyond in op.get(EXTENSION, ()):
            refusals = ", ".join(f"`{r}`" for r in beyond["refusals"])
            lines.append(f"- beyond the schema: {refusals} ({_cell(beyond['reason'])})")
        lines.append("")
    lines.append(END)
    return "\n".join(lines) + "\n"


def updated(text: str, document: dict[str, Any]) -> str:
    """``text`` (docs/api.md) with its generated part replaced (appended the first time)."""
    generated = render(document)
    if BEGIN in text and END in text:
        before = text[: text.index(BEGIN)]
        after = text[text.index(END) + len(END) :].lstrip("\n")
        return before + generated + (("\n" + after) if after else "")
    return text.rstrip("\n") + "\n\n" + generated
