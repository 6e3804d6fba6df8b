"""The log page with a neutral witness: its cosignature shown and verified, its alarm in Chinese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from markupsafe import escape

from counterpart.cli import main
from counterpart.exchange.keys import load_node_key
from tests.nodes.stock_witness import StockWitness
from tests.web.auth_node import WebNode
from tests.web.ui.ui_node import BROWSER_HEADERS, browser, fill_log, run_cli, settings_of


@pytest.fixture
def witnessed(web: WebNode) -> Iterator[StockWitness]:
    """A node whose checkpoint the counterpart and a neutral witness cosigned."""
    fill_log(web, records=2)
    settings = settings_of(web)
    server = StockWitness()
    server.add_log(load_node_key(settings).verifier_key().to_vkey())
    server.start()
    run_cli(settings, "witness", "add", "incb", server.url, server.vkey)
    run_cli(settings, "witness", "submit")
    yield server
    server.stop()


def test_the_witness_cosignature_is_listed_and_verified(
    web: WebNode, witnessed: StockWitness
) -> None:
    client, _ = browser(web, "viewer")
    [checkpoint] = client.get("/log.json").json()["checkpoints"]
    assert sorted(c["signer"] for c in checkpoint["cosignatures"]) == sorted(
        ["counterpart/cn", witnessed.name]
    )
    page = client.get("/log").text
    assert f'class="cosigner">{witnessed.name}<' in page
    assert "<dt>Neutral witness incb</dt>" in page and "cosigned checkpoint 2" in page
    twin = client.get("/log/records/1.json").json()
    assert twin["holds"] is True
    assert twin["cosigners"] == ["counterpart", "incb"]  # the policy's names


def test_a_witness_alarm_reads_in_chinese(web: WebNode, witnessed: StockWitness) -> None:
    settings = settings_of(web)
    rogue = StockWitness(name="rogue.example/w", prefix="")
    rogue.add_log(load_node_key(settings).verifier_key().to_vkey())
    rogue.cosigner = Ed25519PrivateKey.generate()
    rogue.start()
    try:
        run_cli(settings, "witness", "add", "rogue", rogue.url, rogue.vkey)
        options = ["--home", str(settings.home), "--database-url", str(settings.database_url)]
        result = CliRunner().invoke(main, [*options, "witness", "submit", "--name", "rogue"])
        assert result.exit_code == 4, result.output
    finally:
        rogue.stop()
    client, csrf = web.sign_in("viewer")
    client.headers.update(BROWSER_HEADERS)
    client.post("/language", data={"locale": "zh", "next": "/", "csrf_token": csrf})
    page = client.get("/log").text
    assert "中立见证方的联署被拒收" in page
    assert '<li class="alarm" data-kind="witness_cosignature_refused">' in page
    assert "返回的联署不是其登记密钥对该检查点所作；未予保存" in page  # the data left as it is
    # The state card: each witness, what it last cosigned and its last failure.
    assert "<dt>中立见证方 incb</dt>" in page and "已联署检查点 2" in page
    assert "<dt>中立见证方 rogue</dt>" in page and "上次尝试失败：" in page
    witnesses = {w["name"]: w for w in client.get("/log.json").json()["log"]["witnesses"]}
    assert (witnesses["incb"]["cosigned_size"], witnesses["incb"]["last_error"]) == (2, None)
    assert witnesses["rogue"]["cosigned_size"] is None
    assert "not its registered key's" in witnesses["rogue"]["last_error"]
    assert f'<span translate="no">{escape(witnesses["rogue"]["last_error"])}' in page
