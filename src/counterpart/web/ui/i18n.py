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
    """The signed-in user's preference, else the cookie, else English."""
    if principal is not None:
        return principal.user.locale
    return to_locale(request.cookies.get(LOCALE_COOKIE)) or DEFAULT_LOCALE
