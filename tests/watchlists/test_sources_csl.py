"""The Consolidated Screening List parser on the real 115-row sample and on damaged rows."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import Identifier, ListEntry, Schema
from counterpart.watchlists.sources import ListFormat, parse_list

HEADER = (
    "source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
    "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
    "vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
    "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
    "source_information_url,ids\n"
)
EL = "Entity List (EL) - Bureau of Industry and Security"


def csl_row(name: str, start: str = "", end: str = "", alt: str = "", kind: str = "") -> str:
    return f'"{EL}",,{kind},,"{name}",,,,{start},{end},,,,,,,,,,,,"{alt}",,,,,,\n'


def parse(path: Path) -> tuple[list[ListEntry], list[str]]:
    rows = list(parse_list(ListFormat.US_CSL, [path], "us-csl"))
    return (
        [row for row in rows if isinstance(row, ListEntry)],
        [str(row) for row in rows if isinstance(row, InvalidInput)],
    )


@pytest.fixture(scope="module")
def sample() -> Path:
    return Path(__file__).resolve().parents[3] / "shared/data/sanctions/us-csl-sample.csv"


def test_the_sample_loads_every_row(sample: Path) -> None:
    entries, errors = parse(sample)
    assert errors == []
    assert len(entries) == 115
    assert len({e.entry_id for e in entries}) == 115
    with sample.open(encoding="utf-8") as lines:
        rows = list(csv.DictReader(lines))
    assert sum(1 for e in entries if e.listed) == sum(1 for r in rows if r["start_date"])
    assert sum(1 for e in entries if e.delisted) == sum(1 for r in rows if r["end_date"]) == 7
    assert Counter(e.schema for e in entries)[Schema.PERSON] == 20


def test_a_sample_row_in_full(sample: Path) -> None:
    entries, _ = parse(sample)
    entry = next(e for e in entries if e.entry_id == "20264")
    assert entry.names == ("200G PSA HOLDINGS LLC",)
    assert entry.programs == ("SDNTK",)
    assert entry.identifiers == (Identifier("taxNumber", "80-0890696", country="US"),)
    assert entry.addresses == ("80 SW 8th Street Suite 2000, Miami, FL, 33130, US",)
    denied = next(e for e in entries if e.names[0] == "ADRIAN MANUEL HERNANDEZ")
    assert (denied.listed, denied.delisted) == (date(2017, 10, 16), date(2020, 10, 13))


def test_entity_list_rows_get_a_stable_id(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(HEADER + csl_row("Institute of Forensic Science", "2020-06-05"))
    second.write_text(HEADER + csl_row("Institute of Forensic Science", "2020-06-05", alt="IFS"))
    assert parse(first)[0][0].entry_id == parse(second)[0][0].entry_id
    assert parse(first)[0][0].entry_id.startswith("EL-")


def test_bad_rows_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text(
        HEADER
        + csl_row("Good Co.", "2020-05-22")
        + csl_row("Bad Date Co.", "22/05/2020")
        + csl_row("")
        + csl_row("---")
        + csl_row("X" * 10_240)
        + csl_row("Odd Type", kind="Submarine")
        + '"short row",1\n'
        + csl_row("Alias Co.", alt="Fine Alias; ;; ***")
    )
    entries, errors = parse(path)
    assert [e.names for e in entries] == [("Good Co.",), ("Alias Co.", "Fine Alias")]
    assert errors == [
        "csl.csv:line 3: start_date '22/05/2020' is not an ISO date (YYYY-MM-DD)",
        "csl.csv:line 4: empty name",
        "csl.csv:line 5: name '---' has no letter or digit",
        "csl.csv:line 6: name of 10240 characters is longer than 1000",
        "csl.csv:line 7: unknown type 'Submarine'",
        "csl.csv:line 8: wrong number of fields",
        "csl.csv:line 9: alias skipped: name '***' has no letter or digit",
    ]


def test_a_file_without_csl_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("id,name\n1,x\n")
    with pytest.raises(InvalidInput, match=r"other\.csv: not a CSL file: no column source"):
        parse(path)


def test_a_record_csv_cannot_read_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    huge = "R" * 200_000  # beyond the csv module's field size limit
    path.write_text(
        HEADER + csl_row("First Co.") + f'"{EL}",,,,"{huge}",,,,,,,,,,,,,,,,,,,,,,,\n'
        + csl_row("Third Co.") + "\r" + csl_row("Fourth Co."),
        encoding="utf-8",
    )  # fmt: skip
    entries, errors = parse(path)
    assert [e.names[0] for e in entries] == ["First Co.", "Third Co.", "Fourth Co."]
    assert errors == [
        "csl.csv:line 3: unreadable CSV record: field larger than field limit (131072)"
    ]
