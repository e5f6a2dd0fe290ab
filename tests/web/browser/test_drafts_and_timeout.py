"""With JavaScript on: the draft autosave keeps what the worker typed across signing out and in,
and the session-timeout warning appears before the session ends, lets the worker stay signed
in, and otherwise sends them to sign in again."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import APIResponse, Browser, Page, Route
from pytest_django.live_server_helper import LiveServer

from opencsc.people.models import CaseNote
from opencsc.web.models import Draft
from tests.factories import AllocationFactory
from tests.web.browser import PASSWORD, axe_violations, choose, group, sign_in, with_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = with_axe(browser.new_context())
    yield context.new_page()
    context.close()


def test_typed_entries_are_kept_as_a_draft_across_signing_out(
    page: Page, live_server: LiveServer
) -> None:
    case = AllocationFactory(worker__username="kim")
    base = live_server.url
    url = base + reverse("web:record-step", args=[case.person_id, "visit"])
    sign_in(page, base, "kim")
    page.goto(url)
    page.get_by_label("What you saw and heard").fill("Ada was quiet and would not talk")
    choose(page, "Was the child seen?", "Yes")
    page.get_by_text("Draft saved at").wait_for(timeout=15_000)
    assert Draft.objects.filter(person=case.person, step="visit").exists()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/sign-in/")
    sign_in(page, base, "kim")
    page.goto(url)
    assert page.get_by_text("We restored the draft you saved").is_visible()
    assert (
        page.get_by_label("What you saw and heard").input_value()
        == "Ada was quiet and would not talk"
    )
    assert group(page, "Was the child seen?").get_by_label("Yes").is_checked()


def test_saving_a_step_leaves_no_draft_behind(page: Page, live_server: LiveServer) -> None:
    """The save's response is held back a second, as on a slow day; the autosave that the
    'change' of the last field started must not save the entries again once they are saved."""
    case = AllocationFactory(worker__username="kim")
    base = live_server.url
    held: list[tuple[Route, APIResponse]] = []

    def hold_the_save(route: Route) -> None:
        if route.request.method == "POST" and not route.request.headers.get("x-opencsc-autosave"):
            held.append((route, route.fetch(max_redirects=0)))  # saved on the server
        else:
            route.continue_()

    sign_in(page, base, "kim")
    page.route("**/record/**", hold_the_save)
    page.goto(base + reverse("web:record-step", args=[case.person_id, "case-note"]))
    page.get_by_label("Note", exact=True).fill("Called the school nurse")
    page.get_by_role("button", name="Save", exact=True).click(no_wait_after=True)
    page.wait_for_timeout(1500)  # the response is still on its way
    assert CaseNote.objects.filter(person=case.person).count() == 1
    route, response = held[0]
    with page.expect_navigation():
        route.fulfill(response=response)
    assert page.get_by_text("Add a case note: saved").is_visible()
    assert not Draft.objects.filter(person=case.person).exists()


def test_the_session_timeout_warning(page: Page, live_server: LiveServer) -> None:
    case = AllocationFactory(worker__username="kim")
    base = live_server.url
    child = f"/children/{case.person_id}/"
    page.clock.install()  # the page's clock, moved on below instead of waiting half an hour
    sign_in(page, base, "kim")
    page.goto(base + child)
    warning = page.get_by_role("alertdialog", name="You're about to be signed out")
    assert not warning.is_visible()

    # Two minutes before the session ends, the warning opens, focused, with the time left.
    page.clock.fast_forward((settings.SESSION_COOKIE_AGE - 119) * 1000)
    warning.wait_for()
    assert warning.evaluate("el => el === document.activeElement")
    assert "2 minutes" in warning.inner_text()
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)

    # Staying signed in closes it and starts the session's time again.
    warning.get_by_role("button", name="Stay signed in").click()
    warning.wait_for(state="hidden")
    page.clock.fast_forward((settings.SESSION_COOKIE_AGE - 125) * 1000)
    page.clock.run_for(2000)
    assert not warning.is_visible()

    # Left unanswered until the session has ended, the page goes to sign in, and back after.
    page.clock.fast_forward(10_000)
    warning.wait_for()
    Session.objects.all().delete()  # the server's session ends at the same time
    with page.expect_navigation():
        page.clock.fast_forward(130_000)
    assert page.url == f"{base}/sign-in/?next={quote(child, safe='')}"
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.url == base + child
