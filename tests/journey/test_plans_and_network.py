"""The rules of the services behind the journey steps: plans, enquiries, closure and the family
network. Each rule has a failing case and a passing one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from opencsc.access.models import Allocation
from opencsc.access.permissions import ChildNotFound
from opencsc.journey import services as s
from opencsc.journey.models import CinPlan, CpPlan, Referral, S47Enquiry
from opencsc.people.models import Person, Relationship
from opencsc.people.services import StaleRecordError
from tests.factories import AllocationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
D = date(2025, 6, 2)  # a Monday


def days(n: int) -> date:
    return D + timedelta(days=n)


@pytest.fixture
def case() -> Allocation:
    return AllocationFactory()


def _referral(case: Allocation, *, nfa: bool = False) -> Referral:
    ref = s.referral_create(actor=case.worker, person=case.person, referral_date=D, source="6")
    return s.referral_decide(
        actor=case.worker, referral=ref, expected_version=1, decision_date=D, nfa=nfa
    )


def _fails(field: str, call, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        call(**kwargs)
    assert field in err.value.message_dict, err.value.message_dict
    return " ".join(err.value.message_dict[field])


def _enquiry(case: Allocation, ref: Referral, outcome: str = "icpc") -> S47Enquiry:
    sd = s.strategy_discussion_record(actor=case.worker, referral=ref, discussion_date=days(1))
    enq = s.s47_start(actor=case.worker, strategy=sd, start_date=days(1))
    return s.s47_complete(
        actor=case.worker, enquiry=enq, expected_version=1, end_date=days(8), outcome=outcome
    )


def _cp_plan(case: Allocation, ref: Referral) -> CpPlan:
    icpc = s.initial_conference_record(
        actor=case.worker,
        enquiry=_enquiry(case, ref),
        conference_date=days(14),
        plan=True,
        category="NEG",
    )
    return CpPlan.objects.get(pk=icpc.cp_plan_id)


# --- Referral ----------------------------------------------------------------------------------


def test_a_referral_follows_its_contact(case: Allocation) -> None:
    contact = s.contact_record(
        actor=case.worker, person=case.person, contact_date=days(1), source="6", outcome="referral"
    )
    args = {"actor": case.worker, "person": case.person, "source": "6", "contact": contact}
    _fails("referral_date", s.referral_create, referral_date=D, **args)
    assert s.referral_create(referral_date=days(1), **args).contact == contact


def test_no_further_action_only_before_work_starts(case: Allocation) -> None:
    ref = s.referral_create(actor=case.worker, person=case.person, referral_date=D, source="6")
    s.assessment_start(actor=case.worker, referral=ref, start_date=D)
    args = {"actor": case.worker, "referral": ref, "expected_version": 1, "decision_date": D}
    _fails("nfa", s.referral_decide, nfa=True, **args)
    assert s.referral_decide(nfa=False, **args).decision_date == D


def test_closure_waits_for_open_work_and_comes_after_it(case: Allocation) -> None:
    ref = _referral(case)
    a = s.assessment_start(actor=case.worker, referral=ref, start_date=days(1))
    args = {"actor": case.worker, "referral": ref, "reason": "RC8"}
    msg = _fails(
        NON_FIELD_ERRORS, s.referral_close, expected_version=2, closure_date=days(5), **args
    )
    assert "Authorise" in msg
    s.assessment_authorise(
        actor=case.worker,
        assessment=a,
        expected_version=1,
        authorised_date=days(10),
        factors=["21"],
        primary_need="N9",
    )
    assert "last activity" in _fails(
        "closure_date", s.referral_close, expected_version=2, closure_date=days(5), **args
    )
    sd = s.strategy_discussion_record(actor=case.worker, referral=ref, discussion_date=days(11))
    enq = s.s47_start(actor=case.worker, strategy=sd, start_date=days(11))
    msg = _fails(
        NON_FIELD_ERRORS, s.referral_close, expected_version=2, closure_date=days(20), **args
    )
    assert "section 47" in msg
    s.s47_complete(
        actor=case.worker, enquiry=enq, expected_version=1, end_date=days(12), outcome="icpc"
    )
    msg = _fails(
        NON_FIELD_ERRORS, s.referral_close, expected_version=2, closure_date=days(20), **args
    )
    assert "initial conference" in msg
    s.initial_conference_record(
        actor=case.worker, enquiry=enq, conference_date=days(15), plan=False
    )
    assert s.referral_close(expected_version=2, closure_date=days(20), **args).closure_date


def test_closure_ends_an_open_cin_plan(case: Allocation) -> None:
    ref = _referral(case)
    plan = s.cin_plan_start(actor=case.worker, referral=ref, start_date=days(3))
    closed = s.referral_close(
        actor=case.worker, referral=ref, expected_version=2, closure_date=days(30), reason="RC7"
    )
    plan.refresh_from_db()
    assert closed.closure_date == plan.end_date == days(30)


# --- Assessment --------------------------------------------------------------------------------


def test_one_open_assessment_at_a_time(case: Allocation) -> None:
    ref = _referral(case)
    a = s.assessment_start(actor=case.worker, referral=ref, start_date=D)
    _fails("start_date", s.assessment_start, actor=case.worker, referral=ref, start_date=days(1))
    s.assessment_authorise(
        actor=case.worker,
        assessment=a,
        expected_version=1,
        authorised_date=days(1),
        factors=["3B", "3B"],  # a factor ticked twice is recorded once (8898)
        primary_need="N1",
    )
    assert list(a.factors.values_list("code", flat=True)) == ["3B"]
    assert s.assessment_start(actor=case.worker, referral=ref, start_date=days(2)).pk


def test_no_work_on_a_referral_with_no_further_action_or_after_closure(case: Allocation) -> None:
    ref = _referral(case, nfa=True)
    assert "no further action" in _fails(
        "start_date", s.assessment_start, actor=case.worker, referral=ref, start_date=D
    )
    ref = _referral(case)
    ref = s.referral_close(
        actor=case.worker, referral=ref, expected_version=2, closure_date=days(5), reason="RC7"
    )
    assert "closed" in _fails(
        "start_date", s.assessment_start, actor=case.worker, referral=ref, start_date=days(6)
    )
    assert "closed" in _fails(
        "discussion_date",
        s.strategy_discussion_record,
        actor=case.worker,
        referral=ref,
        discussion_date=days(6),
    )


# --- Child in need plans -----------------------------------------------------------------------


def test_cin_plan_dates(case: Allocation) -> None:
    ref = _referral(case)
    args = {"actor": case.worker, "referral": ref}
    _fails("start_date", s.cin_plan_start, start_date=D - timedelta(1), **args)  # 4015
    plan = s.cin_plan_start(start_date=D, **args)
    assert "already" in _fails("start_date", s.cin_plan_start, start_date=days(3), **args)  # 4004
    end = {"actor": case.worker, "cin_plan": plan, "expected_version": 1}
    _fails("end_date", s.cin_plan_end, end_date=D - timedelta(1), **end)  # 4011
    plan = s.cin_plan_end(end_date=days(30), **end)
    _fails(
        "end_date",
        s.cin_plan_end,
        actor=case.worker,
        cin_plan=plan,
        expected_version=2,
        end_date=days(31),
    )
    assert "overlap" in _fails("start_date", s.cin_plan_start, start_date=days(29), **args)  # 4014
    assert s.cin_plan_start(start_date=days(30), **args).start_date == days(30)


def test_cin_plan_review_rules(case: Allocation) -> None:
    plan = s.cin_plan_start(actor=case.worker, referral=_referral(case), start_date=days(10))
    args = {"actor": case.worker, "plan": plan, "expected_version": 1}
    on = {"review_date": days(100), "plan_continues": True}
    far = timezone.localdate() + timedelta(days=1)
    assert "past" in _fails(
        "review_date", s.cin_plan_review_record, **args | on | {"review_date": far}
    )
    assert "before" in _fails(
        "review_date", s.cin_plan_review_record, **args | on | {"review_date": days(9)}
    )
    assert "Enter" in _fails("next_review_date", s.cin_plan_review_record, **args | on)
    assert "after" in _fails(
        "next_review_date", s.cin_plan_review_record, **args | on | {"next_review_date": days(100)}
    )
    review = s.cin_plan_review_record(**args | on | {"next_review_date": days(190), "notes": "ok"})
    assert (review.review_date, review.next_review_date, review.notes) == (
        days(100),
        days(190),
        "ok",
    )
    plan.refresh_from_db()
    assert plan.end_date is None and plan.version == 1  # continuing leaves the plan as it was
    # On the day it started, with no next review, a review that ends the plan ends it that day.
    ending = s.cin_plan_review_record(**args | {"review_date": days(10), "plan_continues": False})
    plan.refresh_from_db()
    assert plan.end_date == days(10) and not ending.plan_continues
    assert [r.review_date for r in plan.reviews.order_by("review_date")] == [days(10), days(100)]
    assert "ended" in _fails(
        "review_date", s.cin_plan_review_record, **args | on | {"next_review_date": days(190)}
    )


def test_a_review_that_ends_the_plan_keeps_the_end_rules(case: Allocation) -> None:
    plan = s.cin_plan_start(actor=case.worker, referral=_referral(case), start_date=days(10))
    Person.objects.filter(pk=case.person_id).update(date_of_death=days(20))
    plan.refresh_from_db()
    args = {"actor": case.worker, "plan": plan, "expected_version": 1, "plan_continues": False}
    # cin_plan_end's rule (4009Q) is reported on the review's date, the plan's end date.
    assert "died" in _fails("review_date", s.cin_plan_review_record, review_date=days(30), **args)
    assert not plan.reviews.exists()
    s.cin_plan_review_record(review_date=days(20), **args)
    plan.refresh_from_db()
    assert plan.end_date == days(20)


@pytest.mark.parametrize("plan_continues", [True, False])
def test_a_review_of_a_plan_changed_since_it_was_opened_is_refused(
    case: Allocation, plan_continues: bool
) -> None:
    plan = s.cin_plan_start(actor=case.worker, referral=_referral(case), start_date=days(10))
    seen = plan.version
    CinPlan.objects.filter(pk=plan.pk).update(version=seen + 1)  # someone else saved it
    with pytest.raises(StaleRecordError):
        s.cin_plan_review_record(
            actor=case.worker,
            plan=plan,
            expected_version=seen,
            review_date=days(40),
            plan_continues=plan_continues,
            next_review_date=days(130) if plan_continues else None,
        )
    plan.refresh_from_db()
    assert plan.end_date is None and not plan.reviews.exists()


def test_a_stranger_cannot_review_a_plan(case: Allocation) -> None:
    plan = s.cin_plan_start(actor=case.worker, referral=_referral(case), start_date=days(10))
    with pytest.raises(ChildNotFound):
        s.cin_plan_review_record(
            actor=UserFactory(),
            plan=plan,
            expected_version=1,
            review_date=days(40),
            plan_continues=False,
        )


def test_no_cin_plan_on_a_referral_with_no_further_action(case: Allocation) -> None:
    ref = _referral(case, nfa=True)  # 4000
    _fails("start_date", s.cin_plan_start, actor=case.worker, referral=ref, start_date=D)


def test_no_cin_plan_after_the_childs_death(case: Allocation) -> None:
    ref = _referral(case)
    case.person.date_of_death = days(5)
    case.person.save()
    _fails("start_date", s.cin_plan_start, actor=case.worker, referral=ref, start_date=days(6))
    assert s.cin_plan_start(actor=case.worker, referral=ref, start_date=days(5)).pk


def test_a_cin_plan_ends_no_later_than_its_case(case: Allocation) -> None:
    ref = _referral(case)
    plan = CinPlan.objects.create(person=case.person, referral=ref, start_date=D)
    Referral.objects.filter(pk=ref.pk).update(closure_date=days(10), closure_reason="RC7")
    plan.refresh_from_db()
    args = {"actor": case.worker, "cin_plan": plan, "expected_version": 1}
    _fails("end_date", s.cin_plan_end, end_date=days(11), **args)  # 8565
    assert s.cin_plan_end(end_date=days(10), **args).end_date == days(10)


def test_no_cin_plan_while_on_a_cp_plan(case: Allocation) -> None:
    ref = _referral(case)
    _cp_plan(case, ref)
    msg = _fails(
        "start_date", s.cin_plan_start, actor=case.worker, referral=ref, start_date=days(20)
    )
    assert "child protection plan" in msg  # 4016


# --- Strategy discussion and section 47 --------------------------------------------------------


def test_an_enquiry_needs_a_discussion_that_decided_on_one(case: Allocation) -> None:
    ref = _referral(case)
    no = s.strategy_discussion_record(
        actor=case.worker, referral=ref, discussion_date=D, s47_decided=False
    )
    assert no.s47_decided is False
    _fails(NON_FIELD_ERRORS, s.s47_start, actor=case.worker, strategy=no, start_date=D)
    yes = s.strategy_discussion_record(actor=case.worker, referral=ref, discussion_date=days(1))
    enq = s.s47_start(actor=case.worker, strategy=yes, start_date=days(1))
    # one enquiry per discussion, and one open enquiry per child (8890)
    _fails(NON_FIELD_ERRORS, s.s47_start, actor=case.worker, strategy=yes, start_date=days(2))
    again = s.strategy_discussion_record(actor=case.worker, referral=ref, discussion_date=days(2))
    _fails("start_date", s.s47_start, actor=case.worker, strategy=again, start_date=days(2))
    s.s47_complete(
        actor=case.worker, enquiry=enq, expected_version=1, end_date=days(2), outcome="cin"
    )
    assert s.s47_start(actor=case.worker, strategy=again, start_date=days(2)).pk


# --- Conferences and child protection plans ----------------------------------------------------


def test_initial_conference_dates(case: Allocation) -> None:
    ref = _referral(case)
    sd = s.strategy_discussion_record(actor=case.worker, referral=ref, discussion_date=days(1))
    enq = s.s47_start(actor=case.worker, strategy=sd, start_date=days(3))
    enq = s.s47_complete(
        actor=case.worker, enquiry=enq, expected_version=1, end_date=days(8), outcome="icpc"
    )
    args = {"actor": case.worker, "enquiry": enq, "plan": True, "category": "NEG"}
    assert "enquiry started" in _fails(
        "conference_date", s.initial_conference_record, conference_date=days(2), **args
    )  # 8615
    assert "weekend" in _fails(
        "conference_date", s.initial_conference_record, conference_date=days(12), **args
    )  # 8875: a Saturday
    s.initial_conference_record(conference_date=days(14), **args)
    _fails(NON_FIELD_ERRORS, s.initial_conference_record, conference_date=days(15), **args)


def test_a_plan_ends_the_cin_plan_and_not_a_second_plan(case: Allocation) -> None:
    ref = _referral(case)
    cin = s.cin_plan_start(actor=case.worker, referral=ref, start_date=D)
    plan = _cp_plan(case, ref)
    cin.refresh_from_db()
    assert cin.end_date == plan.start_date == days(14)  # 4017: never together
    # a second enquiry's conference cannot start a second plan (8935)
    sd = s.strategy_discussion_record(actor=case.worker, referral=ref, discussion_date=days(20))
    enq = s.s47_start(actor=case.worker, strategy=sd, start_date=days(20))
    enq = s.s47_complete(
        actor=case.worker, enquiry=enq, expected_version=1, end_date=days(21), outcome="icpc"
    )
    assert "already" in _fails(
        "conference_date",
        s.initial_conference_record,
        actor=case.worker,
        enquiry=enq,
        conference_date=days(22),
        plan=True,
        category="PHY",
    )


def test_a_cin_plan_running_past_the_conference_must_be_corrected(case: Allocation) -> None:
    ref = _referral(case)
    enq = _enquiry(case, ref)
    CinPlan.objects.create(person=case.person, referral=ref, start_date=days(20))
    _fails(
        "conference_date",
        s.initial_conference_record,
        actor=case.worker,
        enquiry=enq,
        conference_date=days(14),
        plan=True,
        category="NEG",
    )


def test_review_steps_down_to_a_cin_plan(case: Allocation) -> None:
    plan = _cp_plan(case, _referral(case))
    args = {"actor": case.worker, "cp_plan": plan, "conference_date": days(100)}
    _fails("cin_plan", s.review_conference_record, continue_plan=True, cin_plan=True, **args)
    with pytest.raises(StaleRecordError):  # the plan changed since the chair opened it
        s.review_conference_record(continue_plan=True, expected_version=0, **args)
    s.review_conference_record(continue_plan=False, cin_plan=True, expected_version=1, **args)
    plan.refresh_from_db()
    assert plan.end_date == days(100)
    assert CinPlan.objects.get(person=case.person).start_date == days(100)


def test_ending_a_cp_plan(case: Allocation) -> None:
    plan = _cp_plan(case, _referral(case))
    case.person.date_of_death = days(50)
    case.person.save()
    args = {"actor": case.worker, "cp_plan": plan, "expected_version": 1}
    _fails("end_date", s.cp_plan_end, end_date=plan.start_date, **args)  # 8840
    _fails("end_date", s.cp_plan_end, end_date=days(51), **args)  # 8920
    ended = s.cp_plan_end(end_date=days(50), cin_plan=True, **args)
    assert ended.end_date == days(50)
    assert CinPlan.objects.get(person=case.person).start_date == days(50)
    _fails(
        "end_date",
        s.cp_plan_end,
        end_date=days(50),
        actor=case.worker,
        cp_plan=ended,
        expected_version=2,
    )


# --- Family group decision making and Family Network Plans -------------------------------------


def test_fgdm_offer_and_meeting(case: Allocation) -> None:
    args = {"actor": case.worker, "person": case.person, "offered_date": D}
    _fails("meeting_date", s.fgdm_record, meeting_date=D - timedelta(1), **args)
    _fails("meeting_date", s.fgdm_record, outcome="Aunt to help", **args)
    _fails("meeting_date", s.fgdm_record, meeting_date=date.today() + timedelta(1), **args)
    offer = s.fgdm_record(**args)
    held = {"actor": case.worker, "meeting": offer, "expected_version": 1, "facilitated": True}
    _fails("meeting_date", s.fgdm_update, meeting_date=D - timedelta(1), **held)
    done = s.fgdm_update(meeting_date=days(7), outcome="Aunt to help", **held)
    assert (done.meeting_date, done.facilitated, done.version) == (days(7), True, 2)
    assert s.fgdm_record(meeting_date=D, outcome="Plan agreed", **args).meeting_date == D


def test_the_network_is_read_both_ways_and_ended_relationships_leave_it(case: Allocation) -> None:
    gran, sister, old = (PersonFactory() for _ in range(3))
    Relationship.objects.create(person=gran, other_person=case.person, kind="grandparent")
    Relationship.objects.create(person=case.person, other_person=sister, kind="sibling")
    Relationship.objects.create(person=old, other_person=case.person, kind="carer", end_date=D)
    assert set(s.network_of(case.person)) == {gran, sister}


def test_family_network_plan(case: Allocation) -> None:
    gran, stranger = PersonFactory(), PersonFactory()
    Relationship.objects.create(person=gran, other_person=case.person, kind="grandparent")
    args = {"actor": case.worker, "person": case.person, "start_date": D}
    _fails("members", s.family_network_plan_record, members=[stranger], **args)
    _fails("review_date", s.family_network_plan_record, review_date=D, **args)
    plan = s.family_network_plan_record(members=[gran], review_date=days(90), **args)
    assert list(plan.network_members.all()) == [gran]
    _fails("start_date", s.family_network_plan_record, **args)  # one open plan at a time
    end = {"actor": case.worker, "plan": plan, "expected_version": 1}
    _fails("end_date", s.family_network_plan_end, end_date=D - timedelta(1), **end)
    assert s.family_network_plan_end(end_date=days(200), **end).end_date == days(200)
    assert s.family_network_plan_record(**args | {"start_date": days(200)}).pk


def test_the_chronology_shows_plans_ending_and_the_family_network(case: Allocation) -> None:
    from opencsc.journey.chronology import journey_events

    plan = s.cin_plan_start(actor=case.worker, referral=_referral(case), start_date=D)
    s.cin_plan_end(actor=case.worker, cin_plan=plan, expected_version=1, end_date=days(9))
    offer = s.fgdm_record(actor=case.worker, person=case.person, offered_date=days(1))
    s.fgdm_update(
        actor=case.worker,
        meeting=offer,
        expected_version=1,
        meeting_date=days(3),
        facilitated=False,
        outcome="Aunt to help",
    )
    s.family_network_plan_record(actor=case.worker, person=case.person, start_date=days(4))
    events = {(e.on, e.title, e.detail) for e in journey_events(case.person)}
    assert {
        (days(9), "Child in need plan ended", ""),
        (days(1), "Family group decision meeting offered", ""),
        (days(3), "Family group decision meeting", "Aunt to help"),
        (days(4), "Family Network Plan started", ""),
    } <= events
