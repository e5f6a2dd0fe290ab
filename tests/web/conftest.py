"""Fixtures for the web tests. The browser is Debian's Chromium (`make browser-deps`), driven by
Playwright; Playwright never downloads a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One browser per test module: launching one costs more than most tests in it."""
    # Imported here so the tests that need no browser do not pay for importing Playwright.
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Chromium is not installed: run `make browser-deps` (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread; Django's ORM refuses to run beside
    # one unless told the loop is not serving requests here (it is not: it only drives the browser).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=chromium, args=ARGS)
            yield b
            b.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
