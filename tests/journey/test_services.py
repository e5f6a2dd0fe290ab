"""Each single-record rule in the journey services, passing and failing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from opencsc.access.models import AuditEntry
from opencsc.access.permissions import ChildNotFound
from opencsc.journey import services as s
from opencsc.journey.models import CpPlan
from tests.factories import AllocationFactory, UserFactory

pytestmark = pytest.mark.django_db
D = date(2025, 6, 2)


@pytest.fixture
def case():  # type: ignore[no-untyped-def]
    return AllocationFactory()


def _referral(case):  # type: ignore[no-untyped-def]
    return s.referral_create(actor=case.worker, person=case.person, referral_date=D, source="6")


def test_a_whole_child_protection_journey(case) -> None:  # type: ignore[no-untyped-def]
    w, p = case.worker, case.person
    contact = s.contact_record(actor=w, person=p, contact_date=D, source="6", outcome="referral")
    ref = s.referral_create(actor=w, person=p, referral_date=D, source="6", contact=contact)
    ref = s.referral_decide(actor=w, referral=ref, expected_version=1, decision_date=D, nfa=False)
    a = s.assessment_start(actor=w, referral=ref, start_date=D)
    s.assessment_authorise(
        actor=w,
        assessment=a,
        expected_version=1,
        authorised_date=D + timedelta(days=30),
        factors=["3B", "4B"],
        primary_need="N1",
    )
    sd = s.strategy_discussion_record(actor=w, referral=ref, discussion_date=D + timedelta(days=1))
    enq = s.s47_start(actor=w, strategy=sd, start_date=D + timedelta(days=1))
    assert enq.icpc_target_date == date(2025, 6, 24)  # 15 working days after 3 June
    enq = s.s47_complete(
        actor=w, enquiry=enq, expected_version=1, end_date=D + timedelta(days=10), outcome="icpc"
    )
    icpc = s.initial_conference_record(
        actor=w, enquiry=enq, conference_date=D + timedelta(days=14), plan=True, category="NEG"
    )
    plan = CpPlan.objects.get(pk=icpc.cp_plan_id)
    assert plan.start_date == icpc.conference_date
    s.review_conference_record(
        actor=w,
        cp_plan=plan,
        conference_date=D + timedelta(days=100),
        continue_plan=False,
        latest_category="EMO",
    )
    plan.refresh_from_db()
    assert (plan.end_date, plan.latest_category) == (D + timedelta(days=100), "EMO")
    ref.refresh_from_db()
    assert ref.primary_need == "N1"
    s.referral_close(
        actor=w,
        referral=ref,
        expected_version=ref.version,
        closure_date=D + timedelta(days=120),
        reason="RC7",
    )
    assert AuditEntry.objects.filter(person_pk=p.pk, action="create").count() >= 8


def test_a_stranger_cannot_record_anything(case) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ChildNotFound):
        s.referral_create(actor=UserFactory(), person=case.person, referral_date=D, source="6")


def test_nfa_decision_closes_the_case(case) -> None:  # type: ignore[no-untyped-def]
    ref = s.referral_decide(
        actor=case.worker, referral=_referral(case), expected_version=1, decision_date=D, nfa=True
    )
    assert (ref.closure_date, ref.closure_reason, ref.primary_need) == (D, "RC8", "N9")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"referral_date": date(2010, 1, 1)}, "referral_date"),  # before birth
        ({"referral_date": date.today() + timedelta(days=1)}, "referral_date"),
        ({"source": "ZZ"}, "source"),
    ],
)
def test_referral_rules(case, kwargs: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    args = {"referral_date": D, "source": "6"} | kwargs
    with pytest.raises(ValidationError) as err:
        s.referral_create(actor=case.worker, person=case.person, **args)
    assert field in err.value.message_dict


def test_only_one_open_referral(case) -> None:  # type: ignore[no-untyped-def]
    _referral(case)
    with pytest.raises(ValidationError):
        _referral(case)


@pytest.mark.parametrize(
    ("factors", "need", "days", "field"),
    [
        (["21", "3A"], "N1", 10, "factors"),
        (["99"], "N1", 10, "factors"),
        ([], "N1", 10, "factors"),
        (["3A"], "N11", 10, "primary_need"),
        (["3A"], "N1", -1, "authorised_date"),
    ],
)
def test_assessment_rules(case, factors: list[str], need: str, days: int, field: str) -> None:  # type: ignore[no-untyped-def]
    a = s.assessment_start(actor=case.worker, referral=_referral(case), start_date=D)
    with pytest.raises(ValidationError) as err:
        s.assessment_authorise(
            actor=case.worker,
            assessment=a,
            expected_version=1,
            authorised_date=D + timedelta(days=days),
            factors=factors,
            primary_need=need,
        )
    assert field in err.value.message_dict


def test_factor_21_alone_is_accepted(case) -> None:  # type: ignore[no-untyped-def]
    a = s.assessment_start(actor=case.worker, referral=_referral(case), start_date=D)
    s.assessment_authorise(
        actor=case.worker,
        assessment=a,
        expected_version=1,
        authorised_date=D,
        factors=["21"],
        primary_need="N9",
    )
    assert list(a.factors.values_list("code", flat=True)) == ["21"]


def test_assessment_cannot_start_before_the_referral(case) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        s.assessment_start(
            actor=case.worker, referral=_referral(case), start_date=D - timedelta(days=1)
        )


def test_s47_cannot_start_before_its_strategy_discussion(case) -> None:  # type: ignore[no-untyped-def]
    sd = s.strategy_discussion_record(
        actor=case.worker, referral=_referral(case), discussion_date=D
    )
    with pytest.raises(ValidationError):
        s.s47_start(actor=case.worker, strategy=sd, start_date=D - timedelta(days=1))


def test_initial_conference_needs_an_enquiry_that_decided_on_one(case) -> None:  # type: ignore[no-untyped-def]
    sd = s.strategy_discussion_record(
        actor=case.worker, referral=_referral(case), discussion_date=D
    )
    enq = s.s47_start(actor=case.worker, strategy=sd, start_date=D)
    enq = s.s47_complete(
        actor=case.worker, enquiry=enq, expected_version=1, end_date=D, outcome="cin"
    )
    with pytest.raises(ValidationError):
        s.initial_conference_record(actor=case.worker, enquiry=enq, conference_date=D, plan=False)
    enq = s.s47_complete(
        actor=case.worker, enquiry=enq, expected_version=2, end_date=D, outcome="icpc"
    )
    with pytest.raises(ValidationError) as err:
        s.initial_conference_record(
            actor=case.worker, enquiry=enq, conference_date=D, plan=True, category="XXX"
        )
    assert "category" in err.value.message_dict


def test_case_with_an_open_plan_cannot_close(case) -> None:  # type: ignore[no-untyped-def]
    ref = _referral(case)
    CpPlan.objects.create(
        person=case.person,
        referral=ref,
        start_date=D,
        initial_category="NEG",
        latest_category="NEG",
    )
    with pytest.raises(ValidationError):
        s.referral_close(
            actor=case.worker, referral=ref, expected_version=1, closure_date=D, reason="RC7"
        )


def test_visit_seen_alone_requires_seen(case) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        s.visit_record(
            actor=case.worker,
            person=case.person,
            kind="cp",
            visit_date=D,
            seen=False,
            seen_alone=True,
        )
    v = s.visit_record(
        actor=case.worker, person=case.person, kind="cp", visit_date=D, seen=True, seen_alone=True
    )
    assert v.worker == case.worker
