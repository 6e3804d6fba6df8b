"""Sample record contents for tests: a 4-AP notification, an incident, a request, a commitment."""

from __future__ import annotations

from datetime import date
from typing import Any

from counterpart.domain.record_content import PreExportNotification
from counterpart.domain.record_parts import SubstanceLine, TradeParty
from counterpart.domain.record_vocabulary import NotificationKind, TransportMode, Unit

EXPORTER = TradeParty("Hubei Example Chemical Co., Ltd.", "CN", "1 Example Road, Wuhan")
IMPORTER = TradeParty("Example Pharma Inc.", "US", "2 Sample Street, Newark, NJ")


def notification_content(**changes: Any) -> dict[str, Any]:
    """A valid pre-export notification for 25 kg of 4-AP, as JSON content."""
    content: dict[str, Any] = {
        "kind": "listed_precursor",
        "exporter": EXPORTER.to_content(),
        "importer": IMPORTER.to_content(),
        "consignee": None,
        "substances": [
            {"name": "4-anilinopiperidine", "quantity": "25.000", "unit": "kg", "cas": "23056-29-3"}
        ],
        "hs_code": "293339",
        "route": "Shanghai - Los Angeles",
        "point_of_entry": "Port of Los Angeles",
        "transport_mode": "sea",
        "dispatch_date": "2026-04-01",
        "licence_number": "CN-EXP-2026-0042",
        "reply_deadline": "2026-03-20",
    }
    return content | changes


def notification() -> PreExportNotification:
    return PreExportNotification(
        kind=NotificationKind.LISTED_PRECURSOR,
        exporter=EXPORTER,
        importer=IMPORTER,
        substances=(SubstanceLine("4-anilinopiperidine", "25.000", Unit.KG, cas="23056-29-3"),),
        hs_code="293339",
        route="Shanghai - Los Angeles",
        point_of_entry="Port of Los Angeles",
        transport_mode=TransportMode.SEA,
        dispatch_date=date(2026, 4, 1),
        licence_number="CN-EXP-2026-0042",
        reply_deadline=date(2026, 3, 20),
    )


def incident_content(**changes: Any) -> dict[str, Any]:
    content: dict[str, Any] = {
        "kind": "seizure",
        "occurred_on": "2026-04-20",
        "place": "Port of Los Angeles",
        "country": "US",
        "substances": [{"name": "fentanyl", "quantity": "2.5", "unit": "kg"}],
        "parties": [EXPORTER.to_content()],
        "modus_operandi": "declared as 2-phenylethylamine",
        "notifications": [],
        "follow_up": ["Please check the exporter's licence history."],
    }
    return content | changes


def request_content(**changes: Any) -> dict[str, Any]:
    content: dict[str, Any] = {
        "subject": {
            "kind": "website",
            "description": "Online store offering 4-AP with the CAS number",
            "address": "https://shop.example.com/4-ap",
        },
        "requested_action": "Take the listing down and identify the operator.",
        "due_date": "2026-05-30",
        "evidence": ["cd" * 32],
    }
    return content | changes


def commitment_content(**changes: Any) -> dict[str, Any]:
    content: dict[str, Any] = {
        "text": "Schedule 4-piperidone and 1-boc-4-piperidone",
        "owner": "cn",
        "due_date": "2025-06-30",
        "measure": "Notice published with an effective date",
    }
    return content | changes
