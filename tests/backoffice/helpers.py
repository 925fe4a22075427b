"""The back office's test set-up: a participant of the Surabaya branch with something of
every kind waiting (an identity correction with a document, a complaint, a claim, a card,
face attempts), and signed-in staff of every role in their branch and in another."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from fastapi.testclient import TestClient

from jmo.domain.accounts import Actor, Role
from jmo.usecases.accounts.sessions import hash_token
from jmo.usecases.backoffice.my_requests import upload_documents
from jmo.usecases.complaints.tickets import Upload
from jmo.usecases.services import Services
from tests.api.test_access_matrix import owner_with_records
from tests.cast import Member, actor_of
from tests.services.helpers import jpeg, tools
from tests.staff import staff_login, staff_member

OWN, OTHER = "SBY01", "MKS01"  # the cast lives in Surabaya; Makassar serves others
ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN)


@dataclass(frozen=True)
class Staff:
    role: Role
    branch: str
    email: str
    actor: Actor
    token: str
    csrf: str

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def cookie(self) -> dict[str, str]:
        return {"Cookie": f"jmo_session={self.token}"}


def sign_in(client: TestClient, services: Services, actor: Actor, email: str) -> Staff:
    response = client.post("/api/v1/auth/login", json=staff_login(services, email))
    assert response.status_code == 200, response.text
    token = response.json()["token"]
    uow = services.uow()
    with uow:
        session = uow.sessions.get_by_token_hash(hash_token(token))
    assert session is not None
    return Staff(actor.role, actor.branch_code or "", email, actor, token, session.csrf_token)


def new_staff(
    client: TestClient, services: Services, role: Role, branch: str, name: str | None = None
) -> Staff:
    email = f"{name or role.value}.{branch.lower()}@kantor.jmo.id"
    return sign_in(client, services, staff_member(services, email, role, branch), email)


def add_document(services: Services, owner: Member, request_id: str) -> str:
    upload_documents(
        services.uow(),
        actor_of(services, owner),
        UUID(request_id),
        document_type="kartu_keluarga",
        uploads=[Upload("kk.jpg", jpeg())],
        tools=tools(services),
        now=services.clock.now(),
    )
    uow = services.uow()
    with uow:
        (document,) = uow.change_requests.documents(UUID(request_id))
    return str(document.id)


def owner_and_ids(client: TestClient, services: Services) -> tuple[Member, dict[str, str]]:
    owner, _, ids = owner_with_records(client, services)
    ids["document_id_claim"] = ids["document_id"]
    ids["correction_document_id"] = add_document(services, owner, ids["request_id"])
    return owner, ids
