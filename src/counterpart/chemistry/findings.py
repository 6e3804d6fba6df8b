"""What a structural rule found in one molecule: inside, review or outside, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counterpart.domain.messages import Message
from counterpart.domain.substances import Family, Jurisdiction


class Outcome(StrEnum):
    """A rule's answer for one molecule, before it becomes a jurisdiction's verdict."""

    INSIDE = "inside"
    REVIEW = "review"  # fits only under one reading; an expert must decide
    OUTSIDE = "outside"


OUTCOME_RANK = {Outcome.INSIDE: 2, Outcome.REVIEW: 1, Outcome.OUTSIDE: 0}


@dataclass(frozen=True, slots=True)
class Rule:
    """A class rule or generic listing as code: its stable id, its law and its legal text."""

    id: str
    jurisdiction: Jurisdiction
    family: Family
    since: date
    basis: str
    legal_text: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule applied to one molecule: the outcome, the reasons, and the atoms it read."""

    rule: Rule
    outcome: Outcome
    message: Message  # the reasons, for each reader's language
    matched_atoms: tuple[int, ...] = ()
    since: date | None = None  # when it differs from the rule's (a later amendment)

    @property
    def explanation(self) -> str:
        """The reasons in English."""
        return self.message.english()


def strongest(findings: list[Finding]) -> Finding | None:
    """The finding that says the most: inside over review over outside; first on ties."""
    best: Finding | None = None
    for finding in findings:
        if best is None or OUTCOME_RANK[finding.outcome] > OUTCOME_RANK[best.outcome]:
            best = finding
    return best
