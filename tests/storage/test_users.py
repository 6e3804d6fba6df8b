"""The SQL access store and audit trail on SQLite and PostgreSQL: round trips, uniqueness, UTC."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from counterpart.domain.errors import Conflict
from counterpart.storage.tables import node_meta
from counterpart.storage.users import read_node_party
from counterpart.workflows.access_audit import record_write
from counterpart.workflows.access_model import (
    Account,
    ApiToken,
    AuditQuery,
    Locale,
    Role,
    Session,
    User,
)
from tests.workflows.access_fixtures import AccessNode, make_settings, open_node

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def node(tmp_path: Path, database_url: str) -> Iterator[AccessNode]:
    opened = open_node(make_settings(tmp_path / "home", database_url))
    yield opened
    opened.engine.dispose()


def _account(user_id: str, username: str, role: Role = Role.ANALYST) -> Account:
    user = User(
        id=user_id,
        username=username,
        display_name="李伟 Li Wei",
        role=role,
        party="CN",
        locale=Locale.ZH,
        active=True,
        password_is_temporary=True,
        created_at=T0,
        updated_at=T0,
    )
    return Account(user=user, password_hash="$argon2id$v=19$m=1024,t=1,p=4$x$y")


def test_migration_creates_the_access_tables(node: AccessNode) -> None:
    tables = set(sa.inspect(node.engine).get_table_names())
    assert {"app_user", "api_token", "user_session", "audit_event"} <= tables


def test_account_round_trip_keeps_utc_times(node: AccessNode) -> None:
    account = _account("u1", "li")
    locked = replace(account, failed_logins=2, locked_until=T0 + timedelta(minutes=15))
    with node.begin() as ports:
        ports.store.insert_account(account)
        ports.store.save_account(locked)
    with node.begin() as ports:
        loaded = ports.store.get_account("u1")
        by_name = ports.store.get_account_by_username("li")
        assert ports.store.get_account("u2") is None
    assert loaded == locked == by_name
    assert loaded is not None and loaded.locked_until is not None
    assert loaded.locked_until.tzinfo is UTC


def test_duplicates_are_conflicts_and_the_transaction_goes_on(node: AccessNode) -> None:
    with node.begin() as ports:
        ports.store.insert_account(_account("u1", "li"))
        with pytest.raises(Conflict, match="username 'li' is already taken"):
            ports.store.insert_account(_account("u2", "li"))
        ports.store.insert_account(_account("u3", "wu"))
    with node.begin() as ports:
        assert [u.username for u in ports.store.list_users()] == ["li", "wu"]


def test_admins_are_counted_when_active(node: AccessNode) -> None:
    with node.begin() as ports:
        ports.store.insert_account(_account("u1", "a1", Role.ADMIN))
        second = _account("u2", "a2", Role.ADMIN)
        ports.store.insert_account(replace(second, user=replace(second.user, active=False)))
        ports.store.insert_account(_account("u3", "v", Role.VIEWER))
        assert ports.store.count_active_admins() == 1


def test_tokens_and_sessions(node: AccessNode) -> None:
    token = ApiToken(
        id="t1",
        user_id="u1",
        name="feed",
        prefix="abcdefghijkl",
        secret_hash="0" * 64,
        role=Role.VIEWER,
        created_at=T0,
        expires_at=T0 + timedelta(days=30),
        created_by="cli",
    )
    session = Session(
        id="s1", user_id="u1", key_hash="1" * 64, created_at=T0, expires_at=T0 + timedelta(hours=8)
    )
    with node.begin() as ports:
        ports.store.insert_account(_account("u1", "li"))
        ports.store.insert_token(token)
        with pytest.raises(Conflict, match="token prefix"):
            ports.store.insert_token(replace(token, id="t2"))
        ports.store.save_token(replace(token, last_used_at=T0))
        ports.store.insert_session(session)
        ports.store.insert_session(replace(session, id="s2", key_hash="2" * 64))
        assert ports.store.revoke_sessions("u1", T0) == 2
        assert ports.store.revoke_sessions("u1", T0) == 0
    with node.begin() as ports:
        assert ports.store.get_token_by_prefix("abcdefghijkl") == replace(token, last_used_at=T0)
        assert ports.store.list_tokens("u1") == [replace(token, last_used_at=T0)]
        assert ports.store.get_session_by_key_hash("1" * 64) == replace(session, revoked_at=T0)
        assert ports.store.get_session_by_id("s2") is not None


def test_audit_query_filters_pages_and_counts(node: AccessNode) -> None:
    with node.begin() as ports:
        for minute in range(5):
            node.clock.now = T0 + timedelta(minutes=minute)
            actor = "li" if minute % 2 == 0 else "wu"
            record_write(
                ports.audit,
                ports.clock,
                actor=actor,
                action="user.create",
                target=f"user:{minute}",
                detail={"n": minute, "名": "李"},
            )
    with node.begin() as ports:
        everything = ports.audit.query(AuditQuery(limit=2))
        by_li = ports.audit.query(AuditQuery(actor="li", offset=1))
        window = ports.audit.query(
            AuditQuery(since=T0 + timedelta(minutes=1), until=T0 + timedelta(minutes=3))
        )
        target = ports.audit.query(AuditQuery(target="user:3"))
    assert (everything.total, [e.detail["n"] for e in everything.items]) == (5, [4, 3])
    assert everything.items[0].at == T0 + timedelta(minutes=4)
    assert (by_li.total, [e.detail["n"] for e in by_li.items]) == (3, [2, 0])
    assert [e.detail["n"] for e in window.items] == [2, 1]
    assert [(e.actor, e.detail) for e in target.items] == [("wu", {"n": 3, "名": "李"})]


def test_node_party_is_read_from_node_meta(node: AccessNode) -> None:
    assert read_node_party(node.engine) is None
    with node.engine.begin() as connection:
        connection.execute(node_meta.insert().values(key="party", value="US"))
    assert read_node_party(node.engine) == "US"
