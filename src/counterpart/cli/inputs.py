"""Reading a command's input file: naming it in errors, and its lines in UTF-8 or UTF-16."""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import AnyStr, BinaryIO

from counterpart.domain.errors import InvalidInput

MAX_LINE_BYTES = 1 << 20  # a query (or a JSON line) beyond 1 MiB is damage, not data


def input_name(path: Path | str) -> str:
    """How messages name an input: its path, or `stdin` for `-`."""
    return "stdin" if str(path) in {"-", "<stdin>"} else str(path)


@contextmanager
def reading(path: Path | str) -> Iterator[None]:
    """Name the input file in the InvalidInput its parsing raises: `FILE:line 3: ...`."""
    try:
        yield
    except InvalidInput as exc:
        where = f"{input_name(path)}:{exc.where}" if exc.where else input_name(path)
        raise InvalidInput(exc.said or exc.message, where=where) from exc


def text_lines(handle: BinaryIO) -> Iterator[bytes | str]:
    """The input's lines: bytes as they are, or text when a byte order mark says UTF-16.

    Spreadsheets and Windows tools save "Unicode text" as UTF-16; read as bytes, every line
    would be unusable. Other encodings stay bytes, so a line that is not UTF-8 is reported.
    A line is read up to MAX_LINE_BYTES + 1 and the rest of it skipped: a longer line is no
    query (its reader says so), and a file with no newline (/dev/zero) cannot exhaust memory.
    """
    start = handle.peek(2)[:2] if isinstance(handle, io.BufferedReader) else b""
    if start not in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        yield from _bounded(handle.readline)
        return
    text = io.TextIOWrapper(handle, encoding="utf-16", errors="replace", newline="")
    try:
        yield from _bounded(text.readline)
    finally:
        text.detach()  # the caller owns the file and closes it


def is_overlong(line: bytes | str) -> bool:
    """Whether `text_lines` cut this line short."""
    return len(line) > MAX_LINE_BYTES


def _bounded(readline: Callable[[int], AnyStr]) -> Iterator[AnyStr]:
    while line := readline(MAX_LINE_BYTES + 1):
        yield line
        rest = line
        while len(rest) > MAX_LINE_BYTES and rest[-1:] not in {"\n", b"\n"}:  # skip the rest
            rest = readline(MAX_LINE_BYTES + 1)
