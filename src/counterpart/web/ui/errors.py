"""Errors on UI pages: the one error shape, rendered as an HTML page (JSON for the twins).

The app's handlers (`web/errors.py`) make the one JSON shape; this module wraps each of them so
that a page request gets the same content as an HTML error page, and a signed-out reader who
opens a page is sent to the sign-in form instead of a bare 401.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, cast
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ExceptionHandler

from counterpart.storage.users import to_access_config
from counterpart.web.auth import Access, get_clock, get_secret_factory
from counterpart.web.ui.pages_access import read_principal
from counterpart.web.ui.rendering import Page, render, wants_json
from counterpart.workflows.access_model import Principal

NOT_UI_PREFIXES = ("/api/", "/peer/", "/docs", "/openapi", "/redoc", "/static/")


def is_page_request(request: Request) -> bool:
    """Whether a browser asks for an HTML page of the UI (not the API, nor a JSON twin).

    Other clients (no `text/html` in Accept) keep the one JSON shape on every path.
    """
    path = request.url.path
    if path.startswith(NOT_UI_PREFIXES) or wants_json(request):
        return False
    from_htmx = request.headers.get("HX-Request") == "true"
    return from_htmx or "text/html" in request.headers.get("accept", "")


def to_login_redirect(request: Request) -> RedirectResponse:
    """Send a signed-out reader to the sign-in form, coming back here afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def read_reader(request: Request) -> Principal | None:
    """The signed-in reader of a page that failed, for its navigation; None if unknown."""
    overrides = request.app.dependency_overrides
    gate = Access(
        engine=request.app.state.engine,
        config=to_access_config(request.app.state.settings),
        clock=overrides.get(get_clock, get_clock)(),
        secrets=overrides.get(get_secret_factory, get_secret_factory)(),
    )
    try:
        return read_principal(request, gate)
    except Exception:  # noqa: BLE001
        # The outermost edge: the page already failed (maybe the database is down); the
        # error page is then shown without the navigation rather than not at all.
        return None


def _wrap(original: ExceptionHandler) -> Any:
    handler = cast(Callable[[Request, Exception], Awaitable[Response]], original)

    async def on_error(request: Request, exc: Exception) -> Response:
        response = await handler(request, exc)
        if not is_page_request(request) or not isinstance(response, Response):
            return response
        if response.status_code == 401 and request.method in ("GET", "HEAD"):
            return to_login_redirect(request)
        page = await error_page(request, json.loads(bytes(response.body)))
        return response if page is None else page

    return on_error


async def error_page(request: Request, body: dict[str, Any]) -> Response | None:
    """The HTML error page of `body` (the one error shape) for a page request, else None.

    For the middlewares that answer before the app runs (`web/limits.py`), which find it on
    `app.state.error_page`.
    """
    if not is_page_request(request):
        return None
    page = Page("error.html", "Error", {"error": body}, status=int(body["status"]))
    # Reading the reader's session is database work: off the event loop.
    return render(request, page, await run_in_threadpool(read_reader, request))


def install_html_errors(app: FastAPI) -> None:
    """Wrap every installed exception handler so that UI pages get the HTML error page."""
    for key, handler in list(app.exception_handlers.items()):
        app.add_exception_handler(key, _wrap(handler))
    app.state.error_page = error_page
