"""Projecting log entries into the record book: decode, type, summarise, apply state changes.

The same code projects this node's own log and its verified mirror of the counterpart's log
(entries reach a mirror only after mirroring checked them against a signed checkpoint). An
entry that is no record is skipped; a record whose content does not parse, or whose answer
breaks a state machine, is kept with an anomaly so that nobody's evidence is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from counterpart.domain.errors import Conflict, InvalidInput, NotFound
from counterpart.domain.messages import N_, message, to_json
from counterpart.domain.record_content import parse_content
from counterpart.domain.record_fields import RecordLink
from counterpart.domain.record_parts import ScreeningSummary, TradeParty
from counterpart.domain.records import Record, decode_record
from counterpart.ledger.tree import hash_leaf
from counterpart.workflows.coordination_ports import OWN_LOG, RecordBook, RecordEntry
from counterpart.workflows.log_ports import EntryLog
from counterpart.workflows.record_states import (
    UNREADABLE,
    Effect,
    effects_of,
    links_of,
    start_of,
)

BATCH = 500


@dataclass(frozen=True, slots=True)
class Parties:
    """Who this node is and who the counterpart is (lower-case party ids)."""

    node: str
    counterpart: str

    def log_of(self, author: str) -> str:
        """The log that holds records by `author`, as this node names it."""
        return OWN_LOG if author == self.node else f"peer:{author}"

    def addressee(self, log: str) -> str:
        return self.counterpart if log == OWN_LOG else self.node


def resolve_link(book: RecordBook, parties: Parties, link: RecordLink) -> RecordEntry:
    """The projected record a link points at; NotFound when no record has that index and hash."""
    entry = book.get_entry(parties.log_of(link.author), link.log_index)
    if entry is None or entry.leaf_hash != link.leaf_hash:
        said = message(
            N_("no record of %(party)s at log index %(index)s with leaf hash %(hash)s..."),
            party=link.author,
            index=link.log_index,
            hash=link.leaf_hash[:12],
        )
        raise NotFound(said)
    return entry


def mentions_of(content: Any) -> tuple[RecordLink, ...]:
    """Every record a content links: the one it answers, and notifications it cites."""
    subject = getattr(content, "subject", None)
    cited = (*getattr(content, "notifications", ()), getattr(subject, "notification", None))
    return (*links_of(content), *(link for link in cited if isinstance(link, RecordLink)))


def plan_effects(
    book: RecordBook, parties: Parties, content: Any, author: str, claimed_at: datetime
) -> tuple[Effect, ...]:
    """The state changes an answer makes; NotFound/Conflict when it may not be made."""
    for link in mentions_of(content):
        resolve_link(book, parties, link)
    targets = tuple(resolve_link(book, parties, link) for link in links_of(content))
    return effects_of(content, author, claimed_at.date(), targets)


def sync_log(book: RecordBook, log: EntryLog, name: str, parties: Parties) -> int:
    """Project every entry of `log` not projected yet; how many records were added."""
    start, size, added = book.next_index(name), log.size(), 0
    for begin in range(start, size, BATCH):
        end = min(size, begin + BATCH)
        for offset, data in enumerate(log.entries(begin, end)):
            if project_entry(book, name, begin + offset, data, parties) is not None:
                added += 1
        book.set_next_index(name, end)
    return added


def project_entry(
    book: RecordBook, log: str, index: int, data: bytes, parties: Parties
) -> RecordEntry | None:
    """Project one entry: the record as projected, or None when the bytes are no record
    (skipped, not lost: the log keeps them) or were projected already."""
    try:
        record = decode_record(data)
    except InvalidInput:
        return None
    base = _base_entry(log, index, data, record, parties)
    entry, effects = _entry_of(book, base, record, parties)
    added = book.add_entry(entry)
    if added is None:
        return None  # projected meanwhile by another transaction, with its effects
    for effect in effects:
        book.set_state(effect.target, effect.state, effect.waiting_on)
    return added


def _base_entry(log: str, index: int, data: bytes, record: Record, parties: Parties) -> RecordEntry:
    return RecordEntry(
        log=log,
        index=index,
        leaf_hash=hash_leaf(data).hex(),
        record_type=record.type,
        author=record.author.lower(),
        addressed_to=parties.addressee(log),
        sequence=record.sequence,
        claimed_at=datetime.fromisoformat(record.claimed_at.replace("Z", "+00:00")),
        state=UNREADABLE,
        summary="",
        content=dict(record.content),
    )


def _entry_of(
    book: RecordBook, base: RecordEntry, record: Record, parties: Parties
) -> tuple[RecordEntry, tuple[Effect, ...]]:
    try:
        content = parse_content(record.type, record.content)
        effects = plan_effects(book, parties, content, base.author, base.claimed_at)
    except (InvalidInput, NotFound, Conflict) as exc:
        said = exc.to_message()
        anomaly_message = to_json(said) if exc.said is not None else None
        return _with(base, anomaly=str(exc), anomaly_message=anomaly_message), ()
    start = start_of(content, base.addressed_to)
    target = effects[0].target if effects else _first_target(book, parties, content)
    entry = _with(
        base,
        state=start.state,
        deadline=start.deadline,
        waiting_on=start.waiting_on,
        summary=summarize(content),
        flagged=is_flagged(content),
        target_log=target[0] if target else None,
        target_index=target[1] if target else None,
    )
    return entry, effects


def _first_target(book: RecordBook, parties: Parties, content: Any) -> tuple[str, int] | None:
    links = links_of(content)
    return None if not links else resolve_link(book, parties, links[0]).key


def _with(entry: RecordEntry, **changes: Any) -> RecordEntry:
    return replace(entry, **changes)


def is_flagged(content: Any) -> bool:
    """Whether screening on filing found a hit (or could not screen an item)."""
    screening = getattr(content, "screening", None)
    return isinstance(screening, ScreeningSummary) and screening.is_flagged


def summarize(content: Any) -> str:
    """A one-line summary for lists: the substances and parties, or the text, of a record."""
    substances = getattr(content, "substances", ())
    parts = [f"{line.name} {line.quantity} {line.unit}" for line in substances]
    for name in ("exporter", "importer", "party"):
        party = getattr(content, name, None)
        if isinstance(party, TradeParty):
            parts.append(party.name)
    for name in ("code", "outcome", "kind", "status", "substance", "text", "description"):
        value = getattr(content, name, None)
        if value and not parts:
            parts.append(str(value))
    text = "; ".join(parts)
    return text if len(text) <= 200 else text[:199] + "…"
