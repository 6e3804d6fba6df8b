"""A background task that runs rounds in a daemon thread until it is stopped.

The mirroring task (`mirror.py`) and the witnessing task (`witnessing.py`) differ in what a
round does and how long they wait between rounds (`run_forever`); starting, stopping and
releasing their clients is this.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable


class RoundsThread(ABC):
    """Runs `run_forever` in a daemon thread named `name`; `stop` ends it and calls `close`."""

    def __init__(self, name: str, close: Callable[[], None] | None = None) -> None:
        self.name = name
        self.close = close
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @abstractmethod
    def run_forever(self) -> None:
        """Run rounds until `self._stop` is set, waiting on it between rounds."""

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run_forever, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the rounds (the one running finishes, for up to 30 s) and release the clients."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self.close is not None:
            self.close()
