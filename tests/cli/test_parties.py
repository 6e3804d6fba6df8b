"""`counterpart screen-party` and `compare-parties` on a real database and real files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpart.cli import main
from tests.cli.interrupting import interrupt_once_writing
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
    assert by_id["4"]["error"]["where"] == f"{queries}:line 4"  # type: ignore[index]
    assert [row["id"] for row in lines(result.output)] == ["a", "b", "c", "4"]  # input order


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


def test_a_missing_input_file_is_one_error_line(tmp_path: Path) -> None:
    for command in ("screen-party", "compare-parties"):
        result = CliRunner().invoke(main, [command, "--input", str(tmp_path / "none.jsonl")])
        assert result.exit_code == 1, result.output
        assert "none.jsonl" in result.output and "No such file" in result.output
        assert not isinstance(result.exception, OSError) and "Traceback" not in result.output


def test_encodings_a_bom_utf16_and_a_latin1_line(tmp_path: Path, database_url: str) -> None:
    options = load_fixture_list(tmp_path, database_url)
    entity = {"id": "z", "schema": "Person", "properties": {"name": ["郑福井"]}}
    text = json.dumps(entity, ensure_ascii=False) + "\n"
    inputs = {"bom.jsonl": b"\xef\xbb\xbf" + text.encode(), "u16.jsonl": text.encode("utf-16")}
    for name, data in inputs.items():
        (tmp_path / name).write_bytes(data)
        result = CliRunner().invoke(
            main, [*options, "screen-party", "--input", str(tmp_path / name)]
        )
        assert result.exit_code == 3, (name, result.output)
        assert [row["id"] for row in lines(result.output)] == ["z"]
    latin1 = tmp_path / "latin1.jsonl"
    latin1.write_bytes(
        text.encode() + '{"id": "s", "properties": {"name": ["Société"]}}\n'.encode("latin-1")
    )
    result = CliRunner().invoke(main, [*options, "screen-party", "--input", str(latin1)])
    assert result.exit_code == 3, result.output
    bad = lines(result.output)[1]["error"]
    assert bad["where"] == f"{latin1}:line 2"  # type: ignore[index]
    assert bad["error"] == "not UTF-8 (byte 0xE9 at byte 42); save the file as UTF-8"  # type: ignore[index]


def test_properties_that_are_not_an_object_are_that_querys_error(
    tmp_path: Path, database_url: str
) -> None:
    options = load_fixture_list(tmp_path, database_url)
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"id": "p", "schema": "Person", "properties": "Zheng Fujing"}\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, [*options, "screen-party", "--input", str(queries)])
    assert result.exit_code == 1, result.output
    (row,) = lines(result.output)
    assert row["error"]["error"] == "`properties` must be an object of lists"  # type: ignore[index]
    assert json.loads(str(row["query"]))["id"] == "p"  # the query shown as JSON, not a repr


def test_an_empty_input_is_an_error_not_a_clean_result(tmp_path: Path, database_url: str) -> None:
    options = load_fixture_list(tmp_path, database_url)
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, [*options, "screen-party", "--input", str(empty)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {empty}: no queries (the input is empty)\n"


def test_progress_bar_goes_to_stderr_only_when_asked(tmp_path: Path, database_url: str) -> None:
    options = load_fixture_list(tmp_path, database_url)
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        "".join(
            json.dumps({"id": str(i), "properties": {"name": [f"Zhang San {i}"]}}) + "\n"
            for i in range(5)
        ),
        encoding="utf-8",
    )
    quiet = CliRunner().invoke(main, [*options, "screen-party", "--input", str(queries)])
    loud = CliRunner().invoke(
        main, [*options, "screen-party", "--input", str(queries), "--progress"]
    )
    assert quiet.stderr == ""
    assert "screening" in loud.stderr and "5/5" in loud.stderr
    assert loud.stdout == quiet.stdout and len(lines(loud.stdout)) == 5


@pytest.mark.slow
def test_ctrl_c_keeps_the_whole_lines_already_written(tmp_path: Path) -> None:
    options = load_fixture_list(tmp_path, f"sqlite:///{tmp_path / 'parties.db'}")
    queries, out = tmp_path / "q.jsonl", tmp_path / "out.jsonl"
    queries.write_text(
        "".join(
            json.dumps({"id": str(i), "properties": {"name": [f"Zhang San {i}"]}}) + "\n"
            for i in range(200_000)
        ),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "counterpart", *options, "screen-party"]
    code, stderr = interrupt_once_writing([*command, "--input", str(queries)], out)
    assert code == 130, stderr
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(written) < 200_000
    assert [row["id"] for row in written] == [str(i) for i in range(len(written))]
    assert stderr == (
        "interrupted (Ctrl-C): the lines above are whole results; the rest were not screened\n"
    )


def test_a_json_line_over_a_mebibyte_is_that_lines_error(tmp_path: Path, database_url: str) -> None:
    options = load_fixture_list(tmp_path, database_url)
    queries = tmp_path / "q.jsonl"
    huge = json.dumps({"id": "h", "properties": {"name": ["A" * 2_000_000]}})
    queries.write_text(huge + "\n" + json.dumps({"id": "z", "properties": {"name": ["郑福井"]}}))
    result = CliRunner().invoke(main, [*options, "screen-party", "--input", str(queries)])
    assert result.exit_code == 3, result.output
    first, second = lines(result.output)
    assert first["error"] == {
        "ok": False, "code": "payload_too_large", "error": "longer than 1,048,576 bytes",
        "status": 413, "where": f"{queries}:line 1",
    }  # fmt: skip
    assert second["id"] == "z" and second["matches"]


def test_a_payment_uri_is_its_address_or_that_querys_error(
    tmp_path: Path, database_url: str
) -> None:
    options = load_fixture_list(tmp_path, database_url)
    whole = "bitcoin:12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h?amount=1"
    cut = "bitcoin:12QtD5BF...?amount=1"  # as a document shortens it: no address
    result = CliRunner().invoke(main, [*options, "screen-party", whole, cut])
    assert result.exit_code == 1, result.output
    first, second = lines(result.output)
    assert (first["query"], first["matches"], first.get("error")) == (whole, [], None)
    assert second["error"]["error"] == (  # type: ignore[index]
        f"{cut!r} is a payment URI (bitcoin:), but 12QtD5BF... is no bitcoin address"
    )
