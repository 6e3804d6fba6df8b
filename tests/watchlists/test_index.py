"""Candidate retrieval: the right entry comes back across scripts, orders and forms."""

from __future__ import annotations

from counterpart.domain.parties import Identifier, ListEntry, Schema
from counterpart.watchlists.index import PartyIndex
from counterpart.watchlists.matching import party_from_text

ENTRIES = [
    ListEntry("t", "1", Schema.PERSON, ("ZHENG, Fujing",)),
    ListEntry("t", "2", Schema.PERSON, ("ZHENG, Fuping",)),
    ListEntry("t", "3", Schema.PERSON, ("ZHANG, Lei", "张磊")),
    ListEntry("t", "4", Schema.LEGAL_ENTITY, ("HUBEI JINGAO BIOTECHNOLOGY CO., LTD.",)),
    ListEntry("t", "5", Schema.LEGAL_ENTITY, ("WUHAN HENGDA CHEMICAL CO., LTD.",)),
    ListEntry(
        "t",
        "6",
        Schema.PERSON,
        ("YAN, Xiaobing",),
        (Identifier("publicKey", "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h", currency="XBT"),),
    ),
]


def first_id(index: PartyIndex, text: str) -> str:
    return index.candidates(party_from_text(text, "q"))[0].entry_id


def test_candidates_across_scripts_orders_and_forms() -> None:
    index = PartyIndex(ENTRIES)
    assert first_id(index, "郑福井") == "1"
    assert first_id(index, "Fu-jing Zheng") == "1"
    assert first_id(index, "張磊") == "3"
    assert first_id(index, "湖北精奥生物科技有限公司") == "4"
    assert first_id(index, "Jingao Bio-Tech Company Limited") == "4"
    assert first_id(index, "bitcoin:12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h") == "6"


def test_unrelated_query_finds_nothing() -> None:
    index = PartyIndex(ENTRIES)
    assert index.candidates(party_from_text("Banco Nacional de Cuba", "q")) == []


def test_empty_index() -> None:
    assert PartyIndex([]).candidates(party_from_text("Zheng Fujing", "q")) == []


def test_query_of_unknown_kind_is_read_as_person_and_as_company() -> None:
    # "SA" reads as a legal form (S.A.), yet Khun Sa is a person on the SDN list.
    index = PartyIndex([*ENTRIES, ListEntry("t", "7", Schema.PERSON, ("CHANG, Chi Fu", "KHUN SA"))])
    assert first_id(index, "KHUN SA") == "7"


def test_same_brand_elsewhere_ranks_after_same_place_and_trade() -> None:
    others = [
        ListEntry("t", f"o{n}", Schema.LEGAL_ENTITY, (f"{place} HENGDA {trade} CO., LTD.",))
        for n, (place, trade) in enumerate(
            [("SHANGHAI", "TRADING"), ("NANJING", "PHARMACEUTICAL"), ("BEIJING", "LOGISTICS")]
        )
    ]
    index = PartyIndex([*others, *ENTRIES])
    assert first_id(index, "武汉恒达化工有限公司") == "5"
