"""Repository of one named log: entry bytes, stored subtree hashes, checkpoints, cosignatures.

Appends are one transaction each (a batch is one transaction), committed durably before the
caller gets the indices back, and serialised across processes: on PostgreSQL by a
transaction-scoped advisory lock on the log, on SQLite by the database write lock, which
the first statement takes. Proof hashes come from the stored perfect subtrees.

On PostgreSQL a plain append whose cached frontier is current is one statement in one round
trip: it takes the log's lock, inserts the entries and their completed subtree hashes, and
commits (autocommit: the statement is its own transaction, durable before the server answers).
The entry's primary key guards the cache: if another process appended meanwhile, the insert
of an index already taken fails, nothing is stored, and the append falls back to the locked
path, which reads the size and reloads the frontier.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from counterpart.domain.errors import Conflict, NotFound, TamperDetected
from counterpart.ledger.tree import Frontier, hash_leaf
from counterpart.storage.log_tables import log_checkpoint, log_cosignature, log_entry, log_hash
from counterpart.storage.tables import node_meta
from counterpart.storage.users import SqlAuditTrail
from counterpart.workflows.access_model import AuditEvent
from counterpart.workflows.log_ports import StoredCheckpoint, StoredCosignature


class LogStore:
    """Entries and hashes of the log named `log` in the node's database."""

    def __init__(self, engine: Engine, log: str) -> None:
        self.engine = engine
        self.log = log
        self._lock = threading.Lock()
        self._frontier: Frontier | None = None

    def size(self) -> int:
        with self.engine.connect() as connection:
            return self._size(connection)

    def _size(self, connection: Connection) -> int:
        query = sa.select(sa.func.max(log_entry.c.idx)).where(log_entry.c.log == self.log)
        last = connection.execute(query).scalar()
        return 0 if last is None else int(last) + 1

    def _load_frontier(self, connection: Connection, size: int) -> Frontier:
        cached = self._frontier
        if cached is not None and cached.size == size:
            return Frontier(cached.size, cached.hashes)
        return Frontier.from_store(_BoundHashes(self, connection, size), size)

    def frontier(self) -> Frontier:
        """The right edge of the stored tree (to preview a root before storing)."""
        with self.engine.connect() as connection:
            return self._load_frontier(connection, self._size(connection))

    def append(self, entries: Sequence[bytes]) -> int:
        """Store `entries` in one durable transaction; returns the index of the first one."""
        if entries and self.engine.dialect.name == "postgresql":
            with self._lock:
                first = self._append_one_statement(entries)
            if first is not None:
                return first
        return self._append_locked(lambda _connection: entries)

    def _append_one_statement(self, entries: Sequence[bytes]) -> int | None:
        """PostgreSQL: append in one autocommitted statement from the cached frontier.

        None when there is no cached frontier, or when another writer moved the log since it
        was cached (the statement then stores nothing and the cache is dropped).
        """
        cached = self._frontier
        if cached is None:
            return None
        frontier = Frontier(cached.size, cached.hashes)
        autocommit = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            with autocommit as connection:
                first = _insert_entries(connection, self.log, frontier, entries, lock=True)
        except sa.exc.IntegrityError:
            self._frontier = None
            return None
        self._frontier = frontier
        return first

    def append_numbered(
        self,
        counter: str,
        make_entry: Callable[[int], bytes],
        then: Callable[[Connection, int], None] | None = None,
        audit: Callable[[int], AuditEvent] | None = None,
    ) -> int:
        """Append `make_entry(n)`, n the next value of `counter`, in one durable transaction.

        The counter (a node metadata key) moves in the same transaction as the entry, under
        the log's lock: two processes never take the same number, and a number is used only
        if its entry is committed. `then(connection, index)` runs in that transaction too
        (whatever it writes commits with the entry, or nothing does), and so does the audit
        row `audit(index)`. Returns the index.
        """
        if audit is not None:
            then = _with_audit_row(then, audit)

        def numbered(connection: Connection) -> list[bytes]:
            value = _next_counter(connection, counter)
            return [make_entry(value)]

        return self._append_locked(numbered, then)

    def _append_locked(
        self,
        make: Callable[[Connection], Sequence[bytes]],
        then: Callable[[Connection, int], None] | None = None,
    ) -> int:
        with self._lock:
            cached = self._frontier
            try:
                return self._append_transaction(make, then, cached)
            except sa.exc.IntegrityError as exc:
                if cached is None:
                    raise Conflict("another writer appended to the log", where=self.log) from exc
            # The cached frontier was stale (another process appended): once more, with the
            # size read under the lock and the frontier reloaded from the stored hashes.
            self._frontier = None
            try:
                return self._append_transaction(make, then, None)
            except sa.exc.IntegrityError as exc:
                raise Conflict("another writer appended to the log", where=self.log) from exc

    def _append_transaction(
        self,
        make: Callable[[Connection], Sequence[bytes]],
        then: Callable[[Connection, int], None] | None,
        cached: Frontier | None,
    ) -> int:
        """One durable transaction under the log's lock; the frontier is cached on commit.

        With a cached frontier the size is not read: the entries go at the cached size, and
        the entry's primary key refuses them if another process appended since (the caller
        then tries again without the cache). The cache is copied, never mutated, so a failed
        transaction leaves it describing the committed rows.
        """
        with self.engine.begin() as connection:
            _lock_log(connection, self.log)
            entries = make(connection)
            if cached is None:
                frontier = self._load_frontier(connection, self._size(connection))
            else:
                frontier = Frontier(cached.size, cached.hashes)
            first = frontier.size
            if entries:
                _insert_entries(connection, self.log, frontier, entries, lock=False)
            if then is not None:
                then(connection, first)
        self._frontier = frontier
        return first

    def entries(self, start: int, end: int) -> list[bytes]:
        """The entry bytes at indices [start, end), in order; NotFound past the end."""
        query = (
            sa.select(log_entry.c.idx, log_entry.c.data)
            .where(log_entry.c.log == self.log, log_entry.c.idx >= start, log_entry.c.idx < end)
            .order_by(log_entry.c.idx)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        if len(rows) != end - start or any(row.idx != start + i for i, row in enumerate(rows)):
            raise NotFound(f"entries [{start}, {end}) are not all in the log", where=self.log)
        return [bytes(row.data) for row in rows]

    def iter_entries(self, end: int, batch: int = 5000) -> Iterator[bytes]:
        """Every entry below `end`, read in batches."""
        for start in range(0, end, batch):
            yield from self.entries(start, min(end, start + batch))

    def tree_size(self) -> int:
        """HashStore: the number of leaves stored."""
        return self.size()

    def subtree_hash(self, level: int, index: int) -> bytes:
        """HashStore: the stored hash of the perfect subtree at (`level`, `index`)."""
        with self.engine.connect() as connection:
            return _read_hash(connection, self.log, level, index)

    def stored_leaf_hashes(self, start: int, end: int) -> list[bytes]:
        """The level-0 hashes as stored, to compare with hashes recomputed from the bytes."""
        query = (
            sa.select(log_hash.c.idx, log_hash.c.hash)
            .where(log_hash.c.log == self.log, log_hash.c.level == 0)
            .where(log_hash.c.idx >= start, log_hash.c.idx < end)
            .order_by(log_hash.c.idx)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        if [row.idx for row in rows] != list(range(start, end)):
            raise TamperDetected(f"leaf hashes in [{start}, {end}) are missing", where=self.log)
        return [bytes(row.hash) for row in rows]

    def add_checkpoint(
        self, size: int, root: bytes, note: str, status: str, now: datetime | None = None
    ) -> None:
        """Keep a checkpoint (seen or signed) once; a later verification can mark it ok."""
        key = {"log": self.log, "size": size, "root": root, "note": note}
        row = {**key, "status": status, "seen_at": now or datetime.now(UTC)}
        try:
            with self.engine.begin() as connection:
                connection.execute(log_checkpoint.insert().values(**row))
            return
        except sa.exc.IntegrityError:
            if status != "ok":
                return
        same = [getattr(log_checkpoint.c, name) == value for name, value in key.items()]
        with self.engine.begin() as connection:
            connection.execute(log_checkpoint.update().where(*same).values(status="ok"))

    def checkpoints(self, status: str | None = None) -> list[StoredCheckpoint]:
        """Every checkpoint kept for this log, oldest first."""
        query = sa.select(log_checkpoint).where(log_checkpoint.c.log == self.log)
        if status is not None:
            query = query.where(log_checkpoint.c.status == status)
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(log_checkpoint.c.id)).all()
        return [StoredCheckpoint(r.size, bytes(r.root), r.note, r.status, r.seen_at) for r in rows]

    def latest_checkpoint(self, status: str = "ok") -> StoredCheckpoint | None:
        """The largest checkpoint with `status`, or None."""
        kept = self.checkpoints(status)
        return max(kept, key=lambda c: (c.size, c.seen_at)) if kept else None

    def add_cosignature(self, cosignature: StoredCosignature) -> bool:
        """Keep a cosignature line; False when that exact line was already kept."""
        row = {
            "log": self.log,
            "size": cosignature.size,
            "root": cosignature.root,
            "signer": cosignature.signer,
            "line": cosignature.line,
            "timestamp": cosignature.timestamp,
        }
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    log_cosignature.insert().values(**row, received_at=datetime.now(UTC))
                )
        except sa.exc.IntegrityError:
            return False
        return True

    def cosignatures(self, size: int | None = None) -> list[StoredCosignature]:
        """Cosignatures kept for this log (for one size, or all), oldest first."""
        query = sa.select(log_cosignature).where(log_cosignature.c.log == self.log)
        if size is not None:
            query = query.where(log_cosignature.c.size == size)
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(log_cosignature.c.id)).all()
        return [
            StoredCosignature(r.size, bytes(r.root), r.signer, r.line, r.timestamp) for r in rows
        ]


def _lock_log(connection: Connection, log: str) -> None:
    """Hold the log's append lock until the transaction ends.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: the database write lock, taken
    by a write that changes nothing, so that the size read next is not already stale (the
    driver starts its transaction at the first write, and a read before it would not wait
    for another process's append).
    """
    if connection.dialect.name == "postgresql":
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_lock_key(log))))
    else:
        connection.execute(
            node_meta.update().where(node_meta.c.key == f"log-lock:{log}").values(value="")
        )


def _lock_key(log: str) -> int:
    """The PostgreSQL advisory lock key of the log named `log` (a signed 32-bit value)."""
    return zlib.crc32(f"counterpart-log:{log}".encode()) - 2**31


def _next_counter(connection: Connection, key: str) -> int:
    """Move the node metadata counter `key` one up, inside the caller's transaction.

    One statement, a write (on SQLite it takes the write lock before anything is read).
    """
    moved = connection.execute(
        node_meta.update()
        .where(node_meta.c.key == key)
        .values(value=sa.cast(sa.cast(node_meta.c.value, sa.BigInteger) + 1, sa.Text))
        .returning(node_meta.c.value)
    ).scalar()
    if moved is not None:
        return int(moved)
    connection.execute(node_meta.insert().values(key=key, value="1"))
    return 1


def _read_hash(connection: Connection, log: str, level: int, index: int) -> bytes:
    query = sa.select(log_hash.c.hash).where(
        log_hash.c.log == log, log_hash.c.level == level, log_hash.c.idx == index
    )
    value = connection.execute(query).scalar()
    if value is None:
        raise TamperDetected(
            f"the stored hash at level {level}, index {index} is missing", where=log
        )
    return bytes(value)


class _BoundHashes:
    """A HashStore over one open connection, for reads inside a transaction."""

    def __init__(self, store: LogStore, connection: Connection, size: int) -> None:
        self.store, self.connection, self.size = store, connection, size

    def tree_size(self) -> int:
        return self.size

    def subtree_hash(self, level: int, index: int) -> bytes:
        return _read_hash(self.connection, self.store.log, level, index)


def _insert_entries(
    connection: Connection, log: str, frontier: Frontier, entries: Sequence[bytes], *, lock: bool
) -> int:
    """Insert `entries` at the frontier's size with every subtree hash they complete.

    Moves `frontier` past them and returns the first index. On PostgreSQL this is one
    statement (with `lock`, it takes the log's advisory lock first, in its FROM item, before
    any row is produced); the hash rows are joined to the entry insert's output, so they are
    written after it, in the same statement. Only placeholders are spliced into the text.
    """
    first = frontier.size
    hashes = [h for data in entries for h in frontier.append(hash_leaf(data))]
    entry_rows = [(log, first + offset, data) for offset, data in enumerate(entries)]
    hash_rows = [(log, h.level, h.index, h.hash) for h in hashes]
    if connection.dialect.name != "postgresql":
        connection.exec_driver_sql(
            "INSERT INTO log_entry (log, idx, data) VALUES (?, ?, ?)", entry_rows
        )
        connection.exec_driver_sql(
            "INSERT INTO log_hash (log, level, idx, hash) VALUES (?, ?, ?, ?)", hash_rows
        )
        return first
    locked = "(SELECT pg_advisory_xact_lock(%s::bigint)) AS locked, " if lock else ""
    entry_values = ", ".join(["(%s, %s::bigint, %s::bytea)"] * len(entry_rows))
    hash_values = ", ".join(["(%s, %s::smallint, %s::bigint, %s::bytea)"] * len(hash_rows))
    statement = (
        "WITH entry AS (INSERT INTO log_entry (log, idx, data)"  # noqa: S608
        f" SELECT v.* FROM {locked}(VALUES {entry_values}) AS v RETURNING idx)"
        " INSERT INTO log_hash (log, level, idx, hash)"
        f" SELECT v.* FROM (VALUES {hash_values}) AS v"
        " WHERE EXISTS (SELECT FROM entry)"
    )
    parameters: list[object] = [_lock_key(log)] if lock else []
    for row in (*entry_rows, *hash_rows):
        parameters.extend(row)
    connection.exec_driver_sql(statement, tuple(parameters))
    return first


def _with_audit_row(
    then: Callable[[Connection, int], None] | None, audit: Callable[[int], AuditEvent]
) -> Callable[[Connection, int], None]:
    """`then`, followed by the audit row of the append, on the append's connection."""

    def both(connection: Connection, index: int) -> None:
        if then is not None:
            then(connection, index)
        SqlAuditTrail(connection).record(audit(index))

    return both
