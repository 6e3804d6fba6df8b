"""Which writing systems a name uses, and the checks every name passes before matching."""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, message

MAX_NAME_LENGTH = 1000  # as the list loaders: the longest real SDN or UN name is under 400


class Script(StrEnum):
    HAN = "han"
    LATIN = "latin"
    CYRILLIC = "cyrillic"
    GREEK = "greek"
    ARABIC = "arabic"
    OTHER = "other"


def script_of(char: str) -> Script | None:
    """The script of one letter, or None for digits, punctuation and spaces."""
    if not char.isalpha():
        return None
    if is_han(char):
        return Script.HAN
    name = unicodedata.name(char, "")
    for script in (Script.LATIN, Script.CYRILLIC, Script.GREEK, Script.ARABIC):
        if name.startswith(script.value.upper()):
            return script
    return Script.OTHER


def is_han(char: str) -> bool:
    """Whether a character is a CJK ideograph (the basic block and extension A)."""
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def has_han(text: str) -> bool:
    return any(is_han(char) for char in text)


def check_name(name: str, where: str) -> str:
    """The name with outer spaces removed; InvalidInput when it cannot be matched.

    Refused: empty names, names without a letter, names over MAX_NAME_LENGTH characters, and
    words that mix alphabets (a Cyrillic "а" inside a Latin word is a homoglyph, not a name).
    Hanzi next to Latin words is accepted ("ABC 化工"): both are read.
    """
    text = unicodedata.normalize("NFKC", name).strip()
    if not text:
        raise InvalidInput(message(N_("the name is empty")), where=where)
    if len(text) > MAX_NAME_LENGTH:
        said = N_("the name is %(length)s characters long; the limit is %(limit)s")
        raise InvalidInput(message(said, length=len(text), limit=MAX_NAME_LENGTH), where=where)
    if not any(char.isalpha() for char in text):
        said = N_("the name %(name)s has no letters")
        raise InvalidInput(message(said, name=repr(text)), where=where)
    for word in text.split():
        if word.isascii():
            continue  # one alphabet by construction; the common case, kept fast
        scripts = {script_of(char) for char in word} - {None, Script.HAN}
        if len(scripts) > 1:
            found = ", ".join(sorted(str(script) for script in scripts if script))
            said = N_("the word %(word)s mixes scripts (%(scripts)s): possible look-alike letters")
            raise InvalidInput(message(said, word=repr(word), scripts=found), where=where)
    return text
