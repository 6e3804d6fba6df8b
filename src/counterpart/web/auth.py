"""Who is calling: API tokens and session cookies become a Principal; CSRF and role gates.

A router declares what it needs with the aliases below: `CurrentUser` (any signed-in user),
`ViewerUser`, `AnalystUser`, `ApproverUser`, `AdminUser`, or for a whole router
`dependencies=[require_role(Role.ANALYST)]`. No credentials: 401; a role below: 403.

Dependencies that neither block nor compute much are `async def`: FastAPI runs a plain
`def` dependency in a worker thread, a hand-off that costs more than the work itself. Those
that touch the database (`current_principal`) stay plain functions, off the event loop.
"""

from __future__ import annotations

import ipaddress
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine

from counterpart.domain.errors import CounterpartError, PermissionDenied, Unauthenticated
from counterpart.settings import Settings
from counterpart.storage.users import open_access, to_access_config
from counterpart.web.dependencies import SettingsDep
from counterpart.workflows import access_policy
from counterpart.workflows.access_model import Principal, Role
from counterpart.workflows.access_ports import (
    AccessConfig,
    AccessPorts,
    Clock,
    SecretFactory,
    SystemSecrets,
    system_clock,
)
from counterpart.workflows.access_sessions import (
    LoggedIn,
    LoginAttempt,
    LoginRefused,
    authenticate_session,
    finish_login,
    is_csrf_token_valid,
    start_login,
)
from counterpart.workflows.access_tokens import authenticate_token

SESSION_COOKIE = "counterpart_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

_bearer = HTTPBearer(
    scheme_name="apiToken",
    auto_error=False,
    description="An API token: `Authorization: Bearer cpt_...`.",
)
_session_cookie = APIKeyCookie(
    scheme_name="session",
    name=SESSION_COOKIE,
    auto_error=False,
    description=f"A browser session from POST /api/v1/auth/login; writes also need {CSRF_HEADER}.",
)


async def get_engine(request: Request) -> Engine:
    """The node's database engine, opened by `create_app`."""
    engine = getattr(request.app.state, "engine", None)
    if not isinstance(engine, Engine):
        raise CounterpartError("the node's database is not open")
    return engine


async def get_clock() -> Clock:
    """The clock of the access use cases; tests override this dependency."""
    return system_clock


async def get_secret_factory() -> SecretFactory:
    """The maker of ids and secrets; tests may override this dependency."""
    return SystemSecrets()


@dataclass(frozen=True, slots=True)
class Access:
    """What a request needs to run access use cases: each `begin()` is one transaction."""

    engine: Engine
    config: AccessConfig
    clock: Clock
    secrets: SecretFactory

    def begin(self) -> AbstractContextManager[AccessPorts]:
        return open_access(self.engine, self.config, clock=self.clock, secrets=self.secrets)


async def get_access(
    settings: SettingsDep,
    engine: Annotated[Engine, Depends(get_engine)],
    clock: Annotated[Clock, Depends(get_clock)],
    secrets: Annotated[SecretFactory, Depends(get_secret_factory)],
) -> Access:
    return Access(engine=engine, config=to_access_config(settings), clock=clock, secrets=secrets)


AccessDep = Annotated[Access, Depends(get_access)]


async def read_csrf_token(request: Request) -> str | None:
    """The CSRF token a write presents: the header, or the form field of a browser form."""
    header = request.headers.get(CSRF_HEADER)
    if header or request.method in SAFE_METHODS or SESSION_COOKIE not in request.cookies:
        return header
    if "authorization" in request.headers:
        return None
    if request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def current_principal(
    request: Request,
    access: AccessDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session_key: Annotated[str | None, Depends(_session_cookie)],
    csrf_token: Annotated[str | None, Depends(read_csrf_token)],
) -> Principal:
    """The caller: an API token wins (CSRF-exempt); else the session cookie, CSRF on writes."""
    if bearer is not None:
        with access.begin() as ports:
            return authenticate_token(ports, bearer.credentials)
    if "authorization" in request.headers:
        raise Unauthenticated("the Authorization header must read `Bearer <API token>`")
    if not session_key:
        raise Unauthenticated(
            "sign in with POST /api/v1/auth/login, or send `Authorization: Bearer <API token>`"
        )
    with access.begin() as ports:
        principal = authenticate_session(ports, session_key)
    if request.method not in SAFE_METHODS and not is_csrf_token_valid(
        session_key, access.config.session_secret, csrf_token
    ):
        raise PermissionDenied(
            f"the CSRF token is missing or wrong: send it in the {CSRF_HEADER} header "
            f"(or the {CSRF_FIELD} form field) with every write made with a session cookie"
        )
    return principal


CurrentUser = Annotated[Principal, Depends(current_principal)]


def sign_in_with_password(access: Access, username: str, password: str) -> LoggedIn:
    """Check a password and open a session (API and HTML sign-in alike), or 401.

    Two commits: the attempt is counted before the password is checked, so a burst of
    parallel guesses cannot outrun the lockout; the refusal is raised after its commit, so
    the failure count and its audit row are kept.
    """
    with access.begin() as ports:
        attempt = start_login(ports, username=username, password=password)
    if isinstance(attempt, LoginAttempt):
        with access.begin() as ports:
            outcome = finish_login(ports, attempt, password)
    else:
        outcome = attempt
    if isinstance(outcome, LoginRefused):
        raise Unauthenticated(outcome.reason)
    return outcome


def require_role(minimum: Role) -> Any:
    """A dependency marker admitting callers whose role in force is `minimum` or higher."""

    async def check_role(caller: CurrentUser) -> Principal:
        access_policy.require_role(caller, minimum)
        return caller

    return Depends(check_role)


ViewerUser = Annotated[Principal, require_role(Role.VIEWER)]
AnalystUser = Annotated[Principal, require_role(Role.ANALYST)]
ApproverUser = Annotated[Principal, require_role(Role.APPROVER)]
AdminUser = Annotated[Principal, require_role(Role.ADMIN)]


def is_cookie_secure(request: Request, settings: Settings) -> bool:
    """Secure cookies everywhere but plain-HTTP development or tests on a loopback address."""
    if request.url.scheme == "https" or settings.environment == "production":
        return True
    return not _is_loopback(settings.host)


def set_session_cookie(response: Response, request: Request, settings: Settings, key: str) -> None:
    """Hand the browser its session key: HttpOnly, SameSite=Lax, Secure off loopback."""
    response.set_cookie(
        SESSION_COOKIE,
        key,
        max_age=settings.session_ttl_minutes * 60,
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_cookie_secure(request, settings),
    )


def clear_session_cookie(response: Response, request: Request, settings: Settings) -> None:
    """Tell the browser to forget its session key."""
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_cookie_secure(request, settings),
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
