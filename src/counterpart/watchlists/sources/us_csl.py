"""US Consolidated Screening List CSV (trade.gov): one row per party, with a header row.

Eleven source lists share the file (Entity List, Denied Persons, SDN, ...); `start_date` and
`end_date` are the listing and delisting dates the list states.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import Identifier, ListEntry, Schema
from counterpart.watchlists.identifiers import identifier_from_label
from counterpart.watchlists.sources.records import (
    MAX_FIELD_CHARS,
    ParsedRow,
    check_names,
    number_rows,
    open_csv_text,
    split_values,
    to_date,
    where_of,
)

LIST_ID = "us-csl"
REQUIRED_COLUMNS = ("source", "name", "type", "start_date", "end_date", "alt_names", "ids")
SCHEMA_OF_TYPE = {
    "individual": Schema.PERSON,
    "entity": Schema.LEGAL_ENTITY,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRPLANE,
    "": Schema.LEGAL_ENTITY,  # Entity List rows leave the type empty
}
ABBREVIATION = re.compile(r"\(([A-Z]+)\)")


def parse_us_csl(paths: list[Path], list_id: str = LIST_ID) -> Iterator[ParsedRow]:
    """Entries of one or more CSL files; each bad row is an error naming its line."""
    seen: dict[str, int] = {}
    for path in paths:
        reader = csv.DictReader(open_csv_text(path))
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput(f"not a CSL file: no column {', '.join(missing)}", where=path.name)
        for numbered in number_rows(reader, path, 2):
            if isinstance(numbered, InvalidInput):
                yield numbered
            else:
                yield from to_entries(list_id, numbered[1], seen, where_of(path, numbered[0]))


def to_entries(
    list_id: str, row: dict[str, str | None], seen: dict[str, int], where: str
) -> Iterator[ParsedRow]:
    """One CSL row as a ListEntry, preceded by the errors found in it."""
    if None in row or any(value is None for value in row.values()):
        yield InvalidInput("wrong number of fields", where=where)
        return
    fields = {key: (value or "").strip() for key, value in row.items()}
    if any(len(value) > MAX_FIELD_CHARS for value in fields.values()):
        yield InvalidInput(f"a field is longer than {MAX_FIELD_CHARS} characters", where=where)
        return
    schema = SCHEMA_OF_TYPE.get(fields["type"].lower())
    if schema is None:
        yield InvalidInput(f"unknown type {fields['type']!r}", where=where)
        return
    try:
        names, errors = check_names(fields["name"], split_values(fields["alt_names"]), where)
        listed, delisted = (
            to_date(fields["start_date"], where, "start_date"),
            to_date(fields["end_date"], where, "end_date"),
        )
    except InvalidInput as exc:
        yield exc
        return
    yield from errors
    yield ListEntry(
        list_id=list_id,
        entry_id=unique_id(entry_id_of(fields), seen),
        schema=schema,
        names=names,
        identifiers=tuple(to_identifiers(fields["ids"])),
        birth_dates=tuple(split_values(fields.get("dates_of_birth", ""))),
        countries=countries_of(fields),
        addresses=tuple(split_values(fields.get("addresses", ""))),
        programs=tuple(split_values(fields.get("programs", ""))),
        remarks=fields.get("remarks", ""),
        listed=listed,
        delisted=delisted,
        extra=extra_of(fields),
    )


def countries_of(fields: dict[str, str]) -> tuple[str, ...]:
    """Nationalities and citizenships, in order, without repeats."""
    both = split_values(fields.get("nationalities", "")) + split_values(
        fields.get("citizenships", "")
    )
    return tuple(dict.fromkeys(both))


def entry_id_of(fields: dict[str, str]) -> str:
    """The row's own id, else its entity number, else source + a hash of the name.

    Entity List rows carry neither id nor number; the hash keeps their id stable across
    snapshots as long as the source and the name do not change.
    """
    if fields.get("id"):
        return fields["id"]
    if fields.get("entity_number"):
        return fields["entity_number"]
    found = ABBREVIATION.search(fields["source"])
    prefix = found.group(1) if found else "CSL"
    digest = hashlib.sha256(f"{fields['source']}\n{fields['name'].upper()}".encode()).hexdigest()
    return f"{prefix}-{digest[:12]}"


def unique_id(entry_id: str, seen: dict[str, int]) -> str:
    """`entry_id`, or `entry_id~N` for its N-th repeat in the same snapshot."""
    seen[entry_id] = seen.get(entry_id, 0) + 1
    return entry_id if seen[entry_id] == 1 else f"{entry_id}~{seen[entry_id]}"


def to_identifiers(ids: str) -> Iterator[Identifier]:
    """Typed identifiers from the `ids` column: `COUNTRY, VALUE, TYPE` or `VALUE, TYPE`."""
    for item in split_values(ids):
        parts = [part.strip() for part in item.split(", ")]
        if len(parts) < 2:
            continue
        country = parts[0] if len(parts) >= 3 and re.fullmatch(r"[A-Z]{2}", parts[0]) else None
        value = ", ".join(parts[1:-1] if country else parts[:-1])
        identifier = identifier_from_label(parts[-1], value, country)
        if identifier is not None:
            yield identifier


def extra_of(fields: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """The CSL columns kept as FtM-style extra properties."""
    extra = {
        "sourceList": fields["source"],
        "title": fields.get("title", ""),
        "birthPlace": fields.get("places_of_birth", ""),
        "federalRegisterNotice": fields.get("federal_register_notice", ""),
        "licenseRequirement": fields.get("license_requirement", ""),
        "sourceUrl": fields.get("source_list_url", ""),
    }
    return {key: tuple(split_values(value)) for key, value in extra.items() if value}
