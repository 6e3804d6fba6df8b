"""Words of a name read as Chinese syllables where they can be, and aligned between two names."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from counterpart.watchlists.names.romanisation import SYSTEMS, readings_of, segment_syllables

MAX_READINGS = 64  # spellings a whole name may stand for, across romanisation systems
WORD_MATCH = 0.75  # two non-syllabic words closer than this count as the same word, partly
_SEPARATORS = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name: its Latin text and, when it reads as Chinese, its syllables.

    `readings` holds, per romanisation system the word is valid in, the pinyin spellings of
    the whole word (Wade-Giles "chang" -> zhang, chang); `syllables` holds, per syllable of its
    first segmentation, the pinyin it may stand for in any of those systems.
    """

    text: str
    readings: tuple[tuple[str, frozenset[str]], ...] = ()
    syllables: tuple[frozenset[str], ...] = ()

    @property
    def is_syllabic(self) -> bool:
        return bool(self.readings)

    def readings_in(self, system: str) -> frozenset[str]:
        return next((found for name, found in self.readings if name == system), frozenset())


def to_ascii_words(text: str) -> list[str]:
    """Lowercase ASCII words: diacritics removed, punctuation and hyphens as separators."""
    decomposed = unicodedata.normalize("NFKD", text.replace("'", "").replace("’", ""))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return [word for word in _SEPARATORS.split(plain.replace("&", " and ")) if word]


@lru_cache(maxsize=200_000)
def read_word(word: str) -> Token:
    """A lowercase word as a Token, with its Chinese readings in each system it is valid in.

    Its syllables come from the systems that read it in the fewest syllables: "chien" is one
    Wade-Giles syllable (jian, qian) before it is pinyin "chi-en".
    """
    found = {system: segment_syllables(word, system) for system in SYSTEMS}
    valid = {system: segmentations for system, segmentations in found.items() if segmentations}
    if not valid:
        return Token(word)
    readings = tuple(
        (system, spell_segmentations(segmentations, system))
        for system, segmentations in valid.items()
    )
    fewest = min(len(segmentations[0]) for segmentations in valid.values())
    syllables: list[set[str]] = [set() for _ in range(fewest)]
    for system, segmentations in valid.items():
        if len(segmentations[0]) == fewest:
            for bag, syllable in zip(syllables, segmentations[0], strict=True):
                bag.update(readings_of(syllable, system))
    return Token(word, readings, tuple(frozenset(bag) for bag in syllables))


def spell_segmentations(segmentations: tuple[tuple[str, ...], ...], system: str) -> frozenset[str]:
    readings: set[str] = set()
    for segmentation in segmentations:
        options = [sorted(readings_of(syllable, system)) for syllable in segmentation]
        for combination in itertools.islice(itertools.product(*options), MAX_READINGS):
            readings.add("".join(combination))
    return frozenset(readings)


def syllable_token(pinyin: tuple[str, ...]) -> Token:
    """A Token for syllables read from Hanzi: one pinyin reading, exact."""
    joined = "".join(pinyin)
    return Token(joined, (("pinyin", frozenset({joined})),), tuple(frozenset({s}) for s in pinyin))


def rotations(tokens: tuple[Token, ...]) -> list[tuple[Token, ...]]:
    """The token orders to try: as written and each rotation (family name first or last)."""
    return [tokens[i:] + tokens[:i] for i in range(len(tokens))] or [tokens]


@lru_cache(maxsize=50_000)
def joined_readings(tokens: tuple[Token, ...], system: str) -> frozenset[str]:
    """The pinyin strings a word sequence may spell in one system, joined without spaces."""
    result = {""}
    for token in tokens:
        result = {head + tail for head in result for tail in token.readings_in(system)}
        if len(result) > MAX_READINGS:
            result = set(sorted(result)[:MAX_READINGS])
    return frozenset(result)


def spell_alike(a: tuple[Token, ...], b: tuple[Token, ...]) -> str | None:
    """The systems ("pinyin", "pinyin/wade_giles"...) in which both names spell the same
    pinyin in some order of a's words, or None. Word boundaries do not count, so "Fu-jing",
    "Fu Jing" and "Fujing" spell alike; each name is read in one system throughout.
    """
    if not a or not b or not all(t.is_syllabic for t in a + b):
        return None
    for system_b in SYSTEMS:
        target = joined_readings(b, system_b)
        if not target:
            continue
        for system_a in SYSTEMS:
            if any(joined_readings(order, system_a) & target for order in rotations(a)):
                return system_a if system_a == system_b else f"{system_a}/{system_b}"
    return None


@lru_cache(maxsize=50_000)
def units_of(tokens: tuple[Token, ...]) -> tuple[frozenset[str] | str, ...]:
    """Syllables (as candidate sets) of syllabic words, whole words otherwise."""
    units: list[frozenset[str] | str] = []
    for token in tokens:
        units.extend(token.syllables if token.is_syllabic else (token.text,))
    return tuple(units)


def unit_similarity(a: frozenset[str] | str, b: frozenset[str] | str) -> float:
    if isinstance(a, frozenset) and isinstance(b, frozenset):
        return 1.0 if not a.isdisjoint(b) else 0.0
    text_a = a if isinstance(a, str) else min(a)
    text_b = b if isinstance(b, str) else min(b)
    similarity = Indel.normalized_similarity(text_a, text_b)
    return similarity if similarity >= WORD_MATCH else 0.0


def align_units(a: tuple[frozenset[str] | str, ...], b: tuple[frozenset[str] | str, ...]) -> float:
    """Weighted longest common subsequence of two unit lists, over the longer one's length."""
    if not a or not b:
        return 0.0
    previous = [0.0] * (len(b) + 1)
    for unit_a in a:
        current = [0.0]
        for j, unit_b in enumerate(b, start=1):
            diagonal = previous[j - 1] + unit_similarity(unit_a, unit_b)
            current.append(max(diagonal, previous[j], current[j - 1]))
        previous = current
    return previous[-1] / max(len(a), len(b))


def align_names(a: tuple[Token, ...], b: tuple[Token, ...], rotate: bool = True) -> float:
    """How much of two names lines up, 0..1.

    Chinese names (all syllables) are aligned in order, trying each rotation of a's words
    (family name first or last) when `rotate`; names with other words are matched word to
    word in any order, each word at most once, since lists reorder such names freely.
    """
    units_a, units_b = units_of(a), units_of(b)
    if not units_a or not units_b:
        return 0.0
    if all(isinstance(unit, frozenset) for unit in (*units_a, *units_b)):
        orders = rotations(a) if rotate else [a]
        return max(align_units(units_of(order), units_b) for order in orders)
    return match_unordered(units_a, units_b)


def match_unordered(
    a: tuple[frozenset[str] | str, ...], b: tuple[frozenset[str] | str, ...]
) -> float:
    """Greedy one-to-one matching of units by similarity, over the longer list's length."""
    texts_a = [unit if isinstance(unit, str) else min(unit) for unit in a]
    texts_b = [unit if isinstance(unit, str) else min(unit) for unit in b]
    matrix = cdist(texts_a, texts_b, scorer=Indel.normalized_similarity, score_cutoff=WORD_MATCH)
    for i, unit_a in enumerate(a):
        if isinstance(unit_a, frozenset):
            for j, unit_b in enumerate(b):
                if isinstance(unit_b, frozenset):
                    matrix[i, j] = 0.0 if unit_a.isdisjoint(unit_b) else 1.0
    total = 0.0
    for _ in range(min(len(a), len(b))):
        i, j = divmod(int(matrix.argmax()), matrix.shape[1])
        if matrix[i, j] <= 0:
            break
        total += float(matrix[i, j])
        matrix[i, :] = 0.0
        matrix[:, j] = 0.0
    return total / max(len(a), len(b))
