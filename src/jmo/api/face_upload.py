"""The face check at the API edge, once for every operation that takes one (the data
update's step 6, Lupa akun, the claim lock, lifting a freeze): the multipart forms (the
same fields, bounds and reading as the pages, ``jmo.edge_face``), the calls into the place's
use case and the message a result is told with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, File, Form, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import ServicesDep
from jmo.api.errors import api_locale
from jmo.api.input_fields import constraints
from jmo.domain.biometric import NONCE, LivenessChallenge
from jmo.edge_face import BurstUpload, burst_upload, face_message, photo_upload
from jmo.usecases.services import Policy, Services

R = TypeVar("R")


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


# The face check's operations, once for every place (the use cases take the same tools in
# the same order: the unit of work, who is checked, the engine, the material; ``who`` is
# the actor where the place has a login, nothing where a flow token names the person).


async def face_challenge(
    use_case: Callable[..., LivenessChallenge], svc: Services, *who: object, **place: object
) -> LivenessChallenge:
    return await run_in_threadpool(
        use_case,
        svc.uow(),
        *who,
        svc.faces,
        rng=svc.rng,
        policy=svc.policy,
        now=svc.clock.now(),
        **place,
    )


async def burst_check(
    use_case: Callable[..., R], svc: Services, burst: BurstUpload, *who: object, **place: object
) -> R:
    return await run_in_threadpool(
        use_case,
        svc.uow(),
        *who,
        svc.faces,
        burst.frames,
        nonce=burst.nonce,
        frame_times_ms=burst.frame_times_ms,
        frame_registry=svc.frames,
        policy=svc.policy,
        now=svc.clock.now(),
        **place,
    )


async def photo_check(
    use_case: Callable[..., R], svc: Services, image: bytes, *who: object, **place: object
) -> R:
    return await run_in_threadpool(
        use_case, svc.uow(), *who, svc.faces, image, policy=svc.policy, now=svc.clock.now(), **place
    )


def result_message(
    request: Request, policy: Policy, code: str, decision: str, tries_left: int
) -> str:
    """What the person is told of a result, in the caller's language, with the tries left."""
    return face_message(
        api_locale(request), code, decision, tries_left, policy.face_attempt_window_hours
    )
