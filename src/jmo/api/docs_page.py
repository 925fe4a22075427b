"""``/api/docs``: the OpenAPI document as one static HTML page rendered on the server. No
script, no CDN, no inline style: it works under the app's Content-Security-Policy and with
no network but the app's own (the Swagger UI FastAPI offers loads from a CDN)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(prefix="/api", include_in_schema=False)

_METHODS = ("get", "post", "put", "patch", "delete")


def _schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False)


def _ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def page_model(document: dict[str, Any]) -> dict[str, Any]:
    """What the template shows, grouped by tag in the document's order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in document["paths"].items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = []
            for media, content in op.get("requestBody", {}).get("content", {}).items():
                schema = content.get("schema", {})
                body.append(
                    {
                        "media": media,
                        "ref": _ref_name(schema),
                        "schema": None if _ref_name(schema) else _schema_text(schema),
                        "encoding": content.get("encoding"),
                    }
                )
            responses = []
            for status, response in op["responses"].items():
                schema = response.get("content", {}).get("application/json", {}).get("schema", {})
                codes = (
                    schema.get("properties", {})
                    .get("error", {})
                    .get("properties", {})
                    .get("code", {})
                    .get("enum", [])
                )
                responses.append(
                    {
                        "status": status,
                        "description": response.get("description", ""),
                        "media": sorted(response.get("content", {})),
                        "ref": _ref_name(schema),
                        "codes": codes,
                        "headers": sorted(response.get("headers", {})),
                    }
                )
            groups.setdefault((op.get("tags") or ["other"])[0], []).append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "secured": bool(op.get("security")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "schema": json.dumps(p.get("schema", {}), ensure_ascii=False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": body,
                    "responses": responses,
                }
            )
    schemas = {
        name: _schema_text(schema)
        for name, schema in document.get("components", {}).get("schemas", {}).items()
    }
    return {"info": document["info"], "groups": groups, "schemas": schemas}


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> HTMLResponse:
    document = request.app.openapi()
    html = request.app.state.templates.get_template("api_docs.html").render(
        page=page_model(document)
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-cache"})
