"""The controlled-substance registry: look-ups by identifier and listings in force on a date.

The data lives in `data/registry.json` (versioned, shipped in the package). Each entry has
identifiers (name, synonyms, CAS, SMILES, InChIKey) and, per jurisdiction, the listings that
controlled it: schedule or list, effective date, end date if any, and the legal source.
Salts, isomers and salts of isomers fall under the parent's listing: the engine standardises
a query first, and `by_skeleton` finds stereoisomers and isotopologues of an entry.

Catalogues are scoped lists (e.g. China's export-licence catalogue for shipments to the US,
Mexico and Canada from 10 Nov 2025): they apply only to some destinations, so they are kept
apart from listings. `Registry.catalogues(on=..., destination=..., entry=...)` filters them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path

from counterpart.chemistry.registry_file import (
    Catalogue,
    read_registry_file,
    to_name_key,
    validate_cas,
)
from counterpart.domain.errors import InvalidInput
from counterpart.domain.substances import Jurisdiction, Listing, RegistryEntry

__all__ = [
    "DATA_FILE",
    "Catalogue",
    "Registry",
    "load_registry",
    "load_registry_file",
    "to_name_key",
    "validate_cas",
]

DATA_FILE = Path(__file__).resolve().parent / "data" / "registry.json"


class Registry:
    """Controlled substances indexed by InChIKey, skeleton, CAS, name and id."""

    def __init__(
        self,
        version: str,
        entries: Iterable[RegistryEntry],
        catalogues: Iterable[Catalogue] = (),
        *,
        source: str = "registry",
    ) -> None:
        self.version = version
        self.entries = tuple(entries)
        self._catalogues = tuple(catalogues)
        self._by_id: dict[str, RegistryEntry] = {}
        self._by_inchikey: dict[str, RegistryEntry] = {}
        self._by_cas: dict[str, RegistryEntry] = {}
        self._by_name: dict[str, RegistryEntry] = {}
        self._by_skeleton: dict[str, list[RegistryEntry]] = {}
        for entry in self.entries:
            self._index_entry(entry, source)
        self._check_catalogues(source)

    def by_id(self, entry_id: str) -> RegistryEntry | None:
        """The entry with this stable id."""
        return self._by_id.get(entry_id)

    def by_inchikey(self, inchikey: str) -> RegistryEntry | None:
        """The entry with exactly this (full, 27-character) InChIKey."""
        return self._by_inchikey.get(inchikey.strip().upper())

    def by_skeleton(self, inchikey: str) -> tuple[RegistryEntry, ...]:
        """Entries sharing the first InChIKey block: stereoisomers and isotopologues."""
        return tuple(self._by_skeleton.get(inchikey.strip().upper().split("-")[0], ()))

    def by_cas(self, cas: str) -> RegistryEntry | None:
        """The entry with this CAS number (already normalised "NNNNN-NN-N")."""
        return self._by_cas.get(cas.strip())

    def by_name(self, name: str) -> RegistryEntry | None:
        """The entry with this name or synonym; case, spaces, hyphens and quotes ignored."""
        return self._by_name.get(to_name_key(name))

    def listing_on(
        self, entry: RegistryEntry, jurisdiction: Jurisdiction, on: date
    ) -> Listing | None:
        """The listing of `entry` in force in `jurisdiction` on `on` (the earliest if several)."""
        in_force = [
            listing
            for listing in entry.listings
            if listing.jurisdiction == jurisdiction and listing.in_force(on)
        ]
        return min(in_force, key=lambda listing: listing.since, default=None)

    def catalogues(
        self,
        *,
        on: date | None = None,
        destination: str | None = None,
        entry: RegistryEntry | None = None,
    ) -> tuple[Catalogue, ...]:
        """Scoped lists, narrowed to those in force `on`, covering `destination`, holding `entry`.

        Every filter is optional: `catalogues()` returns all of them.
        """
        return tuple(
            catalogue
            for catalogue in self._catalogues
            if (on is None or catalogue.in_force(on))
            and (destination is None or catalogue.applies_to(destination))
            and (entry is None or entry.id in catalogue.members)
        )

    def _index_entry(self, entry: RegistryEntry, source: str) -> None:
        where = f"{source} entry {entry.id!r}"
        _add_unique(self._by_id, entry.id, entry, f"{where} field 'id'", "id")
        _add_unique(
            self._by_inchikey, entry.inchikey, entry, f"{where} field 'inchikey'", "InChIKey"
        )
        if entry.cas is not None:
            _add_unique(self._by_cas, entry.cas, entry, f"{where} field 'cas'", "CAS")
        for field, name in [("name", entry.name), *(("synonyms", s) for s in entry.synonyms)]:
            key = to_name_key(name)
            if not key:
                message = (
                    f"name {name!r} has nothing left once case, spaces and hyphens are ignored"
                )
                raise InvalidInput(message, where=f"{where} field {field!r}")
            holder = self._by_name.setdefault(key, entry)
            if holder is not entry:
                message = f"name {name!r} is already used by entry {holder.id!r}"
                raise InvalidInput(message, where=f"{where} field {field!r}")
        self._by_skeleton.setdefault(entry.inchikey.split("-")[0], []).append(entry)

    def _check_catalogues(self, source: str) -> None:
        seen: set[str] = set()
        for catalogue in self._catalogues:
            where = f"{source} catalogue {catalogue.id!r}"
            if catalogue.id in seen:
                raise InvalidInput(
                    f"id {catalogue.id!r} is used twice", where=f"{where} field 'id'"
                )
            seen.add(catalogue.id)
            for index, member in enumerate(catalogue.members):
                if member not in self._by_id:
                    message = f"no registry entry has the id {member!r}"
                    raise InvalidInput(message, where=f"{where} field 'members[{index}]'")


def _add_unique(
    index: dict[str, RegistryEntry], key: str, entry: RegistryEntry, where: str, what: str
) -> None:
    holder = index.setdefault(key, entry)
    if holder is not entry:
        raise InvalidInput(f"{what} {key} is already used by entry {holder.id!r}", where=where)


def load_registry_file(path: Path) -> Registry:
    """Read, validate and index the registry data file at `path`."""
    data = read_registry_file(path)
    return Registry(data.version, data.entries, data.catalogues, source=path.name)


@cache
def load_registry() -> Registry:
    """The registry shipped in the package (read once per process)."""
    return load_registry_file(DATA_FILE)
