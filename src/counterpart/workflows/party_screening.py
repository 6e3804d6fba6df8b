"""Party screening use cases: build the index from stored lists, screen and compare in batches.

A bad query (empty name, unknown schema, malformed address...) becomes an error result for
that query, with what and where; the rest of the batch goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import ListEntry, MatchVerdict
from counterpart.settings import Settings
from counterpart.watchlists.index import PartyIndex
from counterpart.watchlists.matching import (
    Match,
    compare_parties,
    party_from_entity,
    party_from_text,
    screen_party,
)
from counterpart.watchlists.scoring import Comparison, Party, Thresholds


class EntrySource(Protocol):
    """Where list entries come from: the stored snapshots, as they stood on a date."""

    def entries_on(
        self, on: date | None, list_ids: Sequence[str] | None = None
    ) -> Iterator[ListEntry]: ...


@dataclass(frozen=True, slots=True)
class ScreeningOutcome:
    """One query's result: its matches, best first, or the error that stopped it."""

    id: str
    query: str
    matches: tuple[Match, ...] = ()
    error: InvalidInput | None = None

    @property
    def is_hit(self) -> bool:
        return any(m.comparison.verdict is MatchVerdict.MATCH for m in self.matches)


@dataclass(frozen=True, slots=True)
class PairOutcome:
    id: str
    comparison: Comparison | None = None
    error: InvalidInput | None = None


def thresholds_of(settings: Settings) -> Thresholds:
    return Thresholds(settings.party_match_threshold, settings.party_possible_threshold)


def build_index(
    source: EntrySource, on: date | None, list_ids: Sequence[str] | None = None
) -> PartyIndex:
    """The index of every entry on the lists on `on` (the latest snapshots when None)."""
    return PartyIndex(source.entries_on(on, list_ids))


def to_query(item: str | Mapping[str, Any], where: str) -> tuple[str, Party]:
    """(text shown as `query`, Party) of a bare name/address or an FtM-like entity."""
    if isinstance(item, str):
        return item, party_from_text(item, where)
    party = party_from_entity(item, where)  # first: it says what is wrong with `item`
    names = item["properties"].get("name", []) if "properties" in item else []
    shown = names[0] if isinstance(names, list) and names else str(item.get("id", ""))
    return str(shown), party


def screen_batch(
    items: Iterable[tuple[str, str | Mapping[str, Any]]],
    index: PartyIndex,
    thresholds: Thresholds,
    on: date | None = None,
) -> Iterator[ScreeningOutcome]:
    """Screens each (id, query) in turn; a bad query gets its error, the batch goes on."""
    for query_id, item in items:
        try:
            shown, party = to_query(item, f"query {query_id}")
        except InvalidInput as error:
            shown = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
            yield ScreeningOutcome(query_id, shown[:200], error=error)
            continue
        matches = screen_party(party, index, thresholds, on)
        yield ScreeningOutcome(query_id, shown, tuple(matches))


def compare_batch(
    pairs: Iterable[tuple[str, Mapping[str, Any]]], thresholds: Thresholds
) -> Iterator[PairOutcome]:
    """Compares each (id, {"a", "b"}) pair; a bad pair gets its error, the batch goes on."""
    for pair_id, pair in pairs:
        try:
            a = party_from_entity(side_of(pair, "a", pair_id), f"pair {pair_id}: a")
            b = party_from_entity(side_of(pair, "b", pair_id), f"pair {pair_id}: b")
        except InvalidInput as error:
            yield PairOutcome(pair_id, error=error)
            continue
        yield PairOutcome(pair_id, compare_parties(a, b, thresholds))


def side_of(pair: Mapping[str, Any], side: str, pair_id: str) -> Mapping[str, Any]:
    value = pair.get(side)
    if not isinstance(value, Mapping):
        raise InvalidInput(f"`{side}` must be an entity object", where=f"pair {pair_id}")
    return value


def to_match_record(match: Match) -> dict[str, Any]:
    """The JSON shape of one match, as the CLI and the API print it."""
    entry = match.entry
    return {
        "list": entry.list_id,
        "entry_id": entry.entry_id,
        "name": match.name,
        "score": match.comparison.score,
        "verdict": match.comparison.verdict.value,
        "reasons": list(match.comparison.reasons),
        "listed": entry.listed.isoformat() if entry.listed else None,
        "delisted": entry.delisted.isoformat() if entry.delisted else None,
    }


def to_outcome_record(outcome: ScreeningOutcome) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": outcome.id,
        "query": outcome.query,
        "matches": [to_match_record(m) for m in outcome.matches],
    }
    if outcome.error is not None:
        record["error"] = outcome.error.to_dict()
    return record


def to_pair_record(outcome: PairOutcome) -> dict[str, Any]:
    if outcome.comparison is None:
        error = outcome.error.to_dict() if outcome.error else None
        return {"id": outcome.id, "score": None, "verdict": None, "reasons": [], "error": error}
    comparison = outcome.comparison
    return {
        "id": outcome.id,
        "score": comparison.score,
        "verdict": comparison.verdict.value,
        "reasons": list(comparison.reasons),
    }
