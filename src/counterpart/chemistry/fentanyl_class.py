"""The class definitions of fentanyl-related substances (US FRS, China 2019) as code.

Each rule keeps its legal text beside it and reads it as docs/chemistry.md §2 says: the
4-anilidopiperidine skeleton is fixed; "acyl" includes formyl, alkanoyl, aroyl, alkoxycarbonyl
and carbamoyl (sulfonyl and thioacyl: review); a monocycle is a ring none of whose atoms
belongs to a second ring; the phenethyl linker stays two sp3 carbons (oxo or a longer chain:
review under US law); piperidine substituents are acyclic and from list (C); N-oxides and
quaternary forms: review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from rdkit import Chem

from counterpart.chemistry.findings import Finding, Outcome, Rule, strongest
from counterpart.chemistry.groups import (
    LIST_B,
    LIST_C,
    OXO,
    collect_atoms,
    describe_group,
    to_kinds,
)
from counterpart.chemistry.skeleton import (
    Anilidopiperidine,
    find_anilidopiperidines,
    is_monocycle,
    is_propionyl,
    ring_of,
    ring_substituents,
)
from counterpart.domain.messages import N_, Message, message, phrases
from counterpart.domain.substances import Family, Jurisdiction

Mol = Chem.Mol

US_FRS_TEXT = (
    "Fentanyl-related substances: any substance not otherwise controlled in any schedule that "
    "is structurally related to fentanyl by one or more of the following modifications: "
    "(A) replacement of the phenyl portion of the phenethyl group by any monocycle, whether or "
    "not further substituted in or on the monocycle; (B) substitution in or on the phenethyl "
    "group with alkyl, alkenyl, alkoxyl, hydroxyl, halo, haloalkyl, amino or nitro groups; "
    "(C) substitution in or on the piperidine ring with alkyl, alkenyl, alkoxyl, ester, ether, "
    "hydroxyl, halo, haloalkyl, amino or nitro groups; (D) replacement of the aniline ring with "
    "any aromatic monocycle whether or not further substituted in or on the aromatic monocycle; "
    "and/or (E) replacement of the N-propionyl group by another acyl group. Includes salts, "
    "isomers and salts of isomers."
)
CN_FRS_TEXT = (
    "Fentanyl-related substances (Supplementary List of Controlled Narcotic Drugs and "
    "Psychotropic Substances with Non-medical Use, from 1 May 2019): substances structurally "
    "related to fentanyl by one or more of: replacement of the N-propionyl group by another acyl "
    "group; replacement of the N-phenyl group by any aromatic monocycle, substituted or not; "
    "substitution in or on the piperidine ring with alkyl, alkenyl, alkoxyl, ester, ether, "
    "hydroxyl, halo, haloalkyl, amino or nitro groups; replacement of the phenethyl group with "
    "another group, excluding a hydrogen atom."
)

US_FRS = Rule(
    id="us-frs",
    jurisdiction=Jurisdiction.US,
    family=Family.FENTANYL,
    since=date(2018, 2, 6),
    basis=N_(
        "21 U.S.C. 812(c) Schedule I(e) (HALT Fentanyl Act, P.L. 119-26, 2025); "
        "21 CFR 1308.11(h)(30); temporary order 83 FR 5188 (6 Feb 2018)"
    ),
    legal_text=US_FRS_TEXT,
)
CN_FRS = Rule(
    id="cn-frs-2019",
    jurisdiction=Jurisdiction.CN,
    family=Family.FENTANYL,
    since=date(2019, 5, 1),
    basis=N_(
        "Announcement on adding fentanyl-related substances to the Supplementary List of "
        "Controlled Narcotic Drugs and Psychotropic Substances with Non-medical Use "
        "(MPS, NHC, NMPA; in force 1 May 2019)"
    ),
    legal_text=CN_FRS_TEXT,
)


NO_ACYL = N_("the amide nitrogen carries no acyl group (an amine, not an anilide)")


@dataclass
class _Reading:
    """The parts of one skeleton as one rule reads them."""

    modifications: list[Message] = field(default_factory=list)
    reviews: list[Message] = field(default_factory=list)
    outside: list[Message] = field(default_factory=list)

    def note(self, found: list[Message], msgid: str, **params: str | int) -> None:
        """Add the message `msgid` to one of the reading's lists (`found`)."""
        found.append(message(msgid, **params))


_N1Reader = Callable[[Mol, Anilidopiperidine, _Reading], None]


def apply_us_frs(mol: Mol) -> Finding | None:
    """The US FRS definition on every 4-anilidopiperidine in `mol`; None without one."""
    return _apply(mol, US_FRS, _read_us_n1)


def apply_cn_frs(mol: Mol) -> Finding | None:
    """China's 2019 definition on every 4-anilidopiperidine in `mol`; None without one."""
    return _apply(mol, CN_FRS, _read_cn_n1)


def _apply(mol: Mol, rule: Rule, read_n1: _N1Reader) -> Finding | None:
    findings = []
    for core in find_anilidopiperidines(mol):
        reading = _read_common(mol, core)
        read_n1(mol, core, reading)
        findings.append(_to_finding(rule, reading, _matched_atoms(mol, core)))
    return strongest(findings)


def _to_finding(rule: Rule, reading: _Reading, atoms: tuple[int, ...]) -> Finding:
    if reading.outside:
        text = message(N_("Outside the class: %(reasons)s."), reasons=phrases(reading.outside))
        return Finding(rule, Outcome.OUTSIDE, text, atoms)
    mods = phrases(reading.modifications)
    if reading.reviews:
        text = message(N_("Review: %(reasons)s."), reasons=phrases(reading.reviews))
        if reading.modifications:
            text = message(
                N_("Review: %(reasons)s. Otherwise related to fentanyl by: %(modifications)s."),
                reasons=phrases(reading.reviews),
                modifications=mods,
            )
        return Finding(rule, Outcome.REVIEW, text, atoms)
    if not reading.modifications:
        text = message(
            N_(
                "Unmodified fentanyl skeleton: fentanyl itself is listed by name, "
                "not under the class."
            )
        )
        return Finding(rule, Outcome.OUTSIDE, text, atoms)
    text = message(N_("Related to fentanyl by: %(modifications)s."), modifications=mods)
    return Finding(rule, Outcome.INSIDE, text, atoms)


def _read_common(mol: Mol, core: Anilidopiperidine) -> _Reading:
    reading = _Reading()
    piperidine = core.piperidine
    if not piperidine.isolated:
        reading.note(
            reading.outside,
            N_("the piperidine is fused, bridged or spiro (the skeleton is fixed)"),
        )
    if core.extra:
        reading.note(reading.outside, N_("the amide nitrogen carries more than three groups"))
    _read_aryl(mol, core, reading)
    _read_acyl(mol, core, reading)
    for group in piperidine.substituents:
        if not group.is_within(LIST_C):
            text = N_("a piperidine substituent (%(group)s) is not an acyclic group of list (C)")
            reading.outside.append(message(text, group=group.describe()))
    if piperidine.substituents and all(g.is_within(LIST_C) for g in piperidine.substituents):
        kinds = to_kinds({k for g in piperidine.substituents for k in g.kinds})
        text = N_("(C) piperidine substituted with %(kinds)s")
        reading.modifications.append(message(text, kinds=kinds))
    return reading


def _read_aryl(mol: Mol, core: Anilidopiperidine, reading: _Reading) -> None:
    if core.aryl is None:
        reading.note(reading.outside, N_("no ring on the amide nitrogen (not an anilide)"))
        return
    ring = ring_of(mol, core.aryl)
    if ring is None or not mol.GetAtomWithIdx(core.aryl).GetIsAromatic():
        reading.note(reading.outside, N_("the ring on the amide nitrogen is not aromatic"))
        return
    if not is_monocycle(mol, ring):
        reading.note(
            reading.outside, N_("the aromatic ring on the amide nitrogen is not a monocycle")
        )
        return
    if _is_plain_benzene(mol, ring, core.amide_n):
        return
    reading.note(
        reading.modifications,
        N_("(D) aniline ring replaced by another or substituted aromatic monocycle"),
    )


def _read_acyl(mol: Mol, core: Anilidopiperidine, reading: _Reading) -> None:
    if core.acyl is None:
        reading.note(reading.outside, NO_ACYL)
        return
    atom = mol.GetAtomWithIdx(core.acyl)
    double = {
        b.GetOtherAtom(atom).GetSymbol()
        for b in atom.GetBonds()
        if b.GetBondType() == Chem.BondType.DOUBLE
    }
    if atom.GetSymbol() == "S" and "O" in double:
        reading.note(
            reading.reviews, N_("a sulfonyl (or sulfinyl) group replaces the acyl group (§2)")
        )
    elif atom.GetSymbol() == "C" and "S" in double:
        reading.note(reading.reviews, N_("a thioacyl group replaces the acyl group (§2)"))
    elif atom.GetSymbol() == "C" and "O" in double:
        _read_carbonyl(mol, core, reading)
    else:
        reading.note(reading.outside, NO_ACYL)


def _read_carbonyl(mol: Mol, core: Anilidopiperidine, reading: _Reading) -> None:
    assert core.acyl is not None
    atom = mol.GetAtomWithIdx(core.acyl)
    others = [
        n
        for n in atom.GetNeighbors()
        if n.GetIdx() != core.amide_n
        and mol.GetBondBetweenAtoms(atom.GetIdx(), n.GetIdx()).GetBondType() == Chem.BondType.SINGLE
    ]
    if not others:
        reading.note(reading.modifications, N_("(E) N-propionyl replaced by formyl"))
        return
    symbol = others[0].GetSymbol()
    if symbol == "C":
        if not is_propionyl(mol, core.acyl, core.amide_n):
            text = N_("(E) N-propionyl replaced by another acyl group")
            reading.note(reading.modifications, text)
    elif symbol == "O":
        reading.note(
            reading.modifications,
            N_(
                "(E) N-propionyl replaced by alkoxycarbonyl (a carbamate; DEA scheduled fentanyl "
                "carbamate as an FRS)"
            ),
        )
    elif symbol == "N":
        reading.note(reading.modifications, N_("(E) N-propionyl replaced by carbamoyl"))
    else:
        text = N_("an unusual acyl group bonded through %(element)s")
        reading.note(reading.reviews, text, element=symbol)


def _is_plain_benzene(mol: Mol, ring: tuple[int, ...], towards: int) -> bool:
    atoms = [mol.GetAtomWithIdx(i) for i in ring]
    return (
        len(ring) == 6
        and all(a.GetSymbol() == "C" and a.GetIsAromatic() for a in atoms)
        and len(ring_substituents(mol, ring, towards)) == 0
    )


def _read_us_n1(mol: Mol, core: Anilidopiperidine, reading: _Reading) -> None:
    if _read_n1_form(mol, core, reading):
        return
    groups = core.piperidine.n1_groups
    if not groups:
        reading.note(
            reading.outside,
            N_(
                "the piperidine nitrogen carries hydrogen (a nor- compound): "
                "no phenethyl-type group"
            ),
        )
        return
    _read_phenethyl(mol, core, groups[0], reading)


def _read_cn_n1(mol: Mol, core: Anilidopiperidine, reading: _Reading) -> None:
    if _read_n1_form(mol, core, reading):
        return
    groups = core.piperidine.n1_groups
    if not groups:
        reading.note(
            reading.outside,
            N_("the phenethyl group is replaced by a hydrogen atom, which the definition excludes"),
        )
        return
    us_reading = _Reading()
    _read_phenethyl(mol, core, groups[0], us_reading)
    if us_reading.outside or us_reading.reviews or us_reading.modifications:
        reading.note(reading.modifications, N_("phenethyl group replaced by another group"))


def _read_n1_form(mol: Mol, core: Anilidopiperidine, reading: _Reading) -> bool:
    piperidine = core.piperidine
    if piperidine.n1_charge != 0 or len(piperidine.n1_groups) > 1:
        reading.note(
            reading.reviews,
            N_("the piperidine nitrogen is an N-oxide or quaternary ammonium form (§2)"),
        )
        return True
    return False


def _read_phenethyl(mol: Mol, core: Anilidopiperidine, start: int, reading: _Reading) -> None:
    n1 = core.piperidine.n1
    ring_set = frozenset(core.piperidine.ring)
    atoms = collect_atoms(mol, start, ring_set)
    ring_atoms = [i for i in atoms if mol.GetAtomWithIdx(i).IsInRing()]
    if not ring_atoms:
        reading.note(
            reading.outside,
            N_("the group on the piperidine nitrogen has no ring (not phenethyl-type)"),
        )
        return
    path = min((Chem.GetShortestPath(mol, n1, r) for r in ring_atoms), key=len)
    linker = path[1:-1]
    if any(mol.GetAtomWithIdx(i).GetSymbol() != "C" for i in linker):
        text = N_("the chain from the piperidine nitrogen to the ring is not carbon")
        reading.note(reading.outside, text)
    elif len(linker) == 1:
        text = N_(
            "the ring on the piperidine nitrogen is benzyl-type (one carbon), not phenethyl-type"
        )
        reading.note(reading.outside, text)
    elif not linker:
        text = N_("the ring on the piperidine nitrogen is directly bonded, not phenethyl-type")
        reading.note(reading.outside, text)
    elif len(linker) > 2:
        text = N_("a %(count)s-carbon chain replaces the two-carbon phenethyl linker (§2)")
        reading.note(reading.reviews, text, count=len(linker))
    else:
        _read_linker(mol, tuple(path), reading)
        _read_monocycle(mol, path[-1], path[-2], reading)


def _read_linker(mol: Mol, path: tuple[int, ...], reading: _Reading) -> None:
    on_path = frozenset(path)
    l1, l2 = path[1], path[2]
    if mol.GetBondBetweenAtoms(l1, l2).GetBondType() != Chem.BondType.SINGLE:
        reading.note(reading.outside, N_("the phenethyl linker is not two sp3 carbons"))
        return
    for carbon in (l1, l2):
        for neighbour in mol.GetAtomWithIdx(carbon).GetNeighbors():
            if neighbour.GetIdx() in on_path:
                continue
            group = describe_group(mol, neighbour.GetIdx(), carbon, on_path)
            if OXO in group.kinds:
                reading.note(reading.reviews, N_("an oxo on the phenethyl linker (beta-keto; §2)"))
            elif not group.is_within(LIST_B):
                text = N_("a phenethyl substituent (%(group)s) is not a group of list (B)")
                reading.outside.append(message(text, group=group.describe()))
            else:
                text = N_("(B) phenethyl substituted with %(kinds)s")
                reading.modifications.append(message(text, kinds=to_kinds(group.kinds)))


def _read_monocycle(mol: Mol, ring_atom: int, towards: int, reading: _Reading) -> None:
    ring = ring_of(mol, ring_atom)
    assert ring is not None
    if not is_monocycle(mol, ring):
        reading.note(reading.outside, N_("the ring of the phenethyl group is not a monocycle"))
    elif not _is_plain_benzene(mol, ring, towards):
        text = N_("(A) phenyl of the phenethyl group replaced by a monocycle")
        reading.note(reading.modifications, text)


def _matched_atoms(mol: Mol, core: Anilidopiperidine) -> tuple[int, ...]:
    atoms = set(core.piperidine.ring) | {core.amide_n}
    if core.aryl is not None:
        atoms |= set(ring_of(mol, core.aryl) or (core.aryl,))
    if core.acyl is not None:
        atoms.add(core.acyl)
    for start in core.piperidine.n1_groups[:1]:
        atoms |= _phenethyl_atoms(mol, core, start)
    return tuple(sorted(atoms))


def _phenethyl_atoms(mol: Mol, core: Anilidopiperidine, start: int) -> set[int]:
    ring_atoms = [
        i
        for i in collect_atoms(mol, start, frozenset(core.piperidine.ring))
        if mol.GetAtomWithIdx(i).IsInRing()
    ]
    if not ring_atoms:
        return {start}
    path = min((Chem.GetShortestPath(mol, core.piperidine.n1, r) for r in ring_atoms), key=len)
    return set(path[1:]) | set(ring_of(mol, path[-1]) or ())
