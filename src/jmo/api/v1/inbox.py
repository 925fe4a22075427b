"""The in-app inbox and "Bukan saya" over the API (the same use cases as /kotak-masuk)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, client_of
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import StrictIn
from jmo.domain.errors import NotFound
from jmo.domain.freeze import Freeze
from jmo.usecases.accounts.inbox import inbox, mark_read
from jmo.usecases.accounts.not_me import freeze_by_link, freeze_from_app

router = APIRouter(
    prefix=f"{V1}/me/inbox", tags=["inbox"], generate_unique_id_function=operation_id
)
not_me_router = APIRouter(
    prefix=f"{V1}/not-me", tags=["inbox"], generate_unique_id_function=operation_id
)


class InboxMessageOut(BaseModel):
    id: UUID
    kind: str
    subject: str
    body: str
    created_at: datetime
    read: bool


class MyFreezeOut(BaseModel):
    frozen_at: datetime
    source: str

    @classmethod
    def of(cls, freeze: Freeze) -> MyFreezeOut:
        return cls(frozen_at=freeze.frozen_at, source=freeze.source)


class InboxOut(BaseModel):
    unread: int
    messages: list[InboxMessageOut]
    frozen: MyFreezeOut | None = Field(
        default=None, description="Set while data changes and claim payouts are frozen"
    )


class MarkedOut(BaseModel):
    marked: int


class NotMeLinkIn(StrictIn):
    token: str = Field(max_length=100)


@router.get("", response_model=InboxOut)
async def my_inbox(auth: AuthDep, svc: ServicesDep) -> InboxOut:
    view = await run_in_threadpool(inbox, svc.uow(), auth.actor)
    return InboxOut(
        unread=view.unread,
        messages=[
            InboxMessageOut(
                id=m.id,
                kind=m.kind,
                subject=m.subject,
                body=m.body,
                created_at=m.created_at,
                read=m.read_at is not None,
            )
            for m in view.messages
        ],
        frozen=MyFreezeOut.of(view.freeze) if view.freeze else None,
    )


@router.post("/read", response_model=MarkedOut)
async def read_all(auth: AuthDep, svc: ServicesDep) -> MarkedOut:
    marked = await run_in_threadpool(mark_read, svc.uow(), auth.actor, None, now=svc.clock.now())
    return MarkedOut(marked=marked)


@router.post("/{message_id}/read", response_model=MarkedOut)
async def read_one(message_id: UUID, auth: AuthDep, svc: ServicesDep) -> MarkedOut:
    marked = await run_in_threadpool(
        mark_read, svc.uow(), auth.actor, message_id, now=svc.clock.now()
    )
    if not marked:
        raise NotFound("inbox_message")  # not yours, missing, or already read: one answer
    return MarkedOut(marked=marked)


@router.post("/not-me", response_model=MyFreezeOut)
async def not_me_in_app(request: Request, auth: AuthDep, svc: ServicesDep) -> MyFreezeOut:
    """ "Bukan saya" from the app: data changes and claim payouts stop at once and every
    session ends (this one too)."""
    freeze = await run_in_threadpool(
        freeze_from_app,
        svc.uow(),
        svc.notices,
        auth.actor,
        client=client_of(request),
        now=svc.clock.now(),
    )
    return MyFreezeOut.of(freeze)


@not_me_router.post("", response_model=MyFreezeOut)
async def not_me_link(body: NotMeLinkIn, request: Request, svc: ServicesDep) -> MyFreezeOut:
    """The token of the "Bukan saya" link in a notice; works once, without login."""
    freeze = await run_in_threadpool(
        freeze_by_link,
        svc.uow(),
        svc.notices,
        token=body.token,
        client=client_of(request),
        now=svc.clock.now(),
    )
    return MyFreezeOut.of(freeze)
