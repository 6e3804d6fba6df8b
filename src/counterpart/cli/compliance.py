"""`counterpart compliance`: both parties' figures (or the control-list gap) from the two logs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import click

from counterpart.chemistry.registry import load_registry
from counterpart.cli.group import main, settings_of
from counterpart.storage.log_node import open_node_stores
from counterpart.workflows.compliance import compute_compliance
from counterpart.workflows.compliance_export import (
    FIGURE_COLUMNS,
    GAP_COLUMNS,
    to_csv,
    to_figure_rows,
    to_gap_rows,
    to_json_value,
)
from counterpart.workflows.compliance_gap import compute_gap
from counterpart.workflows.compliance_records import open_node_records


@main.command()
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option("--gap", is_flag=True, help="Show the control-list gap instead of the figures.")
@click.option("--peer", default=None, help="The counterpart's peer name (if several).")
@click.pass_context
def compliance(ctx: click.Context, output: str, gap: bool, peer: str | None) -> None:
    """Compliance both ways, timed by the counterpart's cosignatures of each record.

    Reply times, assistance, commitments, notifications without outcome, linked incidents;
    with --gap, substances one party (or the UN) controls and the other does not yet.

    \b
    Examples:
      counterpart compliance
      counterpart compliance --gap --format csv > gap.csv
    Exit codes: 0 ok (problems in the logs are warnings on stderr); 1 error.
    """
    stores = open_node_stores(settings_of(ctx))
    try:
        source = open_node_records(stores.own, stores.book, stores.log_named, peer)
        parties = (source.own_party, source.counterpart_party)
        clock = _utc_now
        if gap:
            report: Any = compute_gap(load_registry(), source, parties, clock)
            rows, columns = list(to_gap_rows(report)), GAP_COLUMNS
        else:
            report = compute_compliance(source, parties, clock)
            rows, columns = list(to_figure_rows(report)), FIGURE_COLUMNS
    finally:
        stores.close()
    if output == "json":
        click.echo(json.dumps(to_json_value(report), ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(to_csv(rows, columns), nl=False)
    else:
        click.echo(_to_table(rows, columns))
    for problem in report.problems:
        click.echo(f"warning: {problem.log} entry {problem.index}: {problem.message}", err=True)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _to_table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    """Rows as aligned plain-text columns."""
    cells = [list(columns)] + [[str(row[c]) for c in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in cells
    )
