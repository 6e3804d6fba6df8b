"""Designer-precursor alerts: the closest listed precursor and the transformation, by rule."""

from __future__ import annotations

import pytest
from rdkit import Chem

from counterpart.chemistry import Screener
from counterpart.chemistry.designer import find_designer_relatives
from counterpart.domain.substances import Family, Jurisdiction, Status
from tests.chemistry.conftest import ON, verdict_of

UN, US, EU = Jurisdiction.UN, Jurisdiction.US, Jurisdiction.EU


def _relatives(smiles: str) -> list[tuple[str, tuple[str, ...]]]:
    mol = Chem.MolFromSmiles(smiles)
    assert mol is not None
    match = find_designer_relatives(mol)
    if match is None:
        return []
    return [(r.precursor, tuple(t.english() for t in r.transformations)) for r in match.relatives]


@pytest.mark.parametrize(
    ("smiles", "precursor", "words"),
    [
        ("O=C(OCc1ccccc1)N1CCC(Nc2ccccc2)CC1", "1-boc-4-AP", "protecting group swap"),
        ("CCOC(=O)N1CCC(Nc2ccccc2)CC1", "1-boc-4-AP", "protecting group swap"),
        ("C1COC2(O1)CCN(CCc1ccccc1)CC2", "NPP", "ketone masked as a ketal"),
        ("C1COC2(O1)CCN(C(=O)OC(C)(C)C)CC2", "1-boc-4-piperidone", "ketal"),
        ("Fc1ccc(NC2CCNCC2)cc1", "4-AP", "halogen on the aniline ring"),
        ("Fc1ccc(NC2CCN(CCc3ccccc3)CC2)cc1", "ANPP", "halogen on the aniline ring"),
        ("CC(=O)N(c1ccccc1)C1CCNCC1", "norfentanyl", "acyl swap"),
        ("CCC(=O)N(c1ccccc1)C1(C(=O)OC)CCNCC1", "norfentanyl", "carfentanil series"),
        ("N#CC1(Nc2ccccc2)CCN(CCc2ccccc2)CC1", "ANPP", "Strecker nitrile"),
        ("O=C1CCN(Cc2ccccc2)CC1", "NPP", "benzyl in place of phenethyl"),
    ],
)
def test_rules_name_the_closest_listed_precursor(smiles: str, precursor: str, words: str) -> None:
    relatives = _relatives(smiles)
    assert relatives, smiles
    name, steps = relatives[0]
    assert name == precursor
    assert any(words in step for step in steps), steps


@pytest.mark.parametrize(
    "smiles",
    [
        "c1ccc(NC2CCNCC2)cc1",  # 4-AP itself: a listing, not an alert
        "c1ccc(NC2CCCNC2)cc1",  # positional isomer (3-anilinopiperidine)
        "c1ccc(NC2CCCNCC2)cc1",  # ring homologue (azepane)
        "CN1CCC(=O)CC1",  # 1-methyl-4-piperidone: common reagent, not a listed relative
        "O=C1CCN(C(=O)c2ccc(-c3ccccc3)cc2)CC1",  # a large amide: no protecting group
        "CC1(C)CC(=O)CC(C)(C)N1",  # triacetonamine: ring substituted
    ],
)
def test_isomers_homologues_and_far_relatives_get_no_alert(smiles: str) -> None:
    assert _relatives(smiles) == []


def test_watch_verdict_names_precursor_transformation_and_similarity_hint(
    screener: Screener,
) -> None:
    result = screener.screen([("1", "O=C(OCc1ccccc1)N1CCC(Nc2ccccc2)CC1")], on=ON)[0]
    verdict = verdict_of(result, UN)
    assert verdict.status is Status.WATCH
    assert verdict.family is Family.FENTANYL_PRECURSOR
    assert verdict.rule == "designer-precursor"
    assert "1-boc-4-AP" in verdict.explanation
    assert "protecting group swap" in verdict.explanation
    assert "a hint only" in verdict.explanation
    assert verdict.matched_atoms
    # under US law the generic 4-AP wording reaches it first
    assert verdict_of(result, US).status is Status.CLASS_CONTROLLED


def test_watch_needs_the_relative_to_be_listed_in_that_jurisdiction(screener: Screener) -> None:
    # N-benzyl 4-AP: close to ANPP and 4-AP, both listed in the EU on this date
    result = screener.screen([("1", "c1ccc(CN2CCC(Nc3ccccc3)CC2)cc1")], on=ON)[0]
    assert verdict_of(result, EU).status is Status.WATCH
    # before any fentanyl precursor was listed in the EU, nothing to be close to
    early = screener.screen([("1", "c1ccc(CN2CCC(Nc3ccccc3)CC2)cc1")], (EU,), ON.replace(year=2000))
    assert verdict_of(early[0], EU).status is Status.NOT_CONTROLLED
