"""Neutral witness commands: `witness add|list|remove|submit`, and the task `serve` runs."""

from __future__ import annotations

import json
import time
from collections.abc import Collection
from datetime import UTC, datetime

import click

from counterpart.cli.group import main, settings_of
from counterpart.cli.users import OPERATOR
from counterpart.exchange.keys import key_path, load_node_key
from counterpart.exchange.witnessing import WitnessClients, WitnessTask
from counterpart.settings import Settings
from counterpart.storage.log_node import NodeStores, open_node_stores
from counterpart.workflows.neutral_witnesses import NeutralWitness, add_witness, remove_witness
from counterpart.workflows.witness_submission import (
    Outcome,
    SubmissionPorts,
    WitnessResult,
    submit_to_witnesses,
)

EXIT_ALARM = 4
_FAILED = frozenset({Outcome.UNREACHABLE, Outcome.UNKNOWN_LOG, Outcome.REFUSED})


@main.group()
def witness() -> None:
    """Neutral witnesses (C2SP tlog-witness) that cosign this node's log.

    A neutral witness (e.g. a secretariat) runs a stock C2SP witness; its operator adds this
    node's log origin and vkey (as `counterpart init` printed it). This node then submits
    each new signed checkpoint to it (`counterpart serve` does, every witness_interval
    seconds) and keeps the cosignatures, which go out with the checkpoint, the audit bundle
    and `log prove` proofs.
    """


def _utc_now() -> datetime:
    return datetime.now(UTC)


@witness.command("add")
@click.argument("name")
@click.argument("url")
@click.argument("vkey")
@click.pass_context
def witness_add(ctx: click.Context, name: str, url: str, vkey: str) -> None:
    """Register the witness NAME whose submission prefix is URL, with its cosigning key VKEY.

    Checkpoints go to URL/add-checkpoint. VKEY is the witness's public key as a note
    verifier key, name+keyid+base64 of a type 0x04 (cosignature/v1) or 0x01 (Ed25519) key.
    NAME is how the exported trust policy names it. Written to the audit trail.

    \b
    Example:
      counterpart witness add incb https://witness.incb.example incb.example/w+5e6f7a8b+BA...
    Exit codes: 0 registered; 1 a bad name, URL or vkey, a name taken, or an error.
    """
    settings = settings_of(ctx)
    own = load_node_key(settings).verifier_key() if _has_key(settings) else None
    stores = open_node_stores(settings)
    try:
        row = add_witness(
            stores.witnesses,
            name=name,
            url=url,
            vkey=vkey,
            actor=OPERATOR,
            now=_utc_now(),
            own_key=own,
        )
    finally:
        stores.close()
    click.echo(f"witness {row.name} at {row.url}: {row.vkey}")


@witness.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def witness_list(ctx: click.Context, fmt: str) -> None:
    """The registered witnesses, the size each last cosigned and its last error.

    \b
    Example:
      counterpart witness list --format json
    Exit codes: 0 ok; 1 error.
    """
    stores = open_node_stores(settings_of(ctx))
    try:
        rows = stores.witnesses.witnesses()
    finally:
        stores.close()
    if fmt == "json":
        click.echo(json.dumps([witness_status(w) for w in rows], indent=2))
        return
    if not rows:
        click.echo("no neutral witness registered (`counterpart witness add`)")
    for row in rows:
        click.echo(describe_witness(row))


@witness.command("remove")
@click.argument("name")
@click.pass_context
def witness_remove(ctx: click.Context, name: str) -> None:
    """Stop submitting to the witness NAME; the cosignatures it gave are kept.

    Written to the audit trail.

    \b
    Example:
      counterpart witness remove incb
    Exit codes: 0 removed; 1 no such witness, or an error.
    """
    stores = open_node_stores(settings_of(ctx))
    try:
        remove_witness(stores.witnesses, name, actor=OPERATOR, now=_utc_now())
    finally:
        stores.close()
    click.echo(f"witness {name} removed")


@witness.command("submit")
@click.option("--name", "names", multiple=True, help="Only this witness (repeatable).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def witness_submit(ctx: click.Context, names: tuple[str, ...], fmt: str) -> None:
    """One round: each witness gets the signed checkpoints it has not cosigned, oldest first.

    Prints one line per witness: cosigned, up_to_date, nothing_to_submit (no checkpoint
    signed yet: one is signed when the counterpart fetches the log), unreachable,
    unknown_log (its operator must add this log's origin and vkey), refused, or alarm.

    \b
    Example:
      counterpart witness submit --name incb
    Exit codes: 0 every witness cosigned, was up to date or had nothing to cosign; 4 an
    alarm was raised (a witness saw a larger or different log, or answered with a
    cosignature not its key's over this checkpoint); 1 a witness was unreachable, does not
    know this log, or refused; 2 no witness registered.
    """
    settings = settings_of(ctx)
    stores = open_node_stores(settings)
    clients = WitnessClients()
    try:
        if not stores.witnesses.witnesses():
            raise click.UsageError("no witness registered; run `counterpart witness add` first")
        results = submit_to_witnesses(
            submission_ports(stores, settings, clients), list(names) or None
        )
    finally:
        clients.close()
        stores.close()
    if fmt == "json":
        click.echo(json.dumps([_result_json(r) for r in results], indent=2))
    else:
        for result in results:
            click.echo(_describe_result(result))
    outcomes = {r.outcome for r in results}
    if Outcome.ALARM in outcomes:
        ctx.exit(EXIT_ALARM)
    if outcomes & _FAILED:
        ctx.exit(1)


def submission_ports(
    stores: NodeStores, settings: Settings, clients: WitnessClients
) -> SubmissionPorts:
    """The ports of a submission round over the node's stores and HTTP clients."""
    return SubmissionPorts(
        own=stores.own,
        book=stores.book,
        registry=stores.witnesses,
        log_key=load_node_key(settings).verifier_key(),
        endpoint_for=clients.endpoint_for,
        clock=lambda: int(time.time()),
        now=_utc_now,
    )


def start_witnessing(settings: Settings) -> WitnessTask | None:
    """Submit to the neutral witnesses in a background thread; None before `init`.

    The task runs with no witness registered too, so one added while the node serves is
    picked up at the next round.
    """
    if not _has_key(settings):
        return None
    stores = open_node_stores(settings)
    clients = WitnessClients()
    ports = submission_ports(stores, settings, clients)

    def run_round(names: Collection[str]) -> list[WitnessResult]:
        return submit_to_witnesses(ports, names)

    def names() -> list[str]:
        return [w.name for w in stores.witnesses.witnesses()]

    def close() -> None:
        clients.close()
        stores.close()

    task = WitnessTask(run_round, names, settings.witness_interval, close=close)
    task.start()
    return task


def _has_key(settings: Settings) -> bool:
    return key_path(settings).is_file() or settings.node_key is not None


def witness_status(row: NeutralWitness) -> dict[str, object]:
    """A witness as `witness list --format json` and `log status` show it."""
    return {
        "name": row.name,
        "url": row.url,
        "vkey": row.vkey,
        "added_at": row.added_at.isoformat(),
        "cosigned_size": row.cosigned_size,
        "cosigned_at": None if row.cosigned_at is None else row.cosigned_at.isoformat(),
        "last_error": row.last_error,
        "tried_at": None if row.tried_at is None else row.tried_at.isoformat(),
    }


def describe_witness(row: NeutralWitness) -> str:
    """One line: name, URL, the size it last cosigned and its last error."""
    cosigned = "nothing yet" if row.cosigned_size is None else f"size {row.cosigned_size}"
    line = f"witness {row.name} at {row.url}: cosigned {cosigned}"
    return line + (f"; last error: {row.last_error}" if row.last_error else "")


def _result_json(result: WitnessResult) -> dict[str, object]:
    return {
        "witness": result.witness,
        "outcome": result.outcome.value,
        "size": result.size,
        "error": result.error,
    }


def _describe_result(result: WitnessResult) -> str:
    size = "" if result.size is None else f" checkpoint {result.size}"
    line = f"{result.witness}: {result.outcome.value}{size}"
    return line + (f": {result.error}" if result.error else "")
