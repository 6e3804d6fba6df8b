"""A node (party US, peer CN) served in process, with users of each role of both parties."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from counterpart.exchange.keys import create_key_file
from counterpart.ledger.note import NoteSigner
from counterpart.settings import Settings
from counterpart.storage.log_node import open_node_stores
from counterpart.workflows.access_model import Role
from counterpart.workflows.node_setup import add_peer, init_node
from tests.web.auth_node import WebNode, open_web_node


def open_records_node(tmp_path: Path, database_url: str, **overrides: object) -> Iterator[WebNode]:
    """Users admin/approver/analyst/viewer (US) and cn-admin... cn-viewer (CN) on node us."""
    for web in open_web_node(tmp_path, database_url, **overrides):
        initialise(web.app.state.settings, web)
        for role in Role:
            web.node.add_user(f"cn-{role.value}", role, party="CN")
        yield web


def initialise(settings: Settings, web: WebNode) -> None:
    """`counterpart init --party us` and `peer add cn`, as the operator does."""
    stores = open_node_stores(settings, web.node.engine)
    init_node(stores.book, "us", "US node", lambda origin: create_key_file(settings, origin))
    peer_key = NoteSigner.generate("counterpart/cn").verifier_key().to_vkey()
    add_peer(stores.book, "cn", "http://cn.test", peer_key)
