"""The UI in Debian's Chromium against two real nodes: sign in by keyboard, screen a substance
and a party, verify a record and download its proof, every page in English and Chinese with
screenshots, no untranslated text, no serious accessibility violation, and a tablet layout."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, expect

from tests.browser.harness import (
    TABLET,
    Site,
    english_messages,
    has_no_horizontal_scroll,
    raise_a_key_alarm,
    serious_violations,
    shoot,
    sign_in_by_keyboard,
    untranslated_text,
    wider_than_viewport,
)
from tests.nodes.harness import run_cli, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def screen_fentanyl(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/screen/substance")
    page.locator("#query").fill("fentanyl")
    page.locator("form[action='/screen/substance'] button[type=submit]").click()
    expect(page.locator("#results article")).to_have_count(1)


def screen_zheng(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/screen/party")
    page.locator("#party-query").fill("Zheng Fujing")
    page.locator("form[action='/screen/party'] button[type=submit]").click()
    expect(page.locator("#results article")).to_have_count(1)


def test_sign_in_and_screen_a_substance(page: Page, site: Site) -> None:
    sign_in_by_keyboard(page, site)
    page.get_by_role("link", name="Screen a substance").click()
    page.get_by_label("Name, CAS number or SMILES").fill("fentanyl")
    page.get_by_label("China").uncheck()
    page.get_by_role("button", name="Screen", exact=True).click()
    result = page.locator("#results article")
    expect(result).to_have_count(1)
    expect(result.locator("figure.structure svg")).to_be_visible()
    assert int(result.locator("figure.structure").first.get_attribute("data-highlighted") or 0) > 0
    rows = result.locator("tr[data-jurisdiction]")
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.jurisdiction)") == ["US", "UN", "EU"]
    us = result.locator('tr[data-jurisdiction="US"]')
    assert us.get_attribute("data-status") == "controlled"
    expect(us.locator(".status")).to_have_text("Controlled")
    result.get_by_text("Why: the explanation").first.click()
    expect(result.locator("details p").first).to_be_visible()
    # The same form with a file instead: htmx sends it as multipart, each row screened.
    page.get_by_label("Name, CAS number or SMILES").fill("")
    page.get_by_label("Or upload a file").set_input_files(
        files=FilePayload(name="customs.txt", mimeType="text/plain", buffer=b"4-ANPP\nC1CC(\n")
    )
    page.get_by_role("button", name="Screen", exact=True).click()
    expect(page.locator("#results article")).to_have_count(2)
    expect(
        page.locator('#results article[data-result-id="2"] tr[data-status="unresolved"]')
    ).to_have_count(3)


def test_screen_a_party_shows_reasons_and_the_timeline(page: Page, site: Site) -> None:
    sign_in_by_keyboard(page, site)
    page.get_by_role("link", name="Screen a party").click()
    page.get_by_label("Name or wallet address").fill("Hubei Jingao Biotechnology")
    page.get_by_label("Kind of party").select_option("Company")
    page.get_by_label("Lists as they stood on").fill("2024-06-01")
    page.get_by_role("button", name="Screen", exact=True).click()
    match = page.locator('#results article[data-entry="t/c-jingao"]')
    expect(match).to_have_count(1)
    expect(match.locator(".reasons tbody th").first).to_have_text("Names")
    expect(match.locator("svg rect.period")).to_have_count(1)
    expect(match.locator("svg circle.snapshot")).to_have_count(2)
    expect(match.locator(".periods li")).to_have_text("Listed from Jan 1, 2024 to Jun 1, 2025")


def test_the_log_verifies_a_record_and_its_proof_holds_offline(
    page: Page, site: Site, tmp_path: Path
) -> None:
    sign_in_by_keyboard(page, site)
    page.get_by_role("link", name="Log", exact=True).click()
    checkpoint = page.locator('tr[data-size="2"]')
    expect(checkpoint.locator(".cosigner")).to_have_text("counterpart/cn")
    page.get_by_label("Record number").fill("1")
    page.get_by_label("Record number").press("Enter")
    page.wait_for_url(f"{site.url}/log/records/1")
    expect(page.locator('[data-holds="true"]')).to_contain_text("The proof holds.")
    with page.expect_download() as proof_download:
        page.get_by_role("link", name="Download the offline proof").click()
    with page.expect_download() as entry_download:
        page.get_by_role("link", name="Download the record's bytes").click()
    proof, entry = tmp_path / "record.tlog-proof", tmp_path / "record.json"
    proof_download.value.save_as(proof)
    entry_download.value.save_as(entry)
    assert proof.read_text().startswith("c2sp.org/tlog-proof@v1\nindex 1\n")
    out = run_cli(
        site.a.home, "verify-proof", str(proof), "--leaf", str(entry), "--vkey", site.vkey
    )
    assert out.startswith("proof holds: entry 1")


def _visit(
    site: Site, path: str, then: Callable[[Page, Site], None] | None = None
) -> Callable[[Page], None]:
    def go(page: Page) -> None:
        if then is not None:
            then(page, site)
        else:
            page.goto(f"{site.url}{path}")

    return go


TOUR = [
    ("dashboard", "/", None),
    ("substance", "", screen_fentanyl),
    ("party", "", screen_zheng),
    ("log", "/log", None),
    ("record", "/log/records/0", None),
    ("users", "/admin/users", None),
    ("tokens", "/admin/tokens", None),
    ("account", "/account", None),
    ("list-notice-form", "/drafts/new?type=list_notice", None),
    ("error", "/log/records/99", None),
]


def switch_to_chinese(page: Page) -> None:
    """Choose 中文 in the language switch and submit it with the keyboard."""
    page.locator("#language-choice").select_option("zh")
    page.locator("#language-choice").press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_every_page_in_both_languages(audited_page: Page, site: Site, locale: str) -> None:
    page = audited_page
    english = english_messages()
    page.goto(f"{site.url}/login")
    if locale == "en":
        shoot(page, locale, "login")
        # The check below sees English: on an English page it finds the catalog's messages.
        assert "Sign in" in untranslated_text(page, english)
    sign_in_by_keyboard(page, site)
    if locale == "zh":
        switch_to_chinese(page)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    problems: dict[str, object] = {}
    for name, path, then in TOUR:
        _visit(site, path, then)(page)
        shoot(page, locale, name)
        violations = serious_violations(page)
        if violations:
            problems[f"{name}: axe"] = violations
        if locale == "zh":
            left = untranslated_text(page, english)
            if left:
                problems[f"{name}: untranslated"] = left
            assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert problems == {}
    assert requested and [url for url in requested if not url.startswith(site.url)] == []
    if locale == "zh":  # sign out, and the language stays for the sign-in form (the cookie)
        page.goto(f"{site.url}/")
        page.locator("form[action='/logout'] button").click()
        page.wait_for_url(f"{site.url}/login")
        assert untranslated_text(page, english) == []
        shoot(page, locale, "login")
        page.locator("#language-choice").select_option("en")
        page.locator("form[action='/language'] button").click()
        sign_in_by_keyboard(page, site)  # leaves the user's preference in English
        page.locator("#language-choice").select_option("en")
        page.locator("form[action='/language'] button").click()


def back_to_english(page: Page, site: Site) -> None:
    """Leave the user's preference in English, as the other tests expect it."""
    page.goto(f"{site.url}/")
    page.locator("#language-choice").select_option("en")
    page.locator("form[action='/language'] button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_what_the_node_composed_reads_in_chinese(page: Page, site: Site) -> None:
    """The explanation, the party findings and an alarm: Chinese, not the English template,
    with the data (names, SMILES, log names) left as it is."""
    raise_a_key_alarm(site)
    sign_in_by_keyboard(page, site)
    switch_to_chinese(page)
    try:
        screen_fentanyl(page, site)
        us = page.locator('#results tr[data-jurisdiction="US"] + tr.explanation p').first
        expect(us).to_contain_text("已按名称列管")
        expect(us.locator('span[translate="no"]').first).to_have_text("fentanyl")
        assert "is listed by name" not in page.content()
        page.locator('#results tr[data-jurisdiction="US"] + tr.explanation summary').click()
        expect(us).to_be_visible()
        shoot(page, "zh", "substance-explanation")

        screen_zheng(page, site)
        finding = page.locator("#results .reasons tbody td").first
        expect(finding).to_contain_text("名称相同")
        assert "same name" not in page.content()

        for path in ("/", "/log"):
            page.goto(f"{site.url}{path}")
            alarm = page.locator('li.alarm[data-kind="unsigned_checkpoint"]')
            expect(alarm.locator("strong")).to_have_text("检查点无有效签名")
            expect(alarm).to_contain_text("未经该日志的密钥签名")
            expect(alarm).to_contain_text("检查点 counterpart/cn@0")
            assert "not signed by the log's key" not in page.content()
        shoot(page, "zh", "log-alarm")
        assert untranslated_text(page, english_messages()) == []
        see_an_anomaly(page, site)
    finally:
        back_to_english(page, site)


def see_an_anomaly(page: Page, site: Site) -> None:
    """B's log gets a reply to a notification A never filed (`log append` checks the content,
    not the state machines); A keeps it with its anomaly, which reads in Chinese."""
    ghost = {"author": "us", "log_index": 999, "leaf_hash": "ab" * 32}
    reply = json.dumps({"notification": ghost, "code": "no_objection"})
    added = run_cli(site.b.home, "log", "append", "--type", "notification_reply", "-",
                    input_text=reply)  # fmt: skip
    record = f"{site.url}/records/cn/{json.loads(added)['index']}"

    def a_has_it() -> bool:
        response = page.goto(record)
        return response is not None and response.status == 200

    wait_for(a_has_it, "A to mirror B's appended reply", timeout=60)
    anomaly = page.locator("p.alert[role=note]")
    expect(anomaly).to_contain_text("在日志序号 999 处没有叶哈希为 ababababab")
    expect(page.locator(".state-unreadable").first).to_have_text("存有异常")
    assert "no record of" not in page.content()
    shoot(page, "zh", "record-anomaly")
    assert untranslated_text(page, english_messages()) == []


def test_pages_fit_a_tablet(page: Page, site: Site) -> None:
    sign_in_by_keyboard(page, site)
    page.set_viewport_size(TABLET)
    for name, path, then in TOUR:
        _visit(site, path, then)(page)
        shoot(page, "en", f"tablet-{name}")
        assert has_no_horizontal_scroll(page), (name, wider_than_viewport(page))
