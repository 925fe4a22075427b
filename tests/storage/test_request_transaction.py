"""One database session per request: the authentication and the use case share a pooled
connection checked out once, and on PostgreSQL one transaction when the request only reads.
Writes still commit or roll back per block, exactly as with a session per block."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from jmo.app import create_app
from jmo.bootstrap import Runtime, bootstrap
from jmo.domain.errors import ValidationFailed
from jmo.settings import Settings
from jmo.storage.unit_of_work import request_transaction
from jmo.usecases.services import Services
from tests.cast import PASSWORD, enrol_member
from tests.conftest import FAST_PASSWORDS


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    """The general path: with the fast read lane off, reads go through SQLAlchemy (the
    lane's own reads, with no SQLAlchemy connection at all, are tests/storage/
    test_fast_read_lane.py's)."""
    general = bootstrap(
        settings.model_copy(update={"database_fast_reads": False}),
        clock=runtime.services.clock,
        faces=runtime.services.faces,
        passwords=FAST_PASSWORDS,
        engine=runtime.engine,
    )
    assert general.lane is None
    with TestClient(create_app(settings, general)) as client:
        yield client


class Counts:
    def __init__(self, engine: Engine) -> None:
        self.checkouts = 0
        self.begins = 0
        self.statements: list[str] = []
        event.listen(engine.pool, "checkout", self._checkout)
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "before_cursor_execute", self._statement)
        self._engine = engine

    def _checkout(self, *_: Any) -> None:
        self.checkouts += 1

    def _begin(self, *_: Any) -> None:
        self.begins += 1

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.statements.append(statement)

    def close(self) -> None:
        event.remove(self._engine.pool, "checkout", self._checkout)
        event.remove(self._engine, "begin", self._begin)
        event.remove(self._engine, "before_cursor_execute", self._statement)


def test_an_authenticated_read_checks_out_one_connection(
    client: TestClient, services: Services, runtime: Runtime
) -> None:
    budi = enrol_member(services)
    token = client.post(
        "/api/v1/auth/login", json={"email": budi.email, "password": PASSWORD}
    ).json()["token"]
    counts = Counts(runtime.engine)
    try:
        response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    finally:
        counts.close()
    assert response.status_code == 200
    if runtime.engine.dialect.name == "postgresql":
        # The session lookup (authentication) and the use case ran on one connection, in
        # one transaction.
        assert (counts.checkouts, counts.begins) == (1, 1)
    else:
        # SQLite takes its write lock at BEGIN: each block ends its own transaction (and
        # hands the connection back in between).
        assert counts.begins == counts.checkouts == 2


def test_a_block_that_failed_leaves_nothing_and_the_next_block_works(
    services: Services, runtime: Runtime
) -> None:
    budi = enrol_member(services)
    with request_transaction() as held:
        uow = services.uow()
        with pytest.raises(ValidationFailed), uow:
            account = uow.accounts.get_by_email(budi.email)
            assert account is not None
            account.password_hash = "changed-but-never-committed"
            uow.accounts.save(account)
            raise ValidationFailed.single("x", "x")
        with services.uow() as again:
            account = again.accounts.get_by_email(budi.email)
            assert account is not None
            assert account.password_hash != "changed-but-never-committed"
        held.close()


def test_a_committed_block_is_seen_by_the_next_request(
    services: Services, runtime: Runtime
) -> None:
    budi = enrol_member(services)
    with request_transaction() as held:
        with services.uow() as uow:
            account = uow.accounts.get_by_email(budi.email)
            assert account is not None
            account.password_hash = "committed"
            uow.accounts.save(account)
            uow.commit()
        held.close()
    with services.uow() as uow:  # outside any request: its own session
        account = uow.accounts.get_by_email(budi.email)
        assert account is not None and account.password_hash == "committed"
