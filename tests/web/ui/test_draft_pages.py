"""Draft pages over HTTP (SQLite and PostgreSQL): the list-notice form (a substance scheduled,
a party listed), and editing and deleting a draft from its page (a stale version is 409)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.auth_node import WebNode
from tests.web.records_node import open_records_node
from tests.web.ui.test_records_pages import NOTIFICATION_FORM, browser, save_draft, send, text_of

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


def test_a_draft_is_edited_from_its_page_starting_from_its_content(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    draft = save_draft(analyst, csrf)
    page = analyst.get(draft).text
    assert f'href="{draft}/edit"' in page and f'action="{draft}/delete"' in page
    form = analyst.get(f"{draft}/edit").text
    assert 'name="version" value="1"' in form and f'action="{draft}/edit"' in form
    assert 'value="Hubei Example Chemical Co., Ltd."' in form  # the content, back as fields
    assert 'id="s-cas-0" name="substance_cas" value="23056-29-3"' in form
    edited = {**NOTIFICATION_FORM, "licence_number": "CN-EXP-2026-0043", "version": "1"}
    saved = analyst.post(
        f"{draft}/edit", data={**edited, "csrf_token": csrf}, follow_redirects=False
    )
    assert saved.status_code == 303 and saved.headers["location"] == draft
    twin = analyst.get(f"{draft}.json").json()["draft"]
    assert twin["version"] == 2 and twin["content"]["licence_number"] == "CN-EXP-2026-0043"
    assert "CN-EXP-2026-0043" in analyst.get(draft).text
    again = analyst.get(f"{draft}/edit.json").json()
    assert again["version"] == 2 and again["values"]["licence_number"] == ["CN-EXP-2026-0043"]


def test_a_stale_edit_is_refused_on_the_page_and_a_bad_one_names_the_field(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    draft = save_draft(analyst, csrf)
    first = {**NOTIFICATION_FORM, "route": "Shanghai - Oakland", "version": "1"}
    assert analyst.post(f"{draft}/edit", data={**first, "csrf_token": csrf}).status_code == 200
    stale = {**NOTIFICATION_FORM, "route": "Shanghai - Seattle", "version": "1"}
    refused = analyst.post(f"{draft}/edit", data={**stale, "csrf_token": csrf})
    assert refused.status_code == 409
    assert "changed meanwhile" in refused.text and 'value="Shanghai - Seattle"' in refused.text
    twin = analyst.post(f"{draft}/edit.json", data={**stale, "csrf_token": csrf})
    assert twin.status_code == 409 and twin.json()["code"] == "conflict"
    bad = {**NOTIFICATION_FORM, "hs_code": "12", "version": "2", "csrf_token": csrf}
    refused = analyst.post(f"{draft}/edit", data=bad)
    assert refused.status_code == 422 and "hs_code" in refused.text
    assert analyst.get(f"{draft}.json").json()["draft"]["content"]["route"] == (
        "Shanghai - Oakland"
    )


def test_a_draft_is_deleted_from_its_page_by_its_party_analysts_only(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    draft = save_draft(analyst, csrf)
    viewer, viewer_csrf = browser(web, "viewer")
    assert 'action="' + draft + '/delete"' not in viewer.get(draft).text
    assert viewer.post(f"{draft}/delete", data={"csrf_token": viewer_csrf}).status_code == 403
    other, other_csrf = browser(web, "cn-analyst")
    assert other.post(f"{draft}/delete", data={"csrf_token": other_csrf}).status_code == 404
    assert other.get(f"{draft}/edit").status_code == 404
    assert analyst.post(f"{draft}/delete").status_code == 403  # no CSRF token
    deleted = analyst.post(f"{draft}/delete", data={"csrf_token": csrf}, follow_redirects=False)
    assert deleted.status_code == 303 and deleted.headers["location"] == "/drafts"
    assert analyst.get(draft).status_code == 404
    assert analyst.get("/drafts.json").json()["total"] == 0


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_the_edit_form_renders_in_both_languages(web: WebNode, locale: str) -> None:
    analyst, csrf = browser(web, "analyst", locale)
    draft = save_draft(analyst, csrf)
    form = analyst.get(f"{draft}/edit")
    words = {"en": "Save the changes", "zh": "保存修改"}[locale]
    assert form.status_code == 200 and words in form.text


def test_each_draft_type_comes_back_unchanged_through_its_edit_form(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    send(web, save_draft(analyst, csrf))  # us/0, linked by the incident and the request
    forms: list[dict[str, Any]] = [
        NOTIFICATION_FORM, SCHEDULED, LISTED,
        {"type": "incident", "kind": "seizure", "occurred_on": "2026-02-20", "place": "LA",
         "country": "us", "substance_name": ["fentanyl", "4-ANPP", "", ""],
         "substance_cas": ["", "", "", ""], "substance_quantity": ["2.5", "1", "", ""],
         "substance_unit": ["kg", "g", "kg", "kg"], "notifications": "us/0",
         "exporter_name": "Example Trading Ltd.", "exporter_country": "HK",
         "follow_up": "Trace the consignee\nShare the invoice"},
        {"type": "request_for_assistance", "subject_kind": "shipment", "due_date": "2026-04-01",
         "subject_description": "The importer of record", "requested_action": "Verify it",
         "notifications": "us/0"},
        {"type": "commitment", "owner": "us", "due_date": "2026-06-30", "text": "Schedule it",
         "measure": "A notice published"},
    ]  # fmt: skip
    for form in forms:
        saved = analyst.post("/drafts", data={**form, "csrf_token": csrf}, follow_redirects=False)
        assert saved.status_code == 303, (form["type"], saved.text[-500:])
        draft = str(saved.headers["location"])
        before = analyst.get(f"{draft}.json").json()["draft"]["content"]
        values = analyst.get(f"{draft}/edit.json").json()["values"]
        again = {**values, "version": "1", "type": form["type"], "csrf_token": csrf}
        resaved = analyst.post(f"{draft}/edit", data=again, follow_redirects=False)
        assert resaved.status_code == 303, (form["type"], resaved.text[-500:])
        after = analyst.get(f"{draft}.json").json()["draft"]
        assert after["version"] == 2 and after["content"] == before, form["type"]
