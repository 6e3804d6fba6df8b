"""A plain CSV list with a header row: a party's own list, in the columns docs/watchlists.md names.

Required columns: `id`, `schema`, `name`. Optional: `aliases`, `birth_dates`, `countries`,
`addresses`, `programs`, `identifiers`, `listed`, `delisted`, `remarks`. Multi-valued
columns are `;`-separated; an identifier is `kind=value` with an optional ` (country)`, or
` (currency)` for a `publicKey`: `uscCode=91310115MA1K4DLAXM; publicKey=1DH2x... (XBT)`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import Identifier, ListEntry, Schema
from counterpart.watchlists.identifiers import check_identifier
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

REQUIRED_COLUMNS = ("id", "schema", "name")
SCHEMATA = {schema.value.lower(): schema for schema in Schema}
IDENTIFIER_RE = re.compile(
    r"(?P<kind>[A-Za-z]+)=(?P<value>[^()]+?)\s*(?:\((?P<qualifier>[^()]+)\))?"
)


def parse_plain_csv(paths: list[Path], list_id: str) -> Iterator[ParsedRow]:
    """Entries of plain CSV files; each bad row is an error naming its line."""
    for path in paths:
        # strict: a quote left open is an error at its row, not a name that swallows the rows
        # after it (the csv module would otherwise read on to the next quote or the end).
        reader = csv.DictReader(open_csv_text(path), strict=True)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput(
                f"plain CSV lacks column(s) {', '.join(missing)}; see docs/watchlists.md",
                where=path.name,
            )
        for numbered in number_rows(reader, path, 2):
            if isinstance(numbered, InvalidInput):
                yield numbered
                continue
            try:
                yield from to_entries(list_id, numbered[1], where_of(path, numbered[0]))
            except InvalidInput as exc:
                yield exc


def to_entries(list_id: str, row: dict[str, str | None], where: str) -> Iterator[ParsedRow]:
    """One row as a ListEntry, preceded by alias errors; a bad row raises InvalidInput."""
    if None in row or any(value is None for value in row.values()):
        raise InvalidInput("wrong number of fields", where=where)
    fields = {key: (value or "").strip() for key, value in row.items()}
    if any(len(value) > MAX_FIELD_CHARS for value in fields.values()):
        raise InvalidInput(f"a field is longer than {MAX_FIELD_CHARS} characters", where=where)
    if not fields["id"]:
        raise InvalidInput("empty id", where=where)
    schema = SCHEMATA.get(fields["schema"].lower())
    if schema is None:
        raise InvalidInput(
            f"unknown schema {fields['schema']!r} (expected one of {[s.value for s in Schema]})",
            where=where,
        )
    names, errors = check_names(fields["name"], split_values(fields.get("aliases", "")), where)
    yield from errors
    yield ListEntry(
        list_id=list_id,
        entry_id=fields["id"],
        schema=schema,
        names=names,
        identifiers=tuple(
            to_identifier(item, where) for item in split_values(fields.get("identifiers", ""))
        ),
        birth_dates=tuple(split_values(fields.get("birth_dates", ""))),
        countries=tuple(split_values(fields.get("countries", ""))),
        addresses=tuple(split_values(fields.get("addresses", ""))),
        programs=tuple(split_values(fields.get("programs", ""))),
        remarks=fields.get("remarks", ""),
        listed=to_date(fields.get("listed", ""), where, "listed"),
        delisted=to_date(fields.get("delisted", ""), where, "delisted"),
    )


def to_identifier(item: str, where: str) -> Identifier:
    """`kind=value (qualifier)` as an Identifier; the qualifier is a currency for publicKey."""
    match = IDENTIFIER_RE.fullmatch(item)
    if match is None:
        raise InvalidInput(f"identifier {item[:60]!r} is not `kind=value (country)`", where=where)
    kind, value, qualifier = match["kind"], match["value"].strip(), match["qualifier"]
    if kind == "publicKey":
        return Identifier(kind, value, currency=qualifier)
    return Identifier(
        kind, value, country=qualifier, valid=check_identifier(kind, value, qualifier)
    )
