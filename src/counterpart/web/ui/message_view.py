"""The node's composed messages (explanations, reasons, alarms) in the reader's language.

A message's id is a msgid of the catalogs; its terms are translated with the labels of their
vocabulary; its data (SMILES, names, numbers) is shown as it is, marked `translate="no"` so a
browser's translator leaves it alone. A page without the structured message (an old stored
row) shows the English text, marked `translate="no"` as well.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from markupsafe import Markup, escape

from counterpart.domain.messages import Message, MessageError, Param, Phrases, Term, from_json
from counterpart.web.ui import labels
from counterpart.workflows.access_model import Locale

Gettext = Callable[[str], str]
SEPARATORS: dict[Locale, dict[str, str]] = {
    Locale.EN: {"; ": "; ", ", ": ", "},
    Locale.ZH: {"; ": "；", ", ": "、"},
}
DATA = Markup('<span translate="no">{}</span>')


def to_message(value: object) -> Param | None:
    """A message, or its JSON form (a page's data, a stored alarm); None if it is not one."""
    if value is None or isinstance(value, Message | Phrases):
        return value
    if not isinstance(value, Mapping):
        return None
    try:
        return from_json(value)
    except MessageError:
        return None  # a row written by another version: its English text is shown instead


def say(
    value: object,
    english: str | None,
    gettext: Gettext,
    locale: Locale,
) -> Markup:
    """The message in the reader's language, or `english` (untranslated) without one."""
    found = to_message(value)
    if found is None:
        return DATA.format(english) if english else Markup("")
    return render_param(found, gettext, locale)


def show_basis(basis: str | None, gettext: Gettext) -> Markup:
    """A verdict's legal basis: a class rule's is in the catalogs (`Rule.basis`); a listing's
    comes from the registry as its source words it, shown as it is (`translate="no"`)."""
    if not basis:
        return Markup("—")
    translated = gettext(basis)
    return escape(translated) if translated != basis else DATA.format(basis)


def render_param(value: Param, gettext: Gettext, locale: Locale) -> Markup:
    """One message or parameter as escaped HTML in the reader's language."""
    if isinstance(value, Message):
        template = gettext(value.msgid) if value.msgid else ""
        if not value.params:
            return escape(template)
        arguments = {name: render_param(p, gettext, locale) for name, p in value.params}
        return escape(template) % arguments
    if isinstance(value, Term):
        known = labels.TABLES.get(value.vocabulary, {}).get(value.value)
        return escape(gettext(known)) if known else DATA.format(value.value)
    if isinstance(value, Phrases):
        separator = SEPARATORS[locale].get(value.separator, value.separator)
        return escape(separator).join(render_param(item, gettext, locale) for item in value.items)
    return DATA.format(value)
