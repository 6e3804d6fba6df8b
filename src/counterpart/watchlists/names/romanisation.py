"""Latin spellings of Chinese syllables (pinyin, Wade-Giles, Cantonese) -> pinyin candidates."""

from __future__ import annotations

from functools import cache, lru_cache
from importlib.resources import files

from counterpart.watchlists.names.jyutping import unihan_spelling_table

MAX_SYLLABLE = 6  # "zhuang", "shuang", "chiang", "hsiang", "cheung"
MAX_SEGMENTATIONS = 4


def read_table(name: str) -> list[list[str]]:
    """The rows of a tab-separated package data file, comments and blank lines skipped."""
    text = files("counterpart.watchlists.data").joinpath(name).read_text(encoding="utf-8")
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (ü written v), from the Wade-Giles table's first column."""
    return frozenset(row[0] for row in read_table("wade_giles.tsv"))


SYSTEMS = ("pinyin", "wade_giles", "cantonese")
# Pinyin's ü is written u, v or yu on passports and lists: 吕 Lü = Lu = Lv = Lyu.
PINYIN_U_SPELLINGS = {"lu": "lv", "nu": "nv", "lue": "lve", "nue": "nve", "lyu": "lv", "nyu": "nv"}


@cache
def spelling_table(system: str) -> dict[str, frozenset[str]]:
    """One system's Latin spellings of a syllable -> the pinyin syllables each may stand for.

    A name is read in one system at a time: Wade-Giles "chang" is zhang (chang) or chang
    (ch'ang); Hong Kong Cantonese "chang" is zhang or zheng; pinyin "chang" is chang.
    Cantonese: the hand-written table (`data/cantonese.tsv`, common surnames and name
    characters, most common reading first), then for the spellings it lacks, the readings
    of the common characters Unihan reads so (`jyutping.unihan_spelling_table`).
    """
    table: dict[str, set[str]] = {}
    if system == "pinyin":
        table = {syllable: {syllable} for syllable in pinyin_syllables()}
        for spelling, pinyin in PINYIN_U_SPELLINGS.items():
            table.setdefault(spelling, set()).add(pinyin)
    elif system == "wade_giles":
        for pinyin, wade_giles in read_table("wade_giles.tsv"):
            for spelling in {wade_giles, plain_wade_giles(wade_giles)}:
                table.setdefault(spelling, set()).add(pinyin)
    else:
        for row in read_table("cantonese.tsv"):
            table.setdefault(row[0], set()).update(row[1].split(","))
        # Spellings the hand-written table lacks are read from Unihan's kCantonese.
        for spelling, readings in unihan_spelling_table().items():
            table.setdefault(spelling, set(readings))
    return {spelling: frozenset(readings) for spelling, readings in table.items()}


def plain_wade_giles(spelling: str) -> str:
    """Wade-Giles as lists print it: no apostrophes, ü as u."""
    return spelling.replace("'", "").replace("ü", "u")


def readings_of(syllable: str, system: str) -> frozenset[str]:
    """The pinyin syllables a Latin syllable may stand for in a system; empty when none."""
    return spelling_table(system).get(syllable, frozenset())


@lru_cache(maxsize=200_000)
def segment_syllables(token: str, system: str) -> tuple[tuple[str, ...], ...]:
    """The ways to read a lowercase token as syllables of a system, fewest syllables first.

    "fujing" -> (("fu", "jing"),); "xian" -> (("xian",), ("xi", "an")); "william" -> ().
    """
    token = token.replace("'", "").replace("ü", "u")
    if not token.isascii() or not token.isalpha():
        return ()
    table = spelling_table(system)
    best: list[list[tuple[str, ...]]] = [[] for _ in range(len(token) + 1)]
    best[0] = [()]
    for end in range(1, len(token) + 1):
        found: list[tuple[str, ...]] = []
        for start in range(max(0, end - MAX_SYLLABLE), end):
            piece = token[start:end]
            if best[start] and piece in table and (piece != "ng" or len(piece) == len(token)):
                found.extend((*prefix, piece) for prefix in best[start])
        found.sort(key=len)
        best[end] = found[:MAX_SEGMENTATIONS]
    return tuple(best[len(token)])
