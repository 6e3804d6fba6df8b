"""The US generic precursor listings as class rules: 4-AP and 4-piperidone with their derivatives.

DEA lists these chemicals "with" named derivatives, so the listing reaches molecules it does not
name. It also reaches ordinary library chemistry (an N-acyl 4-piperidone is a common building
block), so every finding says which wording fired.
"""

from __future__ import annotations

from datetime import date

from rdkit import Chem

from counterpart.chemistry.findings import Finding, Outcome, Rule, strongest
from counterpart.chemistry.groups import HALOGENS
from counterpart.chemistry.skeleton import (
    Anilidopiperidine,
    Piperidine,
    Piperidone,
    find_anilidopiperidines,
    find_piperidones,
    is_monocycle,
    ring_of,
    ring_substituents,
)
from counterpart.domain.messages import N_, Message, Term, message, phrases
from counterpart.domain.substances import Family, Jurisdiction

Mol = Chem.Mol

US_4AP_TEXT = (
    "N-phenylpiperidin-4-amine (4-anilinopiperidine; N-phenyl-4-piperidinamine; 4-AP), its "
    "amides, its carbamates, its halides, its salts, and any combination thereof, whenever the "
    "existence of such is possible (21 CFR 1310.02(a); halides since 30 Nov 2023)."
)
US_4_PIPERIDONE_TEXT = (
    "4-piperidone (piperidin-4-one), its acetals, its amides, its carbamates, its salts, and "
    "any combination thereof, whenever the existence of such is possible (21 CFR 1310.02(a))."
)
HALIDES_SINCE = date(2023, 11, 30)
NOT_ACYL_ON_N1 = N_("the piperidine nitrogen carries a group that is not an acyl or carbamate")

US_4AP = Rule(
    id="us-4ap-generic",
    jurisdiction=Jurisdiction.US,
    family=Family.FENTANYL_PRECURSOR,
    since=date(2020, 5, 15),
    basis=N_(
        "21 CFR 1310.02(a), List I: 4-AP with its amides, carbamates and salts, 85 FR 20822 "
        "(15 Apr 2020, in force 15 May 2020); its halides, 88 FR 74358 (in force 30 Nov 2023)"
    ),
    legal_text=US_4AP_TEXT,
)
US_4_PIPERIDONE = Rule(
    id="us-4-piperidone-generic",
    jurisdiction=Jurisdiction.US,
    family=Family.FENTANYL_PRECURSOR,
    since=date(2023, 5, 12),
    basis=N_(
        "21 CFR 1310.02(a), List I: 4-piperidone, 88 FR 21902 (12 Apr 2023, in force 12 May 2023)"
    ),
    legal_text=US_4_PIPERIDONE_TEXT,
)


def apply_us_4ap_wording(mol: Mol) -> Finding | None:
    """4-AP, its amides, carbamates, halides and salts; None when no 4-aminopiperidine is seen."""
    findings = [_read_4ap(mol, core) for core in find_anilidopiperidines(mol)]
    return strongest(findings) if findings else None


def apply_us_piperidone_wording(mol: Mol) -> Finding | None:
    """4-piperidone, its acetals, amides, carbamates and salts; None without a 4-piperidone."""
    findings = [_read_piperidone(mol, found) for found in find_piperidones(mol)]
    return strongest(findings) if findings else None


def acyl_kind(mol: Mol, start: int, bonded_to: int) -> str | None:
    """ "amide" for R-C(=O)- or formyl, "carbamate" for R-O-C(=O)-, else None."""
    atom = mol.GetAtomWithIdx(start)
    if atom.GetSymbol() != "C" or atom.IsInRing():
        return None
    single = []
    has_oxo = False
    for bond in atom.GetBonds():
        other = bond.GetOtherAtom(atom)
        if bond.GetBondType() == Chem.BondType.DOUBLE and other.GetSymbol() == "O":
            has_oxo = True
        elif bond.GetBondType() == Chem.BondType.SINGLE and other.GetIdx() != bonded_to:
            single.append(other)
        elif other.GetIdx() != bonded_to:
            return None
    if not has_oxo or len(single) > 1:
        return None
    if not single or single[0].GetSymbol() == "C":
        return "amide"
    oxygen = single[0]
    if oxygen.GetSymbol() == "O" and oxygen.GetDegree() == 2:
        return "carbamate"
    return None


def _n1_parts(mol: Mol, piperidine: Piperidine) -> list[Message] | None:
    """The derivative the ring nitrogen makes (amide, carbamate), [] for N-H, None otherwise."""
    if piperidine.n1_charge != 0 or len(piperidine.n1_groups) > 1:
        return None
    if not piperidine.n1_groups:
        return []
    kind = acyl_kind(mol, piperidine.n1_groups[0], piperidine.n1)
    if kind is None:
        return None
    return [message(N_("%(kind)s on the piperidine nitrogen"), kind=Term("acyl_kind", kind))]


def _read_4ap(mol: Mol, core: Anilidopiperidine) -> Finding:
    atoms = tuple(sorted({*core.piperidine.ring, core.amide_n}))
    parts = _n1_parts(mol, core.piperidine)
    problem = _ap_problem(mol, core, parts)
    if problem or parts is None:
        text = message(
            N_("Not a 4-AP derivative the wording names: %(problem)s."), problem=problem or ""
        )
        return Finding(US_4AP, Outcome.OUTSIDE, text, atoms)
    if core.acyl is not None:
        kind = Term("acyl_kind", str(acyl_kind(mol, core.acyl, core.amide_n)))
        parts.append(message(N_("%(kind)s on the anilino nitrogen"), kind=kind))
    assert core.aryl is not None
    ring = ring_of(mol, core.aryl) or ()
    halogens = sorted(
        {mol.GetAtomWithIdx(i).GetSymbol() for i in ring_substituents(mol, ring, core.amide_n)}
    )
    since = None
    if halogens:
        halide = N_("halide (%(elements)s on the aniline ring)")
        parts.append(message(halide, elements=phrases(halogens, ", ")))
        since = HALIDES_SINCE
    fired = phrases(parts) if parts else message(N_("4-AP itself"))
    text = message(
        N_(
            'US List I wording "4-AP, its amides, its carbamates, its halides, its salts" fired: '
            "%(fired)s."
        ),
        fired=fired,
    )
    return Finding(US_4AP, Outcome.INSIDE, text, tuple(sorted({*atoms, *ring})), since)


def _ap_problem(mol: Mol, core: Anilidopiperidine, parts: list[Message] | None) -> Message | None:
    if not core.piperidine.isolated or core.piperidine.substituents:
        return message(N_("the piperidine ring is substituted, fused or bridged"))
    if parts is None:
        return message(NOT_ACYL_ON_N1)
    if core.aryl is None or core.extra or not _is_phenyl(mol, core.aryl):
        return message(N_("the amino nitrogen does not carry exactly one phenyl"))
    ring = ring_of(mol, core.aryl) or ()
    extra = ring_substituents(mol, ring, core.amide_n)
    if any(mol.GetAtomWithIdx(i).GetSymbol() not in HALOGENS for i in extra):
        return message(N_("the aniline ring carries a substituent other than a halogen"))
    if core.acyl is not None and acyl_kind(mol, core.acyl, core.amide_n) is None:
        return message(N_("the anilino nitrogen carries a group that is not an acyl or carbamate"))
    return None


def _is_phenyl(mol: Mol, atom: int) -> bool:
    ring = ring_of(mol, atom)
    return (
        ring is not None
        and len(ring) == 6
        and is_monocycle(mol, ring)
        and all(
            mol.GetAtomWithIdx(i).GetIsAromatic() and mol.GetAtomWithIdx(i).GetSymbol() == "C"
            for i in ring
        )
    )


def _read_piperidone(mol: Mol, found: Piperidone) -> Finding:
    piperidine = found.piperidine
    atoms = tuple(sorted({*piperidine.ring, *found.c4_oxygens}))
    parts = _n1_parts(mol, piperidine)
    problem = _piperidone_problem(mol, found, parts)
    if problem or parts is None:
        text = message(
            N_("Not a 4-piperidone derivative the wording names: %(problem)s."),
            problem=problem or "",
        )
        return Finding(US_4_PIPERIDONE, Outcome.OUTSIDE, text, atoms)
    form = _c4_form(mol, found)
    if form:
        parts.append(form)
    fired = phrases(parts) if parts else message(N_("4-piperidone itself"))
    text = message(
        N_(
            'US List I wording "4-piperidone, its acetals, its amides, its carbamates, its salts" '
            "fired: %(fired)s."
        ),
        fired=fired,
    )
    return Finding(US_4_PIPERIDONE, Outcome.INSIDE, text, atoms)


def _c4_form(mol: Mol, found: Piperidone) -> Message | None:
    if found.is_ketone:
        return None
    bare = [i for i in found.c4_oxygens if mol.GetAtomWithIdx(i).GetDegree() == 1]
    if bare:
        return message(N_("hydrate (gem-diol, a form of its salts' monohydrate)"))
    return message(N_("acetal at C4"))


def _piperidone_problem(mol: Mol, found: Piperidone, parts: list[Message] | None) -> Message | None:
    piperidine = found.piperidine
    info = mol.GetRingInfo()
    if any(info.NumAtomRings(i) != 1 for i in piperidine.ring if i != piperidine.c4):
        return message(N_("the piperidine ring is fused or bridged"))
    if found.is_ketone and info.NumAtomRings(piperidine.c4) != 1:
        return message(N_("the piperidine ring is spiro-fused"))
    if piperidine.substituents:
        return message(N_("the piperidine ring carries substituents"))
    if parts is None:
        return message(NOT_ACYL_ON_N1)
    degrees = sorted(mol.GetAtomWithIdx(i).GetDegree() for i in found.c4_oxygens)
    if not found.is_ketone and degrees == [1, 2]:
        return message(N_("C4 is a hemiacetal, not an acetal"))
    return None
