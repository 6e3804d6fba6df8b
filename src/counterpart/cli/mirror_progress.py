"""The progress bar of `counterpart mirror` while a round catches up with the counterpart's log."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)


class CatchUpBar:
    """A progress bar on stderr for the entries a round fetches, shown only while it fetches.

    Catching up with a long log takes a while (100k entries: ~5 s); a round with nothing new
    shows nothing.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, mirrored: int, size: int) -> None:
        if self.bar is None:
            columns = (
                TextColumn("mirroring"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
            )
            self.bar = Progress(*columns, console=self.console, transient=self.console.is_terminal)
            self.bar.start()
            self.task = self.bar.add_task("mirroring", total=size)
        assert self.task is not None
        self.bar.update(self.task, completed=mirrored, total=size)
        if mirrored >= size:
            self.close()

    def close(self) -> None:
        """Take the bar off the terminal (a round that failed half-way leaves it up)."""
        if self.bar is not None:
            self.bar.stop()
        self.bar = self.task = None
