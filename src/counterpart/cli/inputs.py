"""Naming a command's input file in its errors (its lines are read by workflows.input_text)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
