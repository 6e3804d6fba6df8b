"""The control-list gap from the real substance registry plus list notices, exact days."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from counterpart.chemistry.registry import load_registry
from counterpart.domain.errors import InvalidInput
from counterpart.domain.records import RecordType
from counterpart.workflows.compliance_gap import GapReport, SubstanceGap, compute_gap
from tests.workflows.compliance_logs import TwoLogs, at

PARTIES = ("CN-NNCC", "US-DEA")


def _notice(jurisdiction: str, substance: str, effective: str, cas: str = "") -> dict[str, Any]:
    return {
        "kind": "substance_scheduled",
        "jurisdiction": jurisdiction,
        "legal_act": "Announcement",
        "effective_date": effective,
        "substance": substance,
        "cas": cas,
        "party": None,
        "schedule": "",
    }


def _report(logs: TwoLogs, on: str = "2024-06-01 00:00") -> GapReport:
    return compute_gap(load_registry(), logs, PARTIES, lambda: at(on))


def _substance(report: GapReport, key: str) -> SubstanceGap:
    [found] = [s for s in report.substances if s.substance == key]
    return found


def test_4ap_gap_from_the_registry_open_before_china_scheduled_it() -> None:
    ap = _substance(_report(TwoLogs()), "4-ap")
    gaps = {(g.controlled_by, g.not_by): (g.since, g.until, g.days, g.open) for g in ap.gaps}
    assert gaps == {
        ("US", "CN"): (date(2020, 5, 15), date(2024, 9, 1), 1478, True),
        ("UN", "CN"): (date(2022, 11, 23), date(2024, 9, 1), 556, True),
    }
    assert [(c.jurisdiction, c.since) for c in ap.controls] == [
        ("UN", date(2022, 11, 23)),
        ("CN", date(2024, 9, 1)),
        ("US", date(2020, 5, 15)),
    ]


def test_4ap_gap_is_closed_after_1_september_2024() -> None:
    report = _report(TwoLogs(), on="2025-01-01 00:00")
    us_cn = [g for g in _substance(report, "4-ap").gaps if g.controlled_by == "US"]
    assert [(g.days, g.open) for g in us_cn] == [(1570, False)]


def test_notices_join_the_registry_and_an_unknown_substance_is_reported() -> None:
    logs = TwoLogs()
    logs.add("cn-nncc", RecordType.LIST_NOTICE, _notice("CN", "4-AP", "2024-09-01", "23056-29-3"),
             claimed="2024-07-01 00:00", cosigned="2024-07-02 08:00")  # fmt: skip
    logs.add("us-dea", RecordType.LIST_NOTICE, _notice("US", "propionyl chloride", "2024-01-01"),
             claimed="2024-01-01 00:00", cosigned="2024-01-03 00:00")  # fmt: skip
    logs.add("cn-nncc", RecordType.LIST_NOTICE, _notice("CN", "example-precursor", "2024-05-01"),
             claimed="2024-04-01 00:00", cosigned=None)  # fmt: skip
    report = _report(logs)
    ap = _substance(report, "4-ap")
    [cn] = [c for c in ap.controls if c.jurisdiction == "CN"]
    assert [(n.effective_date, n.cosigned_at, n.claimed_at) for n in cn.notices] == [
        (date(2024, 9, 1), at("2024-07-02 08:00"), "2024-07-01T00:00:00Z")
    ]
    chloride = _substance(report, "propionyl-chloride")  # the registry says US from 2026
    assert [(g.controlled_by, g.not_by, g.since, g.days) for g in chloride.gaps] == [
        ("US", "CN", date(2024, 1, 1), 152)
    ]
    unknown = _substance(report, "example-precursor")
    assert (unknown.in_registry, [(g.controlled_by, g.not_by, g.days) for g in unknown.gaps]) == (
        False,
        [("CN", "US", 31)],
    )
    [problem] = report.problems
    assert (problem.log, problem.index) == ("cn-nncc", 1)
    assert "'example-precursor', which the registry does not hold" in problem.message


def test_summaries_count_open_and_closed_gaps_per_direction() -> None:
    report = _report(TwoLogs())
    summaries = {(s.controlled_by, s.not_by): s for s in report.summaries}
    assert set(summaries) == {("UN", "CN"), ("UN", "US"), ("CN", "US"), ("US", "CN")}
    us_cn = summaries[("US", "CN")]
    open_us_cn = sorted(
        s.substance
        for s in report.substances
        for g in s.gaps
        if (g.controlled_by, g.not_by, g.open) == ("US", "CN", True)
    )
    assert open_us_cn == [
        "1-boc-4-ap",
        "1-boc-4-piperidone",
        "4-ap",
        "4-piperidone",
        "ah-7921",
        "brorphine",
        "isotonitazene",
        "norfentanyl",
        "propionic-anhydride",
    ]
    # propionic anhydride: US List I since 1 Jan 2010, never in China's lists here
    assert (us_cn.open, us_cn.longest_open_days) == (9, (date(2024, 6, 1) - date(2010, 1, 1)).days)
    assert (summaries[("CN", "US")].open, summaries[("UN", "US")].open) == (0, 0)


def test_a_party_id_without_a_jurisdiction_is_refused() -> None:
    with pytest.raises(InvalidInput, match="'interpol' does not start with a jurisdiction"):
        compute_gap(load_registry(), TwoLogs(), ("interpol", "us"), lambda: at("2024-01-01 00:00"))
    with pytest.raises(InvalidInput, match="both parties are in CN"):
        compute_gap(load_registry(), TwoLogs(), ("cn-a", "cn-b"), lambda: at("2024-01-01 00:00"))
