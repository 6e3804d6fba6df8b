"""Chinese company names parsed into place + brand (字号) + industry + legal form, and compared."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, Message, message, phrases
from counterpart.watchlists.names.hanzi import han_only, to_pinyin, to_simplified
from counterpart.watchlists.names.persons import HOMOPHONE_CAP, NameComparison, read_latin
from counterpart.watchlists.names.romanisation import read_table
from counterpart.watchlists.names.scripts import check_name, has_han
from counterpart.watchlists.names.tokens import (
    Token,
    align_names,
    spell_alike,
    syllable_token,
    to_ascii_words,
)

PLACE_SUFFIXES = ("自治区", "省", "市", "区", "县")
OTHER_PLACE = 0.8  # same brand in another city: possibly another company
OTHER_INDUSTRY = 0.85
MAX_PHRASE = 6
NAME_CACHE = 20_000  # parsed names kept: a query session's hot set, not a whole list
_BRACKETS = re.compile(r"[（(]([^()（）]*)[)）]")


@dataclass(frozen=True)
class Glossary:
    """Industry words, legal forms and places, each English phrase -> its Hanzi concepts."""

    hanzi_parts: dict[str, tuple[str, str]]  # Hanzi term -> (kind, term); longest first
    english: dict[str, tuple[str, frozenset[str]]]  # phrase -> (kind, Hanzi terms)
    places: dict[str, str] = field(default_factory=dict)  # Hanzi or English -> pinyin


@cache
def glossary() -> Glossary:
    """The bilingual glossary (company_glossary.tsv) and places (places.tsv), as package data."""
    hanzi_parts: dict[str, tuple[str, str]] = {}
    english: dict[str, tuple[str, set[str]]] = {}
    for kind, hanzi, renderings in read_table("company_glossary.tsv"):
        if hanzi:
            hanzi_parts[hanzi] = (kind, hanzi)
        for phrase in renderings.split("|"):
            key = " ".join(to_ascii_words(phrase))
            english.setdefault(key, (kind, set()))[1].add(hanzi or key)
    places: dict[str, str] = {}
    for row in read_table("places.tsv"):
        places[row[0]] = row[1]
        spellings = [row[1], *(row[2].split(",") if len(row) > 2 else [])]
        for spelling in spellings:
            places[" ".join(to_ascii_words(spelling))] = row[1]
    ordered = dict(sorted(hanzi_parts.items(), key=lambda item: -len(item[0])))
    frozen = {key: (kind, frozenset(terms)) for key, (kind, terms) in english.items()}
    return Glossary(ordered, frozen, places)


@dataclass(frozen=True, slots=True)
class CompanyName:
    """A company name in its parts; `brand` is what identifies it."""

    text: str
    brand: tuple[Token, ...]
    brand_hanzi: str | None = None
    place: str | None = None
    industries: frozenset[str] = frozenset()
    legal_forms: frozenset[str] = frozenset()

    @property
    def is_company_like(self) -> bool:
        """Whether the name says it is a company (a legal form or an industry word)."""
        return bool(self.legal_forms or self.industries)


@lru_cache(maxsize=NAME_CACHE)
def parse_company_name(text: str, where: str = "name") -> CompanyName:
    """A company name split into place, brand, industry and legal form (Hanzi or English)."""
    text = check_name(text, where)
    company = parse_hanzi_company(text) if has_han(text) else parse_english_company(text)
    if not company.brand:
        said = N_("the name %(name)s has no Latin or Han letters to match")
        raise InvalidInput(message(said, name=repr(text)), where=where)
    return company


def parse_hanzi_company(text: str) -> CompanyName:
    place = None
    for inner in _BRACKETS.findall(text):
        place = place or glossary().places.get(to_simplified(han_only(inner)))
    rest = to_simplified(han_only(_BRACKETS.sub("", text)))
    rest, legal = strip_suffixes(rest, {"legal"}, keep=1)
    rest, prefix_place = strip_place(rest)
    rest, industries = strip_suffixes(rest, {"industry"}, keep=2)
    place = place or prefix_place
    brand = rest or next((k for k, v in glossary().places.items() if v == place), "")
    latin = read_latin(" ".join(to_ascii_words(text)))
    tokens = ((syllable_token(to_pinyin(brand)),) if brand else ()) + latin
    return CompanyName(text, tokens, brand or None, place, industries, legal)


def strip_suffixes(text: str, kinds: set[str], keep: int) -> tuple[str, frozenset[str]]:
    """Glossary terms of `kinds` removed from the end, longest first, leaving `keep` chars."""
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for term, (kind, _) in glossary().hanzi_parts.items():
            if kind in kinds and text.endswith(term) and len(text) - len(term) >= keep:
                text, changed = text[: -len(term)], True
                found.add(term)
                break
    return text, frozenset(found)


def strip_place(text: str) -> tuple[str, str | None]:
    """Places removed from the start (湖北省武汉市...), keeping at least two characters."""
    place = None
    for _ in range(3):
        match = next(
            (p for p in hanzi_places() if text.startswith(p) and len(text) - len(p) >= 2), None
        )
        if match is None:
            break
        text, place = text[len(match) :], glossary().places[match]
        for suffix in PLACE_SUFFIXES:
            if text.startswith(suffix) and len(text) - len(suffix) >= 2:
                text = text[len(suffix) :]
                break
    return text, place


@cache
def hanzi_places() -> tuple[str, ...]:
    """Place names in Hanzi, longest first (湖北 after 黑龙江)."""
    return tuple(sorted((p for p in glossary().places if has_han(p)), key=len, reverse=True))


def parse_english_company(text: str) -> CompanyName:
    words = to_ascii_words(text)
    brand: list[str] = []
    place: str | None = None
    industries: set[str] = set()
    legal: set[str] = set()
    position = 0
    while position < len(words):
        size, kind, terms = match_phrase(words, position)
        if kind == "place" and place is None:
            place = next(iter(terms))
        elif kind == "industry":
            industries.update(terms)
        elif kind == "legal":
            legal.update(terms)
        else:
            brand.extend(words[position : position + size])
        position += size
    if not brand:
        brand = [place] if place else words
    tokens = read_latin(" ".join(brand))
    return CompanyName(text, tokens, None, place, frozenset(industries), frozenset(legal))


def match_phrase(words: list[str], start: int) -> tuple[int, str, frozenset[str]]:
    """The longest glossary phrase or place at `start`: (words, kind, concepts); kind "" if none."""
    table = glossary()
    for size in range(min(MAX_PHRASE, len(words) - start), 0, -1):
        phrase = " ".join(words[start : start + size])
        if phrase in table.english:
            kind, terms = table.english[phrase]
            return size, kind, terms
        if phrase in table.places:
            return size, "place", frozenset({table.places[phrase]})
    return 1, "", frozenset()


def compare_company_names(a: CompanyName, b: CompanyName) -> NameComparison:
    """How alike two company names are, 0..1: the brand decides; place and industry temper."""
    score, reason = compare_brands(a, b)
    reasons = [reason]
    if a.place and b.place and a.place != b.place:
        score *= OTHER_PLACE
        reasons.append(message(N_("different places: %(a)s / %(b)s"), a=a.place, b=b.place))
    if a.industries and b.industries and a.industries.isdisjoint(b.industries):
        score *= OTHER_INDUSTRY
        reasons.append(message(N_("different industries")))
    return NameComparison(score, reason if len(reasons) == 1 else phrases(reasons))


def compare_brands(a: CompanyName, b: CompanyName) -> tuple[float, Message]:
    if a.brand_hanzi and b.brand_hanzi:
        hanzi = {"a": a.brand_hanzi, "b": b.brand_hanzi}
        if a.brand_hanzi == b.brand_hanzi:
            return 1.0, message(N_("same brand %(brand)s"), brand=a.brand_hanzi)
        if spell_alike(a.brand[:1], b.brand[:1]):
            return HOMOPHONE_CAP, message(N_("brands %(a)s / %(b)s read alike only"), **hanzi)
        score = align_names(a.brand[:1], b.brand[:1], rotate=False) * HOMOPHONE_CAP
        return score, message(N_("different brands %(a)s / %(b)s"), **hanzi)
    label_a = a.brand_hanzi or " ".join(t.text for t in a.brand)
    label_b = b.brand_hanzi or " ".join(t.text for t in b.brand)
    if spell_alike(a.brand, b.brand):
        return 1.0, message(N_("same brand: %(a)s = %(b)s"), a=label_a, b=label_b)
    score = align_names(a.brand, b.brand, rotate=False)
    if all(token.is_syllabic for token in a.brand + b.brand):
        # Chinese brands that spell alike in no one system line up only syllable by syllable,
        # each syllable in whichever system suits it (Kangtai's "tai" is Cantonese for da):
        # at most read alike.
        score = min(score, HOMOPHONE_CAP)
    text = N_("brands %(a)s / %(b)s agree on %(share)s")
    return score, message(text, a=label_a, b=label_b, share=f"{score:.0%}")
