"""The demo's seeded scenario, modelled on the China-US working group's 2023-2025 work.

Each step is data plus a call of the sending port (the demo files each record through the
node's records API), in the order the exchange happens: a record that answers another is sent
only once the counterpart has mirrored and cosigned what it answers (`sync`). Legal acts and
effective dates of the schedulings come from the substance registry (with its sources).
Companies are fictional. Shipment dates, reply
deadlines and due dates are counted from the day the demo runs, because time evidence can only
be the moment the records are exchanged (see docs/demo.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from counterpart.chemistry.registry import Registry
from counterpart.domain.errors import NotFound
from counterpart.domain.record_cases import (
    AssistanceRequest,
    AssistanceResponse,
    Commitment,
    CommitmentEvidence,
    CommitmentStatus,
    ListNotice,
    Subject,
)
from counterpart.domain.record_content import (
    Incident,
    NotificationReply,
    PreExportNotification,
    ShipmentOutcome,
)
from counterpart.domain.record_fields import RecordLink
from counterpart.domain.record_parts import PartyIdentifier, SubstanceLine, TradeParty
from counterpart.domain.record_vocabulary import (
    AssistanceOutcome,
    CommitmentStatusKind,
    IncidentKind,
    ListNoticeKind,
    NotificationKind,
    ReplyCode,
    ShipmentOutcomeKind,
    SubjectKind,
    TransportMode,
    Unit,
)
from counterpart.domain.records import RecordType
from counterpart.domain.substances import Jurisdiction

EXPORTER = TradeParty("Hubei Example Fine Chemical Co., Ltd.", "CN", "18 Example Road, Wuhan")
IMPORTER = TradeParty("Example Pharmaceuticals Inc.", "US", "200 Sample Avenue, Newark, NJ")
UNREGISTERED = TradeParty("Example Trading LLC", "US", "Suite 5, 10 Shared Plaza, Miami, FL")
LEAD = TradeParty(
    "Wuhan Example Biotech Co., Ltd.",
    "CN",
    "Room 1203, 88 Residential Lane, Wuhan",
    (PartyIdentifier("website", "https://shop.example.cn"),),
)
SCHEDULINGS_2024 = ("4-ap", "1-boc-4-ap", "norfentanyl")  # China, from 1 Sep 2024
SCHEDULINGS_2025 = ("4-piperidone", "1-boc-4-piperidone")  # China, from 20 Jul 2025
MEETING = "the working group's meeting of 30 January 2024 in Beijing"
LEAD_PACKAGE = """Evidence package (demo, fictional): Wuhan Example Biotech Co., Ltd.
- Store pages at https://shop.example.cn offering 4-AP (CAS 23056-29-3) and 1-boc-4-AP
  (CAS 125541-22-2), with prices per kilogram and shipping to the United States.
- Company registration at a residential address shared with two other chemical traders.
- Payments to the company's account from three US buyers (FinCEN FIN-2024-A002 red flags).
"""
LEAD_FEEDBACK = """Action taken (demo, fictional): the provincial public security bureau inspected
the company; its two online stores were closed; 1.2 kg of 4-AP was seized at its warehouse;
a criminal case is open. Export records of the last 12 months are attached to the case file.
"""
NOTICE_EVIDENCE = """Announcement of 20 Jun 2025
(公安部、商务部、国家卫生健康委、应急管理部、海关总署、国家药监局)
adding 4-piperidone and 1-tert-butoxycarbonyl-4-piperidone to the Classification and
Catalogue of Precursor Chemicals, in force 20 Jul 2025 (as cited by the registry).
"""


class Sender(Protocol):
    """One party's node, as the scenario uses it: send a record, get its link back."""

    @property
    def party(self) -> str: ...

    def send(self, record_type: RecordType, content: Any) -> RecordLink: ...

    def upload(self, data: bytes, media_type: str) -> str:
        """Keep an evidence file on the node; its SHA-256 (hex)."""
        ...


@dataclass
class SeedReport:
    """What the scenario sent, by party and record type."""

    sent: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, party: str, record_type: RecordType) -> None:
        counts = self.sent.setdefault(party, {})
        counts[record_type.value] = counts.get(record_type.value, 0) + 1


@dataclass
class Scenario:
    """The two nodes, the registry the notices cite, the day it runs, and the links made."""

    cn: Sender
    us: Sender
    registry: Registry
    today: date
    sync: Callable[[], None]
    report: SeedReport = field(default_factory=SeedReport)
    links: dict[str, RecordLink] = field(default_factory=dict)

    def send(self, sender: Sender, name: str, record_type: RecordType, content: Any) -> None:
        self.links[name] = sender.send(record_type, content)
        self.report.count(sender.party, record_type)

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)


def seed_scenario(scenario: Scenario) -> SeedReport:
    """Send every record of the scenario, in three rounds the counterpart cosigns in turn."""
    send_notifications(scenario)
    send_list_notices(scenario)
    send_commitments(scenario)
    send_company_lead(scenario)
    scenario.sync()
    send_replies(scenario)
    send_lead_response(scenario)
    send_delivery(scenario)
    scenario.sync()
    send_outcomes_and_seizure(scenario)
    countersign_delivery(scenario)
    scenario.sync()
    return scenario.report


def _line(registry: Registry, entry_id: str, quantity: str) -> SubstanceLine:
    entry = registry.by_id(entry_id)
    if entry is None:
        raise NotFound(f"the registry has no entry {entry_id!r}", where="demo scenario")
    return SubstanceLine(entry.name, quantity, Unit.KG, cas=entry.cas)


def _notification(s: Scenario, entry_id: str, importer: TradeParty, n: int) -> Any:
    return PreExportNotification(
        kind=NotificationKind.LISTED_PRECURSOR,
        exporter=EXPORTER,
        importer=importer,
        substances=(_line(s.registry, entry_id, "25"),),
        hs_code="293339",
        route="Shanghai - Port of Long Beach",
        point_of_entry="Port of Long Beach, CA",
        transport_mode=TransportMode.SEA,
        dispatch_date=s.day(20),
        licence_number=f"CN-EXP-DEMO-{n:04d}",
        reply_deadline=s.day(10),
    )


def send_notifications(s: Scenario) -> None:
    """China notifies two exports: 4-AP to a registered importer, 1-boc-4-piperidone."""
    s.send(s.cn, "n_4ap", RecordType.PRE_EXPORT_NOTIFICATION, _notification(s, "4-ap", IMPORTER, 1))
    boc = _notification(s, "1-boc-4-piperidone", UNREGISTERED, 2)
    s.send(s.cn, "n_boc", RecordType.PRE_EXPORT_NOTIFICATION, boc)


def send_list_notices(s: Scenario) -> None:
    """China's schedulings of 2024 and 2025, with the legal act and date the registry cites."""
    for entry_id in SCHEDULINGS_2024 + SCHEDULINGS_2025:
        entry = s.registry.by_id(entry_id)
        listings = (
            []
            if entry is None
            else [x for x in entry.listings if x.jurisdiction is Jurisdiction.CN]
        )
        if entry is None or not listings:
            raise NotFound(f"the registry has no CN listing of {entry_id!r}", where="demo")
        listing = min(listings, key=lambda x: x.since)
        notice = ListNotice(
            kind=ListNoticeKind.SUBSTANCE_SCHEDULED,
            jurisdiction=Jurisdiction.CN,
            legal_act=listing.basis,
            effective_date=listing.since,
            substance=entry.name,
            cas=entry.cas or "",
            schedule=listing.schedule,
        )
        s.send(s.cn, f"notice_{entry_id}", RecordType.LIST_NOTICE, notice)


def send_commitments(s: Scenario) -> None:
    """Two deliverables agreed at the January 2024 meeting, one owed by each side."""
    cn = Commitment(
        text=f"Schedule 4-piperidone and 1-boc-4-piperidone as precursor chemicals ({MEETING})",
        owner=s.cn.party,
        due_date=s.day(30),
        measure="A list notice with the legal act and its effective date",
    )
    us = Commitment(
        text=f"Pass each company lead with an evidence package usable in Chinese law ({MEETING})",
        owner=s.us.party,
        due_date=s.day(60),
        measure="Every request for assistance carries its evidence files",
    )
    s.send(s.cn, "c_cn", RecordType.COMMITMENT, cn)
    s.send(s.us, "c_us", RecordType.COMMITMENT, us)


def send_company_lead(s: Scenario) -> None:
    """A US lead: a company selling 4-AP online with CAS numbers, at a residential address."""
    request = AssistanceRequest(
        subject=Subject(
            kind=SubjectKind.PARTY,
            description="Sells 4-AP and 1-boc-4-AP online, listing CAS numbers; "
            "registered at a residential address (FinCEN FIN-2024-A002 red flags)",
            party=LEAD,
        ),
        requested_action="Investigate the company, close its online stores, report the action.",
        due_date=s.day(30),
        evidence=(s.us.upload(LEAD_PACKAGE.encode(), "text/plain"),),
    )
    s.send(s.us, "lead", RecordType.REQUEST_FOR_ASSISTANCE, request)


def send_replies(s: Scenario) -> None:
    """The US does not object to the 4-AP shipment, and objects to 1-boc-4-piperidone."""
    ok = NotificationReply(notification=s.links["n_4ap"], code=ReplyCode.NO_OBJECTION)
    no = NotificationReply(
        notification=s.links["n_boc"],
        code=ReplyCode.OBJECTION,
        reason="The importer holds no DEA registration for List I chemicals.",
    )
    s.send(s.us, "r_4ap", RecordType.NOTIFICATION_REPLY, ok)
    s.send(s.us, "r_boc", RecordType.NOTIFICATION_REPLY, no)


def send_lead_response(s: Scenario) -> None:
    """China's action on the lead, with the feedback the US asked for."""
    response = AssistanceResponse(
        request=s.links["lead"],
        outcome=AssistanceOutcome.ACTION_TAKEN,
        actions_taken=(
            "Company inspected by the provincial public security bureau",
            "Two online stores closed; 1.2 kg of 4-AP seized at the warehouse",
        ),
        summary="Case opened; the company's export records are shared as evidence.",
        evidence=(s.cn.upload(LEAD_FEEDBACK.encode(), "text/plain"),),
    )
    s.send(s.cn, "lead_response", RecordType.ASSISTANCE_RESPONSE, response)


def send_delivery(s: Scenario) -> None:
    """China's evidence for its commitment (the 2025 notice), and its statement: delivered."""
    evidence = CommitmentEvidence(
        commitment=s.links["c_cn"],
        description="List notice: 4-piperidone and 1-boc-4-piperidone controlled from 2025-07-20",
        evidence=(s.cn.upload(NOTICE_EVIDENCE.encode(), "text/plain"),),
    )
    s.send(s.cn, "c_cn_evidence", RecordType.COMMITMENT_EVIDENCE, evidence)
    status = CommitmentStatus(
        commitment=s.links["c_cn"], status=CommitmentStatusKind.DELIVERED, as_of=s.today
    )
    s.send(s.cn, "c_cn_delivered", RecordType.COMMITMENT_STATUS, status)


def send_outcomes_and_seizure(s: Scenario) -> None:
    """China reports both outcomes; the US reports a seizure linked to the 4-AP shipment."""
    shipped = ShipmentOutcome(s.links["n_4ap"], ShipmentOutcomeKind.SHIPPED, s.today)
    cancelled = ShipmentOutcome(s.links["n_boc"], ShipmentOutcomeKind.CANCELLED, s.today)
    s.send(s.cn, "o_4ap", RecordType.SHIPMENT_OUTCOME, shipped)
    s.send(s.cn, "o_boc", RecordType.SHIPMENT_OUTCOME, cancelled)
    seizure = Incident(
        kind=IncidentKind.SEIZURE,
        occurred_on=s.today,
        place="Port of Long Beach, CA",
        country="US",
        substances=(_line(s.registry, "4-ap", "3"),),
        parties=(EXPORTER,),
        modus_operandi="3 kg more than notified, in drums declared as the notified lot",
        notifications=(s.links["n_4ap"],),
        follow_up=("Please check the exporter's production and sales records.",),
    )
    s.send(s.us, "seizure", RecordType.INCIDENT, seizure)


def countersign_delivery(s: Scenario) -> None:
    """The US agrees that China delivered its commitment."""
    status = CommitmentStatus(
        commitment=s.links["c_cn"],
        status=CommitmentStatusKind.DELIVERED,
        as_of=s.today,
        countersigns=s.links["c_cn_delivered"],
    )
    s.send(s.us, "c_cn_countersigned", RecordType.COMMITMENT_STATUS, status)
