"""Watchlist commands: `load-watchlist`, `watchlists`, `watchlist-history`."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from counterpart.cli.group import EXIT_ERROR, main, settings_of
from counterpart.cli.users import OPERATOR
from counterpart.domain.errors import NotFound
from counterpart.storage.database import open_database
from counterpart.storage.watchlists import WatchlistRepository
from counterpart.watchlists.sources import ListFormat
from counterpart.workflows.watchlist_loading import LoadReport, load_watchlist

NEEDS_LIST_ID = (ListFormat.FTM.value, ListFormat.CSV.value)  # the others have their own id


def open_repository(ctx: click.Context) -> WatchlistRepository:
    """The node's watchlist repository, on its migrated database."""
    return WatchlistRepository(open_database(settings_of(ctx)))


@main.command("load-watchlist", short_help="Load a list's files as its snapshot of a date.")
@click.argument("list_format", metavar="FORMAT", type=click.Choice([f.value for f in ListFormat]))
@click.argument(
    "files",
    metavar="FILE...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, path_type=Path),
)
@click.option(
    "--as-of",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The date the files state the list as of (YYYY-MM-DD).",
)
@click.option(
    "--list-id",
    default=None,
    help="The list's id (default: us-ofac-sdn, us-csl, un-sc; required for ftm and csv).",
)
@click.pass_context
def load_watchlist_command(
    ctx: click.Context,
    list_format: str,
    files: tuple[Path, ...],
    as_of: datetime,
    list_id: str | None,
) -> None:
    """Load FILE... (an SDN directory or its four files) as the list's snapshot of --as-of.

    Bad rows are reported on stderr with their line; the command fails (exit 1) only when
    no entry could be loaded. Loading the same files for the same date again is a no-op. A
    snapshot stored is written to the audit trail (`watchlist.load`, actor `cli`).

    \b
    Examples:
      counterpart load-watchlist ofac-sdn ./sdn-2021/ --as-of 2021-07-01
      counterpart load-watchlist csv own-list.csv --as-of 2025-01-01 --list-id cn-mps

    \b
    Exit codes: 0 loaded (bad rows, if any, on stderr); 1 no entry could be loaded, or an
    error; 2 usage (unknown format, bad date).
    """
    if list_id is None and list_format in NEEDS_LIST_ID:
        raise click.UsageError(f"a {list_format} list needs a list id: give --list-id")
    repository = open_repository(ctx)
    err = Console(stderr=True)
    started = time.perf_counter()
    try:
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}: {task.completed} entries read"),
            TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal,
        ) as bar:  # fmt: skip
            task = bar.add_task(f"reading {list_format}", total=None)
            report = load_watchlist(
                repository,
                list_format,
                list(files),
                as_of.date(),
                list_id=list_id,
                progress=lambda count: bar.update(task, completed=count),
                actor=OPERATOR,
            )
    finally:
        repository.engine.dispose()
    print_report(report, time.perf_counter() - started)


def print_report(report: LoadReport, seconds: float) -> None:
    """Bad rows to stderr, the outcome to stdout; exit 1 when nothing was loaded."""
    for error in report.errors:
        click.echo(f"bad row: {error}", err=True)
    snapshot = report.snapshot
    if snapshot is None:
        click.echo(f"error: no entry could be loaded ({len(report.errors)} bad rows)", err=True)
        sys.exit(EXIT_ERROR)
    if not report.created:
        click.echo(
            f"{snapshot.list_id} as of {snapshot.as_of}: already loaded from these files "
            f"({snapshot.entry_count} entries); nothing changed"
        )
        return
    click.echo(
        f"{snapshot.list_id} as of {snapshot.as_of}: {snapshot.entry_count} entries "
        f"({report.new_versions} new or changed), {len(report.errors)} bad rows, "
        f"{seconds:.1f} s"
    )


@main.command("watchlists")
@click.pass_context
def watchlists_command(ctx: click.Context) -> None:
    """List the loaded watchlists and their snapshots.

    \b
    Example:
      counterpart watchlists
    Exit codes: 0 ok (also when none is loaded); 1 error.
    """
    repository = open_repository(ctx)
    try:
        snapshots = repository.snapshots()
    finally:
        repository.engine.dispose()
    if not snapshots:
        click.echo("no watchlist loaded yet (see `counterpart load-watchlist --help`)")
        return
    table = Table("list", "as of", "format", "entries", "bad rows", "files")
    for s in snapshots:
        files = ", ".join(f"{f.name} {f.sha256[:12]}" for f in s.files)
        table.add_row(
            s.list_id, str(s.as_of), s.source_format, str(s.entry_count), str(s.error_count), files
        )
    Console(width=160).print(table)


@main.command("watchlist-history")
@click.argument("list_id", metavar="LIST")
@click.argument("entry_id")
@click.pass_context
def watchlist_history_command(ctx: click.Context, list_id: str, entry_id: str) -> None:
    """Show when ENTRY_ID of LIST was listed and delisted, and each snapshot that held it.

    \b
    Example:
      counterpart watchlist-history us-ofac-sdn 26236
    Exit codes: 0 ok; 1 no such entry in any snapshot of LIST, or an error.
    """
    repository = open_repository(ctx)
    try:
        loaded = sorted({snapshot.list_id for snapshot in repository.snapshots()})
        if list_id not in loaded:
            raise NotFound(f"no list {list_id!r} is loaded; loaded: {', '.join(loaded) or 'none'}")
        history = repository.history(list_id, entry_id)
    finally:
        repository.engine.dispose()
    click.echo(f"{list_id} {entry_id}")
    stated = [
        f"listed {history.stated_listed}" if history.stated_listed else "",
        f"delisted {history.stated_delisted}" if history.stated_delisted else "",
    ]
    if any(stated):
        click.echo(f"  the list states: {' '.join(s for s in stated if s)}")
    for period in history.periods:
        click.echo(f"  listed {period.start} to {period.end or 'now'}")
    for sighting in history.sightings:
        seen = f"present  {sighting.content_hash[:12]}" if sighting.content_hash else "absent"
        click.echo(f"  snapshot {sighting.as_of}: {seen}")
