"""Alarms keep their message id and parameters beside the English text; rows stored before the
0006 migration stay readable with their English text alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from counterpart.domain.errors import TamperDetected
from counterpart.domain.messages import Message
from counterpart.ledger.verify import verify_consistency
from counterpart.storage.database import create_engine, migrate
from counterpart.storage.log_peers import PeerStore

LOG = "counterpart/cn"


def refused_proof() -> TamperDetected:
    """The error a real consistency check raises for a proof that does not hold."""
    with pytest.raises(TamperDetected) as caught:
        verify_consistency(3, 7, [b"\x01" * 32] * 4, b"\x02" * 32, b"\x03" * 32)
    return caught.value


def test_an_alarm_keeps_its_message_and_its_english_text(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        migrate(engine)
        book = PeerStore(engine)
        exc = refused_proof()
        book.raise_alarm(LOG, "consistency_proof_rejected", exc.to_message(), "evidence")
        book.raise_alarm(LOG, "unsigned_checkpoint", "plain text, no message", "other")
        said, plain = book.alarms()
        assert isinstance(said.said, Message)
        assert said.said == exc.said
        assert said.message == str(exc)
        assert said.said.msgid == "%(what)s: computed %(computed)s, expected %(expected)s"
        assert (plain.message, plain.said) == ("plain text, no message", None)
    finally:
        engine.dispose()


def test_alarms_stored_before_the_migration_stay_readable(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        migrate(engine, "0002")  # the log's branch as it was before alarms kept messages
        old = sa.table(
            "log_alarm",
            sa.column("log"),
            sa.column("kind"),
            sa.column("message"),
            sa.column("evidence"),
            sa.column("raised_at"),
        )
        with engine.begin() as connection:
            connection.execute(
                old.insert().values(
                    log=LOG,
                    kind="inconsistent_checkpoint",
                    message="the log shrank: checkpoint 3, mirrored 5",
                    evidence="checkpoint text",
                    raised_at=datetime(2026, 1, 2, tzinfo=UTC),
                )
            )
        migrate(engine)
        [alarm] = PeerStore(engine).alarms()
        assert (alarm.kind, alarm.message, alarm.said) == (
            "inconsistent_checkpoint",
            "the log shrank: checkpoint 3, mirrored 5",
            None,
        )
    finally:
        engine.dispose()


def test_an_unreadable_stored_message_falls_back_to_the_english_text(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        migrate(engine)
        book = PeerStore(engine)
        book.raise_alarm(LOG, "forked_checkpoint", "two checkpoints of size 4", "evidence")
        with engine.begin() as connection:
            connection.execute(sa.text("UPDATE log_alarm SET message_json = '{\"id\": 4}'"))
        [alarm] = book.alarms()
        assert (alarm.message, alarm.said) == ("two checkpoints of size 4", None)
    finally:
        engine.dispose()
