"""OFAC SDN legacy CSV: `sdn.csv` with `alt.csv`, `add.csv` and `sdn_comments.csv`.

No header rows; `-0-` marks an empty field; remarks longer than 1,000 characters continue in
`sdn_comments.csv`. Columns are in docs/watchlists.md.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import ListEntry, Schema
from counterpart.watchlists.identifiers import RemarkFacts, extract_remarks
from counterpart.watchlists.sources.records import (
    ParsedRow,
    check_names,
    number_rows,
    open_csv_text,
    where_of,
)
from counterpart.watchlists.telegraph import decode_telegraph

LIST_ID = "us-ofac-sdn"
FILE_NAMES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
SDN_COLUMNS = 12
SCHEMA_OF_TYPE = {
    "individual": Schema.PERSON,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRPLANE,
    "": Schema.LEGAL_ENTITY,
}
VESSEL_FIELDS = ("callSign", "type", "tonnage", "grossRegisteredTonnage", "flag", "owner")


@dataclass
class Companions:
    """What the companion files add to each ent_num."""

    aliases: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    addresses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    countries: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    comments: dict[str, str] = field(default_factory=lambda: defaultdict(str))
    origins: dict[str, str] = field(default_factory=dict)  # ent_num -> its first row's place


def resolve_sdn_files(paths: list[Path]) -> dict[str, Path]:
    """The four files by name, from a directory or the files themselves; sdn.csv is required."""
    candidates: list[Path] = []
    for path in paths:
        candidates.extend(sorted(path.iterdir()) if path.is_dir() else [path])
    found = {p.name.lower(): p for p in candidates if p.name.lower() in FILE_NAMES}
    unknown = [p.name for p in candidates if p.name.lower() not in FILE_NAMES and not p.is_dir()]
    if unknown and not any(p.is_dir() for p in paths):
        expected = ", ".join(FILE_NAMES)
        raise InvalidInput(f"not an SDN file: {', '.join(unknown)} (the files are {expected})")
    if "sdn.csv" not in found:
        given = ", ".join(str(p) for p in paths)
        raise InvalidInput(f"no sdn.csv in {given} (give the SDN directory or its files)")
    return found


def cell(value: str) -> str:
    """A field with OFAC's `-0-` (empty) marker and padding removed."""
    value = value.strip()
    return "" if value == "-0-" else value


def read_rows(path: Path, width: int) -> Iterator[tuple[int, list[str]] | InvalidInput]:
    """(line, cleaned fields) per record, or an error for a record of the wrong width."""
    reader = csv.reader(open_csv_text(path))
    for numbered in number_rows(reader, path, 1):
        if isinstance(numbered, InvalidInput):
            yield numbered
            continue
        line, row = numbered
        if not row or row == [""]:
            continue
        if len(row) != width:
            yield InvalidInput(
                f"expected {width} fields, found {len(row)}", where=where_of(path, line)
            )
        elif not row[0].strip().isdigit():
            yield InvalidInput(f"ent_num {row[0]!r} is not a number", where=where_of(path, line))
        else:
            yield line, [cell(value) for value in row]


def read_companions(files: dict[str, Path], errors: list[InvalidInput]) -> Companions:
    """Aliases, addresses and remark overflow by ent_num; bad rows go to `errors`."""
    found = Companions()
    for name, width in (("alt.csv", 5), ("add.csv", 6), ("sdn_comments.csv", 2)):
        if name not in files:
            continue
        for row in read_rows(files[name], width):
            if isinstance(row, InvalidInput):
                errors.append(row)
                continue
            line, fields = row
            found.origins.setdefault(fields[0], where_of(files[name], line))
            add_companion(found, name, fields)
    return found


def add_companion(found: Companions, name: str, fields: list[str]) -> None:
    """File one companion row under its ent_num."""
    ent_num = fields[0]
    if name == "alt.csv" and fields[3]:
        found.aliases[ent_num].append(fields[3])
    elif name == "add.csv":
        address = ", ".join(part for part in fields[2:5] if part)
        if address:
            found.addresses[ent_num].append(address)
        if fields[4]:
            found.countries[ent_num].append(fields[4])
    elif name == "sdn_comments.csv":
        found.comments[ent_num] += fields[1]


def parse_ofac_sdn(paths: list[Path], list_id: str = LIST_ID) -> Iterator[ParsedRow]:
    """Entries of an SDN snapshot, then errors for companion rows whose entry is missing."""
    files = resolve_sdn_files(paths)
    errors: list[InvalidInput] = []
    companions = read_companions(files, errors)
    yield from errors
    seen: set[str] = set()
    for row in read_rows(files["sdn.csv"], SDN_COLUMNS):
        if isinstance(row, InvalidInput):
            yield row
            continue
        line, fields = row
        seen.add(fields[0])
        yield from to_entries(list_id, fields, companions, where_of(files["sdn.csv"], line))
    for ent_num, where in companions.origins.items():
        if ent_num not in seen:
            yield InvalidInput(f"ent_num {ent_num} is not in sdn.csv", where=where)


def to_entries(
    list_id: str, fields: list[str], companions: Companions, where: str
) -> Iterator[ParsedRow]:
    """One sdn.csv row as a ListEntry, preceded by the errors found in it."""
    ent_num, name, sdn_type, program = fields[:4]
    schema = SCHEMA_OF_TYPE.get(sdn_type.lower())
    if schema is None:
        yield InvalidInput(f"unknown SDN_Type {sdn_type!r}", where=where)
        return
    remarks = fields[11] + companions.comments.get(ent_num, "")
    facts = extract_remarks(remarks)
    aliases = list(companions.aliases.get(ent_num, []))
    for codes in facts.telegraph_codes:
        try:
            aliases.extend(decode_telegraph(codes).forms())
        except InvalidInput as exc:
            yield InvalidInput(exc.message, where=where)
    try:
        names, name_errors = check_names(name, aliases, where)
    except InvalidInput as exc:
        yield exc
        return
    yield from name_errors
    yield ListEntry(
        list_id=list_id,
        entry_id=ent_num,
        schema=schema,
        names=names,
        identifiers=facts.identifiers,
        birth_dates=facts.birth_dates,
        countries=tuple(dict.fromkeys([*facts.countries, *companions.countries.get(ent_num, [])])),
        addresses=tuple(companions.addresses.get(ent_num, [])),
        programs=tuple(p.strip() for p in program.strip("[]").split("] [") if p.strip()),
        remarks=remarks,
        extra=extra_of(fields, facts),
    )


def extra_of(fields: list[str], facts: RemarkFacts) -> dict[str, tuple[str, ...]]:
    """Remark facts and the title and vessel columns kept as FtM-style extra properties."""
    extra = {
        "birthPlace": facts.birth_places,
        "gender": facts.gender,
        "linkedTo": facts.linked_to,
        "weakAlias": facts.weak_aliases,
        "chineseCommercialCode": facts.telegraph_codes,
        "title": (fields[4],) if fields[4] else (),
    }
    vessel = zip(VESSEL_FIELDS, fields[5:11], strict=True)
    extra.update({key: (value,) for key, value in vessel if value})
    return {key: values for key, values in extra.items() if values}
