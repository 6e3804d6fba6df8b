"""The coordination records as the pages show them: entries, vocabularies in both languages,
the cosignature time of a record, and the form fields turned into record content."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from counterpart.domain.errors import NotFound
from counterpart.domain.record_vocabulary import VOCABULARIES, label_en, label_zh
from counterpart.web.api.log import Node
from counterpart.web.api.record_schemas import to_record_out
from counterpart.workflows.compliance_records import first_cosigned_at, open_node_records
from counterpart.workflows.coordination_ports import OWN_LOG, RecordEntry
from counterpart.workflows.record_states import is_pending

VOCABULARY: dict[str, type[StrEnum]] = {v.__name__: v for v in VOCABULARIES}
# Which vocabulary a content field's value is a term of: by field, or by record type and field.
FIELD_VOCABULARY = {
    "transport_mode": "TransportMode",
    "code": "ReplyCode",
    "status": "CommitmentStatusKind",
}
TYPED_VOCABULARY = {
    ("pre_export_notification", "kind"): "NotificationKind",
    ("incident", "kind"): "IncidentKind",
    ("list_notice", "kind"): "ListNoticeKind",
    ("shipment_outcome", "outcome"): "ShipmentOutcomeKind",
    ("assistance_response", "outcome"): "AssistanceOutcome",
}
# The order a record's fields are shown in (canonical JSON sorts them by name).
FIELD_ORDER = (
    "kind", "code", "outcome", "status", "subject", "text", "description", "exporter",
    "importer", "consignee", "substances", "hs_code", "licence_number", "route",
    "point_of_entry", "transport_mode", "dispatch_date", "reply_deadline", "occurred_on",
    "place", "country", "parties", "modus_operandi", "requested_action", "due_date", "owner",
    "measure", "as_of", "reason", "late", "late_reason", "note", "actions_taken", "summary",
    "follow_up", "evidence",
)  # fmt: skip
DATE_FIELDS = ("dispatch_date", "reply_deadline", "occurred_on", "due_date", "as_of",
               "effective_date")  # fmt: skip
LINK_FIELDS = ("notification", "request", "commitment", "countersigns", "notifications")
# What an answer to a record is filed as, by the answered record's type.
ANSWERS = {
    "pre_export_notification": ("reply", "outcome"),
    "request_for_assistance": ("response",),
    "commitment": ("evidence", "status"),
}


def term_of(vocabulary: str, value: object) -> dict[str, str] | None:
    """A vocabulary term with both labels, or None when `value` is not one of its terms."""
    for term in VOCABULARY[vocabulary]:
        if term.value == value:
            return {"value": term.value, "label_en": label_en(term), "label_zh": label_zh(term)}
    return None


def terms_of(vocabulary: str) -> list[dict[str, str]]:
    """Every term of a vocabulary with both labels, for a form's choices."""
    return [
        {"value": t.value, "label_en": label_en(t), "label_zh": label_zh(t)}
        for t in VOCABULARY[vocabulary]
    ]


def to_entry_data(entry: RecordEntry, *, with_content: bool = False) -> dict[str, Any]:
    """A record as the API shows it (both labels of its type), plus where its page is."""
    data: dict[str, Any] = to_record_out(entry, with_content=with_content).model_dump(mode="json")
    data["href"] = f"/records/{entry.author}/{entry.index}"
    data["direction"] = "sent" if entry.log == OWN_LOG else "received"
    data["pending"] = is_pending(entry.state)
    if with_content:
        data["fields"] = display_fields(entry.record_type.value, entry.content)
    return data


def display_fields(record_type: str, content: dict[str, Any]) -> list[dict[str, Any]]:
    """The content's fields in order, each with how to show it (the screening and the
    links are shown apart): a vocabulary term, a party, parties, substances, lines or text."""
    fields = []
    rank = {key: number for number, key in enumerate(FIELD_ORDER)}
    for key, value in sorted(content.items(), key=lambda item: rank.get(item[0], len(rank))):
        if key == "screening" or key in LINK_FIELDS or value in (None, "", [], False):
            continue
        vocabulary = TYPED_VOCABULARY.get((record_type, key)) or FIELD_VOCABULARY.get(key)
        fields.append({"key": key, "show": _show(key, value, vocabulary), "value": value,
                       "vocabulary": vocabulary})  # fmt: skip
    return fields


def _show(key: str, value: Any, vocabulary: str | None) -> str:
    if vocabulary is not None:
        return "term"
    if key in DATE_FIELDS:
        return "date"
    if key in {"substances", "subject"}:
        return key
    if isinstance(value, dict):
        return "party"
    if isinstance(value, list):
        return "parties" if value and isinstance(value[0], dict) else "lines"
    return "flag" if isinstance(value, bool) else "text"


def linked_records(content: dict[str, Any]) -> list[dict[str, Any]]:
    """The records a content links to (notifications, requests, commitments), with their pages."""
    links: list[dict[str, Any]] = []
    for key in ("notification", "request", "commitment", "countersigns"):
        if isinstance(content.get(key), dict):
            links.append(content[key])
    for key in ("notifications",):
        links.extend(item for item in content.get(key) or () if isinstance(item, dict))
    subject = content.get("subject")
    if isinstance(subject, dict) and isinstance(subject.get("notification"), dict):
        links.append(subject["notification"])
    return [
        {**link, "href": f"/records/{link.get('author')}/{link.get('log_index')}"} for link in links
    ]


def cosigned_at(node: Node, entry: RecordEntry) -> datetime | None:
    """When the party that did not write the record first cosigned a checkpoint covering it."""
    try:
        source = open_node_records(node.stores.own, node.stores.book, node.stores.log_named)
    except NotFound:
        return None  # no counterpart yet: nothing is cosigned
    if entry.log == OWN_LOG:
        log, signer = source.own, source.counterpart_signer
    else:
        log, signer = source.mirror, source.own_signer
    times = [(c.size, c.timestamp) for c in log.cosignatures() if c.signer == signer]
    return first_cosigned_at(times, entry.index)


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a text field (hashes, actions), stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
