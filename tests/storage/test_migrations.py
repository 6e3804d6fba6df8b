"""The schema migrates up on both stores, and migrating twice changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from counterpart.storage.database import create_engine, migrate


def test_migrate_creates_the_foundation_tables(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        migrate(engine)
        migrate(engine)
        tables = set(sa.inspect(engine).get_table_names())
        assert {"node_meta", "audit_event", "alembic_version"} <= tables
    finally:
        engine.dispose()
