"""`counterpart init` creates the first admin and shows the one-time password once."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from counterpart.cli import main
from counterpart.settings import Settings
from counterpart.storage.database import open_database
from counterpart.storage.users import open_access, to_access_config
from counterpart.workflows.access import list_users
from counterpart.workflows.access_model import Role
from counterpart.workflows.access_sessions import LoggedIn, log_in


def test_init_creates_the_first_admin_with_a_working_one_time_password(tmp_path: Path) -> None:
    home = tmp_path / "node"
    result = CliRunner().invoke(
        main, ["--home", str(home), "init", "--party", "US", "--name", "US"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("counterpart/US+")  # stdout holds the vkey alone
    found = re.search(r"first admin: admin / (\S+) ", result.stderr)
    assert found is not None, result.stderr
    settings = Settings(home=home)
    engine = open_database(settings)
    try:
        with open_access(engine, to_access_config(settings)) as ports:
            [admin] = list_users(ports)
            assert (admin.username, admin.role, admin.party) == ("admin", Role.ADMIN, "US")
            assert isinstance(log_in(ports, username="admin", password=found[1]), LoggedIn)
    finally:
        engine.dispose()


def test_init_leaves_existing_users_alone(tmp_path: Path) -> None:
    home = ["--home", str(tmp_path / "node")]
    runner = CliRunner()
    added = runner.invoke(main, [*home, "user", "add", "ops", "--role", "admin", "--party", "US"])
    assert added.exit_code == 0, added.output
    result = runner.invoke(main, [*home, "init", "--party", "US", "--name", "US"])
    assert result.exit_code == 0, result.output
    assert "no first admin was created" in result.stderr
    assert "first admin:" not in result.output


def test_log_append_names_the_file_in_its_errors(tmp_path: Path) -> None:
    home = ["--home", str(tmp_path / "node")]
    runner = CliRunner()
    assert runner.invoke(main, [*home, "init", "--party", "US", "--name", "US"]).exit_code == 0
    files = {"empty.json": b"", "bad.json": b"{not json", "list.json": b"[1]"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    said = {
        name: runner.invoke(
            main, [*home, "log", "append", "--type", "incident", str(tmp_path / name)]
        )
        for name in files
    }
    assert {name: result.exit_code for name, result in said.items()} == dict.fromkeys(files, 1)
    assert said["empty.json"].stderr == (
        f"error: {tmp_path / 'empty.json'}: empty: a record is one JSON object\n"
    )
    assert said["bad.json"].stderr.startswith(f"error: {tmp_path / 'bad.json'}: invalid JSON")
    assert said["list.json"].stderr == (
        f"error: {tmp_path / 'list.json'}:$: the record content must be a JSON object\n"
    )
    unknown = runner.invoke(main, [*home, "log", "append", "--type", "memo", "-"], input="{}")
    assert unknown.exit_code == 2 and "'memo' is not one of" in unknown.stderr
    (tmp_path / "bom.json").write_bytes(b'\xef\xbb\xbf{"note": "x"}')
    bom = runner.invoke(
        main, [*home, "log", "append", "--type", "incident", str(tmp_path / "bom.json")]
    )
    assert (bom.exit_code, bom.stdout) == (0, '{"index": 0}\n'), bom.output  # a BOM is fine
    endless = runner.invoke(main, [*home, "log", "append", "--type", "incident", "/dev/zero"])
    assert endless.stderr == (
        "error: /dev/zero: over 1,048,576 bytes; a record's canonical JSON is under 65,536\n"
    )  # read no further than that (it read until memory ran out)
    piped = runner.invoke(main, [*home, "log", "append", "--type", "incident", "-"], input="[]")
    assert (piped.exit_code, piped.stderr) == (
        1,
        "error: stdin:$: the record content must be a JSON object\n",
    )


def test_peer_add_refuses_the_nodes_own_key_and_status_says_none_yet(tmp_path: Path) -> None:
    home = ["--home", str(tmp_path / "node")]
    runner = CliRunner()
    own_vkey = runner.invoke(main, [*home, "init", "--party", "US", "--name", "US"]).stdout.strip()
    added = runner.invoke(main, [*home, "peer", "add", "cn", "https://cn.example", own_vkey])
    assert added.exit_code == 1
    assert added.stderr == (
        "error: VKEY: this is this node's own key; give the counterpart's, as its `init` printed\n"
    )
    status = runner.invoke(main, [*home, "log", "status"])
    assert status.stdout.splitlines()[:2] == [
        "log counterpart/US: 0 entries, last checkpoint none signed yet",
        "last cosigned checkpoint: none yet (the counterpart cosigns when it mirrors this log)",
    ]
    prove = runner.invoke(main, [*home, "log", "prove", "0"])
    assert prove.exit_code == 1
    assert prove.stderr.startswith("error: this node's log has no signed checkpoint yet: ")


def test_log_export_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    home = ["--home", str(tmp_path / "node")]
    runner = CliRunner()
    assert runner.invoke(main, [*home, "init", "--party", "US", "--name", "US"]).exit_code == 0
    bundle = tmp_path / "bundle"
    (bundle / "checkpoints").mkdir(parents=True)
    (bundle / "checkpoints" / "000000000004.txt").write_text("another log's checkpoint\n")
    refused = runner.invoke(main, [*home, "log", "export", str(bundle)])
    assert refused.exit_code == 1
    assert (
        refused.stderr == f"error: {bundle}: the directory is not empty; give a new or empty one\n"
    )
    exported = runner.invoke(main, [*home, "log", "export", str(tmp_path / "new")])
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "new" / "entries.jsonl").read_bytes() == b""  # no record yet
