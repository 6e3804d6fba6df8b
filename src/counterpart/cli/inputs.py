"""Reading a command's input file: naming it in errors, and its lines in UTF-8 or UTF-16."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from counterpart.domain.errors import InvalidInput


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


def text_lines(handle: BinaryIO) -> Iterable[bytes | str]:
    """The input's lines: bytes as they are, or text when a byte order mark says UTF-16.

    Spreadsheets and Windows tools save "Unicode text" as UTF-16; read as bytes, every line
    would be unusable. Other encodings stay bytes, so a line that is not UTF-8 is reported.
    """
    start = handle.peek(2)[:2] if isinstance(handle, io.BufferedReader) else b""
    if start in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return _utf16_lines(handle)
    return handle


def _utf16_lines(handle: BinaryIO) -> Iterator[str]:
    text = io.TextIOWrapper(handle, encoding="utf-16", errors="replace", newline="")
    try:
        yield from text
    finally:
        text.detach()  # the caller owns the file and closes it
