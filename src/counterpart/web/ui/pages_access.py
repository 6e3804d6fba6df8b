"""Sign-in and sign-out pages, and the language switch (a user's preference, a cookie before)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from counterpart.domain.errors import PermissionDenied, Unauthenticated
from counterpart.web.auth import (
    CSRF_FIELD,
    SESSION_COOKIE,
    Access,
    AccessDep,
    CurrentUser,
    clear_session_cookie,
    is_cookie_secure,
    set_session_cookie,
)
from counterpart.web.dependencies import SettingsDep
from counterpart.web.ui.i18n import LOCALE_COOKIE
from counterpart.web.ui.labels import N_
from counterpart.web.ui.rendering import Page, render, wants_json
from counterpart.workflows import access
from counterpart.workflows.access_model import Locale, Principal
from counterpart.workflows.access_sessions import (
    LoginRefused,
    authenticate_session,
    is_csrf_token_valid,
    log_in,
    log_out,
)

router = APIRouter(include_in_schema=False)
MISSING_CREDENTIALS = N_("Enter your username and password.")
LOCALE_COOKIE_DAYS = 365


def read_principal(request: Request, gate: AccessDep) -> Principal | None:
    """The signed-in reader, or None: pages that also serve signed-out readers use this."""
    key = request.cookies.get(SESSION_COOKIE)
    if not key:
        return None
    try:
        with gate.begin() as ports:
            return authenticate_session(ports, key)
    except Unauthenticated:
        return None


MaybeUser = Annotated[Principal | None, Depends(read_principal)]


def to_local_path(value: str | None) -> str:
    """`value` when it is a path on this node, else the dashboard (no open redirects)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


def set_locale_cookie(
    response: Response, request: Request, settings: SettingsDep, locale: Locale
) -> None:
    """Remember the language in the browser, for pages read before signing in."""
    response.set_cookie(
        LOCALE_COOKIE,
        locale.value,
        max_age=LOCALE_COOKIE_DAYS * 86400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_cookie_secure(request, settings),
    )


def require_same_origin(request: Request) -> None:
    """Refuse a form posted from another site (login CSRF): these forms carry no CSRF token
    before sign-in, so the browser's Origin and Sec-Fetch-Site headers must say "this node"."""
    origin = request.headers.get("origin")
    expected = f"{request.url.scheme}://{request.url.netloc}"
    if request.headers.get("sec-fetch-site") == "cross-site" or (
        origin is not None and origin != expected
    ):
        raise PermissionDenied(f"a form from {origin or 'another site'} is refused here")


def _login_page(next_path: str, username: str = "", error: str | None = None) -> Page:
    status = 401 if error else 200
    data = {"next": next_path, "username": username, "error": error}
    return Page("login.html", "Sign in", data, status=status)


@router.get("/login")
@router.get("/login.json")
def show_login(request: Request, caller: MaybeUser, next: str | None = None) -> Response:
    """The sign-in form; a signed-in reader goes straight on."""
    if caller is not None and not wants_json(request):
        return RedirectResponse(to_local_path(next), status_code=303)
    return render(request, _login_page(to_local_path(next)), caller)


@router.post("/login")
def sign_in(
    request: Request,
    *,
    gate: AccessDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=4096)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the password, open a session and go on; a refusal shows the form with the reason."""
    require_same_origin(request)
    if not username.strip() or not password:
        page = _login_page(to_local_path(next), username, MISSING_CREDENTIALS)
        return render(request, page, None)
    with gate.begin() as ports:
        outcome = log_in(ports, username=username, password=password)
    if isinstance(outcome, LoginRefused):
        return render(request, _login_page(to_local_path(next), username, outcome.reason), None)
    response = RedirectResponse(to_local_path(next), status_code=303)
    set_session_cookie(response, request, settings, outcome.key)
    set_locale_cookie(response, request, settings, outcome.user.locale)
    return response


@router.post("/logout")
def sign_out(
    request: Request, caller: CurrentUser, gate: AccessDep, settings: SettingsDep
) -> Response:
    """End the session and return to the sign-in form."""
    with gate.begin() as ports:
        log_out(ports, caller)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response, request, settings)
    return response


@router.post("/language")
async def switch_language(
    request: Request,
    *,
    caller: MaybeUser,
    gate: AccessDep,
    settings: SettingsDep,
    locale: Annotated[str, Form(max_length=8)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Switch the UI language: saved in the user's preference, and in a cookie."""
    require_same_origin(request)
    chosen = Locale.parse(locale, where="locale")
    if caller is not None:
        form = await request.form()
        presented = form.get(CSRF_FIELD)
        key = request.cookies.get(SESSION_COOKIE, "")
        if not is_csrf_token_valid(
            key, gate.config.session_secret, presented if isinstance(presented, str) else None
        ):
            raise PermissionDenied(f"the CSRF token is missing or wrong (form field {CSRF_FIELD})")
        await run_in_threadpool(save_locale, gate, caller, chosen)
    response = RedirectResponse(to_local_path(next), status_code=303)
    set_locale_cookie(response, request, settings, chosen)
    return response


def save_locale(gate: Access, caller: Principal, locale: Locale) -> None:
    """Keep the reader's language in their preferences (a database write: off the loop)."""
    with gate.begin() as ports:
        access.update_user(ports, actor=caller.actor, user_id=caller.user.id, locale=locale)
