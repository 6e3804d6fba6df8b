"""UN Security Council consolidated list XML: INDIVIDUAL and ENTITY elements, streamed.

The file is read with lxml's iterparse in recover mode, so a malformed element is reported
with its line and the elements after it still load; entity expansion and network access are
off, as the file comes from outside.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import Identifier, ListEntry, Schema
from counterpart.watchlists.identifiers import check_identifier
from counterpart.watchlists.sources.records import ParsedRow, check_names, to_date, where_of

LIST_ID = "un-sc"
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
DOCUMENT_KINDS = {"passport": "passportNumber", "national identification number": "idNumber"}
Element = Any  # lxml.etree._Element; lxml ships no type information


def parse_un_xml(paths: list[Path], list_id: str = LIST_ID) -> Iterator[ParsedRow]:
    """Entries of the consolidated list; per-element errors name the element's line."""
    for path in paths:
        yield from parse_file(path, list_id)


def parse_file(path: Path, list_id: str) -> Iterator[ParsedRow]:
    """The entries of one file, then the XML syntax errors lxml recovered from."""
    if not path.is_file():
        raise InvalidInput(f"cannot read {path}: no such file")
    events = etree.iterparse(
        str(path),
        events=("end",),
        tag=("INDIVIDUAL", "ENTITY"),
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    try:
        for _, element in events:
            yield from to_entries(list_id, element, where_of(path, element.sourceline or 0))
            element.clear(keep_tail=False)
            while element.getprevious() is not None:  # keep memory flat on large files
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        yield InvalidInput(f"XML cannot be read past here: {exc.msg}", where=path.name)
    for error in events.error_log:
        yield InvalidInput(f"malformed XML: {error.message}", where=where_of(path, error.line))


def text_of(element: Element, tag: str) -> str:
    """The stripped text of the first child `tag`, or ''."""
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def texts_of(element: Element, path: str) -> list[str]:
    """The non-empty stripped texts of every element at `path`."""
    return [text for child in element.findall(path) if (text := (child.text or "").strip())]


def to_entries(list_id: str, element: Element, where: str) -> Iterator[ParsedRow]:
    """One INDIVIDUAL or ENTITY as a ListEntry, preceded by the errors found in it."""
    is_person = element.tag == "INDIVIDUAL"
    dataid = text_of(element, "DATAID")
    if not dataid:
        yield InvalidInput(f"{element.tag} without DATAID", where=where)
        return
    primary = " ".join(part for tag in NAME_PARTS if (part := text_of(element, tag)))
    prefix = "INDIVIDUAL" if is_person else "ENTITY"
    aliases = texts_of(element, f"{prefix}_ALIAS/ALIAS_NAME") + texts_of(
        element, "NAME_ORIGINAL_SCRIPT"
    )
    try:
        names, errors = check_names(primary, aliases, where)
        listed = to_date(text_of(element, "LISTED_ON"), where, "LISTED_ON")
    except InvalidInput as exc:
        yield exc
        return
    yield from errors
    yield ListEntry(
        list_id=list_id,
        entry_id=dataid,
        schema=Schema.PERSON if is_person else Schema.ORGANIZATION,
        names=names,
        identifiers=tuple(to_identifiers(element)),
        birth_dates=tuple(birth_dates_of(element)),
        countries=tuple(dict.fromkeys(texts_of(element, "NATIONALITY/VALUE"))),
        addresses=tuple(addresses_of(element, f"{prefix}_ADDRESS")),
        programs=tuple(texts_of(element, "UN_LIST_TYPE")),
        remarks=text_of(element, "COMMENTS1"),
        listed=listed,
        extra=extra_of(element),
    )


def birth_dates_of(element: Element) -> Iterator[str]:
    """Dates of birth: exact dates, years, and both ends of FROM_YEAR/TO_YEAR ranges."""
    for item in element.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        for tag in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
            if value := text_of(item, tag):
                yield value[:10]


def addresses_of(element: Element, tag: str) -> Iterator[str]:
    """Each address as one line, street to country."""
    for item in element.findall(tag):
        parts = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
        line = ", ".join(value for part in parts if (value := text_of(item, part)))
        if line:
            yield line


def to_identifiers(element: Element) -> Iterator[Identifier]:
    """Passports and national IDs from INDIVIDUAL_DOCUMENT; other documents as idNumber."""
    for item in element.findall("INDIVIDUAL_DOCUMENT"):
        number = text_of(item, "NUMBER")
        if not number:
            continue
        kind = DOCUMENT_KINDS.get(text_of(item, "TYPE_OF_DOCUMENT").lower(), "idNumber")
        country = text_of(item, "ISSUING_COUNTRY") or text_of(item, "COUNTRY_OF_ISSUE") or None
        valid = check_identifier(kind, number, country)
        yield Identifier(kind, number, country=country, valid=valid)


def extra_of(element: Element) -> dict[str, tuple[str, ...]]:
    """Other UN fields kept as FtM-style extra properties."""
    extra = {
        "referenceNumber": texts_of(element, "REFERENCE_NUMBER"),
        "title": texts_of(element, "TITLE/VALUE"),
        "position": texts_of(element, "DESIGNATION/VALUE"),
        "gender": texts_of(element, "GENDER"),
        "birthPlace": list(addresses_of(element, "INDIVIDUAL_PLACE_OF_BIRTH")),
        "modifiedAt": texts_of(element, "LAST_DAY_UPDATED/VALUE"),
    }
    return {key: tuple(values) for key, values in extra.items() if values}
