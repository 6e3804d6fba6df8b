"""Standardisation: split salts, hydrates and mixtures into components and neutralise charges.

Every component is screened, not only the largest: a mixture of a filler and a controlled
substance must be flagged. The parent (largest organic component) names the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdkit import Chem
from rdkit.Chem import rdinchi
from rdkit.Chem.MolStandardize import rdMolStandardize

Mol = Chem.Mol

_CHARGE_IN_SMILES = re.compile(r"\[[^\]]*[+-]")


@dataclass(frozen=True, slots=True)
class Standardized:
    """A query's molecule after standardisation: its distinct components, parent first."""

    components: tuple[Mol, ...]
    smiles: str  # canonical SMILES of all components joined by "."
    offsets: tuple[int, ...]  # where each component's atoms start when combined, in order
    output_order: tuple[int, ...]  # combined atom index written at each position of `smiles`

    @property
    def parent(self) -> Mol:
        return self.components[0]

    def to_output_atoms(self, component: int, atoms: tuple[int, ...]) -> tuple[int, ...]:
        """Atom indices of one component, renumbered as RDKit reads `smiles`."""
        position = {atom: rank for rank, atom in enumerate(self.output_order)}
        offset = self.offsets[component]
        return tuple(sorted(position[offset + atom] for atom in atoms))


def may_be_charged(smiles: str) -> bool:
    """Cheap test on the text: only bracket atoms can carry a charge in SMILES."""
    return bool(_CHARGE_IN_SMILES.search(smiles))


def standardize(mol: Mol, *, charged: bool = True) -> Standardized:
    """Split into distinct components, neutralise each, parent (largest organic) first.

    `charged=False` promises the molecule has no formal charge (the caller saw no charge in
    the SMILES), which skips the neutraliser on the hot path.
    """
    if len(Chem.GetMolFrags(mol)) == 1:
        single = _neutralise(mol) if charged else mol
        return _written((single,), single, (0,))
    fragments = Chem.GetMolFrags(mol, asMols=True, sanitizeFrags=True)
    distinct: dict[str, Mol] = {}
    for fragment in fragments:
        neutral = _neutralise(fragment) if charged else fragment
        distinct.setdefault(Chem.MolToSmiles(neutral), neutral)
    ordered = sorted(distinct.values(), key=_parent_rank, reverse=True)
    whole = ordered[0]
    offsets = [0]
    for other in ordered[1:]:
        offsets.append(whole.GetNumAtoms())
        whole = Chem.CombineMols(whole, other)
    return _written(tuple(ordered), whole, tuple(offsets))


def _written(components: tuple[Mol, ...], whole: Mol, offsets: tuple[int, ...]) -> Standardized:
    """The canonical SMILES of `whole`, with the atom order it was written in (read at once:
    any later SMILES writing on the same molecule overwrites RDKit's record of it)."""
    smiles = Chem.MolToSmiles(whole)
    text = whole.GetProp("_smilesAtomOutputOrder").strip("[]")
    order = tuple(int(i) for i in text.split(",") if i)
    return Standardized(components, smiles, offsets, order)


def _neutralise(mol: Mol) -> Mol:
    if not any(atom.GetFormalCharge() for atom in mol.GetAtoms()):
        return mol
    neutral: Mol = rdMolStandardize.Uncharger(canonicalOrder=True).uncharge(mol)
    return neutral


def _parent_rank(mol: Mol) -> tuple[bool, int, str]:
    has_carbon = any(atom.GetAtomicNum() == 6 for atom in mol.GetAtoms())
    return has_carbon, mol.GetNumHeavyAtoms(), Chem.MolToSmiles(mol)


def to_inchikey(mol: Mol) -> str:
    """The standard InChIKey; "" when InChI cannot represent the molecule."""
    key: str = rdinchi.MolToInchiKey(mol)
    return key
