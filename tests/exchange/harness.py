"""Nodes for the exchange tests: a real home, database, key and app per node."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from counterpart.exchange.keys import create_key_file
from counterpart.exchange.peer import PeerClient
from counterpart.ledger.note import NoteSigner
from counterpart.settings import Settings
from counterpart.storage.log_node import NodeStores, open_node_stores
from counterpart.web import create_app
from counterpart.workflows.log_append import append_entries, sign_checkpoint
from counterpart.workflows.node_setup import add_peer, init_node
from counterpart.workflows.witness import mirror_log_name


@dataclass
class Node:
    """One node: its settings, stores and key."""

    party: str
    settings: Settings
    stores: NodeStores
    signer: NoteSigner

    @property
    def vkey(self) -> str:
        return self.signer.verifier_key().to_vkey()

    def mirror_of(self, peer: Node) -> str:
        return mirror_log_name(peer.party)

    def append(self, count: int, start: int | None = None) -> None:
        first = self.stores.own.size() if start is None else start
        entries = [entry_bytes(self.party, i) for i in range(first, first + count)]
        append_entries(self.stores.own, entries)
        sign_checkpoint(self.stores.own, self.signer)


def entry_bytes(party: str, index: int) -> bytes:
    """The bytes of test entry `index` of `party`'s log (known from the index alone)."""
    return f'{{"author":"{party}","n":{index}}}'.encode()


def make_node(home: Path, party: str, database_url: str | None = None) -> Node:
    settings = Settings(home=home, environment="test", database_url=database_url)
    stores = open_node_stores(settings)
    signer = init_node(stores.book, party, f"{party} node", lambda o: create_key_file(settings, o))
    return Node(party, settings, stores, signer)


def pair(a: Node, a_url: str, b: Node, b_url: str) -> None:
    """Register each node as the other's peer."""
    add_peer(a.stores.book, b.party, b_url, b.vkey)
    add_peer(b.stores.book, a.party, a_url, a.vkey)


def app_client(node: Node, base_url: str) -> TestClient:
    return TestClient(create_app(node.settings), base_url=base_url)


def peer_client(caller: Node, http: httpx.Client, retries: int = 0) -> PeerClient:
    """`caller`'s signed client of the node served by `http`."""
    return PeerClient(
        str(http.base_url), caller.signer, http=http, retries=retries, sleep=lambda _: None
    )
