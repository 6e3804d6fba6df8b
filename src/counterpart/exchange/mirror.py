"""The mirroring task: runs mirroring rounds against the counterpart, backing off when it is down.

A round is `workflows.mirroring.mirror_once` with the peer client as its PeerLog; this module
only decides when rounds run. Each round resumes from the last stored entry.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from counterpart.domain.errors import CounterpartError, PeerUnavailable
from counterpart.exchange.peer import PeerClient
from counterpart.exchange.rounds import RoundsThread
from counterpart.ledger.note import NoteSigner
from counterpart.workflows.log_ports import EntryLog, NodeBook
from counterpart.workflows.mirroring import MirrorPorts, MirrorResult, mirror_once

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 60.0


def mirror_round(
    peer_name: str,
    book: NodeBook,
    mirror: EntryLog,
    signer: NoteSigner,
    client: PeerClient,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> MirrorResult:
    """One mirroring round of `peer_name`'s log over HTTP; `progress` hears of each page."""
    ports = MirrorPorts(
        remote=client,
        book=book,
        mirror=mirror,
        signer=signer,
        clock=lambda: int(time.time()),
        progress=progress,
    )
    return mirror_once(peer_name, ports)


class MirrorTask(RoundsThread):
    """Runs `run_round` every `interval` seconds in a daemon thread until stopped."""

    def __init__(
        self,
        run_round: Callable[[], MirrorResult],
        interval: float,
        close: Callable[[], None] | None = None,
    ) -> None:
        super().__init__("mirror", close)
        self.run_round = run_round
        self.interval = interval
        self.last: MirrorResult | None = None
        self.last_error: str | None = None

    def next_delay(self, delay: float, failed: bool) -> float:
        """Back off (doubling, capped) while the peer is unavailable; else the interval."""
        return min(max(delay, self.interval) * 2, MAX_BACKOFF_SECONDS) if failed else self.interval

    def run_once(self) -> bool:
        """One round; False when the peer could not be reached."""
        try:
            self.last = self.run_round()
        except PeerUnavailable as exc:
            self.last_error = str(exc)
            log.warning("mirror: peer unavailable: %s", exc)
            return False
        except CounterpartError as exc:
            self.last_error = str(exc)
            log.error("mirror: round failed: %s", exc)
            return True
        except Exception as exc:
            # The outermost edge of a background thread: an unforeseen failure is logged with
            # its trace and the next round runs, instead of mirroring stopping silently.
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("mirror: unexpected failure")
            return True
        self.last_error = None
        if self.last.alarm:
            log.error("mirror: ALARM %s", self.last.alarm)
        return True

    def run_forever(self) -> None:
        delay = self.interval
        while not self._stop.is_set():
            reached = self.run_once()
            delay = self.next_delay(delay, failed=not reached)
            self._stop.wait(delay)
