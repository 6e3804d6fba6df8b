"""RDKit's log: muted where it is noise, captured where it holds the reason a parse failed."""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

from rdkit import rdBase

T = TypeVar("T")

_LOCK = threading.Lock()


def mute_rdkit_log() -> None:
    """Silence RDKit's warnings and errors: failures are reported as results instead."""
    rdBase.DisableLog("rdApp.*")


def capture_rdkit_errors(parse: Callable[[], T]) -> tuple[T, str]:
    """Run `parse` with RDKit's error log captured; return its result and the log text."""
    with _LOCK:
        buffer = io.StringIO()
        saved = sys.stderr
        rdBase.LogToPythonStderr()
        rdBase.EnableLog("rdApp.error")
        sys.stderr = buffer
        try:
            result = parse()
        finally:
            sys.stderr = saved
            rdBase.DisableLog("rdApp.*")
    return result, _tidy(buffer.getvalue())


_PARSE_ERROR = "SMILES Parse Error: "


def _tidy(log: str) -> str:
    """RDKit's lines without their timestamps, the caret drawings left out, as one sentence.

    A SMILES failure logs the same input three times ("syntax error while parsing: X",
    "check for mistakes around position N: X", "Failed parsing SMILES 'X' for input: 'X'"),
    each after "SMILES Parse Error: "; the prefix and the last, generic line are dropped.
    """
    lines: list[str] = []
    for raw in log.splitlines():
        line = raw.split("] ", 1)[1] if raw.startswith("[") and "] " in raw else raw
        line = line.strip().removeprefix(_PARSE_ERROR)
        if lines and lines[-1].endswith(":"):  # "position 5:" then the input on its own line
            line = f"{lines.pop()} {line}"
        if line and not set(line) <= {"~", "^"} and line not in lines:
            lines.append(line)
    specific = [line for line in lines if not line.startswith("Failed parsing SMILES")]
    return "; ".join(specific or lines)


mute_rdkit_log()
