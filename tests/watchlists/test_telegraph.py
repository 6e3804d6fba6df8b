"""Chinese Commercial Codes decode to the Hanzi that Unihan's telegraph tables give."""

from __future__ import annotations

import pytest

from counterpart.domain.errors import InvalidInput
from counterpart.watchlists.telegraph import decode_telegraph, load_telegraph_table


def test_zheng_fujing_decodes_to_mainland_and_taiwan_forms() -> None:
    # SDN ent_num 26236: "Chinese Commercial Code 6774 4395 2529". Unihan 15.0:
    # U+90D1 郑 kMainlandTelegraph 6774, U+912D 鄭 kTaiwanTelegraph 6774,
    # U+798F 福 4395, U+666F 景 2529 (井 is 0064).
    name = decode_telegraph("6774 4395 2529")
    assert name.mainland == "郑福景"
    assert name.taiwan == "鄭福景"
    assert name.forms() == ("郑福景", "鄭福景")


def test_a_name_written_alike_on_both_sides_has_one_form() -> None:
    assert decode_telegraph("1728 4320").forms() == ("张磊", "張磊")
    assert decode_telegraph("0001 0002").forms() == ("一丁",)


def test_table_covers_both_telegraph_fields() -> None:
    table = load_telegraph_table()
    assert len(table) > 9000
    assert table["6774"] == ("郑", "鄭")


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ("", "empty Chinese Commercial Code"),
        ("677", "'677' is not a four-digit Chinese Commercial Code"),
        ("67740", "'67740' is not a four-digit Chinese Commercial Code"),
        ("9999", "Chinese Commercial Code 9999 has no character in Unihan"),
    ],
)
def test_bad_codes_are_named(codes: str, message: str) -> None:
    with pytest.raises(InvalidInput) as error:
        decode_telegraph(codes)
    assert error.value.message == message
