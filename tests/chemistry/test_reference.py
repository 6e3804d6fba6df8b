"""Every row of ../shared/data/chem/reference.csv gets its expected verdicts, from SMILES and name.

The expectations live in data/reference_expected.csv, written by hand from the notes in
reference.csv and docs/chemistry.md §1-§3, not derived from this code. A cell may allow two
statuses when the law gives two bases (a US FRS named in 21 CFR 1308.11(b) is also inside the
class); `?` marks a cell the sources do not state (the row must still be resolved).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from counterpart.chemistry import Screener
from counterpart.domain.substances import Family, Jurisdiction, ScreeningResult, Status
from tests.chemistry.conftest import ON, verdict_of

EXPECTED = Path(__file__).parent / "data" / "reference_expected.csv"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _reference(shared_dir: Path) -> list[dict[str, str]]:
    return _read(shared_dir / "data" / "chem" / "reference.csv")


ROWS = _read(EXPECTED)


@pytest.fixture(scope="module")
def screened(
    shared_dir: Path, screener: Screener
) -> dict[str, tuple[ScreeningResult, ScreeningResult]]:
    """Each reference row screened from its SMILES and from its name, in two batches."""
    rows = _reference(shared_dir)
    by_smiles = screener.screen([(r["name"], r["smiles"]) for r in rows], on=ON, full_identity=True)
    by_name = screener.screen([(r["name"], r["name"]) for r in rows], on=ON, full_identity=True)
    return {r["name"]: (s, n) for r, s, n in zip(rows, by_smiles, by_name, strict=True)}


def test_expectations_cover_every_reference_row(shared_dir: Path) -> None:
    assert [r["name"] for r in ROWS] == [r["name"] for r in _reference(shared_dir)]


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
@pytest.mark.parametrize("via", ["smiles", "name"])
def test_reference_row(
    row: dict[str, str], via: str, screened: dict[str, tuple[ScreeningResult, ScreeningResult]]
) -> None:
    result = screened[row["name"]][0 if via == "smiles" else 1]
    assert result.error is None, result.error
    for jurisdiction in Jurisdiction:
        verdict = verdict_of(result, jurisdiction)
        cell = row[jurisdiction.value]
        if cell == "?":
            assert verdict.status is not Status.UNRESOLVED
            continue
        allowed = {Status(s) for s in cell.split("|")}
        assert verdict.status in allowed, (jurisdiction, verdict)
        if verdict.status.is_flagged:
            assert verdict.family is Family(row["family"]), (jurisdiction, verdict)
            assert verdict.basis and verdict.explanation and verdict.rule
        else:
            assert verdict.family is Family.NONE


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_name_and_smiles_resolve_to_the_same_substance(
    row: dict[str, str],
    shared_dir: Path,
    screened: dict[str, tuple[ScreeningResult, ScreeningResult]],
) -> None:
    by_smiles, by_name = screened[row["name"]]
    assert by_smiles.resolved is not None and by_name.resolved is not None
    expected_key = next(r["inchikey"] for r in _reference(shared_dir) if r["name"] == row["name"])
    assert by_smiles.resolved.inchikey == expected_key
    assert by_name.resolved.inchikey == expected_key
