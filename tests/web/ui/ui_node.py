"""A real node app for the UI tests: users of each role, and optionally a log with a
checkpoint cosigned by a real counterpart key and a loaded watchlist."""

from __future__ import annotations

import json
import time
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from counterpart.cli import main
from counterpart.exchange.keys import load_node_key
from counterpart.ledger.cosignature import cosign_checkpoint
from counterpart.ledger.note import NoteSigner, parse_note, parse_vkey
from counterpart.settings import Settings
from counterpart.storage.log_node import open_node_stores
from counterpart.workflows.log_append import cosigned_note, receive_cosignature, sign_checkpoint
from counterpart.workflows.node_setup import add_peer, origin_for
from tests.web.auth_node import WebNode

BROWSER_HEADERS = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
INCIDENT = {"summary": "seizure of 25 kg of 4-ANPP", "place": "Port of Long Beach"}


def run_cli(settings: Settings, *args: str, input_text: str | None = None) -> str:
    """Run a `counterpart` command on the node; its stdout (exit 0 required)."""
    options = ["--home", str(settings.home)]
    if settings.database_url:
        options += ["--database-url", settings.database_url]
    result = CliRunner().invoke(main, [*options, *args], input=input_text)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def browser(web: WebNode, username: str) -> tuple[TestClient, str]:
    """A signed-in client that asks for HTML as a browser does, and its CSRF token."""
    client, csrf = web.sign_in(username)
    client.headers.update(BROWSER_HEADERS)
    return client, csrf


def settings_of(web: WebNode) -> Settings:
    settings: Settings = web.app.state.settings
    return settings


def fill_log(web: WebNode, records: int = 2, cosign: bool = True) -> NoteSigner:
    """Initialise the node (party us), append records, sign a checkpoint and have a real
    counterpart key (party cn) cosign it; returns the counterpart's signer."""
    settings = settings_of(web)
    run_cli(settings, "init", "--party", "us", "--name", "US node")
    for number in range(records):
        body = json.dumps({**INCIDENT, "number": number})
        run_cli(settings, "log", "append", "--type", "incident", "-", input_text=body)
    counterpart = NoteSigner.generate(origin_for("cn"))
    stores = open_node_stores(settings, web.node.engine)
    add_peer(stores.book, "cn", "http://127.0.0.1:9", counterpart.verifier_key().to_vkey())
    signer = load_node_key(settings)
    checkpoint = sign_checkpoint(stores.own, signer)
    if cosign:
        now = int(time.time())
        note = parse_note(cosigned_note(stores.own, checkpoint))
        line = cosign_checkpoint(note, counterpart, now).to_line()
        vkey = parse_vkey(counterpart.verifier_key().to_vkey())
        receive_cosignature(
            stores.own, signer.verifier_key(), vkey, size=checkpoint.size, line=line, now=now
        )
    return counterpart


def write_list(tmp_path: Path, settings: Settings) -> None:
    """Load a small FtM list (two snapshots: one entry delisted in the second)."""
    first = [
        {"id": "p-zheng", "schema": "Person", "properties": {"name": ["ZHENG, Fujing"]}},
        {
            "id": "c-jingao",
            "schema": "Company",
            "properties": {"name": ["HUBEI JINGAO BIOTECHNOLOGY CO., LTD."]},
        },
    ]
    for as_of, entities in (("2024-01-01", first), ("2025-06-01", first[:1])):
        path = tmp_path / f"list-{as_of}.jsonl"
        path.write_text("\n".join(json.dumps(e) for e in entities) + "\n", encoding="utf-8")
        run_cli(settings, "load-watchlist", "ftm", str(path), "--as-of", as_of, "--list-id", "t")
