"""A corpus of refusals: record contents that do not parse and answers a state machine refuses.

Each is run for real (`parse_content`, `effects_of`), so the errors are the ones the node
raises: an anomaly kept on a record, a form's error, the error page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import pytest

from counterpart.domain.canonical import to_canonical_bytes
from counterpart.domain.errors import CounterpartError
from counterpart.domain.record_content import parse_content
from counterpart.domain.records import RecordType
from counterpart.workflows.coordination_ports import RecordEntry
from counterpart.workflows.evidence import check_evidence
from counterpart.workflows.record_states import effects_of
from tests.domain.record_samples import (
    EXPORTER,
    commitment_content,
    incident_content,
    notification_content,
    request_content,
)

HASH = "ab" * 32
LINK = {"author": "us", "log_index": 0, "leaf_hash": HASH}
NOTICE = RecordType.PRE_EXPORT_NOTIFICATION
DESCRIBED = {"description": "a seller"}
LINE = {"name": "4-anilinopiperidine", "quantity": "25.000", "unit": "kg"}


def substance(**changes: Any) -> dict[str, Any]:
    return notification_content(substances=[LINE | changes])


def reply(code: str = "no_objection", **changes: Any) -> dict[str, Any]:
    return {"notification": LINK, "code": code} | changes


BAD_CONTENT: tuple[tuple[RecordType, dict[str, Any]], ...] = (
    (NOTICE, substance(quantity="25,5")),
    (NOTICE, substance(quantity="0")),
    (NOTICE, substance(unit="lb")),
    (NOTICE, substance(name="   ")),
    (NOTICE, substance(name="4-AP\x01")),
    (NOTICE, substance(name="x" * 301)),
    (NOTICE, substance(name="\ud800")),
    (NOTICE, substance(name=7)),
    (NOTICE, notification_content(substances=[])),
    (NOTICE, notification_content(substances=[LINE] * 101)),
    (NOTICE, notification_content(exporter=EXPORTER.to_content() | {"country": "cn"})),
    (NOTICE, notification_content(hs_code="29")),
    (NOTICE, notification_content(dispatch_date="2026-13-01")),
    (NOTICE, notification_content(dispatch_date="01/04/2026")),
    (NOTICE, notification_content(dispatch_date="2026-03-01")),
    (NOTICE, notification_content(importer=None)),
    (NOTICE, notification_content(consignee="none")),
    (NOTICE, notification_content(colour="red")),
    (NOTICE, notification_content(substances="4-AP")),
    (RecordType.INCIDENT, incident_content(occurred_on=None)),
    (RecordType.NOTIFICATION_REPLY, reply("objection")),
    (RecordType.NOTIFICATION_REPLY, reply(late=True)),
    (RecordType.NOTIFICATION_REPLY, reply(late_reason="traffic")),
    (RecordType.NOTIFICATION_REPLY, reply("maybe")),
    (RecordType.NOTIFICATION_REPLY, reply(notification=LINK | {"log_index": -1})),
    (RecordType.NOTIFICATION_REPLY, reply(notification=LINK | {"leaf_hash": "xyz"})),
    (RecordType.NOTIFICATION_REPLY, reply(notification=LINK | {"author": "u s"})),
    (RecordType.REQUEST_FOR_ASSISTANCE, request_content(subject={"kind": "party"} | DESCRIBED)),
    (RecordType.REQUEST_FOR_ASSISTANCE, request_content(subject={"kind": "wallet"} | DESCRIBED)),
    (RecordType.REQUEST_FOR_ASSISTANCE, request_content(evidence=[HASH, HASH])),
    (RecordType.ASSISTANCE_RESPONSE, {"request": LINK, "outcome": "action_taken"}),
    (RecordType.COMMITMENT, commitment_content(due_date=20250630)),
    (
        RecordType.LIST_NOTICE,
        {"kind": "substance_scheduled", "jurisdiction": "CN", "legal_act": "Notice 1",
         "effective_date": "2026-01-01", "substance": "", "party": EXPORTER.to_content()},
    ),
    (
        RecordType.LIST_NOTICE,
        {"kind": "party_listed", "jurisdiction": "US", "legal_act": "Notice 2",
         "effective_date": "2026-01-01", "substance": "4-AP"},
    ),
)  # fmt: skip


def entry(record_type: RecordType, state: str, author: str = "us", **extra: Any) -> RecordEntry:
    """A projected record of `author` (to cn, due 2026-03-20) in `state`."""
    moment = datetime(2026, 3, 1, tzinfo=UTC)
    fields: dict[str, Any] = {
        "leaf_hash": HASH, "content": {}, "deadline": date(2026, 3, 20), "waiting_on": "cn",
    } | extra  # fmt: skip
    return RecordEntry(
        "self", 0, record_type=record_type, author=author, addressed_to="cn", sequence=1,
        claimed_at=moment, state=state, summary="", **fields,
    )  # fmt: skip


def answer(record_type: RecordType, content: dict[str, Any]) -> Any:
    return parse_content(record_type, content)


REPLY = RecordType.NOTIFICATION_REPLY
OUTCOME = RecordType.SHIPMENT_OUTCOME
STATUS = RecordType.COMMITMENT_STATUS
ON = date(2026, 3, 10)
STATUS_LINKS = {"commitment": LINK, "status": "delivered", "as_of": "2026-03-01"}
COUNTERSIGN = STATUS_LINKS | {"countersigns": LINK | {"log_index": 1}}
PROPOSAL = entry(STATUS, "proposed", "cn", content={"commitment": {"leaf_hash": HASH}})

# (content's type, content, who answers, when, the records it answers)
BAD_ANSWERS: tuple[tuple[RecordType, dict[str, Any], str, date, tuple[RecordEntry, ...]], ...] = (
    (REPLY, reply(), "cn", ON, (entry(RecordType.INCIDENT, "reported"),)),
    (REPLY, reply(), "us", ON, (entry(NOTICE, "awaiting_reply"),)),
    (REPLY, reply(), "cn", ON, (entry(NOTICE, "objected"),)),
    (REPLY, reply("acknowledge"), "cn", ON, (entry(NOTICE, "acknowledged"),)),
    (REPLY, reply("request_for_information", reason="?"), "cn", ON,
     (entry(NOTICE, "information_requested"),)),
    (REPLY, reply(), "cn", date(2026, 3, 25), (entry(NOTICE, "awaiting_reply"),)),
    (REPLY, reply(late=True, late_reason="x"), "cn", ON, (entry(NOTICE, "awaiting_reply"),)),
    (OUTCOME, {"notification": LINK, "outcome": "shipped", "occurred_on": "2026-03-02"}, "cn",
     ON, (entry(NOTICE, "no_objection"),)),
    (OUTCOME, {"notification": LINK, "outcome": "shipped", "occurred_on": "2026-03-02"}, "us",
     ON, (entry(NOTICE, "awaiting_reply"),)),
    (OUTCOME, {"notification": LINK, "outcome": "stopped", "occurred_on": "2026-03-02"}, "us",
     ON, (entry(NOTICE, "seized"),)),
    (OUTCOME, {"notification": LINK, "outcome": "arrived", "occurred_on": "2026-03-02"}, "us",
     ON, (entry(NOTICE, "objected"),)),
    (OUTCOME, {"notification": LINK, "outcome": "shipped", "occurred_on": "2026-03-02"}, "us",
     ON, (entry(NOTICE, "shipped"),)),
    (RecordType.ASSISTANCE_RESPONSE, {"request": LINK, "outcome": "no_findings"}, "us", ON,
     (entry(RecordType.REQUEST_FOR_ASSISTANCE, "open"),)),
    (RecordType.ASSISTANCE_RESPONSE, {"request": LINK, "outcome": "no_findings"}, "cn", ON,
     (entry(RecordType.REQUEST_FOR_ASSISTANCE, "declined"),)),
    (STATUS, COUNTERSIGN, "us", ON, (entry(RecordType.COMMITMENT, "open"),)),
    (STATUS, COUNTERSIGN, "us", ON,
     (entry(RecordType.COMMITMENT, "open"), entry(STATUS, "countersigned", "cn"))),
    (STATUS, COUNTERSIGN, "us", ON,
     (entry(RecordType.COMMITMENT, "open", leaf_hash="cd" * 32), PROPOSAL)),
    (STATUS, COUNTERSIGN, "cn", ON, (entry(RecordType.COMMITMENT, "open"), PROPOSAL)),
    (STATUS, COUNTERSIGN | {"status": "withdrawn"}, "us", ON,
     (entry(RecordType.COMMITMENT, "open"),
      entry(STATUS, "proposed", "cn", content={"commitment": {"leaf_hash": HASH},
                                              "status": "delivered"}))),
)  # fmt: skip


def attempts() -> Iterator[Callable[[], object]]:
    """Every refusal of the corpus, as a call that raises it."""
    for record_type, content in BAD_CONTENT:
        yield partial(parse_content, record_type, content)
    for record_type, content, author, on, targets in BAD_ANSWERS:
        yield partial(effects_of, answer(record_type, content), author, on, targets)
    yield partial(check_evidence, b"x" * 11, "text/plain", 10)
    yield partial(check_evidence, b"", "text/plain", 10)
    yield partial(to_canonical_bytes, {"text": "x" * 70_000})


def refusals() -> list[CounterpartError]:
    """The errors the corpus raises, one per attempt (each must refuse)."""
    found = []
    for attempt in attempts():
        with pytest.raises(CounterpartError) as refused:
            attempt()
        found.append(refused.value)
    return found
