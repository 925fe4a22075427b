"""Labels of Riwayat & Lacak, shared by the pages, the API's texts and the PDF receipt:
each request kind, where a request stands, each timeline event and each channel (msgids;
English in the catalogue). A kind or event code without a label fails
tests/usecases/test_request_tracking.py."""

from __future__ import annotations

from jmo.domain.requests.ids import RequestKind
from jmo.domain.requests.timeline import Progress
from jmo.i18n import N_

KINDS: dict[RequestKind, str] = {
    RequestKind.PENGKINIAN: N_("Pengkinian Data"),
    RequestKind.CONTACT_CHANGE: N_("Perubahan Kontak"),
    RequestKind.BANK_CHANGE: N_("Perubahan Rekening Bank"),
    RequestKind.IDENTITY_CORRECTION: N_("Koreksi data identitas"),
    RequestKind.KPJ_MERGE: N_("Penggabungan KPJ"),
    RequestKind.CLAIM: N_("Klaim"),
    RequestKind.COMPLAINT: N_("Pengaduan"),
    RequestKind.APPOINTMENT: N_("Janji Temu"),
    RequestKind.SECURITY_FREEZE: N_("Laporan Bukan Saya"),
}

PROGRESS: dict[Progress, str] = {
    Progress.IN_PROGRESS: N_("Sedang diproses"),
    Progress.WAITING_FOR_YOU: N_("Menunggu tindakan Anda"),
    Progress.DONE: N_("Selesai"),
    Progress.REJECTED: N_("Ditolak"),
    Progress.CANCELLED: N_("Dibatalkan"),
}

EVENTS: dict[str, str] = {
    "change.requested": N_("Permintaan dicatat"),
    "change.applied": N_("Perubahan data diterapkan"),
    "change.documents_requested": N_("Petugas meminta dokumen"),
    "change.documents_uploaded": N_("Dokumen Anda diterima"),
    "change.prepared": N_("Petugas memeriksa dokumen"),
    "change.approved": N_("Permintaan disetujui"),
    "change.rejected": N_("Permintaan ditolak"),
    "claim.submitted": N_("Klaim diajukan"),
    "claim.verified": N_("Dokumen klaim diverifikasi"),
    "claim.approved": N_("Klaim disetujui"),
    "claim.paid": N_("Klaim dibayarkan"),
    "claim.rejected": N_("Klaim ditolak"),
    "complaint.new": N_("Pengaduan diterima"),
    "complaint.in_progress": N_("Pengaduan sedang diproses"),
    "complaint.waiting_for_participant": N_("Menunggu tanggapan Anda"),
    "complaint.resolved": N_("Pengaduan diselesaikan"),
    "complaint.closed": N_("Pengaduan ditutup"),
    "freeze.frozen": N_("Perubahan data dan pembayaran klaim dibekukan"),
    "freeze.lifted": N_("Pembekuan dicabut oleh petugas"),
}

CHANNELS: dict[str, str] = {
    "app": N_("Aplikasi JMO"),
    "branch": N_("Kantor cabang"),
    "employer": N_("Perusahaan"),
    "email_link": N_("Tautan di email"),
}
