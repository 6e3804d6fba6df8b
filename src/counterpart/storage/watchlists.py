"""Watchlist snapshots: entry versions stored once by content hash, listing periods derived.

A snapshot row says which list, as of which date, from which files. An entry version is
stored once per distinct content (SHA-256 of its canonical JSON); a snapshot holds its
entries as (snapshot, version) pairs, so an unchanged entry costs one small row per load.
Periods are derived when read (`counterpart.watchlists.listing_history`); the dates the
list states (CSL start/end, UN LISTED_ON, FtM Sanction dates) win when present.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from counterpart.domain.errors import Conflict, NotFound
from counterpart.domain.parties import ListEntry
from counterpart.storage.users import SqlAuditTrail
from counterpart.storage.watchlist_tables import (
    content_hash,
    from_body,
    to_body,
    to_snapshot_info,
    watchlist_entry_version,
    watchlist_snapshot,
    watchlist_snapshot_entry,
)
from counterpart.watchlists.listing_history import Presence, choose_version
from counterpart.workflows.access_model import AuditEvent
from counterpart.workflows.watchlist_loading import EntryHistory, Sighting, SnapshotInfo

BATCH = 1000


class WatchlistRepository:
    """Watchlist snapshots in the node's database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def find_snapshot(self, list_id: str, as_of: date, digest: str) -> SnapshotInfo | None:
        """The snapshot with these files for this date; Conflict if other files hold it."""
        query = sa.select(watchlist_snapshot).where(
            watchlist_snapshot.c.list_id == list_id, watchlist_snapshot.c.as_of == as_of
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        if row.files_digest != digest:
            raise Conflict(
                f"a snapshot of {list_id} as of {as_of} is already stored from other files",
                where=list_id,
            )
        return to_snapshot_info(row)

    def store_snapshot(
        self,
        snapshot: SnapshotInfo,
        digest: str,
        entries: Iterable[ListEntry],
        count_errors: Callable[[], int],
        audit: Callable[[SnapshotInfo], AuditEvent] | None = None,
    ) -> tuple[SnapshotInfo, int]:
        """Store a new snapshot in one transaction as `entries` streams in, 1,000 at a time;
        returns it and the number of new versions. `audit(stored)` commits with it."""
        try:
            with self.engine.begin() as connection:
                snapshot_id = self._insert_snapshot(connection, snapshot, digest)
                count, new = self._insert_entries(connection, snapshot, snapshot_id, entries)
                errors = count_errors()
                connection.execute(
                    watchlist_snapshot.update()
                    .where(watchlist_snapshot.c.id == snapshot_id)
                    .values(entry_count=count, error_count=errors)
                )
                stored = SnapshotInfo(
                    snapshot.list_id,
                    snapshot.as_of,
                    snapshot.source_format,
                    snapshot.files,
                    count,
                    errors,
                )
                if audit is not None:
                    SqlAuditTrail(connection).record(audit(stored))
        except sa.exc.IntegrityError as exc:
            raise Conflict(
                f"a snapshot of {snapshot.list_id} as of {snapshot.as_of} was stored meanwhile",
                where=snapshot.list_id,
            ) from exc
        return stored, new

    @staticmethod
    def _insert_snapshot(connection: Connection, snapshot: SnapshotInfo, digest: str) -> int:
        result = connection.execute(
            watchlist_snapshot.insert().returning(watchlist_snapshot.c.id),
            {
                "list_id": snapshot.list_id,
                "as_of": snapshot.as_of,
                "source_format": snapshot.source_format,
                "files": [[f.name, f.sha256] for f in snapshot.files],
                "files_digest": digest,
                "entry_count": 0,
                "error_count": snapshot.error_count,
                "loaded_at": datetime.now(UTC),
            },
        )
        return int(result.scalar_one())

    def _insert_entries(
        self,
        connection: Connection,
        snapshot: SnapshotInfo,
        snapshot_id: int,
        entries: Iterable[ListEntry],
    ) -> tuple[int, int]:
        known = self._known_versions(connection, snapshot.list_id)
        count = new = 0
        batch: list[ListEntry] = []
        for entry in entries:
            batch.append(entry)
            if len(batch) == BATCH:
                new += self._insert_batch(connection, snapshot_id, batch, known)
                count, batch = count + len(batch), []
        new += self._insert_batch(connection, snapshot_id, batch, known)
        return count + len(batch), new

    @staticmethod
    def _known_versions(connection: Connection, list_id: str) -> dict[tuple[str, str], int]:
        v = watchlist_entry_version.c
        query = sa.select(v.entry_id, v.content_hash, v.id).where(v.list_id == list_id)
        return {(r.entry_id, r.content_hash): r.id for r in connection.execute(query)}

    @staticmethod
    def _insert_batch(
        connection: Connection,
        snapshot_id: int,
        batch: list[ListEntry],
        known: dict[tuple[str, str], int],
    ) -> int:
        """Insert the batch's unseen versions and its memberships; returns the new count."""
        keyed = [(entry, body, content_hash(body)) for entry in batch for body in [to_body(entry)]]
        fresh = [(e, b, h) for e, b, h in keyed if (e.entry_id, h) not in known]
        if fresh:
            rows = [
                {
                    "list_id": e.list_id,
                    "entry_id": e.entry_id,
                    "content_hash": h,
                    "stated_listed": e.listed,
                    "stated_delisted": e.delisted,
                    "body": b,
                }
                for e, b, h in fresh
            ]
            insert = watchlist_entry_version.insert().returning(
                watchlist_entry_version.c.id, sort_by_parameter_order=True
            )
            ids = connection.execute(insert, rows).scalars().all()
            known.update({(e.entry_id, h): i for (e, _, h), i in zip(fresh, ids, strict=True)})
        if keyed:
            connection.execute(
                watchlist_snapshot_entry.insert(),
                [
                    {"snapshot_id": snapshot_id, "version_id": known[e.entry_id, h]}
                    for e, _, h in keyed
                ],
            )
        return len(fresh)

    def snapshots(self, list_id: str | None = None) -> list[SnapshotInfo]:
        """Stored snapshots, by list then date."""
        s = watchlist_snapshot.c
        query = sa.select(watchlist_snapshot).order_by(s.list_id, s.as_of)
        if list_id is not None:
            query = query.where(s.list_id == list_id)
        with self.engine.connect() as connection:
            return [to_snapshot_info(row) for row in connection.execute(query)]

    def entries_on(
        self, on: date | None, list_ids: Sequence[str] | None = None
    ) -> Iterator[ListEntry]:
        """Entries as they stood on `on`, with the listing period that holds `on`.

        `on` None means the latest snapshot of each list, every entry in it, with its last
        period. An entry is listed on a date inside one of its periods, so a date before
        the first snapshot still finds an entry whose list states an earlier listing date.
        A list id with no snapshot is NotFound, so that a mistyped list is never screened
        as an empty one.
        """
        with self.engine.connect() as connection:
            loaded = self._list_ids(connection)
            missing = [list_id for list_id in list_ids or () if list_id not in loaded]
            if missing:
                raise NotFound(f"no snapshot of {', '.join(missing)} is loaded")
            for list_id in list_ids or loaded:
                yield from self._entries_of(connection, list_id, on)

    def history(self, list_id: str, entry_id: str) -> EntryHistory:
        """One entry's listing periods and its presence in each snapshot of its list."""
        with self.engine.connect() as connection:
            ids, dates = self._snapshot_dates(connection, list_id)
            rows = connection.execute(
                presence_query(list_id).where(watchlist_entry_version.c.entry_id == entry_id)
            ).all()
        if not rows:
            raise NotFound(f"no entry {entry_id!r} in any snapshot of {list_id}", where=list_id)
        position = {snapshot_id: i for i, snapshot_id in enumerate(ids)}
        presence = to_presences(rows, position)[entry_id]
        hashes = {position[row.snapshot_id]: row.content_hash for row in rows}
        _, stated_listed, stated_delisted = presence.versions[max(presence.versions)]
        return EntryHistory(
            list_id=list_id,
            entry_id=entry_id,
            periods=presence.periods(dates),
            sightings=tuple(
                Sighting(day, i in hashes, hashes.get(i)) for i, day in enumerate(dates)
            ),
            stated_listed=stated_listed,
            stated_delisted=stated_delisted,
        )

    @staticmethod
    def _list_ids(connection: Connection) -> list[str]:
        s = watchlist_snapshot.c
        return list(
            connection.execute(sa.select(s.list_id).distinct().order_by(s.list_id)).scalars()
        )

    @staticmethod
    def _snapshot_dates(connection: Connection, list_id: str) -> tuple[list[int], list[date]]:
        s = watchlist_snapshot.c
        query = sa.select(s.id, s.as_of).where(s.list_id == list_id).order_by(s.as_of)
        rows = connection.execute(query).all()
        return [row.id for row in rows], [row.as_of for row in rows]

    def _entries_of(
        self, connection: Connection, list_id: str, on: date | None
    ) -> Iterator[ListEntry]:
        ids, dates = self._snapshot_dates(connection, list_id)
        if not ids:
            return
        position = {snapshot_id: i for i, snapshot_id in enumerate(ids)}
        presences = to_presences(connection.execute(presence_query(list_id)), position)
        chosen = sorted(
            found
            for presence in presences.values()
            if (found := choose_version(presence, dates, on)) is not None
        )
        for start in range(0, len(chosen), BATCH):
            batch = {
                version: (entry_id, period)
                for entry_id, version, period in chosen[start : start + BATCH]
            }
            v = watchlist_entry_version.c
            rows = connection.execute(sa.select(v.id, v.body).where(v.id.in_(batch))).all()
            bodies = {row.id: row.body for row in rows}
            for version, (entry_id, period) in batch.items():
                yield from_body(list_id, entry_id, bodies[version], period)


def presence_query(list_id: str) -> sa.Select[Any]:
    """(snapshot, version, entry id, content hash, stated dates) for every entry of a list."""
    m, v = watchlist_snapshot_entry.c, watchlist_entry_version.c
    return (
        sa.select(
            m.snapshot_id, v.id, v.entry_id, v.content_hash, v.stated_listed, v.stated_delisted
        )
        .select_from(watchlist_snapshot_entry.join(watchlist_entry_version, m.version_id == v.id))
        .where(v.list_id == list_id)
    )


def to_presences(rows: Iterable[sa.Row[Any]], position: dict[int, int]) -> dict[str, Presence]:
    """The rows of `presence_query`, grouped by entry."""
    presences: dict[str, Presence] = {}
    for row in rows:
        presence = presences.setdefault(row.entry_id, Presence(row.entry_id, {}))
        presence.versions[position[row.snapshot_id]] = (
            row.id,
            row.stated_listed,
            row.stated_delisted,
        )
    return presences
