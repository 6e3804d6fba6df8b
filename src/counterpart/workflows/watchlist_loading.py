"""Load a watchlist file as a dated snapshot: parse -> store -> report counts and bad rows.

A snapshot is keyed by (list id, as-of date); loading the same files for the same date again
changes nothing. Listing and delisting dates are derived by the store from successive
snapshots, the dates a list states winning when present (see docs/watchlists.md).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol

from counterpart.domain.errors import InvalidInput
from counterpart.domain.parties import ListEntry
from counterpart.watchlists.listing_history import Period
from counterpart.watchlists.sources import ParsedRow, default_list_id, parse_list, to_format
from counterpart.workflows.access_audit import audit_event
from counterpart.workflows.access_model import AuditEvent

Progress = Callable[[int], None]  # called with the number of entries read so far
PROGRESS_EVERY = 500


@dataclass(frozen=True, slots=True)
class FileDigest:
    """One file of a snapshot and the SHA-256 of its bytes."""

    name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """One stored snapshot of one list."""

    list_id: str
    as_of: date
    source_format: str
    files: tuple[FileDigest, ...]
    entry_count: int
    error_count: int


@dataclass(frozen=True, slots=True)
class Sighting:
    """Whether one snapshot held the entry, and which version of it (content hash)."""

    as_of: date
    present: bool
    content_hash: str | None


@dataclass(frozen=True, slots=True)
class EntryHistory:
    """An entry's listing periods and its presence in each snapshot of its list."""

    list_id: str
    entry_id: str
    periods: tuple[Period, ...]
    sightings: tuple[Sighting, ...]
    stated_listed: date | None
    stated_delisted: date | None


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What one load did: the snapshot, whether it is new, and each bad row."""

    snapshot: SnapshotInfo | None  # None when no entry could be read
    created: bool
    new_versions: int
    errors: tuple[InvalidInput, ...]


class WatchlistStore(Protocol):
    """Storage of watchlist snapshots, as the loading and screening workflows need it."""

    def find_snapshot(self, list_id: str, as_of: date, digest: str) -> SnapshotInfo | None:
        """The snapshot with these files for this date; Conflict if other files hold it."""
        ...

    def store_snapshot(
        self,
        snapshot: SnapshotInfo,
        digest: str,
        entries: Iterable[ListEntry],
        count_errors: Callable[[], int],
        audit: Callable[[SnapshotInfo], AuditEvent] | None = None,
    ) -> tuple[SnapshotInfo, int]:
        """Store a new snapshot as `entries` streams in; returns it and the new versions.

        `count_errors` is called once `entries` is exhausted: the bad rows the load met,
        which the snapshot records beside its entry count. The audit row `audit(stored)`, if
        any, commits with the snapshot.
        """
        ...

    def snapshots(self, list_id: str | None = None) -> list[SnapshotInfo]:
        """Stored snapshots, by list then date."""
        ...

    def entries_on(
        self, on: date | None, list_ids: Sequence[str] | None = None
    ) -> Iterator[ListEntry]:
        """Entries as they stood on `on` (None: the latest snapshots), listed/delisted filled.

        NotFound when a list in `list_ids` has no snapshot.
        """
        ...

    def history(self, list_id: str, entry_id: str) -> EntryHistory:
        """One entry's listing periods and sightings; NotFound if never loaded."""
        ...


def digest_files(paths: Sequence[Path]) -> tuple[FileDigest, ...]:
    """SHA-256 of each file (a directory stands for the files in it), by name."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path])
    digests = []
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"cannot read {file}: {exc.strerror}") from exc
        digests.append(FileDigest(file.name, hashlib.sha256(data).hexdigest()))
    return tuple(sorted(digests, key=lambda d: d.name))


def digest_of(files: Iterable[FileDigest]) -> str:
    """One digest for a set of files: their contents, whatever their names."""
    return hashlib.sha256("\n".join(sorted(f.sha256 for f in files)).encode()).hexdigest()


def load_watchlist(
    store: WatchlistStore,
    format_name: str,
    paths: Sequence[Path],
    as_of: date,
    *,
    list_id: str | None = None,
    progress: Progress | None = None,
    actor: str | None = None,
) -> LoadReport:
    """Parse the files of one list snapshot and store it, unless it is already stored.

    With `actor` (an operator's `load-watchlist`), the audit row `watchlist.load` commits with
    the snapshot: the lists decide who is screened as sanctioned.
    """
    list_format = to_format(format_name)
    list_id = list_id or default_list_id(list_format)
    files = digest_files(paths)
    digest = digest_of(files)
    existing = store.find_snapshot(list_id, as_of, digest)
    if existing is not None:
        return LoadReport(existing, created=False, new_versions=0, errors=())
    errors: list[InvalidInput] = []
    entries = collect_entries(parse_list(list_format, list(paths), list_id), errors, progress)
    first = next(entries, None)  # a file with no usable entry must not store an empty list
    if first is None:
        return LoadReport(None, created=False, new_versions=0, errors=tuple(errors))
    info = SnapshotInfo(list_id, as_of, list_format.value, files, entry_count=0, error_count=0)
    audit = None if actor is None else _loaded(actor)
    stored, new_versions = store.store_snapshot(
        info, digest, itertools.chain([first], entries), lambda: len(errors), audit
    )
    return LoadReport(stored, created=True, new_versions=new_versions, errors=tuple(errors))


def _loaded(actor: str) -> Callable[[SnapshotInfo], AuditEvent]:
    def event(stored: SnapshotInfo) -> AuditEvent:
        detail = {
            "as_of": stored.as_of.isoformat(),
            "format": stored.source_format,
            "entries": stored.entry_count,
            "bad_rows": stored.error_count,
            "files": [[f.name, f.sha256] for f in stored.files],
        }
        target = f"watchlist:{stored.list_id}"
        return audit_event(
            datetime.now(UTC), actor=actor, action="watchlist.load", target=target, detail=detail
        )

    return event


def collect_entries(
    rows: Iterable[ParsedRow], errors: list[InvalidInput], progress: Progress | None
) -> Iterator[ListEntry]:
    """The entries of `rows`; errors and repeated entry ids go to `errors`."""
    seen: set[str] = set()
    count = 0
    for row in rows:
        if isinstance(row, InvalidInput):
            errors.append(row)
        elif row.entry_id in seen:
            errors.append(InvalidInput(f"entry id {row.entry_id!r} repeated; the first is kept"))
        else:
            seen.add(row.entry_id)
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
            yield row
    if progress is not None:
        progress(count)
