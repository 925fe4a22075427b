"""Each API operation with the statuses and error codes it can answer with.

The codes come from the code (``error_codes``: the endpoint, its dependencies and all they
call) plus what the edge itself answers: ``request.invalid`` (422) when the request does not
fit the operation's parameters or body, ``request.too_large`` (413) on an operation with a
body. The status of each code is ``jmo.edge.status_of``, the rule the error handlers use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from jmo.api.contract.error_codes import Findings, raised_by
from jmo.api.deps import StaffRoute, _authenticate
from jmo.domain.errors import DomainError, ValidationFailed
from jmo.edge import status_of
from jmo.edge_body_limit import upload_kind_of
from jmo.usecases.access import require_staff

REQUEST_INVALID = "request.invalid"
REQUEST_TOO_LARGE = "request.too_large"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    errors: dict[int, tuple[str, ...]]  # status -> codes, sorted

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(sorted({c for codes in self.errors.values() for c in codes}))


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def _has_parameters(dependant: Dependant) -> bool:
    return bool(
        dependant.path_params
        or dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
        or dependant.body_params
        or any(_has_parameters(d) for d in dependant.dependencies)
    )


def _has_body(dependant: Dependant) -> bool:
    return bool(dependant.body_params) or any(_has_body(d) for d in dependant.dependencies)


@cache
def _findings(roots: tuple[Callable[..., Any], ...]) -> Findings:
    return raised_by(roots)


def errors_of(route: APIRoute) -> dict[int, tuple[str, ...]]:
    roots: list[Callable[..., Any]] = [route.endpoint, *_calls(route.dependant)]
    if isinstance(route, StaffRoute):  # checks the role before FastAPI reads the request
        roots += [_authenticate, require_staff]
    found = {(status_of(e.kind, e.code), e.code) for e in _findings(tuple(roots)).errors}
    if _has_parameters(route.dependant):
        found.add((status_of(ValidationFailed, REQUEST_INVALID), REQUEST_INVALID))
    if _has_body(route.dependant) or upload_kind_of(route.endpoint) is not None:
        found.add((status_of(DomainError, REQUEST_TOO_LARGE), REQUEST_TOO_LARGE))
    by_status: dict[int, set[str]] = {}
    for status, code in found:
        by_status.setdefault(status, set()).add(code)
    return {status: tuple(sorted(codes)) for status, codes in sorted(by_status.items())}


def operations(routes: Sequence[BaseRoute]) -> list[Operation]:
    found = []
    for route in routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        for method in sorted(route.methods or ()):
            found.append(
                Operation(
                    method=method,
                    path=route.path,
                    operation_id=route.unique_id,
                    summary=route.summary or route.name.replace("_", " ").capitalize(),
                    errors=errors_of(route),
                )
            )
    return sorted(found, key=lambda o: (o.path, o.method))
