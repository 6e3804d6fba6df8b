"""SVG depictions of screened molecules, with the atoms a rule matched highlighted."""

from __future__ import annotations

from collections.abc import Sequence

from rdkit import Chem
from rdkit.Chem.Draw import rdMolDraw2D

from counterpart.domain.errors import InvalidInput

MIN_SIZE = 100
MAX_SIZE = 2000
HIGHLIGHT = (1.0, 0.6, 0.2)  # orange: readable on white, distinct from heteroatom colours


def depict_svg(
    smiles: str,
    highlight: Sequence[int] = (),
    *,
    width: int = 400,
    height: int = 300,
    legend: str = "",
) -> str:
    """An SVG drawing of `smiles`; atoms in `highlight` (and bonds between them) in orange."""
    if not (MIN_SIZE <= width <= MAX_SIZE and MIN_SIZE <= height <= MAX_SIZE):
        raise InvalidInput(f"width and height must be between {MIN_SIZE} and {MAX_SIZE} pixels")
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        raise InvalidInput(f"cannot depict {smiles!r}: not a valid SMILES")
    atoms = sorted({i for i in highlight if 0 <= i < mol.GetNumAtoms()})
    chosen = set(atoms)
    bonds = [
        b.GetIdx()
        for b in mol.GetBonds()
        if b.GetBeginAtomIdx() in chosen and b.GetEndAtomIdx() in chosen
    ]
    drawer = rdMolDraw2D.MolDraw2DSVG(width, height)
    rdMolDraw2D.PrepareAndDrawMolecule(
        drawer,
        mol,
        legend=legend,
        highlightAtoms=atoms,
        highlightBonds=bonds,
        highlightAtomColors=dict.fromkeys(atoms, HIGHLIGHT),
        highlightBondColors=dict.fromkeys(bonds, HIGHLIGHT),
    )
    drawer.FinishDrawing()
    svg: str = drawer.GetDrawingText()
    return svg
