"""docs/cli.md names every command and subcommand the CLI has."""

from __future__ import annotations

from pathlib import Path

import click

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
