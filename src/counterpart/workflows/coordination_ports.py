"""Ports and plain data of the coordination workflows: drafts, the record projection, screening.

A draft is local work (never logged). A `RecordEntry` is one record of either log (this node's
own, or the mirror of the counterpart's), projected for listing: its type, author, state,
deadline, and the record it answers. Both nodes project both logs, so both compute the same
states from the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from counterpart.domain.record_parts import PartyCheck, SubstanceCheck, SubstanceLine, TradeParty
from counterpart.domain.records import RecordType
from counterpart.workflows.access_model import Page
from counterpart.workflows.access_ports import AuditTrail

OWN_LOG = "self"  # the name storage gives this node's own log


@dataclass(frozen=True, slots=True)
class Draft:
    """A record being written: its type and content as last saved, by whom, for which party."""

    id: str
    party: str
    record_type: RecordType
    content: dict[str, Any]
    created_by: str
    created_at: datetime
    updated_at: datetime
    version: int = 1


@dataclass(frozen=True, slots=True)
class RecordEntry:
    """One record of a log, as projected for listing and for its state machine."""

    log: str  # "self" or "peer:NAME"
    index: int
    leaf_hash: str
    record_type: RecordType
    author: str
    addressed_to: str
    sequence: int
    claimed_at: datetime
    state: str
    summary: str
    content: dict[str, Any]
    deadline: date | None = None
    waiting_on: str | None = None
    flagged: bool = False
    target_log: str | None = None
    target_index: int | None = None
    anomaly: str | None = None
    anomaly_message: dict[str, Any] | None = None  # the anomaly as a message's JSON, if known
    position: int = 0  # order of projection; the cursor of a listing

    @property
    def key(self) -> tuple[str, int]:
        return self.log, self.index


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """An evidence file kept on this node, named by the SHA-256 of its bytes."""

    sha256: str
    party: str
    media_type: str
    size: int
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class RecordQuery:
    """Which projected records to list: filters, then one page (offset or cursor)."""

    visible_to: str  # the caller's party: its own records and what was sent to it
    record_type: RecordType | None = None
    state: str | None = None
    party: str | None = None  # author party
    direction: str | None = None  # "sent" (own log) or "received" (a mirror)
    since: date | None = None
    until: date | None = None
    flagged: bool | None = None
    limit: int = 50
    offset: int = 0
    after: int | None = None  # cursor: the last position of the previous page


@dataclass(frozen=True, slots=True)
class DraftQuery:
    party: str
    record_type: RecordType | None = None
    limit: int = 50
    offset: int = 0


class DraftStore(Protocol):
    """Drafts of one node; local, editable, never logged."""

    def add_draft(self, draft: Draft) -> None: ...
    def get_draft(self, draft_id: str) -> Draft | None: ...
    def replace_draft(self, draft: Draft, expected_version: int) -> None: ...
    def delete_draft(self, draft_id: str) -> None: ...
    def list_drafts(self, query: DraftQuery) -> Page[Draft]: ...


class RecordBook(Protocol):
    """The projection of both logs' records."""

    def next_index(self, log: str) -> int: ...
    def set_next_index(self, log: str, index: int) -> None: ...
    def advance_cursor(self, log: str, index: int) -> None: ...
    def add_entry(self, entry: RecordEntry) -> RecordEntry | None: ...
    def get_entry(self, log: str, index: int) -> RecordEntry | None: ...
    def set_state(self, key: tuple[str, int], state: str, waiting_on: str | None) -> None: ...
    def answers_to(self, key: tuple[str, int]) -> list[RecordEntry]: ...
    def list_entries(self, query: RecordQuery) -> Page[RecordEntry]: ...
    def pending(self, visible_to: str, until: date) -> list[RecordEntry]: ...


class EvidenceStore(Protocol):
    def add_evidence(self, file: EvidenceFile, data: bytes) -> bool: ...
    def get_evidence(self, sha256: str) -> EvidenceFile | None: ...


class RecordsPorts(DraftStore, RecordBook, EvidenceStore, AuditTrail, Protocol):
    """Everything the coordination workflows keep, over one transaction."""


class FilingScreen(Protocol):
    """Screening on filing: each substance and party of a record, on a date."""

    def screen_substances(
        self, lines: Sequence[tuple[str, SubstanceLine]], on: date
    ) -> tuple[SubstanceCheck, ...]: ...

    def screen_parties(
        self, parties: Sequence[tuple[str, TradeParty]], on: date
    ) -> tuple[PartyCheck, ...]: ...


@dataclass(frozen=True, slots=True)
class DeadlinePolicy:
    """Reply deadlines per notification kind (days) and the due-soon window, from Settings."""

    reply_deadline_days: dict[str, int] = field(default_factory=dict)
    due_soon_days: int = 3
    default_reply_days: int = 15
