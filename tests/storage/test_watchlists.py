"""Watchlist snapshots on SQLite and PostgreSQL: idempotent loads, derived listing history."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from counterpart.domain.errors import Conflict, NotFound
from counterpart.storage.database import create_engine, migrate
from counterpart.storage.watchlist_tables import watchlist_entry_version, watchlist_snapshot_entry
from counterpart.storage.watchlists import WatchlistRepository
from counterpart.watchlists.listing_history import Period
from counterpart.workflows.watchlist_loading import load_watchlist

SDN_DIR = Path(__file__).resolve().parents[3] / "shared/data/sanctions/ofac-sdn-2021"
CSL_HEADER = (
    "source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
    "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
    "vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
    "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
    "source_information_url,ids\n"
)
EL = "Entity List (EL) - Bureau of Industry and Security"
# The Institute of Forensic Science of China's Ministry of Public Security: added to the
# Entity List by the rule announced 22 May 2020, removed by the rule effective 16 Nov 2023
# (FR Doc. 2023-25557). The CSL drops a removed party's row.
IFS = (
    f'"{EL}",,,,"Institute of Forensic Science of China",,"Beijing, CN",,2020-05-22,{{end}},'
    ',,,,,,,,,,,"Ministry of Public Security Institute of Forensic Science",,,,,,\n'
)
OTHER = f'"{EL}",,,,"Other Listed Co.",,"Wuhan, CN",,2019-01-01,,,,,,,,,,,,,,,,,,,\n'


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def repo(engine: Engine) -> WatchlistRepository:
    return WatchlistRepository(engine)


def count_rows(engine: Engine, table: sa.Table) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def modified_sdn_copy(tmp_path: Path) -> Path:
    """The SDN files with 26236 removed, 99999 added and 26323's name changed."""
    copy = tmp_path / "sdn-later"
    shutil.copytree(SDN_DIR, copy)
    lines = (copy / "sdn.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("26236,")]
    kept = [
        line.replace('"ZHENG, Guanghua"', '"ZHENG, Guang Hua"') if line.startswith("26323,")
        else line
        for line in kept
    ]  # fmt: skip
    added = '99999,"NEW CHEMICAL CO., LTD.",-0- ,"ILLICIT-DRUGS-EO14059",-0- ,-0- ,-0- ,-0- ,'
    kept.insert(0, added + "-0- ,-0- ,-0- ,-0- \r\n")
    (copy / "sdn.csv").write_text("".join(kept), encoding="utf-8")
    return copy


@pytest.mark.slow
def test_listing_history_from_two_sdn_snapshots(
    repo: WatchlistRepository, engine: Engine, tmp_path: Path
) -> None:
    first = load_watchlist(repo, "ofac-sdn", [SDN_DIR], date(2021, 7, 1))
    assert first.snapshot is not None and first.snapshot.entry_count == 8976
    assert first.new_versions == 8976
    later = load_watchlist(repo, "ofac-sdn", [modified_sdn_copy(tmp_path)], date(2021, 9, 1))
    assert later.snapshot is not None and later.snapshot.entry_count == 8976
    assert later.new_versions == 2  # the added and the changed entry; the rest is shared
    assert count_rows(engine, watchlist_entry_version) == 8978
    assert count_rows(engine, watchlist_snapshot_entry) == 2 * 8976

    july = {e.entry_id: e for e in repo.entries_on(date(2021, 8, 1))}
    autumn = {e.entry_id: e for e in repo.entries_on(date(2021, 10, 1))}
    assert set(july) - set(autumn) == {"26236"}
    assert set(autumn) - set(july) == {"99999"}
    assert july["26236"].delisted == date(2021, 9, 1)
    assert autumn["99999"].listed == date(2021, 9, 1)
    assert july["26323"].names[0] == "ZHENG, Guanghua"
    assert autumn["26323"].names[0] == "ZHENG, Guang Hua"
    assert autumn["26323"].listed == date(2021, 7, 1)
    assert not set(july) & {e.entry_id for e in repo.entries_on(date(2021, 6, 30))}

    removed = repo.history("us-ofac-sdn", "26236")
    assert removed.periods == (Period(date(2021, 7, 1), date(2021, 9, 1)),)
    assert [s.present for s in removed.sightings] == [True, False]
    changed = repo.history("us-ofac-sdn", "26323")
    assert changed.periods == (Period(date(2021, 7, 1), None),)
    first_hash, second_hash = (s.content_hash for s in changed.sightings)
    assert first_hash != second_hash


def test_reloading_the_same_files_is_idempotent(
    repo: WatchlistRepository, engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "csl.csv"
    path.write_text(CSL_HEADER + IFS.format(end="") + OTHER, encoding="utf-8")
    first = load_watchlist(repo, "us-csl", [path], date(2022, 1, 3))
    again = load_watchlist(repo, "us-csl", [path], date(2022, 1, 3))
    assert (first.created, again.created) == (True, False)
    assert first.snapshot == again.snapshot
    assert len(repo.snapshots()) == 1
    assert count_rows(engine, watchlist_snapshot_entry) == 2
    renamed = tmp_path / "renamed.csv"
    shutil.copy(path, renamed)
    assert not load_watchlist(repo, "us-csl", [renamed], date(2022, 1, 3)).created
    path.write_text(CSL_HEADER + OTHER, encoding="utf-8")
    with pytest.raises(Conflict, match="as of 2022-01-03 is already stored from other files"):
        load_watchlist(repo, "us-csl", [path], date(2022, 1, 3))


def load_ifs_snapshots(repo: WatchlistRepository, tmp_path: Path, later_row: str) -> None:
    early, late = tmp_path / "csl-2022.csv", tmp_path / "csl-2024.csv"
    early.write_text(CSL_HEADER + IFS.format(end="") + OTHER, encoding="utf-8")
    late.write_text(CSL_HEADER + later_row + OTHER, encoding="utf-8")
    load_watchlist(repo, "us-csl", [early], date(2022, 1, 3))
    load_watchlist(repo, "us-csl", [late], date(2024, 1, 2))


def ifs_on(repo: WatchlistRepository, on: date) -> list[tuple[date | None, date | None]]:
    return [
        (e.listed, e.delisted)
        for e in repo.entries_on(on, ["us-csl"])
        if e.names[0] == "Institute of Forensic Science of China"
    ]


def test_institute_of_forensic_science_2022_versus_2024(
    repo: WatchlistRepository, tmp_path: Path
) -> None:
    load_ifs_snapshots(repo, tmp_path, later_row="")
    # Listed as the list states it (before the first snapshot), delisted when first missing.
    assert ifs_on(repo, date(2021, 3, 1)) == [(date(2020, 5, 22), date(2024, 1, 2))]
    assert ifs_on(repo, date(2022, 6, 1)) == [(date(2020, 5, 22), date(2024, 1, 2))]
    assert ifs_on(repo, date(2024, 6, 1)) == []
    assert ifs_on(repo, date(2020, 5, 21)) == []
    assert len(list(repo.entries_on(date(2024, 6, 1), ["us-csl"]))) == 1
    assert len(list(repo.entries_on(None))) == 1


def test_a_stated_end_date_wins_over_the_snapshot_date(
    repo: WatchlistRepository, tmp_path: Path
) -> None:
    load_ifs_snapshots(repo, tmp_path, later_row=IFS.format(end="2023-11-16"))
    assert ifs_on(repo, date(2023, 11, 15)) == [(date(2020, 5, 22), date(2023, 11, 16))]
    assert ifs_on(repo, date(2023, 11, 16)) == []
    assert ifs_on(repo, date(2024, 6, 1)) == []
    (entry_id,) = {e.entry_id for e in repo.entries_on(None) if e.names[0].startswith("Inst")}
    history = repo.history("us-csl", entry_id)
    assert history.stated_delisted == date(2023, 11, 16)
    assert history.periods == (Period(date(2020, 5, 22), date(2023, 11, 16)),)


def test_an_entry_that_returns_has_two_periods(repo: WatchlistRepository, tmp_path: Path) -> None:
    rows = [OTHER + IFS.format(end=""), OTHER, OTHER + IFS.format(end="")]
    for day, row in zip((date(2022, 1, 3), date(2023, 1, 2), date(2024, 1, 2)), rows, strict=True):
        path = tmp_path / f"csl-{day}.csv"
        path.write_text(CSL_HEADER + row.replace("2020-05-22", ""), encoding="utf-8")
        load_watchlist(repo, "us-csl", [path], day)
    assert ifs_on(repo, date(2022, 6, 1)) == [(date(2022, 1, 3), date(2023, 1, 2))]
    assert ifs_on(repo, date(2023, 6, 1)) == []
    assert ifs_on(repo, date(2024, 6, 1)) == [(date(2024, 1, 2), None)]


def test_unknown_entries_and_empty_loads(repo: WatchlistRepository, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no entry 'nobody' in any snapshot of us-csl"):
        repo.history("us-csl", "nobody")
    path = tmp_path / "csl.csv"
    path.write_text(CSL_HEADER + OTHER.replace("Other Listed Co.", ""), encoding="utf-8")
    report = load_watchlist(repo, "us-csl", [path], date(2022, 1, 3))
    assert report.snapshot is None and not report.created
    assert [str(e) for e in report.errors] == ["csl.csv:line 2: empty name"]
    assert repo.snapshots() == []


def test_a_snapshot_records_its_bad_rows(repo: WatchlistRepository, tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text(CSL_HEADER + OTHER + OTHER.replace("Other Listed Co.", "***"), "utf-8")
    report = load_watchlist(repo, "us-csl", [path], date(2022, 1, 3))
    assert [str(e) for e in report.errors] == ["csl.csv:line 3: name '***' has no letter or digit"]
    (snapshot,) = repo.snapshots()
    assert (snapshot.entry_count, snapshot.error_count) == (1, 1)
    assert report.snapshot == snapshot


def test_screening_an_unloaded_list_is_not_found(repo: WatchlistRepository, tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text(CSL_HEADER + OTHER, encoding="utf-8")
    load_watchlist(repo, "us-csl", [path], date(2022, 1, 3))
    assert len(list(repo.entries_on(date(2022, 6, 1), ["us-csl"]))) == 1
    with pytest.raises(NotFound, match="no snapshot of us-cls is loaded"):
        list(repo.entries_on(date(2022, 6, 1), ["us-csl", "us-cls"]))
