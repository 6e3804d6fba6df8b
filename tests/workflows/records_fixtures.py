"""Two nodes' stores (A = us, B = cn) with users, outboxes and in-process mirroring, no HTTP."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from counterpart.domain.parties import ListEntry, Schema
from counterpart.ledger.tree import prove_consistency
from counterpart.storage.records import SqlRecordLog, open_records
from counterpart.watchlists.index import PartyIndex
from counterpart.watchlists.scoring import Thresholds
from counterpart.workflows.access_model import Credential, Locale, Principal, Role, User
from counterpart.workflows.coordination_ports import DeadlinePolicy, RecordsPorts
from counterpart.workflows.filing_screening import RegistryAndListsScreen
from counterpart.workflows.log_append import cosigned_note, receive_cosignature, sign_checkpoint
from counterpart.workflows.mirroring import MirrorPorts, mirror_once
from counterpart.workflows.record_sending import Outbox
from tests.exchange.harness import Node, make_node, pair
from tests.workflows.access_fixtures import SettableClock

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
POLICY = DeadlinePolicy({"listed_precursor": 15, "non_scheduled_chemical": 5}, due_soon_days=3)
LISTED = ListEntry(
    "test-list", "c-jingao", Schema.COMPANY, ("HUBEI JINGAO BIOTECHNOLOGY CO., LTD.",)
)


def principal(party: str, role: Role, username: str | None = None) -> Principal:
    """A signed-in caller of `party` with `role` (built as the access layer builds one)."""
    name = username or f"{party}-{role.value}"
    user = User(name, name, name, role, party.upper(), Locale.EN, True, False, START, START)
    return Principal(user, role, Credential.TOKEN, "token-" + name)


class LocalPeer:
    """`source`'s log as `reader` would fetch it over HTTP, called in process."""

    def __init__(self, source: Node, reader: Node) -> None:
        self.source, self.reader = source, reader

    def fetch_checkpoint(self) -> str:
        own = self.source.stores.own
        return cosigned_note(own, sign_checkpoint(own, self.source.signer))

    def fetch_entries(self, start: int, end: int) -> list[bytes]:
        return self.source.stores.own.entries(start, end)

    def fetch_consistency(self, old_size: int, new_size: int) -> list[bytes]:
        return prove_consistency(self.source.stores.own, old_size, new_size)

    def send_cosignature(self, size: int, line: str) -> None:
        key = self.source.signer.verifier_key()
        cosigner = self.reader.signer.verifier_key()
        receive_cosignature(
            self.source.stores.own, key, cosigner, size=size, line=line, now=int(time.time())
        )


@dataclass
class Side:
    """One node with its clock, screen and outbox."""

    node: Node
    clock: SettableClock
    outbox: Outbox

    @property
    def party(self) -> str:
        return self.node.party

    def begin(self) -> AbstractContextManager[RecordsPorts]:
        return open_records(self.node.stores.engine)

    def mirror_from(self, other: Side) -> None:
        """Fetch, verify and store the other side's log, then cosign it (real mirroring)."""
        ports = MirrorPorts(
            remote=LocalPeer(other.node, self.node),
            book=self.node.stores.book,
            mirror=self.node.stores.log_named(f"peer:{other.party}"),
            signer=self.node.signer,
            clock=lambda: int(time.time()),
        )
        mirror_once(other.party, ports)


def make_side(home: Path, party: str, database_url: str | None = None) -> Side:
    node = make_node(home, party, database_url)
    clock = SettableClock(START)
    screen = RegistryAndListsScreen(lambda on: PartyIndex([LISTED]), Thresholds(0.85, 0.7))
    outbox = Outbox(
        begin=lambda: open_records(node.stores.engine),
        book=node.stores.book,
        logs=node.stores.log_named,
        clock=clock,
        policy=POLICY,
        screen=screen,
        record_log=SqlRecordLog(node.stores.own),
    )
    return Side(node, clock, outbox)


def make_pair(tmp_path: Path, database_url: str | None = None) -> Iterator[tuple[Side, Side]]:
    a = make_side(tmp_path / "a", "us", database_url)
    b = make_side(tmp_path / "b", "cn")
    pair(a.node, "http://a.test", b.node, "http://b.test")
    try:
        yield a, b
    finally:
        a.node.stores.close()
        b.node.stores.close()


def today(side: Side) -> date:
    return side.clock().date()
