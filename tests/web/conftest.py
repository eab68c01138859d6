"""The browser tests' shared Playwright driver (Debian's Chromium; never Playwright's own download)."""

import pytest

from tests.helpers import require_tool


# Module scope: a live sync Playwright keeps an event loop that Django's ORM in later tests would refuse.
@pytest.fixture(scope="module")
def playwright_driver():
    require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver
