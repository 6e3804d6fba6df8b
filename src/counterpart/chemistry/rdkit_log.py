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


def _tidy(log: str) -> str:
    """RDKit's lines without their timestamps, the caret drawings left out."""
    lines = []
    for raw in log.splitlines():
        line = raw.split("] ", 1)[1] if raw.startswith("[") and "] " in raw else raw
        line = line.strip()
        if line and not set(line) <= {"~", "^"} and line not in lines:
            lines.append(line)
    return " ".join(lines)


mute_rdkit_log()
