"""Substituent groups: collect the atoms of a group and name what it is made of."""

from __future__ import annotations

from dataclasses import dataclass

from rdkit import Chem

from counterpart.domain.messages import N_, Message, Param, Phrases, Term, message, phrases

Mol = Chem.Mol

HALOGENS = frozenset({"F", "Cl", "Br", "I"})

# The kinds the legal lists name; a group is "from the list" when all its kinds are allowed.
# Each is a term of the `group_kind` vocabulary (its label in the UI's catalogs).
ALKYL = "alkyl"
ALKENYL = "alkenyl"
ALKOXYL = "alkoxyl/ether"
ESTER = "ester"
HYDROXYL = "hydroxyl"
HALO = "halo"
HALOALKYL = "haloalkyl"
AMINO = "amino"
NITRO = "nitro"
OXO = "oxo"

# What lies outside the lists, as the explanations name it.
A_RING = N_("a ring")
TRIPLE_BOND = N_("a triple bond (alkynyl or nitrile)")
NON_ESTER_CARBONYL = N_("a carbonyl that is not an ester (ketone, aldehyde, acid, amide)")
A_PEROXIDE = N_("a peroxide")
AN_UNSATURATED_NITROGEN = N_("an imine, nitrile or azo nitrogen")
AN_AMIDE = N_("an amide")

LIST_B = frozenset({ALKYL, ALKENYL, ALKOXYL, HYDROXYL, HALO, HALOALKYL, AMINO, NITRO})
LIST_C = LIST_B | {ESTER}


@dataclass(frozen=True, slots=True)
class Group:
    """A substituent: its atoms, the listed kinds it is made of, and what is not listed."""

    atoms: frozenset[int]
    kinds: frozenset[str]
    problems: tuple[Message, ...]

    def is_within(self, allowed: frozenset[str]) -> bool:
        """Whether every part of the group is one of the `allowed` kinds."""
        return not self.problems and self.kinds <= allowed

    def has_problem(self, msgid: str) -> bool:
        """Whether `msgid` (e.g. `TRIPLE_BOND`) is among what lies outside the lists."""
        return any(problem.msgid == msgid for problem in self.problems)

    def describe(self) -> Param:
        """The group in words: its kinds, then what lies outside the lists."""
        words: list[Param] = [Term("group_kind", kind) for kind in sorted(self.kinds)]
        words += self.problems
        return phrases(words, ", ") if words else message(N_("nothing"))


def to_kinds(kinds: frozenset[str] | set[str]) -> Phrases:
    """Group kinds as vocabulary terms, sorted, joined by commas."""
    return phrases((Term("group_kind", kind) for kind in sorted(kinds)), ", ")


def collect_atoms(mol: Mol, start: int, stop: frozenset[int]) -> frozenset[int]:
    """The atoms reachable from `start` without entering any atom of `stop`."""
    seen = {start}
    todo = [start]
    while todo:
        atom = mol.GetAtomWithIdx(todo.pop())
        for neighbour in atom.GetNeighbors():
            idx = neighbour.GetIdx()
            if idx not in seen and idx not in stop:
                seen.add(idx)
                todo.append(idx)
    return frozenset(seen)


def describe_group(mol: Mol, start: int, attach: int, stop: frozenset[int]) -> Group:
    """The substituent that starts at `start`, bonded to `attach`, not crossing `stop`."""
    atoms = collect_atoms(mol, start, stop | {attach})
    kinds: set[str] = set()
    problems: list[Message] = []
    for idx in sorted(atoms):
        atom = mol.GetAtomWithIdx(idx)
        if atom.IsInRing():
            _add(problems, message(A_RING))
            continue
        symbol = atom.GetSymbol()
        if symbol == "C":
            _classify_carbon(atom, kinds, problems)
        elif symbol == "O":
            _classify_oxygen(atom, attach, kinds, problems)
        elif symbol == "N":
            _classify_nitrogen(atom, kinds, problems)
        elif symbol in HALOGENS:
            kinds.add(HALO if _is_bonded(atom, attach) else HALOALKYL)
        else:
            _add(problems, message(N_("a %(element)s atom"), element=symbol))
    return Group(atoms=atoms, kinds=frozenset(kinds), problems=tuple(problems))


def _add(problems: list[Message], problem: Message) -> None:
    if problem not in problems:
        problems.append(problem)


def _is_bonded(atom: Chem.Atom, other: int) -> bool:
    return any(neighbour.GetIdx() == other for neighbour in atom.GetNeighbors())


def _classify_carbon(atom: Chem.Atom, kinds: set[str], problems: list[Message]) -> None:
    kinds.add(ALKYL)
    for bond in atom.GetBonds():
        other = bond.GetOtherAtom(atom)
        order = bond.GetBondType()
        if order == Chem.BondType.TRIPLE:
            _add(problems, message(TRIPLE_BOND))
        elif order == Chem.BondType.DOUBLE and other.GetSymbol() == "C":
            kinds.add(ALKENYL)
        elif order == Chem.BondType.DOUBLE and other.GetSymbol() == "O":
            if is_ester_carbon(atom):
                kinds.add(ESTER)
            else:
                _add(problems, message(NON_ESTER_CARBONYL))
        elif order == Chem.BondType.DOUBLE:
            _add(problems, message(N_("a C=%(element)s double bond"), element=other.GetSymbol()))


def is_ester_carbon(atom: Chem.Atom) -> bool:
    """Whether a carbonyl carbon is an ester's: C(=O)-O-C."""
    for bond in atom.GetBonds():
        other = bond.GetOtherAtom(atom)
        if (
            bond.GetBondType() == Chem.BondType.SINGLE
            and other.GetSymbol() == "O"
            and other.GetDegree() == 2
            and all(n.GetSymbol() == "C" for n in other.GetNeighbors())
        ):
            return True
    return False


def is_carbonyl_carbon(atom: Chem.Atom) -> bool:
    """Whether the atom is a carbon double-bonded to an oxygen."""
    return atom.GetSymbol() == "C" and any(
        b.GetBondType() == Chem.BondType.DOUBLE and b.GetOtherAtom(atom).GetSymbol() == "O"
        for b in atom.GetBonds()
    )


def _classify_oxygen(
    atom: Chem.Atom, attach: int, kinds: set[str], problems: list[Message]
) -> None:
    neighbours = list(atom.GetNeighbors())
    if any(n.GetSymbol() == "N" and _is_nitro(n) for n in neighbours):
        return  # counted with its nitrogen
    double = any(b.GetBondType() == Chem.BondType.DOUBLE for b in atom.GetBonds())
    if double:
        if _is_bonded(atom, attach):
            kinds.add(OXO)
        return  # a carbonyl oxygen: counted with its carbon
    if any(n.GetSymbol() == "O" for n in neighbours):
        _add(problems, message(A_PEROXIDE))
    elif any(is_carbonyl_carbon(n) for n in neighbours):
        return  # the single-bonded oxygen of an ester (or acid): counted with its carbon
    elif atom.GetDegree() == 1:
        kinds.add(HYDROXYL)
    else:
        kinds.add(ALKOXYL)


def _is_nitro(atom: Chem.Atom) -> bool:
    return sum(1 for n in atom.GetNeighbors() if n.GetSymbol() == "O") >= 2


def _classify_nitrogen(atom: Chem.Atom, kinds: set[str], problems: list[Message]) -> None:
    if _is_nitro(atom):
        kinds.add(NITRO)
    elif any(b.GetBondType() != Chem.BondType.SINGLE for b in atom.GetBonds()):
        _add(problems, message(AN_UNSATURATED_NITROGEN))
    elif any(is_carbonyl_carbon(n) for n in atom.GetNeighbors()):
        _add(problems, message(AN_AMIDE))
    else:
        kinds.add(AMINO)
