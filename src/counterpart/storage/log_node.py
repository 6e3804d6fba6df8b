"""Opens the node's stores: its database, its own log, its mirrors and its peer book."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from counterpart.settings import Settings
from counterpart.storage.database import open_database
from counterpart.storage.log import LogStore
from counterpart.storage.log_peers import PeerStore
from counterpart.storage.log_tables import OWN_LOG
from counterpart.storage.log_witnesses import WitnessStore


@dataclass
class NodeStores:
    """The repositories of one node, sharing one engine; mirrors are made once per peer."""

    engine: Engine
    own: LogStore
    book: PeerStore
    witnesses: WitnessStore
    _mirrors: dict[str, LogStore] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def log_named(self, name: str) -> LogStore:
        """The store of the log called `name` (one instance per name, so caches stay true)."""
        if name == OWN_LOG:
            return self.own
        with self._lock:
            if name not in self._mirrors:
                self._mirrors[name] = LogStore(self.engine, name)
            return self._mirrors[name]

    def close(self) -> None:
        self.engine.dispose()


def open_node_stores(settings: Settings, engine: Engine | None = None) -> NodeStores:
    """The node's stores on `engine`, or on its database (created and migrated)."""
    engine = engine or open_database(settings)
    return NodeStores(
        engine=engine,
        own=LogStore(engine, OWN_LOG),
        book=PeerStore(engine),
        witnesses=WitnessStore(engine),
    )
