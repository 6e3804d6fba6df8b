"""Watchlist loading speed on the real files, against reading the same files raw.

For each real list (OFAC SDN 2021, the CSL sample, the UN consolidated list) it times a
full `load_watchlist` into a fresh SQLite database (hash, parse, extract identifiers,
decode telegraph codes, store the snapshot), a re-load of the same files (idempotent, no
parse), and `entries_on` over the stored snapshot. The baseline, measured in the same run,
is the least any loader must do: read the files with the csv module or lxml, no model.

    .venv/bin/python bench/bench_watchlist_loading.py
"""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from lxml import etree

from counterpart.settings import Settings
from counterpart.storage.database import open_database
from counterpart.storage.watchlists import WatchlistRepository
from counterpart.workflows.watchlist_loading import load_watchlist

SANCTIONS = Path(__file__).resolve().parents[2] / "shared/data/sanctions"
LISTS = (
    ("ofac-sdn", [SANCTIONS / "ofac-sdn-2021"], "us-ofac-sdn"),
    ("us-csl", [SANCTIONS / "us-csl-sample.csv"], "us-csl"),
    ("un-xml", [SANCTIONS / "un-consolidated.xml"], "un-sc"),
)


def timed(work: Callable[[], object]) -> float:
    """Seconds one call of `work` takes."""
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def read_raw(paths: list[Path]) -> int:
    """Rows or elements in the files, read with no model: the baseline."""
    count = 0
    for path in paths:
        files = sorted(path.iterdir()) if path.is_dir() else [path]
        for file in files:
            if file.suffix == ".xml":
                count += sum(1 for _ in etree.iterparse(str(file), tag=("INDIVIDUAL", "ENTITY")))
            else:
                with file.open(encoding="utf-8", newline="") as lines:
                    count += sum(1 for _ in csv.reader(lines))
    return count


def bench_list(repo: WatchlistRepository, list_format: str, paths: list[Path], list_id: str) -> str:
    """One line of results for one list."""
    baseline = min(timed(lambda: read_raw(paths)) for _ in range(3))
    load = timed(lambda: load_watchlist(repo, list_format, paths, date(2026, 1, 1)))
    again = timed(lambda: load_watchlist(repo, list_format, paths, date(2026, 1, 1)))
    read = timed(lambda: sum(1 for _ in repo.entries_on(date(2026, 1, 2), [list_id])))
    return (
        f"{list_id:12} load {load:6.2f} s = {load / baseline:5.1f}x raw read "
        f"({baseline * 1000:.0f} ms); re-load {again * 1000:.0f} ms; entries_on {read:.2f} s"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        engine = open_database(Settings(home=Path(home)))
        repo = WatchlistRepository(engine)
        for list_format, paths, list_id in LISTS:
            print(bench_list(repo, list_format, paths, list_id))
        engine.dispose()


if __name__ == "__main__":
    main()
