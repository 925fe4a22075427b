"""The participant's access log in words, in their language (issue 9 item 7: it showed
``account.logged_in · participant · app``). Every action the use cases record has its
sentence here; tests/web/test_access_log_words.py finds them all in the code."""

from __future__ import annotations

from dataclasses import dataclass

from jmo.domain.audit import AuditEntry
from jmo.i18n import N_, translate
from jmo.usecases.staff_reads import STAFF_READ_ACTION, StaffRead
from jmo.web.labels import STAFF_READS

AUDIT_ACTIONS: dict[str, str] = {
    "account.created": N_("Akun dibuat"),
    "account.locked": N_("Akun dikunci sementara setelah kata sandi salah berulang kali"),
    "account.logged_in": N_("Masuk ke akun"),
    "account.logged_out": N_("Keluar dari akun"),
    "account.login_failed": N_("Percobaan masuk gagal (kata sandi salah)"),
    "account.other_sessions_ended": N_("Semua perangkat lain dikeluarkan"),
    "account.password_change_failed": N_("Penggantian kata sandi gagal (kata sandi salah)"),
    "account.password_changed": N_("Kata sandi diganti"),
    "account.password_reset": N_("Kata sandi diatur ulang lewat tautan email"),
    "account.password_reset_requested": N_("Tautan atur ulang kata sandi diminta"),
    "account.session_ended": N_("Perangkat dikeluarkan"),
    "account.unlocked": N_("Akun dibuka kembali"),
    "biometric.attempted": N_("Verifikasi wajah"),
    "biometric.challenge_issued": N_("Verifikasi wajah dengan kamera dimulai"),
    "biometric.reviewed": N_("Petugas memeriksa verifikasi wajah Anda"),
    "card.issued": N_("Kartu digital diterbitkan"),
    "card.revoked": N_("Kartu digital dicabut"),
    "claim.submitted": N_("Klaim diajukan"),
    "claim.verified": N_("Klaim diverifikasi petugas"),
    "claim.approved": N_("Klaim disetujui"),
    "claim.rejected": N_("Klaim ditolak"),
    "claim.paid": N_("Klaim dibayarkan"),
    "claim.branch_step_recorded": N_("Langkah klaim di kantor cabang dicatat"),
    "appointment.booked": N_("Janji temu di kantor cabang dibuat"),
    "appointment.rescheduled": N_("Jadwal janji temu diubah"),
    "appointment.cancelled": N_("Janji temu dibatalkan"),
    "appointment.arrived": N_("Petugas mencatat kedatangan Anda di kantor cabang"),
    "appointment.done": N_("Petugas menandai janji temu selesai"),
    "appointment.no_show": N_("Petugas mencatat Anda tidak datang pada janji temu"),
    "complaint.submitted": N_("Pengaduan diajukan"),
    "complaint.message_posted": N_("Pesan pengaduan dikirim"),
    "complaint.status_changed": N_("Status pengaduan berubah"),
    "identity_correction.requested": N_("Koreksi data identitas diminta"),
    "account.second_factor_enrolled": N_("Faktor kedua (TOTP) didaftarkan"),
    "staff.second_factor_set": N_("Faktor kedua petugas diatur"),
    "staff.second_factor_reset": N_("Faktor kedua petugas diatur ulang"),
    "staff.disabled": N_("Akun petugas dinonaktifkan"),
    "work.taken": N_("Petugas mengambil permintaan Anda untuk dikerjakan"),
    "identity_correction.documents_requested": N_(
        "Petugas meminta dokumen untuk koreksi data identitas"
    ),
    "identity_correction.documents_uploaded": N_("Dokumen koreksi data identitas diunggah"),
    "identity_correction.prepared": N_("Petugas menyiapkan koreksi data identitas"),
    "identity_correction.approved": N_("Koreksi data identitas disetujui"),
    "identity_correction.rejected": N_("Koreksi data identitas ditolak"),
    "jht.kpj_merge_requested": N_("Penggabungan saldo KPJ diminta"),
    "jht.ledger_posted": N_("Iuran JHT dibukukan"),
    "jht.year_end_yields_posted": N_("Hasil pengembangan akhir tahun dibukukan"),
    "notice.sent": N_("Pemberitahuan dikirim"),
    "notice.failed": N_("Pemberitahuan gagal dikirim"),
    "participant.data_exported": N_("Data Anda diunduh"),
    "account.registration_started": N_("Pendaftaran akun dimulai"),
    "account.registered": N_("Akun JMO dibuat"),
    "account.kpj_joined": N_("KPJ lain milik Anda digabungkan ke akun ini"),
    "account.recovery_started": N_("Pemulihan akun (Lupa akun) dimulai"),
    "account.recovery_face": N_("Verifikasi wajah untuk pemulihan akun"),
    "account.contacts_rebound": N_("Email dan nomor ponsel akun diganti lewat pemulihan akun"),
    "security.not_me": N_(
        'Anda melaporkan "Bukan saya": perubahan data dan pembayaran klaim dibekukan'
    ),
    "security.freeze_lifted": N_("Petugas membuka pembekuan akun"),
    "security.freeze_face": N_("Verifikasi wajah untuk membuka pembekuan akun"),
    "heir.added": N_("Ahli waris dicatat"),
    "heir.removed": N_("Ahli waris dihapus"),
    "claim_lock.on": N_("Kunci klaim dinyalakan"),
    "claim_lock.face": N_("Verifikasi wajah untuk mematikan kunci klaim"),
    "participant.full_export_requested": N_("Tautan unduhan data lengkap dikirim ke email Anda"),
    "participant.reference_photo_enrolled": N_("Foto rujukan wajah didaftarkan"),
    "participant.registered": N_("Kepesertaan didaftarkan"),
    STAFF_READ_ACTION: N_("Petugas membuka data Anda"),
    "pengkinian.started": N_("Pengkinian Data dimulai"),
    "pengkinian.identity_confirmed": N_("Data peserta dikonfirmasi"),
    "pengkinian.contact_saved": N_("Data Kontak disimpan"),
    "pengkinian.population_saved": N_("Data Kependudukan disimpan"),
    "pengkinian.additional_saved": N_("Data Tambahan disimpan"),
    "pengkinian.contact_code_sent": N_("Kode verifikasi dikirim ke nomor HP atau email baru"),
    "pengkinian.contact_code_resent": N_("Kode verifikasi dikirim ulang"),
    "pengkinian.contact_verified": N_("Nomor HP atau email baru terverifikasi"),
    "pengkinian.submitted": N_("Pengkinian Data dikirim"),
    "tax.npwp_validation_recorded": N_("Status NPWP dicatat petugas"),
    "audit.viewed": N_("Jejak audit dibuka"),
    "audit.exported": N_("Jejak audit diekspor"),
    "pengkinian.submitted_at_branch": N_(
        "Pengkinian Data di loket kantor cabang, dengan dokumen asli diperiksa petugas"
    ),
    "reference_photo.prepared": N_("Petugas di loket mengambil foto rujukan wajah Anda"),
    "reference_photo.approved": N_("Foto rujukan wajah disetujui supervisor dan didaftarkan"),
    "reference_photo.rejected": N_("Foto rujukan wajah ditolak dan dihapus"),
    "bank_change.requested": N_(
        "Perubahan rekening bank dari aplikasi menunggu pemeriksaan petugas (tanda risiko akun)"
    ),
    "bank_change.prepared": N_(
        "Perubahan rekening bank menunggu persetujuan supervisor (tanda risiko akun)"
    ),
    "bank_change.approved": N_("Perubahan rekening bank disetujui supervisor"),
    "bank_change.rejected": N_("Perubahan rekening bank ditolak"),
    "employer.data_corrected": N_("Perusahaan Anda memperbarui data Anda"),
    "employer.file_applied": N_("Berkas koreksi data perusahaan diterapkan"),
    "employer.correction_filed": N_(
        "Perusahaan Anda mengajukan koreksi data identitas Anda (diperiksa petugas)"
    ),
    "employer.letter_issued": N_("Perusahaan Anda menerbitkan surat pengantar koreksi data"),
    "employer.resignation_recorded": N_("Perusahaan Anda mencatat tanggal Anda berhenti bekerja"),
    "employer.worker_registered": N_("Perusahaan mendaftarkan Anda sebagai pekerjanya"),
}
ROLES: dict[str, str] = {
    "participant": N_("Anda"),
    "officer": N_("Petugas kantor cabang"),
    "supervisor": N_("Supervisor kantor cabang"),
    "auditor": N_("Auditor internal"),
    "employer_hr": N_("HR perusahaan"),
    "admin": N_("Admin sistem"),
}
CHANNELS: dict[str, str] = {
    "app": N_("aplikasi JMO"),
    "branch": N_("kantor cabang"),
    "employer": N_("portal perusahaan"),
    "cli": N_("konsol petugas"),
    "system": N_("sistem"),
}


@dataclass(frozen=True)
class AccessLine:
    what: str
    who: str
    where: str


def describe(entry: AuditEntry, locale: str) -> AccessLine:
    what_read = entry.details.get("what") if entry.action == STAFF_READ_ACTION else None
    if what_read in set(StaffRead):
        what = translate(locale, STAFF_READS[StaffRead(what_read)])
    else:
        what = translate(locale, AUDIT_ACTIONS.get(entry.action, N_("Tindakan lain")))
    who = translate(locale, ROLES.get(entry.actor_role or "", N_("Sistem")))
    where = translate(locale, CHANNELS.get(entry.channel or "", N_("sistem")))
    return AccessLine(what, who, where)
