"""Who may act on a node: roles, users, credentials, principals and audit events (plain data)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

from counterpart.domain.errors import InvalidInput

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")


class Role(StrEnum):
    """A user's role; each role may do everything the roles below it may do."""

    VIEWER = "viewer"  # reads its party's work and what the counterpart sent
    ANALYST = "analyst"  # drafts records, screens substances and parties
    APPROVER = "approver"  # sends records to the counterpart
    ADMIN = "admin"  # manages users and reads the audit trail

    @property
    def rank(self) -> int:
        """Position on the ladder: viewer 0 ... admin 3."""
        return list(Role).index(self)

    def includes(self, other: Role) -> bool:
        """Whether this role may do what `other` may do."""
        return self.rank >= other.rank

    @classmethod
    def parse(cls, value: str, *, where: str = "role") -> Role:
        """The role named `value`, or InvalidInput listing the roles that exist."""
        try:
            return cls(value.strip().lower())
        except ValueError as exc:
            names = ", ".join(role.value for role in cls)
            raise InvalidInput(f"unknown role {value!r}; use one of {names}", where=where) from exc


class Locale(StrEnum):
    """The language a user reads the UI in."""

    EN = "en"
    ZH = "zh"

    @classmethod
    def parse(cls, value: str, *, where: str = "locale") -> Locale:
        """The locale named `value`, or InvalidInput listing the supported ones."""
        try:
            return cls(value.strip().lower())
        except ValueError as exc:
            raise InvalidInput(f"unknown locale {value!r}; use en or zh", where=where) from exc


class Credential(StrEnum):
    """How a request proved who it comes from."""

    SESSION = "session"  # a browser session cookie; unsafe methods also need the CSRF token
    TOKEN = "token"  # noqa: S105 - a credential kind: an API token in `Authorization: Bearer`


@dataclass(frozen=True, slots=True)
class User:
    """A person who works on this node, on behalf of the node's party."""

    id: str
    username: str
    display_name: str
    role: Role
    party: str
    locale: Locale
    active: bool
    password_is_temporary: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Account:
    """A user with what signing in needs: the Argon2 hash and the failed-login state."""

    user: User
    password_hash: str
    failed_logins: int = 0
    locked_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class ApiToken:
    """An API token: only the SHA-256 of its secret is kept; `role` is its scope."""

    id: str
    user_id: str
    name: str
    prefix: str
    secret_hash: str
    role: Role
    created_at: datetime
    expires_at: datetime
    created_by: str
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Session:
    """A browser session kept on the server; the cookie holds the key, we keep its SHA-256."""

    id: str
    user_id: str
    key_hash: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of one request: the user, the role in force, and the credential used."""

    user: User
    role: Role  # the user's role, or less for a token scoped below it
    via: Credential
    credential_id: str

    @property
    def actor(self) -> str:
        """The name the audit trail records for this caller."""
        return self.user.username


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One write: who, when, what, on which target, with details (never a secret)."""

    at: datetime
    actor: str
    action: str
    target: str
    detail: Mapping[str, object]
    id: int | None = None


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Which audit events to read, newest first."""

    actor: str | None = None
    action: str | None = None
    target: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    offset: int = 0


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a longer list, with the total count for the filters used."""

    items: tuple[T, ...]
    total: int
    limit: int
    offset: int


def to_username(value: str, *, where: str = "username") -> str:
    """A valid username (lower-case letters, digits, `.`, `_`, `-`; 2-64 characters)."""
    username = value.strip().lower()
    if not USERNAME_PATTERN.fullmatch(username):
        raise InvalidInput(
            f"username {value!r} is not valid: use 2-64 lower-case letters, digits, '.', '_' "
            "or '-', starting with a letter or digit",
            where=where,
        )
    return username
