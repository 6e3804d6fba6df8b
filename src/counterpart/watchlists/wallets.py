"""Crypto wallet addresses: one canonical form per address, and look-alikes (address poisoning).

Canonical forms: URI prefixes (`bitcoin:`, `ethereum:`) and query strings removed; Ethereum
(and other EVM) addresses as `0x` + 40 lowercase hex digits, whether given with or without
`0x` and in EIP-55 mixed case (the checksum case carries no identity); bech32 (`bc1...`)
lowercase; base58 addresses (legacy bitcoin, Tron) kept as written, since their case matters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counterpart.domain.errors import InvalidInput

LOOKALIKE_ENDS = 4  # poisoning addresses copy at least the first and last 4 characters
_HEX40 = re.compile(r"^(0x)?[0-9a-fA-F]{40}$")
_BECH32 = re.compile(r"^(bc|tb|ltc)1[02-9ac-hj-np-z]{6,87}$")
_BASE58 = re.compile(r"^[1-9A-HJ-NP-Za-km-z]{25,44}$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!//)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Wallet:
    """A wallet address in canonical form; `family` is evm, bech32 or base58."""

    address: str
    family: str

    @property
    def body(self) -> str:
        """The part that differs between addresses: without `0x` or the bech32 prefix."""
        if self.family == "evm":
            return self.address[2:]
        if self.family == "bech32":
            return self.address.split("1", 1)[1][1:]  # after "bc1" and the witness version
        return self.address


def to_wallet(text: str, where: str = "address") -> Wallet:
    """The canonical Wallet of an address or payment URI; InvalidInput if it is neither."""
    value = text.strip()
    if _SCHEME.match(value):
        value = value.split(":", 1)[1]
    value = re.split(r"[?@/]", value, maxsplit=1)[0].strip()
    if _HEX40.match(value):
        return Wallet("0x" + value[-40:].lower(), "evm")
    if _BECH32.match(value.lower()) and (value.islower() or value.isupper()):
        return Wallet(value.lower(), "bech32")
    if _BASE58.match(value):
        return Wallet(value, "base58")
    raise InvalidInput(f"{text[:80]!r} is not a wallet address or payment URI", where=where)


def is_wallet(text: str) -> bool:
    """Whether a text reads as a wallet address (used to route a bare query)."""
    try:
        to_wallet(text)
    except InvalidInput:
        return False
    return True


def is_lookalike(a: Wallet, b: Wallet) -> bool:
    """Different addresses sharing their first and last characters: possible poisoning."""
    if a == b or a.family != b.family:
        return False
    ends = LOOKALIKE_ENDS
    return a.body[:ends] == b.body[:ends] and a.body[-ends:] == b.body[-ends:]


def lookalike_key(wallet: Wallet) -> str:
    """A key shared by an address and its look-alikes, for candidate retrieval."""
    return f"{wallet.family}:{wallet.body[:LOOKALIKE_ENDS]}…{wallet.body[-LOOKALIKE_ENDS:]}"
