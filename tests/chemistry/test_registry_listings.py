"""Listings added from public legal sources: EU law, the 2018 US temporary order, China NPS."""

from __future__ import annotations

from datetime import date

import pytest

from counterpart.chemistry.registry import Registry, load_registry
from counterpart.domain.substances import Jurisdiction, Listing

CN, US, UN, EU = Jurisdiction.CN, Jurisdiction.US, Jurisdiction.UN, Jurisdiction.EU


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def _listing_on(
    registry: Registry, name: str, jurisdiction: Jurisdiction, day: str
) -> Listing | None:
    entry = registry.by_name(name)
    assert entry is not None, name
    return registry.listing_on(entry, jurisdiction, date.fromisoformat(day))


def test_every_un_1961_listing_has_its_derived_eu_listing_from_the_same_day(
    registry: Registry,
) -> None:
    derived = 0
    for entry in registry.entries:
        un_1961 = [
            x for x in entry.listings if x.jurisdiction is UN and x.schedule.startswith("Schedule")
        ]
        for un in un_1961:
            [eu] = [
                x
                for x in entry.listings
                if x.jurisdiction is EU and "2004/757/JHA" in x.basis and x.since == un.since
            ]
            assert un.schedule in eu.schedule, entry.id
            assert "derived listing" in eu.note, entry.id
            derived += 1
    assert derived == 33


def test_no_eu_drug_listing_without_a_un_listing_or_a_union_decision(registry: Registry) -> None:
    for entry in registry.entries:
        for listing in (x for x in entry.listings if x.jurisdiction is EU):
            assert (
                "2004/757/JHA" in listing.basis
                or "Council Implementing Decision" in listing.basis
                or "Delegated Regulation" in listing.basis
            ), (entry.id, listing.basis)


def test_fentanyl_in_the_eu_follows_the_1961_convention(registry: Registry) -> None:
    assert _listing_on(registry, "fentanyl", EU, "1964-12-12") is None
    listing = _listing_on(registry, "fentanyl", EU, "2020-01-01")
    assert listing is not None
    assert listing.schedule == "Drug under the UN 1961 Convention (Schedule I)"
    assert listing.basis.startswith("Council Framework Decision 2004/757/JHA")


@pytest.mark.parametrize(
    ("name", "first_day", "decision"),
    [
        ("MT-45", "2015-10-21", "(EU) 2015/1873"),
        ("acryloylfentanyl", "2017-09-30", "(EU) 2017/1774"),
        ("furanylfentanyl", "2017-11-23", "(EU) 2017/2170"),
        ("cyclopropylfentanyl", "2018-10-02", "(EU) 2018/1463"),
        ("methoxyacetylfentanyl", "2018-10-02", "(EU) 2018/1463"),
    ],
)
def test_union_control_decisions_on_new_psychoactive_fentanyls(
    registry: Registry, name: str, first_day: str, decision: str
) -> None:
    day_before = date.fromisoformat(first_day).toordinal() - 1
    assert _listing_on(registry, name, EU, date.fromordinal(day_before).isoformat()) is None
    listing = _listing_on(registry, name, EU, first_day)
    assert listing is not None
    assert decision in listing.basis
    assert listing.schedule.startswith("New psychoactive substance")


def test_an_analogue_with_neither_a_un_listing_nor_a_union_decision_has_no_eu_listing(
    registry: Registry,
) -> None:
    assert _listing_on(registry, "isobutyrylfentanyl", EU, "2026-01-01") is None
    assert _listing_on(registry, "meta-fluorofentanyl", EU, "2026-01-01") is None


@pytest.mark.parametrize(
    "name",
    [
        "valerylfentanyl",
        "para-fluorobutyrylfentanyl",
        "para-methoxybutyrylfentanyl",
        "para-chloroisobutyrylfentanyl",
        "isobutyrylfentanyl",
        "cyclopentylfentanyl",
        "ocfentanil",
    ],
)
def test_the_seven_of_the_february_2018_us_temporary_order(registry: Registry, name: str) -> None:
    assert _listing_on(registry, name, US, "2018-01-31") is None
    listing = _listing_on(registry, name, US, "2018-02-01")
    assert listing is not None
    assert listing.basis.startswith("83 FR 4580")


@pytest.mark.parametrize(
    ("name", "first_day", "citation"),
    [
        ("AH-7921", "2016-05-16", "81 FR 22023"),
        ("MT-45", "2018-01-12", "82 FR 58557"),
        ("isotonitazene", "2020-08-20", "85 FR 51342"),
        ("remifentanil", "1996-11-05", "61 FR 56893"),
        ("thiafentanil", "2016-08-26", "81 FR 58834"),
        ("3-methylthiofentanyl", "1987-05-29", "52 FR 20070"),
    ],
)
def test_us_placements_carry_their_federal_register_citation_and_day(
    registry: Registry, name: str, first_day: str, citation: str
) -> None:
    day_before = date.fromordinal(date.fromisoformat(first_day).toordinal() - 1)
    assert _listing_on(registry, name, US, day_before.isoformat()) is None
    listing = _listing_on(registry, name, US, first_day)
    assert listing is not None
    assert listing.basis.startswith(citation)


def test_isotonitazene_in_china_under_the_2025_nitazene_class(registry: Registry) -> None:
    assert _listing_on(registry, "isotonitazene", CN, "2025-06-30") is None
    listing = _listing_on(registry, "isotonitazene", CN, "2025-07-01")
    assert listing is not None
    assert "nitazene-related substances" in listing.schedule
    assert "not confirmed" in listing.note


def test_the_2025_export_catalogue_still_names_no_member(registry: Registry) -> None:
    [catalogue] = registry.catalogues(on=date(2025, 11, 10), destination="MX")
    assert catalogue.members == ()
    assert "13 chemicals" in catalogue.pending[0]


@pytest.mark.parametrize(
    "name",
    [
        "acetylfentanyl",
        "butyrylfentanyl",
        "beta-hydroxythiofentanyl",
        "para-fluorobutyrylfentanyl",
        "isobutyrylfentanyl",
        "ocfentanil",
    ],
)
def test_the_six_fentanyls_of_chinas_2015_list_stay_under_it_after_2019(
    registry: Registry, name: str
) -> None:
    assert _listing_on(registry, name, CN, "2015-09-30") is None
    first = _listing_on(registry, name, CN, "2015-10-01")
    after_class = _listing_on(registry, name, CN, "2020-01-01")
    assert first is not None
    assert after_class == first
    assert "fentanyl-related substances" not in first.schedule
