"""Screening on filing with the process's memo of substance checks: the same checks, made once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from counterpart.chemistry import Screener
from counterpart.chemistry.opsin import NameOutcome, parse_names
from counterpart.chemistry.registry import load_registry
from counterpart.domain.record_parts import SubstanceCheck, SubstanceLine
from counterpart.domain.record_vocabulary import Unit
from counterpart.watchlists.index import PartyIndex
from counterpart.watchlists.scoring import Thresholds
from counterpart.workflows.filing_screening import RegistryAndListsScreen, SubstanceMemo

ON = date(2026, 11, 1)
FOUR_AP = SubstanceLine("4-anilinopiperidine", "25", Unit.KG, cas="23056-29-3")
BENZYL = SubstanceLine("1-benzylpiperidin-4-one", "10", Unit.KG)  # named only: OPSIN


class CountingNames:
    """OPSIN, counting the names it is given."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __call__(self, names: Sequence[str]) -> Mapping[str, NameOutcome]:
        self.names.extend(names)
        return parse_names(names)


def screen(memo: SubstanceMemo | None, names: CountingNames) -> RegistryAndListsScreen:
    screener = Screener(load_registry(), resolve_names=names)
    return RegistryAndListsScreen(lambda on: PartyIndex([]), Thresholds(0.85, 0.7), screener, memo)


def test_a_memo_gives_the_checks_screening_gives_and_screens_each_substance_once() -> None:
    lines = [("substances[0]", FOUR_AP), ("substances[1]", BENZYL)]
    plain_names, memo_names = CountingNames(), CountingNames()
    plain = screen(None, plain_names).screen_substances(lines, ON)
    memoised = screen(SubstanceMemo(), memo_names)
    first = memoised.screen_substances(lines, ON)
    again = memoised.screen_substances(lines, ON)
    assert first == again == plain
    assert [c.item for c in plain] == ["substances[0]", "substances[1]"]
    assert any(v.status.is_flagged for v in plain[0].verdicts)  # 4-AP is listed
    assert memo_names.names == ["1-benzylpiperidin-4-one"]  # once, not per filing
    # The same substance on another line of another record carries that line's item.
    other = memoised.screen_substances([("substances[3]", BENZYL)], ON)
    assert other == (SubstanceCheck("substances[3]", BENZYL.query, plain[1].verdicts),)
    assert memo_names.names == ["1-benzylpiperidin-4-one"]


def test_a_check_is_kept_for_its_day_only() -> None:
    names = CountingNames()
    memo = SubstanceMemo()
    screen(memo, names).screen_substances([("substances[0]", BENZYL)], ON)
    assert memo.get(BENZYL.query, ON) is not None
    assert memo.get(BENZYL.query, ON + timedelta(days=1)) is None  # a law may change overnight
    screen(memo, names).screen_substances([("substances[0]", BENZYL)], ON + timedelta(days=1))
    assert names.names == ["1-benzylpiperidin-4-one"] * 2


def test_the_memo_forgets_the_least_recently_used_check_first() -> None:
    memo = SubstanceMemo(size=2)
    a, b, c = (SubstanceCheck("substances[0]", query) for query in ("a", "b", "c"))
    memo.keep(a, ON)
    memo.keep(b, ON)
    assert memo.get("a", ON) == a  # a is now the most recently used
    memo.keep(c, ON)
    assert (memo.get("a", ON), memo.get("b", ON), memo.get("c", ON)) == (a, None, c)
