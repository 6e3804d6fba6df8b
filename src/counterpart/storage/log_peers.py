"""Repository of the counterpart nodes: their keys and URLs, seen nonces, witness state, alarms."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from counterpart.domain.errors import Conflict, NotFound
from counterpart.domain.messages import Message, MessageError, from_json, to_json
from counterpart.storage.log_tables import log_alarm, peer, peer_nonce, witness_state
from counterpart.storage.tables import node_meta
from counterpart.storage.users import SqlAuditTrail
from counterpart.workflows.access_model import AuditEvent
from counterpart.workflows.log_ports import Alarm, PeerRow


class PeerStore:
    """Peers, nonces, witness state, alarms and node metadata in the node's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def set_meta(self, values: dict[str, str]) -> None:
        """Write node metadata keys (party, name, origin)."""
        with self.engine.begin() as connection:
            for key, value in values.items():
                connection.execute(node_meta.delete().where(node_meta.c.key == key))
                connection.execute(node_meta.insert().values(key=key, value=value))

    def meta(self) -> dict[str, str]:
        with self.engine.connect() as connection:
            return {row.key: row.value for row in connection.execute(sa.select(node_meta))}

    def add_peer(self, row: PeerRow, event: AuditEvent | None = None) -> None:
        """Register a peer; re-adding the same name replaces its URL and key. The audit row
        `event`, if any, commits with it."""
        with self.engine.begin() as connection:
            if event is not None:
                SqlAuditTrail(connection).record(event)
            connection.execute(peer.delete().where(peer.c.name == row.name))
            connection.execute(
                peer.insert().values(
                    name=row.name, url=row.url, vkey=row.vkey, added_at=datetime.now(UTC)
                )
            )

    def peers(self) -> list[PeerRow]:
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(peer).order_by(peer.c.name)).all()
        return [PeerRow(r.name, r.url, r.vkey) for r in rows]

    def require_peer(self, name: str) -> PeerRow:
        for row in self.peers():
            if row.name == name:
                return row
        raise NotFound(f"no peer named {name!r}; add it with `counterpart peer add`")

    def remember(self, key_id: str, nonce: str, created: int) -> bool:
        """NonceStore: False when this key already used this nonce (a replay)."""
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    peer_nonce.insert().values(key_name=key_id, nonce=nonce, created=created)
                )
        except sa.exc.IntegrityError:
            return False
        return True

    def forget_nonces_before(self, created: int) -> None:
        """Drop nonces older than the signature age limit: those requests are refused anyway."""
        with self.engine.begin() as connection:
            connection.execute(peer_nonce.delete().where(peer_nonce.c.created < created))

    def witness_state(self, origin: str) -> tuple[int, bytes] | None:
        """(size, root) this node last cosigned for `origin`, or None."""
        query = sa.select(witness_state).where(witness_state.c.origin == origin)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else (int(row.size), bytes(row.root))

    def advance_witness_state(self, origin: str, old_size: int, size: int, root: bytes) -> None:
        """Move the state from `old_size` to (`size`, `root`) atomically, or raise Conflict."""
        stale = Conflict(f"the witness state of {origin} is no longer at size {old_size}")
        # Write first: the UPDATE takes the write lock at once, so two requests cannot both
        # read the old size and then both move it (and SQLite never upgrades a stale read).
        update = (
            witness_state.update()
            .where(witness_state.c.origin == origin, witness_state.c.size == old_size)
            .values(size=size, root=root)
        )
        try:
            with self.engine.begin() as connection:
                if connection.execute(update).rowcount == 1:
                    return
                if old_size != 0:
                    raise stale
                connection.execute(
                    witness_state.insert().values(origin=origin, size=size, root=root)
                )
        except sa.exc.IntegrityError as exc:
            raise stale from exc

    def raise_alarm(self, log: str, kind: str, message: Message | str, evidence: str) -> None:
        """Keep an alarm with its evidence (once: a mirror retrying raises it again), its
        message in English and, when it is a `Message`, as JSON for each reader's language."""
        same = sa.select(log_alarm.c.id).where(
            log_alarm.c.log == log, log_alarm.c.kind == kind, log_alarm.c.evidence == evidence
        )
        with self.engine.begin() as connection:
            if connection.execute(same).first() is not None:
                return
            connection.execute(
                log_alarm.insert().values(
                    log=log,
                    kind=kind,
                    message=message.english() if isinstance(message, Message) else message,
                    evidence=evidence,
                    raised_at=datetime.now(UTC),
                    message_json=to_json(message) if isinstance(message, Message) else None,
                )
            )

    def alarms(self) -> list[Alarm]:
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(log_alarm).order_by(log_alarm.c.id)).all()
        return [
            Alarm(r.log, r.kind, r.message, r.evidence, r.raised_at, to_said(r.message_json))
            for r in rows
        ]


def to_said(stored: object) -> Message | None:
    """An alarm's stored message; None for one stored before 0006 or unreadable."""
    if stored is None:
        return None
    try:
        said = from_json(stored)
    except MessageError:
        return None  # its English text is still there
    return said if isinstance(said, Message) else None
