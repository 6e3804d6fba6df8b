"""Parties and watchlist entries: the vocabulary of party screening (FollowTheMoney terms)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Schema(StrEnum):
    """FollowTheMoney schemata that party screening understands."""

    PERSON = "Person"
    COMPANY = "Company"
    ORGANIZATION = "Organization"
    LEGAL_ENTITY = "LegalEntity"
    CRYPTO_WALLET = "CryptoWallet"
    VESSEL = "Vessel"
    AIRPLANE = "Airplane"


class MatchVerdict(StrEnum):
    MATCH = "match"
    POSSIBLE = "possible"
    NO_MATCH = "no_match"


@dataclass(frozen=True, slots=True)
class Identifier:
    """A typed identifier: `kind` is an FtM property name (passportNumber, uscCode, ...)."""

    kind: str
    value: str
    country: str | None = None
    currency: str | None = None  # for crypto addresses: "XBT", "ETH", "USDT", ...
    valid: bool | None = None  # checksum verdict where one exists (USCC, CN resident ID)


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One entry of one watchlist snapshot, normalised from the list's own format."""

    list_id: str  # "us-ofac-sdn", "us-csl", "un-sc", or an operator-chosen id
    entry_id: str  # the list's own identifier (SDN ent_num, UN DATAID, FtM id)
    schema: Schema
    names: tuple[str, ...]  # primary name first, then aliases
    identifiers: tuple[Identifier, ...] = ()
    birth_dates: tuple[str, ...] = ()  # ISO dates or partial ("1970", "1970-05")
    countries: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    remarks: str = ""
    listed: date | None = None  # as the list states it, when it does
    delisted: date | None = None
    extra: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other FtM properties
