"""POST /api/v1/screen/substances and the depiction endpoint, over real HTTP with real users."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from counterpart.chemistry import screen_substances
from counterpart.domain.substances import Jurisdiction
from counterpart.web.api.substances import to_result_record
from counterpart.workflows.substance_screening import to_record
from tests.web.auth_node import WebNode, open_web_node

FENTANYL = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
FENTANYL_KEY = "PJMPHNIQZUBGLI-UHFFFAOYSA-N"


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    yield from open_web_node(tmp_path, database_url, max_batch_size=3)


@pytest.fixture
def analyst(web: WebNode) -> TestClient:
    return web.token_client("analyst")


@pytest.fixture
def viewer(web: WebNode) -> TestClient:
    return web.token_client("viewer")


def test_batch_returns_the_same_objects_as_the_jsonl(analyst: TestClient) -> None:
    body = {
        "queries": [FENTANYL, {"id": "line-7", "query": "C1CC("}, "NPP"],
        "jurisdictions": ["US", "CN"],
        "on": "2026-11-01",
    }
    response = analyst.post("/api/v1/screen/substances", json=body)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert payload["ok"] is True
    results = payload["results"]
    assert [r["id"] for r in results] == ["1", "line-7", "3"]
    expected = screen_substances(
        [("1", FENTANYL), ("line-7", "C1CC("), ("3", "NPP")],
        (Jurisdiction.US, Jurisdiction.CN),
        date(2026, 11, 1),
        full_identity=True,
    )
    assert results == [to_result_record(r) for r in expected]
    assert [without_messages(r) for r in results] == [to_record(r) for r in expected]
    assert results[1]["error_message"]["id"] == "not a valid SMILES: %(reason)s"
    explained = results[0]["verdicts"][0]
    assert explained["explanation_message"]["id"] == "%(first)s %(second)s"
    assert explained["explanation"].startswith("fentanyl is listed by name: Schedule II.")
    assert results[0]["resolved"]["inchikey"] == FENTANYL_KEY
    assert results[0]["verdicts"][0]["status"] == "controlled"
    assert results[1]["error"] and results[1]["verdicts"][0]["status"] == "unresolved"


def without_messages(result: dict[str, Any]) -> dict[str, Any]:
    """The CLI's object: the API's without the messages it carries beside the English."""
    verdicts = [
        {k: v for k, v in verdict.items() if k != "explanation_message"}
        for verdict in result["verdicts"]
    ]
    return {k: v for k, v in result.items() if k != "error_message"} | {"verdicts": verdicts}


def test_batch_over_the_limit_is_413_in_the_error_shape(analyst: TestClient) -> None:
    response = analyst.post("/api/v1/screen/substances", json={"queries": ["CCO"] * 4})
    assert response.status_code == 413
    body = response.json()
    assert body["ok"] is False and body["code"] == "payload_too_large"
    assert "max_batch_size" in body["error"]


def test_empty_batch_and_bad_jurisdiction_are_422(analyst: TestClient) -> None:
    assert analyst.post("/api/v1/screen/substances", json={"queries": []}).status_code == 422
    bad = analyst.post(
        "/api/v1/screen/substances", json={"queries": ["CCO"], "jurisdictions": ["XX"]}
    )
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_input"


def test_screening_needs_a_signed_in_caller(web: WebNode) -> None:
    response = web.client().post("/api/v1/screen/substances", json={"queries": ["CCO"]})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert web.client().get(f"/api/v1/substances/{FENTANYL_KEY}/depiction.svg").status_code == 401


def test_depiction_is_svg_with_the_matched_atoms_highlighted(viewer: TestClient) -> None:
    url = f"/api/v1/substances/{FENTANYL_KEY}/depiction.svg"
    highlighted = viewer.get(url, params={"jurisdiction": "CN", "width": 300, "height": 200})
    plain = viewer.get(url, params={"highlight": "false"})
    assert highlighted.status_code == 200 and plain.status_code == 200
    assert highlighted.headers["content-type"].startswith("image/svg+xml")
    assert highlighted.text.lstrip().startswith("<?xml") and "<svg" in highlighted.text
    assert "#FF9933" in highlighted.text.upper()  # the highlight colour
    assert "#FF9933" not in plain.text.upper()


def test_depiction_of_an_unknown_key_is_404_in_the_error_shape(viewer: TestClient) -> None:
    response = viewer.get("/api/v1/substances/LFQSCWFLJHTTHZ-UHFFFAOYSA-N/depiction.svg")
    assert response.status_code == 404
    body = response.json()
    assert body == {
        "ok": False,
        "code": "not_found",
        "error": "no registry entry has the InChIKey LFQSCWFLJHTTHZ-UHFFFAOYSA-N",
        "status": 404,
        "where": "inchikey",
    }


def test_depiction_size_is_bounded(viewer: TestClient) -> None:
    response = viewer.get(f"/api/v1/substances/{FENTANYL_KEY}/depiction.svg", params={"width": 5})
    assert response.status_code == 422


def test_bad_queries_in_a_batch_get_their_own_errors(analyst: TestClient) -> None:
    huge_molfile = "x" + " " * (5 * 1024 * 1024) + "\n  RDKit\n\nM  END\n"  # 5 MB
    body = {"queries": [huge_molfile, "1609-66-5", "CCO"], "jurisdictions": ["US"]}
    response = analyst.post("/api/v1/screen/substances", json=body)
    assert response.status_code == 200, response.text
    big, cas, fine = response.json()["results"]
    assert "limit" in big["error"] and big["verdicts"][0]["status"] == "unresolved"
    assert "check digit" in cas["error"] and cas["verdicts"][0]["status"] == "unresolved"
    assert fine["error"] is None and fine["verdicts"][0]["status"] == "not_controlled"
