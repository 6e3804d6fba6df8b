"""The OFAC SDN parser on the real July 2021 files and on damaged copies."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import Identifier, ListEntry, Schema
from counterpart.watchlists.sources import ListFormat, parse_list


def split_rows(rows: list[ListEntry | InvalidInput]) -> tuple[list[ListEntry], list[str]]:
    entries = [row for row in rows if isinstance(row, ListEntry)]
    errors = [str(row) for row in rows if isinstance(row, InvalidInput)]
    return entries, errors


@pytest.fixture(scope="module")
def sdn_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "shared/data/sanctions/ofac-sdn-2021"


@pytest.fixture(scope="module")
def sdn(sdn_dir: Path) -> dict[str, ListEntry]:
    entries, errors = split_rows(list(parse_list(ListFormat.OFAC_SDN, [sdn_dir], "us-ofac-sdn")))
    assert errors == []
    return {entry.entry_id: entry for entry in entries}


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as lines:
        return [row for row in csv.reader(lines) if len(row) > 1]


def test_every_entry_loads_with_its_schema(sdn: dict[str, ListEntry]) -> None:
    assert len(sdn) == 8976
    assert Counter(entry.schema for entry in sdn.values()) == {
        Schema.PERSON: 4620,
        Schema.LEGAL_ENTITY: 3673,
        Schema.VESSEL: 406,
        Schema.AIRPLANE: 277,
    }


def test_every_alias_and_address_is_attached(sdn: dict[str, ListEntry], sdn_dir: Path) -> None:
    aliases = read_csv(sdn_dir / "alt.csv")
    assert len(aliases) == 11910
    # Names are stored with runs of spaces collapsed (four aliases have double spaces).
    assert all(" ".join(row[3].split()) in sdn[row[0]].names for row in aliases)
    addresses = [row for row in read_csv(sdn_dir / "add.csv") if row[2:5] != ["-0- "] * 3]
    assert sum(len(entry.addresses) for entry in sdn.values()) == len(addresses) == 11440


def test_remarks_overflow_is_joined(sdn: dict[str, ListEntry]) -> None:
    entry = sdn["28264"]
    assert entry.remarks.endswith("a.k.a. 'khaleesi'; Linked To: LAZARUS GROUP.")
    assert Identifier("idNumber", "210302198701102136", country="China", valid=True) in (
        entry.identifiers
    )


def test_sdntk_chinese_entries_get_their_hanzi_names(sdn: dict[str, ListEntry]) -> None:
    coded = {key: e for key, e in sdn.items() if "chineseCommercialCode" in e.extra}
    assert len(coded) == 12
    assert all(entry.programs == ("SDNTK",) for entry in coded.values())
    assert sdn["26236"].names == ("ZHENG, Fujing", "郑福景", "鄭福景")
    assert sdn["26236"].extra["weakAlias"] == ("JIN, Gordon", "DENG, Gao", "ZHENG, Gordon")
    assert sdn["16318"].names == (
        "ZHANG, Lei", "CHANG, Eric", "LEI, Zhang", "ZHANG, Shi", "张磊", "張磊"
    )  # fmt: skip
    assert all(len(e.names) > 1 and e.names[-1][0] >= "\u4e00" for e in coded.values())


def test_wallets_keep_their_currency(sdn: dict[str, ListEntry]) -> None:
    wallets = [i for e in sdn.values() for i in e.identifiers if i.kind == "publicKey"]
    # 81 labels in sdn.csv, 15 in sdn_comments.csv, and one split across the two files.
    assert len(wallets) == 97
    assert Counter(w.currency for w in wallets)["XBT"] == 65
    zheng = [i for i in sdn["26323"].identifiers if i.kind == "publicKey"]
    assert [(w.currency, w.value) for w in zheng] == [
        ("XBT", "33Kja69SQVc8kozpoP7Qw6HFtGxHkiWzTz"),
        ("XBT", "3MkUNScqf21EcfWq6T4x2MFgBeSTqhB5t6"),
        ("XBT", "18uKfaUjgG52rVeXEi3wxnveww7zZuECtE"),
        ("LTC", "LaizKtS5DUhPuP1nTQcc83MS7HwK6vk85z"),
    ]


def test_programs_dates_and_vessel_fields(sdn: dict[str, ListEntry]) -> None:
    assert sdn["26236"].birth_dates == ("1983-06-11",)
    assert sdn["26236"].countries == ("China",)
    multi = [e for e in sdn.values() if len(e.programs) > 1]
    assert multi and all("]" not in p and "[" not in p for e in multi for p in e.programs)
    vessel = next(e for e in sdn.values() if e.schema is Schema.VESSEL and "flag" in e.extra)
    assert vessel.extra["flag"][0]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_rows_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    good = '1,"ZHENG, Fujing","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    sdn = write(
        tmp_path / "sdn.csv",
        good
        + '2,"SHORT ROW","individual"\n'
        + 'x3,"BAD NUMBER",-0- ,"SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
        + '4,"...",-0- ,"SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
        + '5," ",-0- ,"SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
        + f'6,"{"A" * 10_240}",-0- ,"SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
        + '7,"ROBOT",-0- ,"SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        + '"Chinese Commercial Code 9999"\n'
        + '8,"A SUBMARINE","submarine","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
        + '9,"GOOD CO.",-0- ,"SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n',
    )
    alt = write(tmp_path / "alt.csv", '9,1,"aka","!!!",-0- \n99,2,"aka","NOBODY",-0- \n')
    entries, errors = split_rows(list(parse_list(ListFormat.OFAC_SDN, [sdn, alt], "x")))
    assert [e.entry_id for e in entries] == ["1", "7", "9"]
    assert entries[2].names == ("GOOD CO.",)
    assert errors == [
        "sdn.csv:line 2: expected 12 fields, found 3",
        "sdn.csv:line 3: ent_num 'x3' is not a number",
        "sdn.csv:line 4: name '...' has no letter or digit",
        "sdn.csv:line 5: empty name",
        "sdn.csv:line 6: name of 10240 characters is longer than 1000",
        "sdn.csv:line 7: Chinese Commercial Code 9999 has no character in Unihan",
        "sdn.csv:line 8: unknown SDN_Type 'submarine'",
        "sdn.csv:line 9: alias skipped: name '!!!' has no letter or digit",
        "alt.csv:line 2: ent_num 99 is not in sdn.csv",
    ]


def test_sdn_csv_is_required(tmp_path: Path) -> None:
    alt = write(tmp_path / "alt.csv", "")
    with pytest.raises(
        InvalidInput, match=r"no sdn\.csv in .*alt\.csv \(give the SDN directory or its files\)"
    ):
        list(parse_list(ListFormat.OFAC_SDN, [alt], "x"))
    other = write(tmp_path / "entities.csv", "")
    with pytest.raises(InvalidInput, match=r"not an SDN file: entities\.csv"):
        list(parse_list(ListFormat.OFAC_SDN, [other], "x"))
