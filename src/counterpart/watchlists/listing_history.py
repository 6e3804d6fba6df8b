"""Listing periods of a watchlist entry, derived from the snapshots that hold it.

An entry is listed from the first snapshot holding it to the first later snapshot that does
not (a gap gives two periods). The dates the list states in the entry's latest version win:
a stated listing date replaces the first period's start, a stated end date the last
period's end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Period:
    """A span during which an entry was listed; `end` None means it still is."""

    start: date
    end: date | None

    def contains(self, on: date) -> bool:
        """Whether the entry was listed on `on`."""
        return self.start <= on and (self.end is None or on < self.end)


@dataclass
class Presence:
    """Where one entry appears: snapshot position -> (version id, stated dates)."""

    entry_id: str
    versions: dict[int, tuple[int, date | None, date | None]]

    def periods(self, dates: Sequence[date]) -> tuple[Period, ...]:
        """Runs of consecutive snapshots, the first start and last end overridden by the
        dates the list states in the entry's latest version."""
        runs: list[list[int]] = []
        for position in sorted(self.versions):
            if runs and runs[-1][-1] == position - 1:
                runs[-1].append(position)
            else:
                runs.append([position])
        periods = [
            Period(dates[run[0]], dates[run[-1] + 1] if run[-1] + 1 < len(dates) else None)
            for run in runs
        ]
        _, stated_listed, stated_delisted = self.versions[max(self.versions)]
        if stated_listed is not None:
            periods[0] = Period(stated_listed, periods[0].end)
        if stated_delisted is not None:
            periods[-1] = Period(periods[-1].start, stated_delisted)
        return tuple(periods)

    def version_on(self, position: int | None) -> int:
        """The version seen in the latest snapshot at or before `position`, else the first."""
        held = sorted(self.versions)
        before = [p for p in held if position is not None and p <= position]
        return self.versions[before[-1] if before else held[0]][0]


def choose_version(
    presence: Presence, dates: Sequence[date], on: date | None
) -> tuple[str, int, Period] | None:
    """(entry id, version id, period) of an entry listed on `on`, or None if it was not."""
    periods = presence.periods(dates)
    latest = len(dates) - 1
    if on is None:
        if latest not in presence.versions:
            return None
        return presence.entry_id, presence.versions[latest][0], periods[-1]
    period = next((p for p in periods if p.contains(on)), None)
    if period is None:
        return None
    before = [i for i, day in enumerate(dates) if day <= on]
    return presence.entry_id, presence.version_on(before[-1] if before else None), period
