"""Wallet addresses: canonical forms and look-alikes."""

from __future__ import annotations

import pytest

from counterpart.domain.errors import InvalidInput
from counterpart.watchlists.wallets import is_lookalike, to_wallet

ETH = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"  # EIP-55 test vector
BTC = "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"  # on the SDN list (YAN, Xiaobing)


@pytest.mark.parametrize(
    "form",
    [ETH, ETH.lower(), ETH[2:], ETH[2:].upper(), f"ethereum:{ETH}", f"ethereum:{ETH}@1?value=1"],
)
def test_ethereum_forms_are_one_address(form: str) -> None:
    assert to_wallet(form).address == ETH.lower()


def test_bitcoin_uri_and_bech32_case() -> None:
    assert to_wallet(f"bitcoin:{BTC}?amount=0.5").address == BTC
    bech32 = "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"
    assert to_wallet(bech32) == to_wallet(bech32.lower())


def test_base58_case_matters() -> None:
    assert to_wallet(BTC) != to_wallet(BTC.replace("Qt", "qt"))


def test_lookalike_shares_both_ends() -> None:
    poisoned = to_wallet(BTC[:6] + "9" * (len(BTC) - 12) + BTC[-6:])
    assert is_lookalike(to_wallet(BTC), poisoned)
    assert not is_lookalike(to_wallet(BTC), to_wallet("1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo"))


@pytest.mark.parametrize("text", ["", "hello world", "0x123", "bitcoin:"])
def test_non_addresses_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="not a wallet address"):
        to_wallet(text, "row 3")
