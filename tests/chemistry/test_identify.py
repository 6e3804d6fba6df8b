"""Identification and bad input: every kind of query, and each bad input with its own reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from rdkit import Chem
from rdkit.Chem import rdinchi

from counterpart.chemistry import Screener
from counterpart.chemistry.opsin import NameFailure, NameOutcome, parse_names
from counterpart.chemistry.registry import load_registry
from counterpart.domain.substances import InputKind, Jurisdiction, ScreeningResult, Status
from tests.chemistry.conftest import ON, verdict_of

US = Jurisdiction.US
FENTANYL = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
FENTANYL_KEY = "PJMPHNIQZUBGLI-UHFFFAOYSA-N"


def _one(screener: Screener, query: str) -> ScreeningResult:
    return screener.screen([("1", query)], on=ON)[0]


def _assert_unresolved(result: ScreeningResult, *words: str) -> None:
    assert result.error is not None
    for word in words:
        assert word in result.error, result.error
    assert result.resolved is None
    assert all(v.status is Status.UNRESOLVED for v in result.verdicts)
    assert not any(v.status is Status.NOT_CONTROLLED for v in result.verdicts)


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        (FENTANYL, InputKind.SMILES),
        (rdinchi.MolToInchi(Chem.MolFromSmiles(FENTANYL))[0], InputKind.INCHI),
        (FENTANYL_KEY, InputKind.INCHIKEY),
        (Chem.MolToMolBlock(Chem.MolFromSmiles(FENTANYL)), InputKind.MOLFILE),
        ("437-38-7", InputKind.CAS),
        ("fentanil", InputKind.NAME),
        ("N-phenyl-N-[1-(2-phenylethyl)piperidin-4-yl]propanamide", InputKind.NAME),
    ],
)
def test_every_kind_of_query_finds_fentanyl(
    screener: Screener, query: str, kind: InputKind
) -> None:
    result = _one(screener, query)
    assert result.error is None, result.error
    assert result.input_kind is kind
    assert result.resolved is not None
    assert verdict_of(result, US).status is Status.CONTROLLED
    assert verdict_of(result, US).rule == "fentanyl"


def test_malformed_smiles_gives_rdkit_reason_and_no_log_noise(
    screener: Screener, capfd: pytest.CaptureFixture[str]
) -> None:
    _assert_unresolved(
        _one(screener, "CC(=O)N1CC(C"), "not a valid SMILES", "extra open parentheses"
    )
    _assert_unresolved(_one(screener, "CN(C)(C)(C)C"), "valence")
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_wrong_cas_check_digit_says_the_expected_digit(screener: Screener) -> None:
    # a public data file gives norfentanyl as 1609-66-5; the check digit is 1
    _assert_unresolved(_one(screener, "1609-66-5"), "1609-66-5", "1")
    assert _one(screener, "1609-66-1").resolved is not None


def test_valid_cas_outside_the_registry_is_unresolved(screener: Screener) -> None:
    _assert_unresolved(_one(screener, "50-00-0"), "not in the registry")


def test_unknown_inchikey_is_unresolved(screener: Screener) -> None:
    _assert_unresolved(_one(screener, "LFQSCWFLJHTTHZ-UHFFFAOYSA-N"), "not in the registry")


def test_empty_query(screener: Screener) -> None:
    _assert_unresolved(_one(screener, "   "), "empty query")


def test_five_megabyte_molfile_hits_the_size_limit(screener: Screener) -> None:
    block = Chem.MolToMolBlock(Chem.MolFromSmiles(FENTANYL))
    huge = block.replace("M  END", "M  END" + "\n" * (5 * 1024 * 1024))
    _assert_unresolved(_one(screener, huge), "over the", "limit")


def test_binary_junk(screener: Screener) -> None:
    junk = bytes(range(256)).decode("latin-1")
    _assert_unresolved(_one(screener, junk), "binary data")
    _assert_unresolved(_one(screener, b"\xff\xfe\x00C".decode("utf-8", errors="replace")), "binary")


def test_bad_inchi_and_bad_molfile_have_reasons(screener: Screener) -> None:
    _assert_unresolved(_one(screener, "InChI=1S/garbage"), "not a valid InChI")
    _assert_unresolved(
        _one(screener, "junk\n\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END"), "molfile"
    )


def test_unknown_name_is_unresolved_with_opsin_reason_and_no_warning(screener: Screener) -> None:
    # pytest turns warnings into errors here: py2opsin's RuntimeWarning must be captured.
    _assert_unresolved(_one(screener, "flibbertigibbet oxide"), "unknown name", "OPSIN")


def test_a_batch_gives_all_its_names_to_one_opsin_run() -> None:
    calls: list[list[str]] = []

    def counting(names: Sequence[str]) -> Mapping[str, NameOutcome]:
        calls.append(list(names))
        return parse_names(names)

    screener = Screener(load_registry(), resolve_names=counting)
    queries = [
        "piperidin-4-one",
        "c1ccccc1",
        "1-benzylpiperidin-4-one",
        "not a chemical at all",
        "NPP",
    ]
    results = screener.screen([(str(i), q) for i, q in enumerate(queries)], on=ON)
    assert len(calls) == 1
    assert sorted(calls[0]) == ["1-benzylpiperidin-4-one", "not a chemical at all"]
    assert [r.error is None for r in results] == [True, True, True, False, True]
    assert verdict_of(results[2], US).status is Status.WATCH


def test_parse_names_reports_each_failure() -> None:
    outcomes = parse_names(["ethanol", "zzzz qqqq", "two\nlines"])
    assert outcomes["ethanol"] == "C(C)O"
    assert isinstance(outcomes["zzzz qqqq"], NameFailure)
    assert "zzzz qqqq" in outcomes["zzzz qqqq"].reason
    assert isinstance(outcomes["two\nlines"], NameFailure)


def test_bad_rows_do_not_stop_the_batch(screener: Screener) -> None:
    queries = ["C1CC(", FENTANYL, "", "1609-66-5", "\x00\x01junk", "c1ccccc1"]
    results = screener.screen([(str(i), q) for i, q in enumerate(queries)], on=ON)
    errors = [r.error for r in results]
    assert errors[1] is None and errors[5] is None
    assert len({e for e in errors if e}) == 4  # each bad row has its own reason
    assert verdict_of(results[1], US).status is Status.CONTROLLED
    assert verdict_of(results[5], US).status is Status.NOT_CONTROLLED
