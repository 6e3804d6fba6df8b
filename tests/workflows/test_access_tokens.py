"""API tokens: scope, lifetime, lookup by prefix, last use, revocation (real SQLite store)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from counterpart.domain.errors import InvalidInput, NotFound, PermissionDenied, Unauthenticated
from counterpart.workflows.access import update_user
from counterpart.workflows.access_model import Credential, Principal, Role, User
from counterpart.workflows.access_tokens import (
    IssuedToken,
    authenticate_token,
    create_token,
    list_tokens,
    revoke_token,
)
from tests.workflows.access_fixtures import AccessNode, make_settings, open_node


@pytest.fixture
def node(tmp_path: Path) -> Iterator[AccessNode]:
    opened = open_node(make_settings(tmp_path / "home"))
    opened.add_user("boss", Role.ADMIN)
    yield opened
    opened.engine.dispose()


def _issue(node: AccessNode, user: User, **options: object) -> IssuedToken:
    with node.begin() as ports:
        return create_token(ports, actor=user.username, user=user, name="feed", **options)  # type: ignore[arg-type]


def _authenticate(node: AccessNode, secret: str) -> Principal:
    with node.begin() as ports:
        return authenticate_token(ports, secret)


def test_token_is_shown_once_and_kept_as_a_hash(node: AccessNode) -> None:
    user = node.add_user("li", Role.ANALYST)
    issued = _issue(node, user)
    assert issued.secret.startswith(f"cpt_{issued.token.prefix}_")
    assert len(issued.secret) > 50
    with node.engine.connect() as connection:
        dump = str(connection.exec_driver_sql("SELECT * FROM api_token").all())
    assert issued.secret not in dump
    assert issued.token.secret_hash in dump
    caller = _authenticate(node, issued.secret)
    assert (caller.user.id, caller.role, caller.via) == (user.id, Role.ANALYST, Credential.TOKEN)
    assert issued.token.expires_at == node.clock.now.replace(day=31)  # token_ttl_days = 30


def test_scope_is_at_most_the_users_role(node: AccessNode) -> None:
    user = node.add_user("li", Role.ANALYST)
    assert _issue(node, user, role=Role.VIEWER).token.role is Role.VIEWER
    with pytest.raises(PermissionDenied, match="at most its user's role") as raised:
        _issue(node, user, role=Role.APPROVER)
    assert raised.value.where == "role"


@pytest.mark.parametrize(
    ("days", "name"), [(0, "feed"), (31, "feed"), (None, "  "), (None, "x" * 101)]
)
def test_bad_lifetime_or_name(node: AccessNode, days: int | None, name: str) -> None:
    user = node.add_user("li", Role.ANALYST)
    with pytest.raises(InvalidInput), node.begin() as ports:
        create_token(ports, actor="li", user=user, name=name, expires_in_days=days)


def test_wrong_secret_with_a_real_prefix_is_refused(node: AccessNode) -> None:
    issued = _issue(node, node.add_user("li", Role.ANALYST))
    forged = f"cpt_{issued.token.prefix}_{'A' * 43}"
    for secret in (forged, "cpt_nope", "Bearer x", ""):
        with pytest.raises(Unauthenticated):
            _authenticate(node, secret)


def test_last_use_is_kept_to_the_minute(node: AccessNode) -> None:
    issued = _issue(node, node.add_user("li", Role.ANALYST))
    _authenticate(node, issued.secret)
    first = node.clock.now
    node.clock.advance(seconds=59)
    _authenticate(node, issued.secret)
    with node.begin() as ports:
        assert ports.store.get_token(issued.token.id).last_used_at == first  # type: ignore[union-attr]
    node.clock.advance(seconds=1)
    _authenticate(node, issued.secret)
    with node.begin() as ports:
        assert ports.store.get_token(issued.token.id).last_used_at == node.clock.now  # type: ignore[union-attr]


def test_expiry_revocation_demotion_and_deactivation(node: AccessNode) -> None:
    user = node.add_user("li", Role.APPROVER)
    issued = _issue(node, user, expires_in_days=2)
    with node.begin() as ports:
        update_user(ports, actor="boss", user_id=user.id, role=Role.VIEWER)
    assert _authenticate(node, issued.secret).role is Role.VIEWER  # demotion caps the token
    node.clock.advance(days=2)
    with pytest.raises(Unauthenticated, match="expired at 2026-03-03T09:00:00"):
        _authenticate(node, issued.secret)
    second = _issue(node, user)
    with node.begin() as ports:
        update_user(ports, actor="boss", user_id=user.id, active=False)
    with pytest.raises(Unauthenticated, match="deactivated"):
        _authenticate(node, second.secret)
    with pytest.raises(InvalidInput, match="deactivated"):
        _issue(node, replace(user, active=False))


def test_revoke_own_or_as_admin_only(node: AccessNode) -> None:
    li = node.add_user("li", Role.ANALYST)
    wu = node.add_user("wu", Role.ANALYST)
    issued = _issue(node, li)
    as_wu = Principal(user=wu, role=Role.ANALYST, via=Credential.SESSION, credential_id="s")
    with pytest.raises(NotFound), node.begin() as ports:
        revoke_token(ports, as_wu, issued.token.id)
    with node.begin() as ports:
        boss = ports.store.get_account_by_username("boss")
        assert boss is not None
        as_boss = Principal(
            user=boss.user, role=Role.ADMIN, via=Credential.SESSION, credential_id="s"
        )
        revoked = revoke_token(ports, as_boss, issued.token.id)
        again = revoke_token(ports, as_boss, issued.token.id)
        tokens = list_tokens(ports, li)
    assert revoked.revoked_at == node.clock.now
    assert again == revoked
    assert [t.revoked_at for t in tokens] == [node.clock.now]
    assert [a for a in node.audit_actions() if a[1] == "token.revoke"] == [("boss", "token.revoke")]
    with pytest.raises(Unauthenticated, match="revoked"):
        _authenticate(node, issued.secret)
