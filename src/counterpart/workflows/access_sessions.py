"""Signing in and browser sessions: the password check with lockout, sessions, CSRF tokens.

Signing in takes two steps, so that no burst of guesses outruns the lockout: `start_login`
reserves an attempt (an atomic count in the store) and commits; `finish_login` checks the
password. However many requests race, at most `login_max_failures` passwords are checked before
the account locks, and no database lock is held while Argon2 runs.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from counterpart.domain.errors import InvalidInput, Unauthenticated
from counterpart.workflows.access_audit import record_write
from counterpart.workflows.access_model import (
    USERNAME_PATTERN,
    Account,
    Credential,
    Principal,
    Session,
    User,
)
from counterpart.workflows.access_passwords import (
    hash_password,
    needs_rehash,
    spend_a_verification,
    verify_password,
)
from counterpart.workflows.access_ports import AccessPorts

SESSION_KEY_BYTES = 32
WRONG_CREDENTIALS = "wrong username or password"


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """A reserved attempt: the account, and how many sign-ins in a row this one makes."""

    account: Account
    number: int


@dataclass(frozen=True, slots=True)
class LoggedIn:
    """A new session; `key` goes into the cookie and is not kept on the server."""

    user: User
    session: Session
    key: str


@dataclass(frozen=True, slots=True)
class LoginRefused:
    """Why a sign-in was refused; the failure itself was recorded, so it must be committed."""

    reason: str


def log_in(ports: AccessPorts, *, username: str, password: str) -> LoggedIn | LoginRefused:
    """Both steps in one unit of work; the web route commits between them instead.

    A refusal is returned, not raised, so that the failure count and the audit row commit.
    """
    started = start_login(ports, username=username, password=password)
    if isinstance(started, LoginRefused):
        return started
    return finish_login(ports, started, password)


def start_login(ports: AccessPorts, *, username: str, password: str) -> LoginAttempt | LoginRefused:
    """Reserve a sign-in attempt, or refuse an unknown user or a locked account."""
    name = username.strip().lower()
    known = USERNAME_PATTERN.fullmatch(name)
    account = ports.store.get_account_by_username(name) if known else None
    if account is None:
        spend_a_verification(password, ports.config)  # as long as for a real user
        _refuse(ports, name or "?", "user:?", "unknown user")
        return LoginRefused(WRONG_CREDENTIALS)
    now = ports.clock()
    if account.locked_until is not None and now < account.locked_until:
        _refuse(ports, name, f"user:{account.user.id}", "locked")
        return LoginRefused(_locked_message(account.locked_until))
    number = ports.store.count_login_attempt(account.user.id)
    if number > ports.config.login_max_failures:
        # Attempts racing the last allowed one: lock now rather than check more passwords.
        return _lock(ports, account, "too many attempts at once")
    return LoginAttempt(account=account, number=number)


def finish_login(
    ports: AccessPorts, attempt: LoginAttempt, password: str
) -> LoggedIn | LoginRefused:
    """Check the password of a reserved attempt; open a session or count the failure."""
    account = attempt.account
    if not verify_password(account.password_hash, password, ports.config):
        if attempt.number >= ports.config.login_max_failures:
            return _lock(ports, account, "wrong password")
        _refuse(ports, account.user.username, f"user:{account.user.id}", "wrong password")
        return LoginRefused(WRONG_CREDENTIALS)
    ports.store.update_login_state(account.user.id, failed_logins=0, locked_until=None)
    if not account.user.active:
        _refuse(ports, account.user.username, f"user:{account.user.id}", "inactive")
        return LoginRefused("this account is deactivated; ask an admin of this node")
    return _open_session(ports, account, password)


def _open_session(ports: AccessPorts, account: Account, password: str) -> LoggedIn:
    now = ports.clock()
    rehashed = needs_rehash(account.password_hash, ports.config)
    if rehashed:
        ports.store.update_login_state(
            account.user.id,
            failed_logins=0,
            locked_until=None,
            password_hash=hash_password(password, ports.config),
        )
    key = ports.secrets.new_secret(SESSION_KEY_BYTES)
    session = Session(
        id=ports.secrets.new_id(),
        user_id=account.user.id,
        key_hash=hash_secret(key),
        created_at=now,
        expires_at=now + timedelta(minutes=ports.config.session_ttl_minutes),
    )
    ports.store.insert_session(session)
    record_write(
        ports.audit,
        ports.clock,
        actor=account.user.username,
        action="auth.login",
        target=f"session:{session.id}",
        detail={"user_id": account.user.id, "password_rehashed": rehashed},
    )
    return LoggedIn(user=account.user, session=session, key=key)


def _lock(ports: AccessPorts, account: Account, reason: str) -> LoginRefused:
    until = ports.clock() + timedelta(minutes=ports.config.login_lockout_minutes)
    ports.store.update_login_state(account.user.id, failed_logins=0, locked_until=until)
    _refuse(
        ports,
        account.user.username,
        f"user:{account.user.id}",
        reason,
        locked_until=until.isoformat(),
    )
    return LoginRefused(
        f"{WRONG_CREDENTIALS}; after {ports.config.login_max_failures} failed sign-ins the "
        f"account is locked until {until.isoformat(timespec='seconds')}"
    )


def _locked_message(until: datetime) -> str:
    return (
        "too many failed sign-ins: this account is locked until "
        f"{until.isoformat(timespec='seconds')}"
    )


def _refuse(ports: AccessPorts, actor: str, target: str, reason: str, **detail: object) -> None:
    record_write(
        ports.audit,
        ports.clock,
        actor=actor,
        action="auth.login_failed",
        target=target,
        detail={"reason": reason, **detail},
    )


def log_out(ports: AccessPorts, caller: Principal) -> None:
    """End the caller's browser session."""
    if caller.via is not Credential.SESSION:
        raise InvalidInput(
            "signing out ends a browser session; revoke an API token with DELETE /api/v1/tokens/ID"
        )
    session = ports.store.get_session_by_id(caller.credential_id)
    if session is not None and session.revoked_at is None:
        ports.store.save_session(replace(session, revoked_at=ports.clock()))
    record_write(
        ports.audit,
        ports.clock,
        actor=caller.actor,
        action="auth.logout",
        target=f"session:{caller.credential_id}",
    )


def authenticate_session(ports: AccessPorts, key: str) -> Principal:
    """The caller behind a session cookie, or Unauthenticated (401)."""
    session = ports.store.get_session_by_key_hash(hash_secret(key)) if key else None
    if session is None:
        raise Unauthenticated("the session is not known; sign in again")
    if session.revoked_at is not None:
        raise Unauthenticated("the session was ended; sign in again")
    if ports.clock() >= session.expires_at:
        raise Unauthenticated("the session expired; sign in again")
    account = ports.store.get_account(session.user_id)
    if account is None or not account.user.active:
        raise Unauthenticated("this account is deactivated; ask an admin of this node")
    return Principal(
        user=account.user, role=account.user.role, via=Credential.SESSION, credential_id=session.id
    )


def csrf_token_for(key: str, session_secret: str) -> str:
    """The CSRF token of the session whose cookie holds `key`: HMAC-SHA256 under the secret."""
    return hmac.new(session_secret.encode(), b"csrf:" + key.encode(), hashlib.sha256).hexdigest()


def is_csrf_token_valid(key: str, session_secret: str, presented: str | None) -> bool:
    """Whether `presented` is the session's CSRF token (compared in constant time)."""
    if not presented:
        return False
    return hmac.compare_digest(csrf_token_for(key, session_secret), presented)


def hash_secret(secret: str) -> str:
    """SHA-256 (hex) of a high-entropy secret: what the node keeps of keys and tokens."""
    return hashlib.sha256(secret.encode()).hexdigest()
