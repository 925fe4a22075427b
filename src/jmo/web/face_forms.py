"""The face check's forms on every page that has one (step 6 of the data update, Lupa
akun, the claim lock, lifting a freeze): the camera burst and the still photo read the same
way, after the CSRF check; the challenge answered to the camera script. The page itself is
the ``face_check`` macro (templates/macros.html)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.biometric import LivenessChallenge
from jmo.domain.errors import DomainError
from jmo.edge import status_for
from jmo.edge_face import BurstUpload, burst_upload, challenge_texts, photo_upload
from jmo.usecases.services import Policy
from jmo.web.deps import check_csrf
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
