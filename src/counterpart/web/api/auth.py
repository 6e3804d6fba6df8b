"""Signing in and out of a browser session, and who the caller is."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from counterpart.web.api.users import UserOut
from counterpart.web.auth import (
    SESSION_COOKIE,
    AccessDep,
    CurrentUser,
    clear_session_cookie,
    set_session_cookie,
    sign_in_with_password,
)
from counterpart.web.dependencies import SettingsDep
from counterpart.web.errors import ERROR_RESPONSES
from counterpart.workflows import access
from counterpart.workflows.access_model import Credential, Locale, Role
from counterpart.workflows.access_sessions import csrf_token_for, log_out

router = APIRouter(prefix="/api/v1", tags=["access"], responses=ERROR_RESPONSES)


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=4096)


class LoginOut(BaseModel):
    ok: bool = True
    user: UserOut
    csrf_token: str = Field(description="Send it as X-CSRF-Token with every write.")
    expires_at: datetime


class Me(BaseModel):
    user: UserOut
    role: Role = Field(description="The role in force: an API token may be scoped below.")
    via: Credential
    csrf_token: str | None = Field(description="The session's CSRF token; null for API tokens.")


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=4096)
    new_password: str = Field(min_length=1, max_length=4096)


class ProfileChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: str | None = Field(default=None, max_length=200)
    locale: Locale | None = None


class Done(BaseModel):
    ok: bool = True


@router.post("/auth/login")
def sign_in(
    body: LoginRequest,
    request: Request,
    response: Response,
    gate: AccessDep,
    settings: SettingsDep,
) -> LoginOut:
    """Open a browser session: sets the HttpOnly session cookie and returns the CSRF token."""
    outcome = sign_in_with_password(gate, body.username, body.password)
    set_session_cookie(response, request, settings, outcome.key)
    return LoginOut(
        user=UserOut.model_validate(outcome.user),
        csrf_token=csrf_token_for(outcome.key, gate.config.session_secret),
        expires_at=outcome.session.expires_at,
    )


@router.post("/auth/logout")
def sign_out(
    caller: CurrentUser,
    request: Request,
    response: Response,
    gate: AccessDep,
    settings: SettingsDep,
) -> Done:
    """End the caller's browser session and clear its cookie."""
    with gate.begin() as ports:
        log_out(ports, caller)
    clear_session_cookie(response, request, settings)
    return Done()


@router.get("/me")
def read_me(caller: CurrentUser, request: Request, gate: AccessDep) -> Me:
    """Who the caller is, the role in force, and (for a session) the CSRF token."""
    key = request.cookies.get(SESSION_COOKIE)
    csrf = None
    if caller.via is Credential.SESSION and key:
        csrf = csrf_token_for(key, gate.config.session_secret)
    return Me(
        user=UserOut.model_validate(caller.user), role=caller.role, via=caller.via, csrf_token=csrf
    )


@router.patch("/me")
def change_own_profile(body: ProfileChange, caller: CurrentUser, gate: AccessDep) -> UserOut:
    """Change your display name or UI language (en, zh); role and state are for admins."""
    with gate.begin() as ports:
        user = access.update_user(
            ports,
            actor=caller.actor,
            user_id=caller.user.id,
            display_name=body.display_name,
            locale=body.locale,
        )
    return UserOut.model_validate(user)


@router.post("/me/password")
def change_own_password(body: PasswordChange, caller: CurrentUser, gate: AccessDep) -> UserOut:
    """Replace your password; the current one must be given."""
    with gate.begin() as ports:
        user = access.change_password(
            ports,
            user_id=caller.user.id,
            current_password=body.current_password,
            new_password=body.new_password,
        )
    return UserOut.model_validate(user)
