"""/petugas/audit: the audit trail for auditors and supervisors (issue 11, Audit), filtered
by participant (KPJ or NIK), staff member, action and days, newest first, a keyset page at
a time; /petugas/audit/ekspor downloads the same selection as CSV or JSON (recorded)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jmo.domain.errors import ValidationFailed
from jmo.edge_files import file_stream
from jmo.i18n import translate
from jmo.usecases.backoffice.audit_trail import (
    EXPORT_FORMATS,
    AuditPage,
    AuditSearch,
    export_audit,
    export_chunks,
    search_audit,
)
from jmo.web.audit_labels import AUDIT_ACTIONS, CHANNELS, describe
from jmo.web.deps import CallsDep, ServicesDep, locale_of
from jmo.web.errors import field_messages
from jmo.web.staff import ROLE_LABELS, StaffDep, render_staff

router = APIRouter(prefix="/petugas/audit")

# The form's names (Indonesian, as the page's address shows them) -> the use case's fields.
FORM_FIELDS = {
    "participant": "peserta",
    "staff": "petugas",
    "action": "tindakan",
    "since": "dari",
    "until": "sampai",
    "after": "setelah",
}


def _search(request: Request) -> AuditSearch:
    q = request.query_params
    return AuditSearch.typed(
        participant=q.get("peserta", ""),
        staff_email=q.get("petugas", ""),
        action=q.get("tindakan", ""),
        first_day=q.get("dari", ""),
        last_day=q.get("sampai", ""),
    )


@router.get("")
async def audit_page(
    request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep
) -> Response:
    locale = locale_of(request, auth)
    values = {name: request.query_params.get(name, "")[:254] for name in FORM_FIELDS.values()}
    page: AuditPage | None = None
    errors: dict[str, str] = {}
    try:
        after_text = values["setelah"].strip()
        if after_text and not after_text.isdigit():
            raise ValidationFailed.single("after", "audit.cursor_unknown")
        search = _search(request)
        page = await calls.run(
            search_audit, search, after=int(after_text) if after_text else None, now=svc.clock.now()
        )
    except ValidationFailed as exc:
        errors = {FORM_FIELDS.get(k, k): v for k, v in field_messages(exc, locale).items()}
    role_words = {r.value: translate(locale, label) for r, label in ROLE_LABELS.items()}
    query = {k: v for k, v in values.items() if v and k != "setelah"}
    return render_staff(
        request,
        "staff/audit.html",
        auth,
        status_code=400 if errors else 200,
        page=page,
        errors=errors,
        values=values,
        query=query,
        formats=EXPORT_FORMATS,
        actions=sorted((code, translate(locale, text)) for code, text in AUDIT_ACTIONS.items()),
        describe=lambda entry: describe(entry, locale),
        role_words=role_words,
        channel_words={k: translate(locale, v) for k, v in CHANNELS.items()},
    )


@router.get("/ekspor")
async def audit_export(
    request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep, format: str = "csv"
) -> Response:
    search = _search(request)
    lines = await calls.run(export_audit, search, export_format=format, now=svc.clock.now())
    stamp = svc.clock.now().strftime("%Y%m%d-%H%M%S")
    return file_stream(
        export_chunks(lines, format),
        content_type="text/csv" if format == "csv" else "application/json",
        filename=f"jmo-audit-{stamp}.{format}",
    )
