"""Crypto wallet addresses: checked, one canonical form per address, and look-alikes (poisoning).

Canonical forms: URI prefixes (`bitcoin:`, `ethereum:`) and query strings removed; Ethereum
(and other EVM) addresses as `0x` + 40 lowercase hex digits, whether given with or without
`0x` and in EIP-55 mixed case (the checksum case carries no identity); bech32 (`bc1...`)
lowercase; base58 addresses (legacy bitcoin, Tron) kept as written, since their case matters.

Each form's checksum is checked where the address carries one: EIP-55 for a mixed-case EVM
address (keccak-256, pycryptodome; all-lower and all-upper carry none), BIP-173 bech32 and
BIP-350 bech32m with the segwit rules (Pieter Wuille's reference code, package `bech32m`),
and base58check (package `base58`) for the 25- and 26-byte payloads of Bitcoin, Litecoin,
Tron, Zcash and their kin. A typo in an address then fails loudly instead of matching nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import base58
import bech32m
from bech32m import codecs as bech32_codecs
from Crypto.Hash import keccak

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, message

LOOKALIKE_ENDS = 4  # poisoning addresses copy at least the first and last 4 characters
_HEX40 = re.compile(r"^(0x)?[0-9a-fA-F]{40}$")
_BECH32 = re.compile(r"^(bc|tb|ltc)1[02-9ac-hj-np-z]{6,87}$")
_BASE58 = re.compile(r"^[1-9A-HJ-NP-Za-km-z]{25,44}$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!//)", re.IGNORECASE)
# A base58check payload: a version of 1 or 2 bytes, a 20-byte hash, a 4-byte checksum. Other
# base58 addresses (Solana's 32-byte keys) carry no checksum and are kept unchecked.
_BASE58CHECK_SIZES = (25, 26)
_BASE58_ALPHABETS = (base58.BITCOIN_ALPHABET, base58.XRP_ALPHABET)
MAX_WITNESS_VERSION = 16
# The payment URI schemes (BIP-21 and the wallets that follow its form; EIP-681 for EVM
# chains) of the chains whose addresses are read here, and the address families each takes.
# Text in one of them is an address or an error, never a name to screen.
PAYMENT_SCHEMES: dict[str, tuple[str, ...]] = {
    "bitcoin": ("bech32", "base58"),
    "litecoin": ("bech32", "base58"),
    "dogecoin": ("base58",),
    "dash": ("base58",),
    "zcash": ("base58",),
    "bitcoincash": ("base58",),  # a cashaddr is not read here: refused, not screened as a name
    "tron": ("base58",),
    "solana": ("base58",),
    "ripple": ("base58",),
    "ethereum": ("evm",),
}
_BECH32_CHAIN = {"bc": "bitcoin", "tb": "bitcoin", "ltc": "litecoin"}


class AddressChecksumError(InvalidInput):
    """An address in a known form whose checksum (or segwit rule) fails: a typo, most likely."""


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
    """The canonical Wallet of an address or payment URI.

    InvalidInput if it is neither, or a payment URI of a known chain without an address of
    that chain; AddressChecksumError if it has an address's form and its checksum fails.
    """
    value = text.strip()
    scheme = payment_scheme(value)
    if scheme is not None:
        return _wallet_in_uri(text, scheme, where)
    if _SCHEME.match(value):
        value = value.split(":", 1)[1]
    value = re.split(r"[?@/]", value, maxsplit=1)[0].strip()
    wallet = _to_address(value, where)
    if wallet is None:
        raise InvalidInput(f"{text[:80]!r} is not a wallet address or payment URI", where=where)
    return wallet


def payment_scheme(text: str) -> str | None:
    """The scheme of a payment URI of a chain read here (`bitcoin`, `ethereum`, ...), or None.

    A URI has no space after its colon: `Ripple: Labs Inc` is a name.
    """
    value = text.strip()
    found = _SCHEME.match(value)
    if found is None or value[found.end() : found.end() + 1].isspace():
        return None
    scheme = found.group(0)[:-1].lower()
    return scheme if scheme in PAYMENT_SCHEMES else None


def address_in_uri(text: str) -> str:
    """The payee's address in a payment URI: BIP-21 `bitcoin:ADDR?amount=..`, EIP-681
    `ethereum:[pay-]ADDR[@chain][/function]?params`, where a token `transfer` pays the
    `address` parameter, not the token's contract before it. Empty when there is none."""
    rest = text.strip().split(":", 1)[1]
    target, _, query = rest.partition("?")
    target = target.removeprefix("pay-")
    function = target.partition("/")[2]
    params = dict(pair.partition("=")[::2] for pair in query.split("&") if pair)
    if function == "transfer" and params.get("address"):
        return params["address"].strip()
    return re.split(r"[@/]", target, maxsplit=1)[0].strip()


def _wallet_in_uri(text: str, scheme: str, where: str) -> Wallet:
    address = address_in_uri(text)
    if not address:
        said = N_("%(text)s is a payment URI (%(scheme)s:) without an address")
        raise InvalidInput(message(said, text=repr(text.strip()[:80]), scheme=scheme), where=where)
    wallet = _to_address(address, where)
    if wallet is None or not _is_of_chain(wallet, scheme):
        said = N_(
            "%(text)s is a payment URI (%(scheme)s:), but %(address)s is no %(scheme)s address"
        )
        shown = repr(text.strip()[:80])
        raise InvalidInput(
            message(said, text=shown, scheme=scheme, address=address[:80]), where=where
        )
    return wallet


def _is_of_chain(wallet: Wallet, scheme: str) -> bool:
    if wallet.family not in PAYMENT_SCHEMES[scheme]:
        return False
    return wallet.family != "bech32" or _BECH32_CHAIN[wallet.address.split("1", 1)[0]] == scheme


def _to_address(value: str, where: str) -> Wallet | None:
    """The Wallet of a bare address; None if it has no address's form."""
    if _HEX40.match(value):
        check_eip55(value[-40:], where)
        return Wallet("0x" + value[-40:].lower(), "evm")
    if _BECH32.match(value.lower()):
        check_segwit(value, where)
        return Wallet(value.lower(), "bech32")
    if _BASE58.match(value):
        check_base58(value, where)
        return Wallet(value, "base58")
    return None


def to_eip55(hex40: str) -> str:
    """The EIP-55 mixed-case form of 40 hex digits: a letter is upper case where the same
    nibble of keccak-256(the lowercase hex) is 8 or more."""
    lower = hex40.lower()
    digest = keccak.new(data=lower.encode("ascii"), digest_bits=256).hexdigest()
    return "".join(
        char.upper() if int(nibble, 16) >= 8 else char
        for char, nibble in zip(lower, digest, strict=False)
    )


def check_eip55(hex40: str, where: str) -> None:
    """Refuse a mixed-case EVM address whose case is not its EIP-55 checksum."""
    letters = [char for char in hex40 if char.isalpha()]
    if all(char.islower() for char in letters) or all(char.isupper() for char in letters):
        return  # one case throughout: the address carries no checksum
    if hex40 != to_eip55(hex40):
        raise AddressChecksumError(
            f"0x{hex40} fails its EIP-55 checksum: its mixed case does not match its digits, "
            "so a character was probably mistyped (give it all in lowercase to skip the check)",
            where=where,
        )


def check_segwit(value: str, where: str) -> None:
    """Refuse a bech32 address whose checksum or segwit program fails BIP-173/BIP-350."""
    if not (value.islower() or value.isupper()):
        raise AddressChecksumError(
            f"{value} mixes upper and lower case, which a bech32 address may not (BIP-173)",
            where=where,
        )
    address = value.lower()
    hrp = address.split("1", 1)[0]
    try:
        _, data, encoding = bech32_codecs.bech32_decode(address)
    except bech32m.DecodeError as exc:
        raise AddressChecksumError(
            f"{address} fails its bech32 checksum (BIP-173/BIP-350): a character was probably "
            "mistyped",
            where=where,
        ) from exc
    try:
        bech32m.decode(hrp, address)
    except bech32m.DecodeError as exc:
        raise AddressChecksumError(
            f"{address} is not a valid segwit address: {segwit_problem(data, encoding)}",
            where=where,
        ) from exc


def segwit_problem(data: bytes | memoryview, encoding: bech32_codecs.Encoding) -> str:
    """Which BIP-173/BIP-350 rule a bech32 string with a good checksum breaks."""
    if not data:
        return "it has no witness version or program"
    version = data[0]
    if version > MAX_WITNESS_VERSION:
        return f"witness version {version} is over {MAX_WITNESS_VERSION}"
    wanted = bech32_codecs.Encoding.BECH32 if version == 0 else bech32_codecs.Encoding.BECH32M
    if encoding != wanted:
        kind = "bech32" if version == 0 else "bech32m"
        return f"witness version {version} needs a {kind} checksum (BIP-350)"
    try:
        program = bech32_codecs.convertbits(data[1:], 5, 8, False)
    except bech32m.DecodeError:
        return "its witness program is not padded as BIP-173 requires"
    if version == 0:
        return f"a version 0 witness program has 20 or 32 bytes, not {len(program)} (BIP-141)"
    return f"a witness program has 2 to 40 bytes, not {len(program)}"


def check_base58(value: str, where: str) -> None:
    """Refuse a base58 address of a base58check size whose checksum fails in every alphabet
    it has that size in (Bitcoin's, and Ripple's)."""
    checkable = False
    for alphabet in _BASE58_ALPHABETS:
        if len(base58.b58decode(value, alphabet=alphabet)) not in _BASE58CHECK_SIZES:
            continue  # not a base58check payload here (Solana's keys carry no checksum)
        checkable = True
        try:
            base58.b58decode_check(value, alphabet=alphabet)
        except ValueError:
            continue
        return
    if checkable:
        raise AddressChecksumError(
            f"{value} fails its base58check checksum: a character was probably mistyped",
            where=where,
        )


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
