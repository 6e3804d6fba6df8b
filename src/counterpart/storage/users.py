"""Users, API tokens, sessions and the audit trail in SQL: the access ports over one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, RowMapping

from counterpart.domain.errors import Conflict
from counterpart.settings import Settings
from counterpart.storage.tables import audit_event, metadata, node_meta
from counterpart.workflows.access_model import (
    Account,
    ApiToken,
    AuditEvent,
    AuditQuery,
    Locale,
    Page,
    Role,
    Session,
    User,
)
from counterpart.workflows.access_ports import (
    AccessConfig,
    AccessPorts,
    Clock,
    SecretFactory,
    SystemSecrets,
    system_clock,
)

NODE_PARTY_KEY = "party"  # the node_meta key `counterpart init` writes

app_user = sa.Table(
    "app_user",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("party", sa.String(64), nullable=False),
    sa.Column("locale", sa.String(8), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("password_is_temporary", sa.Boolean, nullable=False),
    sa.Column("failed_logins", sa.Integer, nullable=False),
    sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

api_token = sa.Table(
    "api_token",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("user_id", sa.String(32), sa.ForeignKey("app_user.id"), nullable=False, index=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("prefix", sa.String(16), nullable=False, unique=True),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
)

user_session = sa.Table(
    "user_session",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("user_id", sa.String(32), sa.ForeignKey("app_user.id"), nullable=False, index=True),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
)


def to_access_config(settings: Settings) -> AccessConfig:
    """The access use cases' configuration, taken from the node's settings."""
    return AccessConfig(
        session_secret=settings.session_secret.get_secret_value(),
        session_ttl_minutes=settings.session_ttl_minutes,
        password_min_length=settings.password_min_length,
        login_max_failures=settings.login_max_failures,
        login_lockout_minutes=settings.login_lockout_minutes,
        token_ttl_days=settings.token_ttl_days,
        password_hash_time_cost=settings.password_hash_time_cost,
        password_hash_memory_kib=settings.password_hash_memory_kib,
    )


@contextmanager
def open_access(
    engine: Engine,
    config: AccessConfig,
    *,
    clock: Clock = system_clock,
    secrets: SecretFactory | None = None,
) -> Iterator[AccessPorts]:
    """One unit of work: the access ports over one transaction, committed if the block ends."""
    with engine.begin() as connection:
        yield AccessPorts(
            store=SqlAccessStore(connection),
            audit=SqlAuditTrail(connection),
            config=config,
            clock=clock,
            secrets=secrets or SystemSecrets(),
        )


def to_utc(value: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite hands them back naive)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Statements of every request (its caller's token and user, a write's audit row), built once.
_TOKEN_BY_PREFIX = sa.select(api_token).where(api_token.c.prefix == sa.bindparam("at_prefix"))
_USER_BY_ID = sa.select(app_user).where(app_user.c.id == sa.bindparam("at_id"))
_ADD_AUDIT_EVENT = audit_event.insert()


class SqlAuditTrail:
    """The audit trail in the `audit_event` table, written in the caller's transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def record(self, event: AuditEvent) -> None:
        self.connection.execute(
            _ADD_AUDIT_EVENT,
            {
                "at": event.at,
                "actor": event.actor,
                "action": event.action,
                "target": event.target,
                "detail": dict(event.detail),
            },
        )

    def query(self, query: AuditQuery) -> Page[AuditEvent]:
        conditions = _audit_conditions(query)
        total = self.connection.execute(
            sa.select(sa.func.count()).select_from(audit_event).where(*conditions)
        ).scalar_one()
        rows = self.connection.execute(
            sa.select(audit_event)
            .where(*conditions)
            .order_by(audit_event.c.id.desc())
            .limit(query.limit)
            .offset(query.offset)
        )
        items = tuple(_to_audit_event(row._mapping) for row in rows)
        return Page(items=items, total=total, limit=query.limit, offset=query.offset)


def _audit_conditions(query: AuditQuery) -> list[sa.ColumnElement[bool]]:
    column = audit_event.c
    conditions: list[sa.ColumnElement[bool]] = []
    if query.actor is not None:
        conditions.append(column.actor == query.actor)
    if query.action is not None:
        conditions.append(column.action == query.action)
    if query.target is not None:
        conditions.append(column.target == query.target)
    if query.since is not None:
        conditions.append(column.at >= query.since)
    if query.until is not None:
        conditions.append(column.at < query.until)
    return conditions


def _to_audit_event(row: RowMapping) -> AuditEvent:
    return AuditEvent(**_aware(row))


class SqlAccessStore:
    """Users, tokens and sessions in SQL, inside the caller's transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def insert_account(self, account: Account) -> None:
        self._insert(app_user, _from_account(account), f"username {account.user.username!r}")

    def save_account(self, account: Account) -> None:
        values = _from_account(account)
        self.connection.execute(
            app_user.update().where(app_user.c.id == account.user.id).values(**values)
        )

    def count_login_attempt(self, user_id: str) -> int:
        counter = app_user.c.failed_logins
        query = (
            app_user.update()
            .where(app_user.c.id == user_id)
            .values(failed_logins=counter + 1)
            .returning(counter)
        )
        return int(self.connection.execute(query).scalar_one())

    def update_login_state(
        self,
        user_id: str,
        *,
        failed_logins: int,
        locked_until: datetime | None,
        password_hash: str | None = None,
    ) -> None:
        values: dict[str, Any] = {"failed_logins": failed_logins, "locked_until": locked_until}
        if password_hash is not None:
            values["password_hash"] = password_hash
        self.connection.execute(app_user.update().where(app_user.c.id == user_id).values(**values))

    def get_account(self, user_id: str) -> Account | None:
        found = self.connection.execute(_USER_BY_ID, {"at_id": user_id}).first()
        return _to_account(found._mapping) if found else None

    def get_account_by_username(self, username: str) -> Account | None:
        return self._one_account(app_user.c.username == username)

    def list_users(self) -> list[User]:
        rows = self.connection.execute(sa.select(app_user).order_by(app_user.c.username))
        return [_to_account(row._mapping).user for row in rows]

    def count_active_admins(self) -> int:
        query = sa.select(sa.func.count()).where(
            app_user.c.role == Role.ADMIN.value, app_user.c.active.is_(True)
        )
        return int(self.connection.execute(query).scalar_one())

    def insert_token(self, token: ApiToken) -> None:
        self._insert(api_token, _from_token(token), f"token prefix {token.prefix!r}")

    def save_token(self, token: ApiToken) -> None:
        self.connection.execute(
            api_token.update().where(api_token.c.id == token.id).values(**_from_token(token))
        )

    def get_token(self, token_id: str) -> ApiToken | None:
        row = self.connection.execute(sa.select(api_token).where(api_token.c.id == token_id))
        found = row.first()
        return _to_token(found._mapping) if found else None

    def get_token_by_prefix(self, prefix: str) -> ApiToken | None:
        found = self.connection.execute(_TOKEN_BY_PREFIX, {"at_prefix": prefix}).first()
        return _to_token(found._mapping) if found else None

    def list_tokens(self, user_id: str) -> list[ApiToken]:
        rows = self.connection.execute(sa.select(api_token).where(api_token.c.user_id == user_id))
        return [_to_token(row._mapping) for row in rows]

    def insert_session(self, session: Session) -> None:
        self._insert(user_session, _from_session(session), f"session {session.id}")

    def save_session(self, session: Session) -> None:
        self.connection.execute(
            user_session.update()
            .where(user_session.c.id == session.id)
            .values(**_from_session(session))
        )

    def get_session_by_id(self, session_id: str) -> Session | None:
        return self._one_session(user_session.c.id == session_id)

    def get_session_by_key_hash(self, key_hash: str) -> Session | None:
        return self._one_session(user_session.c.key_hash == key_hash)

    def revoke_sessions(self, user_id: str, at: datetime) -> int:
        result = self.connection.execute(
            user_session.update()
            .where(user_session.c.user_id == user_id, user_session.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return int(result.rowcount)

    def _insert(self, table: sa.Table, values: dict[str, Any], what: str) -> None:
        # A savepoint keeps the caller's transaction usable after a refused duplicate.
        try:
            with self.connection.begin_nested():
                self.connection.execute(table.insert().values(**values))
        except sa.exc.IntegrityError as exc:
            raise Conflict(f"{what} is already taken") from exc

    def _one_account(self, condition: sa.ColumnElement[bool]) -> Account | None:
        found = self.connection.execute(sa.select(app_user).where(condition)).first()
        return _to_account(found._mapping) if found else None

    def _one_session(self, condition: sa.ColumnElement[bool]) -> Session | None:
        found = self.connection.execute(sa.select(user_session).where(condition)).first()
        return _to_session(found._mapping) if found else None


def _aware(row: RowMapping) -> dict[str, Any]:
    """A row as a dict, every time in it made an aware UTC datetime."""
    return {key: to_utc(v) if isinstance(v, datetime) else v for key, v in row.items()}


def _from_account(account: Account) -> dict[str, Any]:
    user = account.user
    return {
        **asdict(user),
        "role": user.role.value,
        "locale": user.locale.value,
        "password_hash": account.password_hash,
        "failed_logins": account.failed_logins,
        "locked_until": account.locked_until,
    }


def _to_account(row: RowMapping) -> Account:
    values = _aware(row)
    user_values = {field.name: values[field.name] for field in fields(User)}
    user = User(**{**user_values, "role": Role(row["role"]), "locale": Locale(row["locale"])})
    return Account(
        user=user,
        password_hash=values["password_hash"],
        failed_logins=values["failed_logins"],
        locked_until=values["locked_until"],
    )


def _from_token(token: ApiToken) -> dict[str, Any]:
    return {**asdict(token), "role": token.role.value}


def _to_token(row: RowMapping) -> ApiToken:
    return ApiToken(**{**_aware(row), "role": Role(row["role"])})


def _from_session(session: Session) -> dict[str, Any]:
    return asdict(session)


def _to_session(row: RowMapping) -> Session:
    return Session(**_aware(row))


def read_node_party(engine: Engine) -> str | None:
    """The node's own party as `counterpart init` recorded it, if it has run."""
    with engine.connect() as connection:
        value = connection.execute(
            sa.select(node_meta.c.value).where(node_meta.c.key == NODE_PARTY_KEY)
        ).scalar()
    return str(value) if value else None
