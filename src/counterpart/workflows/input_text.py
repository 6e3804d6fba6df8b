"""Reading a query file's lines, from disk, stdin or an upload: bytes as they are (a line that
is not UTF-8 is that line's error, said by its reader), text when a byte order mark says UTF-16,
and at most MAX_LINE_BYTES of a line held."""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterator
from typing import AnyStr, BinaryIO

MAX_LINE_BYTES = 1 << 20  # a query (or a JSON line) beyond 1 MiB is damage, not data


def text_lines(handle: BinaryIO) -> Iterator[bytes | str]:
    """The input's lines: bytes as they are, or text when a byte order mark says UTF-16.

    Spreadsheets and Windows tools save "Unicode text" as UTF-16; read as bytes, every line
    would be unusable. Other encodings stay bytes, so a line that is not UTF-8 is reported.
    A line is read up to MAX_LINE_BYTES + 1 and the rest of it skipped: a longer line is no
    query (its reader says so), and a file with no newline (/dev/zero) cannot exhaust memory.
    """
    if _first_two_bytes(handle) not in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        yield from _bounded(handle.readline)
        return
    text = io.TextIOWrapper(handle, encoding="utf-16", errors="replace", newline="")
    try:
        yield from _bounded(text.readline)
    finally:
        text.detach()  # the caller owns the file and closes it


def upload_lines(data: bytes) -> Iterator[bytes | str]:
    """The lines of an uploaded file, read as `text_lines` reads a file."""
    return text_lines(io.BytesIO(data))


def is_overlong(line: bytes | str) -> bool:
    """Whether `text_lines` cut this line short."""
    return len(line) > MAX_LINE_BYTES


def _bounded(readline: Callable[[int], AnyStr]) -> Iterator[AnyStr]:
    while line := readline(MAX_LINE_BYTES + 1):
        yield line
        rest = line
        while len(rest) > MAX_LINE_BYTES and rest[-1:] not in {"\n", b"\n"}:  # skip the rest
            rest = readline(MAX_LINE_BYTES + 1)


def _first_two_bytes(handle: BinaryIO) -> bytes:
    """The input's first two bytes, left to be read again (a pipe is peeked, not sought)."""
    if isinstance(handle, io.BufferedReader):
        return handle.peek(2)[:2]
    if not handle.seekable():
        return b""
    start = handle.read(2)
    handle.seek(-len(start), io.SEEK_CUR)
    return start
