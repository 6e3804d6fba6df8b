"""The UI's languages: Babel catalogs read from the .po files, the locale of a request.

The catalogs are compiled in memory from `locale/<lang>/LC_MESSAGES/messages.po` when the app
starts, so a clean clone needs no build step. A signed-in user's preference wins; before
sign-in the `counterpart_locale` cookie decides; English otherwise.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale as BabelLocale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi import Request

from counterpart.workflows.access_model import Locale, Principal

LOCALE_DIR = Path(__file__).parent / "locale"
LOCALE_COOKIE = "counterpart_locale"
DEFAULT_LOCALE = Locale.EN
BABEL_LOCALES = {Locale.EN: "en", Locale.ZH: "zh_Hans_CN"}
LANGUAGE_NAMES = {Locale.EN: "English", Locale.ZH: "中文"}  # each in its own language
HTML_LANG = {Locale.EN: "en", Locale.ZH: "zh-Hans"}


def po_path(locale: Locale) -> Path:
    """Where the catalog of `locale` lives."""
    return LOCALE_DIR / locale.value / "LC_MESSAGES" / "messages.po"


def read_catalog(locale: Locale) -> Catalog:
    """The catalog of `locale`, parsed from its .po file."""
    with po_path(locale).open("rb") as handle:
        return read_po(handle, locale=BABEL_LOCALES[locale])


@cache
def load_translations(locale: Locale) -> Translations:
    """gettext translations of `locale`, compiled in memory from the .po file (once)."""
    buffer = BytesIO()
    write_mo(buffer, read_catalog(locale))
    buffer.seek(0)
    return Translations(fp=buffer)


def babel_locale(locale: Locale) -> BabelLocale:
    """The Babel locale used to format dates and numbers in `locale`."""
    return BabelLocale.parse(BABEL_LOCALES[locale])


def to_locale(value: str | None) -> Locale | None:
    """The supported locale named `value`, or None."""
    if value is None:
        return None
    try:
        return Locale(value.strip().lower())
    except ValueError:
        return None


def choose_locale(request: Request, principal: Principal | None = None) -> Locale:
    """The signed-in user's preference, else the cookie, else the browser's, else English."""
    if principal is not None:
        return principal.user.locale
    chosen = to_locale(request.cookies.get(LOCALE_COOKIE))
    return chosen or read_accept_language(request.headers.get("accept-language", ""))


def read_accept_language(header: str) -> Locale:
    """The first supported language of an Accept-Language header, by weight (RFC 9110)."""
    ranked: list[tuple[float, int, Locale]] = []
    for position, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        weight = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            quality = float(weight)
        except ValueError:
            continue
        locale = to_locale(tag.split("-")[0])
        if locale is not None and quality > 0:
            ranked.append((-quality, position, locale))
    return min(ranked)[2] if ranked else DEFAULT_LOCALE
