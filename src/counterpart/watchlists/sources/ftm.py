"""FollowTheMoney JSON lines (OpenSanctions exports): one entity per line.

Party schemata become entries. `Sanction` entities point at their party through `entity` and
give `listingDate`/`startDate`/`endDate`/`program`/`authority`; they are read in a first
pass so that their order in the file does not matter. Nested exports (a party whose
`sanctions` property holds Sanction entities) are read too. Link and detail schemata
(Ownership, Address, ...) carry no party and are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import Identifier, ListEntry, Schema
from counterpart.watchlists.identifiers import check_identifier
from counterpart.watchlists.sources.records import MAX_FIELD_CHARS, ParsedRow, check_names

PARTY_SCHEMATA = {schema.value: schema for schema in Schema}
SKIPPED_SCHEMATA = frozenset(
    (
        "Address", "Associate", "Debt", "Directorship", "Employment", "Family",
        "Identification", "Membership", "Occupancy", "Ownership", "Passport", "Position",
        "Representation", "Succession", "UnknownLink", "Article", "Document", "Note",
        "Payment", "Security", "Trip", "Event", "Other",
    )
)  # fmt: skip
IDENTIFIER_PROPERTIES = (
    "uscCode", "registrationNumber", "passportNumber", "idNumber", "innCode", "taxNumber",
    "ogrnCode", "leiCode", "swiftBic", "imoNumber", "vatCode", "dunsCode", "email", "phone",
    "website", "okpoCode", "kppCode",
)  # fmt: skip
NAME_PROPERTIES = ("alias", "previousName")  # weakAlias stays in `extra`, as for OFAC
MAIN_PROPERTIES = frozenset(
    (
        "name", *NAME_PROPERTIES, *IDENTIFIER_PROPERTIES, "birthDate", "country",
        "nationality", "citizenship", "jurisdiction", "address", "program", "notes",
        "publicKey", "currency", "sanctions",
    )
)  # fmt: skip


@dataclass
class SanctionFacts:
    """What the Sanction entities say about one party."""

    starts: list[str] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    authorities: list[str] = field(default_factory=list)

    def add(self, props: dict[str, list[str]]) -> None:
        """Merge one Sanction entity's properties."""
        self.starts += props.get("listingDate", []) + props.get("startDate", [])
        self.ends += props.get("endDate", [])
        self.programs += props.get("program", [])
        self.authorities += props.get("authority", [])


def parse_ftm(paths: list[Path], list_id: str) -> Iterator[ParsedRow]:
    """Entries of FtM JSON-lines files; each unreadable line is an error naming the line."""
    sanctions: dict[str, SanctionFacts] = {}
    for path in paths:
        for _, entity in read_entities(path, report=False):
            if isinstance(entity, dict) and entity.get("schema") == "Sanction":
                for party in properties_of(entity).get("entity", []):
                    sanctions.setdefault(party, SanctionFacts()).add(properties_of(entity))
    for path in paths:
        for line, entity in read_entities(path, report=True):
            if isinstance(entity, InvalidInput):
                yield entity
            else:
                yield from to_entries(list_id, entity, sanctions, f"{path.name}:line {line}")


def read_entities(path: Path, report: bool) -> Iterator[tuple[int, Any]]:
    """(line, decoded JSON) per non-blank line; with `report`, an InvalidInput for bad JSON."""
    try:
        lines = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc
    with lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            if len(text) > MAX_FIELD_CHARS * 10:
                if report:
                    yield number, too_long(path, number)
                continue
            try:
                yield number, json.loads(text)
            except json.JSONDecodeError as exc:
                if report:
                    yield (
                        number,
                        InvalidInput(f"not JSON: {exc.msg}", where=f"{path.name}:line {number}"),
                    )


def too_long(path: Path, number: int) -> InvalidInput:
    """The error for a line longer than a party can reasonably be."""
    return InvalidInput(
        f"line longer than {MAX_FIELD_CHARS * 10} characters", where=f"{path.name}:line {number}"
    )


def properties_of(entity: dict[str, Any]) -> dict[str, list[str]]:
    """The string-valued properties of an entity (nested entities are dropped)."""
    props = entity.get("properties")
    if not isinstance(props, dict):
        return {}
    return {
        key: [value for value in values if isinstance(value, str)]
        for key, values in props.items()
        if isinstance(values, list)
    }


def to_entries(
    list_id: str, entity: Any, sanctions: dict[str, SanctionFacts], where: str
) -> Iterator[ParsedRow]:
    """One party entity as a ListEntry, preceded by its errors; other schemata yield nothing."""
    if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
        yield InvalidInput("not an FtM entity: no string `id`", where=where)
        return
    schema_name = entity.get("schema")
    if schema_name == "Sanction" or schema_name in SKIPPED_SCHEMATA:
        return
    schema = PARTY_SCHEMATA.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None:
        yield InvalidInput(f"unknown schema {schema_name!r}", where=where)
        return
    props = properties_of(entity)
    facts = sanctions.get(entity["id"], SanctionFacts())
    for nested in entity.get("properties", {}).get("sanctions", []):
        if isinstance(nested, dict):
            facts.add(properties_of(nested))
    try:
        entry = to_entry(list_id, entity["id"], schema, props, facts=facts, where=where)
    except InvalidInput as exc:
        yield exc
        return
    yield from entry[1]
    yield entry[0]


def to_entry(
    list_id: str,
    entity_id: str,
    schema: Schema,
    props: dict[str, list[str]],
    *,
    facts: SanctionFacts,
    where: str,
) -> tuple[ListEntry, list[InvalidInput]]:
    """The ListEntry of a party's properties and its Sanction facts, with alias errors."""
    primary = (props.get("name") or props.get("publicKey") or [""])[0]
    aliases = [n for key in ("name", *NAME_PROPERTIES) for n in props.get(key, [])]
    names, errors = check_names(primary, aliases, where)
    get = props.get
    entry = ListEntry(
        list_id=list_id,
        entry_id=entity_id,
        schema=schema,
        names=names,
        identifiers=tuple(to_identifiers(props)),
        birth_dates=tuple(get("birthDate", [])),
        countries=tuple(
            dict.fromkeys(
                get("country", [])
                + get("nationality", [])
                + get("citizenship", [])
                + get("jurisdiction", [])
            )
        ),
        addresses=tuple(get("address", [])),
        programs=tuple(dict.fromkeys(get("program", []) + facts.programs)),
        remarks="\n".join(get("notes", [])),
        listed=earliest(facts.starts, where),
        delisted=latest(facts.ends, where),
        extra=extra_of(props, facts),
    )
    return entry, errors


def to_identifiers(props: dict[str, list[str]]) -> Iterator[Identifier]:
    """Identifier properties, and a CryptoWallet's own publicKey with its currency."""
    for kind in IDENTIFIER_PROPERTIES:
        for value in props.get(kind, []):
            yield Identifier(kind, value, valid=check_identifier(kind, value, None))
    currency = next(iter(props.get("currency", [])), None)
    for key in props.get("publicKey", []):
        yield Identifier("publicKey", key, currency=currency)


def to_dates(values: list[str], where: str) -> list[date]:
    """FtM dates (ISO, possibly partial) as dates; a partial date counts from its start."""
    dates = []
    for value in values:
        padded = value[:10] + {4: "-01-01", 7: "-01"}.get(len(value[:10]), "")
        try:
            dates.append(date.fromisoformat(padded))
        except ValueError as exc:
            raise InvalidInput(f"{value!r} is not an ISO date", where=where) from exc
    return dates


def earliest(values: list[str], where: str) -> date | None:
    """The first of the stated listing dates."""
    dates = to_dates(values, where)
    return min(dates) if dates else None


def latest(values: list[str], where: str) -> date | None:
    """The last of the stated end dates."""
    dates = to_dates(values, where)
    return max(dates) if dates else None


def extra_of(props: dict[str, list[str]], facts: SanctionFacts) -> dict[str, tuple[str, ...]]:
    """Properties not mapped to a ListEntry field, plus the sanctioning authorities."""
    extra = {key: tuple(values) for key, values in props.items() if key not in MAIN_PROPERTIES}
    if facts.authorities:
        extra["authority"] = tuple(dict.fromkeys(facts.authorities))
    return {key: values for key, values in extra.items() if values}
