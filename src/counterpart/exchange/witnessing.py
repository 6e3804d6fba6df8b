"""The witnessing task: submits each new checkpoint to the neutral witnesses in the background.

A round is `workflows.witness_submission.submit_to_witnesses`; a round in which no witness
lacks the latest checkpoint sends nothing, so a round every `interval` seconds submits each
new checkpoint within that time. A witness that cannot be reached is left out of the rounds
for a while, doubling (at most MAX_BACKOFF_SECONDS) until it answers again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection

from counterpart.domain.errors import CounterpartError
from counterpart.exchange.rounds import RoundsThread
from counterpart.exchange.witness_client import WitnessClient
from counterpart.workflows.neutral_witnesses import NeutralWitness
from counterpart.workflows.witness_submission import Outcome, WitnessResult

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 300.0


class WitnessClients:
    """One client per witness URL, kept between rounds (so connections are reused)."""

    def __init__(self, make: Callable[[str], WitnessClient] = WitnessClient) -> None:
        self.make = make
        self._clients: dict[str, WitnessClient] = {}

    def endpoint_for(self, witness: NeutralWitness) -> WitnessClient:
        if witness.url not in self._clients:
            self._clients[witness.url] = self.make(witness.url)
        return self._clients[witness.url]

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()


class WitnessTask(RoundsThread):
    """Runs `run_round` every `interval` seconds in a daemon thread, backing off per witness."""

    def __init__(
        self,
        run_round: Callable[[Collection[str]], list[WitnessResult]],
        names: Callable[[], list[str]],
        interval: float,
        close: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__("witnesses", close)
        self.run_round = run_round
        self.names = names
        self.interval = interval
        self.clock = clock
        self.last: list[WitnessResult] = []
        self._delay: dict[str, float] = {}  # witness -> current back-off
        self._not_before: dict[str, float] = {}

    def due(self) -> list[str]:
        """The witnesses to submit to now: all but those backing off."""
        now = self.clock()
        return [name for name in self.names() if self._not_before.get(name, 0.0) <= now]

    def run_once(self) -> list[WitnessResult]:
        """One round over the witnesses that are due; their back-off follows the answers."""
        try:
            due = self.due()
            self.last = self.run_round(due) if due else []
        except CounterpartError as exc:
            log.error("witnesses: round failed: %s", exc)
            return []
        except Exception:
            # The outermost edge of a background thread: an unforeseen failure is logged with
            # its trace and the next round runs, instead of witnessing stopping silently.
            log.exception("witnesses: unexpected failure")
            return []
        for result in self.last:
            self._follow(result)
        return self.last

    def _follow(self, result: WitnessResult) -> None:
        name = result.witness
        if result.outcome is Outcome.UNREACHABLE:
            delay = min(max(self._delay.get(name, 0.0), self.interval) * 2, MAX_BACKOFF_SECONDS)
            self._delay[name] = delay
            self._not_before[name] = self.clock() + delay
            log.warning("witness %s unavailable (again in %.0f s): %s", name, delay, result.error)
            return
        self._delay.pop(name, None)
        self._not_before.pop(name, None)
        if result.outcome is Outcome.ALARM:
            log.error("witness %s: ALARM %s", name, result.error)
        elif result.error:
            log.warning("witness %s: %s: %s", name, result.outcome, result.error)

    def run_forever(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._stop.wait(self.interval)
