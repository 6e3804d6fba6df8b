"""Lays out a watchlist entry's listing history as an inline SVG timeline (no chart library).

Coordinates are computed here; the template draws them. Periods are bars from the listing
date to the delisting date (or to today, open-ended); each snapshot that was read is a tick,
filled when the entry was in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from counterpart.workflows.watchlist_loading import EntryHistory

WIDTH = 640
LEFT = 16
RIGHT = 16
BAR_Y = 22
BAR_HEIGHT = 16
TICK_Y = 50


@dataclass(frozen=True, slots=True)
class Span:
    """The dates the axis covers."""

    start: date
    end: date

    def x(self, day: date) -> float:
        """Horizontal position of `day` on the axis."""
        days = max((self.end - self.start).days, 1)
        usable = WIDTH - LEFT - RIGHT
        return round(LEFT + usable * (day - self.start).days / days, 1)


def choose_span(history: EntryHistory, today: date) -> Span:
    """From the earliest date known to the latest (today at least), with a little margin."""
    days = [p.start for p in history.periods] + [s.as_of for s in history.sightings]
    days += [p.end for p in history.periods if p.end is not None]
    start, end = min(days), max([*days, today])
    margin = timedelta(days=max((end - start).days // 20, 1))
    return Span(start - margin, end + margin)


def lay_out_timeline(history: EntryHistory, today: date) -> dict[str, Any]:
    """The periods and snapshot ticks of one entry, with their SVG coordinates."""
    span = choose_span(history, today)
    periods = [
        {
            "start": period.start,
            "end": period.end,
            "x": span.x(period.start),
            "width": max(span.x(period.end or today) - span.x(period.start), 2.0),
        }
        for period in history.periods
    ]
    ticks = [
        {"as_of": s.as_of, "present": s.present, "x": span.x(s.as_of)} for s in history.sightings
    ]
    return {
        "list_id": history.list_id,
        "entry_id": history.entry_id,
        "width": WIDTH,
        "bar_y": BAR_Y,
        "bar_height": BAR_HEIGHT,
        "tick_y": TICK_Y,
        "axis": {"start": span.start, "end": span.end, "today_x": span.x(today)},
        "periods": periods,
        "snapshots": ticks,
    }
