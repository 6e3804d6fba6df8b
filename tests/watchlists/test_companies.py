"""Chinese company names: place + brand + industry + legal form, in Hanzi and in English."""

from __future__ import annotations

import pytest

from counterpart.watchlists.names.companies import compare_company_names, parse_company_name


def score(a: str, b: str) -> float:
    return compare_company_names(parse_company_name(a), parse_company_name(b)).score


def test_hanzi_name_is_parsed_into_its_parts() -> None:
    company = parse_company_name("湖北精奥生物科技有限公司")
    assert (company.place, company.brand_hanzi) == ("hubei", "精奥")
    assert company.industries == {"生物科技"}
    assert company.legal_forms == {"有限公司"}


def test_english_name_is_parsed_into_its_parts() -> None:
    company = parse_company_name("Nanjing Kangda Imp. & Exp. Co. Ltd")
    assert company.place == "nanjing"
    assert [token.text for token in company.brand] == ["kangda"]
    assert company.industries == {"进出口"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("湖北精奥生物科技有限公司", "Hubei Jingao Biotechnology Co., Ltd."),
        ("湖北精奧生物科技有限公司", "HUBEI JINGAO BIO-TECH COMPANY LIMITED"),
        ("Hubei Jingao Biological Technology Co Ltd", "Hubei Jingao Bio-Tech Company Limited"),
        ("郑州新天地化工有限公司", "Zhengzhou Xin Tian Di Chemical Industry Co Ltd"),
        ("Jingao Biotechnology Co., Ltd.", "湖北精奥生物科技有限公司"),
    ],
)
def test_same_company_across_scripts_and_renderings(a: str, b: str) -> None:
    assert score(a, b) >= 0.95


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wuhan Hengda Chemical Co., Ltd.", "Wuhan Hengtai Chemical Co., Ltd."),
        ("武汉恒达化工有限公司", "武汉恒泰化工有限公司"),
        ("武漢恆達化工有限公司", "Wuhan Hengtai Chemical Co., Ltd."),
        ("郑州新天地化工有限公司", "郑州新天化工有限公司"),
    ],
)
def test_another_brand_in_the_same_city_and_industry_is_not_a_match(a: str, b: str) -> None:
    assert score(a, b) < 0.7


def test_same_brand_in_another_city_is_lowered() -> None:
    result = compare_company_names(
        parse_company_name("Wuhan Hengda Chemical Co., Ltd."),
        parse_company_name("Shanghai Hengda Chemical Co., Ltd."),
    )
    assert result.score == pytest.approx(0.8)
    assert "different places: wuhan / shanghai" in result.reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Nanjing Kangda Import and Export Co., Ltd.",
            "Nanjing Kangtai Import and Export Co., Ltd.",
        ),
        ("南京康達進出口有限公司", "Nanjing Kangtai Import and Export Co., Ltd."),
    ],
)
def test_brands_alike_only_by_mixing_romanisations_are_at_most_possible(a: str, b: str) -> None:
    """Kangtai is kang (pinyin) + tai (Cantonese for 大 da): syllable by syllable it lines up
    with Kangda, but no one system spells both alike."""
    result = compare_company_names(parse_company_name(a), parse_company_name(b))
    assert result.score == 0.75
