"""Users (admins), one's own API tokens, and the audit trail (admins) over JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from counterpart.web.auth import AccessDep, AdminUser, CurrentUser
from counterpart.web.errors import ERROR_RESPONSES
from counterpart.web.limits import MAX_INTEGER
from counterpart.workflows import access, access_policy, access_tokens
from counterpart.workflows.access_audit import read_audit
from counterpart.workflows.access_model import (
    AuditQuery,
    Locale,
    Principal,
    Role,
)
from counterpart.workflows.access_ports import AccessPorts

router = APIRouter(prefix="/api/v1", tags=["access"], responses=ERROR_RESPONSES)


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

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


class UserList(BaseModel):
    items: list[UserOut]


class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    role: Role
    display_name: str = Field(default="", max_length=200)
    locale: Locale = Locale.EN
    password: str | None = Field(
        default=None, max_length=1024, description="Omit to get a one-time password back."
    )


class UserWithPassword(BaseModel):
    user: UserOut
    one_time_password: str | None = Field(description="Shown once; null when one was given.")


class UserChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    active: bool | None = None
    display_name: str | None = Field(default=None, max_length=200)
    locale: Locale | None = None


@router.get("/users")
def list_node_users(caller: AdminUser, gate: AccessDep) -> UserList:
    """Every user of this node (admins only)."""
    with gate.begin() as ports:
        users = access.list_users(ports)
    return UserList(
        items=[UserOut.model_validate(u) for u in users if u.party == caller.user.party]
    )


@router.post("/users", status_code=201)
def add_user(body: NewUser, caller: AdminUser, gate: AccessDep) -> UserWithPassword:
    """Add a user of this node's party; without a password a one-time one is returned once."""
    with gate.begin() as ports:
        user, one_time = access.create_user(
            ports,
            actor=caller.actor,
            username=body.username,
            role=body.role,
            party=caller.user.party,
            display_name=body.display_name,
            locale=body.locale,
            password=body.password,
        )
    return UserWithPassword(user=UserOut.model_validate(user), one_time_password=one_time)


@router.patch("/users/{user_id}")
def change_user(user_id: str, body: UserChange, caller: AdminUser, gate: AccessDep) -> UserOut:
    """Change a user's role, active flag, display name or locale (admins only)."""
    with gate.begin() as ports:
        _require_same_party(ports, caller, user_id)
        user = access.update_user(
            ports,
            actor=caller.actor,
            user_id=user_id,
            role=body.role,
            active=body.active,
            display_name=body.display_name,
            locale=body.locale,
        )
    return UserOut.model_validate(user)


@router.post("/users/{user_id}/reset-password")
def reset_user_password(user_id: str, caller: AdminUser, gate: AccessDep) -> UserWithPassword:
    """Give a user a one-time password, lift a lockout and end their sessions (admins only)."""
    with gate.begin() as ports:
        _require_same_party(ports, caller, user_id)
        user, one_time = access.reset_password(ports, actor=caller.actor, user_id=user_id)
    return UserWithPassword(user=UserOut.model_validate(user), one_time_password=one_time)


def _require_same_party(ports: AccessPorts, caller: Principal, user_id: str) -> None:
    target = access.require_account(ports.store, user_id).user
    access_policy.require_visible(caller, what=f"user {user_id}", author_party=target.party)


class TokenOut(BaseModel):
    """A token as listed: never its secret or its hash."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    user_id: str
    name: str
    prefix: str
    role: Role
    created_at: datetime
    expires_at: datetime
    created_by: str
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenList(BaseModel):
    items: list[TokenOut]


class NewToken(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    role: Role | None = Field(default=None, description="Scope; default the role in force.")
    expires_in_days: int | None = Field(default=None, ge=1)
    username: str | None = Field(
        default=None, max_length=64, description="Another user's (admins only)."
    )


class IssuedTokenOut(BaseModel):
    token: TokenOut
    secret: str = Field(description="The token itself: shown once, never stored.")


@router.get("/tokens")
def list_own_tokens(caller: CurrentUser, gate: AccessDep) -> TokenList:
    """Your API tokens, newest first, revoked and expired ones included."""
    with gate.begin() as ports:
        tokens = access_tokens.list_tokens(ports, caller.user)
    return TokenList(items=[TokenOut.model_validate(t) for t in tokens])


@router.post("/tokens", status_code=201)
def create_api_token(body: NewToken, caller: CurrentUser, gate: AccessDep) -> IssuedTokenOut:
    """Issue an API token scoped at most to your role in force; its secret is shown once."""
    with gate.begin() as ports:
        user = caller.user
        if body.username is not None and body.username.strip().lower() != user.username:
            access_policy.require_role(caller, Role.ADMIN)
            user = access.require_account_by_username(ports.store, body.username).user
            access_policy.require_visible(caller, what="this user", author_party=user.party)
        else:
            access_policy.require_role(caller, body.role or caller.role)
        issued = access_tokens.create_token(
            ports,
            actor=caller.actor,
            user=user,
            name=body.name,
            role=body.role or (caller.role if user.id == caller.user.id else None),
            expires_in_days=body.expires_in_days,
        )
    return IssuedTokenOut(token=TokenOut.model_validate(issued.token), secret=issued.secret)


@router.delete("/tokens/{token_id}")
def revoke_api_token(token_id: str, caller: CurrentUser, gate: AccessDep) -> TokenOut:
    """Revoke one of your API tokens (an admin may revoke anyone's)."""
    with gate.begin() as ports:
        token = access_tokens.revoke_token(ports, caller, token_id)
    return TokenOut.model_validate(token)


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int | None
    at: datetime
    actor: str
    action: str
    target: str
    detail: dict[str, object]


class AuditPage(BaseModel):
    items: list[AuditEventOut]
    total: int
    limit: int
    offset: int


class AuditFilter(BaseModel):
    """Filters of the audit trail; all optional, combined with AND."""

    model_config = ConfigDict(extra="forbid")

    actor: str | None = Field(default=None, max_length=200)
    action: str | None = Field(default=None, max_length=100, description="e.g. user.create")
    target: str | None = Field(default=None, max_length=400, description="e.g. user:ID")
    since: datetime | None = Field(default=None, description="At or after this time.")
    until: datetime | None = Field(default=None, description="Before this time.")
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=MAX_INTEGER)


@router.get("/audit")
def read_audit_trail(
    caller: AdminUser, gate: AccessDep, filters: Annotated[AuditFilter, Query()]
) -> AuditPage:
    """The audit trail of every write, newest first, filtered and paginated (admins only)."""
    query = AuditQuery(**filters.model_dump())
    with gate.begin() as ports:
        page = read_audit(ports.audit, query)
    return AuditPage(
        items=[AuditEventOut.model_validate(e) for e in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
    )
