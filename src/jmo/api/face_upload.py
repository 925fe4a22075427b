"""The face check's multipart forms, once for every API operation that takes one (the data
update's step 6, Lupa akun, the claim lock, lifting a freeze): the same fields, bounds and
reading as the pages (``jmo.edge_face``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, File, Form, UploadFile

from jmo.api.deps import ServicesDep
from jmo.api.input_fields import constraints
from jmo.domain.biometric import NONCE
from jmo.edge_face import BurstUpload, burst_upload, photo_upload


async def _burst(
    svc: ServicesDep,
    frames: Annotated[list[UploadFile], File(description="8-45 unmirrored JPEG frames")],
    nonce: Annotated[str, Form(**constraints(NONCE))],
    frame_times_ms: Annotated[str, Form(max_length=1000)] = "",
) -> BurstUpload:
    return await burst_upload(frames, nonce, frame_times_ms, svc.policy)


async def _photo(svc: ServicesDep, file: Annotated[UploadFile, File()]) -> bytes:
    return await photo_upload(file, svc.policy, "file")


BurstForm = Annotated[BurstUpload, Depends(_burst)]
PhotoForm = Annotated[bytes, Depends(_photo)]
