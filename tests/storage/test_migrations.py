"""The schema migrates up on both stores, and migrating twice changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from counterpart.storage.database import create_engine, migrate
from counterpart.storage.records import record_entry


def test_migrate_creates_the_foundation_tables(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        migrate(engine)
        migrate(engine)
        tables = set(sa.inspect(engine).get_table_names())
        assert {"node_meta", "audit_event", "alembic_version"} <= tables
    finally:
        engine.dispose()


def test_record_lists_have_their_index_as_the_table_declares_it(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        migrate(engine)
        indexes = {
            i["name"]: i["column_names"] for i in sa.inspect(engine).get_indexes("record_entry")
        }
        assert indexes["ix_record_entry_type_parties"] == ["record_type", "author", "addressed_to"]
        assert "ix_record_entry_record_type" not in indexes  # its leading column is the new one's
        declared = {i.name: [c.name for c in i.columns] for i in record_entry.indexes}
        assert {name: indexes.get(name) for name in declared} == declared
    finally:
        engine.dispose()
