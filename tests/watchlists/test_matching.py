"""screen_party and compare_parties: listing dates, bad queries, the Python API."""

from __future__ import annotations

from datetime import date

import pytest

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import Identifier, ListEntry, MatchVerdict, Schema
from counterpart.watchlists.index import PartyIndex
from counterpart.watchlists.matching import (
    compare_parties,
    party_from_entity,
    party_from_text,
    screen_party,
)
from counterpart.watchlists.scoring import Thresholds

THRESHOLDS = Thresholds(match=0.85, possible=0.7)
DELISTED = ListEntry(
    "us-csl",
    "ifs",
    Schema.ORGANIZATION,
    ("Institute of Forensic Science of China",),
    listed=date(2020, 5, 22),
    delisted=date(2023, 11, 16),
)


def test_screening_respects_listing_dates() -> None:
    index = PartyIndex([DELISTED])
    query = party_from_text("Institute of Forensic Science of China", "q")
    assert [m.entry.entry_id for m in screen_party(query, index, THRESHOLDS, date(2022, 1, 1))] == [
        "ifs"
    ]
    assert screen_party(query, index, THRESHOLDS, date(2024, 1, 1)) == []
    assert screen_party(query, index, THRESHOLDS, date(2019, 1, 1)) == []


def test_compare_entities() -> None:
    a = party_from_entity({"schema": "Person", "properties": {"name": ["鄭福井"]}}, "1: a")
    b = party_from_entity({"schema": "Person", "properties": {"name": ["Fujing ZHENG"]}}, "1: b")
    assert compare_parties(a, b, THRESHOLDS).verdict is MatchVerdict.MATCH


@pytest.mark.parametrize(
    ("entity", "message"),
    [
        ({"schema": "Spaceship", "properties": {"name": ["X"]}}, "unknown schema 'Spaceship'"),
        ({"schema": "Person", "properties": {"name": [""]}}, "name 1: the name is empty"),
        ({"schema": "Person", "properties": {"name": ["?!"]}}, "has no letters"),
        ({"schema": "Person", "properties": {}}, "nothing to match on"),
        ({"schema": "Person", "properties": {"name": "x" * 10_240}}, "limit is 1000"),
        ({"schema": "CryptoWallet", "properties": {"publicKey": ["0xzz"]}}, "not a wallet"),
        ({"schema": "Person", "properties": {"name": [3]}}, "list of strings"),
    ],
)
def test_bad_queries_say_what_and_where(entity: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        party_from_entity(entity, "row 4")
    assert str(caught.value).startswith("row 4")


def test_lookalike_address_is_found_as_possible_poisoning() -> None:
    listed = "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"
    entry = ListEntry(
        "us-ofac-sdn",
        "25308",
        Schema.PERSON,
        ("YAN, Xiaobing",),
        (Identifier("publicKey", listed, currency="XBT"),),
    )
    index = PartyIndex([entry])
    # A valid address sharing the listed one's first 6 and last 4 characters, found by trying
    # hash160 middles until the base58check encoding ended alike (22 million tries).
    poisoned = "12QtD5APBWpBt9AEmvsiQ9bsqyfo3UjH9h"
    (found,) = screen_party(party_from_text(poisoned, "q"), index, THRESHOLDS)
    assert found.comparison.verdict is MatchVerdict.POSSIBLE
    assert "possible address poisoning" in found.comparison.reasons[0]
    (exact,) = screen_party(party_from_text(f"bitcoin:{listed}", "q"), index, THRESHOLDS)
    assert exact.comparison.verdict is MatchVerdict.MATCH


@pytest.mark.parametrize("text", ["bitcoin:12QtD5BF...?amount=1", "ethereum:Acme Trading Ltd"])
def test_a_payment_uri_is_never_screened_as_a_name(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"payment URI \(\w+:\), but .* is no"):
        party_from_text(text, "q")
