"""Fixtures of the browser tests: two real nodes for the module, one Chromium, a page each."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.harness import (
    DESKTOP,
    Site,
    launch_chromium,
    prepare_nodes,
    wait_until_cosigned,
)
from tests.nodes.harness import start_all


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    a, b, password, vkey, vkey_b = prepare_nodes(tmp_path_factory.mktemp("nodes"))
    start_all(a, b)
    running = Site(a=a, b=b, username="ana", password=password, vkey=vkey, vkey_b=vkey_b)
    try:
        wait_until_cosigned(running)
        yield running
    finally:
        a.stop()
        b.stop()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


def open_page(chromium: Browser, *, bypass_csp: bool) -> Iterator[Page]:
    context = chromium.new_context(viewport=DESKTOP, accept_downloads=True, bypass_csp=bypass_csp)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A page under the node's Content-Security-Policy, as a reader has it."""
    yield from open_page(chromium, bypass_csp=False)


@pytest.fixture
def audited_page(chromium: Browser) -> Iterator[Page]:
    """A page where axe-core may be injected (an inline script the node's policy refuses)."""
    yield from open_page(chromium, bypass_csp=True)
