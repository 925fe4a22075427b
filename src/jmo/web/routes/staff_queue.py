"""/petugas: the work queue (filters by kind, search by KPJ, NIK or name, assigned to me,
oldest first, the due time of each item) and taking an item."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from jmo.domain.backoffice.branches import get_branch
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.backoffice.queue import WorkItem, WorkKind
from jmo.domain.errors import ValidationFailed
from jmo.domain.time import to_local
from jmo.i18n import N_, translate
from jmo.usecases.backoffice.queue import take_item, work_queue
from jmo.web.deps import CallsDep, ServicesDep, locale_of, read_form
from jmo.web.staff import StaffDep, render_staff

router = APIRouter(prefix="/petugas")

KIND_LABELS: dict[WorkKind, str] = {
    WorkKind.IDENTITY_CORRECTION: N_("Koreksi data identitas"),
    WorkKind.FACE_REVIEW: N_("Tinjauan verifikasi wajah"),
    WorkKind.CLAIM: N_("Klaim"),
    WorkKind.COMPLAINT: N_("Pengaduan"),
    WorkKind.APPOINTMENT: N_("Janji temu"),
    WorkKind.REFERENCE_PHOTO: N_("Foto rujukan wajah dari loket"),
    WorkKind.BANK_CHANGE: N_("Perubahan rekening bank (tanda risiko)"),
    WorkKind.EMPLOYER_CORRECTION: N_("Koreksi data dari perusahaan"),
}
STATUS_LABELS: dict[str, str] = {
    "needs_documents": N_("Menunggu dokumen"),
    "pending_review": N_("Perlu diperiksa"),
    "awaiting_approval": N_("Menunggu persetujuan supervisor"),
    "applied": N_("Disetujui"),
    "rejected": N_("Ditolak"),
    "review": N_("Perlu ditinjau"),
    "submitted": N_("Perlu diverifikasi"),
    "verified": N_("Perlu disetujui"),
    "approved": N_("Siap dibayar"),
    "new": N_("Baru"),
    "in_progress": N_("Sedang diproses"),
    "waiting_for_participant": N_("Menunggu tanggapan peserta"),
    "booked": N_("Terjadwal"),
    "arrived": N_("Sudah datang"),
}


def item_link(item: WorkItem) -> str | None:
    """Where an item is worked in the pages (claims through the staff API for now)."""
    if item.kind in (WorkKind.IDENTITY_CORRECTION, WorkKind.EMPLOYER_CORRECTION):
        return f"/petugas/permintaan/{item.item_id}"
    if item.kind is WorkKind.FACE_REVIEW:
        return f"/petugas/wajah/{item.item_id}"
    if item.kind is WorkKind.CLAIM:
        return f"/petugas/klaim/{item.item_id}"
    if item.kind is WorkKind.APPOINTMENT:
        branch = get_branch(item.branch_code)
        day = to_local(item.since, branch.office_province if branch else None).date()
        return f"/petugas/janji-temu?tanggal={day.isoformat()}#{item.reference}"
    if item.kind is WorkKind.COMPLAINT:
        return f"/petugas/pengaduan/{item.item_id}"
    if item.kind in (WorkKind.REFERENCE_PHOTO, WorkKind.BANK_CHANGE):
        return f"/petugas/persetujuan/{item.item_id}"
    return None


@router.get("")
async def queue_page(
    request: Request,
    auth: StaffDep,
    calls: CallsDep,
    svc: ServicesDep,
    jenis: str = "",
    cari: str = "",
    saya: int = 0,
) -> Response:
    try:
        kind = WorkKind(jenis) if jenis else None
    except ValueError:
        raise ValidationFailed.single("jenis", "field.choice") from None
    items = await calls.run(
        work_queue, kind=kind, search=cari[:100], mine=bool(saya), now=svc.clock.now()
    )
    locale = locale_of(request, auth)
    return render_staff(
        request,
        "staff/queue.html",
        auth,
        items=items,
        now=svc.clock.now(),
        kind=jenis,
        search=cari[:100],
        mine=bool(saya),
        kinds=[(k.value, translate(locale, label)) for k, label in KIND_LABELS.items()],
        kind_labels={k.value: translate(locale, v) for k, v in KIND_LABELS.items()},
        status_labels={k: translate(locale, v) for k, v in STATUS_LABELS.items()},
        link=item_link,
        can_take=allowed(auth.actor.role, Action.WORK_ASSIGN),
    )


@router.post("/ambil")
async def take(request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep) -> Response:
    form = await read_form(request, auth)
    try:
        kind, item_id = WorkKind(form.get("kind", "")), UUID(form.get("item_id", ""))
    except ValueError:
        raise ValidationFailed.single("item_id", "field.choice") from None
    await calls.run(take_item, kind=kind, item_id=item_id, now=svc.clock.now())
    return RedirectResponse("/petugas?saya=1", status_code=303)
