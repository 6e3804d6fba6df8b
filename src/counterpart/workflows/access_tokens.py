"""API tokens: made once and shown once, kept as SHA-256, scoped, expiring, revocable."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, replace
from datetime import timedelta

from counterpart.domain.errors import InvalidInput, NotFound, PermissionDenied, Unauthenticated
from counterpart.workflows.access_audit import record_write
from counterpart.workflows.access_model import ApiToken, Credential, Principal, Role, User
from counterpart.workflows.access_ports import AccessPorts
from counterpart.workflows.access_sessions import hash_secret

TOKEN_MARK = "cpt"  # noqa: S105 - tokens read `cpt_<prefix>_<secret>`, easy to spot in a leak
PREFIX_BYTES = 9  # 12 URL-safe characters, the lookup key
SECRET_BYTES = 32
LAST_USED_RESOLUTION = timedelta(minutes=1)  # no write per request, a minute is precise enough
MAX_TOKEN_NAME = 100


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new token: `secret` is the full token text, shown once and never stored."""

    token: ApiToken
    secret: str


def create_token(
    ports: AccessPorts,
    *,
    actor: str,
    user: User,
    name: str,
    role: Role | None = None,
    expires_in_days: int | None = None,
) -> IssuedToken:
    """Issue a token for `user`, scoped to `role` (at most the user's own role)."""
    if not user.active:
        raise InvalidInput(f"user {user.username} is deactivated", where="username")
    label = _to_token_name(name)
    scope = _to_scope(user, role)
    days = _to_lifetime_days(expires_in_days, ports.config.token_ttl_days)
    prefix = ports.secrets.new_secret(PREFIX_BYTES).replace("_", "x").replace("-", "y")
    secret = f"{TOKEN_MARK}_{prefix}_{ports.secrets.new_secret(SECRET_BYTES)}"
    now = ports.clock()
    token = ApiToken(
        id=ports.secrets.new_id(),
        user_id=user.id,
        name=label,
        prefix=prefix,
        secret_hash=hash_secret(secret),
        role=scope,
        created_at=now,
        expires_at=now + timedelta(days=days),
        created_by=actor,
    )
    ports.store.insert_token(token)
    record_write(
        ports.audit,
        ports.clock,
        actor=actor,
        action="token.create",
        target=f"token:{token.id}",
        detail={
            "user": user.username,
            "name": label,
            "role": scope.value,
            "expires_at": token.expires_at.isoformat(),
        },
    )
    return IssuedToken(token=token, secret=secret)


def _to_token_name(name: str) -> str:
    label = " ".join(name.split())
    if not label or len(label) > MAX_TOKEN_NAME:
        raise InvalidInput(f"a token needs a name of 1-{MAX_TOKEN_NAME} characters", where="name")
    return label


def _to_scope(user: User, role: Role | None) -> Role:
    scope = role or user.role
    if not user.role.includes(scope):
        raise PermissionDenied(
            f"a token's scope is at most its user's role: {user.username} is {user.role.value}, "
            f"not {scope.value}",
            where="role",
        )
    return scope


def _to_lifetime_days(requested: int | None, longest: int) -> int:
    days = longest if requested is None else requested
    if not 1 <= days <= longest:
        raise InvalidInput(
            f"expires_in_days must be between 1 and {longest}", where="expires_in_days"
        )
    return days


def list_tokens(ports: AccessPorts, user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked and expired ones included."""
    return sorted(ports.store.list_tokens(user.id), key=lambda t: t.created_at, reverse=True)


def revoke_token(ports: AccessPorts, caller: Principal, token_id: str) -> ApiToken:
    """Revoke one of the caller's tokens (an admin may revoke anyone's)."""
    token = ports.store.get_token(token_id)
    if token is None or (token.user_id != caller.user.id and caller.role is not Role.ADMIN):
        raise NotFound(f"token {token_id} does not exist", where="token_id")
    if token.revoked_at is not None:
        return token
    revoked = replace(token, revoked_at=ports.clock())
    ports.store.save_token(revoked)
    record_write(
        ports.audit,
        ports.clock,
        actor=caller.actor,
        action="token.revoke",
        target=f"token:{token.id}",
        detail={"name": token.name, "user_id": token.user_id},
    )
    return revoked


def authenticate_token(ports: AccessPorts, secret: str) -> Principal:
    """The caller behind an API token, with the token's scope capped by the user's role now."""
    token = _find_token(ports, secret)
    now = ports.clock()
    if token.revoked_at is not None:
        raise Unauthenticated("this API token was revoked")
    if now >= token.expires_at:
        raise Unauthenticated(
            f"this API token expired at {token.expires_at.isoformat(timespec='seconds')}"
        )
    account = ports.store.get_account(token.user_id)
    if account is None or not account.user.active:
        raise Unauthenticated("this API token's user is deactivated")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ports.store.save_token(replace(token, last_used_at=now))
    user = account.user
    role = token.role if user.role.includes(token.role) else user.role
    return Principal(user=user, role=role, via=Credential.TOKEN, credential_id=token.id)


def _find_token(ports: AccessPorts, secret: str) -> ApiToken:
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_MARK:
        raise Unauthenticated(f"an API token reads {TOKEN_MARK}_<prefix>_<secret>")
    token = ports.store.get_token_by_prefix(parts[1])
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret)):
        raise Unauthenticated("this API token is not valid")
    return token
