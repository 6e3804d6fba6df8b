"""Person names: family name first or last, syllables joined or split, Hanzi or Latin."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, Message, Phrases, Term, message, phrases
from counterpart.watchlists.names.hanzi import han_only, to_person_pinyin, to_simplified
from counterpart.watchlists.names.scripts import check_name, has_han
from counterpart.watchlists.names.tokens import (
    Token,
    align_names,
    read_word,
    spell_alike,
    syllable_token,
    to_ascii_words,
)

ROMANISED_MATCH = 0.95  # same reading, but through Wade-Giles or Cantonese alternatives
HOMOPHONE_CAP = 0.75  # different Hanzi that read alike: possibly, not surely, the same


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name read for matching: its words, and its Hanzi (simplified) if written so."""

    text: str
    tokens: tuple[Token, ...]
    hanzi: str | None = None


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    message: Message | Phrases  # why, for each reader's language

    @property
    def reason(self) -> str:
        """Why, in English."""
        return self.message.english()


def read_latin(text: str) -> tuple[Token, ...]:
    return tuple(read_word(word) for word in to_ascii_words(text))


@lru_cache(maxsize=20_000)  # a query session's hot set, not a whole list
def parse_person_name(text: str, where: str = "name") -> PersonName:
    """A name as PersonName; InvalidInput when it has nothing to match on."""
    text = check_name(text, where)
    if has_han(text):
        hanzi = to_simplified(han_only(text))
        family, given = to_person_pinyin(hanzi)
        tokens = tuple(syllable_token(part) for part in (family, given) if part)
        return PersonName(text, tokens + read_latin(text), hanzi)
    tokens = read_latin(text)
    if not tokens:
        said = N_("the name %(name)s has no Latin or Han letters to match; give a Latin spelling")
        raise InvalidInput(message(said, name=repr(text)), where=where)
    return PersonName(text, tokens)


def compare_person_names(a: PersonName, b: PersonName) -> NameComparison:
    """How alike two person names are, 0..1, and why."""
    if a.hanzi and b.hanzi:
        return compare_hanzi(a, b)
    systems = spell_alike(a.tokens, b.tokens)
    if systems:
        if same_letters(a.tokens, b.tokens):
            text = N_("same name: %(a)s = %(b)s")
            return NameComparison(1.0, message(text, a=repr(a.text), b=repr(b.text)))
        score = 1.0 if systems == "pinyin" else ROMANISED_MATCH
        text = N_("%(a)s and %(b)s read alike (%(systems)s)")
        said = message(text, a=repr(a.text), b=repr(b.text), systems=to_systems(systems))
        return NameComparison(score, said)
    score = align_names(a.tokens, b.tokens)
    text = N_("%(a)s and %(b)s agree on %(share)s of syllables")
    return NameComparison(
        score, message(text, a=repr(a.text), b=repr(b.text), share=f"{score:.0%}")
    )


def compare_hanzi(a: PersonName, b: PersonName) -> NameComparison:
    if a.hanzi == b.hanzi:
        text = N_("same Hanzi %(hanzi)s (traditional folded to simplified)")
        return NameComparison(1.0, message(text, hanzi=a.hanzi or ""))
    if spell_alike(a.tokens, b.tokens):
        text = N_("%(a)s and %(b)s read alike but are different characters")
        return NameComparison(HOMOPHONE_CAP, message(text, a=a.hanzi or "", b=b.hanzi or ""))
    score = align_names(a.tokens, b.tokens) * HOMOPHONE_CAP
    text = N_("different Hanzi: %(a)s / %(b)s")
    return NameComparison(score, message(text, a=a.hanzi or "", b=b.hanzi or ""))


def to_systems(systems: str) -> Phrases:
    """The romanisation systems ("pinyin", "pinyin/wade_giles") as terms of `romanisation`."""
    return phrases((Term("romanisation", system) for system in systems.split("/")), "/")


def same_letters(a: tuple[Token, ...], b: tuple[Token, ...]) -> bool:
    """Whether both names use the same letters, in any word order and split."""
    return sorted("".join(t.text for t in a)) == sorted("".join(t.text for t in b))
