"""The face check's forms on every page that has one (step 6 of the data update, Lupa
akun, the claim lock, lifting a freeze): the camera burst and the still photo read the same
way, after the CSRF check; the challenge answered to the camera script. The page itself is
the ``face_check`` macro (templates/macros.html)."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.accounts import Actor
from jmo.domain.biometric import LivenessChallenge
from jmo.domain.errors import DomainError, ValidationFailed
from jmo.edge import status_for
from jmo.edge_face import BurstUpload, burst_upload, challenge_texts, face_message, photo_upload
from jmo.i18n.errors import ERROR_MESSAGES
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.face_check import face_status
from jmo.usecases.ports.faces import FaceVerifier, FrameRegistry
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy, Services
from jmo.web.deps import PageCalls, check_csrf, locale_of
from jmo.web.errors import message

PHOTO_FIELD = "selfie"


async def read_burst_form(request: Request, policy: Policy, csrf_expected: str) -> BurstUpload:
    form = await request.form(
        max_files=policy.burst_max_frames,
        max_fields=10,
        max_part_size=policy.burst_frame_max_bytes + 1,
    )
    check_csrf(str(form.get("csrf_token") or ""), csrf_expected)
    return await burst_upload(
        form.getlist("frames"),
        str(form.get("nonce") or ""),
        str(form.get("frame_times_ms") or ""),
        policy,
    )


async def read_photo_form(request: Request, policy: Policy, csrf_expected: str) -> bytes:
    form = await request.form(
        max_files=1, max_fields=10, max_part_size=policy.max_upload_bytes + 1024
    )
    check_csrf(str(form.get("csrf_token") or ""), csrf_expected)
    return await photo_upload(form.get(PHOTO_FIELD), policy, PHOTO_FIELD)


async def answer_challenge(
    request: Request, csrf_expected: str, locale: str, issue: Callable[[], LivenessChallenge]
) -> Response:
    """The challenge the camera script shows while recording (the CSRF token comes in a
    header); a refusal as JSON in words, with its status."""
    check_csrf(request.headers.get("x-csrf-token", ""), csrf_expected)
    try:
        challenge = await run_in_threadpool(issue)
    except DomainError as exc:
        return JSONResponse({"error": message(exc, locale)}, status_code=status_for(exc))
    return JSONResponse(challenge_texts(challenge, locale))


def back_to_face_page(page: str, code: str, decision: str = "") -> Response:
    """After a burst or a photo: back to the page, which says the result and the tries left."""
    return RedirectResponse(f"{page}?wajah={code}&hasil={decision}", status_code=303)


class FaceOutcome(Protocol):
    """What a face check answers a page with (``FaceCheckResult``, ``UnlockResult``)."""

    @property
    def code(self) -> str: ...

    @property
    def decision(self) -> str: ...


class ChallengeIssuer(Protocol):
    """A use case that issues the liveness challenge of its face page."""

    def __call__(
        self,
        uow: UnitOfWork,
        actor: Actor,
        faces: FaceVerifier,
        /,
        *,
        rng: random.Random,
        policy: Policy,
        now: datetime,
    ) -> LivenessChallenge: ...


async def face_challenge(
    request: Request, auth: Authenticated, svc: Services, issue: ChallengeIssuer
) -> Response:
    """The challenge route of a face page (``issue``: its use case)."""
    return await answer_challenge(
        request,
        auth.session.csrf_token,
        locale_of(request, auth),
        lambda: issue(
            svc.uow(), auth.actor, svc.faces, rng=svc.rng, policy=svc.policy, now=svc.clock.now()
        ),
    )


class BurstCheck(Protocol):
    """A use case that checks a face page's camera burst (its other tools bound)."""

    def __call__(
        self,
        uow: UnitOfWork,
        actor: Actor,
        faces: FaceVerifier,
        frames: Sequence[bytes],
        /,
        *,
        nonce: str,
        frame_times_ms: Sequence[int] | None,
        frame_registry: FrameRegistry,
        policy: Policy,
        now: datetime,
    ) -> FaceOutcome: ...


class PhotoCheck(Protocol):
    """A use case that checks a face page's still photo (its other tools bound)."""

    def __call__(
        self,
        uow: UnitOfWork,
        actor: Actor,
        faces: FaceVerifier,
        image: bytes,
        /,
        *,
        policy: Policy,
        now: datetime,
    ) -> FaceOutcome: ...


async def burst_to_face_page(
    request: Request, auth: Authenticated, calls: PageCalls, page: str, check: BurstCheck
) -> Response:
    """The camera burst of a face page: read after the CSRF check, checked, back to the
    page with the result."""
    svc = calls.services

    async def read_and_check() -> FaceOutcome:
        burst = await read_burst_form(request, svc.policy, auth.session.csrf_token)
        return await calls.run(
            check,
            svc.faces,
            burst.frames,
            nonce=burst.nonce,
            frame_times_ms=burst.frame_times_ms,
            frame_registry=svc.frames,
            policy=svc.policy,
            now=svc.clock.now(),
        )

    return await _back_with_result(page, read_and_check)


async def photo_to_face_page(
    request: Request, auth: Authenticated, calls: PageCalls, page: str, check: PhotoCheck
) -> Response:
    """The still photo of a face page: read after the CSRF check, checked, back to the
    page with the result."""
    svc = calls.services

    async def read_and_check() -> FaceOutcome:
        image = await read_photo_form(request, svc.policy, auth.session.csrf_token)
        return await calls.run(check, svc.faces, image, policy=svc.policy, now=svc.clock.now())

    return await _back_with_result(page, read_and_check)


async def _back_with_result(page: str, run: Callable[[], Awaitable[FaceOutcome]]) -> Response:
    # A refused form or check (a bad burst, no tries left) is told by its code, like a result.
    try:
        result = await run()
    except ValidationFailed as exc:
        return back_to_face_page(page, exc.errors[0].code)
    except DomainError as exc:
        return back_to_face_page(page, exc.code)
    return back_to_face_page(page, result.code, result.decision)


async def face_page_context(
    request: Request, calls: PageCalls, wajah: str, hasil: str
) -> dict[str, Any]:
    """What the face check's part of a face page shows: whether a still photo is allowed,
    the upload limit, and the last result (``wajah``, ``hasil``) with the tries left."""
    policy = calls.services.policy
    tries = await calls.run(face_status, policy=policy, now=calls.services.clock.now())
    locale = locale_of(request, calls.authenticated)
    return {
        "still_allowed": policy.face_still_photo_allowed,
        "max_mb": policy.max_upload_bytes // (1024 * 1024),
        "face_message": (
            face_message(locale, wajah, hasil, tries.tries_left, policy.face_attempt_window_hours)
            if wajah in ERROR_MESSAGES
            else None
        ),
    }
