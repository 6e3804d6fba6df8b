"""One verdict per jurisdiction: listing > class rule > precursor wording > watch > not controlled.

A substance listed by name is reported under its own listing, found by full InChIKey and then
by skeleton (first InChIKey block: stereoisomers, isotopologues; salts are split off before).
The registry records class coverage as a listing whose schedule names the fentanyl-related
substances; such a listing is reported as `class_controlled`, like the class rule itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rdkit import Chem, DataStructs
from rdkit.Chem import rdFingerprintGenerator

from counterpart.chemistry.designer import DesignerMatch
from counterpart.chemistry.fentanyl_class import CN_FRS, US_FRS
from counterpart.chemistry.findings import Finding, Outcome, Rule
from counterpart.chemistry.registry import Registry
from counterpart.domain.messages import N_, Term, message, phrases
from counterpart.domain.substances import (
    Family,
    Jurisdiction,
    Listing,
    RegistryEntry,
    Status,
    Verdict,
)

Mol = Chem.Mol

CLASS_RULES: dict[Jurisdiction, Rule] = {Jurisdiction.US: US_FRS, Jurisdiction.CN: CN_FRS}
DESIGNER_RULE = "designer-precursor"
SEVERITY = {
    Status.CONTROLLED: 5,
    Status.CLASS_CONTROLLED: 4,
    Status.REVIEW: 3,
    Status.WATCH: 2,
    Status.NOT_CONTROLLED: 1,
    Status.UNRESOLVED: 0,
}
TWO_SENTENCES = N_("%(first)s %(second)s")  # Chinese runs sentences on without a space
ISOMER_OF = N_("%(name)s (the query is a stereoisomer or isotopologue of it)")
DESIGNER_ALERT = N_(
    "Designer-precursor alert: a close relative of %(precursor)s (%(schedule)s since %(since)s); "
    "transformation: %(transformations)s. Structural similarity to %(precursor)s: "
    "%(similarity)s (a hint only). Not itself listed: a person should review it."
)
_FINGERPRINTS = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)


@dataclass(frozen=True, slots=True)
class Facts:
    """What was found about one component of a query, before any jurisdiction is asked."""

    mol: Mol
    entry: RegistryEntry | None = None
    exact: bool = True  # the entry matched by full InChIKey, not only by skeleton
    class_findings: tuple[tuple[Jurisdiction, Finding], ...] = ()
    wording: tuple[Finding, ...] = ()  # US generic precursor listings, strongest first
    designer: DesignerMatch | None = None


def decide(facts: Facts, jurisdiction: Jurisdiction, on: date, registry: Registry) -> Verdict:
    """The verdict for one component under one jurisdiction's law on one date."""
    nothing = facts.entry is None and facts.designer is None
    if nothing and not facts.class_findings and not facts.wording:
        return _nothing_found(jurisdiction, on)  # most molecules: one shared verdict
    return (
        _by_listing(facts, jurisdiction, on, registry)
        or _by_class_rule(facts, jurisdiction, on)
        or _by_wording(facts, jurisdiction, on)
        or _by_designer(facts, jurisdiction, on, registry)
        or _not_controlled(facts, jurisdiction, on)
    )


def is_class_listing(listing: Listing) -> bool:
    """Whether the registry records class coverage rather than a listing by name."""
    return "fentanyl-related substances" in listing.schedule.lower()


def _by_listing(
    facts: Facts, jurisdiction: Jurisdiction, on: date, registry: Registry
) -> Verdict | None:
    entry = facts.entry
    listing = registry.listing_on(entry, jurisdiction, on) if entry else None
    if entry is None or listing is None:
        return None
    name = entry.name if facts.exact else message(ISOMER_OF, name=entry.name)
    atoms = tuple(range(facts.mol.GetNumAtoms()))
    if is_class_listing(listing):
        rule = CLASS_RULES.get(jurisdiction)
        finding = _class_finding(facts, jurisdiction)
        inside = finding is not None and finding.outcome is Outcome.INSIDE
        atoms = finding.matched_atoms if finding and inside else atoms
        text = N_("%(name)s is inside the class of fentanyl-related substances (%(schedule)s).")
        said = message(text, name=name, schedule=listing.schedule)
        if finding and inside:
            said = message(TWO_SENTENCES, first=said, second=finding.message)
        return Verdict(
            jurisdiction, Status.CLASS_CONTROLLED, entry.family, said.english(), listing.basis,
            rule.id if rule else entry.id, listing.since, atoms, said,
        )  # fmt: skip
    said = message(N_("%(name)s is listed by name: %(schedule)s."), name=name,
                   schedule=listing.schedule)  # fmt: skip
    if listing.note:
        note = message(N_("Note: %(note)s"), note=listing.note)
        said = message(TWO_SENTENCES, first=said, second=note)
    return Verdict(
        jurisdiction, Status.CONTROLLED, entry.family, said.english(), listing.basis, entry.id,
        listing.since, atoms, said,
    )  # fmt: skip


def _class_finding(facts: Facts, jurisdiction: Jurisdiction) -> Finding | None:
    return next((f for j, f in facts.class_findings if j is jurisdiction), None)


def _by_class_rule(facts: Facts, jurisdiction: Jurisdiction, on: date) -> Verdict | None:
    finding = _class_finding(facts, jurisdiction)
    if finding is None or finding.outcome is Outcome.OUTSIDE or on < finding.rule.since:
        return None
    status = Status.CLASS_CONTROLLED if finding.outcome is Outcome.INSIDE else Status.REVIEW
    return _from_finding(finding, status, jurisdiction)


def _by_wording(facts: Facts, jurisdiction: Jurisdiction, on: date) -> Verdict | None:
    for finding in facts.wording:
        since = finding.since or finding.rule.since
        if (
            finding.rule.jurisdiction is jurisdiction
            and finding.outcome is Outcome.INSIDE
            and on >= since
        ):
            return _from_finding(finding, Status.CLASS_CONTROLLED, jurisdiction)
    return None


def _from_finding(finding: Finding, status: Status, jurisdiction: Jurisdiction) -> Verdict:
    rule = finding.rule
    return Verdict(
        jurisdiction, status, rule.family, finding.explanation, rule.basis, rule.id,
        finding.since or rule.since, finding.matched_atoms, finding.message,
    )  # fmt: skip


def _by_designer(
    facts: Facts, jurisdiction: Jurisdiction, on: date, registry: Registry
) -> Verdict | None:
    if facts.designer is None:
        return None
    for relative in facts.designer.relatives:
        entry = registry.by_name(relative.precursor)
        listing = registry.listing_on(entry, jurisdiction, on) if entry else None
        if entry is None or listing is None:
            continue
        similarity = _similarity(facts.mol, entry.smiles)
        text = message(
            DESIGNER_ALERT,
            precursor=entry.name,
            schedule=listing.schedule,
            since=listing.since.isoformat(),
            transformations=phrases(relative.transformations),
            similarity=f"{similarity:.2f}",
        )
        return Verdict(
            jurisdiction, Status.WATCH, Family.FENTANYL_PRECURSOR, text.english(), listing.basis,
            DESIGNER_RULE, None, facts.designer.matched_atoms, text,
        )  # fmt: skip
    return None


def _similarity(mol: Mol, smiles: str) -> float:
    other = Chem.MolFromSmiles(smiles)
    if other is None:
        return 0.0
    first = _FINGERPRINTS.GetFingerprint(mol)
    second = _FINGERPRINTS.GetFingerprint(other)
    return float(DataStructs.TanimotoSimilarity(first, second))


@lru_cache(maxsize=256)
def _nothing_found(jurisdiction: Jurisdiction, on: date) -> Verdict:
    return _not_controlled(Facts(Chem.Mol()), jurisdiction, on)


def _not_controlled(facts: Facts, jurisdiction: Jurisdiction, on: date) -> Verdict:
    where = Term("jurisdiction", jurisdiction.value)
    text = N_("no listing in force in %(jurisdiction)s on %(date)s matches")
    reasons = [message(text, jurisdiction=where, date=on.isoformat())]
    finding = _class_finding(facts, jurisdiction)
    if finding is not None:
        text = N_("class rule %(rule)s: %(explanation)s")
        reasons.append(message(text, rule=finding.rule.id, explanation=finding.message))
    elif jurisdiction in CLASS_RULES and on < CLASS_RULES[jurisdiction].since:
        text = N_("the class rule %(rule)s was not yet in force")
        reasons.append(message(text, rule=CLASS_RULES[jurisdiction].id))
    elif jurisdiction in CLASS_RULES:
        reasons.append(message(N_("no 4-anilidopiperidine skeleton for the class rule")))
    said = message(N_("Not controlled: %(reasons)s."), reasons=phrases(reasons))
    return Verdict(jurisdiction, Status.NOT_CONTROLLED, Family.NONE, said.english(), message=said)


def most_severe(verdicts: list[Verdict]) -> Verdict:
    """The verdict that asks for the most attention; the first on ties."""
    return max(verdicts, key=lambda v: SEVERITY[v.status])
