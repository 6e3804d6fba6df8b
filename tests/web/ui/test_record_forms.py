"""The record forms' last gaps over HTTP (SQLite and PostgreSQL): an evidence file uploaded
from a record's page, and a refused answer form coming back filled in with the error."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.web.auth_node import WebNode
from tests.web.records_node import open_records_node
from tests.web.ui.test_records_pages import browser, send

LIMIT = 64  # max_evidence_bytes of the node under test


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    yield from open_records_node(tmp_path, database_url, max_evidence_bytes=LIMIT)


def commitment_of(web: WebNode) -> str:
    """A commitment drafted and sent with the forms; its page's address."""
    analyst, csrf = browser(web, "analyst")
    form = {
        "type": "commitment", "owner": "us", "due_date": "2026-06-30", "csrf_token": csrf,
        "text": "Schedule 4-AP's salts", "measure": "Federal Register notice published",
    }  # fmt: skip
    drafted = analyst.post("/drafts", data=form, follow_redirects=False)
    assert drafted.status_code == 303, drafted.text
    return send(web, str(drafted.headers["location"]))


def upload(client: TestClient, csrf: str, record: str, data: bytes, **form: str) -> httpx.Response:
    files = {"file": ("notice.txt", data, "text/plain")}
    form_data = {"csrf_token": csrf, **form}
    response: httpx.Response = client.post(f"{record}/evidence-file", data=form_data, files=files)
    return response


def test_an_evidence_file_uploaded_on_the_page_fills_the_evidence_form(web: WebNode) -> None:
    commitment = commitment_of(web)
    approver, csrf = browser(web, "approver")
    page = approver.get(commitment).text
    assert 'enctype="multipart/form-data"' in page and 'for="evidence-file"' in page
    first, second = b"Federal Register notice", b"the rule as published"
    shown = upload(approver, csrf, commitment, first)
    assert shown.status_code == 201, shown.text
    digest = hashlib.sha256(first).hexdigest()
    assert f'name="evidence" aria-describedby="hashes-hint">{digest}</textarea>' in shown.text
    both = upload(approver, csrf, commitment, second, evidence=digest, target="evidence")
    listed = f"{digest}\n{hashlib.sha256(second).hexdigest()}"
    assert f">{listed}</textarea>" in both.text
    twin = approver.post(
        f"{commitment}/evidence-file.json",
        data={"csrf_token": csrf},
        files={"file": ("a.txt", first, "text/plain")},
    ).json()
    assert twin["uploaded"] == {
        "sha256": digest, "media_type": "text/plain", "size": len(first), "stored": False,
        "filename": "a.txt",
    }  # fmt: skip
    assert twin["form"]["values"]["evidence"] == digest
    filed = approver.post(
        f"{commitment}/evidence",
        data={"description": "The notice", "evidence": listed, "csrf_token": csrf},
    )
    assert filed.status_code == 200, filed.text
    thread = approver.get(f"{commitment}.json").json()["answered_by"]
    assert thread[0]["content"]["evidence"] == listed.split("\n")
    same = web.session_client("analyst").post("/api/v1/evidence", content=first)
    assert same.json() == {"ok": True, "sha256": digest, "media_type": "application/octet-stream",
                           "size": len(first), "stored": False}  # fmt: skip


def test_an_upload_is_refused_on_the_form_when_too_large_empty_or_without_token(
    web: WebNode,
) -> None:
    commitment = commitment_of(web)
    approver, csrf = browser(web, "approver")
    too_large = upload(approver, csrf, commitment, b"x" * (LIMIT + 1))
    assert too_large.status_code == 413
    assert "max_evidence_bytes" in too_large.text and 'id="evidence-error"' in too_large.text
    sideways = upload(approver, csrf, commitment, b"abc", target="reply")
    assert sideways.status_code == 422 and "<code>target</code>" in sideways.text
    empty = upload(approver, csrf, commitment, b"")
    assert empty.status_code == 422 and "the file is empty" in empty.text
    no_token = approver.post(
        f"{commitment}/evidence-file", files={"file": ("a.txt", b"abc", "text/plain")}
    )
    assert no_token.status_code == 403
    viewer, viewer_csrf = browser(web, "viewer")
    assert upload(viewer, viewer_csrf, commitment, b"abc").status_code == 403
    twin = approver.post(
        f"{commitment}/evidence-file.json",
        data={"csrf_token": csrf},
        files={"file": ("a.txt", b"x" * (LIMIT + 1), "text/plain")},
    )
    assert twin.status_code == 413 and twin.json()["code"] == "payload_too_large"
    assert approver.get(f"{commitment}.json").json()["answered_by"] == []


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_a_refused_answer_comes_back_filled_in_naming_the_field(web: WebNode, locale: str) -> None:
    commitment = commitment_of(web)
    approver, csrf = browser(web, "approver", locale)
    typed = {
        "status": "delivered", "as_of": "2026-03-01", "note": "Published in the register",
        "countersigns": "seven", "csrf_token": csrf,
    }  # fmt: skip
    refused = approver.post(f"{commitment}/status", data=typed)
    assert refused.status_code == 422
    assert 'id="status-error"' in refused.text and "<code>countersigns</code>" in refused.text
    assert 'name="countersigns" value="seven"' in refused.text
    assert ">Published in the register</textarea>" in refused.text
    assert '<option value="delivered" selected>' in refused.text
    never = {"description": "Draft rule", "evidence": "ab" * 32, "csrf_token": csrf}
    bad = approver.post(f"{commitment}/evidence", data=never)
    assert bad.status_code == 422 and 'id="evidence-error"' in bad.text
    assert ">Draft rule</textarea>" in bad.text and "ab" * 32 in bad.text
    twin = approver.post(f"{commitment}/status.json", data=typed)
    assert twin.status_code == 422 and twin.json()["where"] == "countersigns"
    assert approver.get(f"{commitment}.json").json()["answered_by"] == []
