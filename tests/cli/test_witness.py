"""`counterpart witness add|list|remove|submit`, and the witnesses in `log status` and export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counterpart.cli import main
from counterpart.exchange.keys import load_node_key
from counterpart.settings import Settings
from counterpart.storage.log_node import open_node_stores
from counterpart.storage.tables import audit_event
from counterpart.workflows.log_append import append_entries, sign_checkpoint
from tests.nodes.stock_witness import StockWitness


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Iterator[list[str]]:
    """The global options of an initialised node on the parametrised store."""
    options = ["--home", str(tmp_path / "home"), "--database-url", database_url]
    run(options, "init", "--party", "us", "--name", "US node")
    yield options


@pytest.fixture
def witness(home: list[str]) -> Iterator[StockWitness]:
    server = StockWitness()
    server.add_log(_vkey(home))
    server.start()
    yield server
    server.stop()


def invoke(home: list[str], *args: str) -> Result:
    return CliRunner().invoke(main, [*home, *args])


def run(home: list[str], *args: str) -> str:
    result = invoke(home, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def _settings(home: list[str]) -> Settings:
    return Settings(home=Path(home[1]), database_url=home[3], environment="test")


def _vkey(home: list[str]) -> str:
    return load_node_key(_settings(home)).verifier_key().to_vkey()


def _append_and_sign(home: list[str], count: int) -> None:
    settings = _settings(home)
    stores = open_node_stores(settings)
    try:
        append_entries(stores.own, [f'{{"n":{i}}}'.encode() for i in range(count)])
        sign_checkpoint(stores.own, load_node_key(settings))
    finally:
        stores.close()


def _audit_actions(home: list[str]) -> list[tuple[str, str, str]]:
    stores = open_node_stores(_settings(home))
    try:
        with stores.engine.connect() as connection:
            rows = connection.execute(sa.select(audit_event).order_by(audit_event.c.id)).all()
    finally:
        stores.close()
    return [(r.actor, r.action, r.target) for r in rows if r.action.startswith("witness.")]


def test_add_list_remove_are_audited(home: list[str], witness: StockWitness) -> None:
    added = run(home, "witness", "add", "incb", witness.url + "/", witness.vkey)
    assert added == f"witness incb at {witness.url}: {witness.vkey}\n"
    assert run(home, "witness", "list") == f"witness incb at {witness.url}: cosigned nothing yet\n"
    (listed,) = json.loads(run(home, "witness", "list", "--format", "json"))
    assert (listed["name"], listed["cosigned_size"], listed["last_error"]) == ("incb", None, None)

    again = invoke(home, "witness", "add", "incb", witness.url, witness.vkey)
    assert again.exit_code == 1
    assert "already registered" in again.stderr

    assert run(home, "witness", "remove", "incb") == "witness incb removed\n"
    assert run(home, "witness", "list").startswith("no neutral witness registered")
    gone = invoke(home, "witness", "remove", "incb")
    assert (gone.exit_code, "no witness named 'incb'" in gone.stderr) == (1, True)
    assert _audit_actions(home) == [
        ("cli", "witness.add", "witness:incb"),
        ("cli", "witness.remove", "witness:incb"),
    ]


@pytest.mark.parametrize(
    "case",
    [
        ("incb", "ftp://w.example", None, "URL: 'ftp://w.example' is not an http(s) URL"),
        ("incb", "https://w.example/?x=1", None, "is not an http(s) URL without query"),
        ("incb", "https://w.example", "incb+abcd+AAA", "VKEY: not a witness vkey"),
        ("counterpart", "https://w.example", None, "NAME: 'counterpart' is a name the"),
        ("in cb", "https://w.example", None, "NAME: a witness name is 1-64 letters"),
    ],
)
def test_bad_names_urls_and_vkeys_say_what_is_wrong(
    home: list[str], witness: StockWitness, case: tuple[str, str, str | None, str]
) -> None:
    name, url, vkey, said = case
    result = invoke(home, "witness", "add", name, url, vkey or witness.vkey)
    assert result.exit_code == 1
    assert said in result.stderr
    assert "Traceback" not in result.output


def test_the_node_own_key_is_not_a_witness_key(home: list[str]) -> None:
    result = invoke(home, "witness", "add", "incb", "https://w.example", _vkey(home))
    assert (result.exit_code, "this node's own key" in result.stderr) == (1, True)


def test_submit_prints_each_witness_and_exits_by_the_worst(
    home: list[str], witness: StockWitness
) -> None:
    assert invoke(home, "witness", "submit").exit_code == 2  # none registered
    run(home, "witness", "add", "incb", witness.url, witness.vkey)
    assert run(home, "witness", "submit") == "incb: nothing_to_submit\n"
    _append_and_sign(home, 3)
    assert run(home, "witness", "submit") == "incb: cosigned checkpoint 3\n"
    (again,) = json.loads(run(home, "witness", "submit", "--name", "incb", "--format", "json"))
    assert (again["outcome"], again["size"]) == ("up_to_date", 3)

    status = json.loads(run(home, "log", "status", "--format", "json"))
    assert status["cosigned_by"] == [witness.name]
    assert [(w["name"], w["cosigned_size"]) for w in status["witnesses"]] == [("incb", 3)]
    assert "witness incb at " in run(home, "log", "status")

    unknown = invoke(home, "witness", "submit", "--name", "other")
    assert (unknown.exit_code, "no witness named 'other'" in unknown.stderr) == (1, True)


def test_submit_exits_1_for_an_unknown_log_and_4_for_an_alarm(home: list[str]) -> None:
    stranger = StockWitness()  # has not added this node's log
    stranger.start()
    _append_and_sign(home, 2)
    try:
        run(home, "witness", "add", "stranger", stranger.url, stranger.vkey)
        result = invoke(home, "witness", "submit")
        assert result.exit_code == 1
        assert result.stdout.startswith("stranger: unknown_log checkpoint 2: the witness does")
        run(home, "witness", "remove", "stranger")

        stranger.add_log(_vkey(home))
        stranger.cosigner = Ed25519PrivateKey.generate()
        run(home, "witness", "add", "stranger", stranger.url, stranger.vkey)
        alarmed = invoke(home, "witness", "submit")
        assert alarmed.exit_code == 4
        assert alarmed.stdout.startswith("stranger: alarm checkpoint 2: witness stranger")
        status = json.loads(run(home, "log", "status", "--format", "json"))
        assert [a["kind"] for a in status["alarms"]] == ["witness_cosignature_refused"]
        assert status["witnesses"][0]["last_error"].startswith("witness stranger answered")
    finally:
        stranger.stop()
