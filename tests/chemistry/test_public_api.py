"""The public Python API of substance screening is pinned."""

from __future__ import annotations

from datetime import date

from counterpart import chemistry
from counterpart.chemistry import screen_substance
from counterpart.domain.substances import InputKind, Jurisdiction, ScreeningResult, Status


def test_public_names() -> None:
    assert sorted(chemistry.__all__) == [
        "ALL_JURISDICTIONS",
        "Screener",
        "screen_substance",
        "screen_substances",
    ]


def test_screen_substance_answers_for_a_date_and_jurisdictions() -> None:
    result = screen_substance(
        "ANPP", jurisdictions=[Jurisdiction.US, Jurisdiction.CN], on=date(2017, 1, 1)
    )
    assert isinstance(result, ScreeningResult)
    assert result.input_kind is InputKind.NAME
    assert result.resolved is not None and result.resolved.inchikey == "ZCMDXDQUYIWEKB-UHFFFAOYSA-N"
    us, cn = result.verdicts
    assert (us.jurisdiction, us.status) == (Jurisdiction.US, Status.CONTROLLED)
    assert us.since == date(2010, 8, 30)
    assert (cn.jurisdiction, cn.status) == (Jurisdiction.CN, Status.NOT_CONTROLLED)  # from 2018
    assert result.is_flagged
