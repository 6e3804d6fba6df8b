"""The draft forms' fields turned into record content, type by type; the domain checks it.

A form holds text only: empty optional fields are left out, lists are one item a line or
repeated rows, and a linked record is typed as `author/index` and resolved by the caller
(`Link`) to the record with its leaf hash, so that a draft never names a record it cannot see.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, message
from counterpart.domain.records import RecordType
from counterpart.web.ui.record_view import lines_of

Fields = Mapping[str, Sequence[str]]  # a form: each name with its values, in order
Link = Callable[[str, int], dict[str, Any]]  # (author, index) -> a link's content
SUBSTANCE_ROWS = 3
DRAFTED_TYPES = (
    RecordType.PRE_EXPORT_NOTIFICATION,
    RecordType.INCIDENT,
    RecordType.REQUEST_FOR_ASSISTANCE,
    RecordType.LIST_NOTICE,
    RecordType.COMMITMENT,
)


def one(fields: Fields, name: str) -> str:
    """The first value of a field, stripped ("" when absent)."""
    values = fields.get(name) or ("",)
    return values[0].strip()


def party_of_form(fields: Fields, prefix: str) -> dict[str, Any] | None:
    """A trade party from `<prefix>_name`, `_country`, `_address`; None when all are empty."""
    name, country = one(fields, f"{prefix}_name"), one(fields, f"{prefix}_country").upper()
    address = one(fields, f"{prefix}_address")
    if not (name or country or address):
        return None
    return {"name": name, "country": country, "address": address, "identifiers": []}


def substances_of_form(fields: Fields) -> list[dict[str, Any]]:
    """The substance rows that have anything typed in them (name, CAS, quantity, unit)."""
    columns = ("substance_name", "substance_cas", "substance_quantity", "substance_unit")
    rows = zip(*(list(fields.get(c) or ()) for c in columns), strict=False)
    lines = []
    for name, cas, quantity, unit in rows:
        if not (name.strip() or cas.strip() or quantity.strip()):
            continue
        line: dict[str, Any] = {"name": name.strip(), "quantity": quantity.strip(), "unit": unit}
        if cas.strip():
            line["cas"] = cas.strip()
        lines.append(line)
    return lines


def links_of_form(text: str, link: Link, where: str) -> list[dict[str, Any]]:
    """Records typed one a line as `author/index` (e.g. `us/0`), each resolved by `link`."""
    links = []
    for line in lines_of(text):
        author, _, index = line.partition("/")
        if not author or not index.isdigit() or len(index) > 15:
            said = message(
                N_("%(line)s is not a record as author/index (e.g. us/0)"), line=repr(line)
            )
            raise InvalidInput(said, where=where)
        links.append(link(author.strip().lower(), int(index)))
    return links


def notification_of_form(fields: Fields, _link: Link) -> dict[str, Any]:
    content: dict[str, Any] = {
        "kind": one(fields, "kind"),
        "exporter": party_of_form(fields, "exporter"),
        "importer": party_of_form(fields, "importer"),
        "consignee": party_of_form(fields, "consignee"),
        "substances": substances_of_form(fields),
        "hs_code": one(fields, "hs_code"),
        "route": one(fields, "route"),
        "point_of_entry": one(fields, "point_of_entry"),
        "transport_mode": one(fields, "transport_mode"),
        "dispatch_date": one(fields, "dispatch_date"),
        "licence_number": one(fields, "licence_number"),
    }
    if one(fields, "reply_deadline"):
        content["reply_deadline"] = one(fields, "reply_deadline")
    return content


def incident_of_form(fields: Fields, link: Link) -> dict[str, Any]:
    exporter = party_of_form(fields, "exporter")
    return {
        "kind": one(fields, "kind"),
        "occurred_on": one(fields, "occurred_on"),
        "place": one(fields, "place"),
        "country": one(fields, "country").upper(),
        "substances": substances_of_form(fields),
        "parties": [exporter] if exporter else [],
        "modus_operandi": one(fields, "modus_operandi"),
        "notifications": links_of_form(one(fields, "notifications"), link, "notifications"),
        "follow_up": lines_of(one(fields, "follow_up")),
    }


def request_of_form(fields: Fields, link: Link) -> dict[str, Any]:
    subject: dict[str, Any] = {
        "kind": one(fields, "subject_kind"),
        "description": one(fields, "subject_description"),
        "address": one(fields, "subject_address"),
    }
    linked = links_of_form(one(fields, "notifications"), link, "notifications")
    if linked:
        subject["notification"] = linked[0]
    return {
        "subject": subject,
        "requested_action": one(fields, "requested_action"),
        "due_date": one(fields, "due_date"),
        "evidence": lines_of(one(fields, "evidence")),
    }


def commitment_of_form(fields: Fields, _link: Link) -> dict[str, Any]:
    return {
        "text": one(fields, "text"),
        "owner": one(fields, "owner").lower(),
        "due_date": one(fields, "due_date"),
        "measure": one(fields, "measure"),
    }


def list_notice_of_form(fields: Fields, _link: Link) -> dict[str, Any]:
    """A substance scheduled (its name, CAS, schedule) or a party listed or delisted."""
    content: dict[str, Any] = {
        "kind": one(fields, "kind"),
        "jurisdiction": one(fields, "jurisdiction").upper(),
        "legal_act": one(fields, "legal_act"),
        "effective_date": one(fields, "effective_date"),
        "substance": one(fields, "substance"),
        "cas": one(fields, "cas"),
        "schedule": one(fields, "schedule"),
    }
    party = party_of_form(fields, "party")
    if party is not None:
        content["party"] = party
    return content


BUILDERS: dict[RecordType, Callable[[Fields, Link], dict[str, Any]]] = {
    RecordType.PRE_EXPORT_NOTIFICATION: notification_of_form,
    RecordType.INCIDENT: incident_of_form,
    RecordType.REQUEST_FOR_ASSISTANCE: request_of_form,
    RecordType.LIST_NOTICE: list_notice_of_form,
    RecordType.COMMITMENT: commitment_of_form,
}


def content_of_form(record_type: RecordType, fields: Fields, link: Link) -> dict[str, Any]:
    """The content a draft form describes; a type without a form is refused."""
    builder = BUILDERS.get(record_type)
    if builder is None:
        names = ", ".join(t.value for t in DRAFTED_TYPES)
        raise InvalidInput(f"no draft form for {record_type.value} (one of: {names})", where="type")
    return builder(fields, link)


PARTY_PREFIXES = ("exporter", "importer", "consignee", "party")
LINE_LISTS = ("follow_up", "evidence", "actions_taken")


def fields_of_content(content: Mapping[str, Any]) -> dict[str, list[str]]:
    """A draft's content as the form that makes it: the way back of `content_of_form`, so
    that editing a draft starts from what it holds (parties, substance rows, linked records
    as `author/index`, lists one item a line)."""
    fields: dict[str, list[str]] = {}
    for key, value in content.items():
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            fields[key] = [str(value)]
    parties = {p: content.get(p) for p in PARTY_PREFIXES}
    if content.get("parties"):
        parties["exporter"] = content["parties"][0]  # an incident's party involved
    for prefix, party in parties.items():
        if isinstance(party, Mapping):
            for part in ("name", "country", "address"):
                fields[f"{prefix}_{part}"] = [str(party.get(part) or "")]
    subject = content.get("subject")
    if isinstance(subject, Mapping):
        for part in ("kind", "description", "address"):
            fields[f"subject_{part}"] = [str(subject.get(part) or "")]
    links = content.get("notifications") or []
    if isinstance(subject, Mapping) and subject.get("notification"):
        links = [subject["notification"]]
    fields["notifications"] = ["\n".join(f"{x['author']}/{x['log_index']}" for x in links)]
    for key in LINE_LISTS:
        if isinstance(content.get(key), list):
            fields[key] = ["\n".join(str(item) for item in content[key])]
    fields.update(substance_columns(content.get("substances") or []))
    return fields


def substance_columns(lines: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Substance lines as the form's columns, one row each."""
    return {
        "substance_name": [str(line.get("name") or "") for line in lines],
        "substance_cas": [str(line.get("cas") or "") for line in lines],
        "substance_quantity": [str(line.get("quantity") or "") for line in lines],
        "substance_unit": [str(line.get("unit") or "") for line in lines],
    }
