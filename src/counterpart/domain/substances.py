"""Substances, jurisdictions and screening verdicts: the vocabulary of substance screening."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from counterpart.domain.messages import Message


class Jurisdiction(StrEnum):
    """Whose law a verdict applies: the UN conventions, the United States, China, the EU."""

    UN = "UN"
    US = "US"
    CN = "CN"
    EU = "EU"


class Status(StrEnum):
    """A verdict's status, from most to least certain about control."""

    CONTROLLED = "controlled"  # listed by name (or as a salt/isomer of a named entry)
    CLASS_CONTROLLED = "class_controlled"  # inside a class definition (e.g. US FRS)
    REVIEW = "review"  # a rule fits only under one reading; an expert must decide
    WATCH = "watch"  # designer precursor: close relative of a listed precursor
    NOT_CONTROLLED = "not_controlled"
    UNRESOLVED = "unresolved"  # the query could not be identified; never "not controlled"

    @property
    def is_flagged(self) -> bool:
        """Whether this status asks for a person's attention."""
        return self in (Status.CONTROLLED, Status.CLASS_CONTROLLED, Status.REVIEW, Status.WATCH)


class Family(StrEnum):
    """What kind of substance the verdict is about."""

    FENTANYL = "fentanyl"
    FENTANYL_PRECURSOR = "fentanyl_precursor"
    OTHER = "other"
    NONE = "none"


class InputKind(StrEnum):
    """How a query was written."""

    SMILES = "smiles"
    INCHI = "inchi"
    INCHIKEY = "inchikey"
    MOLFILE = "molfile"
    CAS = "cas"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class Listing:
    """One jurisdiction's control of one registry entry, from a date, under a legal source."""

    jurisdiction: Jurisdiction
    schedule: str  # e.g. "Schedule I", "List I", "Table I", "Supplementary List"
    since: date
    basis: str  # the legal source, citable: "21 CFR 1308.11(b)(...)", "83 FR 5188"
    until: date | None = None  # removed or superseded on this date (exclusive)
    note: str = ""

    def in_force(self, on: date) -> bool:
        """Whether this listing applied on `on`."""
        return self.since <= on and (self.until is None or on < self.until)


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """A controlled substance as the registry knows it, with every listing it has."""

    id: str  # stable slug: "fentanyl", "4-ap"
    name: str
    family: Family
    smiles: str
    inchikey: str
    cas: str | None = None
    synonyms: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()
    sources: tuple[str, ...] = ()  # where the identifiers were checked


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a query was identified as."""

    smiles: str
    inchikey: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """One jurisdiction's answer for one substance, with the reason in plain words."""

    jurisdiction: Jurisdiction
    status: Status
    family: Family
    explanation: str
    basis: str | None = None
    rule: str | None = None  # stable id of the registry entry or class rule that decided
    since: date | None = None
    matched_atoms: tuple[int, ...] = ()
    message: Message | None = None  # the explanation for each reader's language


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """The answer for one query: what it was identified as, and a verdict per jurisdiction."""

    id: str
    query: str
    input_kind: InputKind | None
    resolved: Resolved | None
    error: str | None
    verdicts: tuple[Verdict, ...] = field(default=())
    error_message: Message | None = None  # the error, for each reader's language

    @property
    def is_flagged(self) -> bool:
        return any(verdict.status.is_flagged for verdict in self.verdicts)
