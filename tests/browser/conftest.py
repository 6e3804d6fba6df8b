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
    a, b, password, vkey = prepare_nodes(tmp_path_factory.mktemp("nodes"))
    start_all(a, b)
    running = Site(a=a, b=b, username="ana", password=password, vkey=vkey)
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


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(20_000)
    opened = context.new_page()
    yield opened
    context.close()
