"""The class rules (US FRS, China 2019) and every reading of docs/chemistry.md §2.

Each rule has its own positive and negative molecules; the verdict-level tests go through
`screen` so that named listings, dates and families are checked together with the rule.
"""

from __future__ import annotations

from datetime import date

import pytest
from rdkit import Chem

from counterpart.chemistry import Screener
from counterpart.chemistry.fentanyl_class import apply_cn_frs, apply_us_frs
from counterpart.chemistry.findings import Outcome
from counterpart.domain.substances import Family, Jurisdiction, Status
from tests.chemistry.conftest import ON, verdict_of

US, CN = Jurisdiction.US, Jurisdiction.CN

# Molecules not in the registry, so that the class rule (not a listing) decides.
FORMYL = "O=CN(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
CARBAMOYL = "NC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
METHYL_CARBAMATE = "COC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
PYRIDYL = "CCC(=O)N(c1ccccn1)C1CCN(CCc2ccccc2)CC1"
CYCLOHEXYLETHYL = "CCC(=O)N(c1ccccc1)C1CCN(CCC2CCCCC2)CC1"
BETA_METHOXY = "CCC(=O)N(c1ccccc1)C1CCN(CC(OC)c2ccccc2)CC1"
ETHYL_ESTER = "CCOC(=O)C1(N(C(=O)CC)c2ccccc2)CCN(CCc2ccccc2)CC1"
BETA_KETO = "CCC(=O)N(c1ccccc1)C1CCN(CC(=O)c2ccccc2)CC1"
HOMO = "CCC(=O)N(c1ccccc1)C1CCN(CCCc2ccccc2)CC1"
AZEPANE = "CCC(=O)N(c1ccccc1)C1CCCN(CCc2ccccc2)CC1"
ANILIDO_3 = "CCC(=O)N(c1ccccc1)C1CCCN(CCc2ccccc2)C1"
N_OXIDE = "CCC(=O)N(c1ccccc1)C1CC[N+]([O-])(CCc2ccccc2)CC1"
QUATERNARY = "CCC(=O)N(c1ccccc1)C1CC[N+](C)(CCc2ccccc2)CC1"
SULFONYL = "CCS(=O)(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
THIOACYL = "CCC(=S)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
BENZYL = "CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1"
NORFENTANYL = "CCC(=O)N(c1ccccc1)C1CCNCC1"
BOC_NORFENTANYL = "CCC(=O)N(c1ccccc1)C1CCN(C(=O)OC(C)(C)C)CC1"
NAPHTHYL_ANILIDE = "CCC(=O)N(c1ccc2ccccc2c1)C1CCN(CCc2ccccc2)CC1"
CYCLOHEXYL_ANILIDE = "CCC(=O)N(C1CCCCC1)C1CCN(CCc2ccccc2)CC1"
NAPHTHYLETHYL = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccc3ccccc3c2)CC1"
PHENYL_ON_PIPERIDINE = "CCC(=O)N(c1ccccc1)C1(c2ccccc2)CCN(CCc2ccccc2)CC1"
OXO_ON_PIPERIDINE = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1=O"
CYANO_ON_LINKER = "CCC(=O)N(c1ccccc1)C1CCN(CC(C#N)c2ccccc2)CC1"
BRIDGED = "CCC(=O)N(c1ccccc1)C1CC2CCC(C1)N2CCc1ccccc1"


def _mol(smiles: str) -> Chem.Mol:
    mol = Chem.MolFromSmiles(smiles)
    assert mol is not None
    return mol


@pytest.mark.parametrize(
    ("smiles", "modification"),
    [
        (FORMYL, "(E) N-propionyl replaced by formyl"),
        (CARBAMOYL, "(E) N-propionyl replaced by carbamoyl"),
        (METHYL_CARBAMATE, "alkoxycarbonyl"),
        (PYRIDYL, "(D)"),
        (CYCLOHEXYLETHYL, "(A)"),
        (BETA_METHOXY, "(B) phenethyl substituted with alkoxyl/ether"),
        (ETHYL_ESTER, "(C) piperidine substituted with"),
    ],
)
def test_us_and_cn_classes_take_each_modification(smiles: str, modification: str) -> None:
    us = apply_us_frs(_mol(smiles))
    cn = apply_cn_frs(_mol(smiles))
    assert us is not None and us.outcome is Outcome.INSIDE
    assert modification in us.explanation
    assert cn is not None and cn.outcome is Outcome.INSIDE


@pytest.mark.parametrize(
    ("smiles", "reason"),
    [
        (NAPHTHYL_ANILIDE, "not a monocycle"),
        (CYCLOHEXYL_ANILIDE, "not aromatic"),
        (PHENYL_ON_PIPERIDINE, "not an acyclic group of list (C)"),
        (OXO_ON_PIPERIDINE, "not an acyclic group of list (C)"),
        (BRIDGED, "fused, bridged or spiro"),
    ],
)
def test_both_classes_refuse_what_neither_text_allows(smiles: str, reason: str) -> None:
    for apply in (apply_us_frs, apply_cn_frs):
        finding = apply(_mol(smiles))
        assert finding is not None and finding.outcome is Outcome.OUTSIDE
        assert reason in finding.explanation


@pytest.mark.parametrize("smiles", [NAPHTHYLETHYL, CYANO_ON_LINKER, BENZYL, BOC_NORFENTANYL])
def test_phenethyl_replacements_are_inside_china_only(smiles: str) -> None:
    us = apply_us_frs(_mol(smiles))
    cn = apply_cn_frs(_mol(smiles))
    assert us is not None and us.outcome is Outcome.OUTSIDE
    assert cn is not None and cn.outcome is Outcome.INSIDE
    assert "phenethyl group replaced by another group" in cn.explanation


def test_fentanyl_itself_is_not_under_the_class() -> None:
    finding = apply_us_frs(_mol("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"))
    assert finding is not None and finding.outcome is Outcome.OUTSIDE
    assert "listed by name" in finding.explanation


def test_molecules_without_the_skeleton_get_no_finding() -> None:
    for smiles in ("c1ccccc1", "CN1CCC(CC1)c1ccccc1", AZEPANE, ANILIDO_3):
        assert apply_us_frs(_mol(smiles)) is None
        assert apply_cn_frs(_mol(smiles)) is None


# --- the readings of §2, as verdicts -------------------------------------------------------


def test_benzylfentanyl_is_cn_class_and_us_list_i_by_name(screener: Screener) -> None:
    result = screener.screen([("1", BENZYL)], on=ON)[0]
    us, cn = verdict_of(result, US), verdict_of(result, CN)
    assert us.status is Status.CONTROLLED and us.family is Family.FENTANYL_PRECURSOR
    assert "List I" in us.explanation and us.rule == "benzylfentanyl"
    assert cn.status is Status.CLASS_CONTROLLED and cn.family is Family.FENTANYL_PRECURSOR
    assert apply_us_frs(_mol(BENZYL)).outcome is Outcome.OUTSIDE  # type: ignore[union-attr]


def test_norfentanyl_is_outside_both_classes_and_listed_as_a_precursor(screener: Screener) -> None:
    for apply in (apply_us_frs, apply_cn_frs):
        finding = apply(_mol(NORFENTANYL))
        assert finding is not None and finding.outcome is Outcome.OUTSIDE
    result = screener.screen([("1", NORFENTANYL)], on=ON)[0]
    for jurisdiction in (US, CN):
        verdict = verdict_of(result, jurisdiction)
        assert verdict.status is Status.CONTROLLED
        assert verdict.family is Family.FENTANYL_PRECURSOR


@pytest.mark.parametrize(("smiles", "words"), [(BETA_KETO, "beta-keto"), (HOMO, "3-carbon chain")])
def test_beta_keto_and_longer_chain_are_us_review_and_cn_class(
    screener: Screener, smiles: str, words: str
) -> None:
    result = screener.screen([("1", smiles)], on=ON)[0]
    us, cn = verdict_of(result, US), verdict_of(result, CN)
    assert us.status is Status.REVIEW and words in us.explanation
    assert us.rule == "us-frs" and us.family is Family.FENTANYL
    assert cn.status is Status.CLASS_CONTROLLED and cn.rule == "cn-frs-2019"


@pytest.mark.parametrize("smiles", [AZEPANE, ANILIDO_3])
def test_ring_homologue_and_positional_isomer_are_not_covered(
    screener: Screener, smiles: str
) -> None:
    result = screener.screen([("1", smiles)], on=ON)[0]
    for verdict in result.verdicts:
        assert verdict.status is Status.NOT_CONTROLLED, verdict


@pytest.mark.parametrize(
    ("smiles", "words"),
    [
        (N_OXIDE, "N-oxide or quaternary"),
        (QUATERNARY, "N-oxide or quaternary"),
        (SULFONYL, "sulfonyl"),
        (THIOACYL, "thioacyl"),
    ],
)
def test_n_oxide_quaternary_sulfonyl_and_thioacyl_go_to_review(
    screener: Screener, smiles: str, words: str
) -> None:
    result = screener.screen([("1", smiles)], on=ON)[0]
    for jurisdiction in (US, CN):
        verdict = verdict_of(result, jurisdiction)
        assert verdict.status is Status.REVIEW, verdict
        assert words in verdict.explanation
        assert verdict.matched_atoms


def test_remifentanil_is_reported_under_its_own_listing(screener: Screener) -> None:
    smiles = "CCC(=O)N(c1ccccc1)C1(C(=O)OC)CCN(CCC(=O)OC)CC1"
    assert apply_us_frs(_mol(smiles)).outcome is Outcome.OUTSIDE  # type: ignore[union-attr]
    verdict = verdict_of(screener.screen([("1", smiles)], on=ON)[0], US)
    assert verdict.status is Status.CONTROLLED and verdict.rule == "remifentanil"


@pytest.mark.parametrize(
    ("on", "us", "cn"),
    [
        (date(2018, 2, 5), Status.NOT_CONTROLLED, Status.NOT_CONTROLLED),
        (date(2018, 2, 6), Status.CLASS_CONTROLLED, Status.NOT_CONTROLLED),
        (date(2019, 4, 30), Status.CLASS_CONTROLLED, Status.NOT_CONTROLLED),
        (date(2019, 5, 1), Status.CLASS_CONTROLLED, Status.CLASS_CONTROLLED),
    ],
)
def test_class_rules_apply_from_their_dates(
    screener: Screener, on: date, us: Status, cn: Status
) -> None:
    result = screener.screen([("1", PYRIDYL)], on=on)[0]
    assert verdict_of(result, US).status is us
    assert verdict_of(result, CN).status is cn
    if us is Status.CLASS_CONTROLLED:
        assert verdict_of(result, US).since == date(2018, 2, 6)
        assert "83 FR 5188" in (verdict_of(result, US).basis or "")


def test_isomers_and_isotopologues_fall_under_the_named_listing(screener: Screener) -> None:
    deuterated = "[2H]C([2H])([2H])CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
    cis_3_methyl = "CCC(=O)N(c1ccccc1)[C@@H]1CCN(CCc2ccccc2)C[C@@H]1C"
    for smiles, rule in ((deuterated, "fentanyl"), (cis_3_methyl, "3-methylfentanyl")):
        verdict = verdict_of(screener.screen([("1", smiles)], on=ON)[0], US)
        assert verdict.status is Status.CONTROLLED, verdict
        assert verdict.rule == rule
        assert "stereoisomer or isotopologue" in verdict.explanation
