"""Salts, hydrates and mixtures: every component is screened, charges neutralised first."""

from __future__ import annotations

from rdkit import Chem

from counterpart.chemistry import Screener
from counterpart.chemistry.standardize import standardize
from counterpart.domain.substances import Jurisdiction, Status
from tests.chemistry.conftest import ON, verdict_of

US, CN = Jurisdiction.US, Jurisdiction.CN
FENTANYL = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"


def test_salt_is_split_and_neutralised_parent_first() -> None:
    salt = Chem.MolFromSmiles("CCC(=O)N(c1ccccc1)C1CC[NH+](CCc2ccccc2)CC1.[Cl-].O")
    result = standardize(salt)
    assert Chem.MolToSmiles(result.parent) == Chem.MolToSmiles(Chem.MolFromSmiles(FENTANYL))
    assert sorted(Chem.MolToSmiles(c) for c in result.components[1:]) == ["Cl", "O"]
    assert all(a.GetFormalCharge() == 0 for c in result.components for a in c.GetAtoms())


def test_fentanyl_citrate_and_hydrochloride_are_controlled(screener: Screener) -> None:
    citrate = f"{FENTANYL}.OC(=O)CC(O)(CC(=O)O)C(=O)O"
    hydrochloride = "CCC(=O)N(c1ccccc1)C1CC[NH+](CCc2ccccc2)CC1.[Cl-]"
    for query in (citrate, hydrochloride):
        result = screener.screen([("1", query)], on=ON)[0]
        verdict = verdict_of(result, US)
        assert verdict.status is Status.CONTROLLED and verdict.rule == "fentanyl"
        assert result.resolved is not None
        assert result.resolved.inchikey == "PJMPHNIQZUBGLI-UHFFFAOYSA-N"


def test_every_component_of_a_mixture_is_checked(screener: Screener) -> None:
    # caffeine is the larger filler here; the small precursor must still be flagged
    mixture = "Cn1c(=O)c2c(ncn2C)n(C)c1=O.O=C1CCNCC1.CCCCCCCCCCCCCCCCCC(=O)O"
    result = screener.screen([("1", mixture)], on=ON)[0]
    verdict = verdict_of(result, US)
    assert verdict.status is Status.CONTROLLED and verdict.rule == "4-piperidone"
    assert verdict.explanation.startswith("Component O=C1CCNCC1:")
    assert result.resolved is not None and "." in result.resolved.smiles


def test_matched_atoms_index_the_resolved_smiles(screener: Screener) -> None:
    query = "Cl.CCS(=O)(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
    result = screener.screen([("1", query)], on=ON)[0]
    verdict = verdict_of(result, CN)
    assert verdict.status is Status.REVIEW
    assert result.resolved is not None
    mol = Chem.MolFromSmiles(result.resolved.smiles)
    symbols = sorted(mol.GetAtomWithIdx(i).GetSymbol() for i in verdict.matched_atoms)
    assert "Cl" not in symbols and "S" in symbols  # the sulfonyl atom, not the counter-ion
    assert symbols.count("N") == 2  # the piperidine and amide nitrogens


def test_quaternary_salt_stays_charged_and_goes_to_review(screener: Screener) -> None:
    query = "CCC(=O)N(c1ccccc1)C1CC[N+](C)(CCc2ccccc2)CC1.[I-]"
    result = screener.screen([("1", query)], on=ON)[0]
    assert verdict_of(result, US).status is Status.REVIEW
