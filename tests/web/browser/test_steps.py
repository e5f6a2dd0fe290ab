"""Every recording step's form in Chromium, checked with axe-core for WCAG 2.2 AA (and for the
hints, error messages and error summary links axe does not check): as it opens, prefilled for a
child in a state where the step applies, and after saving it with every answer removed, so that
each field is checked in its error state under the GOV.UK error summary."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from opencsc.access.models import Allocation
from opencsc.people.models import Person
from opencsc.web.steps import STEPS, Step
from tests.factories import AllocationFactory
from tests.web.browser import axe_violations, signed_in, untied, with_axe
from tests.web.browser.states import FOR_STEP, STATES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Empties every answer without firing input events (so the draft autosave stays quiet); the
# hidden version and CSRF token stay.
CLEAR = """() => {
  for (const el of document.querySelector("form[data-opencsc-draft]").elements) {
    if (el.type === "radio" || el.type === "checkbox") el.checked = false;
    else if (el.tagName === "SELECT") el.selectedIndex = 0;
    else if (el.type === "text" || el.tagName === "TEXTAREA") el.value = "";
  }
}"""


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    context = with_axe(browser.new_context())
    yield context.new_page()
    context.close()


def _child_for(step: Step) -> Allocation:
    """A worker's child whose record is in a state where `step` applies."""
    case = AllocationFactory(person__given_name="Ada", person__family_name="Quill")
    states = [FOR_STEP[step.slug]] if step.slug in FOR_STEP else STATES
    for state in states:
        state(case)
        if step.applies(Person.objects.get(pk=case.person_id)):
            return case
        case = AllocationFactory(worker=case.worker)
    pytest.fail(f"No state in tests/web/browser/states.py where {step.slug} applies: add one")


def test_every_step_has_a_state_to_be_checked_in() -> None:
    """A step added without a state here is still checked, in the first state it applies in;
    naming its state keeps the walk quick."""
    assert set(FOR_STEP) == set(STEPS), set(STEPS) ^ set(FOR_STEP)


@pytest.mark.parametrize("slug", sorted(STEPS))
def test_every_step_form_has_no_wcag_violations(
    page: Page, live_server: LiveServer, slug: str
) -> None:
    step = STEPS[slug]
    case = _child_for(step)
    signed_in(page.context, live_server.url, case.worker)
    page.goto(live_server.url + reverse("web:record-step", args=[case.person_id, slug]))
    assert page.get_by_role("heading", level=1).inner_text() == step.title
    found = {"as opened": axe_violations(page) + untied(page)}
    page.evaluate(CLEAR)
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 1, f"{slug} saved with every answer removed"
    assert summary.get_by_role("link").count() > 0
    found["with errors"] = axe_violations(page) + untied(page)
    bad = {when: v for when, v in found.items() if v}
    assert bad == {}, json.dumps(bad, indent=1)
