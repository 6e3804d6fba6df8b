"""`counterpart screen-substance`: screen names, CAS numbers and structures, or a file of them."""

from __future__ import annotations

import csv
import json
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import FrameType
from typing import IO, NoReturn

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table

from counterpart.cli.group import (
    EXIT_ERROR,
    EXIT_HIT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    fail,
    main,
)
from counterpart.cli.inputs import input_name, reading
from counterpart.domain.substances import Jurisdiction, ScreeningResult
from counterpart.workflows.input_text import text_lines
from counterpart.workflows.substance_screening import (
    BatchOptions,
    Row,
    is_unresolved,
    read_rows,
    screen_stream,
    to_record,
)

MAX_WORKERS = 256  # a typo such as 10000 would fork that many processes

CSV_COLUMNS = (
    "id", "query", "input_kind", "smiles", "inchikey", "name", "error",
    "jurisdiction", "status", "family", "rule", "since", "basis", "explanation",
)  # fmt: skip


@main.command("screen-substance")
@click.argument("queries", nargs=-1)
@click.option(
    "--input",
    "input_path",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="A file of queries, one per line, or a CSV with the header id,query; - is stdin.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "csv", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one object per query; csv: one row per query and jurisdiction; table: a summary.",
)
@click.option(
    "--jurisdiction",
    default="US,CN,UN,EU",
    show_default=True,
    help="Comma-separated jurisdictions whose law to apply.",
)
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    default=None,
    help="Apply the law in force on this date (YYYY-MM-DD; default: today).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: only when stderr is a terminal and --input is given).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, MAX_WORKERS),
    default=None,
    help="Processes (default: all cores).",
)
@click.option(
    "--full-identity",
    is_flag=True,
    help=(
        "Canonical SMILES and InChIKey for every molecule (slower). By default only candidates "
        "(a registry formula or a rule skeleton) get them; other rows echo their input SMILES."
    ),
)
def screen_substance(
    *,
    queries: tuple[str, ...],
    input_path: Path | None,
    output_format: str,
    jurisdiction: str,
    on: datetime | None,
    progress: bool | None,
    workers: int | None,
    full_identity: bool,
) -> None:
    """Screen substances: is each one controlled, for each jurisdiction's law, and why?

    A query is a SMILES, InChI, InChIKey (registry look-up), CAS number (check digit validated),
    a systematic name (OPSIN) or a name or synonym from the registry. Salts and mixtures are
    split and every component is screened. Give queries as arguments or with --input.

    \b
    Statuses: controlled (listed by name), class_controlled (inside a class definition or a
    generic precursor listing), review (a rule fits under one reading only: an expert decides),
    watch (designer precursor: close relative of a listed precursor), not_controlled, and
    unresolved (the query could not be identified: it is NOT cleared).

    \b
    Examples:
      counterpart screen-substance fentanyl 79099-07-3 "CCC(=O)N(c1ccccc1)C1CCNCC1"
      counterpart screen-substance --input feed.csv --format csv --on 2024-01-01 > out.csv

    \b
    Exit codes: 0 nothing flagged and every query resolved; 3 at least one query flagged
    (controlled, class_controlled, review or watch); 1 no query flagged but at least one
    unresolved, or an error; 2 usage; 130 interrupted (the results so far are kept).
    """
    if bool(queries) == (input_path is not None):
        raise click.UsageError(
            "give queries as arguments or with --input, not both and not neither"
        )
    options = BatchOptions(_jurisdictions(jurisdiction), _day(on), full_identity)
    tally = _Tally()
    with _RowSource(queries, input_path) as (rows, total):
        show = progress if progress is not None else (sys.stderr.isatty() and bool(input_path))
        results = _with_progress(rows, options, workers, total, bool(show))
        try:
            with reading(input_path or "arguments"), _interrupts_between_results(tally):
                _write(results, output_format, sys.stdout, tally)
        except KeyboardInterrupt:
            _report_interruption(tally, output_format)
    if tally.written == 0:
        fail(f"{input_name(input_path or '-')}: no queries (the input is empty)")
    sys.exit(EXIT_HIT if tally.flagged else EXIT_ERROR if tally.unresolved else EXIT_OK)


def _report_interruption(tally: _Tally, output_format: str) -> NoReturn:
    """Ctrl-C: the output so far is flushed whole, and stderr says how far it got."""
    sys.stdout.flush()
    done = f"interrupted (Ctrl-C) after {tally.written} queries"
    if output_format == "table":
        click.echo(f"{done}; a table is printed at the end, so none was printed", err=True)
    else:
        click.echo(
            f"{done}: their results are complete above; the rest were not screened", err=True
        )
    sys.exit(EXIT_INTERRUPTED)


def _jurisdictions(text: str) -> tuple[Jurisdiction, ...]:
    chosen = []
    for part in text.split(","):
        code = part.strip().upper()
        if code not in Jurisdiction.__members__:
            known = ", ".join(j.value for j in Jurisdiction)
            raise click.BadParameter(
                f"unknown jurisdiction {part!r}; use {known}", param_hint="--jurisdiction"
            )
        chosen.append(Jurisdiction(code))
    return tuple(dict.fromkeys(chosen))


def _day(on: datetime | None) -> date | None:
    return on.date() if on else None


@dataclass
class _Tally:
    """What the output holds so far: queries written, and whether any was flagged or unresolved."""

    written: int = 0
    flagged: bool = False
    unresolved: bool = False
    writing: bool = False
    interrupted: bool = False


@contextmanager
def _interrupts_between_results(tally: _Tally) -> Iterator[None]:
    """Ctrl-C at once, except while a result is being written: then right after it.

    So the output ends with a whole result and the count said on stderr is exact.
    """

    def on_interrupt(_signum: int, _frame: FrameType | None) -> None:
        # Remembered as well as raised: a KeyboardInterrupt raised where the worker pool's
        # machinery swallows exceptions (a weakref callback, a finaliser) would otherwise be
        # lost, and the batch would run to its end; the flag stops it after the next result.
        tally.interrupted = True
        if not tally.writing:
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals
        return
    previous = signal.signal(signal.SIGINT, on_interrupt)
    if previous is signal.SIG_IGN:  # a background job started with Ctrl-C ignored stays so
        signal.signal(signal.SIGINT, previous)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _RowSource:
    """Rows from the arguments or the input file, and the input size when it is known."""

    def __init__(self, queries: tuple[str, ...], path: Path | None) -> None:
        self.queries = queries
        self.path = path
        self.handle: IO[bytes] | None = None

    def __enter__(self) -> tuple[Iterator[Row], int | None]:
        if self.path is None:
            return iter(Row(str(i), q) for i, q in enumerate(self.queries, start=1)), None
        if str(self.path) == "-":
            return read_rows(text_lines(sys.stdin.buffer)), None
        try:
            self.handle = self.path.open("rb")
        except OSError as exc:
            raise click.FileError(str(self.path), hint=exc.strerror) from exc
        return read_rows(text_lines(self.handle)), self.path.stat().st_size

    def __exit__(self, *_exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


def _with_progress(
    rows: Iterator[Row], options: BatchOptions, workers: int | None, total: int | None, show: bool
) -> Iterator[ScreeningResult]:
    if not show:
        yield from screen_stream(rows, options, workers=workers)
        return
    # The bar measures the file's bytes (known up front); the row count is what people read.
    # From stdin the size is unknown: the bar pulses and the rows still count up.
    columns = (
        TextColumn("screening"), BarColumn(), TaskProgressColumn(),
        TextColumn("{task.fields[rows]:,} rows"), TimeRemainingColumn(),
    )  # fmt: skip
    console = Console(stderr=True)
    with Progress(*columns, console=console, transient=console.is_terminal) as bar:
        task = bar.add_task("screening", total=total, rows=0)

        def advance(rows: int, done_bytes: int) -> None:
            bar.update(task, completed=done_bytes, rows=rows)

        yield from screen_stream(rows, options, workers=workers, progress=advance)


def _write(
    results: Iterable[ScreeningResult], output_format: str, out: IO[str], tally: _Tally
) -> None:
    writer = csv.writer(out) if output_format == "csv" else None
    table_rows: list[ScreeningResult] = []
    if writer is not None:
        writer.writerow(CSV_COLUMNS)
    for result in results:
        tally.flagged = tally.flagged or result.is_flagged
        tally.unresolved = tally.unresolved or is_unresolved(result)
        tally.writing = True  # Ctrl-C waits until this result is written and counted
        if output_format == "jsonl":
            out.write(json.dumps(to_record(result), ensure_ascii=False) + "\n")
        elif writer is not None:
            writer.writerows(_csv_rows(result))
        else:
            table_rows.append(result)
        tally.written += 1
        tally.writing = False
        if tally.interrupted:
            raise KeyboardInterrupt
    if output_format == "table":
        Console(file=out, width=160).print(_table(table_rows))


def _csv_rows(result: ScreeningResult) -> Iterator[list[str]]:
    record = to_record(result)
    resolved = record["resolved"] or {}
    for verdict in record["verdicts"]:
        yield [
            record["id"], record["query"], record["input_kind"] or "", resolved.get("smiles") or "",
            resolved.get("inchikey") or "", resolved.get("name") or "", record["error"] or "",
            verdict["jurisdiction"], verdict["status"], verdict["family"], verdict["rule"] or "",
            verdict["since"] or "", verdict["basis"] or "", verdict["explanation"],
        ]  # fmt: skip


def _table(results: list[ScreeningResult]) -> Table:
    jurisdictions = list(dict.fromkeys(v.jurisdiction for r in results for v in r.verdicts))
    table = Table("id", "query", "resolved as", *(j.value for j in jurisdictions))
    for result in results:
        by_j = {v.jurisdiction: v.status.value for v in result.verdicts}
        name = result.resolved.name or result.resolved.smiles if result.resolved else result.error
        table.add_row(
            result.id,
            result.query[:40],
            (name or "")[:50],
            *(by_j.get(j, "") for j in jurisdictions),
        )
    return table
