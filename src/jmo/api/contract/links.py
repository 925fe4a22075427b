"""OpenAPI links between operations, derived from the document itself so a new route gets
them without a hand-kept table: what one operation answers names what the next one takes.
A generated client's docs show them; schemathesis's stateful phase follows them (create a
complaint, then read, answer, close and reopen that complaint).

Two rules, each within one resource family (the first path segment after ``/api/v1``;
``/verify`` is the card's public check):
- an answer with the same schema as the one ``GET .../{param}`` answers gives its ``id`` to
  that path and every path under it (``POST /complaints`` -> ``/complaints/{complaint_id}``);
- an answer with a property named like another operation's path parameter gives it
  (``GET /card`` answers ``token`` -> ``GET /verify/{token}``).
"""

from __future__ import annotations

from typing import Any

_METHODS = ("get", "post", "put", "patch", "delete")
_PREFIX = "/api/v1/"
_ALIASES = {"verify": "card"}


def _family(path: str) -> str:
    first = path.removeprefix(_PREFIX).split("/", 1)[0]
    return _ALIASES.get(first, first)


def _success(operation: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(s, r) for s, r in operation["responses"].items() if s.startswith("2")]


def _schema_ref(response: dict[str, Any]) -> str | None:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    ref = schema.get("$ref")
    return ref if isinstance(ref, str) else None


def _properties(document: dict[str, Any], ref: str | None) -> set[str]:
    if ref is None:
        return set()
    schema = document["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    return set(schema.get("properties", {}))


def _path_parameters(operation: dict[str, Any]) -> list[str]:
    return [p["name"] for p in operation.get("parameters", []) if p.get("in") == "path"]


def add_links(document: dict[str, Any]) -> None:
    operations = [
        (path, method, item[method])
        for path, item in document["paths"].items()
        for method in _METHODS
        if method in item
    ]
    # "/api/v1/complaints/{complaint_id}" -> (its GET's schema, "complaint_id")
    items: dict[str, tuple[str, str]] = {}
    for path, method, op in operations:
        last = path.rsplit("/", 1)[-1]
        if method == "get" and last.startswith("{") and last.endswith("}"):
            ref = next((_schema_ref(r) for _, r in _success(op) if _schema_ref(r)), None)
            if ref and "id" in _properties(document, ref):
                items[path] = (ref, last[1:-1])
    for path, _, producer in operations:
        for _, response in _success(producer):
            ref = _schema_ref(response)
            answered = _properties(document, ref)
            links: dict[str, Any] = {}
            for target_path, target_method, target in operations:
                if target is producer:
                    continue
                if _family(target_path) != _family(path):
                    continue
                parameters: dict[str, str] = {}
                for item_path, (item_ref, param) in items.items():
                    under = target_path == item_path or target_path.startswith(item_path + "/")
                    if under and ref == item_ref:
                        parameters[param] = "$response.body#/id"
                for param in _path_parameters(target):
                    if param in answered and param not in parameters:
                        parameters[param] = f"$response.body#/{param}"
                if parameters:
                    links[target["operationId"]] = {
                        "operationId": target["operationId"],
                        "parameters": parameters,
                        "description": f"{target_method.upper()} {target_path}",
                    }
            if links:
                response["links"] = dict(sorted(links.items()))
