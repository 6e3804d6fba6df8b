"""`load-watchlist`, `watchlists` and `watchlist-history` from the command line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from counterpart.cli import main
from counterpart.storage.tables import audit_event

SANCTIONS = Path(__file__).resolve().parents[3] / "shared/data/sanctions"
CSL_HEADER = (SANCTIONS / "us-csl-sample.csv").read_text(encoding="utf-8").splitlines()[0]


def run(home: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--home", str(home), *args])


@pytest.mark.slow
def test_load_the_real_lists_then_show_them(tmp_path: Path) -> None:
    home = tmp_path / "home"
    sdn = run(
        home,
        "load-watchlist",
        "ofac-sdn",
        str(SANCTIONS / "ofac-sdn-2021"),
        "--as-of",
        "2021-07-01",
    )
    assert sdn.exit_code == 0, sdn.output
    assert sdn.stdout.startswith(
        "us-ofac-sdn as of 2021-07-01: 8976 entries (8976 new or changed), 0 bad rows"
    )
    un = run(
        home,
        "load-watchlist",
        "un-xml",
        str(SANCTIONS / "un-consolidated.xml"),
        "--as-of",
        "2026-02-27",
    )
    assert un.stdout.startswith(
        "un-sc as of 2026-02-27: 1003 entries (1003 new or changed), 0 bad rows"
    )
    csl = run(
        home,
        "load-watchlist",
        "us-csl",
        str(SANCTIONS / "us-csl-sample.csv"),
        "--as-of",
        "2021-07-01",
    )
    assert csl.stdout.startswith("us-csl as of 2021-07-01: 115 entries")
    again = run(
        home,
        "load-watchlist",
        "un-xml",
        str(SANCTIONS / "un-consolidated.xml"),
        "--as-of",
        "2026-02-27",
    )
    assert again.exit_code == 0
    assert "already loaded from these files (1003 entries); nothing changed" in again.stdout
    listing = run(home, "watchlists")
    assert listing.exit_code == 0
    assert [line.split()[1] for line in listing.stdout.splitlines() if "-0" in line] == [
        "un-sc", "us-csl", "us-ofac-sdn"
    ]  # fmt: skip
    history = run(home, "watchlist-history", "us-ofac-sdn", "26236")
    assert history.exit_code == 0
    assert history.stdout.splitlines()[:2] == ["us-ofac-sdn 26236", "  listed 2021-07-01 to now"]
    un_history = run(home, "watchlist-history", "un-sc", "6907993")
    assert "  the list states: listed 2012-12-31" in un_history.stdout


def test_bad_rows_go_to_stderr_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text(
        CSL_HEADER
        + "\n"
        + "EL,,,,Good Co.,,,,2020-05-22,,,,,,,,,,,,,,,,,,,\n"
        + "EL,,,,,,,,2020-05-22,,,,,,,,,,,,,,,,,,,\n",
        encoding="utf-8",
    )
    result = run(tmp_path / "home", "load-watchlist", "us-csl", str(path), "--as-of", "2022-01-03")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "bad row: csl.csv:line 3: empty name"
    assert "us-csl as of 2022-01-03: 1 entries (1 new or changed), 1 bad rows" in result.stdout


def test_nothing_loaded_is_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text(CSL_HEADER + "\nEL,,,,...,,,,,,,,,,,,,,,,,,,,,,,\n", encoding="utf-8")
    result = run(tmp_path / "home", "load-watchlist", "us-csl", str(path), "--as-of", "2022-01-03")
    assert result.exit_code == 1
    assert "bad row: csl.csv:line 2: name '...' has no letter or digit" in result.stderr
    assert "error: no entry could be loaded (1 bad rows)" in result.stderr


def test_usage_errors(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id,schema,name\n1,Person,X\n", encoding="utf-8")
    home = tmp_path / "home"
    unknown = run(home, "load-watchlist", "xlsx", str(path), "--as-of", "2022-01-03")
    assert unknown.exit_code == 2
    assert "'xlsx' is not one of 'ofac-sdn', 'us-csl', 'un-xml', 'ftm', 'csv'" in unknown.stderr
    no_id = run(home, "load-watchlist", "csv", str(path), "--as-of", "2022-01-03")
    assert no_id.exit_code == 2
    assert "Error: a csv list needs a list id: give --list-id" in no_id.stderr
    bad_date = run(home, "load-watchlist", "csv", str(path), "--as-of", "03/01/2022")
    assert bad_date.exit_code == 2
    unknown_list = run(home, "watchlist-history", "us-csl", "nobody")
    assert unknown_list.exit_code == 1
    assert unknown_list.stderr == "error: no list 'us-csl' is loaded; loaded: none\n"
    named = run(
        home, "load-watchlist", "csv", str(path), "--as-of", "2022-01-03", "--list-id", "own"
    )
    assert named.exit_code == 0
    assert named.stdout.startswith("own as of 2022-01-03: 1 entries")
    missing = run(home, "watchlist-history", "own", "nobody")
    assert missing.exit_code == 1
    assert "no entry 'nobody' in any snapshot of own" in missing.stderr
    not_sdn = run(home, "load-watchlist", "ofac-sdn", str(path), "--as-of", "2022-01-03")
    assert not_sdn.exit_code == 1
    assert not_sdn.stderr == (
        "error: not an SDN file: list.csv (the files are sdn.csv, alt.csv, add.csv, "
        "sdn_comments.csv)\n"
    )


def test_a_quote_left_open_is_a_bad_row_not_a_name_that_swallows_the_rest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "own.csv"
    path.write_text(
        'id,schema,name\nc1,Company,Foo\nc2,Company,"Bar\nc3,Company,"Baz"\nc4,Company,Qux\n',
        encoding="utf-8",
    )
    result = run(
        tmp_path / "home", "load-watchlist", "csv", str(path), "--as-of", "2025-01-01",
        "--list-id", "own",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "bad row: own.csv:line 3: unreadable CSV record: ',' expected after '\"': "
        "a quote ends inside a field (one left open earlier?)\n"
    )
    assert "own as of 2025-01-01: 2 entries" in result.stdout  # c1 and c4; c2-c3 reported


def test_a_utf16_list_loads_and_no_progress_noise_off_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_bytes("id,schema,name\nc1,Company,湖北精奥生物科技有限公司\n".encode("utf-16"))
    home = tmp_path / "home"
    result = run(
        home, "load-watchlist", "csv", str(path), "--as-of", "2025-01-01", "--list-id", "x"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # the spinner is for terminals; it left a blank line here
    assert "x as of 2025-01-01: 1 entries" in result.stdout
    screened = run(home, "screen-party", "湖北精奥生物科技有限公司")
    assert screened.exit_code == 3, screened.output


def test_a_stored_snapshot_is_audited_and_a_repeated_load_is_not(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text(CSL_HEADER + "\nEL,,,,Good Co.,,,,2020-05-22,,,,,,,,,,,,,,,,,,,\n", "utf-8")
    home = tmp_path / "home"
    for _ in range(2):  # the second load finds the same files stored: no write, no row
        loaded = run(home, "load-watchlist", "us-csl", str(path), "--as-of", "2022-01-03")
        assert loaded.exit_code == 0, loaded.output
    engine = sa.create_engine(f"sqlite:///{home / 'counterpart.db'}")
    with engine.connect() as connection:
        rows = connection.execute(sa.select(audit_event)).all()
    engine.dispose()
    (row,) = rows
    assert (row.actor, row.action, row.target) == ("cli", "watchlist.load", "watchlist:us-csl")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert row.detail == {
        "as_of": "2022-01-03",
        "format": "us-csl",
        "entries": 1,
        "bad_rows": 0,
        "files": [["csl.csv", digest]],
    }
