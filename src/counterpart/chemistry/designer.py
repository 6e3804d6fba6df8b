"""Designer-precursor alerts: close relatives of listed fentanyl precursors, and how they relate.

INCB's "designer precursors" are made to sit just outside the listings: a protecting group
swapped (Boc to Cbz, methyl or ethyl carbamate, an amide), a ketone masked as a ketal, a halogen
added, or one step away (nor-acetylfentanyl, norcarfentanil, Strecker nitriles, an N-benzyl in
place of the phenethyl). Rules name the transformation; similarity is only a hint, because it
cannot tell positional isomers and ring homologues from true relatives.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdkit import Chem

from counterpart.chemistry.groups import HALOGENS, NON_ESTER_CARBONYL, TRIPLE_BOND, collect_atoms
from counterpart.chemistry.precursor_class import acyl_kind
from counterpart.chemistry.skeleton import (
    Anilidopiperidine,
    Piperidine,
    find_anilidopiperidines,
    find_piperidones,
    is_monocycle,
    is_propionyl,
    ring_of,
    ring_substituents,
)
from counterpart.domain.messages import N_, Message, message

Mol = Chem.Mol

MAX_STEPS = 2  # more transformations than this and the molecule is no longer "close"


@dataclass(frozen=True, slots=True)
class Relative:
    """A listed precursor (by registry name) and the transformations that lead from it."""

    precursor: str
    transformations: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class DesignerMatch:
    """Candidate listed precursors, closest first, and the atoms of the shared skeleton."""

    relatives: tuple[Relative, ...]
    matched_atoms: tuple[int, ...]


def find_designer_relatives(mol: Mol) -> DesignerMatch | None:
    """The listed precursors this molecule is a close relative of, or None."""
    for core in find_anilidopiperidines(mol):
        relatives = _amine_relatives(mol, core)
        if relatives:
            atoms = tuple(sorted({*core.piperidine.ring, core.amide_n}))
            return DesignerMatch(relatives, atoms)
    for found in find_piperidones(mol):
        n1 = _n1_kind(mol, found.piperidine)
        if n1 is None or found.piperidine.substituents:
            continue
        steps = (
            []
            if found.is_ketone or _is_hydrate(mol, found.c4_oxygens)
            else [message(N_("ketone masked as a ketal"))]
        )
        relatives = _piperidone_relatives(n1, steps)
        if relatives:
            atoms = tuple(sorted({*found.piperidine.ring, *found.c4_oxygens}))
            return DesignerMatch(relatives, atoms)
    return None


def _is_hydrate(mol: Mol, oxygens: tuple[int, ...]) -> bool:
    return all(mol.GetAtomWithIdx(i).GetDegree() == 1 for i in oxygens)


def _close(candidates: list[Relative]) -> tuple[Relative, ...]:
    return tuple(c for c in candidates if 0 < len(c.transformations) <= MAX_STEPS)


def _piperidone_relatives(
    n1: tuple[str, list[Message]], steps: list[Message]
) -> tuple[Relative, ...]:
    kind, notes = n1
    base = [*steps, *notes]
    table = {
        "H": [Relative("4-piperidone", tuple(base))],
        "boc": [Relative("1-boc-4-piperidone", tuple(base))],
        "carbamate": [
            Relative(
                "1-boc-4-piperidone",
                (*base, message(N_("protecting group swap: Boc to another carbamate"))),
            )
        ],
        "acyl": [Relative("4-piperidone", (*base, message(N_("nitrogen protected as an amide"))))],
        "phenethyl": [Relative("NPP", tuple(base))],
        "benzyl": [
            Relative(
                "NPP", (*base, message(N_("benzyl in place of phenethyl (one carbon shorter)")))
            )
        ],
    }
    return _close(table.get(kind, []))


def _amine_relatives(mol: Mol, core: Anilidopiperidine) -> tuple[Relative, ...]:
    n1 = _n1_kind(mol, core.piperidine)
    c4 = _c4_extra(mol, core)
    aryl = _aryl_steps(mol, core)
    if n1 is None or c4 is None or aryl is None or core.extra:
        return ()
    kind, notes = n1
    steps = [*c4, *aryl, *notes]
    if core.acyl is None:
        return _close(_anilino_table(kind, steps))
    acyl = _acyl_steps(mol, core)
    if acyl is None:
        return ()
    return _close(_anilido_table(kind, [*acyl, *steps]))


def _anilino_table(kind: str, steps: list[Message]) -> list[Relative]:
    benzyl = message(N_("benzyl in place of phenethyl (one carbon shorter)"))
    table = {
        "H": [Relative("4-AP", tuple(steps))],
        "boc": [Relative("1-boc-4-AP", tuple(steps))],
        "carbamate": [
            Relative(
                "1-boc-4-AP",
                (*steps, message(N_("protecting group swap: Boc to another carbamate"))),
            )
        ],
        "acyl": [
            Relative("4-AP", (*steps, message(N_("piperidine nitrogen protected as an amide"))))
        ],
        "phenethyl": [Relative("ANPP", tuple(steps))],
        "benzyl": [
            Relative("ANPP", (*steps, benzyl)),
            Relative("4-AP", (*steps, message(N_("N-benzyl, removed in one step")))),
        ],
    }
    return table.get(kind, [])


def _anilido_table(kind: str, steps: list[Message]) -> list[Relative]:
    table = {
        "H": [Relative("norfentanyl", tuple(steps))],
        "boc": [
            Relative("norfentanyl", (*steps, message(N_("piperidine nitrogen Boc-protected"))))
        ],
        "carbamate": [
            Relative(
                "norfentanyl", (*steps, message(N_("piperidine nitrogen protected as a carbamate")))
            )
        ],
        "acyl": [
            Relative(
                "norfentanyl", (*steps, message(N_("piperidine nitrogen protected as an amide")))
            )
        ],
        "benzyl": [
            Relative("benzylfentanyl", tuple(steps)),
            Relative("norfentanyl", (*steps, message(N_("N-benzyl, removed in one step")))),
        ],
    }
    return table.get(kind, [])


def _n1_kind(mol: Mol, piperidine: Piperidine) -> tuple[str, list[Message]] | None:
    """What the ring nitrogen carries: H, boc, carbamate, acyl, phenethyl or benzyl."""
    if piperidine.n1_charge != 0 or len(piperidine.n1_groups) > 1:
        return None
    if not piperidine.n1_groups:
        return "H", []
    start = piperidine.n1_groups[0]
    if acyl_kind(mol, start, piperidine.n1) is not None:
        name = _PROTECTING_GROUPS.get(_group_smiles(mol, start, piperidine.n1))
        if name is None:
            return None  # an ordinary amide or carbamate, not a protecting group
        return ("boc" if name == "Boc" else "acyl" if name in _ACYL_NAMES else "carbamate"), []
    return _aralkyl_kind(mol, piperidine, start)


def _group_smiles(mol: Mol, start: int, attach: int) -> str:
    """The canonical SMILES of the substituent that starts at `start`, cut at `attach`."""
    atoms = collect_atoms(mol, start, frozenset({attach}))
    return str(Chem.MolFragmentToSmiles(mol, atomsToUse=sorted(atoms)))


def _protecting_group_table() -> dict[str, str]:
    """Common amine protecting groups, keyed by their fragment SMILES as cut from an amine."""
    models = {
        "Boc": "C(=O)OC(C)(C)C",
        "Cbz": "C(=O)OCc1ccccc1",
        "Fmoc": "C(=O)OCC1c2ccccc2-c2ccccc21",
        "Alloc": "C(=O)OCC=C",
        "Troc": "C(=O)OCC(Cl)(Cl)Cl",
        "methyl carbamate": "C(=O)OC",
        "ethyl carbamate": "C(=O)OCC",
        "formyl": "C(=O)",
        "acetyl": "C(=O)C",
        "trifluoroacetyl": "C(=O)C(F)(F)F",
        "benzoyl": "C(=O)c1ccccc1",
    }
    table = {}
    for name, group in models.items():
        model = Chem.MolFromSmiles(f"CN(C){group}")
        table[_group_smiles(model, 3, 1)] = name
    return table


_PROTECTING_GROUPS = _protecting_group_table()
_ACYL_NAMES = frozenset({"formyl", "acetyl", "trifluoroacetyl", "benzoyl"})


def _aralkyl_kind(mol: Mol, piperidine: Piperidine, start: int) -> tuple[str, list[Message]] | None:
    chain = [start]
    atom = mol.GetAtomWithIdx(start)
    while (
        atom.GetSymbol() == "C" and not atom.IsInRing() and atom.GetDegree() == 2 and len(chain) < 3
    ):
        nxt = next(n for n in atom.GetNeighbors() if n.GetIdx() not in (*chain, piperidine.n1))
        chain.append(nxt.GetIdx())
        atom = nxt
    if not atom.GetIsAromatic() or len(chain) not in (2, 3):
        return None
    ring = ring_of(mol, atom.GetIdx())
    if ring is None or not is_monocycle(mol, ring):
        return None
    notes = _ring_notes(mol, ring, chain[-2], "phenethyl" if len(chain) == 3 else "benzyl")
    return ("phenethyl" if len(chain) == 3 else "benzyl"), notes


# What a ring's changes are called, by the part of the skeleton it is: (another ring, a
# halogen on it, another substituent on it).
RING_NOTES = {
    "phenethyl": (
        N_("the phenethyl phenyl replaced by another aromatic ring"),
        N_("halogen on the phenethyl ring"),
        N_("the phenethyl ring substituted"),
    ),
    "benzyl": (
        N_("the benzyl phenyl replaced by another aromatic ring"),
        N_("halogen on the benzyl ring"),
        N_("the benzyl ring substituted"),
    ),
    "aniline": (
        N_("the aniline ring replaced by another aromatic ring"),
        N_("halogen on the aniline ring"),
        N_("the aniline ring substituted"),
    ),
}


def _ring_notes(mol: Mol, ring: tuple[int, ...], towards: int, what: str) -> list[Message]:
    replaced, halogen, substituted = RING_NOTES[what]
    notes = []
    if len(ring) != 6 or any(mol.GetAtomWithIdx(i).GetSymbol() != "C" for i in ring):
        notes.append(message(replaced))
    symbols = {mol.GetAtomWithIdx(i).GetSymbol() for i in ring_substituents(mol, ring, towards)}
    if symbols and symbols <= HALOGENS:
        notes.append(message(halogen))
    elif symbols:
        notes.append(message(substituted))
    return notes


def _c4_extra(mol: Mol, core: Anilidopiperidine) -> list[Message] | None:
    """C4's second substituent: none, a Strecker nitrile, or a carfentanil-route ester/amide."""
    piperidine = core.piperidine
    if not piperidine.isolated:
        return None
    c4_groups = [g for g in piperidine.substituents if _bonded(mol, g.atoms, piperidine.c4)]
    if len(c4_groups) != len(piperidine.substituents) or len(c4_groups) > 1:
        return None  # substituents elsewhere on the ring: not a listed precursor's relative
    if not c4_groups:
        return []
    group = c4_groups[0]
    if group.has_problem(TRIPLE_BOND) and len(group.atoms) == 2:
        return [message(N_("Strecker nitrile (4-cyano), one step from the carfentanil series"))]
    if group.kinds & {"ester"} or group.has_problem(NON_ESTER_CARBONYL):
        return [message(N_("4-carboxylate or carboxamide (carfentanil series)"))]
    return None


def _bonded(mol: Mol, atoms: frozenset[int], target: int) -> bool:
    return any(mol.GetBondBetweenAtoms(i, target) is not None for i in atoms)


def _aryl_steps(mol: Mol, core: Anilidopiperidine) -> list[Message] | None:
    if core.aryl is None or not mol.GetAtomWithIdx(core.aryl).GetIsAromatic():
        return None
    ring = ring_of(mol, core.aryl)
    if ring is None or not is_monocycle(mol, ring):
        return None
    return _ring_notes(mol, ring, core.amide_n, "aniline")


def _acyl_steps(mol: Mol, core: Anilidopiperidine) -> list[Message] | None:
    assert core.acyl is not None
    kind = acyl_kind(mol, core.acyl, core.amide_n)
    if kind is None:
        return None
    if is_propionyl(mol, core.acyl, core.amide_n):
        return []  # as in norfentanyl
    atoms = collect_atoms(mol, core.acyl, frozenset({core.amide_n}))
    if len(atoms) > 8:
        return None
    if kind == "carbamate":
        return [message(N_("acyl swap: propionyl to another carbamate"))]
    return [message(N_("acyl swap: propionyl to another acyl"))]
