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
from counterpart.watchlists.names.companies import parse_company_name
from counterpart.watchlists.names.persons import parse_person_name
from counterpart.watchlists.names.romanisation import SYSTEMS, readings_of, segment_syllables
from counterpart.watchlists.names.tokens import Token
from counterpart.watchlists.scoring import Party, identifier_values, party_from_entry
from counterpart.watchlists.wallets import lookalike_key

CANDIDATES = 40  # entries scored in full per query
MAX_KEYS_PER_NAME = 256
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
        order = np.argsort(key_array, kind="stable")
        sorted_keys = key_array[order]
        self.owners: npt.NDArray[np.int32] = owner_array[order].astype(np.int32)
        self.keys, self.starts = np.unique(sorted_keys, return_index=True)
        self.ends = np.append(self.starts[1:], len(sorted_keys))

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, query: Party, limit: int = CANDIDATES) -> list[ListEntry]:
        """The entries sharing the rarest keys with the query, most shared weight first."""
        postings, weights = self.postings_of(keys_of_party(query))
        if not postings:
            return []
        owners = np.concatenate(postings)
        unique, inverse = np.unique(owners, return_inverse=True)
        totals = np.bincount(inverse, weights=np.repeat(weights, [len(p) for p in postings]))
        best = np.argsort(-totals, kind="stable")[:limit]
        return [self.entries[int(unique[i])] for i in best]

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


def keys_of_party(party: Party) -> set[str]:
    """Every blocking key of a party: from names, identifiers and wallets."""
    keys: set[str] = set()
    for name in party.names:
        keys.update(keys_of_name(name, party.schema))
    for kind, values in identifier_values(party).items():
        keys.update(f"id:{kind}:{value}" for value in values)
    for wallet in party.wallets:
        keys.add(f"wallet:{wallet.address}")
        keys.add(f"lookalike:{lookalike_key(wallet)}")
    return keys


@lru_cache(maxsize=100_000)
def keys_of_name(name: str, schema: Schema) -> frozenset[str]:
    """Syllable-pair keys of a name, as a person and/or as a company (the brand)."""
    keys: set[str] = set()
    try:
        if schema not in ORGANISATIONS:
            person = parse_person_name(name)
            keys.update(pair_keys(person.tokens))
            if person.hanzi:
                keys.add(f"hanzi:{person.hanzi}")
        if schema is not Schema.PERSON:
            keys.update(pair_keys(parse_company_name(name).brand))
    except InvalidInput:
        return frozenset()  # nothing to match on; the caller's other names still count
    return frozenset(itertools.islice(keys, MAX_KEYS_PER_NAME))


def pair_keys(tokens: tuple[Token, ...]) -> Iterator[str]:
    """Unordered pairs of syllables (or words) across and within the words of a name."""
    bags = [syllable_bag(token) for token in tokens]
    if len(bags) == 1 and len(bags[0]) == 1:
        yield f"one:{next(iter(bags[0]))}"
    for i, bag in enumerate(bags):
        for first, second in within_pairs(tokens[i]):
            yield f"pair:{first}|{second}"
        for other in bags[i + 1 :]:
            for x, y in itertools.product(bag, other):
                yield f"pair:{min(x, y)}|{max(x, y)}"


@lru_cache(maxsize=200_000)
def syllable_bag(token: Token) -> frozenset[str]:
    """Every pinyin syllable a word may contain, in any system; the word itself if none."""
    if not token.is_syllabic:
        return frozenset({token.text})
    bag: set[str] = set()
    for syllables in token.syllables:
        bag.update(syllables)
    for system in SYSTEMS:
        for segmentation in segment_syllables(token.text, system):
            for syllable in segmentation:
                bag.update(readings_of(syllable, system))
    return frozenset(bag or {token.text})


def within_pairs(token: Token) -> set[tuple[str, str]]:
    """Syllable pairs inside one word, from each of its segmentations (jingao: jin|gao, ao|jing)."""
    pairs: set[tuple[str, str]] = set()
    sequences = [[set(s) for s in token.syllables]] if token.syllables else []
    for system in SYSTEMS:
        for segmentation in segment_syllables(token.text, system):
            sequences.append([set(readings_of(syllable, system)) for syllable in segmentation])
    for sequence in sequences:
        for left, right in itertools.combinations(sequence, 2):
            pairs.update((min(x, y), max(x, y)) for x in left for y in right)
    return pairs
