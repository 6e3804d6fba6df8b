"""Fixtures for the substance-screening tests: the packaged registry's screener, a fixed date."""

from __future__ import annotations

from datetime import date

import pytest

from counterpart.chemistry import Screener
from counterpart.chemistry.screen import default_screener
from counterpart.domain.substances import Jurisdiction, ScreeningResult, Status, Verdict

# Every expectation is written for the law in force on this date.
ON = date(2026, 11, 1)


@pytest.fixture(scope="session")
def screener() -> Screener:
    return default_screener()


def verdict_of(result: ScreeningResult, jurisdiction: Jurisdiction) -> Verdict:
    """The one verdict for `jurisdiction` in `result` (fails if there is not exactly one)."""
    found = [v for v in result.verdicts if v.jurisdiction is jurisdiction]
    assert len(found) == 1, result
    return found[0]


def statuses(result: ScreeningResult) -> dict[str, Status]:
    return {v.jurisdiction.value: v.status for v in result.verdicts}
