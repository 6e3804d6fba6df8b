"""The command group: help, version, and errors as exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from counterpart import __version__
from counterpart.cli import main


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "serve" in result.output
    assert "Exit codes" in result.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_unknown_command_is_usage_error() -> None:
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code == 2


def test_a_database_that_does_not_connect_is_one_line_not_a_trace(tmp_path: Path) -> None:
    down = "postgresql+psycopg://counterpart:secret@127.0.0.1:1/test"  # nothing listens on port 1
    missing_dir = f"sqlite:///{tmp_path}/no/such/dir/counterpart.db"
    for url, shown in ((down, "counterpart:***@127.0.0.1:1/test"), (missing_dir, missing_dir)):
        result = CliRunner().invoke(main, ["--database-url", url, "watchlists"])
        assert result.exit_code == 1, result.output
        (line,) = result.stderr.splitlines()
        assert line.startswith("error: database ") and " is unavailable: " in line
        assert shown in line and "secret" not in line


def test_a_database_url_that_is_not_one_is_a_usage_error() -> None:
    for url, says in (("nonsense", "is not a database URL"), ("mysql://u@h/db", "'mysql'")):
        result = CliRunner().invoke(main, ["--database-url", url, "watchlists"])
        assert result.exit_code == 2, result.output
        assert says in result.stderr and "--database-url" in result.stderr


def test_a_home_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = CliRunner().invoke(main, ["--home", str(blocker / "home"), "watchlists"])
    assert result.exit_code == 1, result.output
    assert result.stderr == f"error: {blocker / 'home'}: Not a directory\n"


def test_a_reader_that_closes_the_pipe_early_gets_one_line_not_a_trace(tmp_path: Path) -> None:
    feed = tmp_path / "feed.txt"
    feed.write_text("CCO\n" * 50_000)
    command = [sys.executable, "-m", "counterpart", "screen-substance", "--input", str(feed)]
    process = subprocess.Popen(
        [*command, "--workers", "1", "--jurisdiction", "US"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | {"COUNTERPART_HOME": str(tmp_path)},
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10) == b'{"id": "1"'
    process.stdout.close()  # as `| head -c 10` does
    with process.stderr:
        stderr = process.stderr.read()
    assert process.wait(timeout=120) == 1
    assert stderr == b"error: the output was cut short: its reader closed the pipe\n"
