"""Typed content of each record type, with strict validation and its canonical JSON mapping.

Each class is a frozen dataclass checked in `__post_init__` however it is built, with
`to_content()` (the JSON object that goes in `Record.content`) and `from_content()` (which
refuses unknown fields, wrong types and values outside a vocabulary, naming the JSON path).
Notifications, replies, outcomes and incidents live here; assistance, list notices and
commitments in `record_cases`. `parse_content` picks the class by record type.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol, Self

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, message
from counterpart.domain.record_fields import (
    LONG_TEXT,
    ContentReader,
    RecordLink,
    check_country,
    check_order,
    check_text,
)
from counterpart.domain.record_parts import (
    ScreeningSummary,
    SubstanceLine,
    TradeParty,
    optional_screening,
)
from counterpart.domain.record_vocabulary import (
    IncidentKind,
    NotificationKind,
    ReplyCode,
    ShipmentOutcomeKind,
    TransportMode,
    to_term,
)
from counterpart.domain.records import RecordType

CONTENT = "$.content"


class Content(Protocol):
    """What every typed content offers."""

    def to_content(self) -> dict[str, Any]: ...


def _screening_content(screening: ScreeningSummary | None) -> dict[str, Any]:
    return {} if screening is None else {"screening": screening.to_content()}


def _require_some(items: tuple[Any, ...], where: str, what: str) -> None:
    if not items:
        raise InvalidInput(message(N_("at least one %(what)s is required"), what=what), where=where)


@dataclass(frozen=True, slots=True)
class PreExportNotification:
    """The exporting authority's notice of a shipment, for the importing authority to answer."""

    kind: NotificationKind
    exporter: TradeParty
    importer: TradeParty
    substances: tuple[SubstanceLine, ...]
    hs_code: str
    route: str
    point_of_entry: str
    transport_mode: TransportMode
    dispatch_date: date
    licence_number: str
    reply_deadline: date
    consignee: TradeParty | None = None
    screening: ScreeningSummary | None = None

    def __post_init__(self) -> None:
        to_term(NotificationKind, self.kind, "kind")
        to_term(TransportMode, self.transport_mode, "transport_mode")
        _require_some(self.substances, "substances", "substance")
        if not (self.hs_code.isdigit() and len(self.hs_code) in (4, 6, 8, 10)):
            said = message(N_("HS code %(value)s is not 4-10 digits"), value=repr(self.hs_code))
            raise InvalidInput(said, where="hs_code")
        check_text(self.route, "route", limit=1000)
        check_text(self.point_of_entry, "point_of_entry")
        check_text(self.licence_number, "licence_number", limit=100)
        check_order(
            (N_("the reply deadline"), self.reply_deadline),
            (N_("the dispatch date"), self.dispatch_date),
            "dispatch_date",
        )

    @property
    def parties(self) -> tuple[tuple[str, TradeParty], ...]:
        """Every party named, with its item path (for screening)."""
        named = [("exporter", self.exporter), ("importer", self.importer)]
        if self.consignee is not None:
            named.append(("consignee", self.consignee))
        return tuple(named)

    def to_content(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "exporter": self.exporter.to_content(),
            "importer": self.importer.to_content(),
            "consignee": None if self.consignee is None else self.consignee.to_content(),
            "substances": [line.to_content() for line in self.substances],
            "hs_code": self.hs_code,
            "route": self.route,
            "point_of_entry": self.point_of_entry,
            "transport_mode": self.transport_mode,
            "dispatch_date": self.dispatch_date.isoformat(),
            "licence_number": self.licence_number,
            "reply_deadline": self.reply_deadline.isoformat(),
        } | _screening_content(self.screening)

    @classmethod
    def from_content(cls, value: Any, where: str = CONTENT) -> Self:
        r = ContentReader(value, where)
        consignee = r.optional("consignee")
        return r.build(
            cls,
            kind=r.term("kind", NotificationKind),
            exporter=TradeParty.from_content(*r.child("exporter")),
            importer=TradeParty.from_content(*r.child("importer")),
            consignee=None
            if consignee is None
            else TradeParty.from_content(consignee, r.path("consignee")),
            substances=tuple(SubstanceLine.from_content(v, p) for v, p in r.items("substances")),
            hs_code=r.text("hs_code", limit=10),
            route=r.text("route", limit=1000),
            point_of_entry=r.text("point_of_entry"),
            transport_mode=r.term("transport_mode", TransportMode),
            dispatch_date=r.date("dispatch_date"),
            licence_number=r.text("licence_number", limit=100),
            reply_deadline=r.date("reply_deadline"),
            screening=optional_screening(r),
        )

    def with_screening(self, screening: ScreeningSummary) -> PreExportNotification:
        return replace(self, screening=screening)


@dataclass(frozen=True, slots=True)
class NotificationReply:
    """The importing authority's answer; an objection or a request says why."""

    notification: RecordLink
    code: ReplyCode
    reason: str = ""
    late: bool = False
    late_reason: str = ""

    def __post_init__(self) -> None:
        to_term(ReplyCode, self.code, "code")
        check_text(self.reason, "reason", limit=LONG_TEXT, empty=True)
        check_text(self.late_reason, "late_reason", limit=LONG_TEXT, empty=True)
        needs_reason = (ReplyCode.OBJECTION, ReplyCode.REQUEST_FOR_INFORMATION)
        if self.code in needs_reason and not self.reason.strip():
            said = message(N_("a reply '%(code)s' must give a reason"), code=str(self.code))
            raise InvalidInput(said, where="reason")
        if self.late and not self.late_reason.strip():
            said = message(N_("a late reply must say why it is late"))
            raise InvalidInput(said, where="late_reason")
        if not self.late and self.late_reason:
            said = message(N_("late_reason is only for a late reply"))
            raise InvalidInput(said, where="late_reason")

    def to_content(self) -> dict[str, Any]:
        return {
            "notification": self.notification.to_content(),
            "code": self.code,
            "reason": self.reason,
            "late": self.late,
            "late_reason": self.late_reason,
        }

    @classmethod
    def from_content(cls, value: Any, where: str = CONTENT) -> Self:
        r = ContentReader(value, where)
        return r.build(
            cls,
            notification=r.link("notification"),
            code=r.term("code", ReplyCode),
            reason=r.optional_text("reason", limit=LONG_TEXT) or "",
            late=r.boolean("late"),
            late_reason=r.optional_text("late_reason", limit=LONG_TEXT) or "",
        )


@dataclass(frozen=True, slots=True)
class ShipmentOutcome:
    """What happened to a notified shipment, reported by the exporting authority."""

    notification: RecordLink
    outcome: ShipmentOutcomeKind
    occurred_on: date
    note: str = ""

    def __post_init__(self) -> None:
        to_term(ShipmentOutcomeKind, self.outcome, "outcome")
        check_text(self.note, "note", limit=LONG_TEXT, empty=True)

    def to_content(self) -> dict[str, Any]:
        return {
            "notification": self.notification.to_content(),
            "outcome": self.outcome,
            "occurred_on": self.occurred_on.isoformat(),
            "note": self.note,
        }

    @classmethod
    def from_content(cls, value: Any, where: str = CONTENT) -> Self:
        r = ContentReader(value, where)
        return r.build(
            cls,
            notification=r.link("notification"),
            outcome=r.term("outcome", ShipmentOutcomeKind),
            occurred_on=r.date("occurred_on"),
            note=r.optional_text("note", limit=LONG_TEXT) or "",
        )


@dataclass(frozen=True, slots=True)
class Incident:
    """A seizure, stopped shipment, lab... with what, where, who, how, and follow-up asked."""

    kind: IncidentKind
    occurred_on: date
    place: str
    country: str
    substances: tuple[SubstanceLine, ...] = ()
    parties: tuple[TradeParty, ...] = ()
    modus_operandi: str = ""
    notifications: tuple[RecordLink, ...] = ()
    follow_up: tuple[str, ...] = ()
    screening: ScreeningSummary | None = None

    def __post_init__(self) -> None:
        to_term(IncidentKind, self.kind, "kind")
        check_text(self.place, "place")
        check_country(self.country, "country")
        check_text(self.modus_operandi, "modus_operandi", limit=LONG_TEXT, empty=True)
        for index, request in enumerate(self.follow_up):
            check_text(request, f"follow_up[{index}]", limit=LONG_TEXT)

    @property
    def named_parties(self) -> tuple[tuple[str, TradeParty], ...]:
        return tuple((f"parties[{i}]", party) for i, party in enumerate(self.parties))

    def to_content(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "occurred_on": self.occurred_on.isoformat(),
            "place": self.place,
            "country": self.country,
            "substances": [line.to_content() for line in self.substances],
            "parties": [party.to_content() for party in self.parties],
            "modus_operandi": self.modus_operandi,
            "notifications": [link.to_content() for link in self.notifications],
            "follow_up": list(self.follow_up),
        } | _screening_content(self.screening)

    @classmethod
    def from_content(cls, value: Any, where: str = CONTENT) -> Self:
        r = ContentReader(value, where)
        return r.build(
            cls,
            kind=r.term("kind", IncidentKind),
            occurred_on=r.date("occurred_on"),
            place=r.text("place"),
            country=r.text("country"),
            substances=tuple(SubstanceLine.from_content(v, p) for v, p in r.items("substances")),
            parties=tuple(TradeParty.from_content(v, p) for v, p in r.items("parties")),
            modus_operandi=r.optional_text("modus_operandi", limit=LONG_TEXT) or "",
            notifications=tuple(RecordLink.from_content(v, p) for v, p in r.items("notifications")),
            follow_up=r.texts("follow_up"),
            screening=optional_screening(r),
        )

    def with_screening(self, screening: ScreeningSummary) -> Incident:
        return replace(self, screening=screening)


def content_class(record_type: RecordType) -> Any:
    """The content class of a record type."""
    from counterpart.domain import record_cases

    classes: dict[RecordType, Any] = {
        RecordType.PRE_EXPORT_NOTIFICATION: PreExportNotification,
        RecordType.NOTIFICATION_REPLY: NotificationReply,
        RecordType.SHIPMENT_OUTCOME: ShipmentOutcome,
        RecordType.INCIDENT: Incident,
        RecordType.REQUEST_FOR_ASSISTANCE: record_cases.AssistanceRequest,
        RecordType.ASSISTANCE_RESPONSE: record_cases.AssistanceResponse,
        RecordType.LIST_NOTICE: record_cases.ListNotice,
        RecordType.COMMITMENT: record_cases.Commitment,
        RecordType.COMMITMENT_EVIDENCE: record_cases.CommitmentEvidence,
        RecordType.COMMITMENT_STATUS: record_cases.CommitmentStatus,
    }
    return classes[record_type]


def parse_content(record_type: RecordType, value: Any, where: str = CONTENT) -> Content:
    """The typed content of a record of `record_type`, or `InvalidInput` naming the path."""
    parsed: Content = content_class(record_type).from_content(value, where)
    return parsed
