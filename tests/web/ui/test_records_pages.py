"""The coordination pages over HTTP on one node (party US, peer CN): drafting and sending a
notification with the forms, roles, the party's own drafts, each page in both languages and
each JSON twin carrying the data its page shows."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.auth_node import WebNode
from tests.web.records_node import open_records_node
from tests.web.ui.ui_node import BROWSER_HEADERS

NOTIFICATION_FORM = {
    "type": "pre_export_notification",
    "kind": "listed_precursor",
    "exporter_name": "Hubei Example Chemical Co., Ltd.",
    "exporter_country": "cn",
    "exporter_address": "1 Example Road, Wuhan",
    "importer_name": "Example Pharma Inc.",
    "importer_country": "US",
    "substance_name": ["4-anilinopiperidine", "", ""],
    "substance_cas": ["23056-29-3", "", ""],
    "substance_quantity": ["25.000", "", ""],
    "substance_unit": ["kg", "kg", "kg"],
    "hs_code": "293339",
    "route": "Shanghai - Los Angeles",
    "point_of_entry": "Port of Los Angeles",
    "transport_mode": "sea",
    "dispatch_date": "2026-06-01",
    "licence_number": "CN-EXP-2026-0042",
}


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    yield from open_records_node(tmp_path, database_url)


def browser(web: WebNode, username: str, locale: str = "en") -> tuple[TestClient, str]:
    client, csrf = web.sign_in(username)
    client.headers.update(BROWSER_HEADERS)
    if locale != "en":
        client.post("/language", data={"locale": locale, "next": "/", "csrf_token": csrf})
    return client, csrf


def save_draft(client: TestClient, csrf: str, **changes: Any) -> str:
    """Post the notification form; the draft's page address."""
    form = {**NOTIFICATION_FORM, **changes, "csrf_token": csrf}
    response = client.post("/drafts", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def send(web: WebNode, draft: str) -> str:
    """An approver sends the draft; the record page's address."""
    approver, csrf = browser(web, "approver")
    response = approver.post(f"{draft}/send", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_an_analyst_drafts_with_the_form_and_an_approver_sends_it(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    draft = save_draft(analyst, csrf)
    page = analyst.get(draft).text
    assert "4-anilinopiperidine" in page and "Send to the counterpart" not in page
    refused = analyst.post(f"{draft}/send", data={"csrf_token": csrf}, follow_redirects=False)
    assert refused.status_code == 403
    viewer, viewer_csrf = browser(web, "viewer")
    refused = viewer.post(f"{draft}/send", data={"csrf_token": viewer_csrf})
    assert refused.status_code == 403
    assert (
        viewer.post("/drafts", data={**NOTIFICATION_FORM, "csrf_token": viewer_csrf}).status_code
        == 403
    )
    record = send(web, draft)
    assert record == "/records/us/0"
    shown = analyst.get(record)
    twin = analyst.get(f"{record}.json").json()
    assert twin["record"]["state"] == "awaiting_reply"
    assert twin["screening"]["flagged"] is True
    assert twin["record"]["leaf_hash"] in shown.text
    assert '<tr class="hit">' in shown.text  # the 4-AP line is a hit, highlighted
    assert 'kilogram</span> / <span lang="zh-Hans" translate="no">千克' in shown.text
    assert analyst.get(draft).status_code == 404  # sending drops the draft


def test_sending_needs_the_csrf_token(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    draft = save_draft(analyst, csrf)
    approver, _csrf = browser(web, "approver")
    assert approver.post(f"{draft}/send").status_code == 403
    assert approver.get("/records.json").json()["total"] == 0


def test_a_bad_form_is_refused_saying_where_and_nothing_is_saved(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    form = {**NOTIFICATION_FORM, "substance_unit": ["lb", "kg", "kg"], "csrf_token": csrf}
    refused = analyst.post("/drafts", data=form)
    assert refused.status_code == 422
    assert "substances[0].unit" in refused.text and "lb" in refused.text
    assert 'value="Hubei Example Chemical Co., Ltd."' in refused.text  # the form comes back
    assert 'id="s-qty-0" name="substance_quantity" value="25.000"' in refused.text
    assert '<option value="lb"' not in refused.text  # not a unit: the choice falls back
    twin = analyst.post("/drafts.json", data=form)
    assert twin.json()["code"] == "invalid_input"
    assert analyst.get("/drafts.json").json()["total"] == 0


def test_a_party_sees_only_its_own_drafts(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    draft = save_draft(analyst, csrf)
    other, _csrf = browser(web, "cn-analyst")
    assert other.get(draft).status_code == 404
    assert other.get("/drafts.json").json()["items"] == []
    assert draft.rsplit("/", 1)[1] not in other.get("/drafts").text
    assert [d["id"] for d in analyst.get("/drafts.json").json()["items"]] == [draft.split("/")[-1]]


def test_answers_are_offered_only_to_approvers_of_the_node_party(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    record = send(web, save_draft(analyst, csrf))
    approver, _csrf = browser(web, "approver")
    assert approver.get(f"{record}.json").json()["answers_allowed"] == []  # awaiting a reply
    assert analyst.get(f"{record}.json").json()["answers_allowed"] == []
    counterpart, cn_csrf = browser(web, "cn-approver")
    assert counterpart.get(f"{record}.json").json()["answers_allowed"] == []  # not its node
    objection = {"code": "objection", "reason": "no licence", "csrf_token": cn_csrf}
    assert counterpart.post(f"{record}/reply", data=objection).status_code == 403
    early = {"outcome": "shipped", "occurred_on": "2026-03-01", "csrf_token": _csrf}
    refused = approver.post(f"{record}/outcome", data=early)
    assert refused.status_code == 409  # no outcome before a reply


def test_an_incident_links_a_notification_and_shows_on_both(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    notification = send(web, save_draft(analyst, csrf))
    form = {
        "type": "incident", "kind": "seizure", "occurred_on": "2026-02-20",
        "place": "Port of Los Angeles", "country": "us", "substance_name": ["fentanyl"],
        "substance_cas": [""], "substance_quantity": ["2.5"], "substance_unit": ["kg"],
        "notifications": "us/0", "csrf_token": csrf,
    }  # fmt: skip
    response = analyst.post("/drafts", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    incident = send(web, str(response.headers["location"]))
    links = analyst.get(f"{incident}.json").json()["links"]
    assert [(link["author"], link["log_index"]) for link in links] == [("us", 0)]
    thread = analyst.get(f"{notification}.json").json()["answered_by"]
    assert [a["href"] for a in thread] == [incident]
    assert incident in analyst.get(notification).text
    bad = {**form, "notifications": "us/7"}
    assert analyst.post("/drafts", data=bad).status_code == 404


PAGES = (
    "/", "/records", "/records?type=pre_export_notification&direction=sent",
    "/records/us/0", "/drafts", "/drafts/new", "/drafts/new?type=incident",
    "/drafts/new?type=request_for_assistance", "/drafts/new?type=commitment", "/compliance",
)  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_each_page_renders_in_both_languages(web: WebNode, locale: str) -> None:
    analyst, csrf = browser(web, "analyst", locale)
    send(web, save_draft(analyst, csrf))
    words = {"en": ("Coordination records", "Drafts"), "zh": ("协作记录", "草稿")}[locale]
    for path in PAGES:
        page = analyst.get(path)
        assert page.status_code == 200, (path, page.text[-2000:])
        lang = {"en": '<html lang="en">', "zh": '<html lang="zh-Hans">'}[locale]
        assert lang in page.text and words[1] in page.text, path
    assert words[0] in analyst.get("/records").text


def test_the_list_filters_pages_and_its_twin_shows_the_same_records(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    for number in range(3):
        send(web, save_draft(analyst, csrf, licence_number=f"L-{number}"))
    twin = analyst.get("/records.json?type=pre_export_notification").json()
    page = analyst.get("/records?type=pre_export_notification").text
    assert twin["total"] == 3 and len(twin["items"]) == 3
    for item in twin["items"]:
        assert f'href="{item["href"]}"' in page
    assert analyst.get("/records.json?direction=received").json()["total"] == 0
    assert analyst.get("/records.json?state=objected").json()["items"] == []
    assert analyst.get("/records.json?offset=2").json()["items"][0]["index"] == 0
    assert analyst.get("/records.json?direction=sideways").status_code == 422
    assert analyst.get("/records?type=nonsense").status_code == 422


def test_the_record_twin_carries_what_the_page_shows(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    record = send(web, save_draft(analyst, csrf))
    twin = analyst.get(f"{record}.json").json()
    text = text_of(analyst.get(record).text)
    assert twin["record"]["leaf_hash"] in text
    for field in twin["record"]["fields"]:
        if field["show"] == "text":
            assert str(field["value"]) in text
    for line in twin["screening"]["substances"]:
        assert line["query"] in text
    assert twin["cosigned_at"] is None and "not yet" in text


def test_the_drafts_twins_carry_what_the_pages_show(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    draft = save_draft(analyst, csrf)
    listed = analyst.get("/drafts.json").json()
    assert listed["items"][0]["id"][:8] in analyst.get("/drafts").text
    one = analyst.get(f"{draft}.json").json()
    assert one["draft"]["content"]["licence_number"] in analyst.get(draft).text
    assert one["draft"]["content"]["reply_deadline"]  # set by the node from the kind
    form = analyst.get("/drafts/new.json").json()
    page = analyst.get("/drafts/new").text
    for term in form["choices"]["unit"]:
        assert f"{term['label_en']} / {term['label_zh']}" in page


def test_the_dashboard_twin_carries_the_deadlines_it_shows(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    send(web, save_draft(analyst, csrf, reply_deadline="2026-03-02"))
    twin = analyst.get("/dashboard.json").json()["coordination"]
    assert twin["today"] == "2026-03-01"  # the injected clock
    assert [e["href"] for e in twin["due_soon"]] == ["/records/us/0"]
    assert twin["overdue"] == [] and twin["inbox"] == [] and twin["screening_hits"] == []
    page = analyst.get("/").text
    assert 'href="/records/us/0"' in page and "Nothing is overdue." in page
    web.clock.advance(days=2)
    analyst, _csrf = browser(web, "analyst")  # the session idled out meanwhile
    later = analyst.get("/dashboard.json").json()["coordination"]
    assert [e["href"] for e in later["overdue"]] == ["/records/us/0"]


def test_the_compliance_twin_carries_the_charts_it_draws(web: WebNode) -> None:
    viewer, _csrf = browser(web, "viewer")
    twin = viewer.get("/compliance.json").json()
    page = viewer.get("/compliance").text
    assert [c["party"] for c in twin["charts"]["reply_times"]] == ["us", "us", "cn", "cn"]
    gap = twin["charts"]["gap"]
    assert page.count('<svg viewBox="0 0 480') == 4  # the reply-time histograms
    assert page.count('<svg viewBox="0 0 600') == 2 + (1 if gap["rows"] else 0)
    assert gap["total"] == len({row["substance"] for row in gap["table"]}) > 0
    assert len(gap["rows"]) == min(gap["total"], 20)
    for row in gap["table"]:
        assert row["name"] in html.unescape(page)
    assert page.count("<title id=") >= 6 and page.count("<desc id=") >= 6
    for chart in twin["charts"]["reply_times"]:
        for bar in chart["bars"]:
            assert f'height="{bar["height"]}"' in page
    for row in twin["charts"]["deadlines_met"]["rows"]:
        assert row["share"] is None  # nothing answered yet: no share, never 0 %
    assert twin["report"]["directions"][0]["party"] == "us"


def test_a_commitment_gets_evidence_and_a_status_with_the_forms(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    form = {
        "type": "commitment", "owner": "US", "due_date": "2026-06-30", "csrf_token": csrf,
        "text": "Schedule 4-AP's salts", "measure": "Federal Register notice published",
    }  # fmt: skip
    drafted = analyst.post("/drafts", data=form, follow_redirects=False)
    assert drafted.status_code == 303, drafted.text
    commitment = send(web, str(drafted.headers["location"]))
    approver, approver_csrf = browser(web, "approver")
    assert approver.get(f"{commitment}.json").json()["answers_allowed"] == ["evidence", "status"]
    digest = "ab" * 32
    uploaded = web.session_client("analyst").post("/api/v1/evidence", content=b"notice text")
    assert uploaded.status_code == 201
    evidence = {"description": "Draft rule", "evidence": uploaded.json()["sha256"]}
    filed = approver.post(f"{commitment}/evidence", data={**evidence, "csrf_token": approver_csrf})
    assert filed.status_code == 200, filed.text  # followed to the commitment's page
    never_uploaded = {"description": "x", "evidence": digest, "csrf_token": approver_csrf}
    assert approver.post(f"{commitment}/evidence", data=never_uploaded).status_code == 422
    status = {"status": "delivered", "as_of": "2026-03-01", "csrf_token": approver_csrf}
    twin = approver.post(f"{commitment}/status.json", data=status)
    assert twin.status_code == 201 and twin.json()["record"]["type"] == "commitment_status"
    thread = approver.get(f"{commitment}.json").json()["answered_by"]
    assert [a["type"] for a in thread] == ["commitment_evidence", "commitment_status"]
    page = approver.get(commitment).text
    assert 'delivered</span> / <span lang="zh-Hans" translate="no">已完成' in page
    bad = {**status, "countersigns": "seven"}
    refused = approver.post(f"{commitment}/status", data=bad)
    assert refused.status_code == 422 and "countersigns" in refused.text


def test_each_coordination_page_has_its_twin_at_both_addresses(web: WebNode) -> None:
    analyst, csrf = browser(web, "analyst")
    draft = save_draft(analyst, csrf)
    record = send(web, save_draft(analyst, csrf))
    for path in ("/records", "/drafts", "/drafts/new", "/compliance", record, draft):
        twin = analyst.get(f"{path}.json")
        assert twin.status_code == 200 and twin.json()["ok"] is True, path
        assert analyst.get(f"{path}?format=json").json() == twin.json(), path
        assert analyst.get(path).headers["content-type"].startswith("text/html"), path
