"""Screening on filing: every substance and party of a notification or incident, when sent.

The results go inside the record's content as a compact summary (status per jurisdiction and
the rule that decided; the list entries a party matched), so the counterpart sees a hit too.
An item that cannot be screened carries its error and counts as flagged, never as clear.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from counterpart.chemistry import ALL_JURISDICTIONS, Screener, screen_substances
from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import Message
from counterpart.domain.parties import MatchVerdict
from counterpart.domain.record_content import Incident, PreExportNotification
from counterpart.domain.record_parts import (
    JurisdictionVerdict,
    ListMatch,
    PartyCheck,
    ScreeningSummary,
    SubstanceCheck,
    SubstanceLine,
    TradeParty,
)
from counterpart.domain.substances import ScreeningResult
from counterpart.watchlists.index import PartyIndex
from counterpart.watchlists.matching import Match, party_from_entity, screen_party
from counterpart.watchlists.scoring import Thresholds
from counterpart.workflows.coordination_ports import FilingScreen

MAX_MATCHES = 5
MEMO_SIZE = 4096


class SubstanceMemo:
    """Substance checks already made, by query and day, shared by a process's filings.

    A check depends on the query, the day and the registry alone, and the registry is fixed
    for the life of a process, so a substance declared again (a few precursors fill most
    notifications) is not parsed, standardised and classified again. Bounded: the least
    recently used checks go first.
    """

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self._size = size
        self._checks: OrderedDict[tuple[str, date], SubstanceCheck] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, query: str, on: date) -> SubstanceCheck | None:
        with self._lock:
            check = self._checks.get((query, on))
            if check is not None:
                self._checks.move_to_end((query, on))
            return check

    def keep(self, check: SubstanceCheck, on: date) -> None:
        with self._lock:
            self._checks[(check.query, on)] = check
            while len(self._checks) > self._size:
                self._checks.popitem(last=False)


class RegistryAndListsScreen:
    """Screens substances against the registry and parties against the loaded watchlists."""

    def __init__(
        self,
        index_on: Callable[[date], PartyIndex],
        thresholds: Thresholds,
        screener: Screener | None = None,
        memo: SubstanceMemo | None = None,
    ) -> None:
        self._index_on = index_on
        self._thresholds = thresholds
        self._screener = screener
        self._memo = memo

    def screen_substances(
        self, lines: Sequence[tuple[str, SubstanceLine]], on: date
    ) -> tuple[SubstanceCheck, ...]:
        """One check per line, in order; with a memo only the queries it lacks are screened."""
        queries = [(item, line.query) for item, line in lines]
        checks: dict[str, SubstanceCheck] = {}
        for item, query in queries:
            known = self._memo.get(query, on) if self._memo is not None else None
            if known is not None:
                checks[item] = replace(known, item=item)
        missing = [(item, query) for item, query in queries if item not in checks]
        results = screen_substances(missing, ALL_JURISDICTIONS, on, screener=self._screener)
        for result in results:
            checks[result.id] = to_substance_check(result)
            if self._memo is not None:
                self._memo.keep(checks[result.id], on)
        return tuple(checks[item] for item, _ in queries)

    def screen_parties(
        self, parties: Sequence[tuple[str, TradeParty]], on: date
    ) -> tuple[PartyCheck, ...]:
        if not parties:
            return ()
        index = self._index_on(on)
        return tuple(self._screen_party(item, party, index, on) for item, party in parties)

    def _screen_party(
        self, item: str, party: TradeParty, index: PartyIndex, on: date
    ) -> PartyCheck:
        entity = {"schema": "LegalEntity", "properties": {"name": [party.name]}}
        try:
            query = party_from_entity(entity, item)
        except InvalidInput as exc:
            said = exc.to_message()
            error_message = said if isinstance(said, Message) else None
            return PartyCheck(item, party.name, error=str(exc), error_message=error_message)
        found = screen_party(query, index, self._thresholds, on)
        hits = [m for m in found if m.comparison.verdict is not MatchVerdict.NO_MATCH]
        return PartyCheck(item, party.name, tuple(to_list_match(m) for m in hits[:MAX_MATCHES]))


def to_substance_check(result: ScreeningResult) -> SubstanceCheck:
    verdicts = tuple(JurisdictionVerdict(v.jurisdiction, v.status, v.rule) for v in result.verdicts)
    return SubstanceCheck(result.id, result.query, verdicts, result.error, result.error_message)


def to_list_match(match: Match) -> ListMatch:
    return ListMatch(
        list_id=match.entry.list_id,
        entry_id=match.entry.entry_id,
        name=match.name,
        verdict=match.comparison.verdict.value,
        score=round(match.comparison.score * 100),
    )


def attach_screening(content: Any, screen: FilingScreen, on: date) -> Any:
    """`content` with the screening of its substances and parties (other types unchanged)."""
    if isinstance(content, PreExportNotification):
        parties = content.parties
    elif isinstance(content, Incident):
        parties = content.named_parties
    else:
        return content
    lines = [(f"substances[{i}]", line) for i, line in enumerate(content.substances)]
    summary = ScreeningSummary(
        screened_on=on,
        substances=screen.screen_substances(lines, on),
        parties=screen.screen_parties(parties, on),
    )
    return content.with_screening(summary)
