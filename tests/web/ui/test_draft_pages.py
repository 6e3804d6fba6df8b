"""Draft pages over HTTP (SQLite and PostgreSQL): the list-notice form (a substance scheduled,
a party listed), and editing and deleting a draft from its page (a stale version is 409)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.auth_node import WebNode
from tests.web.records_node import open_records_node
from tests.web.ui.test_records_pages import browser, send, text_of

SCHEDULED = {
    "type": "list_notice", "kind": "substance_scheduled", "jurisdiction": "us",
    "effective_date": "2026-04-15", "legal_act": "89 FR 12345, 21 CFR 1310.02",
    "substance": "4-piperidone", "cas": "41661-47-6", "schedule": "List I",
}  # fmt: skip
LISTED = {
    "type": "list_notice", "kind": "party_listed", "jurisdiction": "CN",
    "effective_date": "2026-05-01", "legal_act": "MPS notice 2026-3",
    "party_name": "Example Trading Ltd.", "party_country": "hk", "party_address": "Hong Kong",
}  # fmt: skip


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    yield from open_records_node(tmp_path, database_url)


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_the_list_notice_form_is_labelled_in_both_languages(web: WebNode, locale: str) -> None:
    analyst, _csrf = browser(web, "analyst", locale)
    page = analyst.get("/drafts/new?type=list_notice")
    assert page.status_code == 200
    for field in ("kind", "jurisdiction", "effective_date", "legal_act", "substance", "cas"):
        assert f'<label for="f-{field}">' in page.text and f'id="f-{field}"' in page.text
    assert 'for="f-party_name"' in page.text
    words = {"en": ("Legal act", "United States"), "zh": ("法律文件", "美国")}[locale]
    assert all(word in page.text for word in words)
    twin = analyst.get("/drafts/new.json?type=list_notice").json()
    assert twin["type"] == "list_notice" and twin["jurisdictions"] == ["UN", "US", "CN", "EU"]
    for term in twin["choices"]["list_notice_kind"]:
        assert f"{term['label_en']} / {term['label_zh']}" in page.text


@pytest.mark.parametrize("form", [SCHEDULED, LISTED], ids=["scheduled", "listed"])
def test_a_list_notice_is_drafted_and_sent_with_the_form(
    web: WebNode, form: dict[str, str]
) -> None:
    analyst, csrf = browser(web, "analyst")
    saved = analyst.post("/drafts", data={**form, "csrf_token": csrf}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    draft = str(saved.headers["location"])
    content = analyst.get(f"{draft}.json").json()["draft"]["content"]
    assert content["jurisdiction"] == form["jurisdiction"].upper()
    assert content["legal_act"] == form["legal_act"]
    record = send(web, draft)
    twin = analyst.get(f"{record}.json").json()["record"]
    assert twin["type"] == "list_notice"
    assert twin["content"]["effective_date"] == form["effective_date"]
    assert form["legal_act"] in text_of(analyst.get(record).text)
    if form is LISTED:
        assert twin["content"]["party"]["country"] == "HK"
    else:
        assert twin["content"]["party"] is None and twin["content"]["cas"] == "41661-47-6"


def test_a_list_notice_naming_both_a_substance_and_a_party_comes_back(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    party = {k: v for k, v in LISTED.items() if k.startswith("party_")}
    both = {**SCHEDULED, **party, "csrf_token": csrf}
    refused = analyst.post("/drafts", data=both)
    assert refused.status_code == 422, refused.text
    assert "names a substance, no party" in text_of(refused.text)
    assert 'value="4-piperidone"' in refused.text and 'value="Example Trading Ltd."' in refused.text
    no_act = analyst.post("/drafts", data={**SCHEDULED, "legal_act": "", "csrf_token": csrf})
    assert no_act.status_code == 422 and "legal_act" in no_act.text
    assert analyst.get("/drafts.json").json()["total"] == 0
