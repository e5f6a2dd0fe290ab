"""Helpers for driving the service in Chromium (the `browser` fixture is in tests/web/conftest.py):
sign in, fill in GOV.UK form components the way a worker finds them (by their legends and
labels, so a field whose label or legend is not tied to it cannot be filled), and check a page
with axe-core for WCAG 2.2 AA."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Locator, Page, Route

from opencsc.access.models import User

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now, each with the selectors and
    markup of the elements at fault, so a failure says what to fix."""
    # Measure after the web font has loaded: sizes (and so target-size results) depend on it.
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    # Only the violations in full: collecting every passing node's details doubles the time.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG,
    )
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "nodes": [{"target": n["target"], "html": n["html"][:200]} for n in v["nodes"]],
        }
        for v in result["violations"]
    ]


# What axe does not check of the GOV.UK patterns: each hint and error message shown is tied to
# its field (aria-describedby), so a screen reader reads it with the field; each link in the
# error summary leads to a field on the page.
UNTIED = """() => {
  const shown = el => el.getClientRects().length > 0;
  const hints = [...document.querySelectorAll("main .govuk-hint, main .govuk-error-message")]
    .filter(shown)
    .filter(el => !el.id || !document.querySelector(`[aria-describedby~="${el.id}"]`))
    .map(el => el.outerHTML.slice(0, 120));
  const links = [...document.querySelectorAll(".govuk-error-summary__list a")]
    .map(a => a.getAttribute("href"))
    .filter(href => !href.startsWith("#") || !document.getElementById(href.slice(1)));
  return hints.concat(links.map(href => `error summary link to ${href}`));
}"""


def untied(page: Page) -> list[str]:
    """Hints and error messages not tied to their field, and error summary links to nowhere."""
    return list(page.evaluate(UNTIED))


def with_axe(context: BrowserContext) -> BrowserContext:
    """Load axe-core into every page of the context as it opens, rather than sending it over
    for each page checked."""
    context.add_init_script(path=str(AXE))
    return context


def block_autosave(page: Page) -> None:
    """Stop the draft autosave's requests. It posts a draft a moment after typing stops, which
    may be while the step's own save is on its way; the in-memory SQLite of the tests refuses
    two writers at once ("database table is locked"). For tests about something else."""

    def route(route: Route) -> None:
        if route.request.headers.get("x-opencsc-autosave"):
            route.abort()
        else:
            route.continue_()

    page.route("**/record/**", route)


def sign_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    """Through the sign-in page, as a worker does."""
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def signed_in(context: BrowserContext, base: str, user: User) -> None:
    """A session for `user` put straight into the browser: for tests about a page, not sign-in."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.clear_cookies()
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])


def group(page: Page, legend: str) -> Locator:
    """A fieldset (radios, checkboxes, a date) found by its legend."""
    return page.get_by_role("group", name=legend, exact=True)


def fill_date(page: Page, legend: str, d: date) -> None:
    fieldset = group(page, legend)
    fieldset.get_by_label("Day", exact=True).fill(str(d.day))
    fieldset.get_by_label("Month", exact=True).fill(str(d.month))
    fieldset.get_by_label("Year", exact=True).fill(str(d.year))


def date_shown(page: Page, legend: str) -> date:
    fieldset = group(page, legend)
    parts = [fieldset.get_by_label(p, exact=True).input_value() for p in ("Year", "Month", "Day")]
    return date(*(int(p) for p in parts))


def choose(page: Page, legend: str, *labels: str) -> None:
    """Tick the radios or checkboxes with these labels (or label prefixes: codes come first)."""
    fieldset = group(page, legend)
    for label in labels:
        fieldset.get_by_label(re.compile(rf"^{re.escape(label)}")).check()


def select(page: Page, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).select_option(value)


def record(page: Page, tab: str, step: str) -> None:
    """From the child page, open a step the way a worker does: its tab, then its link there."""
    page.get_by_role("tab", name=tab, exact=True).click()
    panel = page.get_by_role("tabpanel", name=tab, exact=True)
    with page.expect_navigation():
        panel.get_by_role("link", name=step, exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == step


def save(page: Page, step: str) -> None:
    """Save the step and be back on the child page with the success banner, or fail with the
    error summary's messages."""
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 0, f"{step}: {summary.inner_text()}"
    assert page.get_by_role("alert").filter(has_text=f"{step}: saved").is_visible()


def chronology(page: Page) -> list[tuple[str, str, str]]:
    """The child page's chronology: (date, event, detail), newest first."""
    rows = page.locator("#overview table").filter(has_text="Event").locator("tbody tr")
    events = []
    for row in rows.all():
        cells = [cell.strip() for cell in row.locator("td").all_inner_texts()]
        if len(cells) == 3:  # not the "Nothing recorded" row
            events.append((cells[0], cells[1], cells[2]))
    return events


def day(d: date) -> str:
    """A date as the chronology writes it."""
    return f"{d.day} {d:%b %Y}"
