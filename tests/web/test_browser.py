"""Pages in a real browser (Debian's Chromium, driven by Playwright), checked with axe-core for
WCAG 2.2 AA. Chromium comes from apt (`make browser-deps`); Playwright never downloads a browser."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from opencsc.access.models import Role
from tests.factories import AllocationFactory, TeamFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
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


def _axe_violations(page: Page) -> list[dict]:
    # Measure after the web font has loaded: sizes (and so target-size results) depend on it.
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]
    ]


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_every_page_type_has_no_wcag_violations(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    team = TeamFactory()
    manager = UserFactory(username="maya", role=Role.TEAM_MANAGER, team=team)
    team.manager = manager
    team.save()
    allocation = AllocationFactory(
        worker__username="kim",
        worker__team=team,
        person__given_name="Ada",
        person__family_name="Quill",
    )
    page = browser.new_page()
    base = live_server.url
    page.goto(f"{base}/sign-in/")
    pages = {"sign in": _axe_violations(page)}
    page.fill("#id_username", "kim")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    pages["sign in with an error"] = _axe_violations(page)
    _sign_in(page, base, "kim")
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("link", name="Ada Quill").is_visible()
    pages["my work"] = _axe_violations(page)
    page.get_by_role("link", name="Ada Quill").first.click()
    page.wait_for_url(f"{base}/children/{allocation.person_id}/")
    assert page.locator("h1").inner_text() == "Ada Quill"
    pages["child record"] = _axe_violations(page)
    page.goto(f"{base}/search/?q=ada")
    pages["search"] = _axe_violations(page)
    page.goto(f"{base}/children/999999/")
    pages["not found"] = _axe_violations(page)
    page.get_by_role("button", name="Sign out").click()
    _sign_in(page, base, "maya")
    page.goto(f"{base}/team/")
    pages["team"] = _axe_violations(page)
    bad = {name: v for name, v in pages.items() if v}
    assert bad == {}, json.dumps(bad, indent=1)


def test_pages_work_without_javascript(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    AllocationFactory(worker__username="kim", person__given_name="Ada", person__family_name="Quill")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _sign_in(page, live_server.url, "kim")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Ada Quill").first.click()
    assert page.locator("h1").inner_text() == "Ada Quill"
    page.select_option("#kind", "visit")
    page.get_by_role("button", name="Filter").click()
    assert "kind=visit" in page.url
    context.close()


def test_the_accessibility_check_catches_a_violation(browser: Browser) -> None:
    page = browser.new_page()
    page.set_content('<html lang="en"><title>x</title><main><img src="x.png"><input></main></html>')
    ids = {v["id"] for v in _axe_violations(page)}
    assert {"image-alt", "label"} <= ids
