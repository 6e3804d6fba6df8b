"""The words the UI shows for the product's enums; each is a msgid of the catalogs.

`N_` only marks a string for extraction; templates translate it with `_()` when rendering.
"""

from __future__ import annotations

from counterpart.domain import messages
from counterpart.domain.parties import MatchVerdict, Schema
from counterpart.domain.records import RecordType
from counterpart.domain.substances import Family, InputKind, Jurisdiction, Status
from counterpart.workflows.access_model import Role

N_ = messages.N_  # the pages mark their messages with it


STATUS = {
    Status.CONTROLLED: N_("Controlled"),
    Status.CLASS_CONTROLLED: N_("Controlled as a class"),
    Status.REVIEW: N_("Needs expert review"),
    Status.WATCH: N_("Watch: designer precursor"),
    Status.NOT_CONTROLLED: N_("Not controlled"),
    Status.UNRESOLVED: N_("Unresolved: not screened"),
}
FAMILY = {
    Family.FENTANYL: N_("Fentanyl and analogues"),
    Family.FENTANYL_PRECURSOR: N_("Fentanyl precursor"),
    Family.OTHER: N_("Other controlled substance"),
    Family.NONE: N_("None"),
}
JURISDICTION = {
    Jurisdiction.UN: N_("United Nations"),
    Jurisdiction.US: N_("United States"),
    Jurisdiction.CN: N_("China"),
    Jurisdiction.EU: N_("European Union"),
}
INPUT_KIND = {
    InputKind.SMILES: N_("SMILES"),
    InputKind.INCHI: N_("InChI"),
    InputKind.INCHIKEY: N_("InChIKey"),
    InputKind.MOLFILE: N_("Molfile"),
    InputKind.CAS: N_("CAS number"),
    InputKind.NAME: N_("Name"),
}
MATCH_VERDICT = {
    MatchVerdict.MATCH: N_("Match"),
    MatchVerdict.POSSIBLE: N_("Possible match"),
    MatchVerdict.NO_MATCH: N_("No match"),
}
SCHEMA = {
    Schema.PERSON: N_("Person"),
    Schema.COMPANY: N_("Company"),
    Schema.ORGANIZATION: N_("Organization"),
    Schema.LEGAL_ENTITY: N_("Legal entity"),
    Schema.CRYPTO_WALLET: N_("Crypto wallet"),
    Schema.VESSEL: N_("Vessel"),
    Schema.AIRPLANE: N_("Airplane"),
}
ROLE = {
    Role.VIEWER: N_("Viewer"),
    Role.ANALYST: N_("Analyst"),
    Role.APPROVER: N_("Approver"),
    Role.ADMIN: N_("Administrator"),
}
# The party scorer's features (`watchlists/scoring.py`), as its reasons name them.
FEATURE = {
    "name": N_("Names"),
    "identifier": N_("Identifiers"),
    "birth_date": N_("Date of birth"),
    "wallet": N_("Wallet address"),
    "schema": N_("Kind of party"),
}
# The vocabularies of the node's composed messages (`domain/messages.py` terms).
GROUP_KIND = {  # the substituent kinds the FRS definitions list (`chemistry/groups.py`)
    "alkyl": N_("alkyl"),
    "alkenyl": N_("alkenyl"),
    "alkoxyl/ether": N_("alkoxyl/ether"),
    "ester": N_("ester"),
    "hydroxyl": N_("hydroxyl"),
    "halo": N_("halo"),
    "haloalkyl": N_("haloalkyl"),
    "amino": N_("amino"),
    "nitro": N_("nitro"),
    "oxo": N_("oxo"),
}
ACYL_KIND = {"amide": N_("amide"), "carbamate": N_("carbamate")}
IDENTIFIER_KIND = {  # FollowTheMoney properties the party scorer compares
    "uscCode": N_("unified social credit code"),
    "idNumber": N_("national ID number"),
    "registrationNumber": N_("registration number"),
    "innCode": N_("INN tax number"),
    "taxNumber": N_("tax number"),
    "vatCode": N_("VAT number"),
    "imoNumber": N_("IMO number"),
    "passportNumber": N_("passport number"),
    "swiftBic": N_("SWIFT/BIC code"),
    "dunsCode": N_("DUNS number"),
}
ROMANISATION = {  # the systems in which two names read alike (`watchlists/names/`)
    "pinyin": N_("pinyin"),
    "wade_giles": N_("Wade-Giles"),
    "cantonese": N_("Cantonese"),
}
ALARM_KIND = {  # what a mirror or witness saw (`workflows/mirroring.py`, `witness.py`)
    "unsigned_checkpoint": N_("Checkpoint without a valid signature"),
    "inconsistent_checkpoint": N_("Checkpoint inconsistent with the log"),
    "forked_checkpoint": N_("Two checkpoints of the same size (a fork)"),
    "consistency_proof_rejected": N_("Consistency proof rejected"),
    # what a neutral witness answered for this node's log (`workflows/witness_submission.py`)
    "witness_saw_larger_log": N_("A neutral witness saw a larger log"),
    "witness_rejected_proof": N_("A neutral witness rejected the consistency proof"),
    "witness_cosignature_refused": N_("A neutral witness's cosignature refused"),
}
RECORD_TYPE = {
    RecordType.PRE_EXPORT_NOTIFICATION: N_("Pre-export notification"),
    RecordType.NOTIFICATION_REPLY: N_("Reply to a notification"),
    RecordType.SHIPMENT_OUTCOME: N_("Shipment outcome"),
    RecordType.INCIDENT: N_("Incident"),
    RecordType.REQUEST_FOR_ASSISTANCE: N_("Request for assistance"),
    RecordType.ASSISTANCE_RESPONSE: N_("Response to a request for assistance"),
    RecordType.LIST_NOTICE: N_("List notice"),
    RecordType.COMMITMENT: N_("Commitment"),
    RecordType.COMMITMENT_EVIDENCE: N_("Evidence of a commitment"),
    RecordType.COMMITMENT_STATUS: N_("Status of a commitment"),
}
RECORD_STATE = {
    "awaiting_reply": N_("Awaiting a reply"),
    "acknowledged": N_("Acknowledged"),
    "information_requested": N_("Information requested"),
    "no_objection": N_("No objection"),
    "objected": N_("Objected"),
    "shipped": N_("Shipped"),
    "arrived": N_("Arrived"),
    "stopped": N_("Stopped"),
    "seized": N_("Seized"),
    "cancelled": N_("Cancelled"),
    "open": N_("Open"),
    "in_progress": N_("In progress"),
    "action_taken": N_("Action taken"),
    "no_findings": N_("No findings"),
    "declined": N_("Declined"),
    "delivered": N_("Delivered"),
    "not_delivered": N_("Not delivered"),
    "withdrawn": N_("Withdrawn"),
    "proposed": N_("Proposed"),
    "countersigned": N_("Countersigned"),
    "sent": N_("Sent"),
    "reported": N_("Reported"),
    "published": N_("Published"),
    "unreadable": N_("Kept with an anomaly"),  # no state: the record broke a rule (its anomaly)
}
JSON_TYPE = {  # the types a record's field may need (`domain/record_fields.py`)
    "text": N_("text"),
    "an integer": N_("an integer"),
    "a number": N_("a number"),
    "true or false": N_("true or false"),
    "a list": N_("a list"),
    "an object": N_("an object"),
}
CONTENT_FIELD = {
    "kind": N_("Kind"),
    "exporter": N_("Exporter"),
    "importer": N_("Importer"),
    "consignee": N_("Consignee"),
    "substances": N_("Substances"),
    "hs_code": N_("HS code"),
    "route": N_("Route"),
    "point_of_entry": N_("Point of entry"),
    "transport_mode": N_("Transport mode"),
    "dispatch_date": N_("Dispatch date"),
    "licence_number": N_("Licence number"),
    "reply_deadline": N_("Reply deadline"),
    "code": N_("Reply"),
    "reason": N_("Reason"),
    "late": N_("Late"),
    "late_reason": N_("Reason for lateness"),
    "outcome": N_("Outcome"),
    "occurred_on": N_("Occurred on"),
    "note": N_("Note"),
    "place": N_("Place"),
    "country": N_("Country"),
    "parties": N_("Parties"),
    "modus_operandi": N_("Modus operandi"),
    "follow_up": N_("Follow-up requested"),
    "subject": N_("Subject"),
    "requested_action": N_("Action requested"),
    "due_date": N_("Due date"),
    "evidence": N_("Evidence (SHA-256)"),
    "actions_taken": N_("Actions taken"),
    "summary": N_("Summary"),
    "jurisdiction": N_("Jurisdiction"),
    "legal_act": N_("Legal act"),
    "effective_date": N_("Effective date"),
    "substance": N_("Substance"),
    "cas": N_("CAS number"),
    "party": N_("Party"),
    "schedule": N_("Schedule"),
    "text": N_("Commitment"),
    "owner": N_("Owed by"),
    "measure": N_("Measure"),
    "description": N_("Description"),
    "status": N_("Status"),
    "as_of": N_("As of"),
}
DIRECTION = {"sent": N_("Sent by us"), "received": N_("Received from the counterpart")}
ERROR_TITLE = {
    400: N_("Bad request"),
    401: N_("Please sign in"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    413: N_("Too large"),
    422: N_("Invalid input"),
    500: N_("Internal error"),
    503: N_("The counterpart's node is unavailable"),
}

# Messages of the access workflows that a page shows as they come; `_()` translates them.
KNOWN_MESSAGES = (
    N_("wrong username or password"),
    N_("this account is deactivated; ask an admin of this node"),
    N_("Not Found"),
    N_("the current password is wrong"),
    N_("the new password is the current one"),
    N_("the password is empty"),
    N_("the password must not be the username"),
)

TABLES: dict[str, dict[str, str]] = {
    "feature": FEATURE,
    "group_kind": GROUP_KIND,
    "acyl_kind": ACYL_KIND,
    "identifier_kind": IDENTIFIER_KIND,
    "alarm_kind": ALARM_KIND,
    "romanisation": ROMANISATION,
    "record_state": RECORD_STATE,
    "direction": DIRECTION,
    "content_field": CONTENT_FIELD,
    "json_type": JSON_TYPE,
} | {
    name: {key.value: label for key, label in table.items()}
    for name, table in (
        ("status", STATUS),
        ("family", FAMILY),
        ("jurisdiction", JURISDICTION),
        ("input_kind", INPUT_KIND),
        ("match_verdict", MATCH_VERDICT),
        ("schema", SCHEMA),
        ("role", ROLE),
        ("record_type", RECORD_TYPE),
    )
}


def label_of(table: str, value: object) -> str:
    """The msgid for `value` in the enum table `table`; the value itself when it is unknown."""
    return TABLES[table].get(str(value), str(value))


def error_title(status: int) -> str:
    """The msgid of an error page's title for an HTTP status."""
    return ERROR_TITLE.get(status, N_("Error"))
