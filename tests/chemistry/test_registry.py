"""The shipped registry: reference rows, identifiers, look-ups and listings across dates."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdkit import Chem
from rdkit.rdBase import BlockLogs
from stdnum import casrn

from counterpart.chemistry.registry import DATA_FILE, Registry, load_registry, validate_cas
from counterpart.domain.errors import InvalidInput
from counterpart.domain.substances import Family, Jurisdiction

# RDKit's InChI wrapper has no annotations; this names the type it has.
to_inchikey: Callable[[Chem.Mol], str] = Chem.MolToInchiKey
CN, US, UN, EU = Jurisdiction.CN, Jurisdiction.US, Jurisdiction.UN, Jurisdiction.EU


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="module")
def reference_rows(shared_dir: Path) -> list[dict[str, str]]:
    with (shared_dir / "data" / "chem" / "reference.csv").open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_every_reference_row_is_in_the_registry(
    registry: Registry, reference_rows: list[dict[str, str]]
) -> None:
    assert len(reference_rows) == 61
    for row in reference_rows:
        entry = registry.by_inchikey(row["inchikey"])
        assert entry is not None, row["name"]
        assert entry.name == row["name"]
        assert entry.smiles == row["smiles"]
        assert entry.cas == (row["cas"] or None)
        assert registry.by_name(row["name"]) is entry
        if row["cas"]:
            assert registry.by_cas(row["cas"]) is entry


def test_every_inchikey_is_rdkits_inchikey_of_the_smiles(registry: Registry) -> None:
    with BlockLogs():
        computed = {
            entry.id: to_inchikey(Chem.MolFromSmiles(entry.smiles)) for entry in registry.entries
        }
    assert {entry.id: entry.inchikey for entry in registry.entries} == computed


def test_every_cas_passes_its_check_digit(registry: Registry) -> None:
    numbers = [entry.cas for entry in registry.entries if entry.cas is not None]
    assert len(numbers) >= 18
    assert [cas for cas in numbers if not casrn.is_valid(cas)] == []


def test_every_entry_has_a_source_and_a_listing_with_a_basis(registry: Registry) -> None:
    for entry in registry.entries:
        assert entry.sources, entry.id
        assert entry.listings or registry.catalogues(entry=entry), entry.id
        assert all(listing.basis.strip() for listing in entry.listings), entry.id


def test_the_data_file_version_is_the_registry_version(registry: Registry) -> None:
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert registry.version == document["version"]
    assert load_registry() is registry


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fentanyl", "fentanyl"),
        ("FENTANYL", "fentanyl"),
        ("Fentanil", "fentanyl"),
        ("acetyl fentanyl", "acetylfentanyl"),
        ("Acetyl-Fentanyl", "acetylfentanyl"),
        ("4 ANPP", "anpp"),
        ("despropionyl fentanyl", "anpp"),
        ("2'-fluoro ortho-fluorofentanyl", "2-fluoro-ortho-fluorofentanyl"),
        ("2’-fluoro-ortho-fluorofentanyl", "2-fluoro-ortho-fluorofentanyl"),
        ("beta'-phenyl fentanyl", "beta-phenyl-fentanyl"),
        ("  n-boc-4-piperidone ", "1-boc-4-piperidone"),
        ("Wildnil", "carfentanil"),
    ],
)
def test_by_name_ignores_case_spaces_hyphens_and_quotes(
    registry: Registry, query: str, expected: str
) -> None:
    entry = registry.by_name(query)
    assert entry is not None
    assert entry.id == expected


def test_by_name_does_not_guess(registry: Registry) -> None:
    assert registry.by_name("fentanyl citrate") is None
    assert registry.by_name("") is None


def test_by_cas(registry: Registry) -> None:
    entry = registry.by_cas("1609-66-1")
    assert entry is not None
    assert entry.id == "norfentanyl"
    assert registry.by_cas("1609-66-5") is None


def test_by_inchikey_is_exact_and_by_skeleton_finds_stereoisomers(registry: Registry) -> None:
    fentanyl = registry.by_inchikey("PJMPHNIQZUBGLI-UHFFFAOYSA-N")
    assert fentanyl is not None
    assert fentanyl.family is Family.FENTANYL
    # lofentanil is stored with its stereo; another stereoisomer has another full key
    assert registry.by_inchikey("IMYHGORQCPYVBZ-UHFFFAOYSA-N") is None
    other_isomer = registry.by_skeleton("IMYHGORQCPYVBZ-UHFFFAOYSA-N")
    assert [entry.id for entry in other_isomer] == ["lofentanil"]
    assert [entry.id for entry in registry.by_skeleton("PJMPHNIQZUBGLI")] == ["fentanyl"]
    assert registry.by_skeleton("AAAAAAAAAAAAAA-UHFFFAOYSA-N") == ()


def test_crotonylfentanyls_other_double_bond_isomer_shares_the_skeleton(registry: Registry) -> None:
    with BlockLogs():
        cis = to_inchikey(Chem.MolFromSmiles(r"C/C=C\C(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"))
    assert registry.by_inchikey(cis) is None
    assert [entry.id for entry in registry.by_skeleton(cis)] == ["crotonylfentanyl"]


def _schedule_on(registry: Registry, name: str, jurisdiction: Jurisdiction, on: str) -> str | None:
    entry = registry.by_name(name)
    assert entry is not None, name
    listing = registry.listing_on(entry, jurisdiction, date.fromisoformat(on))
    return None if listing is None else listing.schedule


def test_4ap_in_china_changes_on_1_september_2024(registry: Registry) -> None:
    assert _schedule_on(registry, "4-AP", CN, "2024-08-31") is None
    assert _schedule_on(registry, "4-AP", CN, "2024-09-01") == (
        "Catalogue of Precursor Chemicals, Category II"
    )
    assert _schedule_on(registry, "4-AP", CN, "2023-06-01") is None


def test_4ap_in_the_us_changes_on_15_may_2020(registry: Registry) -> None:
    assert _schedule_on(registry, "4-anilinopiperidine", US, "2020-05-14") is None
    assert _schedule_on(registry, "4-anilinopiperidine", US, "2020-05-15") == "List I"


def test_listing_on_returns_the_earliest_listing_in_force(registry: Registry) -> None:
    entry = registry.by_name("4-AP")
    assert entry is not None
    listing = registry.listing_on(entry, US, date(2024, 1, 1))
    assert listing is not None
    assert listing.since == date(2020, 5, 15)


def test_a_superseded_listing_hands_over_on_its_until_date(registry: Registry) -> None:
    entry = registry.by_name("1-boc-4-piperidone")
    assert entry is not None
    before = registry.listing_on(entry, US, date(2025, 10, 1))
    after = registry.listing_on(entry, US, date(2025, 10, 2))
    assert before is not None
    assert after is not None
    assert before.since == date(2023, 5, 12)
    assert after.since == date(2025, 10, 2)
    assert registry.listing_on(entry, US, date(2023, 5, 11)) is None


def test_fentanyl_related_substances_in_china_from_1_may_2019(registry: Registry) -> None:
    assert _schedule_on(registry, "fentanyl carbamate", CN, "2019-04-30") is None
    schedule = _schedule_on(registry, "fentanyl carbamate", CN, "2019-05-01")
    assert schedule is not None
    assert "fentanyl-related substances" in schedule


def test_precursor_tables_under_the_1988_convention(registry: Registry) -> None:
    assert _schedule_on(registry, "4-piperidone", UN, "2024-12-02") is None
    assert _schedule_on(registry, "4-piperidone", UN, "2024-12-03") == "Table I"
    assert _schedule_on(registry, "norfentanyl", EU, "2022-01-01") is None
    assert _schedule_on(registry, "norfentanyl", EU, "2024-01-01") == "Category 1"


def test_a_jurisdiction_without_a_listing_answers_none(registry: Registry) -> None:
    assert _schedule_on(registry, "benzylfentanyl", UN, "2025-01-01") is None
    assert _schedule_on(registry, "propionic anhydride", CN, "2025-01-01") is None


def test_the_china_export_licence_catalogue_is_scoped_by_destination_and_date(
    registry: Registry,
) -> None:
    [catalogue] = registry.catalogues(on=date(2025, 11, 10), destination="us")
    assert catalogue.id == "cn-export-licence-us-mx-ca-2025"
    assert catalogue.jurisdiction is CN
    assert catalogue.destinations == ("US", "MX", "CA")
    assert registry.catalogues(on=date(2025, 11, 9), destination="US") == ()
    assert registry.catalogues(on=date(2025, 11, 10), destination="DE") == ()
    assert catalogue in registry.catalogues()


def test_a_catalogue_applies_to_its_members_only(registry: Registry) -> None:
    propionyl_chloride = registry.by_cas("79-03-8")
    fentanyl = registry.by_name("fentanyl")
    assert propionyl_chloride is not None
    assert fentanyl is not None
    [catalogue] = registry.catalogues(
        on=date(2024, 5, 1), destination="MM", entry=propionyl_chloride
    )
    assert catalogue.id == "cn-export-licence-mm-la-af-2024"
    assert (
        registry.catalogues(on=date(2024, 4, 30), destination="MM", entry=propionyl_chloride) == ()
    )
    assert registry.catalogues(on=date(2024, 5, 1), destination="MM", entry=fentanyl) == ()
    assert (
        registry.catalogues(on=date(2024, 5, 1), destination="US", entry=propionyl_chloride) == ()
    )


def test_named_placement_takes_over_from_the_us_class_listing(registry: Registry) -> None:
    entry = registry.by_name("fentanyl carbamate")
    assert entry is not None
    under_class = registry.listing_on(entry, US, date(2021, 5, 3))
    named = registry.listing_on(entry, US, date(2021, 5, 4))
    assert under_class is not None
    assert named is not None
    assert under_class.schedule == "Schedule I (fentanyl-related substances)"
    assert named.schedule == "Schedule I"
    assert named.basis.startswith("86 FR 23602")
    assert registry.listing_on(entry, US, date(2018, 2, 5)) is None


def test_was_norfentanyl_controlled_in_china_on_2023_06_01(registry: Registry) -> None:
    assert _schedule_on(registry, "norfentanyl", CN, "2023-06-01") is None
    assert _schedule_on(registry, "norfentanyl", UN, "2023-06-01") == "Table I"
    assert _schedule_on(registry, "norfentanyl", US, "2023-06-01") == (
        "Schedule II (immediate precursor)"
    )


def test_carfentanil_in_china_from_1_march_2017(registry: Registry) -> None:
    assert _schedule_on(registry, "carfentanyl", CN, "2017-02-28") is None
    assert _schedule_on(registry, "carfentanyl", CN, "2017-03-01") == (
        "Supplementary List of Non-Medical-Use Narcotic Drugs and Psychotropic Substances"
    )


@pytest.mark.parametrize(
    "name",
    [
        "ortho-fluorobutyryl fentanyl",
        "ortho-methyl methoxyacetylfentanyl",
        "para-methylfentanyl",
        "benzoylfentanyl",
    ],
)
def test_entries_beyond_the_reference_file_carry_their_federal_register_placement(
    registry: Registry, name: str
) -> None:
    entry = registry.by_name(name)
    assert entry is not None
    assert entry.family is Family.FENTANYL
    listing = registry.listing_on(entry, US, date(2021, 4, 27))
    assert listing is not None
    assert listing.basis.startswith("86 FR 22113")


def test_the_registry_goes_beyond_the_reference_file(
    registry: Registry, reference_rows: list[dict[str, str]]
) -> None:
    reference_keys = {row["inchikey"] for row in reference_rows}
    assert len([e for e in registry.entries if e.inchikey not in reference_keys]) >= 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1609-66-1", "1609-66-1"), (" 1609661 ", "1609-66-1"), ("437-38-7", "437-38-7")],
)
def test_validate_cas_normalises(text: str, expected: str) -> None:
    assert validate_cas(text) == expected


def test_validate_cas_names_the_expected_check_digit() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_cas("1609-66-5")
    assert str(caught.value) == "CAS 1609-66-5: check digit should be 1"


@pytest.mark.parametrize("text", ["", "fentanyl", "12-3", "0437-38-7"])
def test_validate_cas_rejects_what_is_not_a_cas_number(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_cas(text)
    assert str(caught.value) == f"CAS {text.strip()!r}: not a CAS registry number"


@given(st.integers(min_value=10_000, max_value=999_999_999))
def test_validate_cas_accepts_every_well_formed_number_and_names_any_wrong_digit(
    number: int,
) -> None:
    body = str(number)
    digit = casrn.calc_check_digit(body)
    text = f"{body[:-2]}-{body[-2:]}-{digit}"
    assert validate_cas(text) == text
    wrong = str((int(digit) + 1) % 10)
    with pytest.raises(InvalidInput) as caught:
        validate_cas(f"{body[:-2]}-{body[-2:]}-{wrong}")
    assert (
        str(caught.value) == f"CAS {body[:-2]}-{body[-2:]}-{wrong}: check digit should be {digit}"
    )
