"""Every failure leaves the node in the one JSON error shape, never a bare 500."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.testclient import TestClient

from counterpart.domain.errors import Conflict, InvalidInput
from counterpart.settings import Settings
from counterpart.web import create_app


def _client(settings: Settings) -> TestClient:
    app = create_app(settings)
    router = APIRouter()

    @router.get("/boom/invalid")
    def invalid() -> None:
        raise InvalidInput("CAS check digit is wrong", where="line 3")

    @router.get("/boom/conflict")
    def conflict() -> None:
        raise Conflict("already replied")

    @router.get("/boom/unexpected")
    def unexpected() -> None:
        raise RuntimeError("internal detail that must not leak")

    @router.post("/echo")
    def echo(payload: dict[str, int]) -> dict[str, int]:
        return payload

    app.include_router(router)
    return TestClient(app, raise_server_exceptions=False)


def test_health(settings: Settings) -> None:
    response = _client(settings).get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["ok"] is True


def test_domain_error_has_the_one_shape(settings: Settings) -> None:
    response = _client(settings).get("/boom/invalid")
    assert response.status_code == 422
    assert response.json() == {
        "ok": False,
        "code": "invalid_input",
        "error": "CAS check digit is wrong",
        "status": 422,
        "where": "line 3",
    }


def test_conflict_is_409(settings: Settings) -> None:
    response = _client(settings).get("/boom/conflict")
    assert (response.status_code, response.json()["code"]) == (409, "conflict")


def test_unexpected_error_does_not_leak(settings: Settings) -> None:
    response = _client(settings).get("/boom/unexpected")
    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
    assert "internal detail" not in response.text


def test_unknown_path_is_404_in_shape(settings: Settings) -> None:
    response = _client(settings).get("/no/such/page")
    assert response.status_code == 404
    assert response.json()["ok"] is False
    assert response.json()["code"] == "not_found"


def test_validation_error_says_where(settings: Settings) -> None:
    response = _client(settings).post("/echo", json={"a": "not a number"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["where"] == "body.a"


def test_oversized_body_is_413(tmp_path: object) -> None:
    settings = Settings(home=f"{tmp_path}/home", environment="test", max_upload_bytes=2048)
    response = _client(settings).post("/echo", content=b"x" * 5000)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
