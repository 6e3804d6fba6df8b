"""The matching API: compare two parties, and screen a party against an index of list entries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import Identifier, ListEntry, MatchVerdict, Schema
from counterpart.watchlists.index import PartyIndex, names_sharing_keys, query_key_groups
from counterpart.watchlists.names.companies import parse_company_name
from counterpart.watchlists.names.persons import parse_person_name
from counterpart.watchlists.scoring import (
    COMPARED_KINDS,
    WALLET_PROPERTIES,
    Comparison,
    Party,
    Thresholds,
    party_from_entry,
    score_parties,
)
from counterpart.watchlists.wallets import AddressChecksumError, Wallet, payment_scheme, to_wallet

NAME_PROPERTIES = ("name", "alias", "previousName", "weakAlias")
DEFAULT_LIMIT = 10


@dataclass(frozen=True, slots=True)
class Match:
    """One list entry found for a query, with its score and the reasons for it."""

    entry: ListEntry
    name: str
    comparison: Comparison


def compare_parties(a: Party, b: Party, thresholds: Thresholds) -> Comparison:
    """Score, verdict and reasons for two parties (the Python twin of `compare-parties`)."""
    return score_parties(a, b, thresholds)


def screen_party(
    query: Party,
    index: PartyIndex,
    thresholds: Thresholds,
    on: date | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Match]:
    """The entries of `index` that may be `query`, best first; `on` keeps those listed then."""
    matches = []
    groups = query_key_groups(query)
    keys = set().union(*groups)
    for entry in index.candidates_for_groups(groups):
        if on is not None and not is_listed_on(entry, on):
            continue
        party = replace(party_from_entry(entry), names=names_sharing_keys(entry, keys))
        comparison = score_parties(query, party, thresholds)
        if comparison.verdict is not MatchVerdict.NO_MATCH:
            matches.append(Match(entry, entry.names[0] if entry.names else "", comparison))
        if sum(1 for match in matches if match.comparison.score >= 1.0) >= limit:
            break  # `limit` perfect matches already: no later candidate can rank above them
    matches.sort(key=lambda match: -match.comparison.score)
    return matches[:limit]


def is_listed_on(entry: ListEntry, on: date) -> bool:
    """Whether an entry was on its list on a date, as far as its dates say."""
    if entry.listed is not None and entry.listed > on:
        return False
    return entry.delisted is None or entry.delisted > on


def party_from_entity(entity: Mapping[str, Any], where: str) -> Party:
    """A query given as an FtM-like entity `{"schema", "properties": {prop: [values]}}`.

    Raises InvalidInput, saying what and where, for an unknown schema, a name that cannot be
    matched, a malformed address, or an entity with nothing to match on.
    """
    schema = to_schema(entity.get("schema", "LegalEntity"), where)
    properties = entity.get("properties", {})
    if not isinstance(properties, Mapping):
        raise InvalidInput("`properties` must be an object of lists", where=where)
    names = tuple(values_of(properties, key, where) for key in NAME_PROPERTIES)
    flat_names = tuple(name for group in names for name in group)
    for number, name in enumerate(flat_names, start=1):
        check_query_name(name, schema, f"{where}: name {number}")
    wallets = tuple(
        to_wallet(value, where=f"{where}: {key}")
        for key in WALLET_PROPERTIES
        for value in values_of(properties, key, where)
    )
    identifiers = tuple(
        Identifier(kind, value)
        for kind in sorted(COMPARED_KINDS)
        for value in values_of(properties, kind, where)
    )
    if not flat_names and not wallets and not identifiers:
        raise InvalidInput("nothing to match on: no name, identifier or address", where=where)
    births = values_of(properties, "birthDate", where)
    return Party(schema, flat_names, identifiers, births, wallets)


def to_schema(value: Any, where: str) -> Schema:
    try:
        return Schema(value)
    except ValueError as exc:
        known = ", ".join(schema.value for schema in Schema)
        raise InvalidInput(
            f"unknown schema {value!r}; expected one of {known}", where=where
        ) from exc


def values_of(properties: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = properties.get(key, [])
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise InvalidInput(f"property {key!r} must be a list of strings", where=where)
    return tuple(values)


def check_query_name(name: str, schema: Schema, where: str) -> None:
    """Parses a query name as its schema reads it, so a bad one fails here with its place."""
    if schema in (Schema.COMPANY, Schema.ORGANIZATION, Schema.LEGAL_ENTITY):
        parse_company_name(name, where)
    if schema in (Schema.PERSON, Schema.LEGAL_ENTITY):
        parse_person_name(name, where)


def party_from_text(text: str, where: str) -> Party:
    """A bare query string: a wallet address, or a name of unknown kind.

    An address whose checksum fails is refused, not read as a name; only a text without
    digits (a long name can look like base58) still falls back to being a name. A payment
    URI of a known chain (`bitcoin:...`) is its address or refused, never a name.
    """
    if payment_scheme(text) is not None:
        return Party(Schema.CRYPTO_WALLET, wallets=(to_wallet(text, where),))
    try:
        wallet: Wallet | None = to_wallet(text, where)
    except AddressChecksumError:
        if any(char.isdigit() for char in text):
            raise
        wallet = None
    except InvalidInput:
        wallet = None
    if wallet is not None:
        return Party(Schema.CRYPTO_WALLET, wallets=(wallet,))
    return party_from_entity({"schema": "LegalEntity", "properties": {"name": [text]}}, where)
