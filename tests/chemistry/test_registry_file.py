"""Validation of the registry data file: each mistake is reported with the entry and field."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from counterpart.chemistry.registry import load_registry_file
from counterpart.domain.errors import InvalidInput

Document = dict[str, Any]

FENTANYL: Document = {
    "id": "fentanyl",
    "name": "fentanyl",
    "family": "fentanyl",
    "smiles": "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1",
    "inchikey": "PJMPHNIQZUBGLI-UHFFFAOYSA-N",
    "cas": "437-38-7",
    "synonyms": ["fentanil"],
    "sources": ["test"],
    "listings": [
        {"jurisdiction": "US", "schedule": "Schedule II", "since": "1971-05-01", "basis": "CSA"}
    ],
}
NORFENTANYL: Document = {
    "id": "norfentanyl",
    "name": "norfentanyl",
    "family": "fentanyl_precursor",
    "smiles": "CCC(=O)N(c1ccccc1)C1CCNCC1",
    "inchikey": "PMCBDBWCQQBSRJ-UHFFFAOYSA-N",
    "cas": "1609-66-1",
    "sources": ["test"],
    "listings": [
        {
            "jurisdiction": "CN",
            "schedule": "Category II",
            "since": "2024-09-01",
            "until": None,
            "basis": "notice",
            "note": "",
        }
    ],
}
CATALOGUE: Document = {
    "id": "export-licence",
    "name": "export licence",
    "jurisdiction": "CN",
    "since": "2025-11-10",
    "basis": "notice",
    "destinations": ["US", "MX", "CA"],
    "members": ["norfentanyl"],
}


def _document() -> Document:
    return {
        "version": "2026-11-29.1",
        "entries": copy.deepcopy([FENTANYL, NORFENTANYL]),
        "catalogues": [copy.deepcopy(CATALOGUE)],
    }


def _load(tmp_path: Path, change: Callable[[Document], object]) -> str:
    document = _document()
    change(document)
    path = tmp_path / "registry.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_registry_file(path)
    return str(caught.value)


def test_a_good_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "registry.json"
    path.write_text(json.dumps(_document()), encoding="utf-8")
    registry = load_registry_file(path)
    assert registry.version == "2026-11-29.1"
    assert [entry.id for entry in registry.entries] == ["fentanyl", "norfentanyl"]
    assert registry.entries[1].listings[0].until is None


def _set(path: str, value: object) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value

    return change


_DELETE = object()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _set("entries.1.cas", "1609-66-5"),
            "registry.json entry 'norfentanyl' field 'cas': CAS 1609-66-5: check digit should be 1",
        ),
        (
            _set("entries.0.colour", "white"),
            "registry.json entry 'fentanyl': unknown key 'colour'",
        ),
        (
            _set("entries.0.listings.0.since", "2020-02-30"),
            "registry.json entry 'fentanyl' field 'listings[0].since': "
            "bad date '2020-02-30': expected YYYY-MM-DD",
        ),
        (
            _set("entries.0.listings.0.since", "20200515"),
            "registry.json entry 'fentanyl' field 'listings[0].since': "
            "bad date '20200515': expected YYYY-MM-DD",
        ),
        (
            _set("entries.0.listings.0.until", "1970-01-01"),
            "registry.json entry 'fentanyl' field 'listings[0].until': "
            "until 1970-01-01 is not after since 1971-05-01",
        ),
        (
            _set("entries.0.listings.0.jurisdiction", "UK"),
            "registry.json entry 'fentanyl' field 'listings[0].jurisdiction': "
            "bad value 'UK': expected one of UN, US, CN, EU",
        ),
        (
            _set("entries.0.listings.0.basis", _DELETE),
            "registry.json entry 'fentanyl' field 'listings[0]': missing key 'basis'",
        ),
        (
            _set("entries.1.id", "fentanyl"),
            "registry.json entry 'fentanyl' field 'id': "
            "id fentanyl is already used by entry 'fentanyl'",
        ),
        (
            _set("entries.1.id", "Nor Fentanyl"),
            "registry.json entries[1] field 'id': "
            "bad id 'Nor Fentanyl': lowercase letters, digits, hyphens",
        ),
        (
            _set("entries.1.cas", "437-38-7"),
            "registry.json entry 'norfentanyl' field 'cas': "
            "CAS 437-38-7 is already used by entry 'fentanyl'",
        ),
        (
            _set("entries.1.synonyms", ["Fen-tanil"]),
            "registry.json entry 'norfentanyl' field 'synonyms': "
            "name 'Fen-tanil' is already used by entry 'fentanyl'",
        ),
        (
            _set("entries.1.name", "FENTANYL"),
            "registry.json entry 'norfentanyl' field 'name': "
            "name 'FENTANYL' is already used by entry 'fentanyl'",
        ),
        (
            _set("entries.1.smiles", "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"),
            "registry.json entry 'norfentanyl' field 'inchikey': InChIKey "
            "PMCBDBWCQQBSRJ-UHFFFAOYSA-N does not match the SMILES "
            "(RDKit gives PJMPHNIQZUBGLI-UHFFFAOYSA-N)",
        ),
        (
            _set("entries.1.smiles", "C1CC(N"),
            "registry.json entry 'norfentanyl' field 'smiles': SMILES 'C1CC(N' does not parse",
        ),
        (
            _set("entries.1.family", "none"),
            "registry.json entry 'norfentanyl' field 'family': "
            "bad value 'none': expected one of fentanyl, fentanyl_precursor, other",
        ),
        (
            _set("entries.1.sources", []),
            "registry.json entry 'norfentanyl' field 'sources': expected at least one item",
        ),
        (
            _set("entries.1.name", " norfentanyl"),
            "registry.json entry 'norfentanyl' field 'name': leading or trailing spaces",
        ),
        (
            _set("entries.1.inchikey", "PJMPHNIQZUBGLI-UHFFFAOYSA-N"),
            "registry.json entry 'norfentanyl' field 'inchikey': InChIKey "
            "PJMPHNIQZUBGLI-UHFFFAOYSA-N does not match the SMILES "
            "(RDKit gives PMCBDBWCQQBSRJ-UHFFFAOYSA-N)",
        ),
        (
            _set("entries.0.listings.0.effective", "1971-05-01"),
            "registry.json entry 'fentanyl' field 'listings[0]': unknown key 'effective'",
        ),
        (
            _set("entries.1.synonyms", ["--"]),
            "registry.json entry 'norfentanyl' field 'synonyms': "
            "name '--' has nothing left once case, spaces and hyphens are ignored",
        ),
        (
            _set("entries.1.cas", "1609-66-1-1"),
            "registry.json entry 'norfentanyl' field 'cas': "
            "CAS '1609-66-1-1': not a CAS registry number",
        ),
        (
            _set("version", "1.0"),
            "registry.json field 'version': bad version '1.0': expected YYYY-MM-DD.N",
        ),
        (_set("extra", 1), "registry.json: unknown key 'extra'"),
        (_set("entries", {}), "registry.json field 'entries': expected a list"),
        (
            _set("catalogues.0.members", ["4-ap"]),
            "registry.json catalogue 'export-licence' field 'members[0]': "
            "no registry entry has the id '4-ap'",
        ),
        (
            _set("catalogues.0.destinations", ["USA"]),
            "registry.json catalogue 'export-licence' field 'destinations[0]': "
            "bad destination 'USA': expected an ISO 3166 alpha-2 code",
        ),
    ],
)
def test_a_bad_file_is_refused_with_the_entry_and_field(
    tmp_path: Path, change: Callable[[Document], object], message: str
) -> None:
    assert _load(tmp_path, change) == message


def test_two_entries_with_one_structure_are_refused(tmp_path: Path) -> None:
    def duplicate(document: Document) -> None:
        document["entries"][1]["smiles"] = FENTANYL["smiles"]
        document["entries"][1]["inchikey"] = FENTANYL["inchikey"]

    assert _load(tmp_path, duplicate) == (
        "registry.json entry 'norfentanyl' field 'inchikey': "
        "InChIKey PJMPHNIQZUBGLI-UHFFFAOYSA-N is already used by entry 'fentanyl'"
    )


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "registry.json"
    path.write_text('{"version": ', encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_registry_file(path)
    assert str(caught.value) == (
        "registry.json: not a valid JSON file: Expecting value: line 1 column 13 (char 12)"
    )


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(InvalidInput) as caught:
        load_registry_file(path)
    assert str(caught.value) == f"{path}: cannot read the registry file: No such file or directory"
