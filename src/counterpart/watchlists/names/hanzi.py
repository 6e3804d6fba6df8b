"""Hanzi: traditional -> simplified folding (OpenCC) and pinyin readings (pypinyin + surnames)."""

from __future__ import annotations

from functools import cache, lru_cache

import opencc
from pypinyin import Style, lazy_pinyin

from counterpart.watchlists.names.romanisation import read_table, segment_syllables
from counterpart.watchlists.names.scripts import is_han


@cache
def converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=20_000)
def to_simplified(text: str) -> str:
    """Traditional characters folded to simplified ones (鄭福井 -> 郑福井)."""
    return str(converter().convert(text))


def han_only(text: str) -> str:
    """The Hanzi of a text, in order, without spaces, punctuation or Latin letters."""
    return "".join(char for char in text if is_han(char))


@cache
def surname_readings() -> dict[str, str]:
    """Family names read differently as surnames (曾 zeng, 单 shan), and compound surnames."""
    return {row[0]: row[1] for row in read_table("surnames.tsv")}


def split_family_name(hanzi: str) -> tuple[str, str]:
    """(family name, given name) of a simplified Hanzi person name: 欧阳明 -> (欧阳, 明)."""
    if len(hanzi) > 2 and hanzi[:2] in surname_readings():
        return hanzi[:2], hanzi[2:]
    return hanzi[:1], hanzi[1:]


@lru_cache(maxsize=50_000)
def to_pinyin(hanzi: str) -> tuple[str, ...]:
    """Toneless pinyin syllables of simplified Hanzi, word-aware (ü as v): 精奥 -> (jing, ao)."""
    return tuple(lazy_pinyin(hanzi, style=Style.NORMAL, errors="ignore"))


def to_person_pinyin(hanzi: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(family, given) pinyin of a Hanzi person name, the family name read as a surname."""
    family, given = split_family_name(hanzi)
    reading = surname_readings().get(family)
    segmentations = segment_syllables(reading, "pinyin") if reading else ()
    family_pinyin = segmentations[0] if segmentations else to_pinyin(family)
    return family_pinyin, to_pinyin(given)
