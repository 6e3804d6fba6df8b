"""Scores explained feature by feature; identifiers and wallets decide strongly."""

from __future__ import annotations

from counterpart.domain.parties import Identifier, MatchVerdict, Schema
from counterpart.watchlists.scoring import FEATURES, Party, Thresholds, score_parties
from counterpart.watchlists.wallets import to_eip55, to_wallet

THRESHOLDS = Thresholds(match=0.85, possible=0.7)
USCC = "91420100MA4K2X5X2L"


def test_every_feature_explains_itself() -> None:
    assert all(feature.__doc__ and len(feature.__doc__) > 40 for feature in FEATURES)


def test_hanzi_and_pinyin_match_with_a_reason() -> None:
    result = score_parties(
        Party(Schema.PERSON, ("郑福井",)), Party(Schema.PERSON, ("ZHENG, Fujing",)), THRESHOLDS
    )
    assert (result.score, result.verdict) == (1.0, MatchVerdict.MATCH)
    assert result.reasons[0].startswith("name: ")


def test_same_identifier_decides_for() -> None:
    a = Party(Schema.COMPANY, ("湖北精奥生物科技有限公司",), (Identifier("uscCode", USCC),))
    b = Party(Schema.COMPANY, ("Amarvel Biotech Co., Ltd.",), (Identifier("uscCode", USCC),))
    result = score_parties(a, b, THRESHOLDS)
    assert result.verdict is MatchVerdict.MATCH
    assert f"identifier: same uscCode {USCC}" in result.reasons


def test_conflicting_identifier_decides_against() -> None:
    a = Party(Schema.PERSON, ("张磊",), (Identifier("idNumber", "320202197601030513"),))
    b = Party(Schema.PERSON, ("ZHANG, Lei",), (Identifier("idNumber", "110101199003070038"),))
    result = score_parties(a, b, THRESHOLDS)
    assert result.score == 0.3
    assert result.verdict is MatchVerdict.NO_MATCH


def test_person_is_never_a_company() -> None:
    a = Party(Schema.PERSON, ("Hengda",))
    b = Party(Schema.COMPANY, ("Hengda",))
    assert score_parties(a, b, THRESHOLDS).score == 0.0


def test_lookalike_wallet_is_possible_poisoning() -> None:
    real = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    fake = "0x" + to_eip55(real[2:10] + "0" * 26 + real[-6:])  # a valid address, as poisoners use
    a = Party(Schema.CRYPTO_WALLET, wallets=(to_wallet(real),))
    b = Party(Schema.CRYPTO_WALLET, wallets=(to_wallet(fake),))
    result = score_parties(a, b, THRESHOLDS)
    assert result.verdict is MatchVerdict.POSSIBLE
    assert "possible address poisoning" in result.reasons[0]


def test_birth_years_apart_lower_the_score() -> None:
    a = Party(Schema.PERSON, ("Zhang Lei",), birth_dates=("1976-01-03",))
    b = Party(Schema.PERSON, ("张磊",), birth_dates=("1990",))
    assert score_parties(a, b, THRESHOLDS).score == 0.7
