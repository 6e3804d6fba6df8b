"""What `counterpart log status` and the API show: sizes, the last cosigned checkpoint, alarms."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from counterpart.workflows.log_ports import Alarm, EntryLog, NodeBook
from counterpart.workflows.neutral_witnesses import NeutralWitness
from counterpart.workflows.node_setup import require_origin
from counterpart.workflows.witness import mirror_log_name


@dataclass(frozen=True)
class LogReport:
    """The state of this node's log, of its mirrors, and every alarm raised."""

    origin: str
    size: int
    checkpoint_size: int | None
    cosigned_size: int | None
    cosigned_by: tuple[str, ...]
    mirrors: dict[str, int]
    alarms: tuple[Alarm, ...]
    witnesses: tuple[NeutralWitness, ...] = ()  # each with the size it last cosigned


def report_log(
    own: EntryLog,
    book: NodeBook,
    log_named: Callable[[str], EntryLog],
    witnesses: Sequence[NeutralWitness] = (),
) -> LogReport:
    """Sizes, the last signed and the last cosigned checkpoint, mirror sizes and alarms."""
    origin = require_origin(book)
    latest = own.latest_checkpoint()
    cosigned = [c for c in own.cosignatures() if c.signer != origin]
    last_cosigned = max((c.size for c in cosigned), default=None)
    signers = tuple(sorted({c.signer for c in cosigned if c.size == last_cosigned}))
    mirrors = {peer.name: log_named(mirror_log_name(peer.name)).size() for peer in book.peers()}
    return LogReport(
        origin=origin,
        size=own.size(),
        checkpoint_size=None if latest is None else latest.size,
        cosigned_size=last_cosigned,
        cosigned_by=signers,
        mirrors=mirrors,
        alarms=tuple(book.alarms()),
        witnesses=tuple(witnesses),
    )
