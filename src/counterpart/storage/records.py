"""Drafts, the projection of both logs' records, and evidence files, over one transaction.

`open_records(engine)` is one unit of work: everything a request writes commits together or
not at all, so a refused request leaves nothing partial behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, RowMapping

from counterpart.domain.errors import Conflict
from counterpart.domain.records import RecordType
from counterpart.storage.log import LogStore
from counterpart.storage.log_tables import log_entry
from counterpart.storage.tables import metadata
from counterpart.storage.users import SqlAuditTrail, to_utc
from counterpart.workflows.access_model import AuditEvent, AuditQuery, Page
from counterpart.workflows.coordination_ports import (
    Draft,
    DraftQuery,
    EvidenceFile,
    RecordEntry,
    RecordQuery,
    RecordsPorts,
)
from counterpart.workflows.record_states import PENDING_STATES

record_draft = sa.Table(
    "record_draft",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("party", sa.String(64), nullable=False, index=True),
    sa.Column("record_type", sa.String(40), nullable=False),
    sa.Column("content", sa.JSON, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

record_entry = sa.Table(
    "record_entry",
    metadata,
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("log", sa.String(200), nullable=False),
    sa.Column("idx", sa.BigInteger, nullable=False),
    sa.Column("leaf_hash", sa.String(64), nullable=False, index=True),
    sa.Column("record_type", sa.String(40), nullable=False),
    sa.Column("author", sa.String(64), nullable=False),
    sa.Column("addressed_to", sa.String(64), nullable=False),
    sa.Column("sequence", sa.BigInteger, nullable=False),
    sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("state", sa.String(40), nullable=False, index=True),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("content", sa.JSON, nullable=False),
    sa.Column("deadline", sa.Date, nullable=True, index=True),
    sa.Column("waiting_on", sa.String(64), nullable=True),
    sa.Column("flagged", sa.Boolean, nullable=False),
    sa.Column("target_log", sa.String(200), nullable=True),
    sa.Column("target_idx", sa.BigInteger, nullable=True),
    sa.Column("anomaly", sa.Text, nullable=True),
    sa.Column("anomaly_message", sa.JSON, nullable=True),  # migration 0008
    sa.UniqueConstraint("log", "idx", name="uq_record_entry_log_idx"),
    sa.Index("ix_record_entry_target", "target_log", "target_idx"),
    # The lists' total and pages, by type and visible party (migration 0007).
    sa.Index("ix_record_entry_type_parties", "record_type", "author", "addressed_to"),
)

record_cursor = sa.Table(
    "record_cursor",
    metadata,
    sa.Column("log", sa.String(200), primary_key=True),
    sa.Column("next_idx", sa.BigInteger, nullable=False),
)

evidence_file = sa.Table(
    "evidence_file",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("party", sa.String(64), nullable=False),
    sa.Column("media_type", sa.String(200), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


# The statements of every filing and read, built once: building one (and its cache key) per
# call costs more CPU than compiling it, which SQLAlchemy caches anyway.
_ENTRY_AT = sa.select(record_entry).where(
    record_entry.c.log == sa.bindparam("at_log"), record_entry.c.idx == sa.bindparam("at_idx")
)
_CURSOR_OF = sa.select(record_cursor.c.next_idx).where(
    record_cursor.c.log == sa.bindparam("at_log")
)
_CURSORS_OF = sa.select(record_cursor.c.log, record_cursor.c.next_idx).where(
    record_cursor.c.log.in_(sa.bindparam("logs", expanding=True))
)
_MOVE_CURSOR = (
    record_cursor.update()
    .where(record_cursor.c.log == sa.bindparam("at_log"))
    .values(next_idx=sa.bindparam("next_idx"))
)
_LOG: sa.BindParameter[str] = sa.bindparam("at_log")
_FIRST_UNPROJECTED = (
    sa.select(log_entry.c.idx)
    .where(log_entry.c.log == _LOG, log_entry.c.idx >= sa.bindparam("start"))
    .where(
        ~sa.select(record_entry.c.position)
        .where(record_entry.c.log == _LOG, record_entry.c.idx == log_entry.c.idx)
        .exists()
    )
    .limit(1)
)
_ADD_ENTRY = {  # INSERT ... ON CONFLICT DO NOTHING, in each dialect
    name: insert(record_entry)
    .on_conflict_do_nothing(index_elements=["log", "idx"])
    .returning(*record_entry.c)
    for name, insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}
_ADVANCE_CURSOR = (
    record_cursor.update()
    .where(
        record_cursor.c.log == sa.bindparam("at_log"),
        record_cursor.c.next_idx == sa.bindparam("at_idx"),
    )
    .values(next_idx=sa.bindparam("at_idx") + 1)
)
_FIRST_CURSOR = {  # the cursor at 1, unless the log has one already
    name: insert(record_cursor).on_conflict_do_nothing(index_elements=["log"])
    for name, insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}


@contextmanager
def open_records(engine: Engine) -> Iterator[SqlRecords]:
    """One unit of work over drafts, the record projection, evidence and the audit trail."""
    with engine.begin() as connection:
        yield SqlRecords(connection)


class SqlRecordLog:
    """This node's own log, appending a record and projecting it in one transaction."""

    def __init__(self, store: LogStore) -> None:
        self.store = store

    def append_projected(
        self,
        counter: str,
        make_entry: Callable[[int], bytes],
        project: Callable[[RecordsPorts, int], None],
    ) -> int:
        """Append the numbered entry; `project(ports, index)` writes in the same transaction."""
        return self.store.append_numbered(
            counter, make_entry, lambda connection, index: project(SqlRecords(connection), index)
        )


class SqlRecords:
    """The coordination ports (drafts, record book, evidence, audit) on one connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._audit = SqlAuditTrail(connection)

    def record(self, event: AuditEvent) -> None:
        self._audit.record(event)

    def query(self, query: AuditQuery) -> Page[AuditEvent]:
        return self._audit.query(query)

    def add_draft(self, draft: Draft) -> None:
        values = asdict(draft) | {"record_type": draft.record_type.value}
        self.connection.execute(record_draft.insert().values(**values))

    def get_draft(self, draft_id: str) -> Draft | None:
        row = self.connection.execute(
            sa.select(record_draft).where(record_draft.c.id == draft_id)
        ).first()
        return None if row is None else _to_draft(row._mapping)

    def replace_draft(self, draft: Draft, expected_version: int) -> None:
        values = asdict(draft) | {"record_type": draft.record_type.value}
        result = self.connection.execute(
            record_draft.update()
            .where(record_draft.c.id == draft.id, record_draft.c.version == expected_version)
            .values(**values)
        )
        if result.rowcount != 1:
            raise Conflict(f"draft {draft.id} was changed meanwhile; reload it", where="version")

    def delete_draft(self, draft_id: str) -> None:
        self.connection.execute(record_draft.delete().where(record_draft.c.id == draft_id))

    def list_drafts(self, query: DraftQuery) -> Page[Draft]:
        conditions = [record_draft.c.party == query.party]
        if query.record_type is not None:
            conditions.append(record_draft.c.record_type == query.record_type.value)
        total = self.connection.execute(
            sa.select(sa.func.count()).select_from(record_draft).where(*conditions)
        ).scalar_one()
        rows = self.connection.execute(
            sa.select(record_draft)
            .where(*conditions)
            .order_by(record_draft.c.updated_at.desc(), record_draft.c.id)
            .limit(query.limit)
            .offset(query.offset)
        )
        items = tuple(_to_draft(row._mapping) for row in rows)
        return Page(items=items, total=total, limit=query.limit, offset=query.offset)

    def next_index(self, log: str) -> int:
        value = self.connection.execute(_CURSOR_OF, {"at_log": log}).scalar()
        return 0 if value is None else int(value)

    def set_next_index(self, log: str, index: int) -> None:
        updated = self.connection.execute(_MOVE_CURSOR, {"at_log": log, "next_idx": index})
        if updated.rowcount == 0:
            self.connection.execute(record_cursor.insert(), {"log": log, "next_idx": index})

    def advance_cursor(self, log: str, index: int) -> None:
        """Move the cursor of `log` past `index` if `index` is next in line: one statement."""
        moved = self.connection.execute(_ADVANCE_CURSOR, {"at_log": log, "at_idx": index})
        if moved.rowcount == 0 and index == 0:  # no cursor yet means 0 is next
            insert = _FIRST_CURSOR[self.connection.dialect.name]
            self.connection.execute(insert, {"log": log, "next_idx": 1})

    def has_unprojected(self, logs: Sequence[str]) -> bool:
        """Whether one of `logs` holds an entry past its cursor that is not projected yet.

        Filings project their own record at once but move the cursor only when they are next
        in line, so a cursor behind the log is common under load; this tells a read whether
        a refresh has anything to do, in one connection and a few indexed lookups.
        """
        rows = self.connection.execute(_CURSORS_OF, {"logs": list(logs)})
        cursors = {row.log: int(row.next_idx) for row in rows}
        for log in logs:
            start = {"at_log": log, "start": cursors.get(log, 0)}
            if self.connection.execute(_FIRST_UNPROJECTED, start).first() is not None:
                return True
        return False

    def add_entry(self, entry: RecordEntry) -> RecordEntry | None:
        """Project a record once: the entry as stored, with its position; None when
        (log, index) is already projected."""
        insert = _ADD_ENTRY[self.connection.dialect.name]
        row = self.connection.execute(insert, _from_entry(entry)).first()
        return None if row is None else _to_entry(row._mapping)

    def get_entry(self, log: str, index: int) -> RecordEntry | None:
        row = self.connection.execute(_ENTRY_AT, {"at_log": log, "at_idx": index}).first()
        return None if row is None else _to_entry(row._mapping)

    def set_state(self, key: tuple[str, int], state: str, waiting_on: str | None) -> None:
        self.connection.execute(
            record_entry.update()
            .where(record_entry.c.log == key[0], record_entry.c.idx == key[1])
            .values(state=state, waiting_on=waiting_on)
        )

    def answers_to(self, key: tuple[str, int]) -> list[RecordEntry]:
        rows = self.connection.execute(
            sa.select(record_entry)
            .where(record_entry.c.target_log == key[0], record_entry.c.target_idx == key[1])
            .order_by(record_entry.c.position)
        )
        return [_to_entry(row._mapping) for row in rows]

    def list_entries(self, query: RecordQuery) -> Page[RecordEntry]:
        conditions = _entry_conditions(query)
        total = self.connection.execute(
            sa.select(sa.func.count()).select_from(record_entry).where(*conditions)
        ).scalar_one()
        if query.after is not None:
            conditions.append(record_entry.c.position < query.after)
        rows = self.connection.execute(
            sa.select(record_entry)
            .where(*conditions)
            .order_by(record_entry.c.position.desc())
            .limit(query.limit)
            .offset(0 if query.after is not None else query.offset)
        )
        items = tuple(_to_entry(row._mapping) for row in rows)
        return Page(items=items, total=total, limit=query.limit, offset=query.offset)

    def pending(self, visible_to: str, until: date) -> list[RecordEntry]:
        column = record_entry.c
        rows = self.connection.execute(
            sa.select(record_entry)
            .where(
                sa.or_(column.author == visible_to, column.addressed_to == visible_to),
                column.state.in_(PENDING_STATES),
                column.deadline.is_not(None),
                column.deadline <= until,
            )
            .order_by(column.deadline, column.position)
        )
        return [_to_entry(row._mapping) for row in rows]

    def add_evidence(self, file: EvidenceFile, data: bytes) -> bool:
        """Keep an evidence file; False when the same bytes were already kept."""
        exists = self.connection.execute(
            sa.select(evidence_file.c.sha256).where(evidence_file.c.sha256 == file.sha256)
        ).first()
        if exists is not None:
            return False
        self.connection.execute(evidence_file.insert().values(**asdict(file), data=data))
        return True

    def get_evidence(self, sha256: str) -> EvidenceFile | None:
        columns = [c for c in evidence_file.c if c.name != "data"]
        row = self.connection.execute(
            sa.select(*columns).where(evidence_file.c.sha256 == sha256)
        ).first()
        if row is None:
            return None
        values = dict(row._mapping)
        values["created_at"] = to_utc(values["created_at"])
        return EvidenceFile(**values)


def _entry_conditions(query: RecordQuery) -> list[sa.ColumnElement[bool]]:
    column = record_entry.c
    party = query.visible_to
    conditions = [sa.or_(column.author == party, column.addressed_to == party)]
    if query.record_type is not None:
        conditions.append(column.record_type == query.record_type.value)
    if query.state is not None:
        conditions.append(column.state == query.state)
    if query.party is not None:
        conditions.append(column.author == query.party)
    if query.direction == "sent":
        conditions.append(column.log == "self")
    elif query.direction == "received":
        conditions.append(column.log != "self")
    if query.flagged is not None:
        conditions.append(column.flagged == query.flagged)
    if query.since is not None:
        conditions.append(column.claimed_at >= _midnight(query.since))
    if query.until is not None and query.until < date.max:  # until date.max: no upper bound
        conditions.append(column.claimed_at < _midnight(query.until + timedelta(days=1)))
    return conditions


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _from_entry(entry: RecordEntry) -> dict[str, Any]:
    values = asdict(entry)
    values.pop("position")
    values["idx"] = values.pop("index")
    values["target_idx"] = values.pop("target_index")
    values["record_type"] = entry.record_type.value
    return values


def _to_entry(row: RowMapping) -> RecordEntry:
    values = dict(row)
    values["index"] = values.pop("idx")
    values["target_index"] = values.pop("target_idx")
    values["record_type"] = RecordType(values["record_type"])
    values["claimed_at"] = to_utc(values["claimed_at"])
    return RecordEntry(**values)


def _to_draft(row: RowMapping) -> Draft:
    values = dict(row)
    values["record_type"] = RecordType(values["record_type"])
    values["created_at"] = to_utc(values["created_at"])
    values["updated_at"] = to_utc(values["updated_at"])
    return Draft(**values)
