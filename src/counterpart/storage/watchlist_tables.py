"""Tables of watchlist snapshots and entry versions, and an entry's canonical JSON body."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa

from counterpart.domain.parties import Identifier, ListEntry, Schema
from counterpart.storage.tables import metadata
from counterpart.watchlists.listing_history import Period
from counterpart.workflows.watchlist_loading import FileDigest, SnapshotInfo

watchlist_snapshot = sa.Table(
    "watchlist_snapshot",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("list_id", sa.String(200), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("source_format", sa.String(20), nullable=False),
    sa.Column("files", sa.JSON, nullable=False),
    sa.Column("files_digest", sa.String(64), nullable=False),
    sa.Column("entry_count", sa.Integer, nullable=False),
    sa.Column("error_count", sa.Integer, nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("list_id", "as_of", name="uq_watchlist_snapshot_list_as_of"),
)

watchlist_entry_version = sa.Table(
    "watchlist_entry_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("list_id", sa.String(200), nullable=False),
    sa.Column("entry_id", sa.String(400), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("stated_listed", sa.Date, nullable=True),
    sa.Column("stated_delisted", sa.Date, nullable=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.UniqueConstraint(
        "list_id", "entry_id", "content_hash", name="uq_watchlist_entry_version_content"
    ),
)

watchlist_snapshot_entry = sa.Table(
    "watchlist_snapshot_entry",
    metadata,
    sa.Column(
        "snapshot_id",
        sa.Integer,
        sa.ForeignKey("watchlist_snapshot.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "version_id",
        sa.Integer,
        sa.ForeignKey("watchlist_entry_version.id"),
        primary_key=True,
        index=True,
    ),
)


def to_body(entry: ListEntry) -> str:
    """The canonical JSON of an entry's content (its list and id are columns)."""
    body = {
        "schema": entry.schema.value,
        "names": entry.names,
        "identifiers": [
            [i.kind, i.value, i.country, i.currency, i.valid] for i in entry.identifiers
        ],
        "birth_dates": entry.birth_dates,
        "countries": entry.countries,
        "addresses": entry.addresses,
        "programs": entry.programs,
        "remarks": entry.remarks,
        "listed": entry.listed.isoformat() if entry.listed else None,
        "delisted": entry.delisted.isoformat() if entry.delisted else None,
        "extra": entry.extra,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_body(list_id: str, entry_id: str, body: str, period: Period | None) -> ListEntry:
    """The ListEntry of a stored version, with listed/delisted from its period."""
    data: dict[str, Any] = json.loads(body)
    return ListEntry(
        list_id=list_id,
        entry_id=entry_id,
        schema=Schema(data["schema"]),
        names=tuple(data["names"]),
        identifiers=tuple(Identifier(*fields) for fields in data["identifiers"]),
        birth_dates=tuple(data["birth_dates"]),
        countries=tuple(data["countries"]),
        addresses=tuple(data["addresses"]),
        programs=tuple(data["programs"]),
        remarks=data["remarks"],
        listed=period.start if period else None,
        delisted=period.end if period else None,
        extra={key: tuple(values) for key, values in data["extra"].items()},
    )


def content_hash(body: str) -> str:
    """SHA-256 of an entry's canonical JSON."""
    return hashlib.sha256(body.encode()).hexdigest()


def to_snapshot_info(row: sa.Row[Any]) -> SnapshotInfo:
    """A snapshot row as the workflow's SnapshotInfo."""
    return SnapshotInfo(
        list_id=row.list_id,
        as_of=row.as_of,
        source_format=row.source_format,
        files=tuple(FileDigest(name, sha) for name, sha in row.files),
        entry_count=row.entry_count,
        error_count=row.error_count,
    )
