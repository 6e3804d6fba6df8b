"""A query file's lines, read the same from a file, a pipe and an upload."""

from __future__ import annotations

import codecs
import io

import pytest

from counterpart.workflows.input_text import MAX_LINE_BYTES, is_overlong, text_lines, upload_lines


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_a_utf16_upload_is_text_by_its_byte_order_mark(bom: bytes) -> None:
    codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    data = bom + "芬太尼\r\nethanol\n".encode(codec)
    assert list(upload_lines(data)) == ["芬太尼\r\n", "ethanol\n"]


def test_other_uploads_stay_bytes_so_a_latin1_line_can_be_reported() -> None:
    data = codecs.BOM_UTF8 + "fentanyl\ncafé\n".encode("latin-1")
    assert list(upload_lines(data)) == [codecs.BOM_UTF8 + b"fentanyl\n", b"caf\xe9\n"]


def test_a_pipe_is_peeked_not_sought() -> None:
    piped = io.BufferedReader(io.BytesIO(codecs.BOM_UTF16_LE + "a\n".encode("utf-16-le")))
    assert list(text_lines(piped)) == ["a\n"]


def test_an_overlong_line_is_cut_and_the_next_one_read() -> None:
    lines = list(upload_lines(b"x" * (MAX_LINE_BYTES * 2 + 5) + b"\nnext\n"))
    assert [is_overlong(line) for line in lines] == [True, False]
    assert lines[1] == b"next\n"
