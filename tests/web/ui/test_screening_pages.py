"""The substance and party screening pages and their JSON twins, on real RDKit and real lists."""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rdkit import Chem

from counterpart.chemistry import screen_substances
from counterpart.domain.messages import to_json
from counterpart.domain.substances import Jurisdiction, Status
from counterpart.web.ui.pages_substances import draw_verdicts
from counterpart.workflows.substance_screening import to_record
from tests.web.auth_node import WebNode
from tests.web.ui.ui_node import browser, settings_of, write_list

FENTANYL_KEY = "PJMPHNIQZUBGLI-UHFFFAOYSA-N"


def _rows(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr data-jurisdiction="(\w+)" data-status="(\w+)">', page)


def test_substance_page_and_twin_show_the_same_verdicts_and_the_drawing(web: WebNode) -> None:
    client, csrf = browser(web, "analyst")
    form = {
        "query": "fentanyl",
        "on": "2024-06-01",
        "jurisdiction": ["US", "CN"],
        "csrf_token": csrf,
    }
    page = client.post("/screen/substance", data=form)
    twin = client.post("/screen/substance.json", data=form).json()
    [result] = twin["results"]
    expected = screen_substances(
        [("query", "fentanyl")],
        (Jurisdiction.US, Jurisdiction.CN),
        date(2024, 6, 1),
        full_identity=True,
    )
    shown = {k: v for k, v in result.items() if k not in ("depictions", "error_message")}
    assert result["error_message"] is None
    messages = [verdict.pop("explanation_message") for verdict in shown["verdicts"]]
    assert shown == to_record(expected[0])
    assert messages == [to_json(v.message) if v.message else None for v in expected[0].verdicts]
    assert result["resolved"]["inchikey"] == FENTANYL_KEY
    assert _rows(page.text) == [(v["jurisdiction"], v["status"]) for v in result["verdicts"]]
    assert [v["status"] for v in result["verdicts"]] == ["controlled", "controlled"]
    for verdict in result["verdicts"]:
        assert verdict["basis"] in page.text
    assert "Controlled" in page.text and "United States" in page.text
    [drawing] = result["depictions"]  # both verdicts rest on the same atoms: one drawing
    assert drawing["jurisdictions"] == ["US", "CN"]
    assert drawing["atoms"] == result["verdicts"][0]["matched_atoms"]
    assert page.text.count("<svg") == 1
    assert f'data-highlighted="{len(drawing["atoms"])}" data-jurisdictions="US CN"' in page.text
    assert "Highlighted: the atoms the verdicts of United States, China rest on." in page.text
    assert "#FF9933" in page.text  # RDKit's highlight colour, on the matched atoms' bonds


def test_an_uploaded_file_with_a_bad_row_screens_the_good_ones(web: WebNode) -> None:
    client, csrf = browser(web, "analyst")
    upload = {"file": ("customs.csv", b"id,query\nA1,fentanyl\nA2,C1CC(\nA3,ethanol\n", "text/csv")}
    twin = client.post("/screen/substance.json", data={"csrf_token": csrf}, files=upload).json()
    page = client.post("/screen/substance", data={"csrf_token": csrf}, files=upload).text
    ids = [r["id"] for r in twin["results"]]
    assert ids == ["A1", "A2", "A3"]
    assert twin["results"][1]["error"] and twin["results"][1]["depictions"] == []
    assert {v["status"] for v in twin["results"][1]["verdicts"]} == {"unresolved"}
    assert {v["status"] for v in twin["results"][2]["verdicts"]} == {"not_controlled"}
    assert re.findall(r'data-result-id="([^"]+)"', page) == ids
    assert page.count("<svg") == 2


def _screen_upload(web: WebNode, data: bytes) -> tuple[list[dict[str, Any]], str]:
    """The twin's results and the page for one uploaded file."""
    client, csrf = browser(web, "analyst")
    upload = {"file": ("queries.txt", data, "text/plain")}
    twin = client.post("/screen/substance.json", data={"csrf_token": csrf}, files=upload)
    page = client.post("/screen/substance", data={"csrf_token": csrf}, files=upload)
    assert (twin.status_code, page.status_code) == (200, 200), twin.text
    results: list[dict[str, Any]] = twin.json()["results"]
    return results, html.unescape(page.text)


def _statuses(result: dict[str, Any]) -> set[str]:
    return {v["status"] for v in result["verdicts"]}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_an_upload_with_a_byte_order_mark_is_read_as_its_text(web: WebNode, encoding: str) -> None:
    data = "fentanyl\r\nethanol\r\n".encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data  # the codec writes none of its own
    results, page = _screen_upload(web, data)
    assert [(r["id"], r["query"], r["error"]) for r in results] == [
        ("1", "fentanyl", None),
        ("2", "ethanol", None),
    ]
    assert _statuses(results[0]) == {"controlled"} and _statuses(results[1]) == {"not_controlled"}
    assert "binary" not in page


def test_a_latin1_line_among_utf8_ones_is_that_lines_error(web: WebNode) -> None:
    results, page = _screen_upload(web, "fentanyl\ncafé\nethanol\n".encode("latin-1"))
    said = "line 2: not UTF-8 text (byte 0xE9 at byte 4); save the file as UTF-8"
    assert [(r["id"], r["error"]) for r in results] == [("1", None), ("2", said), ("3", None)]
    assert _statuses(results[0]) == {"controlled"} and _statuses(results[2]) == {"not_controlled"}
    assert said in page


def test_an_uploaded_molfile_is_one_query(web: WebNode) -> None:
    molfile = Chem.MolToMolBlock(Chem.MolFromSmiles("CCO"))
    results, _page = _screen_upload(web, molfile.encode("utf-16"))
    [result] = results
    assert (result["id"], result["error"], _statuses(result)) == (
        "queries.txt",
        None,
        {"not_controlled"},
    )
    assert result["resolved"]["smiles"] == "CCO"


def test_nothing_to_screen_is_said_on_the_form(web: WebNode) -> None:
    client, csrf = browser(web, "analyst")
    page = client.post("/screen/substance", data={"query": "  ", "csrf_token": csrf})
    assert page.status_code == 422
    assert "Enter a name, CAS number or SMILES, or choose a file." in page.text
    twin = client.post("/screen/substance.json", data={"query": "", "csrf_token": csrf})
    assert twin.json()["error"]["code"] == "invalid_input"


def test_party_page_shows_reasons_and_the_delisting_timeline(web: WebNode, tmp_path: Path) -> None:
    write_list(tmp_path, settings_of(web))
    client, csrf = browser(web, "analyst")
    form = {"query": "Hubei Jingao Biotechnology", "kind": "Company", "csrf_token": csrf}
    latest = client.post("/screen/party.json", data=form).json()
    assert latest["result"]["matches"] == []  # delisted in the latest snapshot
    form["on"] = "2024-06-01"
    twin = client.post("/screen/party.json", data=form).json()
    page = client.post("/screen/party", data=form).text
    [match] = twin["result"]["matches"]
    assert (match["list"], match["entry_id"]) == ("t", "c-jingao")
    assert match["features"][0]["feature"] == "name"
    assert [f"{f['feature']}: {f['finding']}" for f in match["features"]] == match["reasons"]
    assert '<th scope="row">Names</th>' in page
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))  # data sits in translate="no" spans
    assert all(f["finding"] in shown for f in match["features"])
    timeline = match["timeline"]
    assert timeline["periods"] == [
        {
            "start": "2024-01-01",
            "end": "2025-06-01",
            "x": timeline["periods"][0]["x"],
            "width": timeline["periods"][0]["width"],
        }
    ]
    assert [(s["as_of"], s["present"]) for s in timeline["snapshots"]] == [
        ("2024-01-01", True),
        ("2025-06-01", False),
    ]
    assert 'data-periods="1"' in page and page.count('class="snapshot"') == 2
    assert "Listed from Jan 1, 2024 to Jun 1, 2025" in page
    assert f'data-verdict="{match["verdict"]}"' in page


def test_party_page_in_chinese_formats_dates_per_locale(web: WebNode, tmp_path: Path) -> None:
    write_list(tmp_path, settings_of(web))
    client, csrf = browser(web, "analyst")
    client.post("/language", data={"locale": "zh", "csrf_token": csrf})
    page = client.post("/screen/party", data={"query": "ZHENG Fujing", "csrf_token": csrf}).text
    assert "自 2024年1月1日 起列名，目前仍在名单上" in page
    assert "匹配" in page


def test_party_page_without_lists_says_none_is_loaded(web: WebNode) -> None:
    client, csrf = browser(web, "analyst")
    twin = client.post(
        "/screen/party.json", data={"query": "ZHENG Fujing", "csrf_token": csrf}
    ).json()
    assert twin["watchlists"] == [] and twin["result"]["matches"] == []
    assert "No watchlist is loaded" in client.get("/screen/party").text


def test_verdicts_on_different_atoms_get_a_drawing_each() -> None:
    [result] = screen_substances([("1", "fentanyl")], (Jurisdiction.US, Jurisdiction.CN))
    us, cn = result.verdicts
    narrower = replace(cn, status=Status.CLASS_CONTROLLED, matched_atoms=cn.matched_atoms[:6])
    drawings = draw_verdicts(replace(result, verdicts=(narrower, us)))
    assert [(d["jurisdictions"], len(d["atoms"])) for d in drawings] == [
        (["US"], len(us.matched_atoms)),
        (["CN"], 6),
    ]
    assert all(d["svg"].startswith("<svg") for d in drawings)
    plain = replace(
        result, verdicts=tuple(replace(v, status=Status.NOT_CONTROLLED) for v in result.verdicts)
    )
    assert [(d["jurisdictions"], d["atoms"]) for d in draw_verdicts(plain)] == [([], [])]


SCREENING_LINKS = ('href="/screen/substance"', 'href="/screen/party"')


def test_a_viewer_is_refused_the_screening_pages_and_not_offered_them(web: WebNode) -> None:
    client, csrf = browser(web, "viewer")
    for method, path, form in (
        ("GET", "/screen/substance", None),
        ("POST", "/screen/substance", {"query": "fentanyl", "csrf_token": csrf}),
        ("GET", "/screen/party", None),
        ("POST", "/screen/party", {"query": "ZHENG Fujing", "csrf_token": csrf}),
    ):
        page = client.request(method, path, data=form)
        assert page.status_code == 403, path
        assert page.headers["content-type"].startswith("text/html"), path
        assert "this needs the analyst role or higher; your role is viewer" in page.text, path
        assert "Sign out" in page.text and not any(link in page.text for link in SCREENING_LINKS)
        twin = client.request(method, f"{path}.json", data=form)
        assert twin.status_code == 403, path
        assert twin.json() == {
            "ok": False,
            "code": "permission_denied",
            "error": "this needs the analyst role or higher; your role is viewer",
            "status": 403,
        }
    dashboard = client.get("/").text
    assert "Sign out" in dashboard
    assert not any(link in dashboard for link in SCREENING_LINKS)


def test_the_roles_from_analyst_up_are_offered_the_screening_pages(web: WebNode) -> None:
    for role in ("analyst", "approver", "admin"):
        client, _ = browser(web, role)
        dashboard = client.get("/").text
        assert all(link in dashboard for link in SCREENING_LINKS), role
        assert client.get("/screen/party").status_code == 200, role
