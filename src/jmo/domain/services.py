"""The services of the app and which of them current data unlocks.

The fund's guide: after Pengkinian Data the participant can use Cek Saldo, the JHT, JKM,
JKK and JP claims, the digital card and Pengaduan; before it, the app keeps asking for the
data update ("Silakan Melanjutkan Proses Pengkinian Data").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    key: str
    label: str  # the fund's own menu label (Indonesian; translated at the edge)
    requires_current_data: bool = True


SERVICES: tuple[Service, ...] = (
    Service("kartu-digital", "Kartu Digital"),
    Service("saldo-jht", "Cek Saldo JHT"),
    Service("klaim-jht", "Pengajuan & Lacak Klaim JHT"),
    Service("pengkinian-data", "Pengkinian Data", requires_current_data=False),
    Service("pengaduan", "Pengaduan"),
    Service("klaim-jkm", "Klaim JKM"),
    Service("klaim-jkk", "Klaim JKK"),
    Service("klaim-jp", "Klaim JP"),
)

SERVICES_BY_KEY = {s.key: s for s in SERVICES}


def is_unlocked(service: Service, *, data_is_current: bool) -> bool:
    return data_is_current or not service.requires_current_data
