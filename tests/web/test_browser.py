"""Every page type in a real browser (Debian's Chromium, driven by Playwright), checked with
axe-core for WCAG 2.2 AA, with data in it: sign-in, My work, the child record's every tab, search,
the team pages, a draft saved and restored, the refusal of a stale save, 404 and 403; and on
each, that hints and error messages are tied to their fields (which axe does not check). Every
recording step's form is checked in tests/web/browser/test_steps.py; the session-timeout warning
in tests/web/browser/test_drafts_and_timeout.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from opencsc.access.models import Role
from opencsc.care import services as care
from opencsc.journey import services as journey
from opencsc.journey.models import Referral
from opencsc.people import services as people
from opencsc.people.models import Document
from opencsc.web.steps import TABS
from tests.factories import AllocationFactory, TeamFactory, UserFactory
from tests.web.browser import (
    axe_violations,
    block_autosave,
    choose,
    fill_date,
    record,
    save,
    select,
    sign_in,
    untied,
    with_axe,
)
from tests.web.browser.states import (
    D,
    adoption_decided,
    ago,
    care_leaver,
    fgdm_offered,
    network_plan,
    on_cp_plan,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = with_axe(browser.new_context())
    page = context.new_page()
    block_autosave(page)  # the autosave is tested in test_drafts_and_timeout
    yield page
    context.close()


def _team() -> dict[str, Any]:
    """Kim, a social worker, and Maya, her manager; Kim has a child on a plan who is also looked
    after, a care leaver, and a child she used to work with who now has no worker."""
    team = TeamFactory()
    maya = UserFactory(username="maya", first_name="Maya", last_name="Ode", role=Role.TEAM_MANAGER)
    maya.team = team
    maya.save()
    team.manager = maya
    team.save()
    ada = AllocationFactory(
        worker__username="kim",
        worker__first_name="Kim",
        worker__last_name="Tran",
        worker__team=team,
        person__given_name="Ada",
        person__family_name="Quill",
    )
    kim = ada.worker
    on_cp_plan(ada)
    network_plan(ada)
    fgdm_offered(ada)
    adoption_decided(ada)  # looked after too: every tab has something in it
    person = ada.person
    care.missing_episode_record(
        actor=kim, person=person, kind="A", start_date=ago(20), end_date=ago(19)
    )
    journey.visit_record(
        actor=kim,
        person=person,
        kind="cp",
        visit_date=ago(10),
        seen=True,
        seen_alone=True,
        note="Ada showed me her room",
    )
    people.case_note_create(actor=kim, person=person, noted_on=ago(9), note="Called school")
    people.voice_of_child_record(
        actor=kim,
        person=person,
        recorded_on=ago(10),
        context="visit",
        in_childs_words="I like my foster carer's dog",
    )
    Document.objects.create(
        person=person,
        title="Child protection plan",
        kind="plan",
        file="documents/2026/01/plan.pdf",  # only its name is shown: no file is written
        uploaded_by=kim,
    )
    sam = AllocationFactory(
        worker=kim, person__given_name="Sam", person__family_name="Reed", person__la_child_id="S1"
    )
    care_leaver(sam)
    ola = AllocationFactory(
        worker=kim,
        person__given_name="Ola",
        person__family_name="Quist",
        start_date=ago(90),
        end_date=ago(3),
    )
    Referral.objects.create(person=ola.person, referral_date=ago(60), source="6")
    return {"kim": kim, "maya": maya, "ada": person, "sam": sam.person}


def _check(pages: dict[str, list[Any]], name: str, page: Page, *, tied: bool = True) -> None:
    pages[name] = [*axe_violations(page), *(untied(page) if tied else [])]


def _no_violations(pages: dict[str, list[Any]]) -> None:
    bad = {name: v for name, v in pages.items() if v}
    assert bad == {}, json.dumps(bad, indent=1)


def test_a_workers_pages_have_no_wcag_violations(page: Page, live_server: LiveServer) -> None:
    people_ = _team()
    ada, sam = people_["ada"], people_["sam"]
    base = live_server.url
    pages: dict[str, list[Any]] = {}

    page.goto(f"{base}/sign-in/")
    _check(pages, "sign in", page)
    sign_in(page, base, "kim", "wrong")
    assert page.locator(".govuk-error-summary").is_visible()
    _check(pages, "sign in with an error", page, tied=False)  # see the test below

    sign_in(page, base, "kim")
    assert page.url == f"{base}/"
    assert page.get_by_role("link", name="Sam Reed", exact=True).first.is_visible()
    _check(pages, "my work", page)

    page.get_by_role("link", name="Ada Quill", exact=True).first.click()
    page.wait_for_url(f"{base}/children/{ada.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ada Quill"
    for tab_id, title in TABS:
        page.get_by_role("tab", name=title, exact=True).click()
        panel = page.locator(f"#{tab_id}")
        assert panel.is_visible() and panel.locator("table, dl, ul").count() > 0, title
        _check(pages, f"child record: {title}", page)
    page.goto(f"{base}/children/{sam.pk}/#leaving_care")
    panel = page.locator("#leaving_care")
    assert panel.get_by_text("Full-time education other than higher").is_visible()
    _check(pages, "child record: Leaving care, a care leaver", page)

    # The chronology filter, wrongly filled in: the GOV.UK error summary on the child page.
    page.goto(f"{base}/children/{ada.pk}/")
    fill_date(page, "From", D + timedelta(days=30))
    fill_date(page, "To", D)
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    assert page.locator(".govuk-error-summary").is_visible()
    _check(pages, "child record: chronology filter with an error", page)

    page.goto(f"{base}/search/?q=qu")
    assert page.get_by_role("link", name="Ada Quill").is_visible()
    _check(pages, "search with results", page)
    page.goto(f"{base}/search/?q=nobody")
    _check(pages, "search without results", page)

    # A draft saved with the button (as without JavaScript), then restored on coming back.
    page.goto(f"{base}/children/{ada.pk}/")
    record(page, "Documents and notes", "Add a case note")
    page.get_by_label("Note", exact=True).fill("Mother phoned about contact")
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_text("Your draft is saved").wait_for()
    _check(pages, "draft saved", page)
    page.goto(f"{base}/children/{ada.pk}/")
    record(page, "Documents and notes", "Add a case note")
    assert page.get_by_text("We restored the draft you saved").is_visible()
    assert page.get_by_label("Note", exact=True).input_value() == "Mother phoned about contact"
    _check(pages, "draft restored", page)

    # Someone else changes the placement while Kim records a move: hers is refused, not lost.
    page.goto(f"{base}/children/{ada.pk}/")
    record(page, "Care", "Record a placement move")
    fill_date(page, "Date of the move", ago(5))
    select(page, "New placement type", "U4")
    page.get_by_label("New placement postcode").fill("GH1 2JK")
    choose(page, "Is the child staying with the same carer?", "No")
    select(page, "Reason for the move", "CARPL")
    episode = care.current_episode(ada)
    assert episode is not None
    care.legal_status_change(
        actor=people_["maya"],
        person=ada,
        expected_version=episode.version,
        on=ago(6),
        legal_status="C1",
    )
    page.get_by_role("button", name="Save", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "changed by someone else" in summary.inner_text()
    assert page.get_by_label("New placement postcode").input_value() == "GH1 2JK"
    _check(pages, "a stale save refused", page)
    # Saving again is deliberate, over the version now shown.
    select(page, "Legal status", "C1")
    save(page, "Record a placement move")

    page.goto(f"{base}/children/999999/")
    assert page.get_by_role("heading", level=1).is_visible()
    _check(pages, "not found (404)", page)
    page.goto(f"{base}/team/")
    _check(pages, "forbidden (403)", page)
    _no_violations(pages)


def test_a_managers_pages_have_no_wcag_violations(page: Page, live_server: LiveServer) -> None:
    _team()
    base = live_server.url
    pages: dict[str, list[Any]] = {}
    sign_in(page, base, "maya")
    page.goto(f"{base}/team/")
    assert page.get_by_role("link", name="Kim Tran").is_visible()
    _check(pages, "team", page)
    page.get_by_role("link", name="Kim Tran").click()
    page.wait_for_url("**/team/members/**")
    _check(pages, "team member", page)
    page.goto(f"{base}/team/")
    page.get_by_role("link", name="Allocate Ola Quist").click()
    page.wait_for_url("**/team/allocate/**")
    _check(pages, "allocate", page)
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    _check(pages, "allocate with errors", page)
    choose(page, "Who will work with the child?", "Kim Tran")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check the allocation").wait_for()
    _check(pages, "check the allocation", page)
    page.get_by_role("button", name="Confirm allocation").click()
    page.wait_for_url(f"{base}/team/")
    assert page.get_by_text("Ola Quist is now allocated to Kim Tran").is_visible()
    _check(pages, "team, after allocating", page)
    _no_violations(pages)


def test_the_sign_in_error_is_read_with_the_field(page: Page, live_server: LiveServer) -> None:
    UserFactory(username="kim")
    sign_in(page, live_server.url, "kim", "wrong")
    assert page.locator(".govuk-error-summary").is_visible()
    assert untied(page) == []


def test_pages_work_without_javascript(browser: Browser, live_server: LiveServer) -> None:
    AllocationFactory(worker__username="kim", person__given_name="Ada", person__family_name="Quill")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "kim")
    page.get_by_role("link", name="Ada Quill", exact=True).first.click()
    assert page.locator("h1").inner_text() == "Ada Quill"
    page.select_option("#kind", "visit")
    page.get_by_role("button", name="Filter").click()
    assert "kind=visit" in page.url
    # Without the tabs' script every panel shows, and a step is recorded all the same.
    page.locator("#overview").get_by_role("link", name="Record a visit", exact=True).click()
    choose(page, "Was the child seen?", "Yes")
    choose(page, "Was the child seen alone?", "No")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_text("Record a visit: saved").is_visible()
    context.close()


def test_the_accessibility_check_catches_a_violation(browser: Browser) -> None:
    page = browser.new_page()
    page.set_content('<html lang="en"><title>x</title><main><img src="x.png"><input></main></html>')
    ids = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= ids
    page.close()
