"""Reading the registry's versioned data file, field by field, with errors that say where."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Set
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from rdkit import Chem
from rdkit.rdBase import BlockLogs
from stdnum import casrn
from stdnum.exceptions import InvalidChecksum, ValidationError

from counterpart.domain.errors import InvalidInput
from counterpart.domain.substances import Family, Jurisdiction, Listing, RegistryEntry

VERSION_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}\.\d+$")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
INCHIKEY_PATTERN = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")
# Characters a name look-up ignores: spaces, hyphens and dashes, quotes and primes.
IGNORED_IN_NAMES = re.compile(
    r"[\s\-\u2010-\u2015\u2212'\"`\u00b4\u2018\u2019\u201c\u201d\u2032\u2033]"
)

_Choice = TypeVar("_Choice", Family, Jurisdiction)
# RDKit's InChI wrapper has no annotations; this names the type it has.
_to_inchikey: Callable[[Chem.Mol], str] = Chem.MolToInchiKey

TOP_KEYS = frozenset({"version", "description", "entries", "catalogues"})
ENTRY_KEYS = frozenset({"id", "name", "family", "smiles", "inchikey", "cas", "synonyms"})
ENTRY_KEYS |= frozenset({"listings", "sources"})
LISTING_KEYS = frozenset({"jurisdiction", "schedule", "since", "until", "basis", "note"})
CATALOGUE_KEYS = frozenset({"id", "name", "jurisdiction", "since", "until", "basis"})
CATALOGUE_KEYS |= frozenset({"destinations", "members", "pending", "note"})


@dataclass(frozen=True, slots=True)
class Catalogue:
    """A scoped list: chemicals that need something (a licence) when sent to some destinations.

    Unlike a listing, a catalogue does not make a substance controlled everywhere: it applies
    only to shipments from `jurisdiction` to one of `destinations` (ISO 3166 alpha-2 codes).
    `members` are registry entry ids; `pending` names chemicals the catalogue is reported to
    hold that the registry could not confirm or identify yet.
    """

    id: str
    name: str
    jurisdiction: Jurisdiction  # whose law sets the requirement (the exporting side)
    since: date
    basis: str
    destinations: tuple[str, ...]
    members: tuple[str, ...]
    until: date | None = None
    pending: tuple[str, ...] = ()
    note: str = ""

    def in_force(self, on: date) -> bool:
        """Whether this catalogue applied on `on`."""
        return self.since <= on and (self.until is None or on < self.until)

    def applies_to(self, destination: str) -> bool:
        """Whether shipments to `destination` (ISO alpha-2) fall under this catalogue."""
        return destination.strip().upper() in self.destinations


@dataclass(frozen=True, slots=True)
class RegistryData:
    """The parsed content of one data file, not yet indexed."""

    version: str
    entries: tuple[RegistryEntry, ...]
    catalogues: tuple[Catalogue, ...]


def validate_cas(text: str) -> str:
    """The CAS registry number in `text`, normalised to "NNNNN-NN-N", or InvalidInput."""
    try:
        return str(casrn.validate(text))
    except InvalidChecksum as exc:
        digits = casrn.compact(text)
        expected = casrn.calc_check_digit(digits[:-1])
        raise InvalidInput(f"CAS {text.strip()}: check digit should be {expected}") from exc
    except ValidationError as exc:
        raise InvalidInput(f"CAS {text.strip()!r}: not a CAS registry number") from exc


def to_name_key(name: str) -> str:
    """A name as look-ups compare it: case, spaces, hyphens and quotes do not count."""
    return IGNORED_IN_NAMES.sub("", unicodedata.normalize("NFKC", name)).casefold()


def read_registry_file(path: Path) -> RegistryData:
    """Parse and validate the data file at `path`; errors name the entry and field."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(
            f"cannot read the registry file: {exc.strerror}", where=str(path)
        ) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"not a valid JSON file: {exc}", where=path.name) from exc
    return to_registry_data(document, path.name)


def to_registry_data(document: object, source: str) -> RegistryData:
    """Validate a decoded data file; `source` prefixes every error location."""
    top = _Fields(document, source, TOP_KEYS, {"version", "entries"})
    version = top.text("version")
    if not VERSION_PATTERN.match(version):
        raise InvalidInput(
            f"bad version {version!r}: expected YYYY-MM-DD.N", where=top.at("version")
        )
    entries = tuple(
        _to_entry(item, _locate(item, f"{source} entry", f"{source} entries[{index}]"))
        for index, item in enumerate(top.items("entries"))
    )
    catalogues = tuple(
        _to_catalogue(item, _locate(item, f"{source} catalogue", f"{source} catalogues[{index}]"))
        for index, item in enumerate(top.items("catalogues") if "catalogues" in top.data else [])
    )
    return RegistryData(version=version, entries=entries, catalogues=catalogues)


def _locate(item: object, kind: str, position: str) -> str:
    """Where an entry or catalogue is: by its id when it has a usable one, else by its index."""
    if isinstance(item, dict):
        item_id = item.get("id")
        if isinstance(item_id, str) and ID_PATTERN.match(item_id):
            return f"{kind} {item_id!r}"
    return position


def _to_entry(item: object, where: str) -> RegistryEntry:
    fields = _Fields(item, where, ENTRY_KEYS, ENTRY_KEYS - {"cas", "synonyms"})
    entry_id = fields.slug("id")
    smiles, inchikey = fields.text("smiles"), fields.text("inchikey")
    _check_structure(smiles, inchikey, fields)
    cas = fields.optional_text("cas")
    if cas is not None:
        cas = fields.checked("cas", validate_cas)
    return RegistryEntry(
        id=entry_id,
        name=fields.text("name"),
        family=fields.choice("family", Family, exclude={Family.NONE}),
        smiles=smiles,
        inchikey=inchikey,
        cas=cas,
        synonyms=fields.texts("synonyms", required=False),
        listings=tuple(
            _to_listing(listing, fields.where, f"listings[{index}].")
            for index, listing in enumerate(fields.items("listings"))
        ),
        sources=fields.texts("sources", required=True),
    )


def _check_structure(smiles: str, inchikey: str, fields: _Fields) -> None:
    if not INCHIKEY_PATTERN.match(inchikey):
        raise InvalidInput(f"bad InChIKey {inchikey!r}", where=fields.at("inchikey"))
    with BlockLogs():
        molecule = Chem.MolFromSmiles(smiles)
        computed = _to_inchikey(molecule) if molecule is not None else ""
    if molecule is None:
        raise InvalidInput(f"SMILES {smiles!r} does not parse", where=fields.at("smiles"))
    if computed != inchikey:
        message = f"InChIKey {inchikey} does not match the SMILES (RDKit gives {computed})"
        raise InvalidInput(message, where=fields.at("inchikey"))


def _to_listing(item: object, where: str, path: str) -> Listing:
    required = {"jurisdiction", "schedule", "since", "basis"}
    fields = _Fields(item, where, LISTING_KEYS, required, path)
    since, until = fields.day("since"), fields.optional_day("until")
    if until is not None and until <= since:
        raise InvalidInput(f"until {until} is not after since {since}", where=fields.at("until"))
    return Listing(
        jurisdiction=fields.choice("jurisdiction", Jurisdiction),
        schedule=fields.text("schedule"),
        since=since,
        until=until,
        basis=fields.text("basis"),
        note=fields.free_text("note"),
    )


def _to_catalogue(item: object, where: str) -> Catalogue:
    required = CATALOGUE_KEYS - {"until", "pending", "note"}
    fields = _Fields(item, where, CATALOGUE_KEYS, required)
    catalogue_id = fields.slug("id")
    destinations = fields.texts("destinations", required=True)
    for index, country in enumerate(destinations):
        if not COUNTRY_PATTERN.match(country):
            message = f"bad destination {country!r}: expected an ISO 3166 alpha-2 code"
            raise InvalidInput(message, where=fields.at(f"destinations[{index}]"))
    return Catalogue(
        id=catalogue_id,
        name=fields.text("name"),
        jurisdiction=fields.choice("jurisdiction", Jurisdiction),
        since=fields.day("since"),
        until=fields.optional_day("until"),
        basis=fields.text("basis"),
        destinations=destinations,
        members=fields.texts("members", required=False),
        pending=fields.texts("pending", required=False),
        note=fields.free_text("note"),
    )


class _Fields:
    """One JSON object of the data file, read field by field with errors that say where."""

    def __init__(
        self,
        data: object,
        where: str,
        allowed: frozenset[str],
        required: Set[str],
        path: str = "",
    ) -> None:
        self.where, self.path = where, path
        itself = f"{where} field '{path[:-1]}'" if path else where
        if not isinstance(data, dict):
            raise InvalidInput(f"expected an object, found {type(data).__name__}", where=itself)
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise InvalidInput(f"unknown key {unknown[0]!r}", where=itself)
        missing = sorted(set(required) - set(data))
        if missing:
            raise InvalidInput(f"missing key {missing[0]!r}", where=itself)
        self.data: dict[str, Any] = data

    def at(self, key: str) -> str:
        """The location of field `key`, for an error message."""
        return f"{self.where} field '{self.path}{key}'"

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput("expected a non-empty string", where=self.at(key))
        if value != value.strip():
            raise InvalidInput("leading or trailing spaces", where=self.at(key))
        return value

    def optional_text(self, key: str) -> str | None:
        return None if self.data.get(key) is None else self.text(key)

    def free_text(self, key: str) -> str:
        """An optional remark: absent, null and "" all mean no remark."""
        return "" if self.data.get(key) in (None, "") else self.text(key)

    def slug(self, key: str) -> str:
        value = self.text(key)
        if not ID_PATTERN.match(value):
            raise InvalidInput(
                f"bad id {value!r}: lowercase letters, digits, hyphens", where=self.at(key)
            )
        return value

    def day(self, key: str) -> date:
        value = self.text(key)
        try:
            if not DATE_PATTERN.match(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidInput(
                f"bad date {value!r}: expected YYYY-MM-DD", where=self.at(key)
            ) from exc

    def optional_day(self, key: str) -> date | None:
        return None if self.data.get(key) is None else self.day(key)

    def choice(self, key: str, kind: type[_Choice], exclude: set[_Choice] | None = None) -> _Choice:
        value = self.text(key)
        allowed = [member for member in kind if member not in (exclude or set())]
        if value not in {member.value for member in allowed}:
            choices = ", ".join(member.value for member in allowed)
            raise InvalidInput(
                f"bad value {value!r}: expected one of {choices}", where=self.at(key)
            )
        return kind(value)

    def checked(self, key: str, check: Callable[[str], str]) -> str:
        try:
            return str(check(self.text(key)))
        except InvalidInput as exc:
            raise InvalidInput(exc.message, where=self.at(key)) from exc

    def items(self, key: str) -> list[object]:
        value = self.data.get(key)
        if not isinstance(value, list):
            raise InvalidInput("expected a list", where=self.at(key))
        return value

    def texts(self, key: str, *, required: bool) -> tuple[str, ...]:
        if key not in self.data and not required:
            return ()
        values = self.items(key)
        if required and not values:
            raise InvalidInput("expected at least one item", where=self.at(key))
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip() or value != value.strip():
                raise InvalidInput("expected a non-empty string", where=self.at(f"{key}[{index}]"))
        return tuple(str(value) for value in values)
