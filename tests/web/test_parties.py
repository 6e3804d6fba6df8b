"""POST /api/v1/screen/parties and /api/v1/compare/parties on a real node and database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.watchlists.party_fixtures import load_fixture_list
from tests.web.auth_node import WebNode, open_web_node


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    load_fixture_list(tmp_path, database_url)
    yield from open_web_node(tmp_path, database_url)


def test_screen_parties(web: WebNode) -> None:
    client = web.token_client("analyst")
    response = client.post(
        "/api/v1/screen/parties",
        json={
            "queries": ["湖北精奥生物科技有限公司", {"id": "q2", "schema": "Dog"}],
            "on": "2024-06-01",
        },
    )
    assert response.status_code == 200, response.text
    first, second = response.json()["results"]
    assert first["matches"][0]["entry_id"] == "c-jingao"
    assert first["matches"][0]["verdict"] == "match"
    assert second["id"] == "q2"
    assert second["error"]["code"] == "invalid_input"


def test_screen_parties_needs_a_caller(web: WebNode) -> None:
    response = web.client().post("/api/v1/screen/parties", json={"queries": ["x"]})
    assert response.status_code == 401


def test_compare_parties(web: WebNode) -> None:
    pair = {
        "id": "1",
        "a": {"schema": "Person", "properties": {"name": ["Chou Wen-mei"]}},
        "b": {"schema": "Person", "properties": {"name": ["周文美"]}},
    }
    response = web.token_client("analyst").post("/api/v1/compare/parties", json={"pairs": [pair]})
    assert response.status_code == 200, response.text
    (result,) = response.json()["results"]
    assert (result["id"], result["verdict"]) == ("1", "match")


def test_an_address_whose_checksum_fails_is_refused_alone_in_its_batch(web: WebNode) -> None:
    good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"  # EIP-55's example
    bad = good[:-1] + "D"  # one letter's case changed
    response = web.token_client("analyst").post(
        "/api/v1/screen/parties",
        json={"queries": [good, bad, "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T5", "Zheng Fujing"]},
    )
    assert response.status_code == 200, response.text
    first, second, third, fourth = response.json()["results"]
    assert "error" not in first or first["error"] is None
    assert second["error"]["code"] == "invalid_input"
    assert second["error"]["error"] == (
        f"{bad} fails its EIP-55 checksum: its mixed case does not match its digits, so a "
        "character was probably mistyped (give it all in lowercase to skip the check)"
    )
    assert "fails its bech32 checksum" in third["error"]["error"]
    assert fourth.get("error") is None and fourth["matches"]


def test_a_payment_uri_is_its_address_or_refused_never_a_name(web: WebNode) -> None:
    eth = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    response = web.token_client("analyst").post(
        "/api/v1/screen/parties",
        json={"queries": [f"ethereum:pay-{eth}@1?value=1", "ethereum:Zheng Fujing"]},
    )
    assert response.status_code == 200, response.text
    first, second = response.json()["results"]
    assert first.get("error") is None
    assert second["error"]["code"] == "invalid_input"
    assert second["error"]["error"].endswith(
        "'ethereum:Zheng Fujing' is a payment URI (ethereum:), but Zheng Fujing is no "
        "ethereum address"
    )
    assert second["matches"] == []
