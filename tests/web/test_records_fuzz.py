"""Random bodies against the records API: never a server error, every refusal in one shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counterpart.domain.records import RecordType
from tests.domain.record_samples import incident_content
from tests.domain.test_record_content_fuzz import JSON
from tests.web.records_node import open_records_node

TYPES = st.sampled_from([t.value for t in RecordType]) | st.text(max_size=8)
BODIES = st.one_of(
    JSON,
    st.fixed_dictionaries({"type": TYPES, "content": JSON}),
    st.fixed_dictionaries({"content": JSON, "version": st.integers(-2, 3)}),
    st.fixed_dictionaries({"code": st.text(max_size=10) | st.sampled_from(["objection"])}),
)
ROUTES = st.sampled_from(
    [
        ("POST", "/api/v1/drafts"),
        ("POST", "/api/v1/records"),
        ("PUT", "/api/v1/drafts/none"),
        ("POST", "/api/v1/records/us/0/reply"),
        ("POST", "/api/v1/records/us/0/status"),
        ("POST", "/api/v1/records/cn/0/outcome"),
        ("GET", "/api/v1/records?limit=0"),
    ]
)


def checker(client: TestClient) -> Callable[[], None]:
    """A property over `client`: any body on any route is answered below 500, in one shape."""

    @settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(route=ROUTES, body=BODIES)
    def check(route: tuple[str, str], body: Any) -> None:
        method, path = route
        text = json.dumps(body)  # ASCII escapes: lone surrogates reach the server as \\udcff
        headers = {"content-type": "application/json"}
        response = client.request(method, path, content=text, headers=headers)
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            shape = response.json()
            assert shape["ok"] is False and shape["status"] == response.status_code
            assert shape["code"] and shape["error"]

    return check


def test_random_bodies_never_cause_a_server_error(tmp_path: Path) -> None:
    for web in open_records_node(tmp_path, f"sqlite:///{tmp_path / 'fuzz.db'}"):
        client = web.token_client("admin")
        body = {"type": "incident", "content": incident_content()}
        assert client.post("/api/v1/records", json=body).status_code == 201
        checker(client)()
