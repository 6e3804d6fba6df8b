"""Users and API tokens (admins only): list, add, change, reset a password, issue and revoke.

A one-time password or a token's secret is shown once, in the answer to the form that made
it, and never again (the node keeps only hashes).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import message
from counterpart.web.auth import AccessDep, AdminUser
from counterpart.web.ui.labels import N_
from counterpart.web.ui.rendering import Page, render
from counterpart.workflows import access, access_policy, access_tokens
from counterpart.workflows.access_model import Locale, Principal, Role, User
from counterpart.workflows.access_ports import AccessPorts

router = APIRouter(include_in_schema=False)
USERS_TITLE = N_("Users")
TOKENS_TITLE = N_("API tokens")


def to_user_data(user: User) -> dict[str, Any]:
    """A user as the page and its JSON twin show it."""
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "locale": user.locale,
        "active": user.active,
        "password_is_temporary": user.password_is_temporary,
        "created_at": user.created_at,
    }


def list_party_users(ports: AccessPorts, caller: Principal) -> list[User]:
    """The users of the caller's party."""
    return [u for u in access.list_users(ports) if u.party == caller.user.party]


def _users_page(gate: AccessDep, caller: Principal, **extra: Any) -> Page:
    with gate.begin() as ports:
        users = list_party_users(ports, caller)
    data = {
        "users": [to_user_data(u) for u in users],
        "roles": [r.value for r in Role],
        "locales": [loc.value for loc in Locale],
        "issued": None,
        **extra,
    }
    return Page("users.html", USERS_TITLE, data, status=201 if extra.get("issued") else 200)


@router.get("/admin/users")
@router.get("/admin/users.json")
def show_users(request: Request, caller: AdminUser, gate: AccessDep) -> Response:
    """Every user of this node's party."""
    return render(request, _users_page(gate, caller), caller)


@router.post("/admin/users")
def add_user(
    request: Request,
    *,
    caller: AdminUser,
    gate: AccessDep,
    username: Annotated[str, Form(max_length=64)],
    role: Annotated[Role, Form()],
    display_name: Annotated[str, Form(max_length=200)] = "",
    locale: Annotated[Locale, Form()] = Locale.EN,
) -> Response:
    """Add a user of this party; the one-time password is shown once."""
    with gate.begin() as ports:
        user, one_time = access.create_user(
            ports,
            actor=caller.actor,
            username=username,
            role=role,
            party=caller.user.party,
            display_name=display_name,
            locale=locale,
        )
    issued = {"username": user.username, "one_time_password": one_time}
    return render(request, _users_page(gate, caller, issued=issued), caller)


def _require_same_party(ports: AccessPorts, caller: Principal, user_id: str) -> User:
    target = access.require_account(ports.store, user_id).user
    access_policy.require_visible(caller, what=f"user {user_id}", author_party=target.party)
    return target


@router.post("/admin/users/{user_id}")
def change_user(
    user_id: str,
    caller: AdminUser,
    gate: AccessDep,
    role: Annotated[Role, Form()],
    active: Annotated[bool, Form()] = False,
) -> Response:
    """Change a user's role and whether the account is active."""
    with gate.begin() as ports:
        _require_same_party(ports, caller, user_id)
        access.update_user(ports, actor=caller.actor, user_id=user_id, role=role, active=active)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/reset-password")
def reset_password(request: Request, user_id: str, caller: AdminUser, gate: AccessDep) -> Response:
    """Give the user a one-time password (shown once); their sessions end."""
    with gate.begin() as ports:
        _require_same_party(ports, caller, user_id)
        user, one_time = access.reset_password(ports, actor=caller.actor, user_id=user_id)
    issued = {"username": user.username, "one_time_password": one_time}
    return render(request, _users_page(gate, caller, issued=issued), caller)


def _tokens_page(gate: AccessDep, caller: Principal, issued: dict[str, Any] | None = None) -> Page:
    with gate.begin() as ports:
        users = list_party_users(ports, caller)
        tokens = [(u, t) for u in users for t in access_tokens.list_tokens(ports, u)]
    data = {
        "tokens": [
            {
                "id": t.id,
                "username": u.username,
                "name": t.name,
                "prefix": t.prefix,
                "role": t.role,
                "created_at": t.created_at,
                "expires_at": t.expires_at,
                "last_used_at": t.last_used_at,
                "revoked_at": t.revoked_at,
            }
            for u, t in sorted(tokens, key=lambda pair: pair[1].created_at, reverse=True)
        ],
        "usernames": [u.username for u in users if u.active],
        "roles": [r.value for r in Role],
        "issued": issued,
    }
    return Page("tokens.html", TOKENS_TITLE, data, status=201 if issued else 200)


@router.get("/admin/tokens")
@router.get("/admin/tokens.json")
def show_tokens(request: Request, caller: AdminUser, gate: AccessDep) -> Response:
    """The API tokens of every user of this party, newest first."""
    return render(request, _tokens_page(gate, caller), caller)


def to_days(value: str) -> int | None:
    """The lifetime typed in the form: empty for the default, else a whole number of days."""
    if not value.strip():
        return None
    if not value.strip().isdigit() or int(value) < 1:
        said = message(
            N_("the lifetime %(value)s is not a whole number of days"), value=repr(value)
        )
        raise InvalidInput(said, where="days")
    return int(value)


@router.post("/admin/tokens")
def issue_token(
    request: Request,
    *,
    caller: AdminUser,
    gate: AccessDep,
    username: Annotated[str, Form(max_length=64)],
    name: Annotated[str, Form(max_length=100)],
    role: Annotated[str, Form(max_length=16)] = "",
    days: Annotated[str, Form(max_length=6)] = "",
) -> Response:
    """Issue a token for a user of this party; its secret is shown once."""
    scope = Role.parse(role) if role.strip() else None
    lifetime = to_days(days)
    with gate.begin() as ports:
        user = access.require_account_by_username(ports.store, username).user
        access_policy.require_visible(caller, what="this user", author_party=user.party)
        made = access_tokens.create_token(
            ports, actor=caller.actor, user=user, name=name, role=scope, expires_in_days=lifetime
        )
    issued = {"username": user.username, "name": made.token.name, "secret": made.secret}
    return render(request, _tokens_page(gate, caller, issued), caller)


@router.post("/admin/tokens/{token_id}/revoke")
def revoke_token(token_id: str, caller: AdminUser, gate: AccessDep) -> Response:
    """Revoke a token at once."""
    with gate.begin() as ports:
        access_tokens.revoke_token(ports, caller, token_id)
    return RedirectResponse("/admin/tokens", status_code=303)
