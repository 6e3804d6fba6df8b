"""Users: the first admin, password policy, role and state changes, resets (real SQLite store)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpart.domain.errors import Conflict, InvalidInput, NotFound
from counterpart.workflows.access import (
    change_password,
    create_first_admin,
    create_user,
    list_users,
    reset_password,
    update_user,
)
from counterpart.workflows.access_model import AuditQuery, Locale, Role
from counterpart.workflows.access_sessions import LoggedIn, LoginRefused, log_in
from tests.workflows.access_fixtures import PARTY, PASSWORD, AccessNode, make_settings, open_node


@pytest.fixture
def node(tmp_path: Path) -> Iterator[AccessNode]:
    opened = open_node(make_settings(tmp_path / "home"))
    yield opened
    opened.engine.dispose()


def test_first_admin_gets_a_one_time_password_once(node: AccessNode) -> None:
    with node.begin() as ports:
        admin, password = create_first_admin(ports, party="CN")
    assert (admin.username, admin.role, admin.party) == ("admin", Role.ADMIN, "CN")
    assert admin.password_is_temporary is True
    assert len(password) >= 12
    with node.begin() as ports:
        assert isinstance(log_in(ports, username="admin", password=password), LoggedIn)
    with pytest.raises(Conflict, match="already has users"), node.begin() as ports:
        create_first_admin(ports, party="CN")
    assert node.audit_actions()[0] == ("system:init", "user.create")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "has 5 characters; at least 12"),
        ("            ", "empty"),
        ("alice.liddell", "must not be the username"),
        ("x" * 1025, "over 1024"),
    ],
)
def test_password_policy(node: AccessNode, password: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as raised, node.begin() as ports:
        create_user(
            ports,
            actor="t",
            username="alice.liddell",
            role=Role.VIEWER,
            party=PARTY,
            password=password,
        )
    assert raised.value.where == "password"
    assert node.audit_actions() == []


@pytest.mark.parametrize("username", ["A", "has space", "-dash", "x" * 65, "名字"])
def test_bad_usernames_are_refused(node: AccessNode, username: str) -> None:
    with pytest.raises(InvalidInput, match="username") as raised, node.begin() as ports:
        create_user(ports, actor="t", username=username, role=Role.VIEWER, party=PARTY)
    assert raised.value.where == "username"


def test_usernames_are_case_folded_and_unique(node: AccessNode) -> None:
    node.add_user("Li.Wei", Role.ANALYST)
    with pytest.raises(Conflict, match=r"'li\.wei' is already taken"):
        node.add_user("LI.WEI", Role.VIEWER)
    with node.begin() as ports:
        assert [u.username for u in list_users(ports)] == ["li.wei"]


def test_update_records_what_changed(node: AccessNode) -> None:
    node.add_user("boss", Role.ADMIN)
    user = node.add_user("li", Role.VIEWER)
    node.clock.advance(minutes=5)
    with node.begin() as ports:
        updated = update_user(
            ports, actor="boss", user_id=user.id, role=Role.APPROVER, locale=Locale.ZH
        )
        unchanged = update_user(ports, actor="boss", user_id=user.id, role=Role.APPROVER)
        events = ports.audit.query(AuditQuery(action="user.update")).items
    assert (updated.role, updated.locale, updated.updated_at) == (
        Role.APPROVER,
        Locale.ZH,
        node.clock.now,
    )
    assert unchanged == updated
    assert len(events) == 1  # a change that changes nothing writes nothing
    assert events[0].detail == {
        "username": "li",
        "changes": {"role": ["viewer", "approver"], "locale": ["en", "zh"]},
    }


def test_the_last_active_admin_stays(node: AccessNode) -> None:
    first = node.add_user("first", Role.ADMIN)
    for change in ({"role": Role.APPROVER}, {"active": False}):
        with pytest.raises(Conflict, match="last active admin"), node.begin() as ports:
            update_user(ports, actor="first", user_id=first.id, **change)
    node.add_user("second", Role.ADMIN)
    with node.begin() as ports:
        assert update_user(ports, actor="second", user_id=first.id, active=False).active is False


def test_deactivation_ends_sessions(node: AccessNode) -> None:
    node.add_user("boss", Role.ADMIN)
    user = node.add_user("li", Role.ANALYST)
    with node.begin() as ports:
        logged_in = log_in(ports, username="li", password=PASSWORD)
        assert isinstance(logged_in, LoggedIn)
        update_user(ports, actor="boss", user_id=user.id, active=False)
        session = ports.store.get_session_by_id(logged_in.session.id)
    assert session is not None and session.revoked_at == node.clock.now


def test_reset_password_lifts_the_lockout(node: AccessNode) -> None:
    user = node.add_user("li", Role.ANALYST)
    with node.begin() as ports:
        for _ in range(3):
            log_in(ports, username="li", password="wrong wrong wrong")
        assert isinstance(log_in(ports, username="li", password=PASSWORD), LoginRefused)
        _, one_time = reset_password(ports, actor="cli", user_id=user.id)
        assert isinstance(log_in(ports, username="li", password=one_time), LoggedIn)


def test_change_password(node: AccessNode) -> None:
    user = node.add_user("li", Role.ANALYST)
    with pytest.raises(InvalidInput, match="current password is wrong"), node.begin() as ports:
        change_password(ports, user_id=user.id, current_password="nope", new_password="x" * 20)
    with pytest.raises(InvalidInput, match="is the current one"), node.begin() as ports:
        change_password(ports, user_id=user.id, current_password=PASSWORD, new_password=PASSWORD)
    with node.begin() as ports:
        change_password(
            ports, user_id=user.id, current_password=PASSWORD, new_password="a new passphrase"
        )
        assert isinstance(log_in(ports, username="li", password="a new passphrase"), LoggedIn)
    with pytest.raises(NotFound), node.begin() as ports:
        change_password(ports, user_id="nobody", current_password="a", new_password="b")
