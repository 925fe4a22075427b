"""Messages for the selfie step (``jmo.biometrics``): what is wrong and what to do.

The capture rules are phrased as the five rules the page shows: whole face visible and
facing the camera; plain background; forehead, brows and face edges visible (no cap, glasses
or mask; a hijab, kerudung or peci that leaves the face visible is fine); enough light; keep
still. No placeholders: the engine's results carry codes only.
"""

from jmo.i18n import N_

MESSAGES: dict[str, str] = {
    # --- the uploaded file ---
    "image.not_image": N_(
        "Berkas ini bukan foto yang dapat dibaca. Unggah foto JPEG atau PNG dari kamera."
    ),
    "image.truncated": N_(
        "Foto tidak terkirim utuh. Periksa koneksi internet Anda, lalu ambil dan kirim ulang."
    ),
    "image.too_large": N_(
        "Ukuran berkas foto terlalu besar. Ambil foto langsung dengan kamera atau pilih foto "
        "berukuran lebih kecil (maksimal 8 MB)."
    ),
    "image.too_many_pixels": N_(
        "Resolusi foto terlalu besar untuk diproses. Ambil foto langsung dengan kamera ponsel."
    ),
    "image.too_small": N_(
        "Resolusi foto terlalu kecil. Gunakan kamera dengan resolusi lebih tinggi atau ambil "
        "foto dari jarak lebih dekat."
    ),
    # --- rule 1: whole face visible and facing the camera ---
    "selfie.no_face": N_(
        "Wajah tidak terdeteksi. Pastikan seluruh wajah terlihat dan menghadap ke kamera."
    ),
    "selfie.multiple_faces": N_(
        "Terdeteksi lebih dari satu wajah. Pastikan hanya Anda yang terlihat di kamera."
    ),
    "selfie.face_cut_off": N_(
        "Sebagian wajah terpotong oleh tepi foto. Posisikan seluruh wajah di tengah bingkai."
    ),
    "selfie.face_too_small": N_(
        "Wajah terlalu kecil atau terlalu jauh. Dekatkan wajah ke kamera hingga memenuhi bingkai."
    ),
    "selfie.too_close": N_(
        "Wajah terlalu dekat ke kamera. Jauhkan ponsel sedikit hingga kepala dan bahu terlihat."
    ),
    "selfie.not_frontal": N_(
        "Wajah tidak menghadap lurus ke kamera. Tegakkan kepala dan lihat langsung ke kamera."
    ),
    "selfie.blurry": N_(
        "Foto kurang tajam. Bersihkan lensa kamera, pegang ponsel dengan stabil, lalu ulangi."
    ),
    "selfie.eyes_closed": N_("Mata tampak tertutup. Buka mata Anda dan lihat ke kamera."),
    # --- rule 2: plain background ---
    "selfie.background_busy": N_(
        "Latar belakang terlalu ramai. Berdirilah di depan dinding polos berwarna terang."
    ),
    # --- rule 3: forehead, brows and face edges visible; no glasses or mask ---
    "selfie.covered": N_(
        "Dahi atau alis tertutup. Lepaskan topi atau penutup yang menutupi dahi; hijab, "
        "kerudung, atau peci boleh dipakai asalkan dahi, alis, dan tepi wajah terlihat."
    ),
    "selfie.glasses": N_("Kacamata terdeteksi. Lepaskan kacamata Anda, lalu ulangi."),
    "selfie.mask": N_(
        "Wajah bagian bawah tertutup. Lepaskan masker atau penutup mulut dan hidung, lalu ulangi."
    ),
    # --- rule 4: enough light ---
    "selfie.too_dark": N_(
        "Foto terlalu gelap. Pindah ke tempat yang lebih terang atau hadap ke sumber cahaya."
    ),
    "selfie.too_bright": N_(
        "Foto terlalu terang. Hindari cahaya matahari langsung atau lampu yang terlalu dekat."
    ),
    "selfie.low_contrast": N_(
        "Foto tampak pudar. Bersihkan lensa kamera dan pastikan cahaya cukup, lalu ulangi."
    ),
    "selfie.uneven_light": N_(
        "Cahaya pada wajah tidak merata. Hadapkan wajah ke sumber cahaya agar kedua sisi "
        "wajah sama terang."
    ),
    # --- rule 5: keep still ---
    "selfie.moving": N_(
        "Wajah atau ponsel bergerak saat foto diambil. Pegang ponsel dengan stabil dan diam "
        "sejenak, lalu ulangi."
    ),
    "selfie.quality": N_("Foto belum memenuhi syarat. Ikuti petunjuk di layar, lalu ulangi."),
    # --- liveness ---
    "liveness.challenge_not_done": N_(
        "Gerakan yang diminta tidak terdeteksi. Ikuti petunjuk di layar (berkedip atau menoleh) "
        "saat perekaman berlangsung, lalu ulangi."
    ),
    "liveness.flat": N_(
        "Verifikasi gagal: yang terekam tampak seperti foto atau layar, bukan wajah langsung. "
        "Gunakan wajah Anda sendiri di depan kamera."
    ),
    "liveness.person_changed": N_(
        "Verifikasi gagal: wajah berubah selama perekaman. Pastikan hanya Anda yang berada di "
        "depan kamera dari awal hingga akhir."
    ),
    "liveness.replay": N_(
        "Verifikasi gagal: rekaman ini sudah pernah dikirim atau bukan untuk sesi ini. Mulai "
        "ulang langkah swafoto."
    ),
    "liveness.expired": N_("Waktu untuk langkah swafoto sudah habis. Mulai ulang langkah swafoto."),
    "liveness.bad_burst": N_(
        "Rekaman swafoto tidak lengkap. Tetap di halaman ini hingga perekaman selesai, lalu ulangi."
    ),
    "liveness.review": N_(
        "Hasil verifikasi perlu diperiksa petugas. Anda akan diberi tahu setelah diperiksa."
    ),
    # --- match ---
    "face.mismatch": N_(
        "Wajah tidak cocok dengan foto data Anda. Pastikan Anda sendiri yang melakukan "
        "pengkinian data; jika benar, kunjungi kantor cabang BPJS Ketenagakerjaan terdekat."
    ),
    "face.review": N_(
        "Kecocokan wajah perlu diperiksa petugas. Anda akan diberi tahu setelah diperiksa."
    ),
    "face.review_pending": N_(
        "Foto Anda sebelumnya masih sedang diperiksa petugas; hasilnya dikirim lewat email. "
        "Anda tidak perlu mengirim foto lagi. Bila ingin mencoba sekali lagi, hadapkan wajah "
        "ke cahaya yang terang dan lihat lurus ke kamera."
    ),
    "engine.unavailable": N_(
        "Layanan verifikasi wajah sedang sibuk. Tunggu sebentar, lalu coba lagi."
    ),
}
