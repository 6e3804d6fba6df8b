"""The ports the access use cases work through: store, audit trail, clock, secrets, config."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from counterpart.workflows.access_model import (
    Account,
    ApiToken,
    AuditEvent,
    AuditQuery,
    Page,
    Session,
    User,
)

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


class SecretFactory(Protocol):
    """Makes identifiers and secrets; tests inject a deterministic one."""

    def new_id(self) -> str: ...

    def new_secret(self, nbytes: int) -> str: ...


class SystemSecrets:
    """Identifiers from uuid4 and secrets from the operating system's CSPRNG."""

    def new_id(self) -> str:
        return uuid.uuid4().hex

    def new_secret(self, nbytes: int) -> str:
        return secrets.token_urlsafe(nbytes)


class AccessStore(Protocol):
    """Where users, API tokens and sessions live; one instance works inside one transaction.

    `insert_*` raise Conflict when a unique value (username, token prefix) is taken.
    """

    def insert_account(self, account: Account) -> None: ...

    def save_account(self, account: Account) -> None: ...

    def count_login_attempt(self, user_id: str) -> int:
        """Add one to the user's sign-ins in a row, atomically; return the new count."""
        ...

    def update_login_state(
        self,
        user_id: str,
        *,
        failed_logins: int,
        locked_until: datetime | None,
        password_hash: str | None = None,
    ) -> None: ...

    def get_account(self, user_id: str) -> Account | None: ...

    def get_account_by_username(self, username: str) -> Account | None: ...

    def list_users(self) -> list[User]: ...

    def count_active_admins(self) -> int: ...

    def insert_token(self, token: ApiToken) -> None: ...

    def save_token(self, token: ApiToken) -> None: ...

    def get_token(self, token_id: str) -> ApiToken | None: ...

    def get_token_by_prefix(self, prefix: str) -> ApiToken | None: ...

    def list_tokens(self, user_id: str) -> list[ApiToken]: ...

    def insert_session(self, session: Session) -> None: ...

    def save_session(self, session: Session) -> None: ...

    def get_session_by_id(self, session_id: str) -> Session | None: ...

    def get_session_by_key_hash(self, key_hash: str) -> Session | None: ...

    def revoke_sessions(self, user_id: str, at: datetime) -> int: ...


class AuditWriter(Protocol):
    """Where a write path records its audit event, in the transaction of the write."""

    def record(self, event: AuditEvent) -> None: ...


class AuditTrail(AuditWriter, Protocol):
    """The append-only record of every write, and its admin read."""

    def query(self, query: AuditQuery) -> Page[AuditEvent]: ...


@dataclass(frozen=True, slots=True)
class AccessConfig:
    """The settings the access use cases need, taken from `Settings` by the adapters."""

    session_secret: str
    session_ttl_minutes: int = 480
    password_min_length: int = 12
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    token_ttl_days: int = 90
    password_hash_time_cost: int = 3
    password_hash_memory_kib: int = 65536


@dataclass(frozen=True, slots=True)
class AccessPorts:
    """Everything an access use case touches, bound to one unit of work."""

    store: AccessStore
    audit: AuditTrail
    config: AccessConfig
    clock: Clock = system_clock
    secrets: SecretFactory = SystemSecrets()  # noqa: RUF009 - stateless, safe to share
