"""A notification between two real nodes in Chromium: an analyst on A drafts it with the form,
an approver on A sends it, B sees it (mirrored, screened) and objects, A sees the objection.
Then the same in Chinese with no untranslated message left; every new page is screenshot in
both languages and checked with axe-core."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect

from tests.browser.harness import (
    DESKTOP,
    TABLET,
    Site,
    english_messages,
    has_no_horizontal_scroll,
    serious_violations,
    shoot,
    untranslated_text,
    wider_than_viewport,
)
from tests.nodes.harness import run_cli, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def add_user(home: Path, username: str, role: str) -> str:
    """A new user of the node; its one-time password."""
    added = run_cli(home, "user", "add", username, "--role", role)
    [password] = re.findall(r"one-time password: (\S+)", added)
    return str(password)


@pytest.fixture(scope="module")
def people(site: Site) -> dict[str, tuple[str, str, str]]:
    """Who acts: (node url, username, password) for A's analyst and approver, B's approver."""
    return {
        "analyst": (site.a.url, "alan", add_user(site.a.home, "alan", "analyst")),
        "approver": (site.a.url, "abby", add_user(site.a.home, "abby", "approver")),
        "counterpart": (site.b.url, "bo", add_user(site.b.home, "bo", "approver")),
    }


@pytest.fixture
def pages(chromium: Browser) -> Iterator[list[Page]]:
    """One audited page per person (axe-core is injected, so the policy is bypassed)."""
    contexts = [chromium.new_context(viewport=DESKTOP, bypass_csp=True) for _ in range(3)]
    for context in contexts:
        context.set_default_timeout(20_000)
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


class Checks:
    """Screenshots, axe-core and (in Chinese) the untranslated-text check of each page seen."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.english = english_messages()
        self.problems: dict[str, object] = {}

    def look(self, page: Page, name: str) -> None:
        shoot(page, self.locale, name)
        violations = serious_violations(page)
        if violations:
            self.problems[f"{name}: axe"] = violations
        if self.locale == "zh":
            left = untranslated_text(page, self.english)
            if left:
                self.problems[f"{name}: untranslated"] = left


def sign_in(page: Page, who: tuple[str, str, str], locale: str) -> None:
    """Sign in with the keyboard; in Chinese, switch the language from the header."""
    url, username, password = who
    page.goto(f"{url}/login")
    page.get_by_label("Username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/")
    if locale == "zh":
        page.locator("#language-choice").select_option("zh")
        page.locator("form[action='/language'] button").click()
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")


def draft_notification(page: Page, url: str, licence: str, checks: Checks, *, late: bool) -> None:
    """Fill the notification form; `late`: with a reply deadline already past."""
    page.goto(f"{url}/drafts/new")
    checks.look(page, "draft-new")
    dispatch = (datetime.now(UTC).date() + timedelta(days=40)).isoformat()
    values = {
        "#f-hs_code": "293339", "#f-licence_number": licence,
        "#f-exporter_name": "Hubei Example Chemical Co., Ltd.", "#f-exporter_country": "CN",
        "#f-importer_name": "Example Pharma Inc.", "#f-importer_country": "US",
        "#s-name-0": "4-anilinopiperidine", "#s-cas-0": "23056-29-3", "#s-qty-0": "25.000",
        "#f-route": "Shanghai - Los Angeles", "#f-point_of_entry": "Port of Los Angeles",
    }  # fmt: skip
    for selector, value in values.items():
        page.locator(selector).fill(value)
    page.locator("#f-dispatch_date").fill(dispatch)
    if late:
        yesterday = datetime.now(UTC).date() - timedelta(days=1)
        page.locator("#f-reply_deadline").fill(yesterday.isoformat())
    if checks.locale == "zh":  # a refused form first: why, in Chinese, with what was typed
        page.locator("#s-qty-0").fill("25,5")
        page.locator("form[action='/drafts'] button[type=submit]").click()
        expect(page.locator("#form-error")).to_contain_text("不是形如“25.5”的十进制字符串")
        checks.look(page, "draft-refused")
        page.locator("#s-qty-0").fill("25.000")
    page.locator("form[action='/drafts'] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/drafts/[^/]+$"))
    checks.look(page, "draft")


OTHER_PAGES = (
    ("records", "/records"),
    ("records-incidents", "/records?type=incident"),
    ("drafts", "/drafts"),
    ("draft-new-incident", "/drafts/new?type=incident"),
    ("draft-new-request", "/drafts/new?type=request_for_assistance"),
    ("draft-new-commitment", "/drafts/new?type=commitment"),
    ("compliance", "/compliance"),
)


def run_flow(pages: list[Page], people: dict[str, tuple[str, str, str]], locale: str) -> None:
    analyst, approver, counterpart = pages
    checks = Checks(locale)
    for page, who in zip(pages, ("analyst", "approver", "counterpart"), strict=True):
        sign_in(page, people[who], locale)
    a_url, b_url = people["analyst"][0], people["counterpart"][0]
    licence = f"CN-EXP-{locale}-0042"
    late = locale == "en"  # in English the deadline has passed: B's reply is a late one
    draft_notification(analyst, a_url, licence, checks, late=late)
    expect(analyst.locator("form[action$='/send']")).to_have_count(0)  # analysts cannot send
    approver.goto(analyst.url)
    approver.locator("form[action$='/send'] button").click()
    approver.wait_for_url(re.compile(r".*/records/us/\d+$"))
    record_path = approver.url.removeprefix(a_url)
    expect(approver.locator("tr.hit").first).to_be_visible()  # 4-AP is a screening hit
    checks.look(approver, "record-sent")

    def b_has_it() -> bool:
        counterpart.goto(f"{b_url}/records?direction=received")
        return counterpart.locator(f"a[href='{record_path}']").count() == 1

    wait_for(b_has_it, "B to mirror A's notification", timeout=60)
    checks.look(counterpart, "records-received")
    counterpart.goto(f"{b_url}/")
    expect(counterpart.locator(f"#main a[href='{record_path}']").first).to_be_visible()
    checks.look(counterpart, "dashboard-inbox")
    counterpart.goto(f"{b_url}{record_path}")
    expect(counterpart.locator("tr.hit").first).to_be_visible()  # B sees the same screening
    checks.look(counterpart, "record-received")
    counterpart.locator("#reply-code").select_option("objection")
    counterpart.locator("#reply-reason").fill("The importer holds no registration.")
    expect(counterpart.locator("#reply-late-reason")).to_have_count(1 if late else 0)
    if late:
        counterpart.locator("#reply-late-reason").fill("The importer's file arrived late.")
    counterpart.locator("form[action$='/reply'] button").click()
    expect(counterpart.locator(".state-objected").first).to_be_visible()

    def a_sees_objection() -> bool:
        approver.goto(f"{a_url}{record_path}")
        return approver.locator(".state-objected").count() > 0

    wait_for(a_sees_objection, "A to mirror B's objection", timeout=60)
    expect(approver.get_by_text("The importer holds no registration.")).to_be_visible()
    if late:
        expect(approver.get_by_text("The importer's file arrived late.")).to_be_visible()
    checks.look(approver, "record-objected")
    for name, path in OTHER_PAGES:
        approver.goto(f"{a_url}{path}")
        checks.look(approver, name)
    request_assistance(counterpart, approver, (b_url, a_url, record_path), checks)
    if locale == "en":  # once is enough: the outcome, and a status countersigned across
        report_cancelled(approver, f"{a_url}{record_path}")
        countersign_commitment(counterpart, approver, (b_url, a_url), checks)
    assert checks.problems == {}
    if locale == "en":
        fits_a_tablet(approver, a_url, ["/", record_path, "/records", "/drafts/new", "/compliance"])


def request_assistance(
    asker: Page, helper: Page, where: tuple[str, str, str], checks: Checks
) -> None:
    """B asks A for assistance about the notified shipment; A responds, and the request
    shows on the notification's page."""
    b_url, a_url, notification = where
    asker.goto(f"{b_url}/drafts/new?type=request_for_assistance")
    asker.locator("#f-subject_kind").select_option("shipment")
    asker.locator("#f-due_date").fill((datetime.now(UTC).date() + timedelta(days=20)).isoformat())
    asker.locator("#f-subject_description").fill("The objected 4-AP shipment")
    asker.locator("#f-requested_action").fill("Hold the consignment and check the exporter.")
    asker.locator("#f-notifications").fill(notification.removeprefix("/records/"))
    asker.locator("form[action='/drafts'] button[type=submit]").click()
    asker.locator("form[action$='/send'] button").click()
    asker.wait_for_url(re.compile(r".*/records/cn/\d+$"))
    request = asker.url.removeprefix(b_url)

    def a_has_it() -> bool:
        helper.goto(f"{a_url}{request}")
        return helper.locator("#response-outcome").count() == 1

    wait_for(a_has_it, "A to mirror B's request", timeout=60)
    checks.look(helper, "record-request")
    helper.locator("#response-outcome").select_option("action_taken")
    helper.locator("#response-actions").fill("Consignment held at the port")
    helper.locator("form[action$='/response'] button").click()
    expect(helper.locator(".state-action_taken").first).to_be_visible()
    helper.goto(f"{a_url}{notification}")
    expect(helper.locator(f"#main a[href='{request}']").first).to_be_visible()


def report_cancelled(page: Page, record: str) -> None:
    """After the objection, the notifier reports the shipment cancelled."""
    page.goto(record)
    page.locator("#outcome-kind").select_option("cancelled")
    page.locator("form[action$='/outcome'] button").click()
    expect(page.locator(".lead .state-cancelled")).to_be_visible()


def countersign_commitment(owner: Page, other: Page, urls: tuple[str, str], checks: Checks) -> None:
    """B commits, then states it delivered; A countersigns with one button; both agree."""
    b_url, a_url = urls
    owner.goto(f"{b_url}/drafts/new?type=commitment")
    owner.locator("#f-owner").fill("cn")
    owner.locator("#f-due_date").fill((datetime.now(UTC).date() + timedelta(days=90)).isoformat())
    owner.locator("#f-text").fill("List 4-AP's salts as precursors")
    owner.locator("#f-measure").fill("Announcement published")
    owner.locator("form[action='/drafts'] button[type=submit]").click()
    owner.locator("form[action$='/send'] button").click()
    owner.wait_for_url(re.compile(r".*/records/cn/\d+$"))
    commitment = owner.url.removeprefix(b_url)
    file_evidence(owner, checks)
    owner.locator("#status-kind").select_option("delivered")
    owner.locator("form[action$='/status'] button").click()
    expect(owner.locator(".state-proposed")).to_be_visible()

    def a_can_countersign() -> bool:
        other.goto(f"{a_url}{commitment}")
        return other.get_by_role("button", name="Countersign this status").count() == 1

    wait_for(a_can_countersign, "A to mirror B's commitment and status", timeout=60)
    checks.look(other, "record-commitment")
    other.get_by_role("button", name="Countersign this status").click()
    expect(other.locator(".lead .state-delivered")).to_be_visible()


def file_evidence(page: Page, checks: Checks) -> None:
    """Upload a file with the record page's file input; its hash fills the evidence form."""
    data = b"Announcement of the scheduling of 4-AP's salts"
    files = FilePayload(name="announcement.txt", mimeType="text/plain", buffer=data)
    page.locator("#evidence-file").set_input_files(files=[files])
    page.locator("form.upload button[type=submit]").click()
    expect(page.locator("#evidence-hashes")).to_have_value(hashlib.sha256(data).hexdigest())
    checks.look(page, "record-commitment-upload")
    page.locator("#evidence-description").fill("The announcement as published")
    page.locator("form[action$='/evidence'] button").click()
    expect(page.locator(".thread")).to_contain_text("The announcement as published")


def fits_a_tablet(page: Page, url: str, paths: list[str]) -> None:
    """Each page fits a 768 px tablet without scrolling sideways (tables scroll inside)."""
    page.set_viewport_size(TABLET)
    for number, path in enumerate(paths):
        page.goto(f"{url}{path}")
        shoot(page, "en", f"tablet-coordination-{number}")
        assert has_no_horizontal_scroll(page), (path, wider_than_viewport(page))


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_a_notification_filed_on_a_is_objected_on_b(
    pages: list[Page], people: dict[str, tuple[str, str, str]], locale: str
) -> None:
    run_flow(pages, people, locale)
