"""`counterpart screen-party` and `counterpart compare-parties`.

Exit codes: 0 no match, 3 at least one query matched a list entry (verdict `match`),
1 some queries were bad (each reported in its own output line) and none matched.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from counterpart.cli.group import (
    EXIT_ERROR,
    EXIT_HIT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    fail,
    main,
    settings_of,
)
from counterpart.cli.inputs import input_name
from counterpart.domain.errors import InvalidInput, PayloadTooLarge
from counterpart.storage.database import open_database
from counterpart.storage.watchlists import WatchlistRepository
from counterpart.watchlists.index import PartyIndex
from counterpart.watchlists.scoring import Thresholds
from counterpart.workflows.input_text import MAX_LINE_BYTES, is_overlong, text_lines
from counterpart.workflows.party_screening import (
    ScreeningOutcome,
    build_index,
    compare_batch,
    screen_batch,
    thresholds_of,
    to_outcome_record,
    to_pair_record,
)


def read_jsonl(path: Path) -> Iterator[tuple[str, Any]]:
    """(id, object) per line; a line that is not a JSON object yields (id, InvalidInput).

    The error names the file and line. A UTF-8 byte order mark is dropped; a line that is
    not UTF-8 is an error for that line (JSON lines are UTF-8, RFC 8259).
    """
    name = input_name(path)
    if str(path) == "-":
        yield from _objects(text_lines(sys.stdin.buffer), name)
        return
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise click.FileError(str(path), hint=exc.strerror) from exc
    with handle:
        yield from _objects(text_lines(handle), name)


def _objects(lines: Iterable[bytes | str], name: str) -> Iterator[tuple[str, Any]]:
    for number, raw in enumerate(lines, start=1):
        where = f"{name}:line {number}"
        if is_overlong(raw):
            yield str(number), PayloadTooLarge(f"longer than {MAX_LINE_BYTES:,} bytes", where=where)
            continue
        try:
            line = _decode(raw, first=number == 1)
        except UnicodeDecodeError as exc:
            message = f"not UTF-8 (byte 0x{exc.object[exc.start]:02X} at byte {exc.start + 1})"
            yield str(number), InvalidInput(f"{message}; save the file as UTF-8", where=where)
            continue
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield str(number), InvalidInput(f"not JSON: {exc.msg}", where=where)
            continue
        if not isinstance(item, dict):
            yield str(number), InvalidInput("not a JSON object", where=where)
            continue
        yield str(item.get("id", number)), item


def _decode(line: bytes | str, *, first: bool) -> str:
    text = line if isinstance(line, str) else line.decode("utf-8")
    return text.removeprefix("\ufeff") if first else text


@main.command("screen-party")
@click.argument("names", nargs=-1)
@click.option(
    "--input",
    "input_path",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="JSON lines of FtM-like entities, each with an `id`; - is stdin.",
)
@click.option(
    "--on",
    "on",
    default=None,
    help="Screen against the lists as they stood on this date (YYYY-MM-DD).",
)
@click.option("--list", "list_ids", multiple=True, help="Only these list ids (repeatable).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one object per query; table: one row per match, for people.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: only when stderr is a terminal and --input is given).",
)
@click.pass_context
def screen_party_command(  # noqa: PLR0917 (one parameter per click option)
    ctx: click.Context,
    names: tuple[str, ...],
    input_path: Path | None,
    on: str | None,
    list_ids: tuple[str, ...],
    output_format: str,
    progress: bool | None,
) -> None:
    """Screen names, addresses or entities against the loaded watchlists; best matches first.

    A bare NAME is read as a person and as a company; a wallet address or payment URI as a
    CryptoWallet. --input takes JSON lines of FtM-like entities, one
    `{"id", "schema", "properties": {"name": [...], ...}}` per line; a bad line is reported
    in its own output line (with `where`) and the others are screened.

    \b
    Examples:
      counterpart screen-party 郑福井 "Chou Wen-mei"
      counterpart screen-party --input parties.jsonl --on 2022-06-01 --format table

    \b
    Exit codes: 3 at least one query matched (verdict `match`); 1 some queries were bad and
    none matched, or an error; 0 otherwise; 2 usage.
    """
    if not names and input_path is None:
        raise click.UsageError("give NAMES or --input FILE")
    day = to_date(on)
    settings = settings_of(ctx)
    engine = open_database(settings)
    try:
        index = build_index(WatchlistRepository(engine), day, list_ids or None)
    finally:
        engine.dispose()
    items: list[tuple[str, Any]] = [(str(n), name) for n, name in enumerate(names, start=1)]
    if input_path is not None:
        items.extend(read_jsonl(input_path))
    if not items:
        fail(f"{input_name(input_path or '-')}: no queries (the input is empty)")
    screened = _screen_in_order(items, index, thresholds_of(settings), day)
    show = progress if progress is not None else (sys.stderr.isatty() and input_path is not None)
    outcomes = _with_progress(screened, len(items)) if show else screened
    written: list[ScreeningOutcome] = []  # jsonl lines go out one by one, as they are screened
    try:
        write_outcomes(_kept(outcomes, written), output_format)
    except KeyboardInterrupt:
        sys.stdout.flush()
        said = (
            "the lines above are whole results"
            if output_format == "jsonl"
            else "a table is printed at the end, so none was printed"
        )
        click.echo(f"interrupted (Ctrl-C): {said}; the rest were not screened", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if any(outcome.is_hit for outcome in written):
        sys.exit(EXIT_HIT)
    sys.exit(EXIT_ERROR if any(o.error for o in written) else EXIT_OK)


def _kept(
    outcomes: Iterable[ScreeningOutcome], kept: list[ScreeningOutcome]
) -> Iterator[ScreeningOutcome]:
    for outcome in outcomes:
        yield outcome
        kept.append(outcome)


def _screen_in_order(
    items: list[tuple[str, Any]], index: PartyIndex, thresholds: Thresholds, day: date | None
) -> Iterator[ScreeningOutcome]:
    """One outcome per item, in input order: an unreadable line's error where the line was."""
    for item_id, item in items:
        if isinstance(item, InvalidInput):
            yield ScreeningOutcome(item_id, "", error=item)
        else:
            yield from screen_batch([(item_id, item)], index, thresholds, day)


def _with_progress(outcomes: Iterator[ScreeningOutcome], total: int) -> Iterator[ScreeningOutcome]:
    columns = (TextColumn("screening"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    console = Console(stderr=True)
    with Progress(*columns, console=console, transient=console.is_terminal) as bar:
        task = bar.add_task("screening", total=total)
        for outcome in outcomes:
            yield outcome
            bar.advance(task)


def to_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError as exc:
        raise click.BadParameter(f"{text!r} is not a date YYYY-MM-DD", param_hint="--on") from exc


def write_outcomes(outcomes: Iterable[ScreeningOutcome], output_format: str) -> None:
    if output_format == "jsonl":
        for outcome in outcomes:
            click.echo(json.dumps(to_outcome_record(outcome), ensure_ascii=False))
        return
    table = Table("id", "query", "list", "entry", "name", "score", "verdict")
    for outcome in outcomes:
        if outcome.error is not None:
            table.add_row(outcome.id, outcome.query, "", "", f"error: {outcome.error}", "", "")
        for match in outcome.matches or ():
            comparison = match.comparison
            table.add_row(
                outcome.id, outcome.query, match.entry.list_id, match.entry.entry_id,
                match.name, f"{comparison.score:.2f}", comparison.verdict.value,
            )  # fmt: skip
        if not outcome.matches and outcome.error is None:
            table.add_row(outcome.id, outcome.query, "", "", "(no match)", "", "")
    Console(width=160).print(table)


@main.command("compare-parties")
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help='JSON lines {"id", "a": {"schema", "properties"}, "b": {...}}; - is stdin.',
)
@click.pass_context
def compare_parties_command(ctx: click.Context, input_path: Path) -> None:
    """Score pairs of parties: one `{"id", "score", "verdict", "reasons"}` line per pair.

    \b
    Example (pairs.jsonl holds one pair per line, wrapped here):
      {"id": "1", "a": {"schema": "Person", "properties": {"name": ["Chou Wen-mei"]}},
                  "b": {"schema": "Person", "properties": {"name": ["周文美"]}}}
      counterpart compare-parties --input pairs.jsonl

    \b
    Exit codes: 0 every pair scored; 1 a pair was bad (its line says why) or an error;
    2 usage.
    """
    thresholds = thresholds_of(settings_of(ctx))
    errors = 0
    for pair_id, item in read_jsonl(input_path):
        if isinstance(item, InvalidInput):
            record: dict[str, Any] = {"id": pair_id, "score": None, "error": item.to_dict()}
        else:
            record = to_pair_record(next(compare_batch([(pair_id, item)], thresholds)))
        errors += "error" in record
        click.echo(json.dumps(record, ensure_ascii=False))
    sys.exit(EXIT_ERROR if errors else EXIT_OK)
