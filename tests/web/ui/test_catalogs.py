"""The catalogs are complete: every message of the templates and code is in both, each has a
Chinese translation with the same placeholders, and no template holds untranslated text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from jinja2 import Environment

from counterpart.web.ui.i18n import read_accept_language, read_catalog
from counterpart.web.ui.rendering import TEMPLATE_DIR, environment
from counterpart.workflows.access_model import Locale

UI_DIR = TEMPLATE_DIR.parent
PACKAGE_DIR = UI_DIR.parents[1]  # src/counterpart: babel.cfg's paths start there
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")
LITERAL_ATTRIBUTE = re.compile(r'\b(aria-label|title|placeholder|alt)="([^"\u00a7]*)"')
PROPER_NOUNS = {"Counterpart"}  # the product's name is not translated


def extract_messages() -> set[str]:
    """Every msgid babel's extractors find where `babel.cfg` says: the UI's templates and
    modules, and the messages the core composes (chemistry, watchlists, workflows)."""
    with (UI_DIR / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    found = extract_from_dir(
        PACKAGE_DIR,
        method_map=method_map,
        options_map=options_map,
        keywords={**DEFAULT_KEYWORDS, "N_": None},
    )
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def catalog_strings(locale: Locale) -> dict[str, str]:
    return {str(m.id): str(m.string) for m in read_catalog(locale) if m.id}


def test_both_catalogs_hold_exactly_the_extracted_messages() -> None:
    extracted = extract_messages()
    assert len(extracted) > 150
    for locale in Locale:
        held = set(catalog_strings(locale))
        assert held - extracted == set(), f"{locale}: messages no longer used"
        assert extracted - held == set(), f"{locale}: messages missing from the catalog"


def test_no_translation_is_fuzzy() -> None:
    # `pybabel update` marks guesses fuzzy, and compiled catalogs leave fuzzy entries out.
    for locale in Locale:
        assert [m.id for m in read_catalog(locale) if m.id and m.fuzzy] == []


def test_every_message_has_a_chinese_translation_with_the_same_placeholders() -> None:
    for msgid, translated in catalog_strings(Locale.ZH).items():
        assert translated.strip(), f"no Chinese for {msgid!r}"
        assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(msgid)), msgid


def literal_text(source: str) -> list[str]:
    """The words a template shows outside `_()` / `{% trans %}`: its literal text and literal
    label attributes, with every Jinja construct replaced by a mark and HTML tags removed."""
    tokens = Environment(extensions=["jinja2.ext.i18n"]).lex(source)
    marked = "".join(value if token == "data" else "\u00a7" for _, token, value in tokens)
    marked = re.sub("\u00a7+", "\u00a7", marked)
    words = [
        f"{name}={text}"
        for name, text in LITERAL_ATTRIBUTE.findall(marked)
        if re.search(r"[^\W\d_]", text)
    ]
    text = ENTITY.sub(" ", TAG.sub(" ", marked))
    words += [w for w in re.findall(r"[^\W\d_][\w'-]*", text) if w not in PROPER_NOUNS]
    return words


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATE_DIR.glob("*.html")))
def test_no_template_shows_untranslated_text(template: str) -> None:
    assert literal_text((TEMPLATE_DIR / template).read_text(encoding="utf-8")) == []


def test_the_literal_text_check_finds_text_outside_gettext() -> None:
    source = '<p title="Hello">{{ _("Translated") }} Untranslated <b>{{ name }}</b> &middot; 42</p>'
    assert literal_text(source) == ["title=Hello", "Untranslated"]


def test_the_chinese_catalog_is_the_one_the_pages_use(tmp_path: Path) -> None:
    from counterpart.web.ui.i18n import load_translations

    translations = load_translations(Locale.ZH)
    assert (
        translations.gettext("Screen a substance")
        == catalog_strings(Locale.ZH)["Screen a substance"]
    )
    assert translations.gettext("Screen a substance") != "Screen a substance"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", Locale.ZH),
        ("fr-FR, en;q=0.5, zh;q=0.7", Locale.ZH),
        ("en-GB,en;q=0.9", Locale.EN),
        ("fr, de", Locale.EN),
        ("zh;q=0, en;q=0.1", Locale.EN),
        ("zh;q=oops", Locale.EN),
        ("", Locale.EN),
    ],
)
def test_a_first_visit_follows_the_browsers_language(header: str, expected: Locale) -> None:
    assert read_accept_language(header) is expected


def test_empty_messages_and_labels_stay_empty() -> None:
    env = environment(Locale.ZH)
    tr = cast(Callable[[object], str], env.globals["tr"])
    label = cast(Callable[[str, object], str], env.globals["label"])
    assert tr("") == "" and tr(None) == ""
    assert label("feature", "") == ""
    assert label("status", "controlled") == "列管"
