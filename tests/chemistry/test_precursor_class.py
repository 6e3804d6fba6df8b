"""The US generic precursor wording: 4-AP and 4-piperidone with their named derivatives."""

from __future__ import annotations

from datetime import date

import pytest
from rdkit import Chem

from counterpart.chemistry import Screener
from counterpart.chemistry.findings import Outcome
from counterpart.chemistry.precursor_class import (
    apply_us_4ap_wording,
    apply_us_piperidone_wording,
)
from counterpart.domain.substances import Family, Jurisdiction, Status
from tests.chemistry.conftest import ON, verdict_of

US = Jurisdiction.US

CBZ_4AP = "O=C(OCc1ccccc1)N1CCC(Nc2ccccc2)CC1"
ACETYL_4AP = "CC(=O)N1CCC(Nc2ccccc2)CC1"
FLUORO_4AP = "Fc1ccc(NC2CCNCC2)cc1"
METHYL_4AP = "CN1CCC(Nc2ccccc2)CC1"
TOLYL_4AP = "Cc1ccc(NC2CCNCC2)cc1"
METHYL3_4AP = "CC1CNCCC1Nc1ccccc1"
ACETYL_PIPERIDONE = "CC(=O)N1CCC(=O)CC1"
CBZ_PIPERIDONE = "O=C1CCN(C(=O)OCc2ccccc2)CC1"
PIPERIDONE_KETAL = "C1COC2(O1)CCNCC2"
BOC_PIPERIDONE_DIMETHYL_KETAL = "COC1(OC)CCN(C(=O)OC(C)(C)C)CC1"
METHYL_PIPERIDONE = "CN1CCC(=O)CC1"
METHYL3_PIPERIDONE = "CC1CNCCC1=O"
BENZOYL_BIG = "O=C1CCN(C(=O)c2ccc(-c3ccccc3)cc2)CC1"


def _mol(smiles: str) -> Chem.Mol:
    mol = Chem.MolFromSmiles(smiles)
    assert mol is not None
    return mol


@pytest.mark.parametrize(
    ("smiles", "fired"),
    [
        (CBZ_4AP, "carbamate on the piperidine nitrogen"),
        (ACETYL_4AP, "amide on the piperidine nitrogen"),
        (FLUORO_4AP, "halide (F on the aniline ring)"),
        ("CC(=O)N(c1ccc(Cl)cc1)C1CCN(C(=O)OC)CC1", "carbamate on the piperidine nitrogen; amide"),
    ],
)
def test_4ap_wording_fires_and_says_which_part(smiles: str, fired: str) -> None:
    finding = apply_us_4ap_wording(_mol(smiles))
    assert finding is not None and finding.outcome is Outcome.INSIDE
    assert fired in finding.explanation
    assert "4-AP, its amides, its carbamates, its halides, its salts" in finding.explanation


@pytest.mark.parametrize(
    ("smiles", "reason"),
    [
        (METHYL_4AP, "not an acyl or carbamate"),
        (TOLYL_4AP, "other than a halogen"),
        (METHYL3_4AP, "substituted, fused or bridged"),
    ],
)
def test_4ap_wording_does_not_reach_alkyl_ring_or_aryl_changes(smiles: str, reason: str) -> None:
    finding = apply_us_4ap_wording(_mol(smiles))
    assert finding is not None and finding.outcome is Outcome.OUTSIDE
    assert reason in finding.explanation


@pytest.mark.parametrize(
    ("smiles", "fired"),
    [
        (ACETYL_PIPERIDONE, "amide on the piperidine nitrogen"),
        (CBZ_PIPERIDONE, "carbamate on the piperidine nitrogen"),
        (PIPERIDONE_KETAL, "acetal at C4"),
        (BOC_PIPERIDONE_DIMETHYL_KETAL, "carbamate on the piperidine nitrogen; acetal at C4"),
        (BENZOYL_BIG, "amide on the piperidine nitrogen"),
    ],
)
def test_piperidone_wording_fires_and_says_which_part(smiles: str, fired: str) -> None:
    finding = apply_us_piperidone_wording(_mol(smiles))
    assert finding is not None and finding.outcome is Outcome.INSIDE
    assert fired in finding.explanation


@pytest.mark.parametrize(
    "smiles", [METHYL_PIPERIDONE, METHYL3_PIPERIDONE, "O=C1CCN(CCc2ccccc2)CC1"]
)
def test_piperidone_wording_does_not_reach_alkyl_or_ring_substituted(smiles: str) -> None:
    finding = apply_us_piperidone_wording(_mol(smiles))
    assert finding is not None and finding.outcome is Outcome.OUTSIDE


def test_no_finding_without_the_skeleton() -> None:
    for smiles in ("O=C1CCCCC1", "c1ccc(NC2CCCCC2)cc1", "O=C1CCCNCC1"):
        assert apply_us_4ap_wording(_mol(smiles)) is None
        assert apply_us_piperidone_wording(_mol(smiles)) is None


def test_wording_is_a_us_class_verdict_with_the_precursor_family(screener: Screener) -> None:
    result = screener.screen([("1", CBZ_4AP), ("2", ACETYL_PIPERIDONE)], on=ON)
    for item, rule in zip(result, ("us-4ap-generic", "us-4-piperidone-generic"), strict=True):
        verdict = verdict_of(item, US)
        assert verdict.status is Status.CLASS_CONTROLLED
        assert verdict.family is Family.FENTANYL_PRECURSOR
        assert verdict.rule == rule and verdict.basis and "21 CFR 1310.02" in verdict.basis


@pytest.mark.parametrize(
    ("smiles", "on", "status"),
    [
        (CBZ_4AP, date(2020, 5, 14), Status.NOT_CONTROLLED),
        (CBZ_4AP, date(2020, 5, 15), Status.CLASS_CONTROLLED),
        (FLUORO_4AP, date(2023, 11, 29), Status.WATCH),  # halides not yet: a designer alert
        (FLUORO_4AP, date(2023, 11, 30), Status.CLASS_CONTROLLED),
        (ACETYL_PIPERIDONE, date(2023, 5, 11), Status.NOT_CONTROLLED),
        (ACETYL_PIPERIDONE, date(2023, 5, 12), Status.CLASS_CONTROLLED),
    ],
)
def test_wording_applies_from_its_dates(
    screener: Screener, smiles: str, on: date, status: Status
) -> None:
    verdict = verdict_of(screener.screen([("1", smiles)], (US,), on)[0], US)
    assert verdict.status is status, verdict
    if status is Status.CLASS_CONTROLLED and smiles == FLUORO_4AP:
        assert verdict.since == date(2023, 11, 30)


def test_ordinary_piperidines_stay_not_controlled(screener: Screener) -> None:
    # haloperidol, methylphenidate, 1-methyl-4-piperidone: piperidines outside every wording
    queries = [
        "OC1(CCN(CCCC(=O)c2ccc(F)cc2)CC1)c1ccc(Cl)cc1",
        "COC(=O)C(c1ccccc1)C1CCCCN1",
        METHYL_PIPERIDONE,
    ]
    for result in screener.screen([(str(i), q) for i, q in enumerate(queries)], on=ON):
        assert not result.is_flagged, result
