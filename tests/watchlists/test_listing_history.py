"""Listing periods derived from the snapshots that hold an entry, and the dates lists state."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from counterpart.watchlists.listing_history import Period, Presence, choose_version

DATES = [date(2021, 1, 1), date(2022, 1, 1), date(2023, 1, 1), date(2024, 1, 1)]


def presence(
    positions: list[int], listed: date | None = None, ended: date | None = None
) -> Presence:
    return Presence("e1", {p: (100 + p, listed, ended) for p in positions})


def test_runs_of_snapshots_become_periods() -> None:
    assert presence([0, 1]).periods(DATES) == (Period(DATES[0], DATES[2]),)
    assert presence([1, 2, 3]).periods(DATES) == (Period(DATES[1], None),)
    assert presence([0, 2]).periods(DATES) == (
        Period(DATES[0], DATES[1]),
        Period(DATES[2], DATES[3]),
    )


def test_stated_dates_win() -> None:
    stated = presence([1, 2, 3], listed=date(2020, 5, 22), ended=date(2023, 11, 16))
    assert stated.periods(DATES) == (Period(date(2020, 5, 22), date(2023, 11, 16)),)


def test_the_version_is_the_latest_seen_on_or_before_the_date() -> None:
    seen = presence([1, 2], listed=date(2020, 5, 22))
    assert choose_version(seen, DATES, date(2022, 6, 1)) == ("e1", 101, seen.periods(DATES)[0])
    assert choose_version(seen, DATES, date(2023, 6, 1))[1] == 102  # type: ignore[index]
    assert choose_version(seen, DATES, date(2020, 6, 1))[1] == 101  # type: ignore[index]
    assert choose_version(seen, DATES, date(2024, 1, 1)) is None
    assert choose_version(seen, DATES, None) is None  # not in the latest snapshot


@given(
    positions=st.sets(st.integers(0, len(DATES) - 1), min_size=1),
    offset=st.integers(0, 364),
)
def test_without_stated_dates_listed_means_held_by_the_snapshot_in_force(
    positions: set[int], offset: int
) -> None:
    held = presence(sorted(positions))
    for index, day in enumerate(DATES):
        on = day + timedelta(days=offset)
        assert (choose_version(held, DATES, on) is not None) == (index in positions)
    assert choose_version(held, DATES, DATES[0] - timedelta(days=1)) is None
