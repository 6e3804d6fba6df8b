"""Person names across Hanzi, pinyin, Wade-Giles and Cantonese; bad names refused clearly."""

from __future__ import annotations

import pytest

from counterpart.domain.errors import InvalidInput
from counterpart.watchlists.names.hanzi import to_person_pinyin, to_simplified
from counterpart.watchlists.names.persons import compare_person_names, parse_person_name
from counterpart.watchlists.names.romanisation import segment_syllables


def score(a: str, b: str) -> float:
    return compare_person_names(parse_person_name(a), parse_person_name(b)).score


def test_traditional_folds_to_simplified() -> None:
    assert to_simplified("鄭福井") == "郑福井"


@pytest.mark.parametrize(
    ("hanzi", "family", "given"),
    [
        ("曾志伟", "zeng", "zhiwei"),
        ("单田芳", "shan", "tianfang"),
        ("解振华", "xie", "zhenhua"),
        ("仇晓东", "qiu", "xiaodong"),
        ("区志坚", "ou", "zhijian"),
        ("朴成哲", "piao", "chengzhe"),
        ("查良镛", "zha", "liangyong"),
        ("欧阳明", "ouyang", "ming"),
    ],
)
def test_surnames_read_as_surnames(hanzi: str, family: str, given: str) -> None:
    family_pinyin, given_pinyin = to_person_pinyin(hanzi)
    assert ("".join(family_pinyin), "".join(given_pinyin)) == (family, given)


def test_syllables_are_segmented_fewest_first() -> None:
    assert segment_syllables("fujing", "pinyin")[0] == ("fu", "jing")
    assert segment_syllables("hsiaoping", "wade_giles")[0] == ("hsiao", "ping")
    assert segment_syllables("william", "pinyin") == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("郑福井", "ZHENG, Fujing"),
        ("鄭福井", "Fujing Zheng"),
        ("Zheng Fu-jing", "Zheng Fujing"),
        ("Zheng Fu Jing", "ZHENG, Fujing"),
        ("Chou Wen-mei", "Zhou Wenmei"),
        ("Teng Hsiao-p'ing", "邓小平"),
        ("Cheung Lui", "Zhang Lei"),
        ("Tsang Chi Wai", "曾志偉"),
        ("Chan Ka Ho", "陳家豪"),
        ("Au Yeung Ming", "Ouyang Ming"),
        ("Ssu-ma Kuang", "Sima Guang"),
    ],
)
def test_same_person_across_spellings(a: str, b: str) -> None:
    assert score(a, b) >= 0.95


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zhang Lei", "Zhang Lin"),
        ("张磊", "张林"),
        ("Chang Lei", "Zhang Lin"),
        ("Li Wei", "Liu Wei"),
        ("Zhang Jicheng", "Zhang Jiacheng"),
    ],
)
def test_different_people_sharing_a_surname(a: str, b: str) -> None:
    assert score(a, b) < 0.7


def test_hanzi_homophones_are_only_possible() -> None:
    result = compare_person_names(parse_person_name("张伟"), parse_person_name("张炜"))
    assert result.score == 0.75
    assert "read alike" in result.reason


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("-- ..!", "no letters"),
        ("x" * 10_240, "limit"),
        ("Bаnk Melli", "mixes scripts"),
        ("Иван Петров", "no Latin or Han letters"),
    ],
)
def test_bad_names_are_refused_with_the_reason(name: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        parse_person_name(name, "query 7")
    assert caught.value.where == "query 7"
