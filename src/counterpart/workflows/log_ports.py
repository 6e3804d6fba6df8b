"""Ports of the log use cases: what a workflow needs from storage and from the peer node."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from counterpart.domain.messages import Message
from counterpart.ledger.tree import Frontier
from counterpart.workflows.access_model import AuditEvent


@dataclass(frozen=True)
class StoredCheckpoint:
    """A checkpoint as kept: its signed note text and whether it verified when seen."""

    size: int
    root: bytes
    note: str
    status: str
    seen_at: datetime


@dataclass(frozen=True)
class StoredCosignature:
    """One cosignature line received (or made) for a checkpoint."""

    size: int
    root: bytes
    signer: str
    line: str
    timestamp: int


@dataclass(frozen=True)
class Alarm:
    """Evidence that a log misbehaved: what, when, and the data that shows it."""

    log: str
    kind: str
    message: str  # in English
    evidence: str
    raised_at: datetime
    said: Message | None = None  # the message, for each reader's language (newer alarms)


@dataclass(frozen=True)
class PeerRow:
    """A registered counterpart node."""

    name: str
    url: str
    vkey: str


class EntryLog(Protocol):
    """One stored log (this node's own, or the mirror of a peer's) and its hashes."""

    log: str

    def size(self) -> int: ...
    def append(self, entries: Sequence[bytes]) -> int: ...
    def entries(self, start: int, end: int) -> list[bytes]: ...
    def iter_entries(self, end: int, batch: int = 5000) -> Iterator[bytes]: ...
    def stored_leaf_hashes(self, start: int, end: int) -> list[bytes]: ...
    def frontier(self) -> Frontier: ...
    def tree_size(self) -> int: ...
    def subtree_hash(self, level: int, index: int) -> bytes: ...
    def add_checkpoint(self, size: int, root: bytes, note: str, status: str) -> None: ...
    def checkpoints(self, status: str | None = None) -> list[StoredCheckpoint]: ...
    def latest_checkpoint(self, status: str = "ok") -> StoredCheckpoint | None: ...
    def add_cosignature(self, cosignature: StoredCosignature) -> bool: ...
    def cosignatures(self, size: int | None = None) -> list[StoredCosignature]: ...


class NodeBook(Protocol):
    """Node metadata, peers, witness state and alarms."""

    def set_meta(self, values: dict[str, str]) -> None: ...
    def meta(self) -> dict[str, str]: ...
    def add_peer(self, row: PeerRow, event: AuditEvent | None = None) -> None: ...
    def peers(self) -> list[PeerRow]: ...
    def require_peer(self, name: str) -> PeerRow: ...
    def witness_state(self, origin: str) -> tuple[int, bytes] | None: ...
    def advance_witness_state(self, origin: str, old_size: int, size: int, root: bytes) -> None: ...
    def raise_alarm(self, log: str, kind: str, message: Message | str, evidence: str) -> None: ...
    def alarms(self) -> list[Alarm]: ...


class PeerLog(Protocol):
    """The counterpart's node, as the mirror sees it (over HTTP in production)."""

    def fetch_checkpoint(self) -> str: ...
    def fetch_entries(self, start: int, end: int) -> list[bytes]: ...
    def fetch_consistency(self, old_size: int, new_size: int) -> list[bytes]: ...
    def send_cosignature(self, size: int, line: str) -> None: ...
