"""Controlled vocabularies of record content, each term with an English and a Chinese label.

docs/exchange.md: "controlled vocabularies (record types, incident types, units, reply codes)
have both labels". A value outside a vocabulary is refused, never guessed.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import TypeVar

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, message
from counterpart.domain.records import RecordType

V = TypeVar("V", bound=StrEnum)


class Unit(StrEnum):
    """Units a quantity may be written in (mass, volume, or a count of pieces)."""

    KG = "kg"
    G = "g"
    MG = "mg"
    UG = "µg"
    T = "t"
    L = "L"
    ML = "mL"
    PIECE = "piece"


class NotificationKind(StrEnum):
    """What a pre-export notification covers; each kind has its own reply deadline."""

    CONTROLLED_SUBSTANCE = "controlled_substance"
    LISTED_PRECURSOR = "listed_precursor"
    NON_SCHEDULED_CHEMICAL = "non_scheduled_chemical"


class TransportMode(StrEnum):
    AIR = "air"
    SEA = "sea"
    ROAD = "road"
    RAIL = "rail"
    POST = "post"
    COURIER = "courier"


class ReplyCode(StrEnum):
    """The importing authority's answer to a pre-export notification."""

    ACKNOWLEDGE = "acknowledge"
    NO_OBJECTION = "no_objection"
    OBJECTION = "objection"
    REQUEST_FOR_INFORMATION = "request_for_information"


class ShipmentOutcomeKind(StrEnum):
    SHIPPED = "shipped"
    ARRIVED = "arrived"
    STOPPED = "stopped"
    SEIZED = "seized"
    CANCELLED = "cancelled"


class IncidentKind(StrEnum):
    SEIZURE = "seizure"
    STOPPED_SHIPMENT = "stopped_shipment"
    SUSPICIOUS_ORDER = "suspicious_order"
    DIVERSION_ATTEMPT = "diversion_attempt"
    CLANDESTINE_LAB = "clandestine_lab"
    PILL_PRESS = "pill_press"
    ONLINE_LISTING = "online_listing"


class SubjectKind(StrEnum):
    """What a request for assistance is about."""

    PARTY = "party"
    SHIPMENT = "shipment"
    WALLET = "wallet"
    WEBSITE = "website"


class AssistanceOutcome(StrEnum):
    ACTION_TAKEN = "action_taken"
    NO_FINDINGS = "no_findings"
    ONGOING = "ongoing"
    DECLINED = "declined"


class ListNoticeKind(StrEnum):
    SUBSTANCE_SCHEDULED = "substance_scheduled"
    PARTY_LISTED = "party_listed"
    PARTY_DELISTED = "party_delisted"


class CommitmentStatusKind(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DELIVERED = "delivered"
    NOT_DELIVERED = "not_delivered"
    WITHDRAWN = "withdrawn"


LABELS: dict[Enum, tuple[str, str]] = {
    Unit.KG: ("kilogram", "千克"),
    Unit.G: ("gram", "克"),
    Unit.MG: ("milligram", "毫克"),
    Unit.UG: ("microgram", "微克"),
    Unit.T: ("tonne", "吨"),
    Unit.L: ("litre", "升"),
    Unit.ML: ("millilitre", "毫升"),
    Unit.PIECE: ("piece", "件"),
    NotificationKind.CONTROLLED_SUBSTANCE: ("controlled substance", "管制物质"),
    NotificationKind.LISTED_PRECURSOR: ("listed precursor", "列管易制毒化学品"),
    NotificationKind.NON_SCHEDULED_CHEMICAL: ("non-scheduled chemical", "非列管化学品"),
    TransportMode.AIR: ("air", "航空"),
    TransportMode.SEA: ("sea", "海运"),
    TransportMode.ROAD: ("road", "公路"),
    TransportMode.RAIL: ("rail", "铁路"),
    TransportMode.POST: ("post", "邮政"),
    TransportMode.COURIER: ("courier", "快递"),
    ReplyCode.ACKNOWLEDGE: ("acknowledged", "已确认收到"),
    ReplyCode.NO_OBJECTION: ("no objection", "无异议"),
    ReplyCode.OBJECTION: ("objection", "反对"),
    ReplyCode.REQUEST_FOR_INFORMATION: ("request for information", "要求补充信息"),
    ShipmentOutcomeKind.SHIPPED: ("shipped", "已发运"),
    ShipmentOutcomeKind.ARRIVED: ("arrived", "已到达"),
    ShipmentOutcomeKind.STOPPED: ("stopped", "已拦截"),
    ShipmentOutcomeKind.SEIZED: ("seized", "已查获"),
    ShipmentOutcomeKind.CANCELLED: ("cancelled", "已取消"),
    IncidentKind.SEIZURE: ("seizure", "查获"),
    IncidentKind.STOPPED_SHIPMENT: ("stopped shipment", "拦截货物"),
    IncidentKind.SUSPICIOUS_ORDER: ("suspicious order", "可疑订单"),
    IncidentKind.DIVERSION_ATTEMPT: ("diversion attempt", "企图流失"),
    IncidentKind.CLANDESTINE_LAB: ("clandestine laboratory", "地下加工点"),
    IncidentKind.PILL_PRESS: ("pill press or die", "压片机或模具"),
    IncidentKind.ONLINE_LISTING: ("online listing", "网上销售信息"),
    SubjectKind.PARTY: ("party", "当事方"),
    SubjectKind.SHIPMENT: ("shipment", "货物"),
    SubjectKind.WALLET: ("wallet", "加密钱包"),
    SubjectKind.WEBSITE: ("website", "网站"),
    AssistanceOutcome.ACTION_TAKEN: ("action taken", "已采取行动"),
    AssistanceOutcome.NO_FINDINGS: ("no findings", "未发现问题"),
    AssistanceOutcome.ONGOING: ("ongoing", "正在进行"),
    AssistanceOutcome.DECLINED: ("declined", "拒绝"),
    ListNoticeKind.SUBSTANCE_SCHEDULED: ("substance scheduled", "物质列管"),
    ListNoticeKind.PARTY_LISTED: ("party listed", "实体列入名单"),
    ListNoticeKind.PARTY_DELISTED: ("party delisted", "实体移出名单"),
    CommitmentStatusKind.OPEN: ("open", "未开始"),
    CommitmentStatusKind.IN_PROGRESS: ("in progress", "进行中"),
    CommitmentStatusKind.DELIVERED: ("delivered", "已完成"),
    CommitmentStatusKind.NOT_DELIVERED: ("not delivered", "未完成"),
    CommitmentStatusKind.WITHDRAWN: ("withdrawn", "已撤回"),
    RecordType.PRE_EXPORT_NOTIFICATION: ("pre-export notification", "出口前通知"),
    RecordType.NOTIFICATION_REPLY: ("notification reply", "通知答复"),
    RecordType.SHIPMENT_OUTCOME: ("shipment outcome", "货物结果"),
    RecordType.INCIDENT: ("incident", "案(事)件"),
    RecordType.REQUEST_FOR_ASSISTANCE: ("request for assistance", "协助请求"),
    RecordType.ASSISTANCE_RESPONSE: ("assistance response", "协助答复"),
    RecordType.LIST_NOTICE: ("list notice", "列管通报"),
    RecordType.COMMITMENT: ("commitment", "承诺"),
    RecordType.COMMITMENT_EVIDENCE: ("commitment evidence", "承诺履行证据"),
    RecordType.COMMITMENT_STATUS: ("commitment status", "承诺状态"),
}

VOCABULARIES: tuple[type[StrEnum], ...] = (
    Unit,
    NotificationKind,
    TransportMode,
    ReplyCode,
    ShipmentOutcomeKind,
    IncidentKind,
    SubjectKind,
    AssistanceOutcome,
    ListNoticeKind,
    CommitmentStatusKind,
    RecordType,
)


def label_en(term: Enum) -> str:
    """The English label of a vocabulary term."""
    return LABELS[term][0]


def label_zh(term: Enum) -> str:
    """The Chinese label of a vocabulary term."""
    return LABELS[term][1]


def to_term(vocabulary: type[V], value: object, where: str) -> V:
    """The term of `vocabulary` written as `value`; anything else is refused with the choices."""
    for term in vocabulary:
        if term.value == value:
            return term
    choices = ", ".join(term.value for term in vocabulary)
    name = vocabulary.__name__
    said = message(
        N_("%(value)s is not a known %(vocabulary)s (one of: %(choices)s)"),
        value=repr(value),
        vocabulary=name,
        choices=choices,
    )
    raise InvalidInput(said, where=where)
