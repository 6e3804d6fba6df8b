"""Arbitrary bytes in a list file give entries or per-row errors, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import ListEntry
from counterpart.watchlists.sources import ListFormat, parse_list

CSL_HEADER = (
    "source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
    "start_date,end_date,alt_names,ids\n"
)
FILES = {
    ListFormat.OFAC_SDN: ("sdn.csv", ""),
    ListFormat.US_CSL: ("csl.csv", CSL_HEADER),
    ListFormat.CSV: ("list.csv", "id,schema,name,aliases,identifiers,listed\n"),
    ListFormat.FTM: ("list.json", ""),
    ListFormat.UN_XML: ("list.xml", "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>"),
}


@settings(max_examples=60, deadline=None)
@given(
    list_format=st.sampled_from(list(FILES)),
    body=st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
)
def test_any_text_gives_entries_or_row_errors(list_format: ListFormat, body: str) -> None:
    name, header = FILES[list_format]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_text(header + body, encoding="utf-8")
        rows = list(parse_list(list_format, [path], "fuzz"))
    for row in rows:
        assert isinstance(row, ListEntry | InvalidInput)
        if isinstance(row, ListEntry):
            assert row.names and all(name.strip() for name in row.names)
