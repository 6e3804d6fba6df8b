"""The registry's fact review (data/registry_review.csv) agrees with the data file and the docs.

Each review row names one listing (entry, jurisdiction, first day) and what a check against a
primary or authoritative source found: `confirmed`, `corrected` (the registry was wrong and now
follows the source), or `unconfirmed` (a source was found but it does not settle the listing's
date). The listing's note must cite the row's source. The table in docs/registry.md is rendered
here from the rows and the notes, so the counts there are computed, never typed by hand.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from counterpart.chemistry.registry import Registry, load_registry
from counterpart.domain.substances import Jurisdiction, Listing

DATA = Path(__file__).parent / "data" / "registry_review.csv"
ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "registry.md"
CHANGELOG = ROOT / "CHANGELOG.md"
OUTCOMES = ("confirmed", "corrected", "unconfirmed")
# Wording by which a note says that a fact of its listing is still open.
OPEN_QUESTION = re.compile(
    r"not verified|not confirmed|verify|reported|lower bound|not read|not recorded"
    r"|possible|not found"
)
# Wording that says the listing's own date or citation is unsettled.
UNSETTLED = re.compile(r"not verified|not confirmed|verify|reported|lower bound")
TABLE_START = "<!-- review-table:start -->"
TABLE_END = "<!-- review-table:end -->"

Key = tuple[str, str, str]


def _rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


ROWS = _rows()


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def _listings(registry: Registry) -> dict[Key, Listing]:
    found: dict[Key, Listing] = {}
    for entry in registry.entries:
        for listing in entry.listings:
            key = (entry.id, listing.jurisdiction.value, listing.since.isoformat())
            assert key not in found, f"two listings share {key}"
            found[key] = listing
    return found


def _key(row: dict[str, str]) -> Key:
    return (row["entry"], row["jurisdiction"], row["since"])


def _outcome(listing: Listing, reviewed: str | None) -> str:
    if reviewed in ("confirmed", "corrected"):
        return reviewed
    return "unconfirmed" if OPEN_QUESTION.search(listing.note) else "settled"


def render_table(registry: Registry) -> str:
    """The review table of docs/registry.md, one row per jurisdiction and a total."""
    reviewed = {_key(row): row["outcome"] for row in ROWS}
    counts: Counter[tuple[str, str]] = Counter()
    for key, listing in _listings(registry).items():
        counts[key[1], _outcome(listing, reviewed.get(key))] += 1
    columns = ("confirmed", "corrected", "unconfirmed", "settled")
    lines = [
        "| jurisdiction | listings | confirmed | corrected | still unconfirmed | sourced earlier |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in [*(j.value for j in Jurisdiction), "all"]:
        cells = [
            sum(n for (j, c), n in counts.items() if c == column and name in (j, "all"))
            for column in columns
        ]
        lines.append(f"| {name} | {sum(cells)} | " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines)


def test_rows_are_well_formed_and_unique() -> None:
    assert ROWS, "the review file is empty"
    keys = [_key(row) for row in ROWS]
    assert len(keys) == len(set(keys))
    for row in ROWS:
        assert row["outcome"] in OUTCOMES, row
        assert row["jurisdiction"] in {j.value for j in Jurisdiction}, row
        date.fromisoformat(row["since"])
        assert row["source"].startswith(("https://", "http://")), row


@pytest.mark.parametrize("row", ROWS, ids=["/".join(_key(r)) for r in ROWS])
def test_each_reviewed_listing_exists_and_cites_its_source(
    registry: Registry, row: dict[str, str]
) -> None:
    listing = _listings(registry).get(_key(row))
    assert listing is not None, f"no listing {_key(row)}"
    assert row["source"] in listing.note, (row, listing.note)
    if row["outcome"] == "unconfirmed":
        assert listing.note.startswith("Source found:"), listing.note
        assert OPEN_QUESTION.search(listing.note), "say what is still open"
    else:
        assert listing.note.startswith(row["outcome"].capitalize()), listing.note
        assert not UNSETTLED.search(listing.note), listing.note


def test_every_correction_is_in_the_changelog(registry: Registry) -> None:
    changelog = CHANGELOG.read_text(encoding="utf-8")
    for row in (r for r in ROWS if r["outcome"] == "corrected"):
        entry = next(e for e in registry.entries if e.id == row["entry"])
        assert entry.name in changelog, entry.name


def test_the_docs_table_is_the_computed_one(registry: Registry) -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(TABLE_START) + len(TABLE_START), text.index(TABLE_END)
    assert text[start:end].strip() == render_table(registry), (
        "docs/registry.md's review table is stale; it should read:\n" + render_table(registry)
    )
