"""The journey steps in the browser: each pre-fills what is known, saves through its service, and
shows the GOV.UK error summary and saves nothing when the entries are wrong."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.access.models import Allocation
from opencsc.core.workingdays import add_months, add_working_days
from opencsc.journey import services as s
from opencsc.journey.models import (
    Assessment,
    CinPlan,
    Conference,
    Contact,
    CpPlan,
    FamilyGroupDecisionMeeting,
    FamilyNetworkPlan,
    Referral,
    S47Enquiry,
    StrategyDiscussion,
    Visit,
)
from opencsc.people.models import Relationship
from opencsc.web.steps import STEPS
from tests.factories import AllocationFactory, PersonFactory

pytestmark = pytest.mark.django_db
D = date(2025, 6, 2)  # a Monday
TODAY = timezone.localdate


def _dates(prefix: str, d: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(d.day),
        f"{prefix}_month": str(d.month),
        f"{prefix}_year": str(d.year),
    }


def _shows_date(html: str, name: str, d: date) -> bool:
    return all(
        f'name="{name}_{part}" type="text" inputmode="numeric" value="{value}"' in html
        for part, value in (("day", d.day), ("month", d.month), ("year", d.year))
    )


def _url(case: Allocation, slug: str) -> str:
    return reverse("web:record-step", args=[case.person_id, slug])


def _open(client: Client, case: Allocation, slug: str) -> str:
    page = client.get(_url(case, slug))
    assert page.status_code == 200, slug
    return page.content.decode()


def _submit(client: Client, case: Allocation, slug: str, data: dict[str, Any]) -> Any:
    """Open the step as a browser would, then save it with the version the page carried."""
    html = _open(client, case, slug)
    version = re.search(r'name="version" value="(\d+)"', html)
    extra = {"version": version.group(1)} if version else {}
    return client.post(_url(case, slug), {"action": "save"} | extra | data)


def _saved(response: Any) -> None:
    assert response.status_code == 302, _problems(response)


def _refused(response: Any, message: str) -> None:
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html
    assert message in html, _problems(response)


def _problems(response: Any) -> str:
    return " | ".join(
        re.findall(r"govuk-error-message.*?</span>([^<]*)", response.content.decode())
    )


@pytest.fixture
def case() -> Allocation:
    return AllocationFactory()


@pytest.fixture
def worker(client: Client, case: Allocation) -> Client:
    client.force_login(case.worker)
    return client


# Building the record up to a step, through the services a worker's earlier saves went through.


def _referral(case: Allocation, *, decided: bool = True) -> Referral:
    ref = s.referral_create(actor=case.worker, person=case.person, referral_date=D, source="6")
    if decided:
        ref = s.referral_decide(
            actor=case.worker, referral=ref, expected_version=1, decision_date=D, nfa=False
        )
    return ref


def _strategy(case: Allocation, decided: bool = True) -> StrategyDiscussion:
    return s.strategy_discussion_record(
        actor=case.worker,
        referral=_referral(case),
        discussion_date=D + timedelta(days=1),
        s47_decided=decided,
    )


def _enquiry(case: Allocation, outcome: str = "") -> S47Enquiry:
    sd = _strategy(case)
    enq = s.s47_start(actor=case.worker, strategy=sd, start_date=sd.discussion_date)
    if outcome:
        enq = s.s47_complete(
            actor=case.worker,
            enquiry=enq,
            expected_version=1,
            end_date=D + timedelta(days=8),
            outcome=outcome,
        )
    return enq


def _cp_plan(case: Allocation) -> CpPlan:
    icpc = s.initial_conference_record(
        actor=case.worker,
        enquiry=_enquiry(case, "icpc"),
        conference_date=D + timedelta(days=14),
        plan=True,
        category="NEG",
    )
    return CpPlan.objects.get(pk=icpc.cp_plan_id)


# --- Contact and referral ----------------------------------------------------------------------


def test_contact(worker: Client, case: Allocation) -> None:
    assert _shows_date(_open(worker, case, "contact"), "contact_date", TODAY())
    data = {"source": "2A", "outcome": "referral", "notes": "Teacher worried"}
    _refused(
        _submit(worker, case, "contact", data | _dates("contact_date", TODAY() + timedelta(1))),
        "The date must be today or in the past",
    )
    assert not Contact.objects.exists()
    _saved(_submit(worker, case, "contact", data | _dates("contact_date", D)))
    contact = Contact.objects.get(person=case.person)
    assert (contact.contact_date, contact.source, contact.outcome) == (D, "2A", "referral")


def test_referral_is_prefilled_from_the_contact(worker: Client, case: Allocation) -> None:
    contact = s.contact_record(
        actor=case.worker, person=case.person, contact_date=D, source="3E", outcome="referral"
    )
    html = _open(worker, case, "referral")
    assert _shows_date(html, "referral_date", D) and 'value="3E" selected' in html
    _refused(
        _submit(worker, case, "referral", {"source": ""} | _dates("referral_date", D)),
        "This field is required",
    )
    _refused(
        _submit(
            worker, case, "referral", {"source": "3E"} | _dates("referral_date", date(2010, 1, 1))
        ),
        "before the child",
    )
    assert not Referral.objects.exists()
    _saved(_submit(worker, case, "referral", {"source": "3E"} | _dates("referral_date", D)))
    ref = Referral.objects.get(person=case.person)
    assert (ref.referral_date, ref.source, ref.contact) == (D, "3E", contact)
    # one open referral at a time: the step is no longer offered
    assert worker.get(_url(case, "referral")).status_code == 404


def test_referral_without_a_contact_starts_today(worker: Client, case: Allocation) -> None:
    assert _shows_date(_open(worker, case, "referral"), "referral_date", TODAY())


def test_referral_decision(worker: Client, case: Allocation) -> None:
    ref = _referral(case, decided=False)
    html = _open(worker, case, "referral-decision")
    assert _shows_date(html, "decision_date", TODAY()) and 'name="version" value="1"' in html
    _refused(
        _submit(
            worker,
            case,
            "referral-decision",
            {"nfa": "no"} | _dates("decision_date", D - timedelta(1)),
        ),
        "The decision cannot be before the referral",
    )
    ref.refresh_from_db()
    assert ref.decision_date is None
    _saved(_submit(worker, case, "referral-decision", {"nfa": "no"} | _dates("decision_date", D)))
    ref.refresh_from_db()
    assert (ref.decision_date, ref.nfa, ref.version) == (D, False, 2)


# --- Assessment --------------------------------------------------------------------------------


def test_assessment_start_needs_a_decision_to_assess(worker: Client, case: Allocation) -> None:
    ref = _referral(case, decided=False)
    assert worker.get(_url(case, "assessment-start")).status_code == 404
    s.referral_decide(
        actor=case.worker, referral=ref, expected_version=1, decision_date=D, nfa=False
    )
    # prefilled with the day the referral was accepted
    assert _shows_date(_open(worker, case, "assessment-start"), "start_date", D)
    _refused(
        _submit(worker, case, "assessment-start", _dates("start_date", D - timedelta(1))),
        "The assessment cannot start before the referral",
    )
    assert not Assessment.objects.exists()
    _saved(_submit(worker, case, "assessment-start", _dates("start_date", D)))
    assert Assessment.objects.get(person=case.person).start_date == D
    # one open assessment at a time
    assert worker.get(_url(case, "assessment-start")).status_code == 404


def test_assessment_authorise_with_factors(worker: Client, case: Allocation) -> None:
    a = s.assessment_start(actor=case.worker, referral=_referral(case), start_date=D)
    html = _open(worker, case, "assessment-authorise")
    assert _shows_date(html, "authorised_date", TODAY())
    assert 'type="checkbox" value="3B"' in html and 'type="checkbox" value="21"' in html
    assert 'name="version" value="1"' in html
    when = _dates("authorised_date", D + timedelta(days=30))
    _refused(
        _submit(
            worker,
            case,
            "assessment-authorise",
            when | {"factors": ["21", "3B"], "primary_need": "N1"},
        ),
        "cannot be chosen with other factors",
    )
    _refused(
        _submit(
            worker,
            case,
            "assessment-authorise",
            _dates("authorised_date", D - timedelta(1)) | {"factors": ["3B"], "primary_need": "N1"},
        ),
        "The assessment cannot be authorised before it started",
    )
    _refused(
        _submit(worker, case, "assessment-authorise", when | {"primary_need": "N1"}),
        "Choose the factors identified, or 21 if none were",
    )
    a.refresh_from_db()
    assert a.authorised_date is None and not a.factors.exists()
    _saved(
        _submit(
            worker,
            case,
            "assessment-authorise",
            when | {"factors": ["3B", "4B"], "primary_need": "N1"},
        )
    )
    a.refresh_from_db()
    assert a.authorised_date == D + timedelta(days=30)
    assert sorted(a.factors.values_list("code", flat=True)) == ["3B", "4B"]
    assert a.referral.primary_need == "N1"


def test_a_reassessment_starts_from_the_last_factors(worker: Client, case: Allocation) -> None:
    ref = _referral(case)
    first = s.assessment_start(actor=case.worker, referral=ref, start_date=D)
    s.assessment_authorise(
        actor=case.worker,
        assessment=first,
        expected_version=1,
        authorised_date=D,
        factors=["4B"],
        primary_need="N3",
    )
    s.assessment_start(actor=case.worker, referral=ref, start_date=D + timedelta(days=60))
    html = _open(worker, case, "assessment-authorise")
    assert 'value="4B" checked' in html and 'value="N3" selected' in html


# --- Family Help / child in need plan ----------------------------------------------------------


def test_cin_plan_start_and_end(worker: Client, case: Allocation) -> None:
    _referral(case)
    assert _shows_date(_open(worker, case, "cin-plan-start"), "start_date", TODAY())
    _refused(
        _submit(worker, case, "cin-plan-start", _dates("start_date", D - timedelta(1))),
        "The plan cannot start before the referral",
    )
    assert not CinPlan.objects.exists()
    _saved(_submit(worker, case, "cin-plan-start", _dates("start_date", D)))
    plan = CinPlan.objects.get(person=case.person)
    assert (plan.start_date, plan.end_date) == (D, None)
    assert worker.get(_url(case, "cin-plan-start")).status_code == 404

    assert _shows_date(_open(worker, case, "cin-plan-end"), "end_date", TODAY())
    _refused(
        _submit(worker, case, "cin-plan-end", _dates("end_date", D - timedelta(1))),
        "The plan cannot end before it started",
    )
    plan.refresh_from_db()
    assert plan.end_date is None
    _saved(_submit(worker, case, "cin-plan-end", _dates("end_date", D + timedelta(days=90))))
    plan.refresh_from_db()
    assert plan.end_date == D + timedelta(days=90)


def test_cin_plan_review(worker: Client, case: Allocation) -> None:
    plan = s.cin_plan_start(actor=case.worker, referral=_referral(case), start_date=D)
    html = _open(worker, case, "cin-plan-review")
    assert _shows_date(html, "review_date", TODAY())
    assert _shows_date(html, "next_review_date", add_months(TODAY(), 3))
    assert 'value="yes" checked' in html
    _refused(
        _submit(
            worker,
            case,
            "cin-plan-review",
            {"plan_continues": "yes"} | _dates("review_date", D + timedelta(days=90)),
        ),
        "Enter the date of the next review",
    )
    assert not plan.reviews.exists()
    data = {"plan_continues": "yes", "notes": "Attendance better"}
    data |= _dates("review_date", D + timedelta(days=90))
    _saved(
        _submit(
            worker, case, "cin-plan-review", data | _dates("next_review_date", D + timedelta(180))
        )
    )
    review = plan.reviews.get()
    assert (review.review_date, review.next_review_date, review.notes) == (
        D + timedelta(days=90),
        D + timedelta(days=180),
        "Attendance better",
    )
    # The child page lists the review under the plan and in the chronology.
    page = worker.get(reverse("web:child", args=[case.person_id])).content.decode()
    assert "Child in need plan review" in page
    assert (D + timedelta(days=90)).strftime("%-d %b %Y") in page.split('id="family_help"')[1]
    # A review that ends the plan ends it on its date.
    ending = {"plan_continues": "no"} | _dates("review_date", D + timedelta(days=180))
    _saved(_submit(worker, case, "cin-plan-review", ending))
    plan.refresh_from_db()
    assert plan.end_date == D + timedelta(days=180)
    assert worker.get(_url(case, "cin-plan-review")).status_code == 404


# --- Strategy discussion and section 47 --------------------------------------------------------


def test_strategy_discussion(worker: Client, case: Allocation) -> None:
    _referral(case, decided=False)  # a discussion can come before the decision
    html = _open(worker, case, "strategy-discussion")
    assert _shows_date(html, "discussion_date", TODAY())
    data = {"agencies": "Police, school", "s47_decided": "yes"}
    _refused(
        _submit(
            worker, case, "strategy-discussion", data | _dates("discussion_date", D - timedelta(1))
        ),
        "The strategy discussion cannot be before the referral",
    )
    _refused(
        _submit(
            worker,
            case,
            "strategy-discussion",
            {"agencies": "Police"} | _dates("discussion_date", D),
        ),
        "This field is required",
    )
    assert not StrategyDiscussion.objects.exists()
    _saved(_submit(worker, case, "strategy-discussion", data | _dates("discussion_date", D)))
    sd = StrategyDiscussion.objects.get(person=case.person)
    assert (sd.discussion_date, sd.agencies, sd.s47_decided) == (D, "Police, school", True)


def test_s47_start_needs_a_discussion_that_decided_on_one(worker: Client, case: Allocation) -> None:
    sd = _strategy(case, decided=False)
    assert worker.get(_url(case, "s47-start")).status_code == 404
    sd = s.strategy_discussion_record(
        actor=case.worker, referral=sd.referral, discussion_date=D + timedelta(days=2)
    )
    # prefilled with the day of the discussion
    assert _shows_date(_open(worker, case, "s47-start"), "start_date", sd.discussion_date)
    _refused(
        _submit(worker, case, "s47-start", _dates("start_date", D)),
        "A section 47 enquiry starts on or after its strategy discussion",
    )
    assert not S47Enquiry.objects.exists()
    _saved(_submit(worker, case, "s47-start", _dates("start_date", sd.discussion_date)))
    enq = S47Enquiry.objects.get(person=case.person)
    assert enq.strategy_discussion == sd
    assert enq.icpc_target_date == add_working_days(sd.discussion_date, 15)
    assert worker.get(_url(case, "s47-start")).status_code == 404


def test_s47_outcome(worker: Client, case: Allocation) -> None:
    enq = _enquiry(case)
    html = _open(worker, case, "s47-outcome")
    assert _shows_date(html, "end_date", TODAY()) and 'name="version" value="1"' in html
    when = _dates("end_date", D + timedelta(days=8))
    _refused(_submit(worker, case, "s47-outcome", when), "This field is required")
    _refused(
        _submit(worker, case, "s47-outcome", {"outcome": "icpc"} | _dates("end_date", D)),
        "The enquiry cannot end before it started",
    )
    enq.refresh_from_db()
    assert (enq.end_date, enq.outcome) == (None, "")
    _saved(_submit(worker, case, "s47-outcome", when | {"outcome": "icpc"}))
    enq.refresh_from_db()
    assert (enq.end_date, enq.outcome) == (D + timedelta(days=8), "icpc")


# --- Conferences and the plan ------------------------------------------------------------------


def test_initial_conference_starts_the_plan_and_ends_a_cin_plan(
    worker: Client, case: Allocation
) -> None:
    enq = _enquiry(case, "icpc")
    cin = s.cin_plan_start(actor=case.worker, referral=enq.referral, start_date=D)
    assert _shows_date(_open(worker, case, "initial-conference"), "conference_date", TODAY())
    monday = D + timedelta(days=14)
    _refused(
        _submit(
            worker, case, "initial-conference", {"plan": "yes"} | _dates("conference_date", monday)
        ),
        "Choose the category of abuse for the plan",
    )
    _refused(
        _submit(
            worker,
            case,
            "initial-conference",
            {"plan": "yes", "category": "NEG"} | _dates("conference_date", monday - timedelta(1)),
        ),
        "An initial conference is not held at a weekend",
    )
    assert not Conference.objects.exists() and not CpPlan.objects.exists()
    _saved(
        _submit(
            worker,
            case,
            "initial-conference",
            {"plan": "yes", "category": "NEG"} | _dates("conference_date", monday),
        )
    )
    plan = CpPlan.objects.get(person=case.person)
    assert (plan.start_date, plan.initial_category, plan.end_date) == (monday, "NEG", None)
    icpc = Conference.objects.get(person=case.person)
    assert (icpc.kind, icpc.s47_enquiry, icpc.cp_plan) == ("initial", enq, plan)
    cin.refresh_from_db()
    assert cin.end_date == monday
    assert worker.get(_url(case, "initial-conference")).status_code == 404


def test_review_conference(worker: Client, case: Allocation) -> None:
    plan = _cp_plan(case)
    html = _open(worker, case, "review-conference")
    assert _shows_date(html, "conference_date", TODAY())
    assert 'value="NEG" selected' in html and 'name="version" value="1"' in html
    data = {"decision": "continue", "latest_category": "EMO"}
    _refused(
        _submit(
            worker, case, "review-conference", data | _dates("conference_date", plan.start_date)
        ),
        "A review is after the plan started",
    )
    assert not Conference.objects.filter(kind="review").exists()
    when = plan.start_date + timedelta(days=90)
    _saved(_submit(worker, case, "review-conference", data | _dates("conference_date", when)))
    plan.refresh_from_db()
    assert (plan.latest_category, plan.end_date) == ("EMO", None)
    review = Conference.objects.get(kind="review")
    assert (review.conference_date, review.outcome, review.cp_plan) == (when, "continue", plan)


def test_a_review_conference_steps_down_to_a_cin_plan(worker: Client, case: Allocation) -> None:
    plan = _cp_plan(case)
    when = plan.start_date + timedelta(days=90)
    data = {"decision": "step_down", "latest_category": "NEG"}
    _saved(_submit(worker, case, "review-conference", data | _dates("conference_date", when)))
    plan.refresh_from_db()
    assert plan.end_date == when
    assert CinPlan.objects.get(person=case.person).start_date == when


def test_end_the_cp_plan(worker: Client, case: Allocation) -> None:
    plan = _cp_plan(case)
    html = _open(worker, case, "cp-plan-end")
    assert _shows_date(html, "end_date", TODAY()) and 'value="yes" checked' in html
    _refused(
        _submit(
            worker, case, "cp-plan-end", {"cin_plan": "yes"} | _dates("end_date", plan.start_date)
        ),
        "The plan must end after the day it started",
    )
    plan.refresh_from_db()
    assert plan.end_date is None and not CinPlan.objects.exists()
    when = plan.start_date + timedelta(days=40)
    _saved(_submit(worker, case, "cp-plan-end", {"cin_plan": "no"} | _dates("end_date", when)))
    plan.refresh_from_db()
    assert plan.end_date == when and not CinPlan.objects.exists()
    assert worker.get(_url(case, "review-conference")).status_code == 404


# --- Closure and visits ------------------------------------------------------------------------


def test_close_the_case(worker: Client, case: Allocation) -> None:
    ref = _referral(case)
    a = s.assessment_start(actor=case.worker, referral=ref, start_date=D)
    assert worker.get(_url(case, "close-case")).status_code == 200
    data = {"closure_reason": "RC8"} | _dates("closure_date", D + timedelta(days=20))
    _refused(_submit(worker, case, "close-case", data), "Authorise the open assessment")
    s.assessment_authorise(
        actor=case.worker,
        assessment=a,
        expected_version=1,
        authorised_date=D + timedelta(days=10),
        factors=["21"],
        primary_need="N9",
    )
    html = _open(worker, case, "close-case")
    # closed after an assessment that led to nothing more
    assert _shows_date(html, "closure_date", TODAY()) and 'value="RC8" selected' in html
    _refused(
        _submit(worker, case, "close-case", {"closure_reason": "RC8"} | _dates("closure_date", D)),
        "The case cannot close before its last activity",
    )
    ref.refresh_from_db()
    assert ref.closure_date is None
    _saved(_submit(worker, case, "close-case", data))
    ref.refresh_from_db()
    assert (ref.closure_date, ref.closure_reason) == (D + timedelta(days=20), "RC8")
    assert worker.get(_url(case, "close-case")).status_code == 404
    assert worker.get(_url(case, "referral")).status_code == 200  # a new referral may follow


def test_a_child_on_a_plan_is_due_a_cp_visit(worker: Client, case: Allocation) -> None:
    _cp_plan(case)
    assert 'value="cp" checked' in _open(worker, case, "visit")
    data = {"kind": "cp", "seen": "yes", "seen_alone": "yes"}
    _saved(_submit(worker, case, "visit", data | _dates("visit_date", D + timedelta(days=20))))
    assert Visit.objects.get(person=case.person).kind == "cp"


# --- Family group decision making and Family Network Plans -------------------------------------


def test_fgdm_offered_then_held(worker: Client, case: Allocation) -> None:
    assert _shows_date(_open(worker, case, "fgdm"), "offered_date", TODAY())
    _refused(
        _submit(
            worker,
            case,
            "fgdm",
            _dates("offered_date", D) | _dates("meeting_date", D - timedelta(1)),
        ),
        "The meeting cannot be before it was offered",
    )
    _refused(
        _submit(worker, case, "fgdm", _dates("offered_date", D) | {"outcome": "Aunt to help"}),
        "Enter the date of the meeting",
    )
    assert not FamilyGroupDecisionMeeting.objects.exists()
    _saved(_submit(worker, case, "fgdm", _dates("offered_date", D)))
    meeting = FamilyGroupDecisionMeeting.objects.get(person=case.person)
    assert (meeting.offered_date, meeting.meeting_date) == (D, None)
    assert worker.get(_url(case, "fgdm")).status_code == 404  # record the meeting held instead

    html = _open(worker, case, "fgdm-meeting")
    assert _shows_date(html, "meeting_date", TODAY()) and 'name="version" value="1"' in html
    held = {"facilitated": "on", "outcome": "Grandmother to care at weekends"}
    _refused(
        _submit(worker, case, "fgdm-meeting", held | _dates("meeting_date", D - timedelta(1))),
        "The meeting cannot be before it was offered",
    )
    meeting.refresh_from_db()
    assert meeting.meeting_date is None
    _saved(_submit(worker, case, "fgdm-meeting", held | _dates("meeting_date", D + timedelta(7))))
    meeting.refresh_from_db()
    assert (meeting.meeting_date, meeting.facilitated) == (D + timedelta(7), True)
    assert meeting.outcome == "Grandmother to care at weekends"


def test_family_network_plan_names_people_in_the_network(worker: Client, case: Allocation) -> None:
    gran = PersonFactory(is_child=False, given_name="Gran", family_name="Smith")
    Relationship.objects.create(person=gran, other_person=case.person, kind="grandparent")
    stranger = PersonFactory(is_child=False, given_name="Stranger")
    html = _open(worker, case, "family-network-plan")
    assert _shows_date(html, "start_date", TODAY())
    assert f'value="{gran.pk}"' in html and "Gran Smith" in html
    assert "Stranger" not in html  # only the child's own network is offered
    _refused(
        _submit(
            worker,
            case,
            "family-network-plan",
            _dates("start_date", D) | {"members": [str(stranger.pk)]},
        ),
        "Select a valid choice",
    )
    _refused(
        _submit(
            worker,
            case,
            "family-network-plan",
            _dates("start_date", D) | _dates("review_date", D) | {"members": [str(gran.pk)]},
        ),
        "The review is after the plan starts",
    )
    assert not FamilyNetworkPlan.objects.exists()
    data = _dates("start_date", D) | _dates("review_date", D + timedelta(days=90))
    _saved(_submit(worker, case, "family-network-plan", data | {"members": [str(gran.pk)]}))
    plan = FamilyNetworkPlan.objects.get(person=case.person)
    assert (plan.start_date, plan.review_date) == (D, D + timedelta(days=90))
    assert list(plan.network_members.all()) == [gran]

    assert _shows_date(_open(worker, case, "family-network-plan-end"), "end_date", TODAY())
    _refused(
        _submit(worker, case, "family-network-plan-end", _dates("end_date", D - timedelta(1))),
        "The plan cannot end before it started",
    )
    _saved(_submit(worker, case, "family-network-plan-end", _dates("end_date", D + timedelta(99))))
    plan.refresh_from_db()
    assert plan.end_date == D + timedelta(99)


def test_each_step_sits_on_its_tab_and_update_steps_carry_a_version() -> None:
    ours = {
        "contact": "overview",
        "referral": "overview",
        "referral-decision": "overview",
        "close-case": "overview",
        "visit": "overview",
        "assessment-start": "family_help",
        "assessment-authorise": "family_help",
        "cin-plan-start": "family_help",
        "cin-plan-end": "family_help",
        "cin-plan-review": "family_help",
        "strategy-discussion": "child_protection",
        "s47-start": "child_protection",
        "s47-outcome": "child_protection",
        "initial-conference": "child_protection",
        "review-conference": "child_protection",
        "cp-plan-end": "child_protection",
        "fgdm": "family",
        "fgdm-meeting": "family",
        "family-network-plan": "family",
        "family-network-plan-end": "family",
    }
    assert {slug: STEPS[slug].tab for slug in ours} == ours
    update_steps = {slug for slug in ours if STEPS[slug].target is not None}
    assert update_steps == {
        "referral-decision",
        "close-case",
        "assessment-authorise",
        "cin-plan-end",
        "cin-plan-review",
        "s47-outcome",
        "review-conference",
        "cp-plan-end",
        "fgdm-meeting",
        "family-network-plan-end",
    }


# --- The whole journey -------------------------------------------------------------------------


def test_the_whole_journey_from_contact_to_step_down_and_closure(
    worker: Client, case: Allocation
) -> None:
    """contact → referral → decision → assessment → strategy discussion → s47 → ICPC and CP plan
    → review → step-down → closure, each step saved through the browser's pages."""

    def step(slug: str, data: dict[str, Any]) -> None:
        _saved(_submit(worker, case, slug, data))

    step("contact", {"source": "6", "outcome": "referral"} | _dates("contact_date", D))
    html = _open(worker, case, "referral")
    assert _shows_date(html, "referral_date", D) and 'value="6" selected' in html
    step("referral", {"source": "6"} | _dates("referral_date", D))
    step("referral-decision", {"nfa": "no"} | _dates("decision_date", D))
    step("assessment-start", _dates("start_date", D))
    step(
        "strategy-discussion",
        {"agencies": "Police", "s47_decided": "yes"} | _dates("discussion_date", D + timedelta(1)),
    )
    step("s47-start", _dates("start_date", D + timedelta(1)))
    step(
        "assessment-authorise",
        {"factors": ["3B", "16A"], "primary_need": "N1"}
        | _dates("authorised_date", D + timedelta(7)),
    )
    step("s47-outcome", {"outcome": "icpc"} | _dates("end_date", D + timedelta(8)))
    icpc_day = D + timedelta(days=14)
    step(
        "initial-conference",
        {"plan": "yes", "category": "NEG"} | _dates("conference_date", icpc_day),
    )
    step(
        "visit",
        {"kind": "cp", "seen": "yes", "seen_alone": "yes"}
        | _dates("visit_date", icpc_day + timedelta(5)),
    )
    step(
        "review-conference",
        {"decision": "continue", "latest_category": "EMO"}
        | _dates("conference_date", icpc_day + timedelta(90)),
    )
    step_down = icpc_day + timedelta(days=180)
    step(
        "review-conference",
        {"decision": "step_down", "latest_category": "EMO"} | _dates("conference_date", step_down),
    )
    closed = step_down + timedelta(days=120)
    step("close-case", {"closure_reason": "RC7"} | _dates("closure_date", closed))

    person = case.person
    ref = Referral.objects.get(person=person)
    contact = Contact.objects.get(person=person)
    assert (ref.contact, ref.referral_date, ref.source, ref.primary_need) == (contact, D, "6", "N1")
    assert (ref.decision_date, ref.nfa, ref.closure_date, ref.closure_reason) == (
        D,
        False,
        closed,
        "RC7",
    )
    assessment = Assessment.objects.get(referral=ref)
    assert assessment.authorised_date == D + timedelta(7)
    assert sorted(assessment.factors.values_list("code", flat=True)) == ["16A", "3B"]
    enquiry = S47Enquiry.objects.get(referral=ref)
    assert (enquiry.outcome, enquiry.icpc_target_date) == (
        "icpc",
        add_working_days(D + timedelta(1), 15),
    )
    plan = CpPlan.objects.get(referral=ref)
    assert (plan.start_date, plan.end_date) == (icpc_day, step_down)
    assert (plan.initial_category, plan.latest_category) == ("NEG", "EMO")
    conferences = list(Conference.objects.filter(referral=ref).order_by("conference_date"))
    assert [(c.kind, c.outcome) for c in conferences] == [
        ("initial", "plan"),
        ("review", "continue"),
        ("review", "end"),
    ]
    cin = CinPlan.objects.get(referral=ref)
    assert (cin.start_date, cin.end_date) == (step_down, closed)  # closure ended the CIN plan
    assert Visit.objects.get(person=person).kind == "cp"
    # nothing is left to record on this referral but a new one
    page = worker.get(reverse("web:child", args=[person.pk])).content.decode()
    for slug in ("close-case", "review-conference", "cp-plan-end", "cin-plan-end", "s47-start"):
        assert worker.get(_url(case, slug)).status_code == 404
        assert _url(case, slug) not in page
