"""Typed content of requests for assistance, list notices and commitments (see record_content).

Evidence files travel as the record's attachments (by SHA-256); `evidence` here lists the
hashes the content relies on, so a reader can check each one is attached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, message
from counterpart.domain.record_fields import (
    LONG_TEXT,
    ContentReader,
    RecordLink,
    check_party_id,
    check_sha256,
    check_text,
)
from counterpart.domain.record_parts import TradeParty
from counterpart.domain.record_vocabulary import (
    AssistanceOutcome,
    CommitmentStatusKind,
    ListNoticeKind,
    SubjectKind,
    to_term,
)
from counterpart.domain.substances import Jurisdiction

CONTENT = "$.content"


def _check_evidence(hashes: tuple[str, ...]) -> None:
    for index, digest in enumerate(hashes):
        check_sha256(digest, f"evidence[{index}]")
    if len(set(hashes)) != len(hashes):
        raise InvalidInput(message(N_("an evidence file is listed twice")), where="evidence")


def _evidence(reader: ContentReader) -> tuple[str, ...]:
    return tuple(check_sha256(v, p) for v, p in reader.items("evidence"))


@dataclass(frozen=True, slots=True)
class Subject:
    """What a request is about: a party, a shipment, a wallet or a website."""

    kind: SubjectKind
    description: str
    party: TradeParty | None = None
    address: str = ""  # the wallet address or the website URL
    notification: RecordLink | None = None  # the notified shipment, if it was one

    def __post_init__(self) -> None:
        to_term(SubjectKind, self.kind, "kind")
        check_text(self.description, "description", limit=LONG_TEXT)
        check_text(self.address, "address", limit=2000, empty=True)
        if self.kind is SubjectKind.PARTY and self.party is None:
            raise InvalidInput(message(N_("a party subject names the party")), where="party")
        if self.kind in (SubjectKind.WALLET, SubjectKind.WEBSITE) and not self.address:
            said = message(N_("a %(kind)s subject gives its address"), kind=str(self.kind))
            raise InvalidInput(said, where="address")

    def to_content(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "description": self.description,
            "party": None if self.party is None else self.party.to_content(),
            "address": self.address,
            "notification": None if self.notification is None else self.notification.to_content(),
        }

    @classmethod
    def from_content(cls, value: Any, where: str) -> Self:
        r = ContentReader(value, where)
        party = r.optional("party")
        return r.build(
            cls,
            kind=r.term("kind", SubjectKind),
            description=r.text("description", limit=LONG_TEXT),
            party=None if party is None else TradeParty.from_content(party, r.path("party")),
            address=r.optional_text("address", limit=2000) or "",
            notification=r.optional_link("notification"),
        )


@dataclass(frozen=True, slots=True)
class AssistanceRequest:
    """A request to the counterpart to act on a subject, with evidence and a due date."""

    subject: Subject
    requested_action: str
    due_date: date
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_text(self.requested_action, "requested_action", limit=LONG_TEXT)
        _check_evidence(self.evidence)

    def to_content(self) -> dict[str, Any]:
        return {
            "subject": self.subject.to_content(),
            "requested_action": self.requested_action,
            "due_date": self.due_date.isoformat(),
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_content(cls, value: Any, where: str = CONTENT) -> Self:
        r = ContentReader(value, where)
        return r.build(
            cls,
            subject=Subject.from_content(*r.child("subject")),
            requested_action=r.text("requested_action", limit=LONG_TEXT),
            due_date=r.date("due_date"),
            evidence=_evidence(r),
        )


@dataclass(frozen=True, slots=True)
class AssistanceResponse:
    """The answer to a request for assistance: actions taken, outcome, evidence."""

    request: RecordLink
    outcome: AssistanceOutcome
    actions_taken: tuple[str, ...] = ()
    summary: str = ""
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        to_term(AssistanceOutcome, self.outcome, "outcome")
        check_text(self.summary, "summary", limit=LONG_TEXT, empty=True)
        for index, action in enumerate(self.actions_taken):
            check_text(action, f"actions_taken[{index}]", limit=LONG_TEXT)
        if self.outcome is AssistanceOutcome.ACTION_TAKEN and not self.actions_taken:
            said = message(N_("outcome action_taken lists the actions"))
            raise InvalidInput(said, where="actions_taken")
        _check_evidence(self.evidence)

    def to_content(self) -> dict[str, Any]:
        return {
            "request": self.request.to_content(),
            "outcome": self.outcome,
            "actions_taken": list(self.actions_taken),
            "summary": self.summary,
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_content(cls, value: Any, where: str = CONTENT) -> Self:
        r = ContentReader(value, where)
        return r.build(
            cls,
            request=r.link("request"),
            outcome=r.term("outcome", AssistanceOutcome),
            actions_taken=r.texts("actions_taken"),
            summary=r.optional_text("summary", limit=LONG_TEXT) or "",
            evidence=_evidence(r),
        )


@dataclass(frozen=True, slots=True)
class ListNotice:
    """A substance scheduled, or a party listed or delisted, under a legal act from a date."""

    kind: ListNoticeKind
    jurisdiction: Jurisdiction
    legal_act: str
    effective_date: date
    substance: str = ""  # the substance's name (a notice about a substance)
    cas: str = ""
    party: TradeParty | None = None  # the party (a notice about a party)
    schedule: str = ""

    def __post_init__(self) -> None:
        to_term(ListNoticeKind, self.kind, "kind")
        to_term(Jurisdiction, self.jurisdiction, "jurisdiction")
        check_text(self.legal_act, "legal_act", limit=1000)
        check_text(self.substance, "substance", empty=True)
        check_text(self.cas, "cas", limit=20, empty=True)
        check_text(self.schedule, "schedule", empty=True)
        if self.kind is ListNoticeKind.SUBSTANCE_SCHEDULED:
            if not self.substance or self.party is not None:
                said = message(N_("a scheduling notice names a substance, no party"))
                raise InvalidInput(said, where="substance")
        elif self.party is None or self.substance:
            said = message(N_("a %(kind)s notice names a party, no substance"), kind=str(self.kind))
            raise InvalidInput(said, where="party")

    def to_content(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "jurisdiction": self.jurisdiction,
            "legal_act": self.legal_act,
            "effective_date": self.effective_date.isoformat(),
            "substance": self.substance,
            "cas": self.cas,
            "party": None if self.party is None else self.party.to_content(),
            "schedule": self.schedule,
        }

    @classmethod
    def from_content(cls, value: Any, where: str = CONTENT) -> Self:
        r = ContentReader(value, where)
        party = r.optional("party")
        return r.build(
            cls,
            kind=r.term("kind", ListNoticeKind),
            jurisdiction=r.term("jurisdiction", Jurisdiction),
            legal_act=r.text("legal_act", limit=1000),
            effective_date=r.date("effective_date"),
            substance=r.optional_text("substance") or "",
            cas=r.optional_text("cas", limit=20) or "",
            party=None if party is None else TradeParty.from_content(party, r.path("party")),
            schedule=r.optional_text("schedule") or "",
        )


@dataclass(frozen=True, slots=True)
class Commitment:
    """An agreed deliverable: what, which party owes it, by when, and how it is measured."""

    text: str
    owner: str  # party id, as in the record envelope's author
    due_date: date
    measure: str

    def __post_init__(self) -> None:
        check_text(self.text, "text", limit=LONG_TEXT)
        check_party_id(self.owner, "owner")
        check_text(self.measure, "measure", limit=LONG_TEXT)

    def to_content(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "owner": self.owner,
            "due_date": self.due_date.isoformat(),
            "measure": self.measure,
        }

    @classmethod
    def from_content(cls, value: Any, where: str = CONTENT) -> Self:
        r = ContentReader(value, where)
        return r.build(
            cls,
            text=r.text("text", limit=LONG_TEXT),
            owner=r.text("owner", limit=64),
            due_date=r.date("due_date"),
            measure=r.text("measure", limit=LONG_TEXT),
        )


@dataclass(frozen=True, slots=True)
class CommitmentEvidence:
    """Evidence that a commitment is being delivered: a description and files by hash."""

    commitment: RecordLink
    description: str
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_text(self.description, "description", limit=LONG_TEXT)
        _check_evidence(self.evidence)

    def to_content(self) -> dict[str, Any]:
        return {
            "commitment": self.commitment.to_content(),
            "description": self.description,
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_content(cls, value: Any, where: str = CONTENT) -> Self:
        r = ContentReader(value, where)
        return r.build(
            cls,
            commitment=r.link("commitment"),
            description=r.text("description", limit=LONG_TEXT),
            evidence=_evidence(r),
        )


@dataclass(frozen=True, slots=True)
class CommitmentStatus:
    """A party's statement of a commitment's status; the other countersigns it by pointing at it.

    A status proposed by one party and a status from the other with the same value whose
    `countersigns` links to it together make the status agreed.
    """

    commitment: RecordLink
    status: CommitmentStatusKind
    as_of: date
    note: str = ""
    countersigns: RecordLink | None = None

    def __post_init__(self) -> None:
        to_term(CommitmentStatusKind, self.status, "status")
        check_text(self.note, "note", limit=LONG_TEXT, empty=True)

    def to_content(self) -> dict[str, Any]:
        return {
            "commitment": self.commitment.to_content(),
            "status": self.status,
            "as_of": self.as_of.isoformat(),
            "note": self.note,
            "countersigns": None if self.countersigns is None else self.countersigns.to_content(),
        }

    @classmethod
    def from_content(cls, value: Any, where: str = CONTENT) -> Self:
        r = ContentReader(value, where)
        return r.build(
            cls,
            commitment=r.link("commitment"),
            status=r.term("status", CommitmentStatusKind),
            as_of=r.date("as_of"),
            note=r.optional_text("note", limit=LONG_TEXT) or "",
            countersigns=r.optional_link("countersigns"),
        )
