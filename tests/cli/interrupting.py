"""Ctrl-C sent to a real `counterpart` process once its output has begun."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

# Resets SIGINT, then execs the command: a disposition of SIG_DFL survives exec.
WITH_DEFAULT_SIGINT = [
    sys.executable,
    "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execvp(sys.argv[1], sys.argv[1:])",
]


def interrupt_once_writing(
    command: list[str], out: Path, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run `command` with stdout to `out`, send SIGINT once `out` is not empty, and return the
    exit code and stderr.

    The child gets SIGINT's default disposition, as a terminal's foreground job has: a runner
    that starts the suite in the background (CI does) leaves SIGINT ignored, children inherit
    that across exec, and Python then installs no handler, so Ctrl-C would never arrive.
    """
    with out.open("wb") as stdout:
        process = subprocess.Popen(
            [*WITH_DEFAULT_SIGINT, *command],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=os.environ | (env or {}),
        )
        deadline = time.monotonic() + 120
        while out.stat().st_size == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr.decode()
