"""Candidate retrieval without a search server: blocking keys in sorted numpy postings.

Each entry is reduced to keys: pairs of syllables (or words) from each name, read in every
romanisation system the words are valid in, so word order and syllable splits do not
matter ("Zheng Fujing", "Fu-jing ZHENG" and 郑福井 share zheng|fu, zheng|jing, fu|jing);
for companies, syllable pairs of the brand only; identifiers; wallet addresses and their
look-alike key. A query looks its keys up by binary search, weighs each by how rare it is,
and the best-weighted entries go on to full scoring.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import ListEntry, Schema
from counterpart.watchlists.names.companies import CompanyName, parse_company_name
from counterpart.watchlists.names.persons import parse_person_name
from counterpart.watchlists.names.romanisation import SYSTEMS, readings_of, segment_syllables
from counterpart.watchlists.names.tokens import Token
from counterpart.watchlists.scoring import Party, identifier_values, party_from_entry
from counterpart.watchlists.wallets import lookalike_key

CANDIDATES = 60  # entries scored in full per query, at most
ALWAYS_SCORED = 10  # ... of which these always; the rest if they share enough of the best's keys
WEAK_SHARE = 0.4
KEY_COUNT_DAMPING = 0.25
FEW_NAMES = 4
MAX_KEYS_PER_NAME = 256
WORD_PREFIX = 4  # other words are keyed by their first letters
COMMON_KEY = 0.02  # keys on more than this share of entries are used only when alone
ORGANISATIONS = frozenset({Schema.COMPANY, Schema.ORGANIZATION, Schema.VESSEL, Schema.AIRPLANE})


class PartyIndex:
    """List entries and their blocking keys; built once, then queried many times."""

    def __init__(self, entries: Iterable[ListEntry]) -> None:
        self.entries: list[ListEntry] = []
        keys, owners = array("q"), array("l")
        for number, entry in enumerate(entries):
            self.entries.append(entry)
            for key in keys_of_party(party_from_entry(entry)):
                keys.append(hash(key))
                owners.append(number)
        key_array = np.frombuffer(keys, dtype=np.int64) if keys else np.zeros(0, np.int64)
        owner_array = np.frombuffer(owners, dtype=np.int64) if owners else np.zeros(0, np.int64)
        names = np.array([max(1, len(entry.names)) for entry in self.entries], dtype=np.float64)
        counts = np.bincount(owner_array, minlength=len(self.entries)) / names
        # Entries that are mostly the query's keys first, gently: a long name is not penalised
        # as much as it would be by the square root.
        norms = np.maximum(counts, 1.0) ** KEY_COUNT_DAMPING
        self.key_norms: npt.NDArray[np.float64] = norms
        order = np.argsort(key_array, kind="stable")
        sorted_keys = key_array[order]
        self.owners: npt.NDArray[np.int32] = owner_array[order].astype(np.int32)
        self.keys, self.starts = np.unique(sorted_keys, return_index=True)
        self.ends = np.append(self.starts[1:], len(sorted_keys))

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, query: Party, limit: int = CANDIDATES) -> list[ListEntry]:
        """The entries sharing the rarest keys with the query, most shared weight first."""
        return self.candidates_for_groups(query_key_groups(query), limit)

    def candidates_for_groups(
        self, groups: list[set[str]], limit: int = CANDIDATES
    ) -> list[ListEntry]:
        """Candidates of each reading of the query, taken in turn from each ranking."""
        rankings = [self.candidates_for_keys(keys, limit) for keys in groups]
        merged: dict[int, ListEntry] = {}
        for rank in range(limit):
            for ranking in rankings:
                if rank < len(ranking) and len(merged) < limit:
                    merged.setdefault(id(ranking[rank]), ranking[rank])
        return list(merged.values())

    def candidates_for_keys(self, keys: set[str], limit: int = CANDIDATES) -> list[ListEntry]:
        postings, weights = self.postings_of(keys)
        if not postings:
            return []
        owners = np.concatenate(postings)
        unique, inverse = np.unique(owners, return_inverse=True)
        shared = np.bincount(inverse, weights=np.repeat(weights, [len(p) for p in postings]))
        totals: npt.NDArray[np.float64] = shared / self.key_norms[unique]
        if len(totals) > limit:
            top = np.argpartition(-totals, limit)[:limit]
            best = top[np.argsort(-totals[top], kind="stable")]
        else:
            best = np.argsort(-totals, kind="stable")
        floor = totals[best[0]] * WEAK_SHARE
        kept = [i for rank, i in enumerate(best) if rank < ALWAYS_SCORED or totals[i] >= floor]
        return [self.entries[int(unique[i])] for i in kept]

    def postings_of(self, keys: set[str]) -> tuple[list[npt.NDArray[np.int32]], list[float]]:
        hashes = np.array(sorted(hash(key) for key in keys), dtype=np.int64)
        positions = np.searchsorted(self.keys, hashes)
        found: list[tuple[int, int]] = []
        for position, value in zip(positions, hashes, strict=True):
            if position < len(self.keys) and self.keys[position] == value:
                found.append((int(self.starts[position]), int(self.ends[position])))
        common = max(1, int(COMMON_KEY * len(self.entries)))
        rare = [(start, end) for start, end in found if end - start <= common]
        chosen = rare or sorted(found, key=lambda span: span[1] - span[0])[:1]
        total = max(1, len(self.entries))
        postings = [self.owners[start:end] for start, end in chosen]
        weights = [math.log(1 + total / (end - start)) for start, end in chosen]
        return postings, weights


def query_key_groups(party: Party) -> list[set[str]]:
    """The keys of each reading of a query: a query of unknown kind (LegalEntity) is read
    both as a company and as a person, since "KHUN SA" is a person although "S.A." reads as
    a legal form; each reading is ranked on its own so neither drowns the other."""
    if party.schema is Schema.LEGAL_ENTITY and party.names:
        return [keys_of_party(party, Schema.COMPANY), keys_of_party(party, Schema.PERSON)]
    return [keys_of_party(party)]


def keys_of_party(party: Party, schema: Schema | None = None) -> set[str]:
    """Every blocking key of a party: from names (read as `schema` if given), identifiers
    and wallets."""
    keys: set[str] = set()
    for name in party.names:
        keys.update(keys_of_name(name, schema or party.schema))
    for kind, values in identifier_values(party).items():
        keys.update(f"id:{kind}:{value}" for value in values)
    for wallet in party.wallets:
        keys.add(f"wallet:{wallet.address}")
        keys.add(f"lookalike:{lookalike_key(wallet)}")
    return keys


@lru_cache(maxsize=20_000)
def keys_of_name(name: str, schema: Schema) -> frozenset[str]:
    """Syllable-pair keys of a name: of its brand when it reads as a company, of all its
    words when it reads as a person (a LegalEntity without legal form or industry: both)."""
    keys: set[str] = set()
    try:
        company = parse_company_name(name) if schema is not Schema.PERSON else None
        if company is not None:
            keys.update(company_keys(company))
        if schema is Schema.PERSON or (company and not company.is_company_like):
            person = parse_person_name(name)
            keys.update(pair_keys(person.tokens))
            if person.hanzi:
                keys.add(f"hanzi:{person.hanzi}")
    except InvalidInput:
        return frozenset()  # nothing to match on; the caller's other names still count
    return frozenset(itertools.islice(keys, MAX_KEYS_PER_NAME))


def company_keys(company: CompanyName) -> set[str]:
    """Brand pairs, and each also with the place and with each industry, so that among many
    companies sharing a brand the one in the same place and trade ranks first."""
    keys = set(pair_keys(company.brand))
    qualifiers = [f"@{company.place}"] if company.place else []
    qualifiers += [f"#{industry}" for industry in sorted(company.industries)]
    return keys | {key + qualifier for key in keys for qualifier in qualifiers}


def pair_keys(tokens: tuple[Token, ...]) -> Iterator[str]:
    """Unordered pairs of syllables (or words) across and within the words of a name."""
    bags = [syllable_bag(token) for token in tokens]
    if len(tokens) == 1 and len(tokens[0].syllables) <= 1:
        for single in bags[0] if tokens[0].is_syllabic else {tokens[0].text}:
            yield f"one:{single}"
    for i, bag in enumerate(bags):
        for first, second in within_pairs(tokens[i]):
            yield f"pair:{first}|{second}"
        for other in bags[i + 1 :]:
            for x, y in itertools.product(bag, other):
                yield f"pair:{min(x, y)}|{max(x, y)}"


@lru_cache(maxsize=200_000)
def syllable_bag(token: Token) -> frozenset[str]:
    """The pinyin syllables of a word's likeliest reading; its first letters if it has none."""
    if not token.is_syllabic:
        return frozenset({token.text[:WORD_PREFIX]})  # a typo late in a word still meets
    bag: set[str] = set()
    for syllables in token.syllables:
        bag.update(syllables)
    return frozenset(bag or {token.text})


@lru_cache(maxsize=200_000)
def within_pairs(token: Token) -> frozenset[tuple[str, str]]:
    """Syllable pairs inside one word, from each of its segmentations into the fewest
    syllables (jingao: jin|gao and ao|jing; "chia" is one Wade-Giles syllable, not chi|a)."""
    pairs: set[tuple[str, str]] = set()
    sequences = [[set(s) for s in token.syllables]] if token.syllables else []
    for system in SYSTEMS:
        for segmentation in segment_syllables(token.text, system):
            if len(segmentation) == len(token.syllables):
                sequences.append([set(readings_of(s, system)) for s in segmentation])
    for sequence in sequences:
        for left, right in itertools.combinations(sequence, 2):
            pairs.update((min(x, y), max(x, y)) for x in left for y in right)
    return frozenset(pairs)


def names_sharing_keys(entry: ListEntry, keys: set[str]) -> tuple[str, ...]:
    """The entry's names that share a blocking key with a query (its first name if none):
    an entry with fifty aliases is compared on the few that can match. Entries with a few
    names are compared on all of them, which costs less than the keys would."""
    if len(entry.names) <= FEW_NAMES:
        return entry.names
    shared = tuple(name for name in entry.names if keys_of_name(name, entry.schema) & keys)
    return shared or entry.names[:1]
