"""docs/cli.md names every command and subcommand the CLI has."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from counterpart.cli import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def _command_paths(group: click.Group, prefix: str) -> list[str]:
    paths = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            paths.extend(_command_paths(command, path))
        else:
            paths.append(path)
    return paths


def test_every_command_is_in_the_reference() -> None:
    text = DOC.read_text(encoding="utf-8")
    paths = _command_paths(main, "counterpart")
    assert len(paths) > 20
    missing = [
        path
        for path in paths
        if f"`{path}" not in text
        and f"`{path.split(' ', 1)[1]}" not in text
        and f"/ `{path.split(' ', 2)[-1]}" not in text
    ]
    assert missing == []


def test_every_command_help_gives_an_example_and_its_exit_codes() -> None:
    paths = [path.split(" ", 1)[1] for path in _command_paths(main, "counterpart")]
    helps = {path: _help(path.split()) for path in paths if path != "serve"}  # serve: its owner's
    lacking = [path for path, text in helps.items() if "Example" not in text]
    lacking += [path for path, text in helps.items() if "Exit codes" not in text]
    assert lacking == []
    assert [path for path, text in helps.items() if "%Y" in text] == []  # YYYY-MM-DD for people
    assert "Load FILE...\n" not in _help([])  # a short help cut at the first full stop


def _help(args: list[str]) -> str:
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.output
