"""The multipart operations described part by part: which parts, how many files, of which
types and sizes. The numbers are the ones the server applies (``Policy``, the liveness
thresholds, the claim documents table), so the document states the running limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.routing import APIRoute

from jmo.api.input_fields import pattern_of
from jmo.api.schemas_claims import ClaimFieldsIn
from jmo.biometrics.liveness import LivenessThresholds
from jmo.domain.claims.documents import DocumentType, required_documents
from jmo.domain.claims.model import ClaimProgram, ClaimReason
from jmo.domain.complaints import REQUIRED_MESSAGE
from jmo.edge_body_limit import UploadKind, upload_kind_of
from jmo.usecases.services import Policy

IMAGES = "image/jpeg, image/png"
ATTACHMENT_TYPES = "image/jpeg, image/png, application/pdf"
MULTIPART = "multipart/form-data"


def _file(max_bytes: int, types: str) -> dict[str, Any]:
    return {
        "type": "string",
        "format": "binary",
        "minLength": 1,
        "description": f"{types}; at most {max_bytes} bytes",
    }


def claim_submission_schema(policy: Policy) -> dict[str, Any]:
    """POST /claims reads its form itself: the quote's fields with their rules (the same
    model, ``ClaimFieldsIn``) and one file part per document, named by the document's code.
    One object, not one shape per reason as for the quote: generated clients cannot send a
    multipart body that is a ``oneOf`` (openapi-python-client sends nothing at all)."""
    shape = ClaimFieldsIn.model_json_schema()
    shape["properties"] = {
        "program": {"type": "string", "enum": [p.value for p in ClaimProgram]},
        "reason": {"type": "string", "enum": [r.value for r in ClaimReason]},
        **shape["properties"],
    }
    for document in DocumentType:
        shape["properties"][document.value] = _file(policy.max_upload_bytes, ATTACHMENT_TYPES)
    by_reason = "; ".join(
        f"{reason.value}: {', '.join(d.value for d in required_documents(reason))}"
        for reason in ClaimReason
    )
    shape.update(
        title="ClaimSubmissionIn",
        required=["program", "reason"],
        description=(
            "The reason belongs to the program; its fields as for POST /claims/quote (the "
            f"quote's shape for that reason); the documents each reason needs: {by_reason}."
        ),
    )
    return shape


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    found: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return found


def describe_uploads(document: dict[str, Any], routes: Sequence[APIRoute], policy: Policy) -> None:
    for route in routes:
        kind = upload_kind_of(route.endpoint)
        if kind is None:
            continue
        for method in route.methods or ():
            operation = document["paths"][route.path][method.lower()]
            if kind is UploadKind.CLAIM_DOCUMENTS:
                schema = claim_submission_schema(policy)
                document["components"]["schemas"][schema["title"]] = schema
                ref = {"$ref": f"#/components/schemas/{schema['title']}"}
                operation["requestBody"] = {
                    "required": True,
                    "content": {
                        MULTIPART: {
                            "schema": ref,
                            "encoding": {
                                d.value: {"contentType": ATTACHMENT_TYPES} for d in DocumentType
                            },
                        }
                    },
                }
                continue
            media = operation["requestBody"]["content"][MULTIPART]
            _describe(_resolve(document, media["schema"]), media, kind, policy)


def _describe(
    schema: dict[str, Any], media: dict[str, Any], kind: UploadKind, policy: Policy
) -> None:
    properties = schema["properties"]
    if kind is UploadKind.SELFIE:
        properties["file"] = _file(policy.max_upload_bytes, IMAGES)
        media["encoding"] = {"file": {"contentType": IMAGES}}
    elif kind is UploadKind.BURST:
        thresholds = LivenessThresholds()
        properties["frames"] = {
            "type": "array",
            "items": _file(policy.burst_frame_max_bytes, "image/jpeg"),
            "minItems": thresholds.min_frames,
            "maxItems": min(thresholds.max_frames, policy.burst_max_frames),
            "description": "Unmirrored JPEG frames in capture order (docs/biometrics.md)",
        }
        properties["frame_times_ms"]["pattern"] = r"^([0-9]{1,7}(,[0-9]{1,7})*)?$"
        media["encoding"] = {"frames": {"contentType": "image/jpeg"}}
    elif kind is UploadKind.ATTACHMENTS:
        properties["files"] = {
            "type": "array",
            "items": _file(policy.attachment_max_bytes, ATTACHMENT_TYPES),
            "maxItems": policy.attachment_max_files,
        }
        if "files" in schema.get("required", ()):  # a multipart list sent empty is missing
            properties["files"]["minItems"] = 1
        media["encoding"] = {"files": {"contentType": ATTACHMENT_TYPES}}
        if "body" in properties:  # a reply: some text, or at least one file
            schema["anyOf"] = [
                {
                    "required": ["body"],
                    "properties": {"body": {"pattern": pattern_of(REQUIRED_MESSAGE)}},
                },
                {"required": ["files"], "properties": {"files": {"minItems": 1}}},
            ]
