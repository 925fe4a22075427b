"""What every step page of the data update shares: where each step lives, where the person
carries on, the guard that keeps them to the steps they have reached, and what blocks the
update (the ways forward)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from jmo.domain.pengkinian.steps import Step
from jmo.usecases.face_check import FaceStatus
from jmo.usecases.pengkinian.flow import get_pengkinian
from jmo.usecases.pengkinian.views import PengkinianView
from jmo.usecases.pengkinian.ways_forward import ways_forward_of
from jmo.web import way_forward
from jmo.web.deps import PageCalls, locale_of

PREFIX = "/pengkinian"
RESUME_PATH = PREFIX  # sends the person to their step
START_PROMPT = "/beranda?prompt=pengkinian"  # no draft yet: the home page's pop-up
VERIFY_PATH = f"{PREFIX}/kontak/verifikasi"
STEP_PATHS: dict[Step, str] = {
    Step.IDENTITY: f"{PREFIX}/identitas",
    Step.BIOMETRIC: f"{PREFIX}/biometrik",
    Step.CONTACT: f"{PREFIX}/kontak",
    Step.POPULATION: f"{PREFIX}/kependudukan",
    Step.ADDITIONAL: f"{PREFIX}/tambahan",
    Step.CONFIRM: f"{PREFIX}/konfirmasi",
    Step.DONE: "/beranda?selesai=1",
}


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def step_path(view: PengkinianView) -> str:
    """Where the person carries on: the code page while a code sent at step 7 waits
    (issue 9 item 1: never the form again, which would send another code)."""
    if view.step is Step.CONTACT and view.pending_checks:
        return VERIFY_PATH
    return STEP_PATHS[view.step]


async def current_view(calls: PageCalls) -> PengkinianView:
    return await calls.run(get_pengkinian, now=calls.services.clock.now())


async def guard(calls: PageCalls, step: Step) -> PengkinianView | Response:
    """The page for ``step`` if the person may open it, else a redirect to where they are."""
    view = await current_view(calls)
    if view.draft is None:
        return redirect(START_PROMPT)
    if not step <= view.step:  # not reached, or past a selfie pass that has expired
        return redirect(step_path(view))
    return view


async def ways(
    request: Request, calls: PageCalls, view: PengkinianView, status: FaceStatus | None = None
) -> list[dict[str, str]]:
    """What blocks this person's data update and the way forward (appointment, help), in
    their language. ``status``: the face tries, when the page has read them already."""
    svc = calls.services
    found = await calls.run(
        ways_forward_of, view, policy=svc.policy, now=svc.clock.now(), status=status
    )
    return way_forward.boxes(found, locale_of(request, calls.authenticated))
