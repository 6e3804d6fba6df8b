"""Two real nodes served by uvicorn for the browser tests, and what the tests need around
Playwright: Debian's Chromium, sign-in, screenshots, axe-core and the untranslated-text check."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Playwright, ViewportSize

from counterpart.domain.messages import PLACEHOLDER
from counterpart.ledger.note import NoteSigner, parse_vkey
from counterpart.web.ui.i18n import read_catalog
from counterpart.workflows.access_model import Locale
from tests.nodes.harness import NodeProcess, run_cli, wait_for

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
DESKTOP = ViewportSize(width=1280, height=900)
TABLET = ViewportSize(width=768, height=1024)
RECORDS = 2
ENTITIES = [
    {"id": "p-zheng", "schema": "Person", "properties": {"name": ["ZHENG, Fujing"]}},
    {
        "id": "c-jingao",
        "schema": "Company",
        "properties": {"name": ["HUBEI JINGAO BIOTECHNOLOGY CO., LTD."]},
    },
]


@dataclass
class Site:
    """Node A (party us) with an admin user, a list and cosigned records; node B mirrors it."""

    a: NodeProcess
    b: NodeProcess
    username: str
    password: str
    vkey: str  # A's log key, for checking proofs offline
    vkey_b: str  # B's log key, as A has it registered

    @property
    def url(self) -> str:
        return self.a.url


def prepare_nodes(root: Path) -> tuple[NodeProcess, NodeProcess, str, str, str]:
    """Initialise A and B, register them with each other, and give A its data.

    Returns the nodes, the admin's one-time password on A, and A's and B's log keys."""
    a, b = NodeProcess(root / "a"), NodeProcess(root / "b")
    vkey_a = run_cli(a.home, "init", "--party", "us", "--name", "US node").strip()
    vkey_b = run_cli(b.home, "init", "--party", "cn", "--name", "CN node").strip()
    run_cli(a.home, "peer", "add", "cn", b.url, vkey_b)
    run_cli(b.home, "peer", "add", "us", a.url, vkey_a)
    added = run_cli(a.home, "user", "add", "ana", "--role", "admin", "--display-name", "Ana")
    [password] = re.findall(r"one-time password: (\S+)", added)
    for number in range(RECORDS):
        body = json.dumps({"summary": "seizure of 4-ANPP", "number": number})
        run_cli(a.home, "log", "append", "--type", "incident", "-", input_text=body)
    for as_of, entities in (("2024-01-01", ENTITIES), ("2025-06-01", ENTITIES[:1])):
        path = root / f"list-{as_of}.jsonl"
        path.write_text("\n".join(json.dumps(e) for e in entities) + "\n", encoding="utf-8")
        run_cli(a.home, "load-watchlist", "ftm", str(path), "--as-of", as_of, "--list-id", "t")
    return a, b, password, vkey_a, vkey_b


def wait_until_cosigned(site: Site) -> None:
    """Wait until B has mirrored A's records and A holds B's cosignature."""

    def is_cosigned() -> bool:
        status = json.loads(run_cli(site.a.home, "log", "status", "--format", "json"))
        return bool(status["cosigned_size"] == RECORDS)

    wait_for(is_cosigned, "B to cosign A's checkpoint", timeout=60)


def raise_a_key_alarm(site: Site) -> None:
    """Register B on A under another key for a moment: A's mirror refuses B's checkpoint and
    raises an `unsigned_checkpoint` alarm; then B's own key is registered again."""
    other = NoteSigner.generate(parse_vkey(site.vkey_b).name).verifier_key().to_vkey()
    run_cli(site.a.home, "peer", "add", "cn", site.b.url, other)
    try:

        def has_alarm() -> bool:
            status = json.loads(run_cli(site.a.home, "log", "status", "--format", "json"))
            return any(a["kind"] == "unsigned_checkpoint" for a in status["alarms"])

        wait_for(has_alarm, "A's mirror to refuse B's checkpoint", timeout=30)
    finally:
        run_cli(site.a.home, "peer", "add", "cn", site.b.url, site.vkey_b)


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless, with no traffic of its own."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def sign_in_by_keyboard(page: Page, site: Site) -> None:
    """Sign in with the keyboard only: Tab between the labelled fields, Enter to submit."""
    page.goto(f"{site.url}/login")
    page.get_by_label("Username").focus()
    page.keyboard.type(site.username)
    page.keyboard.press("Tab")
    page.keyboard.type(site.password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/")


def shoot(page: Page, locale: str, name: str) -> Path:
    """A full-page screenshot in tests/screenshots/ (gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{locale}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        targets: v.nodes.map(n => n.target.join(' '))}))"""
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


_VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, code, [translate="no"]')) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    for (const name of ['aria-label', 'title', 'placeholder']) {
      const value = el.getAttribute(name);
      if (value && !el.closest('[translate="no"]')) out.push(value.trim());
    }
  }
  out.push(document.title);
  return out;
}"""


def english_messages() -> set[str]:
    """The catalog's English messages whose Chinese differs (a technical term may not)."""
    return {
        str(m.id)
        for m in read_catalog(Locale.ZH)
        if m.id and m.string and m.string != m.id and "%(" not in str(m.id)
    }


def english_template_words() -> set[str]:
    """The fixed words (three or more) between the placeholders of the catalog's English
    templates whose Chinese differs: what a message composed by the node shows untranslated."""
    catalog = read_catalog(Locale.ZH)
    templates = (str(m.id) for m in catalog if "%(" in str(m.id) and m.string != m.id)
    pieces = (piece.strip(" ;:,.()") for t in templates for piece in PLACEHOLDER.split(t))
    return {piece for piece in pieces if len(piece.split()) >= 3}


TEMPLATE_WORDS = english_template_words()


def untranslated_text(page: Page, english: set[str]) -> list[str]:
    """Text shown on the page that is an English message of the catalog, untranslated, or
    the fixed words of an English template (the data in it is `translate="no"`, not shown)."""
    shown: list[str] = page.evaluate(_VISIBLE_TEXT)
    long_messages = [m for m in english if len(m.split()) >= 4]
    found = [text for text in shown if text.rstrip(":.") in english]
    found += [m for m in long_messages for text in shown if m in text]
    found += [words for words in TEMPLATE_WORDS for text in shown if words in text]
    return found


def has_no_horizontal_scroll(page: Page) -> bool:
    """Whether the page fits the viewport's width (tables may scroll inside their box)."""
    return bool(
        page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    )


def wider_than_viewport(page: Page) -> list[str]:
    """The elements that reach past the viewport's right edge (for a failure's message)."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id)"""
    )
    return found
