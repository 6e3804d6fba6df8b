"""The 4-substituted piperidine skeleton of fentanyls and their precursors: find it, name its parts.

§2 of docs/chemistry.md fixes the skeleton: a six-membered piperidine, the nitrogen on C4 not in
a ring, no fused, bridged or spiro piperidine. The class rules and the precursor wording then
read the parts (ring substituents, the group on N1, the aryl and acyl groups on the amide N).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdkit import Chem

from counterpart.chemistry.groups import Group, collect_atoms, describe_group, is_carbonyl_carbon

Mol = Chem.Mol

# Two cheap tests on every molecule: a six-membered ring with a nitrogen and five non-aromatic
# carbons (about 4% of drug-like molecules), then a piperidine whose C4 carries an exocyclic N,
# an oxo, or two single-bonded oxygens (acetal). Only molecules that pass get the full reading.
_PIPERIDINE_RING = Chem.MolFromSmarts("[#7;R]1-[#6;!a]-[#6;!a]-[#6;!a]-[#6;!a]-[#6;!a]-1")
PREFILTER = Chem.MolFromSmarts(
    "[#7;R]1-[#6;!a]-[#6;!a]-[#6;$([#6;X4]-[#7;!R]),$([#6]=[OX1]),$([#6;X4](-[OX2])-[OX2])]"
    "-[#6;!a]-[#6;!a]-1"
)
_CORE_AMINO = Chem.MolFromSmarts(
    "[#7;R]1-[#6;R;!a]-[#6;R;!a]-[#6;X4;R](-[#7;!R])-[#6;R;!a]-[#6;R;!a]-1"
)
_CORE_OXO = Chem.MolFromSmarts(
    "[#7;R]1-[#6;R;!a]-[#6;R;!a]-[#6;R;$([#6]=[OX1]),$([#6;X4](-[OX2])-[OX2])]"
    "-[#6;R;!a]-[#6;R;!a]-1"
)


@dataclass(frozen=True, slots=True)
class Piperidine:
    """A piperidine ring N1, C2..C6 with what hangs on it."""

    ring: tuple[int, ...]  # N1, C2, C3, C4, C5, C6
    isolated: bool  # no ring atom belongs to a second ring
    n1_groups: tuple[int, ...]  # exocyclic heavy neighbours of N1
    n1_charge: int
    substituents: tuple[Group, ...]  # on C2, C3, C5, C6 and (besides the C4 function) on C4

    @property
    def n1(self) -> int:
        return self.ring[0]

    @property
    def c4(self) -> int:
        return self.ring[3]


@dataclass(frozen=True, slots=True)
class Anilidopiperidine:
    """A 4-aminopiperidine: the piperidine, the amide N on C4, its aryl and acyl neighbours."""

    piperidine: Piperidine
    amide_n: int
    aryl: int | None  # the neighbour of the amide N that starts a ring
    acyl: int | None  # the other neighbour (acyl, sulfonyl, alkyl...), None for N-H
    extra: tuple[int, ...]  # any further neighbour (a quaternary amide N)


@dataclass(frozen=True, slots=True)
class Piperidone:
    """A 4-piperidone, free or masked at C4 (acetal, gem-diol)."""

    piperidine: Piperidine
    c4_oxygens: tuple[int, ...]
    is_ketone: bool


def passes_prefilter(mol: Mol) -> bool:
    """Whether the molecule could hold any skeleton the rules read (one SMARTS match)."""
    return bool(mol.HasSubstructMatch(_PIPERIDINE_RING) and mol.HasSubstructMatch(PREFILTER))


def find_anilidopiperidines(mol: Mol) -> tuple[Anilidopiperidine, ...]:
    """Every 4-aminopiperidine in the molecule, with its parts named."""
    found = []
    for match in mol.GetSubstructMatches(_CORE_AMINO, uniquify=True):
        n1, c2, c3, c4, amide_n, c5, c6 = match
        ring = (n1, c2, c3, c4, c5, c6)
        piperidine = _describe_piperidine(mol, ring, frozenset({amide_n}))
        found.append(_describe_amide(mol, piperidine, amide_n))
    return tuple(found)


def find_piperidones(mol: Mol) -> tuple[Piperidone, ...]:
    """Every 4-piperidone (or its acetal or hydrate) in the molecule."""
    found = []
    for match in mol.GetSubstructMatches(_CORE_OXO, uniquify=True):
        ring = tuple(match)
        c4 = mol.GetAtomWithIdx(ring[3])
        oxygens = tuple(n.GetIdx() for n in c4.GetNeighbors() if n.GetSymbol() == "O")
        piperidine = _describe_piperidine(mol, ring, frozenset(oxygens))
        found.append(Piperidone(piperidine, oxygens, is_ketone=is_carbonyl_carbon(c4)))
    return tuple(found)


def _describe_piperidine(
    mol: Mol, ring: tuple[int, ...], c4_function: frozenset[int]
) -> Piperidine:
    info = mol.GetRingInfo()
    ring_set = frozenset(ring)
    n1_atom = mol.GetAtomWithIdx(ring[0])
    n1_groups = tuple(n.GetIdx() for n in n1_atom.GetNeighbors() if n.GetIdx() not in ring_set)
    substituents = []
    for position in ring[1:]:
        for neighbour in mol.GetAtomWithIdx(position).GetNeighbors():
            idx = neighbour.GetIdx()
            if idx in ring_set or (position == ring[3] and idx in c4_function):
                continue
            substituents.append(describe_group(mol, idx, position, ring_set))
    return Piperidine(
        ring=ring,
        isolated=all(info.NumAtomRings(idx) == 1 for idx in ring),
        n1_groups=n1_groups,
        n1_charge=n1_atom.GetFormalCharge(),
        substituents=tuple(substituents),
    )


def _describe_amide(mol: Mol, piperidine: Piperidine, amide_n: int) -> Anilidopiperidine:
    others = [n for n in mol.GetAtomWithIdx(amide_n).GetNeighbors() if n.GetIdx() != piperidine.c4]
    aryl = next((n.GetIdx() for n in others if n.IsInRing() and not _is_acyl_like(n)), None)
    rest = [n.GetIdx() for n in others if n.GetIdx() != aryl]
    acyl = rest[0] if rest else None
    return Anilidopiperidine(piperidine, amide_n, aryl, acyl, tuple(rest[1:]))


def _is_acyl_like(atom: Chem.Atom) -> bool:
    """A carbon or sulfur double-bonded to O or S: the start of an acyl or sulfonyl group."""
    return atom.GetSymbol() in ("C", "S") and any(
        b.GetBondType() == Chem.BondType.DOUBLE and b.GetOtherAtom(atom).GetSymbol() in ("O", "S")
        for b in atom.GetBonds()
    )


def ring_of(mol: Mol, atom: int) -> tuple[int, ...] | None:
    """The smallest ring that holds `atom`, or None."""
    rings = [r for r in mol.GetRingInfo().AtomRings() if atom in r]
    return min(rings, key=len) if rings else None


def is_monocycle(mol: Mol, ring: tuple[int, ...]) -> bool:
    """§2: a ring none of whose atoms belongs to a second ring."""
    info = mol.GetRingInfo()
    return all(info.NumAtomRings(idx) == 1 for idx in ring)


def ring_substituents(mol: Mol, ring: tuple[int, ...], towards: int) -> tuple[int, ...]:
    """Heavy atoms bonded to the ring, other than `towards` (where the ring is attached)."""
    ring_set = frozenset(ring)
    found = []
    for idx in ring:
        for neighbour in mol.GetAtomWithIdx(idx).GetNeighbors():
            other = neighbour.GetIdx()
            if other not in ring_set and other != towards:
                found.append(other)
    return tuple(found)


def is_propionyl(mol: Mol, acyl: int, amide_n: int) -> bool:
    """Whether the acyl group on the amide N is exactly propionyl, CH3-CH2-C(=O)-."""
    atoms = collect_atoms(mol, acyl, frozenset({amide_n}))
    symbols = sorted(mol.GetAtomWithIdx(i).GetSymbol() for i in atoms)
    if symbols != ["C", "C", "C", "O"] or not is_carbonyl_carbon(mol.GetAtomWithIdx(acyl)):
        return False
    chain = [mol.GetAtomWithIdx(i) for i in atoms if i != acyl]
    return all(
        a.GetSymbol() == "O" or a.GetHybridization() == Chem.HybridizationType.SP3 for a in chain
    )
