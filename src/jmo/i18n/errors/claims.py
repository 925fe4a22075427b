"""Messages for Cek Saldo JHT and the claims: why a claim cannot go ahead now, where it is
processed, the remarks shown with an amount, and the form's field errors."""

from jmo.i18n import N_

MESSAGES: dict[str, str] = {
    "claim.bank_cooling_off": N_(
        "Rekening bank peserta baru saja diubah. Demi keamanan, pembayaran ke rekening baru "
        "baru dapat dilakukan mulai {until}."
    ),
    "claim.contact_cooling_off": N_(
        "Nomor HP atau email peserta baru saja diubah. Demi keamanan, pembayaran baru dapat "
        "dilakukan mulai {until}."
    ),
    # --- not found / not allowed ---
    "claim.not_found": N_("Klaim tidak ditemukan."),
    "claim_document.not_found": N_("Dokumen klaim tidak ditemukan."),
    "kpj.not_found": N_("Nomor KPJ tidak ditemukan pada data Anda."),
    "claim.bank_not_verified": N_(
        "Rekening bank Anda belum terverifikasi. Lakukan Pengkinian Data dengan verifikasi "
        "wajah untuk mengonfirmasi rekening atas nama Anda, lalu ajukan klaim kembali."
    ),
    "claim.already_open": N_(
        "Klaim yang sama masih diproses (nomor {number}). Pantau di menu Lacak Klaim; klaim "
        "baru dapat diajukan setelah klaim itu selesai."
    ),
    "claim.already_paid": N_("Manfaat ini sudah pernah dibayarkan (nomor klaim {number})."),
    "claim.transition_not_allowed": N_(
        "Status klaim tidak dapat diubah dari {status} menjadi {to}."
    ),
    "claim.rejection_reason_required": N_("Pilih alasan penolakan."),
    "claim.branch_step_required": N_(
        "Klaim {number} dilanjutkan di kantor cabang: catat dulu bahwa dokumen asli sudah "
        "diperiksa atau janji temu sudah dilakukan, baru klaim dapat dibayar."
    ),
    "claim.branch_step_needs_branch": N_(
        "Hanya petugas kantor cabang yang dapat mencatat langkah di kantor cabang."
    ),
    "claim.branch_step_closed": N_(
        "Langkah di kantor cabang hanya dapat dicatat untuk klaim yang masih diproses "
        "(status klaim: {status})."
    ),
    "claim.balance_changed": N_(
        "Saldo berubah sejak klaim diajukan dan tidak mencukupi. Periksa kembali klaim ini."
    ),
    # --- eligibility ---
    "claim.no_balance": N_("Tidak ada saldo yang dapat dicairkan."),
    "claim.jht.below_retirement_age": N_(
        "Klaim karena usia pensiun dapat diajukan mulai usia {required} tahun; usia Anda "
        "sekarang {age} tahun."
    ),
    "claim.jht.still_employed": N_(
        "Data kepesertaan masih menunjukkan Anda aktif bekerja. Klaim dengan alasan ini dapat "
        "diajukan setelah pemberi kerja melaporkan Anda berhenti bekerja."
    ),
    "claim.jht.waiting_period": N_(
        "Klaim dapat diajukan 1 bulan setelah tanggal berhenti bekerja, yaitu mulai {from}."
    ),
    "claim.jht.membership_too_short": N_(
        "Pencairan sebagian membutuhkan kepesertaan minimal {years} tahun."
    ),
    "claim.jht.partial_needs_active": N_(
        "Pencairan sebagian hanya untuk peserta yang masih aktif bekerja. Jika sudah berhenti "
        "bekerja, ajukan klaim JHT penuh."
    ),
    "claim.jht.partial_taken": N_(
        "Pencairan sebagian JHT hanya dapat dilakukan satu kali selama menjadi peserta."
    ),
    "claim.jht.partial_above_max": N_("Jumlah melebihi batas pencairan sebagian: {max}."),
    "claim.jkk.no_employment_on_date": N_(
        "Tidak ada hubungan kerja yang tercatat pada tanggal kecelakaan {date}."
    ),
    "claim.jp.below_retirement_age": N_(
        "Jaminan Pensiun dapat diklaim mulai usia pensiun, yaitu mulai {from}."
    ),
    "claim.date_before_birth": N_("Tanggal kematian tidak boleh sebelum tanggal lahir peserta."),
    # --- form fields ---
    "claim.reason_required": N_("Pilih alasan klaim."),
    "claim.not_a_number": N_("Isi dengan angka."),
    "claim.out_of_range": N_("Isi angka dari {low} sampai {high}."),
    "claim.date_in_future": N_("Tanggal tidak boleh di masa depan."),
    "claim.date_too_old": N_("Tanggal terlalu lama; periksa kembali."),
    "claim.transport_incomplete": N_("Isi jenis transportasi dan biayanya bersama-sama."),
    "claim.member_not_found": N_(
        "Nomor KPJ dan NIK peserta yang meninggal tidak cocok dengan data kami."
    ),
    "claim.heir_is_member": N_(
        "Klaim ahli waris diajukan untuk peserta lain yang telah meninggal, bukan untuk diri "
        "sendiri."
    ),
    "claim.document_missing": N_("Unggah dokumen ini."),
    # --- route ---
    "claim.route.above_limit": N_(
        "Saldo di atas batas layanan mandiri aplikasi JMO ({limit}). Klaim yang diajukan "
        "dicatat, lalu dilanjutkan melalui Lapak Asik (wawancara video) atau kantor cabang."
    ),
    "claim.route.earlier_rules": N_(
        "Kejadian sebelum 2 Desember 2019 mengikuti ketentuan lama; jumlahnya dihitung oleh "
        "petugas kantor cabang."
    ),
    "claim.route.coverage_check": N_(
        "Tanggal kematian di luar masa kerja yang tercatat; petugas kantor cabang memeriksa "
        "perlindungan JKM pada tanggal itu."
    ),
    # --- remarks with an amount ---
    "claim.amount_by_officer": N_("Jumlah manfaat dihitung oleh petugas."),
    "claim.tax.not_taxable": N_(
        "Santunan JKK dan JKM bukan objek pajak penghasilan (UU PPh Pasal 4 ayat 3)."
    ),
    "claim.tax.monthly_pension": N_(
        "Pajak atas pensiun bulanan dipotong setiap bulan sesuai PPh Pasal 21."
    ),
    "claim.jp.monthly_estimate": N_(
        "Perkiraan: rumus 1% x masa iur/12 x rata-rata upah. Angka final memperhitungkan "
        "indeksasi upah dengan inflasi oleh BPJS Ketenagakerjaan."
    ),
    "claim.jkm.scholarship_eligible": N_(
        "Masa iur minimal 3 tahun terpenuhi: ahli waris dapat mengajukan beasiswa untuk "
        "paling banyak 2 anak (diajukan terpisah setiap tahun)."
    ),
    "claim.jkm.scholarship_not_eligible": N_(
        "Masa iur kurang dari 3 tahun: beasiswa pendidikan anak belum dapat diberikan."
    ),
    "claim.jkk.medical_direct": N_(
        "Biaya perawatan dan pengobatan dibayar langsung ke fasilitas kesehatan (PLKK), "
        "tanpa batas biaya sesuai kebutuhan medis."
    ),
    # --- Cek Saldo JHT ---
    "jht.statement_year": N_("Pilih tahun dari {first} sampai {last}."),
    "jht.year_not_ended": N_(
        "Tahun {year} belum berakhir: hasil pengembangannya belum dapat dibukukan."
    ),
    "jht.no_yield_rate": N_("Tabel hasil pengembangan belum memuat tarif tahun {year}."),
    "jht.merge_single_kpj": N_("Hanya ada satu nomor KPJ atas NIK Anda."),
    "jht.merge_already_requested": N_("Permintaan penggabungan saldo Anda sedang diproses."),
    "simulation.not_a_number": N_("Isi dengan angka."),
    "simulation.out_of_range": N_("Isi dari {low} sampai {high}."),
    "simulation.no_rate": N_("Tarif iuran JHT untuk hari ini tidak tersedia."),
}
