"""Hand-built logs for the compliance tests: records with chosen claimed and cosigned times."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from counterpart.domain.records import RecordType, decode_record, encode_record, new_record
from counterpart.ledger.tree import hash_leaf
from counterpart.workflows.compliance_records import LoggedRecord, Problem


def at(text: str) -> datetime:
    """A UTC time from 'YYYY-MM-DD HH:MM'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


@dataclass
class TwoLogs:
    """Two parties' logs, built record by record; the LogRecords port over them."""

    items: list[LoggedRecord | Problem] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    sequences: dict[tuple[str, RecordType], int] = field(default_factory=dict)

    def add(
        self,
        party: str,
        record_type: RecordType,
        content: dict[str, Any],
        *,
        claimed: str,
        cosigned: str | None,
    ) -> dict[str, Any]:
        """Append a record to `party`'s log; the link to it, as record content writes it."""
        index = self.sizes.get(party, 0)
        self.sizes[party] = index + 1
        sequence = self.sequences.get((party, record_type), 0) + 1
        self.sequences[(party, record_type)] = sequence
        record = new_record(
            record_type,
            party,
            sequence,
            content,
            claimed_at=at(claimed),
            nonce_factory=lambda: f"{index:08x}{sequence:08x}".ljust(32, "0"),
        )
        entry = encode_record(record)
        self.items.append(
            LoggedRecord(
                log=party,
                index=index,
                leaf_hash=hash_leaf(entry).hex(),
                record=decode_record(entry),
                cosigned_at=None if cosigned is None else at(cosigned),
            )
        )
        return {"author": party, "log_index": index, "leaf_hash": hash_leaf(entry).hex()}

    def add_problem(self, party: str, message: str) -> None:
        index = self.sizes.get(party, 0)
        self.sizes[party] = index + 1
        self.items.append(Problem(party, index, message))

    def logged_records(self) -> Iterator[LoggedRecord | Problem]:
        yield from self.items
