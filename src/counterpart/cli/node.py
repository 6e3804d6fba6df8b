"""Node commands: `init`, `peer add`, `log append|export|prove|status`, `mirror`."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import click
from rich.console import Console

from counterpart.cli.group import LOG_INDEX, main, settings_of
from counterpart.cli.inputs import input_name, reading
from counterpart.cli.mirror_progress import CatchUpBar
from counterpart.cli.users import OPERATOR
from counterpart.cli.witness import describe_witness, witness_status
from counterpart.domain.canonical import MAX_LEAF_BYTES
from counterpart.domain.errors import Conflict, InvalidInput, NotFound, PayloadTooLarge
from counterpart.domain.records import RecordType
from counterpart.exchange.keys import create_key_file, key_path, load_node_key
from counterpart.exchange.mirror import MirrorTask, mirror_round
from counterpart.exchange.peer import PeerClient
from counterpart.ledger.note import NoteSigner, parse_note, parse_vkey
from counterpart.ledger.proof import make_proof
from counterpart.settings import Settings
from counterpart.storage.log_node import NodeStores, open_node_stores
from counterpart.storage.users import open_access, to_access_config
from counterpart.workflows.access import create_first_admin, list_users
from counterpart.workflows.log_append import (
    cosigned_note,
    latest_cosigned_checkpoint,
)
from counterpart.workflows.log_export import counterpart_name, export_log
from counterpart.workflows.log_records import append_record
from counterpart.workflows.log_status import LogReport, report_log
from counterpart.workflows.mirroring import MirrorResult
from counterpart.workflows.node_setup import add_peer, init_node
from counterpart.workflows.witness import mirror_log_name


def _make_key(settings: Settings, origin: str) -> NoteSigner:
    if settings.node_key is None:
        return create_key_file(settings, origin)
    signer = load_node_key(settings)
    if signer.name != origin:
        raise InvalidInput(
            f"COUNTERPART_NODE_KEY is named {signer.name!r}, the node's origin is {origin!r}"
        )
    return signer


@main.command()
@click.option("--party", required=True, help="This node's party ID (e.g. US, CN).")
@click.option("--name", required=True, help="A readable name for the node.")
@click.pass_context
def init(ctx: click.Context, party: str, name: str) -> None:
    """Create the node's home, database, Ed25519 key pair and first admin.

    Prints the node's public key (vkey) on stdout, for the counterpart's `peer add`; the first
    admin's one-time password goes to stderr, shown once and never stored in clear.

    \b
    Example:
      counterpart --home /srv/us init --party us --name "US competent authority"
    Exit codes: 0 ok; 1 error (e.g. the home is already initialised).
    """
    settings = settings_of(ctx)
    stores = open_node_stores(settings)
    try:
        signer = init_node(stores.book, party, name, lambda origin: _make_key(settings, origin))
        with open_access(stores.engine, to_access_config(settings)) as ports:
            first_admin = None
            if not list_users(ports):  # users added before init keep the node as they made it
                first_admin = create_first_admin(ports, party=stores.book.meta()["party"])
    finally:
        stores.close()
    click.echo(signer.verifier_key().to_vkey())
    if first_admin is None:
        click.echo("the node already has users; no first admin was created", err=True)
        return
    admin, one_time_password = first_admin
    click.echo(
        f"first admin: {admin.username} / {one_time_password} "
        "(one-time password, shown once; change it at first sign-in)",
        err=True,
    )


@main.group()
def peer() -> None:
    """The counterpart node this node exchanges with."""


@peer.command("add")
@click.argument("name")
@click.argument("url")
@click.argument("vkey")
@click.pass_context
def peer_add(ctx: click.Context, name: str, url: str, vkey: str) -> None:
    """Register the counterpart's node NAME at URL with its log key VKEY.

    VKEY is what the counterpart's `counterpart init` printed (name+keyid+base64). Written to
    the audit trail (`peer.add`, actor `cli`).

    \b
    Example:
      counterpart peer add cn https://cn-node.example counterpart/cn+f284d854+AeiH...
    Exit codes: 0 ok; 1 a bad name, URL or vkey, or an error.
    """
    settings = settings_of(ctx)
    if key_path(settings).is_file() or settings.node_key is not None:
        own = load_node_key(settings).verifier_key()
        if parse_vkey(vkey) == own:
            raise InvalidInput(
                "this is this node's own key; give the counterpart's, as its `init` printed",
                where="VKEY",
            )
    stores = open_node_stores(settings)
    try:
        row = add_peer(stores.book, name, url, vkey, actor=OPERATOR, now=_utc_now())
    finally:
        stores.close()
    click.echo(f"peer {row.name} at {row.url}: {row.vkey}")


@main.group("log")
def log_group() -> None:
    """This node's tamper-evident log."""


def _open(ctx: click.Context) -> tuple[NodeStores, NoteSigner]:
    settings = settings_of(ctx)
    return open_node_stores(settings), load_node_key(settings)


# A record's canonical JSON is under MAX_LEAF_BYTES; the file may be pretty-printed, so
# it is read up to sixteen times that and the canonical size is checked when it is encoded.
MAX_RECORD_FILE_BYTES = 16 * MAX_LEAF_BYTES


@log_group.command("append")
@click.option(
    "--type",
    "record_type",
    required=True,
    type=click.Choice([t.value for t in RecordType]),
    help="The record type, e.g. incident.",
)
@click.argument("file", type=click.File("rb"))
@click.pass_context
def log_append(ctx: click.Context, record_type: str, file: BinaryIO) -> None:
    """Append the JSON object in FILE (`-` for stdin) as one record; print its index.

    Written to the audit trail with the entry (`log.append`, actor `cli`).

    \b
    Example:
      counterpart log append --type incident incident.json
    Exit codes: 0 appended; 1 FILE is not a JSON object of that type, or an error; 2 usage.
    """
    name = input_name(getattr(file, "name", "-"))  # stdin in a test runner has no name
    content = file.read(MAX_RECORD_FILE_BYTES + 1).removeprefix(codecs.BOM_UTF8)
    if len(content) > MAX_RECORD_FILE_BYTES:  # e.g. /dev/zero: read no further
        raise PayloadTooLarge(
            f"over {MAX_RECORD_FILE_BYTES:,} bytes; a record's canonical JSON is under "
            f"{MAX_LEAF_BYTES:,}",
            where=name,
        )
    if not content.strip():
        raise InvalidInput("empty: a record is one JSON object", where=name)
    stores = open_node_stores(settings_of(ctx))
    try:
        with reading(name):
            index, _ = append_record(
                stores.own,
                stores.book,
                RecordType(record_type),
                content,
                _utc_now,
                actor=OPERATOR,
            )
    finally:
        stores.close()
    # No checkpoint is signed here: the next one is signed when the counterpart fetches it,
    # so every checkpoint is one the counterpart saw (and cosigned).
    click.echo(json.dumps({"index": index}))


def _utc_now() -> datetime:
    return datetime.now(UTC)


@log_group.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def log_export(ctx: click.Context, directory: Path) -> None:
    """Write an audit bundle: every entry, every checkpoint with its cosignatures, the policy.

    DIRECTORY must be new or empty. The policy (policy.txt) requires the counterpart's
    cosignature and lists the neutral witnesses as optional; with the setting
    require_neutral_witness, one of them is required too.

    \b
    Example:
      counterpart log export ./bundle && counterpart audit ./bundle
    Exit codes: 0 written; 1 DIRECTORY is not empty, or an error.
    """
    if directory.is_dir() and any(directory.iterdir()):
        # Files left from another export would be audited with this one: false findings.
        raise Conflict("the directory is not empty; give a new or empty one", where=str(directory))
    stores, signer = _open(ctx)
    try:
        count = export_log(
            stores.own,
            stores.book,
            signer.verifier_key(),
            directory,
            stores.witnesses.witnesses(),
            require_witness=settings_of(ctx).require_neutral_witness,
        )
    finally:
        stores.close()
    click.echo(f"{directory}: {count} checkpoints")


@log_group.command("prove")
@click.argument("index", type=LOG_INDEX)
@click.pass_context
def log_prove(ctx: click.Context, index: int) -> None:
    """Print a C2SP tlog-proof of entry INDEX against the latest cosigned checkpoint.

    \b
    Example:
      counterpart log prove 41 > entry-41.proof
    Exit codes: 0 printed; 1 no such entry or no cosigned checkpoint yet, or an error.
    """
    stores, _ = _open(ctx)
    try:
        if not stores.own.checkpoints("ok"):
            raise NotFound(
                "this node's log has no signed checkpoint yet: one is signed when the "
                "counterpart fetches the log (`counterpart serve` with a peer registered)"
            )
        checkpoint = latest_cosigned_checkpoint(stores.own, counterpart_name(stores.book))
        note = parse_note(cosigned_note(stores.own, checkpoint))
        proof = make_proof(stores.own, index, note)
    finally:
        stores.close()
    click.echo(proof.to_text(), nl=False)


@log_group.command("status")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def log_status(ctx: click.Context, fmt: str) -> None:
    """Sizes, the last cosigned checkpoint, mirrors, neutral witnesses and alarms.

    \b
    Example:
      counterpart log status --format json
    Exit codes: 0 ok; 1 error.
    """
    stores = open_node_stores(settings_of(ctx))
    try:
        report = report_log(stores.own, stores.book, stores.log_named, stores.witnesses.witnesses())
    finally:
        stores.close()
    click.echo(_render_report(report, fmt))


def _render_report(report: LogReport, fmt: str) -> str:
    alarms = [
        {"log": a.log, "kind": a.kind, "message": a.message, "at": a.raised_at.isoformat()}
        for a in report.alarms
    ]
    if fmt == "json":
        body = {
            "origin": report.origin,
            "size": report.size,
            "checkpoint_size": report.checkpoint_size,
            "cosigned_size": report.cosigned_size,
            "cosigned_by": list(report.cosigned_by),
            "mirrors": report.mirrors,
            "witnesses": [witness_status(w) for w in report.witnesses],
            "alarms": alarms,
        }
        return json.dumps(body, indent=2)
    signed = "none signed yet" if report.checkpoint_size is None else report.checkpoint_size
    cosigned = (
        f"{report.cosigned_size} by {', '.join(report.cosigned_by)}"
        if report.cosigned_size is not None
        else "none yet (the counterpart cosigns when it mirrors this log)"
    )
    lines = [
        f"log {report.origin}: {report.size} entries, last checkpoint {signed}",
        f"last cosigned checkpoint: {cosigned}",
        *(f"mirror of {name}: {size} entries" for name, size in report.mirrors.items()),
        *(describe_witness(w) for w in report.witnesses),
        f"alarms: {len(alarms)}",
        *(f"  ALARM {a['at']} {a['log']} {a['kind']}: {a['message']}" for a in alarms),
    ]
    return "\n".join(lines)


def mirror_task(
    settings: Settings,
    stores: NodeStores,
    signer: NoteSigner,
    progress: Callable[[int, int], None] | None = None,
) -> MirrorTask | None:
    """The mirroring task of the first registered peer, or None without a peer."""
    peers = stores.book.peers()
    if not peers:
        return None
    row = peers[0]
    client = PeerClient(row.url, signer)
    mirror = stores.log_named(mirror_log_name(row.name))

    def run_round() -> MirrorResult:
        return mirror_round(row.name, stores.book, mirror, signer, client, progress=progress)

    return MirrorTask(run_round, settings.mirror_interval, close=client.close)


def start_mirroring(settings: Settings) -> MirrorTask | None:
    """Start mirroring the registered peer in a background thread; None if there is none."""
    if not key_path(settings).is_file() and settings.node_key is None:
        return None
    stores = open_node_stores(settings)
    task = mirror_task(settings, stores, load_node_key(settings))
    if task is None:
        stores.close()
        return None
    task.start()
    return task


@main.command()
@click.option("--once", is_flag=True, help="Run one round and exit (exit 4 on an alarm).")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr while entries are fetched (default: when it is a terminal).",
)
@click.pass_context
def mirror(ctx: click.Context, once: bool, progress: bool | None) -> None:
    """Mirror the counterpart's log, verify it and cosign it; repeat every mirror_interval.

    \b
    Example:
      counterpart mirror --once
    Exit codes: 0 ok; 4 (--once) the round raised an alarm; 1 the peer is unreachable, or an
    error; 2 no peer registered.
    """
    settings = settings_of(ctx)
    stores, signer = _open(ctx)
    console = Console(stderr=True)
    bar = CatchUpBar(console) if (console.is_terminal if progress is None else progress) else None
    task = mirror_task(settings, stores, signer, bar)
    if task is None:
        stores.close()
        raise click.UsageError("no peer registered; run `counterpart peer add` first")
    try:
        if not once:
            task.run_forever()
        result = task.run_round()
    finally:
        if bar is not None:
            bar.close()
        task.stop()
        stores.close()
    click.echo(json.dumps(result.__dict__))
    if result.alarm:
        ctx.exit(4)
