"""Notices of appointments at a branch office (janji temu)."""

from __future__ import annotations

from jmo.i18n import N_

TEMPLATES: dict[str, tuple[str, str]] = {
    "appointment.booked": (
        N_("Janji temu {booking} di {branch}"),
        N_(
            "Halo {name}, janji temu Anda tercatat: {branch}, {starts_at}. Kode booking: "
            "{booking}. Bawa e-KTP dan dokumen yang tertera di aplikasi JMO (Janji Temu)."
        ),
    ),
    "appointment.rescheduled": (
        N_("Jadwal janji temu {booking} diubah"),
        N_(
            "Halo {name}, janji temu {booking} dipindahkan ke {branch}, {starts_at}. "
            "Kode booking tetap sama."
        ),
    ),
    "appointment.cancelled": (
        N_("Janji temu {booking} dibatalkan"),
        N_("Halo {name}, janji temu {booking} di {branch} pada {starts_at} dibatalkan."),
    ),
    "appointment.done": (
        N_("Janji temu {booking} selesai"),
        N_(
            "Halo {name}, janji temu {booking} di {branch} sudah selesai. Terima kasih atas "
            "kedatangan Anda; lihat perkembangannya di aplikasi JMO."
        ),
    ),
}
