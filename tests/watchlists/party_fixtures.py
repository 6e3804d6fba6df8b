"""A small FtM watchlist written to disk and loaded with the real `load-watchlist` command."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from counterpart.cli import main

ENTITIES = [
    {"id": "p-zheng", "schema": "Person", "properties": {"name": ["ZHENG, Fujing"]}},
    {"id": "p-zheng-2", "schema": "Person", "properties": {"name": ["ZHENG, Fuping"]}},
    {
        "id": "c-jingao",
        "schema": "Company",
        "properties": {"name": ["HUBEI JINGAO BIOTECHNOLOGY CO., LTD."]},
    },
    {
        "id": "c-hengda",
        "schema": "Company",
        "properties": {"name": ["WUHAN HENGDA CHEMICAL CO., LTD."]},
    },
]


def load_fixture_list(tmp_path: Path, database_url: str) -> list[str]:
    """Writes the entities as JSON lines and loads them; returns the CLI's global options."""
    path = tmp_path / "list.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in ENTITIES) + "\n", encoding="utf-8")
    options = ["--home", str(tmp_path / "home"), "--database-url", database_url]
    result = CliRunner().invoke(
        main,
        [*options, "load-watchlist", "ftm", str(path), "--as-of", "2024-01-01", "--list-id", "t"],
    )
    assert result.exit_code == 0, result.output
    return options
