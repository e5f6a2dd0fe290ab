"""The main journeys walked in Chromium by a social worker who signs in and fills in the real
forms, each step reached from the child page the way a worker finds it. At the end the record
holds what was typed, and the child page's chronology shows it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from opencsc.access.models import Allocation
from opencsc.care.models import CareLeaverContact, ClaReview, Episode, MissingEpisode
from opencsc.core.workingdays import add_months
from opencsc.journey.models import (
    Assessment,
    CinPlan,
    Conference,
    Contact,
    CpPlan,
    Referral,
    S47Enquiry,
    StrategyDiscussion,
)
from tests.factories import AllocationFactory
from tests.web.browser import (
    block_autosave,
    choose,
    chronology,
    date_shown,
    day,
    fill_date,
    record,
    save,
    select,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = date(2025, 6, 2)  # a Monday: conferences are held on working days


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    block_autosave(page)  # tested on its own in test_drafts_and_timeout
    yield page
    context.close()


def _open_child(page: Page, base: str, case: Allocation) -> None:
    """Sign in and go from My work to the child."""
    sign_in(page, base, case.worker.username)
    assert page.url == f"{base}/"
    name = f"{case.person.given_name} {case.person.family_name}"
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == name


def test_from_contact_to_step_down(live_server: LiveServer, page: Page) -> None:
    """contact → referral → decision → assessment → strategy discussion → section 47 → outcome →
    initial conference with a plan → review → review that steps down to a child in need plan."""
    case = AllocationFactory(
        worker__username="kim", person__given_name="Ada", person__family_name="Quill"
    )
    _open_child(page, live_server.url, case)

    record(page, "Overview", "Record a contact")
    fill_date(page, "Date of contact", D)
    select(page, "Who made contact", "2A")
    choose(page, "Decision", "referral")
    page.get_by_label("What was said").fill("Teacher saw bruising on Ada's arm")
    save(page, "Record a contact")

    record(page, "Overview", "Record a referral")
    # The date and source are the contact's: nothing to type.
    assert date_shown(page, "Date of referral") == D
    assert page.get_by_label("Source of referral").input_value() == "2A"
    save(page, "Record a referral")

    record(page, "Overview", "Record the referral decision")
    fill_date(page, "Date of decision", D)
    choose(page, "Decision", "Assess the child's needs")
    save(page, "Record the referral decision")

    record(page, "Family Help", "Start an assessment")
    assert date_shown(page, "Date the assessment started") == D  # the day it was accepted
    save(page, "Start an assessment")

    record(page, "Child protection", "Record a strategy discussion")
    fill_date(page, "Date of the strategy discussion", D + timedelta(days=2))
    page.get_by_label("Agencies taking part").fill("Police, school")
    choose(page, "Was a section 47 enquiry decided?", "Yes")
    save(page, "Record a strategy discussion")

    record(page, "Child protection", "Start a section 47 enquiry")
    assert date_shown(page, "Date the section 47 enquiry started") == D + timedelta(days=2)
    save(page, "Start a section 47 enquiry")

    record(page, "Family Help", "Authorise the assessment")
    fill_date(page, "Date the assessment was authorised", D + timedelta(days=9))
    choose(page, "Factors identified at assessment", "3B", "4B")
    select(page, "The child's primary need", "N1")
    save(page, "Authorise the assessment")

    record(page, "Child protection", "Record the section 47 outcome")
    fill_date(page, "Date the enquiry was completed", D + timedelta(days=9))
    choose(page, "Outcome", "Initial child protection conference")
    save(page, "Record the section 47 outcome")

    record(page, "Child protection", "Record the initial child protection conference")
    icpc = D + timedelta(days=16)
    fill_date(page, "Date of the conference", icpc)
    choose(page, "Did the conference decide on a child protection plan?", "Yes")
    select(page, "Category of abuse (if there is a plan)", "NEG")
    save(page, "Record the initial child protection conference")

    first_review = date(2025, 9, 10)
    record(page, "Child protection", "Record a review conference")
    assert page.get_by_label("Category of abuse").input_value() == "NEG"  # the plan's
    fill_date(page, "Date of the review conference", first_review)
    choose(page, "Decision", "Continue the plan")
    select(page, "Category of abuse", "EMO")
    save(page, "Record a review conference")

    step_down = date(2026, 3, 11)
    record(page, "Child protection", "Record a review conference")
    assert page.get_by_label("Category of abuse").input_value() == "EMO"
    fill_date(page, "Date of the review conference", step_down)
    choose(page, "Decision", "End the plan and step down to a child in need plan")
    save(page, "Record a review conference")

    person = case.person
    contact = Contact.objects.get(person=person)
    assert (contact.contact_date, contact.source, contact.outcome) == (D, "2A", "referral")
    assert contact.notes == "Teacher saw bruising on Ada's arm"
    referral = Referral.objects.get(person=person)
    assert (referral.contact, referral.referral_date, referral.source) == (contact, D, "2A")
    assert (referral.decision_date, referral.nfa, referral.primary_need) == (D, False, "N1")
    assert referral.closure_date is None
    assessment = Assessment.objects.get(referral=referral)
    assert (assessment.start_date, assessment.authorised_date) == (D, D + timedelta(days=9))
    assert set(assessment.factors.values_list("code", flat=True)) == {"3B", "4B"}
    strategy = StrategyDiscussion.objects.get(referral=referral)
    assert (strategy.discussion_date, strategy.agencies, strategy.s47_decided) == (
        D + timedelta(days=2),
        "Police, school",
        True,
    )
    enquiry = S47Enquiry.objects.get(strategy_discussion=strategy)
    assert (enquiry.start_date, enquiry.end_date, enquiry.outcome) == (
        D + timedelta(days=2),
        D + timedelta(days=9),
        "icpc",
    )
    plan = CpPlan.objects.get(person=person)
    assert (plan.start_date, plan.end_date) == (icpc, step_down)
    assert (plan.initial_category, plan.latest_category) == ("NEG", "EMO")
    conferences = Conference.objects.filter(person=person).order_by("conference_date")
    assert [(c.kind, c.conference_date, c.outcome) for c in conferences] == [
        ("initial", icpc, "plan"),
        ("review", first_review, "continue"),
        ("review", step_down, "end"),
    ]
    cin = CinPlan.objects.get(person=person)
    assert (cin.start_date, cin.end_date, cin.referral) == (step_down, None, referral)

    page.get_by_role("tab", name="Overview", exact=True).click()
    events = chronology(page)
    for expected in [
        (day(D), "Contact", "Schools"),
        (day(D), "Referral", "Abuse or neglect"),
        (day(D), "Assessment started", ""),
        (day(D + timedelta(days=2)), "Strategy discussion", ""),
        (
            day(D + timedelta(days=2)),
            "Section 47 enquiry started",
            "Initial child protection conference",
        ),
        (day(D + timedelta(days=9)), "Assessment authorised", ""),
        (day(icpc), "Initial child protection conference", "plan"),
        (day(icpc), "Child protection plan started", "Neglect"),
        (day(first_review), "Review child protection conference", "continue"),
        (day(step_down), "Review child protection conference", "end"),
        (day(step_down), "Child protection plan ended", ""),
        (day(step_down), "Child in need plan started", ""),
    ]:
        assert expected in events, (expected, events)
    header = page.locator("dl").filter(has_text="Plan").inner_text()
    assert f"Child in need plan since {day(step_down)}" in header


def test_from_starting_care_to_a_care_leaver_contact(live_server: LiveServer, page: Page) -> None:
    """start care → placement move → looked-after review → missing and back → care ends →
    contact with the care leaver."""
    today = timezone.localdate()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    case = AllocationFactory(
        worker__username="kim",
        person__given_name="Sam",
        person__family_name="Reed",
        person__date_of_birth=add_months(today, -(17 * 12 + 6)),  # 17 and a half
    )
    _open_child(page, live_server.url, case)

    record(page, "Care", "Start care")
    fill_date(page, "Date the child started to be looked after", ago(150))
    select(page, "Legal status", "V2")
    choose(page, "Category of need", "N4")
    select(page, "Placement type", "U6")
    select(page, "Placement provider", "PR1")
    page.get_by_label("Placement postcode", exact=True).fill("ab1 2cd")
    page.get_by_label("Postcode of the child's home").fill("EF3 4GH")
    save(page, "Start care")

    record(page, "Care", "Record a placement move")
    # The current placement's legal status and provider are filled in.
    assert page.get_by_label("Legal status", exact=True).input_value() == "V2"
    assert page.get_by_label("New placement type").input_value() == "U6"
    fill_date(page, "Date of the move", ago(120))
    select(page, "New placement type", "K2")
    select(page, "Placement provider", "PR4")
    page.get_by_label("New placement postcode").fill("CD1 2EF")
    choose(page, "Is the child staying with the same carer?", "No")
    select(page, "Reason for the move", "CREQB")
    save(page, "Record a placement move")

    record(page, "Care", "Record a looked-after review")
    fill_date(page, "Date of the review", ago(100))
    choose(page, "How the child took part", "PN1")
    save(page, "Record a looked-after review")

    record(page, "Care", "Record that the child is missing")
    choose(page, "Missing or away from placement", "M")
    fill_date(page, "Date the child went missing or away", ago(60))
    save(page, "Record that the child is missing")
    assert page.get_by_text("Currently missing from placement.").is_visible()

    record(page, "Care", "Record the child's return")
    fill_date(page, "Date the child came back", ago(58))
    choose(page, "Was a return home interview offered?", "Yes")
    choose(page, "Did the child accept it?", "Yes")
    save(page, "Record the child's return")

    record(page, "Care", "Record that care ended")
    fill_date(page, "Date the child stopped being looked after", ago(30))
    select(page, "Why care ended", "E5")
    save(page, "Record that care ended")

    record(page, "Leaving care", "Record a care leaver contact")
    fill_date(page, "Date of the contact", ago(2))
    choose(page, "Are you in touch with the young person?", "YES")
    select(page, "Main activity", "F2")
    select(page, "Accommodation", "D1")
    save(page, "Record a care leaver contact")

    person = case.person
    episodes = list(Episode.objects.filter(person=person).order_by("start_date"))
    assert [
        (
            e.start_date,
            e.end_date,
            e.reason_new_episode,
            e.legal_status,
            e.category_of_need,
            e.placement_type,
            e.placement_provider,
            e.placement_postcode,
            e.reason_ceased,
            e.reason_place_change,
        )
        for e in episodes
    ] == [
        (ago(150), ago(120), "S", "V2", "N4", "U6", "PR1", "AB1 2CD", "X1", "CREQB"),
        (ago(120), ago(30), "P", "V2", "N4", "K2", "PR4", "CD1 2EF", "E5", ""),
    ]
    assert episodes[0].home_postcode == "EF3 4GH"
    assert episodes[0].period.end_date == ago(30)
    review = ClaReview.objects.get(person=person)
    assert (review.review_date, review.participation) == (ago(100), "PN1")
    missing = MissingEpisode.objects.get(person=person)
    assert (missing.kind, missing.start_date, missing.end_date) == ("M", ago(60), ago(58))
    assert (missing.return_interview_offered, missing.return_interview_accepted) == (True, True)
    contact = CareLeaverContact.objects.get(person=person)
    assert (contact.contact_date, contact.in_touch, contact.activity, contact.accommodation) == (
        ago(2),
        "YES",
        "F2",
        "D1",
    )
    assert not contact.staying_put

    page.get_by_role("tab", name="Overview", exact=True).click()
    events = chronology(page)
    for expected in [
        (day(ago(150)), "Started to be looked after"),
        (day(ago(120)), "Placement and carer changed"),
        (day(ago(100)), "Looked-after review"),
        (day(ago(60)), "Missing"),
        (day(ago(30)), "Ceased to be looked after"),
        (day(ago(2)), "Care leaver contact"),
    ]:
        assert expected in [e[:2] for e in events], (expected, events)
    assert page.get_by_text("Not looked after").is_visible()
