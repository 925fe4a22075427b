"""Shared helpers of the Kartu Digital, Pengaduan and notification tests."""

from __future__ import annotations

import io
import uuid

from PIL import Image

from jmo.domain.accounts import Actor, Role
from jmo.usecases.complaints.tickets import Tools
from jmo.usecases.services import Services
from tests.cast import Member, actor_of, complete_pengkinian, enrol_member
from tests.staff import staff_member


def current_member(services: Services, **kwargs: object) -> tuple[Member, Actor]:
    """A participant whose data update is done (the services are unlocked)."""
    member = enrol_member(services, **kwargs)  # type: ignore[arg-type]
    complete_pengkinian(services, member)
    return member, actor_of(services, member)


def officer(services: Services, email: str = "petugas@kantor.jmo.id") -> tuple[str, Actor]:
    """An officer of the branch serving the cast (Surabaya), with a second factor."""
    return email, staff_member(services, email, Role.OFFICER, "SBY01")


def tools(services: Services) -> Tools:
    return Tools(
        inspector=services.attachments,
        files=services.files,
        notices=services.notices,
        policy=services.policy,
    )


def jpeg(width: int = 64, height: int = 48, *, exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), (200, 30, 30))
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def png(width: int = 32, height: int = 32) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 90, 160, 255)).save(out, format="PNG")
    return out.getvalue()


def pdf(extra_catalog: str = "", extra_objects: str = "") -> bytes:
    """A small, valid one-page PDF written by hand, so tests can add active content."""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {extra_catalog}>>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    if extra_objects:
        objects.append(extra_objects)
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        body += f"{offset:010d} 00000 n \n".encode()
    body += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return body


def unknown_id() -> uuid.UUID:
    return uuid.uuid4()
