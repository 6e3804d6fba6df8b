"""Ctrl-C sent to a real `counterpart` process once its output has begun."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path


def interrupt_once_writing(
    command: list[str], out: Path, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run `command` with stdout to `out`, send SIGINT once `out` is not empty, and return the
    exit code and stderr."""
    with out.open("wb") as stdout:
        process = subprocess.Popen(
            command, stdout=stdout, stderr=subprocess.PIPE, env=os.environ | (env or {})
        )
        deadline = time.monotonic() + 120
        while out.stat().st_size == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr.decode()
