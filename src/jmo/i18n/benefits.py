"""Labels of Cek Saldo JHT and the claims, shared by the pages, the API and the PDF: the
codes the domain uses, each with its Indonesian label (a msgid; English in the catalogue)."""

from __future__ import annotations

from jmo.i18n import N_, translate

PROGRAMS = {
    "jht": N_("Jaminan Hari Tua (JHT)"),
    "jkm": N_("Jaminan Kematian (JKM)"),
    "jkk": N_("Jaminan Kecelakaan Kerja (JKK)"),
    "jp": N_("Jaminan Pensiun (JP)"),
}

REASONS = {
    "jht.retirement": N_("Mencapai usia pensiun (56 tahun)"),
    "jht.resignation": N_("Mengundurkan diri"),
    "jht.termination": N_("Pemutusan hubungan kerja (PHK)"),
    "jht.leaving_indonesia": N_("Meninggalkan Indonesia untuk selamanya"),
    "jht.permanent_disability": N_("Cacat total tetap"),
    "jht.death": N_("Peserta meninggal dunia (diajukan ahli waris)"),
    "jht.partial_housing": N_("Pencairan sebagian 30% untuk kepemilikan rumah"),
    "jht.partial_other": N_("Pencairan sebagian 10% untuk persiapan hari tua"),
    "jkm.death": N_("Peserta meninggal dunia bukan karena kecelakaan kerja"),
    "jkk.temporary_disability": N_("Sementara tidak mampu bekerja (STMB)"),
    "jkk.partial_disability": N_("Cacat sebagian"),
    "jkk.total_disability": N_("Cacat total tetap"),
    "jkk.death": N_("Meninggal dunia karena kecelakaan kerja (diajukan ahli waris)"),
    "jp.old_age": N_("Pensiun hari tua"),
}

STATUSES = {
    "submitted": N_("Diajukan"),
    "verified": N_("Diverifikasi"),
    "approved": N_("Disetujui"),
    "rejected": N_("Ditolak"),
    "paid": N_("Dibayarkan"),
}

REJECTIONS = {
    "documents_incomplete": N_("Dokumen belum lengkap"),
    "documents_invalid": N_("Dokumen tidak sah atau tidak terbaca"),
    "not_eligible": N_("Persyaratan klaim belum terpenuhi"),
    "data_mismatch": N_("Data dokumen tidak sesuai data kepesertaan"),
    "other": N_("Alasan lain"),
}

ROUTES = {
    "app": N_("Diproses dari aplikasi JMO"),
    "branch": N_("Dilanjutkan di Lapak Asik atau kantor cabang"),
}

BRANCH_STEPS = {
    "documents_seen": N_("Dokumen asli sudah diperiksa petugas di kantor cabang"),
    "appointment_done": N_("Janji temu di kantor cabang atau Lapak Asik sudah dilakukan"),
}

DOCUMENTS = {
    "e_ktp": N_("e-KTP"),
    "kartu_keluarga": N_("Kartu Keluarga (KK)"),
    "resignation_letter": N_("Surat keterangan berhenti bekerja dari perusahaan"),
    "phk_proof": N_(
        "Bukti PHK (tanda terima laporan PHK dari dinas ketenagakerjaan, surat PHK dan "
        "pernyataan tidak menolak, perjanjian bersama, atau putusan pengadilan)"
    ),
    "passport": N_("Paspor"),
    "not_working_in_indonesia": N_("Surat pernyataan tidak bekerja lagi di Indonesia"),
    "doctor_statement": N_("Surat keterangan dokter pemeriksa atau penasihat"),
    "death_certificate": N_("Surat keterangan kematian"),
    "heir_certificate": N_("Surat keterangan ahli waris atau penetapan pengadilan"),
    "housing_bank_letter": N_("Dokumen perbankan KPR dari bank mitra"),
    "active_employment_letter": N_("Surat keterangan masih aktif bekerja dari perusahaan"),
    "accident_report": N_("Laporan kecelakaan kerja dari perusahaan (tahap I/II)"),
}

LINES = {
    "jht.balance": N_("Saldo JHT dengan hasil pengembangan"),
    "jht.posted_balance": N_("Saldo JHT yang sudah dibukukan (sama dengan Cek Saldo JHT)"),
    "jht.yield_this_year": N_(
        "Hasil pengembangan tahun {year} sampai akhir bulan lalu, dihitung pro rata "
        "(dibayar bersama klaim; belum tampil di Cek Saldo JHT)"
    ),
    "jht.partial": N_("Pencairan sebagian {percent}% dari saldo"),
    "jkm.lump_sum": N_("Santunan sekaligus"),
    "jkm.periodic": N_("Santunan berkala {months} x {monthly} dibayar sekaligus"),
    "jkm.funeral": N_("Biaya pemakaman"),
    "jkk.wage_replacement": N_("Santunan tidak mampu bekerja {days} hari"),
    "jkk.partial_disability": N_("Santunan cacat sebagian {percent}% x 80 x upah"),
    "jkk.total_disability": N_("Santunan cacat total tetap {months} x upah"),
    "jkk.death": N_("Santunan kematian {months} x upah"),
    "jkk.periodic": N_("Santunan berkala dibayar sekaligus"),
    "jkk.funeral": N_("Biaya pemakaman"),
    "jkk.transport": N_("Biaya transportasi (batas {cap})"),
    "jp.monthly_pension": N_("Manfaat pensiun per bulan ({months} bulan iuran)"),
    "jp.lump_sum": N_("Iuran JP dengan hasil pengembangan, dibayar sekaligus"),
}

HEIRS = {
    "spouse": N_("Suami/istri (janda/duda)"),
    "child": N_("Anak"),
    "parent": N_("Orang tua"),
    "grandchild": N_("Cucu"),
    "grandparent": N_("Kakek/nenek"),
    "sibling": N_("Saudara kandung"),
    "parent_in_law": N_("Mertua"),
    "named_in_will": N_("Pihak yang ditunjuk dalam wasiat"),
}

TRANSPORT = {
    "land": N_("Darat, sungai, atau danau"),
    "sea": N_("Laut"),
    "air": N_("Udara"),
}

NPWP_STATUSES = {
    "legacy15": N_("NPWP terdaftar"),
    "nik_valid": N_("NIK sebagai NPWP (tervalidasi DJP)"),
    "nik_unvalidated": N_("NIK sebagai NPWP belum tervalidasi DJP"),
    "none": N_("Tanpa NPWP"),
}

PAYMENT_MODES = {"lump_sum": N_("Sekaligus"), "monthly": N_("Bulanan")}

FIELDS = {
    "reason": N_("Alasan klaim"),
    "amount": N_("Jumlah yang dicairkan (Rp)"),
    "event_date": N_("Tanggal kejadian"),
    "days_off": N_("Jumlah hari tidak mampu bekerja"),
    "disability_percent": N_("Persentase cacat menurut surat dokter (%)"),
    "function_lost_percent": N_("Persentase hilangnya fungsi (%)"),
    "transport_mode": N_("Jenis transportasi"),
    "transport_cost": N_("Biaya transportasi (Rp)"),
    "heir_relationship": N_("Hubungan Anda dengan peserta"),
    "deceased_kpj": N_("Nomor KPJ peserta yang meninggal"),
    "deceased_nik": N_("NIK peserta yang meninggal"),
}


def label(table: dict[str, str], code: str, locale: str, **params: object) -> str:
    text = table.get(code)
    if text is None:
        return code
    try:
        return translate(locale, text, **params)
    except (KeyError, IndexError, ValueError):
        return translate(locale, text)


_MONEY = frozenset({"monthly", "cap", "wage", "balance", "max", "asked", "limit", "amount"})


def money_params(params: dict[str, object]) -> dict[str, object]:
    """Rupiah parameters as people read them (Rp1.234.567)."""
    from jmo.domain.money import format_rupiah  # noqa: PLC0415 - a leaf module stays light

    return {
        key: format_rupiah(value) if key in _MONEY and isinstance(value, int) else value
        for key, value in params.items()
    }


def line_label(code: str, params: dict[str, object], locale: str) -> str:
    return label(LINES, code, locale, **money_params(params))
