"""What every list parser shares: the row outcome type, name checks, and reading text files."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Protocol, TypeVar

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import ListEntry

# A parser yields entries and, for each bad row, an InvalidInput saying where; the caller
# reports the errors and keeps the entries, so one bad row never stops a load.
ParsedRow = ListEntry | InvalidInput
RowT_co = TypeVar("RowT_co", covariant=True)


class CsvReader(Protocol[RowT_co]):
    """A csv reader or DictReader: records, and the physical line the reader is at."""

    @property
    def line_num(self) -> int: ...

    def __next__(self) -> RowT_co: ...


MAX_NAME_CHARS = 1000  # the longest real SDN or UN name is under 400 characters
MAX_FIELD_CHARS = 100_000  # a field beyond this is damage, not data
SEPARATORS = re.compile(r"\s+")
CSV_HINTS = {  # what the csv module's terse reasons mean for the person fixing the file
    "unexpected end of data": (
        ": a quote opened in this record is never closed, so no row after it could be read"
    ),
    "',' expected after '\"'": ": a quote ends inside a field (one left open earlier?)",
}


def where_of(path: Path, line: int) -> str:
    """The location of a row or element: `file:line N`."""
    return f"{path.name}:line {line}"


def check_name(name: str, where: str) -> str:
    """The name with its whitespace collapsed, or InvalidInput saying why it is unusable."""
    cleaned = SEPARATORS.sub(" ", name).strip()
    if not cleaned:
        raise InvalidInput("empty name", where=where)
    if len(cleaned) > MAX_NAME_CHARS:
        raise InvalidInput(
            f"name of {len(cleaned)} characters is longer than {MAX_NAME_CHARS}", where=where
        )
    if not any(unicodedata.category(char)[0] in "LN" for char in cleaned):
        raise InvalidInput(f"name {cleaned[:40]!r} has no letter or digit", where=where)
    return cleaned


def check_names(
    primary: str, aliases: list[str], where: str
) -> tuple[tuple[str, ...], list[InvalidInput]]:
    """Primary name first, then the usable aliases; an unusable alias is an error, not fatal.

    An unusable primary name raises: the row cannot be loaded without it.
    """
    names = [check_name(primary, where)]
    errors: list[InvalidInput] = []
    for alias in aliases:
        try:
            names.append(check_name(alias, where))
        except InvalidInput as exc:
            errors.append(InvalidInput(f"alias skipped: {exc.message}", where=where))
    return tuple(dict.fromkeys(names)), errors


def read_text(path: Path) -> str:
    """A list file's text: UTF-16 by its BOM, UTF-8, else Windows-1252 (older OFAC files),
    without a DOS EOF mark."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # "Unicode text" exports
        return data.decode("utf-16", errors="replace").rstrip("\x1a")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.rstrip("\x1a")


def split_values(value: str) -> list[str]:
    """The `;`-separated values of a multi-valued CSV column."""
    return [part.strip() for part in value.split(";") if part.strip()]


def to_date(value: str, where: str, column: str) -> date | None:
    """An ISO date column (a timestamp's date part is kept), None when empty."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise InvalidInput(
            f"{column} {value!r} is not an ISO date (YYYY-MM-DD)", where=where
        ) from exc


def open_csv_text(path: Path) -> io.StringIO:
    """A list file's text for the csv module, any line ending read as a newline."""
    return io.StringIO(read_text(path), newline=None)


def number_rows(
    rows: CsvReader[RowT_co], path: Path, start: int
) -> Iterator[tuple[int, RowT_co] | InvalidInput]:
    """(line where the record starts, record), or an error for a record csv cannot read."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            hint = CSV_HINTS.get(str(exc), "")
            yield InvalidInput(f"unreadable CSV record: {exc}{hint}", where=where_of(path, start))
            start = rows.line_num + 1
            continue
        yield start, row
        start = rows.line_num + 1
