"""Real data: the OFAC SDN snapshot (2021) parsed by the list loader, screened by the matcher."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpart.domain.parties import ListEntry
from counterpart.watchlists.index import PartyIndex
from counterpart.watchlists.matching import party_from_text, screen_party
from counterpart.watchlists.scoring import Thresholds
from counterpart.watchlists.sources.ofac_sdn import parse_ofac_sdn
from counterpart.watchlists.telegraph import decode_telegraph

THRESHOLDS = Thresholds(match=0.85, possible=0.7)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sdn(shared_dir: Path) -> tuple[list[ListEntry], PartyIndex]:
    rows = parse_ofac_sdn([shared_dir / "data" / "sanctions" / "ofac-sdn-2021"])
    entries = [row for row in rows if isinstance(row, ListEntry)]
    return entries, PartyIndex(entries)


def test_every_entry_with_a_commercial_code_is_top_in_hanzi(
    sdn: tuple[list[ListEntry], PartyIndex],
) -> None:
    entries, index = sdn
    coded = [e for e in entries if e.extra.get("chineseCommercialCode")]
    assert len(coded) == 12
    for entry in coded:
        for codes in entry.extra["chineseCommercialCode"]:
            for hanzi in decode_telegraph(codes).forms():
                found = screen_party(party_from_text(hanzi, hanzi), index, THRESHOLDS)
                assert found, f"{hanzi} ({entry.names[0]}) not found"
                assert found[0].entry.entry_id == entry.entry_id, hanzi


def test_every_entry_is_found_from_each_alias(sdn: tuple[list[ListEntry], PartyIndex]) -> None:
    entries, index = sdn
    missed = []
    checked = 0
    for entry in entries:
        for alias in entry.names[1:]:
            checked += 1
            found = screen_party(party_from_text(alias, alias), index, THRESHOLDS, limit=50)
            if entry.entry_id not in {match.entry.entry_id for match in found}:
                missed.append((entry.entry_id, alias))
    assert checked > 5000
    assert missed == []
