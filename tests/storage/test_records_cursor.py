"""Whether a read has anything to project: entries past the cursor that are not projected."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from counterpart.storage.database import create_engine, migrate
from counterpart.storage.log import LogStore
from counterpart.storage.records import open_records
from tests.storage.test_records import entry


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = create_engine(database_url)
    migrate(made)
    yield made
    made.dispose()


def test_an_entry_projected_ahead_of_the_cursor_needs_no_refresh(engine: Engine) -> None:
    LogStore(engine, "self").append([b'{"n":0}', b'{"n":1}'])
    with open_records(engine) as ports:
        assert ports.has_unprojected(["self"])
        ports.add_entry(entry(1))  # a filing projected its own record; the cursor stays at 0
        assert ports.has_unprojected(["self"])  # entry 0 is still waiting
        ports.add_entry(entry(0))
        assert not ports.has_unprojected(["self"])
        assert ports.next_index("self") == 0


def test_entries_behind_the_cursor_are_not_waiting(engine: Engine) -> None:
    LogStore(engine, "self").append([b"not a record"])
    LogStore(engine, "peer:cn").append([b'{"n":0}'])
    with open_records(engine) as ports:
        assert ports.has_unprojected(["self"])
        ports.set_next_index("self", 1)  # a refresh skipped bytes that are no record
        assert not ports.has_unprojected(["self"])
        assert ports.has_unprojected(["self", "peer:cn"])
        assert not ports.has_unprojected(["self", "peer:other"])


def test_the_cursor_advances_only_past_the_entry_next_in_line(engine: Engine) -> None:
    with open_records(engine) as ports:
        ports.advance_cursor("self", 1)  # no cursor: 0 is next, not 1
        assert ports.next_index("self") == 0
        ports.advance_cursor("self", 0)
        assert ports.next_index("self") == 1
        ports.advance_cursor("self", 0)  # behind the cursor: nothing moves
        ports.advance_cursor("self", 2)  # ahead of it: neither
        assert ports.next_index("self") == 1
        ports.advance_cursor("self", 1)
        assert ports.next_index("self") == 2
        assert ports.next_index("peer:cn") == 0  # each log has its own cursor
