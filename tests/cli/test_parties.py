"""`counterpart screen-party` and `compare-parties` on a real database and real files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from counterpart.cli import main
from tests.watchlists.party_fixtures import load_fixture_list


def lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_screen_party_finds_hanzi_query_and_exits_3(tmp_path: Path, database_url: str) -> None:
    options = load_fixture_list(tmp_path, database_url)
    result = CliRunner().invoke(
        main, [*options, "screen-party", "郑福井", "Wuhan Hengtai Chemical"]
    )
    assert result.exit_code == 3, result.output
    first, second = lines(result.output)
    assert first["query"] == "郑福井"
    best = first["matches"][0]  # type: ignore[index]
    assert (best["list"], best["entry_id"], best["verdict"]) == ("t", "p-zheng", "match")
    assert best["reasons"]
    assert second["matches"] == []


def test_bad_rows_are_reported_and_the_batch_goes_on(tmp_path: Path, database_url: str) -> None:
    options = load_fixture_list(tmp_path, database_url)
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "schema": "Person", "properties": {"name": ["Zhang San"]}}),
                json.dumps({"id": "b", "schema": "Robot", "properties": {"name": ["X"]}}),
                json.dumps({"id": "c", "schema": "Person", "properties": {"name": ["..."]}}),
                "{broken",
            ]
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, [*options, "screen-party", "--input", str(queries)])
    assert result.exit_code == 1, result.output
    by_id = {row["id"]: row for row in lines(result.output)}
    assert by_id["a"]["matches"] == []
    assert "unknown schema 'Robot'" in by_id["b"]["error"]["error"]  # type: ignore[index]
    assert "no letters" in by_id["c"]["error"]["error"]  # type: ignore[index]
    assert by_id["4"]["error"]["where"] == "line 4"  # type: ignore[index]


def test_compare_parties(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pair = {
        "id": "x",
        "a": {"schema": "Company", "properties": {"name": ["湖北精奥生物科技有限公司"]}},
        "b": {"schema": "Company", "properties": {"name": ["Hubei Jingao Bio-Tech Co Ltd"]}},
    }
    pairs.write_text(json.dumps(pair, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["compare-parties", "--input", str(pairs)])
    assert result.exit_code == 0, result.output
    (row,) = lines(result.output)
    assert (row["id"], row["score"], row["verdict"]) == ("x", 1.0, "match")
