"""Rendering a page: the Jinja2 template in the reader's language, or its JSON twin.

A page is its data (a JSON-able dict) plus a template. `/path.json` or `?format=json` returns
`{"ok": true, ...data}`: the same data the HTML shows, datasette-style.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from counterpart.web.auth import SESSION_COOKIE
from counterpart.web.ui import labels, message_view
from counterpart.web.ui.i18n import (
    HTML_LANG,
    LANGUAGE_NAMES,
    babel_locale,
    choose_locale,
    load_translations,
)
from counterpart.web.ui.record_view import term_of
from counterpart.workflows.access_model import Locale, Principal, Role
from counterpart.workflows.access_sessions import csrf_token_for

TEMPLATE_DIR = Path(__file__).parent / "templates"
JSON_SUFFIX = ".json"
# Everything a page loads comes from this node: the browser refuses any other origin. Inline
# styles stay allowed for RDKit's SVG drawings; no inline or foreign script runs.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@dataclass(frozen=True, slots=True)
class Page:
    """What a handler produces: a template, its data, the HTTP status, the page title."""

    template: str
    title: str  # a msgid
    data: dict[str, Any] = field(default_factory=dict)
    status: int = 200


def wants_json(request: Request) -> bool:
    """Whether the caller asked for the JSON twin (`/path.json` or `?format=json`)."""
    return request.url.path.endswith(JSON_SUFFIX) or request.query_params.get("format") == "json"


@cache
def environment(locale: Locale) -> Environment:
    """The Jinja2 environment of one language: its gettext, filters and label tables."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "svg"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    translations = load_translations(locale)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    where = babel_locale(locale)
    env.filters["day"] = lambda value: _format_day(value, where)
    env.filters["moment"] = lambda value: _format_moment(value, where)
    env.filters["number"] = lambda value: _format_number(value, where)
    env.filters["score"] = lambda value: str(format_decimal(value, format="0.00", locale=where))

    # `_()` marks its result safe (Jinja's newstyle gettext), so it takes literals only;
    # messages and labels that carry data go through `tr` and `label`, which are escaped.
    def tr(message: object) -> str:
        text = str(message or "")
        return str(translations.gettext(text)) if text else ""  # gettext("") is the header

    def label(table: str, value: object) -> str:
        return tr(labels.label_of(table, value))

    def say(message: Any, english: str | None = None) -> Markup:
        return message_view.say(message, english, translations.gettext, locale)

    env.globals["tr"] = tr
    env.globals["label"] = label
    env.globals["say"] = say  # a message the node composed, with its English fallback
    env.globals["basis"] = lambda text: message_view.show_basis(text, translations.gettext)
    env.filters["jurisdiction_label"] = lambda value: label("jurisdiction", value)
    env.globals["error_title"] = labels.error_title
    env.globals["term"] = term_of  # a record vocabulary's term, both labels
    env.globals["languages"] = LANGUAGE_NAMES
    env.globals["html_lang"] = HTML_LANG[locale]
    env.globals["locale"] = locale.value
    return env


def _format_day(value: date | str | None, where: Any) -> str:
    if value is None or value == "":
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return str(format_date(day, format="medium", locale=where))


def _format_moment(value: datetime | str | None, where: Any) -> str:
    if value is None or value == "":
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return str(format_datetime(moment, format="medium", locale=where))


def _format_number(value: int | float | Decimal | None, where: Any) -> str:
    return "" if value is None else str(format_decimal(value, locale=where))


def csrf_of(request: Request) -> str:
    """The CSRF token of the request's browser session ("" without one)."""
    key = request.cookies.get(SESSION_COOKIE)
    if not key:
        return ""
    return csrf_token_for(key, request.app.state.settings.session_secret.get_secret_value())


def render(request: Request, page: Page, principal: Principal | None) -> Response:
    """The page as HTML in the reader's language, or as its JSON twin."""
    if wants_json(request):
        return JSONResponse(jsonable_encoder({"ok": True, **page.data}), status_code=page.status)
    locale = choose_locale(request, principal)
    template = environment(locale).get_template(page.template)
    context = {
        **page.data,
        "title": page.title,
        "user": principal.user if principal else None,
        "is_admin": principal is not None and principal.role.includes(Role.ADMIN),
        "can_screen": principal is not None and principal.role.includes(Role.ANALYST),
        "csrf_token": csrf_of(request) if principal else "",
        "path": request.url.path,
        "partial": request.headers.get("HX-Request") == "true",
    }
    return HTMLResponse(template.render(context), status_code=page.status, headers=PAGE_HEADERS)
