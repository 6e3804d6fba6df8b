"""`counterpart compliance`: formats, the gap, and clear errors before setup."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from counterpart.cli import main
from counterpart.ledger.note import NoteSigner


def _run(home: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    return result.exit_code, result.stdout, result.stderr


def test_an_uninitialised_node_and_a_node_without_peer_are_errors(tmp_path: Path) -> None:
    home = tmp_path / "us"
    code, _, err = _run(home, "compliance")
    assert (code, err.strip()) == (1, "error: this node is not initialised; run `counterpart init`")
    assert _run(home, "init", "--party", "US-DEA", "--name", "US node")[0] == 0
    code, _, err = _run(home, "compliance")
    assert code == 1
    assert "no counterpart node is registered; run `counterpart peer add`" in err


def test_formats_of_the_figures_and_the_gap(tmp_path: Path) -> None:
    home = tmp_path / "us"
    _run(home, "init", "--party", "US-DEA", "--name", "US node")
    vkey = NoteSigner.generate("counterpart/CN-NNCC").verifier_key().to_vkey()
    assert _run(home, "peer", "add", "cn-nncc", "http://127.0.0.1:9", vkey)[0] == 0
    code, out, _ = _run(home, "compliance", "--format", "json")
    body = json.loads(out)
    assert code == 0
    assert [d["party"] for d in body["directions"]] == ["us-dea", "cn-nncc"]
    assert body["directions"][0]["replies"]["requests"] == 0
    code, out, _ = _run(home, "compliance")
    assert out.splitlines()[0].split() == ["party", "counterpart", "section", "figure", "value"]
    code, out, _ = _run(home, "compliance", "--gap", "--format", "csv")
    assert "4-ap,4-AP,23056-29-3,True,US,CN,2020-05-15,2024-09-01,1570,False" in out.splitlines()
    code, _, err = _run(home, "compliance", "--peer", "eu")
    assert (code, err.strip()) == (
        1,
        "error: no peer named 'eu'; add it with `counterpart peer add`",
    )
