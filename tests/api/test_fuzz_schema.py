"""Schemathesis against the app's own OpenAPI schema: generated requests (valid and
invalid, authenticated as a participant half-way through Pengkinian Data) never get a 5xx,
and every documented answer matches its schema. Bounded examples per operation keep it in
the normal test run; the count is in docs/security.md."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from jmo import __version__
from jmo.api import build_routes as api_routes
from jmo.api.contract.document import api_document
from jmo.usecases.accounts.sessions import Client, login
from jmo.usecases.ports import Services
from tests.cast import enrol_member, walk_to_confirm

EXAMPLES = 12


def _openapi() -> dict[str, object]:
    """The schema exactly as the app serves it (the API routers need no services for it)."""
    return api_document(api_routes(), title="JMO API", version=__version__, description="")


@pytest.fixture
def bearer(services: Services) -> dict[str, str]:
    member = enrol_member(services)
    walk_to_confirm(services, member)
    result = login(
        services.uow(),
        services.passwords,
        services.limiter,
        email=member.email,
        password=member.password,
        client=Client("198.51.100.1", "fuzz"),
        now=services.clock.now(),
        policy=services.policy,
        notices=services.notices,
        devices=services.device_tokens,
        kind="api",
    )
    return {"Authorization": f"Bearer {result.token}"}


schema = schemathesis.openapi.from_dict(_openapi())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_server_errors_and_answers_match_the_schema(
    case: schemathesis.Case, bearer: dict[str, str], live_server: str
) -> None:
    case.call_and_validate(
        base_url=live_server,
        headers=bearer,
        checks=[not_a_server_error, response_schema_conformance],
    )
