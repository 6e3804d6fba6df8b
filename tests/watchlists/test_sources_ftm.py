"""The FollowTheMoney JSON-lines parser: parties, Sanction dates, nested exports, bad lines."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import Identifier, ListEntry, Schema
from counterpart.watchlists.sources import ListFormat, default_list_id, parse_list


def entity(entity_id: str, schema: str, **props: list[Any]) -> str:
    return json.dumps({"id": entity_id, "schema": schema, "properties": props})


def parse(tmp_path: Path, *lines: str) -> tuple[list[ListEntry], list[str]]:
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = list(parse_list(ListFormat.FTM, [path], "os-sanctions"))
    return (
        [row for row in rows if isinstance(row, ListEntry)],
        [str(row) for row in rows if isinstance(row, InvalidInput)],
    )


def test_sanction_dates_apply_whatever_the_order(tmp_path: Path) -> None:
    entries, errors = parse(
        tmp_path,
        entity(
            "NK-sanc-1", "Sanction", entity=["NK-boyle"], listingDate=["2020-05-22"],
            startDate=["2020-06-05"], endDate=["2023-11-16"], program=["Entity List"],
            authority=["Bureau of Industry and Security"],
        ),
        entity(
            "NK-boyle", "Company", name=["BOYLE CHEMICAL CO., LTD."], alias=["博伊尔化工"],
            weakAlias=["BOYLE"], uscCode=["91310115MA1K4DLAXM"], country=["cn"],
            topics=["sanction"],
        ),
    )  # fmt: skip
    assert errors == []
    (entry,) = entries
    assert entry.schema is Schema.COMPANY
    assert entry.names == ("BOYLE CHEMICAL CO., LTD.", "博伊尔化工")
    assert entry.identifiers == (Identifier("uscCode", "91310115MA1K4DLAXM", valid=True),)
    assert (entry.listed, entry.delisted) == (date(2020, 5, 22), date(2023, 11, 16))
    assert entry.programs == ("Entity List",)
    assert entry.extra == {
        "weakAlias": ("BOYLE",),
        "topics": ("sanction",),
        "authority": ("Bureau of Industry and Security",),
    }


def test_nested_sanctions_and_wallets(tmp_path: Path) -> None:
    nested = {
        "id": "w1",
        "schema": "CryptoWallet",
        "properties": {
            "publicKey": ["1DH2xDH7TngrDU6LXciprKCBKNcPA1xX8A"],
            "currency": ["XBT"],
            "sanctions": [{"id": "s", "schema": "Sanction", "properties": {"startDate": ["2019"]}}],
        },
    }
    entries, errors = parse(tmp_path, json.dumps(nested))
    assert errors == []
    assert entries[0].names == ("1DH2xDH7TngrDU6LXciprKCBKNcPA1xX8A",)
    assert entries[0].identifiers == (
        Identifier("publicKey", "1DH2xDH7TngrDU6LXciprKCBKNcPA1xX8A", currency="XBT"),
    )
    assert entries[0].listed == date(2019, 1, 1)


def test_bad_lines_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    entries, errors = parse(
        tmp_path,
        entity("p1", "Person", name=["ZHENG, Fujing"], birthDate=["1983-06-11"]),
        "{not json",
        entity("x1", "Spaceship", name=["Enterprise"]),
        json.dumps({"schema": "Person", "properties": {"name": ["no id"]}}),
        entity("p2", "Person", name=["?!"]),
        entity("p3", "Person", name=["Z" * 10_240]),
        entity("a1", "Address", full=["1 Main St"]),
        entity("s1", "Sanction", entity=["p4"], startDate=["22.05.2020"]),
        entity("p4", "Person", name=["Late Date"]),
    )
    assert [e.entry_id for e in entries] == ["p1"]
    assert errors == [
        "entities.ftm.json:line 2: not JSON: Expecting property name enclosed in double quotes",
        "entities.ftm.json:line 3: unknown schema 'Spaceship'",
        "entities.ftm.json:line 4: not an FtM entity: no string `id`",
        "entities.ftm.json:line 5: name '?!' has no letter or digit",
        "entities.ftm.json:line 6: name of 10240 characters is longer than 1000",
        "entities.ftm.json:line 9: '22.05.2020' is not an ISO date",
    ]


def test_an_ftm_list_needs_an_id() -> None:
    with pytest.raises(InvalidInput, match=r"a ftm list needs a list id \(--list-id\)"):
        default_list_id(ListFormat.FTM)
    assert default_list_id(ListFormat.OFAC_SDN) == "us-ofac-sdn"
