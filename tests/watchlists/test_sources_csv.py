"""The plain CSV format: documented columns, typed identifiers, one error per bad row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import Identifier, ListEntry, Schema
from counterpart.watchlists.sources import ListFormat, parse_list, to_format

HEADER = "id,schema,name,aliases,countries,identifiers,listed,delisted,programs\n"


def parse(path: Path) -> tuple[list[ListEntry], list[str]]:
    rows = list(parse_list(ListFormat.CSV, [path], "cn-mps"))
    return (
        [row for row in rows if isinstance(row, ListEntry)],
        [str(row) for row in rows if isinstance(row, InvalidInput)],
    )


def test_a_full_row(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_text(
        HEADER + "c1,Company,湖北精奥生物科技有限公司,Hubei Jingao Biotech; 精奥,CN,"
        '"uscCode=91420100MA4KXXXX0X (CN); publicKey=0xabc (USDT)",2021-03-01,,FRS\n',
        encoding="utf-8",
    )
    entries, errors = parse(path)
    assert errors == []
    assert entries == [
        ListEntry(
            list_id="cn-mps",
            entry_id="c1",
            schema=Schema.COMPANY,
            names=("湖北精奥生物科技有限公司", "Hubei Jingao Biotech", "精奥"),
            identifiers=(
                Identifier("uscCode", "91420100MA4KXXXX0X", country="CN", valid=False),
                Identifier("publicKey", "0xabc", currency="USDT"),
            ),
            countries=("CN",),
            programs=("FRS",),
            listed=date(2021, 3, 1),
        )
    ]


def test_bad_rows_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_text(
        HEADER
        + "1,Person,Good Person,,,,,,\n"
        + "2,Robot,R2D2,,,,,,\n"
        + ",Person,No Id,,,,,,\n"
        + "4,Person,,,,,,,\n"
        + "5,Person,Dated,,,,2021-13-01,,\n"
        + "6,Person,Odd Id,,,passport G123,,,\n"
        + "7,Person,too,many,fields,,,,,,,\n",
        encoding="utf-8",
    )
    entries, errors = parse(path)
    assert [e.entry_id for e in entries] == ["1"]
    assert errors == [
        "own.csv:line 3: unknown schema 'Robot' (expected one of ['Person', 'Company', "
        "'Organization', 'LegalEntity', 'CryptoWallet', 'Vessel', 'Airplane'])",
        "own.csv:line 4: empty id",
        "own.csv:line 5: empty name",
        "own.csv:line 6: listed '2021-13-01' is not an ISO date (YYYY-MM-DD)",
        "own.csv:line 7: identifier 'passport G123' is not `kind=value (country)`",
        "own.csv:line 8: wrong number of fields",
    ]


def test_missing_columns_and_unknown_formats_are_clear(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_text("name\nx\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"plain CSV lacks column\(s\) id, schema"):
        parse(path)
    with pytest.raises(InvalidInput, match=r"unknown list format 'xlsx' \(known: ofac-sdn, "):
        to_format("xlsx")
