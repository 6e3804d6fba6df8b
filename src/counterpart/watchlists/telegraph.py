"""Chinese Commercial (telegraph) Codes decoded to Hanzi with the Unihan telegraph tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from counterpart.domain.errors import InvalidInput

CODE = re.compile(r"\d{4}")


@dataclass(frozen=True, slots=True)
class TelegraphName:
    """A name decoded from telegraph codes, in mainland (simplified) and Taiwan forms."""

    codes: tuple[str, ...]
    mainland: str
    taiwan: str

    def forms(self) -> tuple[str, ...]:
        """The distinct written forms, mainland first."""
        return (self.mainland,) if self.mainland == self.taiwan else (self.mainland, self.taiwan)


@cache
def load_telegraph_table() -> dict[str, tuple[str, str]]:
    """code -> (mainland character, Taiwan character); a missing side is ''."""
    text = files("counterpart.watchlists").joinpath("data/telegraph_codes.tsv").read_text("utf-8")
    table: dict[str, tuple[str, str]] = {}
    for line in text.splitlines()[4:]:  # three provenance comments and the header
        code, mainland, taiwan = line.split("\t")
        table[code] = (mainland, taiwan)
    return table


def decode_telegraph(text: str) -> TelegraphName:
    """Decode space-separated 4-digit codes ("6774 4395 2529") to a Hanzi name.

    A code missing from one table falls back to the other; a code in neither, or a token
    that is not four digits, is an InvalidInput naming it.
    """
    codes = tuple(text.split())
    if not codes:
        raise InvalidInput("empty Chinese Commercial Code")
    table = load_telegraph_table()
    mainland: list[str] = []
    taiwan: list[str] = []
    for code in codes:
        if not CODE.fullmatch(code):
            raise InvalidInput(f"{code!r} is not a four-digit Chinese Commercial Code")
        if code not in table:
            raise InvalidInput(f"Chinese Commercial Code {code} has no character in Unihan")
        simplified, traditional = table[code]
        mainland.append(simplified or traditional)
        taiwan.append(traditional or simplified)
    return TelegraphName(codes, "".join(mainland), "".join(taiwan))
