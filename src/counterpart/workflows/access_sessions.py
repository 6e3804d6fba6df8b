"""Signing in and out: password checks with lockout, server-side sessions, CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, replace
from datetime import timedelta

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
    """Check a password and open a session, counting failures towards a lockout.

    A refusal is returned, not raised, so that the failure count and the audit row commit.
    """
    name = username.strip().lower()
    account = (
        ports.store.get_account_by_username(name) if USERNAME_PATTERN.fullmatch(name) else None
    )
    if account is None:
        spend_a_verification(password, ports.config)  # as long as for a real user
        _record(ports, name or "?", "auth.login_failed", "user:?", {"reason": "unknown user"})
        return LoginRefused(WRONG_CREDENTIALS)
    now = ports.clock()
    if account.locked_until is not None and now < account.locked_until:
        _record(ports, name, "auth.login_failed", f"user:{account.user.id}", {"reason": "locked"})
        return LoginRefused(
            f"too many failed sign-ins: this account is locked until "
            f"{account.locked_until.isoformat(timespec='seconds')}"
        )
    if not verify_password(account.password_hash, password, ports.config):
        return _count_failure(ports, account)
    if not account.user.active:
        _record(ports, name, "auth.login_failed", f"user:{account.user.id}", {"reason": "inactive"})
        return LoginRefused("this account is deactivated; ask an admin of this node")
    return _open_session(ports, account, password)


def log_out(ports: AccessPorts, caller: Principal) -> None:
    """End the caller's browser session."""
    if caller.via is not Credential.SESSION:
        raise InvalidInput(
            "signing out ends a browser session; revoke an API token with DELETE /api/v1/tokens/ID"
        )
    session = ports.store.get_session_by_id(caller.credential_id)
    if session is not None and session.revoked_at is None:
        ports.store.save_session(replace(session, revoked_at=ports.clock()))
    _record(ports, caller.actor, "auth.logout", f"session:{caller.credential_id}", {})


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


def _open_session(ports: AccessPorts, account: Account, password: str) -> LoggedIn:
    now = ports.clock()
    rehashed = needs_rehash(account.password_hash, ports.config)
    password_hash = hash_password(password, ports.config) if rehashed else account.password_hash
    ports.store.save_account(
        replace(account, password_hash=password_hash, failed_logins=0, locked_until=None)
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
    _record(
        ports,
        account.user.username,
        "auth.login",
        f"session:{session.id}",
        {"user_id": account.user.id, "password_rehashed": rehashed},
    )
    return LoggedIn(user=account.user, session=session, key=key)


def _count_failure(ports: AccessPorts, account: Account) -> LoginRefused:
    failures = account.failed_logins + 1
    locked_until = None
    if failures >= ports.config.login_max_failures:
        locked_until = ports.clock() + timedelta(minutes=ports.config.login_lockout_minutes)
        failures = 0
    ports.store.save_account(replace(account, failed_logins=failures, locked_until=locked_until))
    detail: dict[str, object] = {"reason": "wrong password"}
    if locked_until is not None:
        detail["locked_until"] = locked_until.isoformat()
    _record(ports, account.user.username, "auth.login_failed", f"user:{account.user.id}", detail)
    if locked_until is not None:
        return LoginRefused(
            f"{WRONG_CREDENTIALS}; after {ports.config.login_max_failures} failed sign-ins the "
            f"account is locked until {locked_until.isoformat(timespec='seconds')}"
        )
    return LoginRefused(WRONG_CREDENTIALS)


def _record(
    ports: AccessPorts, actor: str, action: str, target: str, detail: dict[str, object]
) -> None:
    record_write(ports.audit, ports.clock, actor=actor, action=action, target=target, detail=detail)
