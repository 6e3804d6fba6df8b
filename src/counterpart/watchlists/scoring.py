"""Feature-by-feature scoring of two parties; each feature's docstring is what the user reads."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, Message, Phrases, Term, message
from counterpart.domain.parties import Identifier, ListEntry, MatchVerdict, Schema
from counterpart.watchlists.names.companies import compare_company_names, parse_company_name
from counterpart.watchlists.names.persons import (
    NameComparison,
    compare_person_names,
    parse_person_name,
)
from counterpart.watchlists.wallets import Wallet, is_lookalike, to_wallet

ID_MATCH = 0.98
UNIQUE_ID_CONFLICT = 0.3  # a different USCC or national ID: almost surely someone else
PASSPORT_CONFLICT = 0.6  # people hold several passports over the years
BIRTH_CONFLICT = 0.7
LOOKALIKE_SCORE = 0.75  # always at least "possible": the user must look
UNIQUE_KINDS = frozenset(
    {"uscCode", "idNumber", "registrationNumber", "innCode", "taxNumber", "vatCode", "imoNumber"}
)
COMPARED_KINDS = UNIQUE_KINDS | {"passportNumber", "swiftBic", "dunsCode"}
ORGANISATIONS = frozenset({Schema.COMPANY, Schema.ORGANIZATION})
WALLET_PROPERTIES = ("publicKey",)
_ID_NOISE = re.compile(r"[\s.\-/]")


@dataclass(frozen=True, slots=True)
class Party:
    """Either side of a comparison: a query or a list entry, reduced to what is compared."""

    schema: Schema
    names: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    birth_dates: tuple[str, ...] = ()
    wallets: tuple[Wallet, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One feature's outcome: `score` replaces or multiplies the running score (`mode`)."""

    feature: str
    score: float
    message: Message | Phrases  # why, for each reader's language
    mode: str  # "name", "floor", "factor", "set"

    @property
    def reason(self) -> str:
        """Why, in English."""
        return self.message.english()


@dataclass(frozen=True, slots=True)
class Thresholds:
    match: float
    possible: float

    def verdict(self, score: float) -> MatchVerdict:
        if score >= self.match:
            return MatchVerdict.MATCH
        if score >= self.possible:
            return MatchVerdict.POSSIBLE
        return MatchVerdict.NO_MATCH


@dataclass(frozen=True, slots=True)
class Comparison:
    score: float
    verdict: MatchVerdict
    findings: tuple[Finding, ...]  # every feature that spoke, in order

    @property
    def reasons(self) -> tuple[str, ...]:
        """Each finding in English as `feature: reason`."""
        return tuple(f"{finding.feature}: {finding.reason}" for finding in self.findings)


Feature = Callable[[Party, Party], Finding | None]


def name_similarity(a: Party, b: Party) -> Finding | None:
    """Names: the best pair of names, read in Hanzi, pinyin, Wade-Giles or Cantonese; for
    companies the brand decides, and a different place or industry lowers the score."""
    best: NameComparison | None = None
    for name_a in a.names:
        for name_b in b.names:
            found = compare_names(name_a, name_b, a.schema, b.schema)
            if found and (best is None or found.score > best.score):
                best = found
    if best is None:
        return None
    return Finding("name", best.score, best.message, "name")


def compare_names(a: str, b: str, schema_a: Schema, schema_b: Schema) -> NameComparison | None:
    """The comparison of two names as the schemata say; None if one has nothing to match."""
    schemata = {schema_a, schema_b}
    found: list[NameComparison] = []
    try:
        if Schema.PERSON not in schemata:
            company_a, company_b = parse_company_name(a), parse_company_name(b)
            found.append(compare_company_names(company_a, company_b))
            if company_a.is_company_like or company_b.is_company_like:
                return found[0]
        found.append(compare_person_names(parse_person_name(a), parse_person_name(b)))
    except InvalidInput:
        return None  # a list name without letters: the other names still count
    return max(found, key=lambda comparison: comparison.score) if found else None


def identifier_agreement(a: Party, b: Party) -> Finding | None:
    """Identifiers: the same USCC, national ID, passport or registration number on both sides
    is strong evidence of the same party, whatever the names say."""
    for kind, value in shared_identifiers(a, b):
        said = message(
            N_("same %(kind)s %(value)s"), kind=Term("identifier_kind", kind), value=value
        )
        return Finding("identifier", ID_MATCH, said, "floor")
    return None


def identifier_conflict(a: Party, b: Party) -> Finding | None:
    """Identifiers: both sides give an identifier of the same kind and none agree: strong
    evidence of two different parties (weaker for passports, which people renew)."""
    if any(True for _ in shared_identifiers(a, b)):
        return None
    ids_a, ids_b = identifier_values(a), identifier_values(b)
    for kind in sorted(set(ids_a) & set(ids_b)):
        factor = UNIQUE_ID_CONFLICT if kind in UNIQUE_KINDS else PASSPORT_CONFLICT
        reason = message(
            N_("different %(kind)s: %(a)s / %(b)s"),
            kind=Term("identifier_kind", kind),
            a=sorted(ids_a[kind])[0],
            b=sorted(ids_b[kind])[0],
        )
        return Finding("identifier", factor, reason, "factor")
    return None


def birth_date_conflict(a: Party, b: Party) -> Finding | None:
    """Dates of birth: both known and no year in common lowers the score."""
    years_a = {value[:4] for value in a.birth_dates if value[:4].isdigit()}
    years_b = {value[:4] for value in b.birth_dates if value[:4].isdigit()}
    if years_a and years_b and years_a.isdisjoint(years_b):
        text = N_("different years of birth: %(a)s / %(b)s")
        reason = message(text, a=min(years_a), b=min(years_b))
        return Finding("birth_date", BIRTH_CONFLICT, reason, "factor")
    return None


def wallet_agreement(a: Party, b: Party) -> Finding | None:
    """Wallets: the same address once URI prefixes, a missing 0x and letter case are set aside;
    different addresses with the same first and last characters are possible address
    poisoning (a look-alike made to be pasted by mistake)."""
    for wallet_a in a.wallets:
        for wallet_b in b.wallets:
            if wallet_a == wallet_b:
                said = message(N_("same address %(address)s"), address=wallet_a.address)
                return Finding("wallet", 1.0, said, "floor")
    for wallet_a in a.wallets:
        for wallet_b in b.wallets:
            if is_lookalike(wallet_a, wallet_b):
                reason = message(
                    N_("look-alike addresses %(a)s / %(b)s: possible address poisoning"),
                    a=wallet_a.address,
                    b=wallet_b.address,
                )
                return Finding("wallet", LOOKALIKE_SCORE, reason, "floor")
    return None


def schema_conflict(a: Party, b: Party) -> Finding | None:
    """Kinds of party: a person is never the same party as a company or organisation."""
    kinds = {a.schema, b.schema}
    if Schema.PERSON in kinds and kinds & ORGANISATIONS:
        said = message(
            N_("a %(a)s is not a %(b)s"), a=Term("schema", a.schema), b=Term("schema", b.schema)
        )
        return Finding("schema", 0.0, said, "set")
    return None


FEATURES: tuple[Feature, ...] = (
    name_similarity,
    identifier_conflict,
    birth_date_conflict,
    identifier_agreement,
    wallet_agreement,
    schema_conflict,
)


def score_parties(a: Party, b: Party, thresholds: Thresholds) -> Comparison:
    """Each feature in turn on the running score; the reasons list every feature that spoke."""
    score = 0.0
    findings: list[Finding] = []
    for feature in FEATURES:
        finding = feature(a, b)
        if finding is None:
            continue
        if finding.mode == "name":
            score = finding.score
        elif finding.mode == "factor":
            score *= finding.score
        elif finding.mode == "floor":
            score = max(score, finding.score)
        else:
            score = finding.score
        findings.append(finding)
    score = round(min(max(score, 0.0), 1.0), 4)
    return Comparison(score, thresholds.verdict(score), tuple(findings))


def identifier_values(party: Party) -> dict[str, set[str]]:
    values: dict[str, set[str]] = {}
    for identifier in party.identifiers:
        if identifier.kind in COMPARED_KINDS:
            normal = _ID_NOISE.sub("", identifier.value).upper()
            values.setdefault(identifier.kind, set()).add(normal)
    return values


def shared_identifiers(a: Party, b: Party) -> list[tuple[str, str]]:
    ids_a, ids_b = identifier_values(a), identifier_values(b)
    return [
        (kind, value)
        for kind in sorted(set(ids_a) & set(ids_b))
        for value in sorted(ids_a[kind] & ids_b[kind])
    ]


def party_from_entry(entry: ListEntry) -> Party:
    """The comparable part of a list entry; crypto identifiers become wallets."""
    wallets = []
    for identifier in entry.identifiers:
        if identifier.currency or identifier.kind in WALLET_PROPERTIES:
            try:
                wallets.append(to_wallet(identifier.value))
            except InvalidInput:
                continue  # an address the list garbled still shows in the entry's remarks
    return Party(entry.schema, entry.names, entry.identifiers, entry.birth_dates, tuple(wallets))
