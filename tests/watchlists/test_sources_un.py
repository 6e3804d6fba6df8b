"""The UN consolidated list parser on the real Feb 2026 file and on damaged elements."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import Identifier, ListEntry, Schema
from counterpart.watchlists.sources import ListFormat, parse_list


def parse(path: Path) -> tuple[list[ListEntry], list[str]]:
    rows = list(parse_list(ListFormat.UN_XML, [path], "un-sc"))
    return (
        [row for row in rows if isinstance(row, ListEntry)],
        [str(row) for row in rows if isinstance(row, InvalidInput)],
    )


@pytest.fixture(scope="module")
def un_list() -> dict[str, ListEntry]:
    path = Path(__file__).resolve().parents[3] / "shared/data/sanctions/un-consolidated.xml"
    entries, errors = parse(path)
    assert errors == []
    return {entry.entry_id: entry for entry in entries}


def test_individuals_and_entities_load(un_list: dict[str, ListEntry]) -> None:
    schemata = [entry.schema for entry in un_list.values()]
    assert (schemata.count(Schema.PERSON), schemata.count(Schema.ORGANIZATION)) == (730, 273)
    assert all(entry.listed is not None for entry in un_list.values())
    assert sum(len(entry.names) - 1 for entry in un_list.values()) == 3118


def test_an_individual_in_full(un_list: dict[str, ListEntry]) -> None:
    entry = un_list["6907993"]
    assert entry.names == ("ERIC BADEGE",)
    assert entry.listed == date(2012, 12, 31)
    assert entry.birth_dates == ("1971",)
    assert entry.countries == ("Democratic Republic of the Congo",)
    assert entry.programs == ("DRC",)
    assert entry.extra["referenceNumber"] == ("CDi.001",)


def test_documents_and_aliases(un_list: dict[str, ListEntry]) -> None:
    assert Identifier("passportNumber", "OB 0243318", "Democratic Republic of the Congo") in (
        un_list["6908012"].identifiers
    )
    assert un_list["6908402"].names[:2] == ("ADF", "Allied Democratic Forces")


ELEMENTS = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST>
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID><FIRST_NAME>GOOD</FIRST_NAME><SECOND_NAME>PERSON</SECOND_NAME>
      <LISTED_ON>2020-05-22</LISTED_ON>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <FIRST_NAME>NO DATAID</FIRST_NAME>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>3</DATAID><FIRST_NAME>BAD DATE</FIRST_NAME><LISTED_ON>May 2020</LISTED_ON>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>4</DATAID><FIRST_NAME>  ...  </FIRST_NAME>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>5</DATAID><FIRST_NAME>GOOD ENTITY</FIRST_NAME>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>GE</ALIAS_NAME></ENTITY_ALIAS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""


def test_bad_elements_are_reported_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(ELEMENTS, encoding="utf-8")
    entries, errors = parse(path)
    assert [(e.entry_id, e.names) for e in entries] == [
        ("1", ("GOOD PERSON",)),
        ("5", ("GOOD ENTITY", "GE")),
    ]
    assert errors == [
        "un.xml:line 8: INDIVIDUAL without DATAID",
        "un.xml:line 11: LISTED_ON 'May 2020' is not an ISO date (YYYY-MM-DD)",
        "un.xml:line 14: name '...' has no letter or digit",
    ]


def test_broken_xml_is_reported_and_later_elements_still_load(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    broken = ELEMENTS.replace("<SECOND_NAME>PERSON</SECOND_NAME>", "<SECOND_NAME>PERSON")
    path.write_text(broken, encoding="utf-8")
    entries, errors = parse(path)
    # lxml's recovery closes the broken element late, so the entity after it still loads.
    assert [e.entry_id for e in entries] == ["5"]
    assert (
        "un.xml:line 7: malformed XML: Opening and ending tag mismatch: SECOND_NAME line 5 and "
        "INDIVIDUAL"
    ) in errors
    assert all(error.startswith("un.xml:line ") for error in errors)


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        parse(tmp_path / "absent.xml")
