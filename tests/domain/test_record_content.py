"""Record content: round trips through canonical JSON, and each bad field refused at its path."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from counterpart.domain.canonical import from_canonical_bytes, to_canonical_bytes
from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, message, to_json
from counterpart.domain.record_cases import AssistanceRequest, CommitmentStatus
from counterpart.domain.record_content import (
    NotificationReply,
    PreExportNotification,
    parse_content,
)
from counterpart.domain.record_fields import RecordLink
from counterpart.domain.record_parts import (
    JurisdictionVerdict,
    PartyCheck,
    ScreeningSummary,
    SubstanceCheck,
    SubstanceLine,
)
from counterpart.domain.record_vocabulary import (
    LABELS,
    VOCABULARIES,
    CommitmentStatusKind,
    ReplyCode,
    Unit,
    label_zh,
)
from counterpart.domain.records import RecordType
from counterpart.domain.substances import Jurisdiction, Status
from tests.domain.record_samples import (
    commitment_content,
    incident_content,
    notification,
    notification_content,
    request_content,
)

LINK = RecordLink("cn", 3, "ab" * 32)


def _round_trip(record_type: RecordType, content: dict[str, Any]) -> Any:
    parsed = parse_content(record_type, content)
    again = parse_content(
        record_type, from_canonical_bytes(to_canonical_bytes(parsed.to_content()))
    )
    assert again == parsed
    return parsed


def test_every_vocabulary_term_has_both_labels() -> None:
    for vocabulary in VOCABULARIES:
        for term in vocabulary:
            english, chinese = LABELS[term]
            assert english and chinese and english != chinese
    assert label_zh(ReplyCode.OBJECTION) == "反对"


def test_notification_round_trips_and_matches_the_dataclass() -> None:
    parsed = _round_trip(RecordType.PRE_EXPORT_NOTIFICATION, notification_content())
    assert parsed == notification()
    assert parsed.to_content()["substances"][0] == {
        "name": "4-anilinopiperidine",
        "quantity": "25.000",
        "unit": "kg",
        "cas": "23056-29-3",
    }


def test_screening_summary_travels_inside_the_content() -> None:
    check = SubstanceCheck(
        "substances[0]",
        "23056-29-3",
        (JurisdictionVerdict(Jurisdiction.CN, Status.CONTROLLED, "4-ap"),),
    )
    screened = notification().with_screening(ScreeningSummary(date(2026, 3, 1), (check,)))
    content = screened.to_content()
    assert content["screening"]["flagged"] is True
    assert parse_content(RecordType.PRE_EXPORT_NOTIFICATION, content) == screened
    content["screening"]["flagged"] = False
    with pytest.raises(InvalidInput, match="flagged does not agree") as caught:
        parse_content(RecordType.PRE_EXPORT_NOTIFICATION, content)
    assert caught.value.where == "$.content.screening.flagged"


def test_a_screening_problem_travels_with_its_message_and_older_records_still_read() -> None:
    said = message(N_("not a valid SMILES: %(reason)s"), reason="unclosed ring")
    problem = SubstanceCheck("substances[0]", "C1CC(", error=said.english(), error_message=said)
    party = PartyCheck("exporter", "12345", error="the name '12345' has no letters")
    screened = notification().with_screening(
        ScreeningSummary(date(2026, 3, 1), (problem,), (party,))
    )
    content = from_canonical_bytes(to_canonical_bytes(screened.to_content()))
    checks = content["screening"]
    assert checks["substances"][0]["error_message"] == to_json(said)
    assert "error_message" not in checks["parties"][0]  # no message: the content it always had
    assert parse_content(RecordType.PRE_EXPORT_NOTIFICATION, content) == screened
    del checks["substances"][0]["error_message"]  # as a record filed before messages were kept
    older = parse_content(RecordType.PRE_EXPORT_NOTIFICATION, content)
    assert isinstance(older, PreExportNotification) and older.screening is not None
    assert older.screening.substances[0].error_message is None
    checks["substances"][0]["error_message"] = {"id": "%(reason)s", "params": {}}
    with pytest.raises(InvalidInput, match="is not a message") as caught:
        parse_content(RecordType.PRE_EXPORT_NOTIFICATION, content)
    assert caught.value.where == "$.content.screening.substances[0].error_message"
    checks["substances"][0]["error_message"] = "not a valid SMILES"
    with pytest.raises(InvalidInput, match=r"is not a message$"):
        parse_content(RecordType.PRE_EXPORT_NOTIFICATION, content)


@pytest.mark.parametrize(
    ("changes", "where", "message"),
    [
        (
            {"substances": [{"name": "x", "quantity": "1", "unit": "lb"}]},
            "$.content.substances[0].unit",
            "not a known Unit",
        ),
        (
            {"substances": [{"name": "x", "quantity": "-5", "unit": "kg"}]},
            "$.content.substances[0].quantity",
            "greater than zero",
        ),
        (
            {"substances": [{"name": "x", "quantity": "0", "unit": "kg"}]},
            "$.content.substances[0].quantity",
            "greater than zero",
        ),
        (
            {"substances": [{"name": "x", "quantity": 5, "unit": "kg"}]},
            "$.content.substances[0].quantity",
            "must be text",
        ),
        (
            {"substances": [{"name": "x", "quantity": "1e3", "unit": "kg"}]},
            "$.content.substances[0].quantity",
            "decimal string",
        ),
        ({"substances": []}, "$.content.substances", "at least one substance"),
        ({"dispatch_date": "2026-03-01"}, "$.content.dispatch_date", "before the reply deadline"),
        ({"dispatch_date": "2026-02-30"}, "$.content.dispatch_date", "not a real date"),
        ({"hs_code": "29A3"}, "$.content.hs_code", "HS code"),
        ({"transport_mode": "teleport"}, "$.content.transport_mode", "TransportMode"),
        ({"exporter": {"name": "A", "country": "China"}}, "$.content.exporter.country", "alpha-2"),
        ({"route": "via \udc80"}, "$.content.route", "not valid UTF-8"),
        ({"route": "a\x00b"}, "$.content.route", "control character"),
        ({"colour": "red"}, "$.content", "unknown fields .'colour'."),
        ({"licence_number": None}, "$.content.licence_number", "is required"),
    ],
)
def test_bad_notification_fields_are_refused_at_their_path(
    changes: dict[str, Any], where: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        parse_content(RecordType.PRE_EXPORT_NOTIFICATION, notification_content(**changes))
    assert caught.value.where == where


def test_units_are_a_closed_vocabulary() -> None:
    assert [unit.value for unit in Unit] == ["kg", "g", "mg", "µg", "t", "L", "mL", "piece"]
    with pytest.raises(InvalidInput, match="not a known Unit"):
        SubstanceLine("x", "1", "KG")  # type: ignore[arg-type]


def test_reply_rules() -> None:
    with pytest.raises(InvalidInput, match="must give a reason"):
        NotificationReply(LINK, ReplyCode.OBJECTION)
    with pytest.raises(InvalidInput, match="say why it is late"):
        NotificationReply(LINK, ReplyCode.NO_OBJECTION, late=True)
    late = NotificationReply(LINK, ReplyCode.OBJECTION, "licence unknown", True, "holiday")
    assert _round_trip(RecordType.NOTIFICATION_REPLY, late.to_content()) == late


def test_other_types_round_trip() -> None:
    incident = _round_trip(RecordType.INCIDENT, incident_content())
    assert incident.named_parties[0][0] == "parties[0]"
    request = _round_trip(RecordType.REQUEST_FOR_ASSISTANCE, request_content())
    assert isinstance(request, AssistanceRequest)
    _round_trip(RecordType.COMMITMENT, commitment_content())
    status = CommitmentStatus(LINK, CommitmentStatusKind.DELIVERED, date(2025, 7, 1))
    assert _round_trip(RecordType.COMMITMENT_STATUS, status.to_content()) == status
    notice = {
        "kind": "substance_scheduled",
        "jurisdiction": "CN",
        "legal_act": "Announcement on adding 4-AP to the list of precursor chemicals",
        "effective_date": "2024-09-01",
        "substance": "4-anilinopiperidine",
    }
    _round_trip(RecordType.LIST_NOTICE, notice)
    outcome = {"notification": LINK.to_content(), "outcome": "seized", "occurred_on": "2026-04-20"}
    _round_trip(RecordType.SHIPMENT_OUTCOME, outcome)
    response = {
        "request": LINK.to_content(),
        "outcome": "action_taken",
        "actions_taken": ["closed"],
    }
    _round_trip(RecordType.ASSISTANCE_RESPONSE, response)
    evidence = {"commitment": LINK.to_content(), "description": "notice", "evidence": ["ef" * 32]}
    _round_trip(RecordType.COMMITMENT_EVIDENCE, evidence)


def test_case_rules() -> None:
    with pytest.raises(InvalidInput, match="website subject gives its address") as caught:
        parse_content(
            RecordType.REQUEST_FOR_ASSISTANCE,
            request_content(subject={"kind": "website", "description": "a shop"}),
        )
    assert caught.value.where == "$.content.subject.address"
    with pytest.raises(InvalidInput, match="listed twice"):
        parse_content(RecordType.REQUEST_FOR_ASSISTANCE, request_content(evidence=["cd" * 32] * 2))
    with pytest.raises(InvalidInput, match="names a party"):
        parse_content(
            RecordType.LIST_NOTICE,
            {
                "kind": "party_listed",
                "jurisdiction": "US",
                "legal_act": "x",
                "effective_date": "2024-01-01",
            },
        )
    with pytest.raises(InvalidInput, match="lists the actions"):
        parse_content(
            RecordType.ASSISTANCE_RESPONSE,
            {"request": LINK.to_content(), "outcome": "action_taken"},
        )


def test_a_typed_notification_is_checked_however_it_is_built() -> None:
    with pytest.raises(InvalidInput, match="before the reply deadline"):
        PreExportNotification(**{**_fields(notification()), "dispatch_date": date(2026, 1, 1)})


def _fields(value: PreExportNotification) -> dict[str, Any]:
    return {name: getattr(value, name) for name in value.__dataclass_fields__}
