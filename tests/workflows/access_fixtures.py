"""A node with one user per role, a settable clock and a countable id factory, for access tests."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from counterpart.settings import Settings
from counterpart.storage.database import open_database
from counterpart.storage.tables import audit_event
from counterpart.storage.users import open_access, to_access_config
from counterpart.workflows.access import create_user
from counterpart.workflows.access_model import Role, User
from counterpart.workflows.access_ports import AccessConfig, AccessPorts

PARTY = "US"
PASSWORD = "correct horse battery"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@dataclass
class SettableClock:
    """A clock that stands still until a test moves it."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class CountingSecrets:
    """Ids `id0001`, `id0002`, ... in order; secrets from the OS, as in production."""

    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def new_id(self) -> str:
        return f"id{next(self.counter):04d}"

    def new_secret(self, nbytes: int) -> str:
        return secrets.token_urlsafe(nbytes)


def make_settings(home: Path, database_url: str | None = None, **overrides: object) -> Settings:
    """Test settings with cheap Argon2 parameters (the production ones take ~150 ms a hash)."""
    values: dict[str, object] = {
        "home": home,
        "database_url": database_url,
        "environment": "test",
        "session_secret": "test-secret-" + "x" * 32,
        "password_hash_time_cost": 1,
        "password_hash_memory_kib": 1024,
        "login_max_failures": 3,
        "login_lockout_minutes": 15,
        "session_ttl_minutes": 60,
        "token_ttl_days": 30,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@dataclass
class AccessNode:
    """A migrated database with the access ports, a clock and an id factory."""

    engine: Engine
    config: AccessConfig
    clock: SettableClock = field(default_factory=SettableClock)
    secrets: CountingSecrets = field(default_factory=CountingSecrets)

    def begin(self) -> AbstractContextManager[AccessPorts]:
        """One unit of work over the node's database."""
        return open_access(self.engine, self.config, clock=self.clock, secrets=self.secrets)

    def add_user(self, username: str, role: Role, party: str = PARTY) -> User:
        with self.begin() as ports:
            user, _ = create_user(
                ports, actor="test", username=username, role=role, party=party, password=PASSWORD
            )
        return user

    def audit_actions(self) -> list[tuple[str, str]]:
        """(actor, action) of every audit row, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(audit_event.c.actor, audit_event.c.action).order_by(audit_event.c.id)
            )
            return [(row.actor, row.action) for row in rows]


def open_node(settings: Settings) -> AccessNode:
    return AccessNode(engine=open_database(settings), config=to_access_config(settings))
