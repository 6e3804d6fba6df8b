"""Sign-in: lockout and its release, rehash on new Argon2 parameters, sessions, CSRF tokens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpart.domain.errors import InvalidInput, Unauthenticated
from counterpart.workflows.access_model import AuditQuery, Credential, Principal, Role
from counterpart.workflows.access_sessions import (
    LoggedIn,
    LoginAttempt,
    LoginRefused,
    authenticate_session,
    csrf_token_for,
    finish_login,
    is_csrf_token_valid,
    log_in,
    log_out,
    start_login,
)
from tests.workflows.access_fixtures import PASSWORD, AccessNode, make_settings, open_node


@pytest.fixture
def node(tmp_path: Path) -> Iterator[AccessNode]:
    opened = open_node(make_settings(tmp_path / "home"))
    opened.add_user("li", Role.ANALYST)
    yield opened
    opened.engine.dispose()


def _log_in(node: AccessNode, password: str = PASSWORD) -> LoggedIn | LoginRefused:
    with node.begin() as ports:
        return log_in(ports, username="li", password=password)


def test_a_success_resets_the_failure_count(node: AccessNode) -> None:
    for _ in range(2):
        assert _log_in(node, "wrong password") == LoginRefused("wrong username or password")
    assert isinstance(_log_in(node), LoggedIn)
    for _ in range(2):
        _log_in(node, "wrong password")
    assert isinstance(_log_in(node), LoggedIn)  # 2 + 2 failures, never 3 in a row


def test_lockout_lasts_exactly_the_configured_time(node: AccessNode) -> None:
    for _ in range(3):
        refused = _log_in(node, "wrong password")
    assert isinstance(refused, LoginRefused)
    assert refused.reason.endswith("locked until 2026-03-01T09:15:00+00:00")
    node.clock.advance(minutes=14, seconds=59)
    assert isinstance(_log_in(node), LoginRefused)
    node.clock.advance(seconds=1)
    assert isinstance(_log_in(node), LoggedIn)


def test_a_burst_of_guesses_cannot_outrun_the_lockout(node: AccessNode) -> None:
    """Attempts started together, before any finishes: only 3 (the limit) check a password."""
    attempts = []
    for _ in range(5):
        with node.begin() as ports:
            attempts.append(start_login(ports, username="li", password="guess"))
    reserved = [a for a in attempts if isinstance(a, LoginAttempt)]
    assert [a.number for a in reserved] == [1, 2, 3]
    assert isinstance(attempts[3], LoginRefused)
    assert "locked until 2026-03-01T09:15:00" in attempts[3].reason
    assert isinstance(attempts[4], LoginRefused)
    outcomes = []
    for attempt in reserved:
        with node.begin() as ports:
            outcomes.append(finish_login(ports, attempt, "wrong guess"))
    assert all(isinstance(o, LoginRefused) for o in outcomes)
    assert isinstance(_log_in(node), LoginRefused)  # still locked
    with node.begin() as ports:
        failed = ports.audit.query(AuditQuery(action="auth.login_failed", limit=500)).items
    assert sorted(str(e.detail["reason"]) for e in failed) == [
        "locked",
        "locked",
        "too many attempts at once",
        "wrong password",
        "wrong password",
        "wrong password",
    ]


def test_unknown_and_malformed_usernames_are_refused_alike(node: AccessNode) -> None:
    for username in ("nobody", "", "名字", "x" * 500):
        with node.begin() as ports:
            refused = log_in(ports, username=username, password=PASSWORD)
        assert refused == LoginRefused("wrong username or password")


def test_new_argon2_parameters_rehash_at_sign_in(tmp_path: Path, node: AccessNode) -> None:
    def stored_hash() -> str:
        with node.begin() as ports:
            account = ports.store.get_account_by_username("li")
            assert account is not None
            return account.password_hash

    assert "$m=1024,t=1," in stored_hash()
    stronger = open_node(make_settings(tmp_path / "home", password_hash_time_cost=2))
    stronger.clock = node.clock
    try:
        with stronger.begin() as ports:
            assert isinstance(log_in(ports, username="li", password=PASSWORD), LoggedIn)
        assert "$m=1024,t=2," in stored_hash()
        with stronger.begin() as ports:
            events = ports.audit.query(AuditQuery(action="auth.login")).items
        assert [e.detail["password_rehashed"] for e in events] == [True]
    finally:
        stronger.engine.dispose()


def test_session_lifecycle(node: AccessNode) -> None:
    logged_in = _log_in(node)
    assert isinstance(logged_in, LoggedIn)
    assert logged_in.session.expires_at == node.clock.now.replace(hour=10)
    with node.begin() as ports:
        caller = authenticate_session(ports, logged_in.key)
    assert (caller.user.username, caller.via, caller.role) == (
        "li",
        Credential.SESSION,
        Role.ANALYST,
    )
    with node.begin() as ports:
        log_out(ports, caller)
    with pytest.raises(Unauthenticated, match="ended"), node.begin() as ports:
        authenticate_session(ports, logged_in.key)
    for key in ("", "unknown"):
        with pytest.raises(Unauthenticated, match="not known"), node.begin() as ports:
            authenticate_session(ports, key)


def test_a_token_caller_cannot_log_out(node: AccessNode) -> None:
    logged_in = _log_in(node)
    assert isinstance(logged_in, LoggedIn)
    caller = Principal(
        user=logged_in.user, role=Role.ANALYST, via=Credential.TOKEN, credential_id="t"
    )
    with pytest.raises(InvalidInput, match="revoke an API token"), node.begin() as ports:
        log_out(ports, caller)


def test_session_keys_are_stored_only_as_hashes(node: AccessNode) -> None:
    logged_in = _log_in(node)
    assert isinstance(logged_in, LoggedIn)
    assert logged_in.key not in logged_in.session.key_hash
    assert len(logged_in.session.key_hash) == 64


def test_csrf_tokens_are_bound_to_session_and_secret() -> None:
    token = csrf_token_for("key-a", "secret-1")
    assert token == csrf_token_for("key-a", "secret-1")
    assert token != csrf_token_for("key-b", "secret-1")
    assert token != csrf_token_for("key-a", "secret-2")
    assert is_csrf_token_valid("key-a", "secret-1", token)
    for presented in (None, "", token[:-1], token.upper() if token != token.upper() else "x"):
        assert not is_csrf_token_valid("key-a", "secret-1", presented)
