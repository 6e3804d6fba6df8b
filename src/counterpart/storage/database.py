"""Opening the node's database and bringing its schema up to date with Alembic."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from counterpart.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def _enable_sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # WAL lets readers run beside the one writer; FULL sync makes a commit durable before we
    # acknowledge it (an acknowledged log append must survive SIGKILL and power loss).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_engine(url: str) -> Engine:
    """An engine for `url`, with SQLite made durable and foreign-key aware."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _enable_sqlite_pragmas)
        return engine
    # No pre-ping: it costs a round trip on every checkout. A connection the server dropped
    # fails the one statement that meets it (the web layer answers 503) and SQLAlchemy then
    # replaces every connection of the pool that is older than the failure.
    return sa.create_engine(url)


def open_database(settings: Settings) -> Engine:
    """The node's engine, with the home directory created and the schema migrated."""
    settings.home.mkdir(parents=True, exist_ok=True)
    engine = create_engine(settings.resolved_database_url())
    migrate(engine)
    return engine


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration bound to `engine` (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "heads") -> None:
    """Upgrade the schema to `revision` (every head by default)."""
    command.upgrade(alembic_config(engine), revision)
