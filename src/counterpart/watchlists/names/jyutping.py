"""Cantonese readings from Unihan: Jyutping (kCantonese) -> Hong Kong Government spellings.

Hong Kong identity cards and passports spell Cantonese by the Hong Kong Government Cantonese
Romanisation, which has no published table: these are its usual correspondences with
Jyutping, the system Unihan's `kCantonese` is written in (鄧 dang6 = Tang, 張 zoeng1 =
Cheung, 潤 jeon6 = Yun, 孫 syun1 = Suen). Each Jyutping syllable gives every spelling it is
commonly written as; `unihan_spelling_table` turns the vendored `unihan_readings.tsv` into
spelling -> pinyin readings of the common characters read that way.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files

READINGS_FILE = "unihan_readings.tsv"  # char, kMandarin, kCantonese; see data/README.md

# Jyutping initials in the Hong Kong spellings: unaspirated and aspirated stops fall together.
INITIALS = {
    "b": ("p",),
    "p": ("p",),
    "d": ("t",),
    "t": ("t",),
    "g": ("k",),
    "k": ("k",),
    "gw": ("kw",),
    "kw": ("kw",),
    "z": ("ch", "ts"),
    "c": ("ch", "ts"),
    "s": ("s", "sh"),
    "j": ("y",),
    "ng": ("ng",),
    "m": ("m",),
    "n": ("n",),
    "l": ("l",),
    "f": ("f",),
    "h": ("h",),
    "w": ("w",),
    "": ("",),
}
FINALS = {
    "aa": ("a", "ah"),
    "aai": ("ai",),
    "aau": ("au",),
    "aam": ("am",),
    "aan": ("an",),
    "aang": ("ang",),
    "aap": ("ap",),
    "aat": ("at",),
    "aak": ("ak",),
    "ai": ("ai",),
    "au": ("au", "ow"),
    "am": ("am", "um"),  # 林 lam4 = Lam, 沈 sam2 = Shum
    "an": ("an", "un"),  # 陳 can4 = Chan, 真 zan1 = Chun
    "ang": ("ang",),
    "ap": ("ap",),
    "at": ("at",),
    "ak": ("ak",),
    "e": ("e",),
    "ei": ("ei", "ee"),
    "eng": ("eng",),
    "ek": ("ek",),
    "i": ("i", "ee"),
    "iu": ("iu",),
    "im": ("im",),
    "in": ("in",),
    "ing": ("ing",),
    "ip": ("ip",),
    "it": ("it",),
    "ik": ("ik",),
    "o": ("o",),
    "oi": ("oi",),
    "on": ("on",),
    "ong": ("ong",),
    "ot": ("ot",),
    "ok": ("ok",),
    "ou": ("o",),
    "u": ("u", "oo"),
    "ui": ("ui", "ooi"),
    "un": ("un", "oon"),
    "ung": ("ung",),
    "ut": ("ut",),
    "uk": ("uk", "ook"),
    "oe": ("oe",),
    "oeng": ("eung",),
    "oek": ("euk",),
    "eoi": ("ui", "eui"),
    "eon": ("un",),
    "eot": ("ut",),
    "yu": ("u", "ue"),
    "yun": ("uen", "un"),
    "yut": ("uet", "ut"),
}
# Syllables the rules above spell otherwise: 思 si1 = Sze, 子 zi2 = Tsz, 兒 ji4 = Yee, the
# syllabic nasals 吳 ng4 = Ng and 唔 m4 = M, j before yu (余 jyu4 = Yu, 元 jyun4 = Yuen), and
# j before a or am, never spelled with u (人 jan4 = Yan, 任 jam6 = Yam).
SPECIAL = {
    "si": ("sze", "si", "see"),
    "zi": ("chi", "tsz", "tze"),
    "ci": ("chi", "tsz", "tsze"),
    "ji": ("yee", "yi"),
    "ng": ("ng",),
    "m": ("m",),
    "jyu": ("yu", "yue"),
    "jyun": ("yuen",),
    "jyut": ("yuet",),
    "jan": ("yan",),
    "jam": ("yam",),
}
MIN_SPELLING = 2  # one-letter spellings ("a", "o") would read any name as Cantonese
GB2312_LEVEL_1 = range(0xB0, 0xD8)  # first bytes of the 3,755 most common simplified characters
BIG5_COMMON = range(0xA440, 0xC67F)  # Big5's 5,401 characters in common use (常用字)


def to_hk_spellings(jyutping: str) -> tuple[str, ...]:
    """The Hong Kong Government spellings of a Jyutping syllable (tone digits ignored)."""
    syllable = jyutping.rstrip("123456").lower()
    if syllable in SPECIAL:
        return SPECIAL[syllable]
    for size in (2, 1, 0):
        initial, final = syllable[:size], syllable[size:]
        if initial in INITIALS and final in FINALS:
            return tuple(
                dict.fromkeys(head + tail for head in INITIALS[initial] for tail in FINALS[final])
            )
    return ()


def to_plain_pinyin(marked: str) -> str:
    """Toneless pinyin as the tables write it: `lǚ` -> `lv`, `zhōu` -> `zhou`."""
    decomposed = unicodedata.normalize("NFD", marked).replace("u\u0308", "v")
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def is_common_character(char: str) -> bool:
    """Whether a character is among GB 2312's level-1 or Big5's common ones: the characters
    names are written in, leaving out rare ones whose readings would only add noise."""
    try:
        if char.encode("gb2312")[0] in GB2312_LEVEL_1:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return int.from_bytes(char.encode("big5"), "big") in BIG5_COMMON
    except UnicodeEncodeError:
        return False


@cache
def unihan_spelling_table() -> dict[str, frozenset[str]]:
    """Hong Kong spelling -> the pinyin readings of the common characters read that way in
    Unihan (`kCantonese` for the spelling, `kMandarin` for the pinyin)."""
    table: dict[str, set[str]] = {}
    text = files("counterpart.watchlists.data").joinpath(READINGS_FILE).read_text("utf-8")
    for line in text.splitlines()[4:]:  # three provenance comments and the header
        char, mandarin, cantonese = line.split("\t")
        if not cantonese or not is_common_character(char):
            continue
        pinyin = {to_plain_pinyin(reading) for reading in mandarin.split()}
        for jyutping in cantonese.split():
            for spelling in to_hk_spellings(jyutping):
                if len(spelling) >= MIN_SPELLING:
                    table.setdefault(spelling, set()).update(pinyin)
    return {spelling: frozenset(readings) for spelling, readings in table.items()}
