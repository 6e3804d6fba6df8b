"""Group commit for concurrent appenders: each append is acknowledged after a durable commit.

Callers that arrive while a commit is in flight queue up; the first one of them becomes the
leader, writes the whole queue in one transaction and wakes the others when it is durable.
A commit that fails fails every append in it, and none of them is acknowledged. With one
caller at a time this is exactly one commit per append.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from counterpart.storage.log import LogStore


@dataclass
class _Ticket:
    entry: bytes
    index: int | None = None
    error: BaseException | None = None
    done: bool = False


class GroupAppender:
    """Appends single entries to `store`, sharing durable commits between concurrent callers."""

    def __init__(self, store: LogStore, gather_seconds: float = 0.0) -> None:
        self.store = store
        # Like PostgreSQL's commit_delay: a leader may wait this long for more callers.
        self.gather_seconds = gather_seconds
        self._condition = threading.Condition()
        self._queue: list[_Ticket] = []
        self._leading = False

    def append(self, entry: bytes) -> int:
        """The index of `entry`, returned once the transaction holding it is committed."""
        ticket = _Ticket(entry)
        with self._condition:
            self._queue.append(ticket)
            while not ticket.done:
                if self._leading:
                    self._condition.wait()
                else:
                    self._lead()
        if ticket.error is not None:
            raise ticket.error
        assert ticket.index is not None
        return ticket.index

    def _lead(self) -> None:
        """Commit everything queued (called and returning with the condition held)."""
        self._leading = True
        if self.gather_seconds:
            self._condition.wait(self.gather_seconds)
        batch, self._queue = self._queue, []
        self._condition.release()
        try:
            first = self.store.append([ticket.entry for ticket in batch])
            for offset, ticket in enumerate(batch):
                ticket.index = first + offset
        except BaseException as exc:  # noqa: BLE001 - handed to every caller in the batch
            for ticket in batch:
                ticket.error = exc
        finally:
            self._condition.acquire()
            for ticket in batch:
                ticket.done = True
            self._leading = False
            self._condition.notify_all()
