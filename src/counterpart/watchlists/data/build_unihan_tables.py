"""Regenerates telegraph_codes.tsv and unihan_readings.tsv from the Unicode Unihan database.

Run once, by hand, when the Unihan version changes (Debian: `apt-get install unicode-data`):

    python -m counterpart.watchlists.data.build_unihan_tables /usr/share/unicode
"""

from __future__ import annotations

import bz2
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).parent
# Readings are kept for the CJK Unified Ideographs block, which holds the GB 2312, Big5 and
# telegraph-code characters that names are written in; the rare extension blocks are left out.
READING_BLOCK = range(0x4E00, 0xA000)


def read_fields(path: Path, wanted: set[str]) -> Iterator[tuple[str, str, str]]:
    """(character, field, value) for each line of a Unihan file whose field is wanted."""
    with bz2.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            codepoint, field, value = line.rstrip("\n").split("\t", 2)
            if field in wanted:
                yield chr(int(codepoint[2:], 16)), field, value


def header(unihan_dir: Path, what: str) -> list[str]:
    """The provenance lines that open each generated table."""
    with bz2.open(unihan_dir / "Unihan_Readings.txt.bz2", "rt", encoding="utf-8") as lines:
        version = next(line.strip("# \n") for line in lines if line.startswith("# Unicode version"))
    return [
        f"# {what}",
        f"# Generated from the Unicode Unihan database ({version}) by build_unihan_tables.py.",
        "# Copyright Unicode, Inc.; Unicode License (https://www.unicode.org/license.txt), "
        "see README.md",
    ]


def build_telegraph(unihan_dir: Path) -> list[str]:
    """code, mainland (simplified) character, Taiwan (traditional) character."""
    table: dict[str, dict[str, str]] = defaultdict(dict)
    fields = {"kMainlandTelegraph", "kTaiwanTelegraph"}
    for char, field, value in read_fields(unihan_dir / "Unihan_OtherMappings.txt.bz2", fields):
        table[value][field] = char
    rows = header(unihan_dir, "Chinese Commercial (telegraph) Code -> Hanzi")
    rows.append("code\tmainland\ttaiwan")
    for code in sorted(table):
        chars = table[code]
        rows.append(
            f"{code}\t{chars.get('kMainlandTelegraph', '')}\t{chars.get('kTaiwanTelegraph', '')}"
        )
    return rows


def build_readings(unihan_dir: Path) -> list[str]:
    """character, kMandarin reading(s), kCantonese reading(s) (space-separated)."""
    table: dict[str, dict[str, str]] = defaultdict(dict)
    fields = {"kMandarin", "kCantonese"}
    for char, field, value in read_fields(unihan_dir / "Unihan_Readings.txt.bz2", fields):
        if ord(char) in READING_BLOCK:
            table[char][field] = value
    rows = header(unihan_dir, "Hanzi -> kMandarin and kCantonese readings")
    rows.append("char\tmandarin\tcantonese")
    for char in sorted(table):
        rows.append(
            f"{char}\t{table[char].get('kMandarin', '')}\t{table[char].get('kCantonese', '')}"
        )
    return rows


def main(unihan_dir: Path) -> None:
    """Write both tables next to this script."""
    for name, rows in (
        ("telegraph_codes.tsv", build_telegraph(unihan_dir)),
        ("unihan_readings.tsv", build_readings(unihan_dir)),
    ):
        (HERE / name).write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"))
