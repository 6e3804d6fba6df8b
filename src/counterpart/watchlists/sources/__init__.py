"""List parsers, one module per format; `parse_list` picks one by format name.

Each parser is a generator of `ListEntry` and, for each bad row, an `InvalidInput` naming the
file and line, so that a broken row is reported and the rest loads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path

from counterpart.domain.errors import InvalidInput
from counterpart.watchlists.sources import ftm, ofac_sdn, plain_csv, un_xml, us_csl
from counterpart.watchlists.sources.records import ParsedRow

__all__ = ["ListFormat", "ParsedRow", "default_list_id", "parse_list"]


class ListFormat(StrEnum):
    """The list formats `load-watchlist` reads."""

    OFAC_SDN = "ofac-sdn"
    US_CSL = "us-csl"
    UN_XML = "un-xml"
    FTM = "ftm"
    CSV = "csv"


PARSERS: dict[ListFormat, Callable[[list[Path], str], Iterator[ParsedRow]]] = {
    ListFormat.OFAC_SDN: ofac_sdn.parse_ofac_sdn,
    ListFormat.US_CSL: us_csl.parse_us_csl,
    ListFormat.UN_XML: un_xml.parse_un_xml,
    ListFormat.FTM: ftm.parse_ftm,
    ListFormat.CSV: plain_csv.parse_plain_csv,
}
DEFAULT_LIST_IDS = {
    ListFormat.OFAC_SDN: ofac_sdn.LIST_ID,
    ListFormat.US_CSL: us_csl.LIST_ID,
    ListFormat.UN_XML: un_xml.LIST_ID,
}


def to_format(name: str) -> ListFormat:
    """The ListFormat called `name`, or InvalidInput listing the known ones."""
    try:
        return ListFormat(name)
    except ValueError as exc:
        known = ", ".join(f.value for f in ListFormat)
        raise InvalidInput(f"unknown list format {name!r} (known: {known})") from exc


def default_list_id(list_format: ListFormat) -> str:
    """The list id a format implies; FtM and plain CSV lists need the operator to name them."""
    if list_format not in DEFAULT_LIST_IDS:
        raise InvalidInput(f"a {list_format.value} list needs a list id (--list-id)")
    return DEFAULT_LIST_IDS[list_format]


def parse_list(list_format: ListFormat, paths: list[Path], list_id: str) -> Iterator[ParsedRow]:
    """Entries and per-row errors of the files of one list snapshot."""
    if not paths:
        raise InvalidInput(f"no file given for the {list_format.value} list")
    return PARSERS[list_format](paths, list_id)
