"""Hong Kong Cantonese spellings read from Unihan's kCantonese (Jyutping), and real Hong Kong
names matched against their Hanzi."""

from __future__ import annotations

import pytest

from counterpart.watchlists.names.jyutping import (
    is_common_character,
    to_hk_spellings,
    to_plain_pinyin,
    unihan_spelling_table,
)
from counterpart.watchlists.names.persons import compare_person_names, parse_person_name
from counterpart.watchlists.names.romanisation import read_table, readings_of


def score(a: str, b: str) -> float:
    return compare_person_names(parse_person_name(a), parse_person_name(b)).score


@pytest.mark.parametrize(
    ("jyutping", "spellings"),
    [
        ("dang6", ("tang",)),  # 鄧 Tang
        ("zoeng1", ("cheung", "tseung")),  # 張 Cheung
        ("jeon6", ("yun",)),  # 潤 Yun
        ("syun1", ("suen", "sun", "shuen", "shun")),  # 孫 Suen
        ("gwok3", ("kwok",)),  # 郭 Kwok
        ("jam6", ("yam",)),  # 任 Yam
        ("ngaan4", ("ngan",)),  # 顏 Ngan
        ("zaak6", ("chak", "tsak")),  # 澤 Chak
        ("si1", ("sze", "si", "see")),  # 思 Sze
        ("ng4", ("ng",)),  # 吳 Ng
        ("jyun4", ("yuen",)),  # 袁 Yuen
        ("xyz1", ()),  # not Jyutping
    ],
)
def test_jyutping_is_spelled_as_hong_kong_spells_it(
    jyutping: str, spellings: tuple[str, ...]
) -> None:
    assert to_hk_spellings(jyutping) == spellings


def test_pinyin_loses_its_tones_and_writes_u_umlaut_as_v() -> None:
    assert [to_plain_pinyin(p) for p in ("zhōu", "lǚ", "nüè", "rùn")] == [
        "zhou",
        "lv",
        "nve",
        "run",
    ]


def test_only_common_characters_are_read() -> None:
    assert all(is_common_character(char) for char in "澤潤顏曉鄒任飛正平周泽润颜晓邹")
    assert not is_common_character("龘")  # in Unihan, in no name
    assert not is_common_character("a")


# The nine syllables the hand-written table lacked (docs/party-screening.md, issue 3), each
# with the pinyin of characters Hong Kong names spell that way.
NINE = {
    "chak": {"ze", "ce", "zhai"},  # 澤 擇 策 窄
    "chau": {"zhou", "zou", "chou"},  # 周 鄒 抽
    "ching": {"zheng", "jing", "qing", "cheng"},  # 正 精 清 程
    "fei": {"fei"},  # 飛 菲
    "hiu": {"xiao"},  # 曉
    "ngan": {"yan", "yin"},  # 顏 銀
    "ping": {"ping", "bing"},  # 平 兵
    "yam": {"ren", "yin"},  # 任 蔭
    "yun": {"run"},  # 潤
}


@pytest.mark.parametrize(("spelling", "pinyin"), sorted(NINE.items()))
def test_the_nine_missing_syllables_are_read_from_unihan(spelling: str, pinyin: set[str]) -> None:
    hand_written = {row[0] for row in read_table("cantonese.tsv")}
    assert spelling not in hand_written
    assert pinyin <= readings_of(spelling, "cantonese")
    assert readings_of(spelling, "cantonese") == unihan_spelling_table()[spelling]


def test_the_hand_written_table_wins_where_it_has_the_spelling() -> None:
    assert readings_of("chan", "cantonese") == {"chen", "zhan"}
    assert readings_of("chan", "cantonese") != unihan_spelling_table()["chan"]


@pytest.mark.parametrize(
    ("hong_kong", "hanzi"),
    [
        ("Chow Yun Fat", "周潤發"),  # actor
        ("Tsang Yam Kuen", "曾蔭權"),  # Donald Tsang, Chief Executive 2005-2012
        ("So Chak Kwong", "蘇澤光"),  # Jack So, Executive Council
        ("Lam Ching Choi", "林正財"),  # Executive Council
        ("Leung Chun Ying", "梁振英"),  # Chief Executive 2012-2017
        ("LEE, Ka Chiu", "李家超"),  # Chief Executive from 2022
        ("Chow Sing Chi", "周星馳"),  # Stephen Chow
        ("Chow Yun Fat", "周润发"),  # the simplified form
    ],
)
def test_real_hong_kong_names_match_their_hanzi(hong_kong: str, hanzi: str) -> None:
    assert score(hong_kong, hanzi) >= 0.95


@pytest.mark.parametrize(
    ("hong_kong", "hanzi"),
    [
        ("Chow Yun Fat", "周文发"),  # Man, not Yun
        ("Tsang Yam Kuen", "曾志权"),  # Chi, not Yam
        ("So Chak Kwong", "苏国光"),  # Kwok, not Chak
    ],
)
def test_another_given_name_is_not_a_match(hong_kong: str, hanzi: str) -> None:
    assert score(hong_kong, hanzi) < 0.7
