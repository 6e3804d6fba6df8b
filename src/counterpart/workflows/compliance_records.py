"""The records compliance is computed from: both logs, decoded, with cosignature time evidence.

A record's *evidence time* is when the counterpart first cosigned a checkpoint covering it
(a checkpoint of size `s` covers indices below `s`): the counterpart's own signed statement
that it held the record by then. The time a record claims about itself is kept beside it,
shown, and never used for a figure. `LogRecords` is the port the figures read; `NodeLogRecords`
implements it over this node's own log and its mirror of the counterpart's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from counterpart.domain.errors import InvalidInput, NotFound
from counterpart.domain.messages import N_, message
from counterpart.domain.record_content import parse_content
from counterpart.domain.record_fields import RecordLink
from counterpart.domain.records import Record, RecordType, decode_record
from counterpart.ledger.note import parse_vkey
from counterpart.ledger.tree import hash_leaf
from counterpart.workflows.log_ports import EntryLog, NodeBook
from counterpart.workflows.node_setup import origin_for, require_origin
from counterpart.workflows.witness import mirror_log_name


@dataclass(frozen=True, slots=True)
class LoggedRecord:
    """One decoded record of a party's log, with its position and its time evidence."""

    log: str  # the author party whose log holds it (lower case, as in the envelope)
    index: int
    leaf_hash: str
    record: Record
    cosigned_at: datetime | None  # the counterpart's first cosignature covering it

    @property
    def key(self) -> tuple[str, int]:
        return (self.log, self.index)


@dataclass(frozen=True, slots=True)
class Problem:
    """A log entry or reference the figures could not use, with what is wrong and where."""

    log: str
    index: int
    message: str


class LogRecords(Protocol):
    """The port: every record of both logs, decoded, and the entries that could not be."""

    def logged_records(self) -> Iterable[LoggedRecord | Problem]: ...


@dataclass(frozen=True, slots=True)
class TypedRecord:
    """A logged record with its typed content (see `domain.record_content`)."""

    logged: LoggedRecord
    content: Any

    @property
    def key(self) -> tuple[str, int]:
        return self.logged.key


class RecordIndex:
    """The typed records of both logs by type and by (log, index), plus the problems found."""

    def __init__(self, items: Iterable[LoggedRecord | Problem], parties: tuple[str, str]) -> None:
        self.parties = parties
        self.problems: list[Problem] = []
        self.by_key: dict[tuple[str, int], TypedRecord] = {}
        self.by_type: dict[RecordType, list[TypedRecord]] = {t: [] for t in RecordType}
        for item in items:
            if isinstance(item, Problem):
                self.problems.append(item)
            else:
                self._add(item)

    def _add(self, logged: LoggedRecord) -> None:
        where = f"log {logged.log} entry {logged.index}"
        if logged.log not in self.parties:
            message = (
                f"record of party {logged.log!r}, not {self.parties[0]!r} or {self.parties[1]!r}"
            )
            self.problems.append(Problem(logged.log, logged.index, message))
            return
        if logged.record.author.lower() != logged.log:
            message = f"record author {logged.record.author!r} is not the log's party"
            self.problems.append(Problem(logged.log, logged.index, message))
            return
        try:
            content = parse_content(logged.record.type, logged.record.content)
        except InvalidInput as exc:
            self.problems.append(Problem(logged.log, logged.index, f"{where}: {exc}"))
            return
        typed = TypedRecord(logged, content)
        self.by_key[logged.key] = typed
        self.by_type[logged.record.type].append(typed)

    def resolve(self, link: RecordLink, referrer: TypedRecord) -> TypedRecord | None:
        """The record `link` points at; a missing record or wrong hash is noted as a problem."""
        target = self.by_key.get((link.author.lower(), link.log_index))
        if target is not None and target.logged.leaf_hash == link.leaf_hash:
            return target
        what = "no such record" if target is None else "its leaf hash does not match"
        message = f"refers to {link.author} entry {link.log_index}, {what}"
        self.problems.append(Problem(referrer.logged.log, referrer.logged.index, message))
        return None


def first_cosigned_at(sizes_and_times: Iterable[tuple[int, int]], index: int) -> datetime | None:
    """The earliest cosignature time over a checkpoint covering entry `index` (size > index)."""
    times = [timestamp for size, timestamp in sizes_and_times if size > index]
    return datetime.fromtimestamp(min(times), UTC) if times else None


def read_log_records(log: EntryLog, party: str, cosigner: str) -> Iterator[LoggedRecord | Problem]:
    """Every entry of `log` (written by `party`), timed by the cosignatures of `cosigner`."""
    cosigned = [(c.size, c.timestamp) for c in log.cosignatures() if c.signer == cosigner]
    cosigned.sort()
    for index, entry in enumerate(log.iter_entries(log.size())):
        try:
            record = decode_record(entry)
        except InvalidInput as exc:
            yield Problem(party, index, f"entry does not decode as a record: {exc}")
            continue
        yield LoggedRecord(
            log=party,
            index=index,
            leaf_hash=hash_leaf(entry).hex(),
            record=record,
            cosigned_at=first_cosigned_at(cosigned, index),
        )


@dataclass(frozen=True)
class NodeLogRecords:
    """The port over a node's stores: its own log and its mirror of the counterpart's."""

    own: EntryLog
    own_party: str
    own_signer: str  # this node's key name: it cosigns the counterpart's checkpoints
    mirror: EntryLog
    counterpart_party: str
    counterpart_signer: str  # the counterpart's key name: it cosigns this node's checkpoints

    def logged_records(self) -> Iterator[LoggedRecord | Problem]:
        yield from read_log_records(self.own, self.own_party, self.counterpart_signer)
        yield from read_log_records(self.mirror, self.counterpart_party, self.own_signer)


def open_node_records(
    own: EntryLog, book: NodeBook, log_named: Callable[[str], EntryLog], peer: str | None = None
) -> NodeLogRecords:
    """The port over this node's logs; `peer` names the counterpart (default: the only one)."""
    origin = require_origin(book)
    peers = book.peers()
    if peer is not None:
        chosen = book.require_peer(peer)
    elif len(peers) == 1:
        chosen = peers[0]
    elif not peers:
        text = N_("no counterpart node is registered; run `counterpart peer add`")
        raise NotFound(message(text))
    else:
        names = ", ".join(p.name for p in peers)
        raise InvalidInput(f"several peers are registered ({names}); name one", where="peer")
    counterpart_signer = parse_vkey(chosen.vkey).name
    return NodeLogRecords(
        own=own,
        own_party=party_of_origin(origin),
        own_signer=origin,
        mirror=log_named(mirror_log_name(chosen.name)),
        counterpart_party=party_of_origin(counterpart_signer),
        counterpart_signer=counterpart_signer,
    )


def party_of_origin(origin: str) -> str:
    """The party id (lower case, as records write it) of a log origin `counterpart/<party>`."""
    prefix = origin_for("")
    if not origin.startswith(prefix) or origin == prefix:
        raise InvalidInput(f"log origin {origin!r} is not {prefix}<party>", where="origin")
    return origin.removeprefix(prefix).lower()
