"""The records store on SQLite and PostgreSQL: drafts, the projection, pages, one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from counterpart.domain.errors import Conflict
from counterpart.domain.records import RecordType
from counterpart.storage.database import create_engine, migrate
from counterpart.storage.records import open_records, record_draft
from counterpart.workflows.coordination_ports import (
    Draft,
    DraftQuery,
    EvidenceFile,
    RecordEntry,
    RecordQuery,
)

WHEN = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = create_engine(database_url)
    migrate(made)
    yield made
    made.dispose()


def entry(index: int, **changes: object) -> RecordEntry:
    base = RecordEntry(
        log="self",
        index=index,
        leaf_hash=f"{index:064x}",
        record_type=RecordType.INCIDENT,
        author="us",
        addressed_to="cn",
        sequence=index + 1,
        claimed_at=WHEN + timedelta(days=index),
        state="reported",
        summary=f"incident {index}",
        content={"n": index, "name": "中文"},
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_drafts_round_trip_and_versions_guard_edits(engine: Engine) -> None:
    draft = Draft("d1", "us", RecordType.INCIDENT, {"place": "港口"}, "ana", WHEN, WHEN)
    with open_records(engine) as ports:
        ports.add_draft(draft)
        ports.add_draft(replace(draft, id="d2", party="cn"))
    with open_records(engine) as ports:
        assert ports.get_draft("d1") == draft
        assert [d.id for d in ports.list_drafts(DraftQuery("us")).items] == ["d1"]
        ports.replace_draft(replace(draft, version=2, content={"place": "x"}), expected_version=1)
    with open_records(engine) as ports, pytest.raises(Conflict, match="changed meanwhile"):
        ports.replace_draft(replace(draft, version=2), expected_version=1)
    with open_records(engine) as ports:
        ports.delete_draft("d1")
        assert ports.get_draft("d1") is None


def test_projection_filters_pages_states_and_pending(engine: Engine) -> None:
    with open_records(engine) as ports:
        for index in range(5):
            ports.add_entry(entry(index))
        ports.add_entry(entry(0, log="peer:cn", author="cn", addressed_to="us", flagged=True))
        ports.add_entry(entry(1, log="peer:cn", author="cn", addressed_to="fr"))  # not for us
        ports.add_entry(
            entry(
                5,
                record_type=RecordType.PRE_EXPORT_NOTIFICATION,
                state="awaiting_reply",
                deadline=date(2026, 3, 20),
                waiting_on="cn",
            )
        )
        ports.set_next_index("self", 6)
    with open_records(engine) as ports:
        assert ports.next_index("self") == 6 and ports.next_index("peer:cn") == 0
        everything = ports.list_entries(RecordQuery("us", limit=3))
        assert everything.total == 7
        assert [e.index for e in everything.items] == [5, 0, 4]
        after = everything.items[-1].position
        rest = ports.list_entries(RecordQuery("us", limit=3, after=after))
        assert [(e.log, e.index) for e in rest.items] == [("self", 3), ("self", 2), ("self", 1)]
        received = ports.list_entries(RecordQuery("us", direction="received"))
        assert [(e.author, e.flagged) for e in received.items] == [("cn", True)]
        assert received.items[0].content == {"n": 0, "name": "中文"}
        ranged = ports.list_entries(
            RecordQuery("us", since=date(2026, 3, 2), until=date(2026, 3, 3), party="us")
        )
        assert [e.index for e in ranged.items] == [2, 1]
        ports.set_state(("self", 5), "objected", None)
        assert ports.pending("us", date(2026, 12, 31)) == []
        assert ports.list_entries(RecordQuery("us", state="objected")).total == 1


def test_an_entry_is_projected_once_and_a_refused_transaction_leaves_nothing(
    engine: Engine,
) -> None:
    with open_records(engine) as ports:
        added = ports.add_entry(entry(0))
        assert added is not None and added == ports.get_entry("self", 0)  # as stored
        assert ports.add_entry(entry(0, state="other")) is None  # projected already: kept
    draft = Draft("d1", "us", RecordType.INCIDENT, {}, "ana", WHEN, WHEN)
    with pytest.raises(Conflict, match="changed meanwhile"), open_records(engine) as ports:
        ports.add_draft(draft)
        ports.add_entry(entry(1))
        ports.replace_draft(draft, expected_version=7)
    with open_records(engine) as ports:
        kept = ports.get_entry("self", 0)
        assert kept is not None and kept.state == "reported"
        assert ports.get_entry("self", 1) is None
    with engine.connect() as connection:
        assert (
            connection.execute(sa.select(sa.func.count()).select_from(record_draft)).scalar() == 0
        )


def test_evidence_is_kept_once_by_hash(engine: Engine) -> None:
    kept = EvidenceFile("ab" * 32, "us", "application/pdf", 3, "ana", WHEN)
    with open_records(engine) as ports:
        assert ports.add_evidence(kept, b"pdf") is True
        assert ports.add_evidence(kept, b"pdf") is False
        assert ports.get_evidence("ab" * 32) == kept
        assert ports.get_evidence("cd" * 32) is None
