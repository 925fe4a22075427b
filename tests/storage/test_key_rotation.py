"""`jmo keys rotate`: every sensitive value moves to the new key, the NIK lookups follow a
new blind-index key, and the old key can then go."""

from __future__ import annotations

import base64
from datetime import timedelta

from sqlalchemy import Engine, select, text

from jmo.bootstrap import bootstrap, make_cipher
from jmo.settings import Settings
from jmo.storage.key_rotation import count_old_values, rotate_keys
from jmo.storage.retention import RetentionPolicy, run_retention
from jmo.storage.rows import BiometricAttemptRow, DraftRow, OutboxRow
from jmo.storage.schema import metadata
from jmo.usecases.accounts.heirs import add_heir
from jmo.usecases.pengkinian.flow import start_pengkinian
from jmo.usecases.services import Services
from tests.cast import actor_of, complete_pengkinian, enrol_member, persona_member
from tests.conftest import FAST_PASSWORDS

NEW_KEY = base64.urlsafe_b64encode(b"n" * 32).decode()
NEW_INDEX_KEY = base64.urlsafe_b64encode(b"i" * 32).decode()


def test_rotation_moves_every_value_to_the_new_key(
    services: Services, settings: Settings, db: Engine
) -> None:
    budi = enrol_member(services)
    complete_pengkinian(services, budi)
    sari = enrol_member(services, key="sari", account=False)
    add_heir(
        services.uow(),
        actor_of(services, budi),
        {"relationship": "sibling", "full_name": "Sari", "nik": sari.nik},
        regions=services.regions,
        notices=services.notices,
        now=services.clock.now(),
    )
    old_cipher = make_cipher(settings)
    assert count_old_values(db, metadata, "t2") > 10

    rotated = Settings(
        environment="test",
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        secret_key="test-secret",
        field_keys=f"t2:{NEW_KEY},{settings.field_keys.get_secret_value()}",
        blind_index_key=NEW_INDEX_KEY,
    )
    report = rotate_keys(db, metadata, make_cipher(rotated))
    assert report.total > 10 and report.reindexed == 2 + 1  # two participants, one heir
    assert count_old_values(db, metadata, "t2") == 0
    assert rotate_keys(db, metadata, make_cipher(rotated)).total == 0  # idempotent

    # the old key removed entirely: everything still reads, NIK lookups still find
    only_new = Settings(
        environment="test",
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        secret_key="test-secret",
        field_keys=f"t2:{NEW_KEY}",
        blind_index_key=NEW_INDEX_KEY,
    )
    fresh = bootstrap(only_new, faces=services.faces, passwords=FAST_PASSWORDS, engine=db).services
    uow = fresh.uow()
    with uow:
        participant = uow.participants.get(budi.participant.id)
        found = uow.participants.find_by_nik(budi.nik)
        history = uow.participants.history(budi.participant.id)
        face = uow.participants.reference_face(budi.participant.id)
        heirs = uow.heirs.naming(sari.nik)  # the heir's index follows the new key too
    assert [(h.participant_id, h.full_name) for h in heirs] == [(budi.participant.id, "Sari")]
    assert participant is not None and participant.identity.nik == budi.nik
    assert participant.profile.bank_account == "012301001234567"
    assert [p.id for p in found] == [budi.participant.id]
    assert len(history) == 2 and face is not None and len(face.descriptor) == 512
    # and the old cipher can no longer read what was rewritten
    with db.connect() as conn:
        token = conn.execute(text("SELECT nik_enc FROM participants LIMIT 1")).scalar_one()
    assert token.startswith("t2.")
    assert old_cipher.current_key_id == "t1"


def test_retention_deletes_old_attempts_and_closes_stale_drafts(
    services: Services, db: Engine
) -> None:
    budi = enrol_member(services)
    complete_pengkinian(services, budi)
    agus = persona_member(services, "agus")
    start_pengkinian(services.uow(), actor_of(services, agus), now=services.clock.now())
    later = services.clock.now() + timedelta(days=800)
    report = run_retention(db, RetentionPolicy(), now=later)
    assert report.biometric_attempts == 1 and report.drafts_abandoned == 1
    assert report.notice_secrets >= 1  # budi's one-time code, never sent, long expired
    with db.connect() as conn:
        assert conn.execute(select(BiometricAttemptRow)).first() is None
        assert (
            conn.execute(select(OutboxRow).where(OutboxRow.secrets_enc.is_not(None))).first()
            is None
        )
        status, entries = conn.execute(
            select(DraftRow.status, DraftRow.entries_enc).where(DraftRow.status != "submitted")
        ).one()
    assert (status, entries) == ("abandoned", "")
    # the participant simply starts afresh
    view = start_pengkinian(services.uow(), actor_of(services, agus), now=later)
    assert view.draft is not None and view.draft.entries == {}
