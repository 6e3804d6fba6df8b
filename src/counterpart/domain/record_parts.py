"""Parts shared by record contents: trade parties, substance lines and screening summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, Message, MessageError, from_json, message, to_json
from counterpart.domain.record_fields import (
    LONG_TEXT,
    ContentReader,
    check_country,
    check_quantity,
    check_text,
)
from counterpart.domain.record_vocabulary import Unit, to_term
from counterpart.domain.substances import Jurisdiction, Status


@dataclass(frozen=True, slots=True)
class PartyIdentifier:
    """An identifier of a trade party: a FollowTheMoney property name and its value."""

    kind: str
    value: str

    def __post_init__(self) -> None:
        check_text(self.kind, "kind", limit=64)
        check_text(self.value, "value")


@dataclass(frozen=True, slots=True)
class TradeParty:
    """An exporter, importer, consignee or other party named in a record."""

    name: str
    country: str
    address: str = ""
    identifiers: tuple[PartyIdentifier, ...] = ()

    def __post_init__(self) -> None:
        check_text(self.name, "name")
        check_country(self.country, "country")
        check_text(self.address, "address", limit=1000, empty=True)

    def to_content(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "address": self.address,
            "identifiers": [{"kind": i.kind, "value": i.value} for i in self.identifiers],
        }

    @classmethod
    def from_content(cls, value: Any, where: str) -> TradeParty:
        reader = ContentReader(value, where)
        return reader.build(
            cls,
            name=reader.text("name"),
            country=reader.text("country"),
            address=reader.optional_text("address", limit=1000) or "",
            identifiers=tuple(
                _identifier(item, path) for item, path in reader.items("identifiers")
            ),
        )


def _identifier(value: Any, where: str) -> PartyIdentifier:
    reader = ContentReader(value, where)
    return reader.build(PartyIdentifier, kind=reader.text("kind"), value=reader.text("value"))


@dataclass(frozen=True, slots=True)
class SubstanceLine:
    """A substance as declared, with a quantity (decimal string) in a controlled unit."""

    name: str
    quantity: str
    unit: Unit
    cas: str | None = None
    smiles: str | None = None

    def __post_init__(self) -> None:
        check_text(self.name, "name")
        check_quantity(self.quantity, "quantity")
        to_term(Unit, self.unit, "unit")
        if self.cas is not None:
            check_text(self.cas, "cas", limit=20)
        if self.smiles is not None:
            check_text(self.smiles, "smiles", limit=2000)

    @property
    def query(self) -> str:
        """What substance screening is given: the structure, else the CAS number, else the name."""
        return self.smiles or self.cas or self.name

    def to_content(self) -> dict[str, Any]:
        body: dict[str, Any] = {"name": self.name, "quantity": self.quantity, "unit": self.unit}
        if self.cas is not None:
            body["cas"] = self.cas
        if self.smiles is not None:
            body["smiles"] = self.smiles
        return body

    @classmethod
    def from_content(cls, value: Any, where: str) -> SubstanceLine:
        reader = ContentReader(value, where)
        return reader.build(
            cls,
            name=reader.text("name"),
            quantity=reader.text("quantity", limit=24),
            unit=reader.term("unit", Unit),
            cas=reader.optional_text("cas", limit=20),
            smiles=reader.optional_text("smiles", limit=2000),
        )


@dataclass(frozen=True, slots=True)
class JurisdictionVerdict:
    """One jurisdiction's status for a screened substance, and the rule that decided it."""

    jurisdiction: Jurisdiction
    status: Status
    rule: str | None = None

    def to_content(self) -> dict[str, Any]:
        return {"jurisdiction": self.jurisdiction, "status": self.status, "rule": self.rule}

    @classmethod
    def from_content(cls, value: Any, where: str) -> JurisdictionVerdict:
        reader = ContentReader(value, where)
        return reader.build(
            cls,
            jurisdiction=reader.term("jurisdiction", Jurisdiction),
            status=reader.term("status", Status),
            rule=reader.optional_text("rule"),
        )


@dataclass(frozen=True, slots=True)
class SubstanceCheck:
    """The screening of one substance line: the item it is about, and a verdict per law."""

    item: str  # "substances[0]"
    query: str
    verdicts: tuple[JurisdictionVerdict, ...] = ()
    error: str | None = None
    error_message: Message | None = None  # the error as a message, for each reader's language

    @property
    def is_flagged(self) -> bool:
        return self.error is not None or any(v.status.is_flagged for v in self.verdicts)

    def to_content(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "query": self.query,
            "verdicts": [v.to_content() for v in self.verdicts],
            "error": self.error,
        } | _message_content(self.error_message)

    @classmethod
    def from_content(cls, value: Any, where: str) -> SubstanceCheck:
        reader = ContentReader(value, where)
        return reader.build(
            cls,
            item=reader.text("item"),
            query=reader.text("query", limit=2000),
            verdicts=tuple(
                JurisdictionVerdict.from_content(v, p) for v, p in reader.items("verdicts")
            ),
            error=reader.optional_text("error", limit=LONG_TEXT),
            error_message=optional_message(reader, "error_message"),
        )


@dataclass(frozen=True, slots=True)
class ListMatch:
    """A watchlist entry a party matched: which list, which entry, the name, the score (0-100)."""

    list_id: str
    entry_id: str
    name: str
    verdict: str  # "match" or "possible"
    score: int

    def to_content(self) -> dict[str, Any]:
        return {
            "list_id": self.list_id,
            "entry_id": self.entry_id,
            "name": self.name,
            "verdict": self.verdict,
            "score": self.score,
        }

    @classmethod
    def from_content(cls, value: Any, where: str) -> ListMatch:
        reader = ContentReader(value, where)
        return reader.build(
            cls,
            list_id=reader.text("list_id"),
            entry_id=reader.text("entry_id"),
            name=reader.text("name"),
            verdict=reader.text("verdict"),
            score=reader.integer("score"),
        )


@dataclass(frozen=True, slots=True)
class PartyCheck:
    """The screening of one party: the item it is about and the list entries it matched."""

    item: str  # "exporter", "parties[1]"
    name: str
    matches: tuple[ListMatch, ...] = ()
    error: str | None = None
    error_message: Message | None = None  # the error as a message, for each reader's language

    @property
    def is_flagged(self) -> bool:
        return self.error is not None or bool(self.matches)

    def to_content(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "name": self.name,
            "matches": [m.to_content() for m in self.matches],
            "error": self.error,
        } | _message_content(self.error_message)

    @classmethod
    def from_content(cls, value: Any, where: str) -> PartyCheck:
        reader = ContentReader(value, where)
        return reader.build(
            cls,
            item=reader.text("item"),
            name=reader.text("name"),
            matches=tuple(ListMatch.from_content(v, p) for v, p in reader.items("matches")),
            error=reader.optional_text("error", limit=LONG_TEXT),
            error_message=optional_message(reader, "error_message"),
        )


def _message_content(said: Message | None) -> dict[str, Any]:
    # Only when there is one: a check without an error has the content it always had.
    return {} if said is None else {"error_message": to_json(said)}


def optional_message(reader: ContentReader, key: str) -> Message | None:
    """A message written by `to_json` (absent in records filed before messages were kept)."""
    value = reader.optional(key)
    if value is None:
        return None
    try:
        found = from_json(value)
    except MessageError as exc:
        raise InvalidInput(
            message(N_("is not a message: %(reason)s"), reason=str(exc)), where=reader.path(key)
        ) from exc
    if not isinstance(found, Message):
        raise InvalidInput(message(N_("is not a message")), where=reader.path(key))
    return found


@dataclass(frozen=True, slots=True)
class ScreeningSummary:
    """Screening results attached on filing, so the counterpart sees every hit too."""

    screened_on: date
    substances: tuple[SubstanceCheck, ...] = ()
    parties: tuple[PartyCheck, ...] = ()

    @property
    def is_flagged(self) -> bool:
        return any(s.is_flagged for s in self.substances) or any(p.is_flagged for p in self.parties)

    def to_content(self) -> dict[str, Any]:
        return {
            "screened_on": self.screened_on.isoformat(),
            "flagged": self.is_flagged,
            "substances": [s.to_content() for s in self.substances],
            "parties": [p.to_content() for p in self.parties],
        }

    @classmethod
    def from_content(cls, value: Any, where: str) -> ScreeningSummary:
        reader = ContentReader(value, where)
        flagged = reader.boolean("flagged")
        summary = reader.build(
            cls,
            screened_on=reader.date("screened_on"),
            substances=tuple(
                SubstanceCheck.from_content(v, p) for v, p in reader.items("substances")
            ),
            parties=tuple(PartyCheck.from_content(v, p) for v, p in reader.items("parties")),
        )
        if flagged != summary.is_flagged:
            said = message(N_("flagged does not agree with the checks"))
            raise InvalidInput(said, where=f"{where}.flagged")
        return summary


def optional_screening(reader: ContentReader) -> ScreeningSummary | None:
    """The `screening` member of a record's content, absent on a draft not yet filed."""
    value = reader.optional("screening")
    if value is None:
        return None
    return ScreeningSummary.from_content(value, reader.path("screening"))
