"""`counterpart screen-substance`: formats, files, stdin, dates, exit codes and bad rows."""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from counterpart.cli import main
from tests.cli.interrupting import interrupt_once_writing

FENTANYL = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"


def _run(*args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["screen-substance", *args], input=stdin)


def _records(result: Result) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _statuses(record: dict[str, object]) -> dict[str, str]:
    verdicts = record["verdicts"]
    assert isinstance(verdicts, list)
    return {v["jurisdiction"]: v["status"] for v in verdicts}


def test_help_explains_statuses_and_exit_codes() -> None:
    result = CliRunner().invoke(main, ["screen-substance", "--help"])
    assert result.exit_code == 0
    for words in ("unresolved", "NOT cleared", "Exit codes", "--input", "--on", "--jurisdiction"):
        assert words in result.output
    assert "screen-substance" in CliRunner().invoke(main, ["--help"]).output


def test_nothing_flagged_exits_0() -> None:
    result = _run("c1ccccc1", "CCO")
    assert result.exit_code == 0, result.output
    assert [_statuses(r)["US"] for r in _records(result)] == ["not_controlled", "not_controlled"]


def test_a_flagged_query_exits_3_with_the_jsonl_object() -> None:
    result = _run(FENTANYL, "c1ccccc1", "--jurisdiction", "US,CN")
    assert result.exit_code == 3, result.output
    first = _records(result)[0]
    assert set(first) == {"id", "query", "input_kind", "resolved", "error", "verdicts"}
    assert first["input_kind"] == "smiles" and first["error"] is None
    assert _statuses(first) == {"US": "controlled", "CN": "controlled"}
    verdict = first["verdicts"][0]  # type: ignore[index]
    assert set(verdict) >= {
        "jurisdiction",
        "status",
        "family",
        "basis",
        "rule",
        "since",
        "explanation",
    }


def test_only_unresolved_rows_exit_1_and_never_read_not_controlled() -> None:
    result = _run("C1CC(", "1609-66-5")
    assert result.exit_code == 1
    for record in _records(result):
        assert record["error"]
        assert set(_statuses(record).values()) == {"unresolved"}


def test_usage_errors_exit_2() -> None:
    assert _run().exit_code == 2
    assert _run("CCO", "--jurisdiction", "US,XX").exit_code == 2
    assert _run("CCO", "--on", "2024-13-01").exit_code == 2


def test_on_date_applies_the_law_then_in_force() -> None:
    acetylfentanyl = "CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
    before = _run(acetylfentanyl, "--jurisdiction", "US", "--on", "2014-01-01")
    after = _run(acetylfentanyl, "--jurisdiction", "US", "--on", "2016-01-01")
    assert before.exit_code == 0 and _statuses(_records(before)[0]) == {"US": "not_controlled"}
    assert after.exit_code == 3 and _statuses(_records(after)[0]) == {"US": "controlled"}


def test_file_with_bad_rows_reports_each_and_screens_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "declarations.txt"
    path.write_bytes(
        b"c1ccccc1\n\nC1CC(\n1609-66-5\n\xff\xfe\x00\x01junk\n" + FENTANYL.encode() + b"\n"
    )
    result = _run("--input", str(path), "--jurisdiction", "US")
    assert result.exit_code == 3
    records = _records(result)
    assert [r["id"] for r in records] == ["1", "2", "3", "4", "5", "6"]
    errors = [r["error"] for r in records]
    assert errors[0] is None and errors[5] is None
    assert "empty" in str(errors[1]) and "SMILES" in str(errors[2])
    assert "check digit" in str(errors[3]) and "line 5: not UTF-8" in str(errors[4])
    assert _statuses(records[5]) == {"US": "controlled"}


def test_csv_input_with_a_broken_row_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_text(f'id,query\nA1,{FENTANYL}\nA2,"unclosed\nA3,CCO,extra\nA4,CCO\n')
    result = _run("--input", str(path), "--jurisdiction", "US")
    assert result.exit_code == 3
    records = _records(result)
    assert [r["id"] for r in records] == ["A1", "3", "4", "A4"]
    assert "row 3" in str(records[1]["error"]) and "row 4" in str(records[2]["error"])
    assert "expected 2 fields" in str(records[2]["error"])
    assert _statuses(records[3]) == {"US": "not_controlled"}


def test_stdin_and_csv_output() -> None:
    result = _run("--input", "-", "--format", "csv", "--jurisdiction", "US,CN", stdin="NPP\nCCO\n")
    assert result.exit_code == 3
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["id"], r["jurisdiction"], r["status"]) for r in rows] == [
        ("1", "US", "controlled"),
        ("1", "CN", "controlled"),
        ("2", "US", "not_controlled"),
        ("2", "CN", "not_controlled"),
    ]
    assert rows[0]["name"] == "NPP" and rows[0]["family"] == "fentanyl_precursor"


def test_table_output() -> None:
    result = _run("fentanyl", "CCO", "--format", "table", "--jurisdiction", "US")
    assert result.exit_code == 3
    assert "controlled" in result.stdout and "not_controlled" in result.stdout


def test_progress_bar_goes_to_stderr_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "feed.txt"
    path.write_text("CCO\nc1ccccc1\n")
    quiet = _run("--input", str(path))
    loud = _run("--input", str(path), "--progress")
    assert quiet.stderr == ""
    assert "screening" in loud.stderr and "2 rows" in loud.stderr
    assert loud.stdout == quiet.stdout
    piped = _run("--input", "-", "--progress", stdin="CCO\nc1ccccc1\n")  # size unknown
    assert "2 rows" in piped.stderr and piped.stdout == quiet.stdout


@pytest.mark.slow
def test_long_file_uses_the_process_pool_and_keeps_order(tmp_path: Path) -> None:
    lines = ["CCO", "c1ccccc1", "CCN", "CCCl"] * 1_200  # 4,800 rows: more than one chunk
    lines[4_321] = FENTANYL
    path = tmp_path / "long.txt"
    path.write_text("\n".join(lines) + "\n")
    result = _run("--input", str(path), "--workers", "2", "--jurisdiction", "US")
    assert result.exit_code == 3
    records = _records(result)
    assert [r["id"] for r in records] == [str(i) for i in range(1, 4_801)]
    flagged = [r["id"] for r in records if _statuses(r)["US"] != "not_controlled"]
    assert flagged == ["4322"]


def test_encodings_utf16_a_bom_and_a_latin1_line(tmp_path: Path) -> None:
    utf16, bom, latin1 = tmp_path / "u16.txt", tmp_path / "bom.csv", tmp_path / "latin1.txt"
    utf16.write_bytes(f"{FENTANYL}\nCCO\n".encode("utf-16"))
    bom.write_bytes(b"\xef\xbb\xbfid,query\nA1,CCO\n")
    latin1.write_bytes("caféine\nCCO\n".encode("latin-1"))
    result = _run("--input", str(utf16), "--jurisdiction", "US")
    assert result.exit_code == 3, result.output
    assert [_statuses(r)["US"] for r in _records(result)] == ["controlled", "not_controlled"]
    result = _run("--input", str(bom), "--jurisdiction", "US")
    assert result.exit_code == 0, result.output
    assert [(r["id"], r["query"]) for r in _records(result)] == [("A1", "CCO")]
    result = _run("--input", str(latin1), "--jurisdiction", "US")
    assert result.exit_code == 1, result.output
    first, second = _records(result)
    assert first["error"] == "line 1: not UTF-8 text (byte 0xE9 at byte 4); save the file as UTF-8"
    assert _statuses(first) == {"US": "unresolved"} and _statuses(second) == {
        "US": "not_controlled"
    }


def test_a_csv_header_other_than_id_query_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_text(f"id,name\nA1,{FENTANYL}\n")
    result = _run("--input", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path}:line 1: a CSV header must be exactly `id,query`, found 'id,name'\n"
    )


def test_an_empty_input_is_an_error_not_a_clean_result(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = _run("--input", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"error: {path}: no queries (the input is empty)\n"
    assert _run("--input", "-", stdin="id,query\n").exit_code == 1


@pytest.mark.slow
def test_ctrl_c_flushes_whole_results_and_says_how_far_it_got(tmp_path: Path) -> None:
    feed, out = tmp_path / "feed.txt", tmp_path / "out.jsonl"
    feed.write_text("CCO\nc1ccccc1\n" * 200_000)
    command = [sys.executable, "-m", "counterpart", "screen-substance", "--input", str(feed)]
    command += ["--workers", "1", "--jurisdiction", "US"]
    code, stderr = interrupt_once_writing(command, out, {"COUNTERPART_HOME": str(tmp_path)})
    assert code == 130, stderr
    written = out.read_text().splitlines()
    assert 0 < len(written) < 400_000
    assert all(json.loads(line)["error"] is None for line in written)  # every line whole
    assert stderr == (
        f"interrupted (Ctrl-C) after {len(written)} queries: their results are complete above; "
        "the rest were not screened\n"
    )


def test_workers_out_of_range_is_a_usage_error() -> None:
    result = _run("--workers", "100000", "CCO")
    assert result.exit_code == 2
    assert "100000 is not in the range 1<=x<=256" in result.stderr


def test_a_malformed_smiles_says_where_once() -> None:
    result = _run("C1CC(", "C1CC", "--jurisdiction", "US")
    assert result.exit_code == 1
    assert [r["error"] for r in _records(result)] == [
        "not a valid SMILES: syntax error while parsing: C1CC(; "
        "check for mistakes around position 5: C1CC(",
        "not a valid SMILES: unclosed ring for input: 'C1CC'",
    ]


def test_a_line_over_a_mebibyte_is_that_rows_error_and_the_next_row_is_screened(
    tmp_path: Path,
) -> None:
    path = tmp_path / "feed.txt"
    path.write_bytes(b"C" * 3_000_000 + b"\nCCO\n")  # no line of it is held whole
    result = _run("--input", str(path), "--jurisdiction", "US")
    assert result.exit_code == 1
    first, second = _records(result)
    assert first["error"] == "query of 1,048,577 bytes is over the 1,048,576-byte limit"
    assert (second["id"], _statuses(second)) == ("2", {"US": "not_controlled"})


def test_names_when_java_cannot_start_are_unresolved_with_the_reason(tmp_path: Path) -> None:
    def limit_memory() -> None:  # the JVM cannot reserve its 8 GB heap in 3 GB of address space
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))

    command = [sys.executable, "-m", "counterpart", "screen-substance", "2-methylpropan-1-olxx"]
    done = subprocess.run(
        [*command, "CCO", "--jurisdiction", "US"],
        capture_output=True,
        preexec_fn=limit_memory,
        env=os.environ | {"COUNTERPART_HOME": str(tmp_path), "JAVA_TOOL_OPTIONS": "-Xms8g"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # unresolved, not an internal error
    name, ethanol = (json.loads(line) for line in done.stdout.splitlines())
    assert name["error"] == (
        "unknown name: not in the registry, and OPSIN could not run: Java failed to start "
        "(out of memory?)"
    )
    assert _statuses(ethanol) == {"US": "not_controlled"}
