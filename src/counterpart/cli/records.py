"""Record commands for operators: `records list`, `records show INDEX`, `due`."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import click

from counterpart.cli.group import LOG_INDEX, main, settings_of
from counterpart.domain.errors import NotFound
from counterpart.domain.records import RecordType
from counterpart.storage.log_node import NodeStores, open_node_stores
from counterpart.storage.records import SqlRecords, open_records
from counterpart.workflows.coordination_ports import RecordEntry, RecordQuery
from counterpart.workflows.drafts import deadline_policy
from counterpart.workflows.inbox import (
    due_for_party,
    list_visible,
    node_parties,
    refresh_projection,
)
from counterpart.workflows.record_states import RECORD_STATES

FORMATS = click.Choice(["table", "jsonl", "csv"])
COLUMNS = ("log", "index", "type", "author", "state", "deadline", "flagged", "summary")


@contextmanager
def _records(ctx: click.Context) -> Iterator[tuple[NodeStores, SqlRecords, str]]:
    """The node's stores and one unit of work whose projection is brought up to date."""
    stores = open_node_stores(settings_of(ctx))
    try:
        with open_records(stores.engine) as ports:
            refresh_projection(ports, stores.book, stores.log_named)
            yield stores, ports, node_parties(stores.book).node
    finally:
        stores.close()


def _row(entry: RecordEntry) -> dict[str, Any]:
    return {
        "log": entry.log,
        "index": entry.index,
        "type": entry.record_type.value,
        "author": entry.author,
        "state": entry.state,
        "deadline": entry.deadline.isoformat() if entry.deadline else "",
        "flagged": entry.flagged,
        "summary": entry.summary,
        "leaf_hash": entry.leaf_hash,
        "waiting_on": entry.waiting_on or "",
        "anomaly": entry.anomaly or "",
    }


def _print(entries: list[RecordEntry], output: str) -> None:
    rows = [_row(entry) for entry in entries]
    if output == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif output == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    else:
        for row in rows:
            flag = "!" if row["flagged"] else " "
            click.echo(
                f"{row['log']:<10} {row['index']:>6} {flag} {row['type']:<24} {row['author']:<6} "
                f"{row['state']:<22} {row['deadline']:<10} {row['summary']}"
            )


@main.group("records")
def records_group() -> None:
    """Records this node's party sent and received."""


@records_group.command("list")
@click.option("--type", "record_type", type=click.Choice([t.value for t in RecordType]))
@click.option(
    "--state",
    type=click.Choice(RECORD_STATES),
    default=None,
    metavar="STATE",
    help="Only records in this state (e.g. awaiting_reply; an unknown one lists the states).",
)
@click.option("--direction", type=click.Choice(["sent", "received"]), default=None)
@click.option("--flagged/--all", default=False, help="Only records with a screening hit.")
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True)
@click.option("--format", "output", type=FORMATS, default="table", show_default=True)
@click.pass_context
def records_list(
    ctx: click.Context,
    *,
    record_type: str | None,
    state: str | None,
    direction: str | None,
    flagged: bool,
    limit: int,
    output: str,
) -> None:
    """List records, newest first (`!` marks a screening hit).

    \b
    Example:
      counterpart records list --direction received --state awaiting_reply
    Exit codes: 0 ok; 1 error; 2 usage.
    """
    kind = RecordType(record_type) if record_type else None
    with _records(ctx) as (_stores, ports, party):
        only = True if flagged else None
        query = RecordQuery(party, kind, state, direction=direction, flagged=only, limit=limit)
        page = list_visible(ports, party, query)
    _print(list(page.items), output)


@records_group.command("show")
@click.argument("index", type=LOG_INDEX)
@click.option("--from", "author", default=None, help="The author party (default: this node's).")
@click.pass_context
def records_show(ctx: click.Context, index: int, author: str | None) -> None:
    """Show record INDEX of a log as JSON, with the records that answer it.

    \b
    Example:
      counterpart records show 3 --from cn
    Exit codes: 0 ok; 1 no such record, or an error.
    """
    with _records(ctx) as (stores, ports, party):
        parties = node_parties(stores.book)
        chosen = (author or party).lower()
        if chosen not in {parties.node, parties.counterpart}:
            known = f"{parties.node} (this node) nor {parties.counterpart}"
            raise click.BadParameter(f"{author!r} is neither {known}", param_hint="--from")
        entry = ports.get_entry(parties.log_of(chosen), index)
        if entry is None:
            raise NotFound(f"{chosen} has no record {index}", where="INDEX")
        answers = [_row(a) for a in ports.answers_to(entry.key)]
    body = _row(entry) | {"content": entry.content, "answered_by": answers}
    click.echo(json.dumps(body, ensure_ascii=False, indent=2))


@main.command("due")
@click.option("--format", "output", type=FORMATS, default="table", show_default=True)
@click.pass_context
def due(ctx: click.Context, output: str) -> None:
    """Notifications, requests and commitments past their deadline, then those due soon.

    \b
    Example:
      counterpart due --format csv
    Exit codes: 0 ok; 1 error.
    """
    settings = settings_of(ctx)
    today = datetime.now(UTC).date()
    with _records(ctx) as (_stores, ports, party):
        listed = due_for_party(ports, party, today, deadline_policy(settings))
    if output == "table":
        click.echo(f"overdue on {today.isoformat()}: {len(listed.overdue)}")
    _print(list(listed.overdue), output)
    if output == "table":
        click.echo(f"due within {settings.due_soon_days} days: {len(listed.due_soon)}")
    _print(list(listed.due_soon), output)
