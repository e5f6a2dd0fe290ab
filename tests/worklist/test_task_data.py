"""`with_task_data` fetches only the open records and latest visits and reviews: the due dates
must be exactly those computed from the whole history, for a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.care.models import CareLeaver, CareLeaverContact, ClaReview, Episode, PeriodOfCare
from opencsc.journey.models import (
    Assessment,
    Conference,
    CpPlan,
    Referral,
    S47Enquiry,
    StrategyDiscussion,
    Visit,
)
from opencsc.people.models import Person
from opencsc.worklist.selectors import child_status, child_tasks, with_task_data
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


def _history(person: Person) -> None:
    """Closed and open referrals, an ended and an open plan with reviews, many visits, a
    period of care with moves and reviews: everything the prefetch narrows down."""
    old = Referral.objects.create(
        person=person,
        referral_date=date(2023, 1, 5),
        source="6",
        decision_date=date(2023, 1, 6),
        closure_date=date(2024, 1, 1),
        closure_reason="RC1",
    )
    CpPlan.objects.create(
        person=person,
        referral=old,
        start_date=date(2023, 2, 1),
        end_date=date(2023, 12, 1),
        initial_category="NEG",
        latest_category="NEG",
    )
    referral = Referral.objects.create(
        person=person, referral_date=date(2025, 9, 1), source="6", decision_date=date(2025, 9, 2)
    )
    Assessment.objects.create(person=person, referral=referral, start_date=date(2025, 9, 3))
    Assessment.objects.create(
        person=person,
        referral=referral,
        start_date=date(2025, 9, 4),
        authorised_date=date(2025, 10, 1),
    )
    strategy = StrategyDiscussion.objects.create(
        person=person, referral=referral, discussion_date=date(2025, 9, 10)
    )
    s47 = S47Enquiry.objects.create(
        person=person,
        referral=referral,
        strategy_discussion=strategy,
        start_date=date(2025, 9, 10),
        outcome="icpc",
    )
    S47Enquiry.objects.create(
        person=person,
        referral=referral,
        strategy_discussion=strategy,
        start_date=date(2025, 9, 11),
        outcome="nfa",
    )
    plan = CpPlan.objects.create(
        person=person,
        referral=referral,
        start_date=date(2025, 10, 1),
        initial_category="EMO",
        latest_category="EMO",
    )
    Conference.objects.create(
        person=person,
        referral=referral,
        kind="initial",
        s47_enquiry=s47,
        cp_plan=plan,
        conference_date=date(2025, 10, 1),
    )
    for d in (date(2025, 12, 20), date(2025, 12, 24)):
        Conference.objects.create(
            person=person, referral=referral, kind="review", cp_plan=plan, conference_date=d
        )
    for i in range(8):
        Visit.objects.create(person=person, kind="cp", visit_date=date(2025, 10, 1) + timedelta(i))
        Visit.objects.create(person=person, kind="cin", visit_date=date(2025, 11, 1) + timedelta(i))
    Visit.objects.create(person=person, kind="cp", visit_date=date(2025, 1, 1))  # before the plan
    period = PeriodOfCare.objects.create(person=person, start_date=date(2026, 1, 5))
    for start, rne, place in ((date(2026, 1, 5), "S", "U3"), (date(2026, 2, 1), "P", "U1")):
        Episode.objects.create(
            person=person,
            period=period,
            start_date=start,
            reason_new_episode=rne,
            legal_status="C2",
            category_of_need="N1",
            placement_type=place,
            placement_provider="PR1",
        )
    ClaReview.objects.create(
        person=person, period=period, review_date=date(2026, 2, 2), participation="PN1"
    )
    for d in (date(2026, 1, 10), date(2026, 2, 3)):
        Visit.objects.create(person=person, kind="cla", visit_date=d)


def test_the_due_dates_are_those_of_the_whole_history() -> None:
    people = [PersonFactory() for _ in range(2)]
    _history(people[0])
    leaver = people[1]
    Person.objects.filter(pk=leaver.pk).update(date_of_birth=date(2007, 1, 1))
    CareLeaver.objects.create(person=leaver, eligibility="former_relevant")
    for d in (date(2025, 6, 1), date(2025, 9, 1)):
        CareLeaverContact.objects.create(person=leaver, contact_date=d, in_touch="YES")
    for person in Person.objects.filter(pk__in=[p.pk for p in people]):
        whole = child_tasks(person, TODAY)  # no prefetch: every row of every relation
        narrowed = child_tasks(with_task_data(Person.objects.filter(pk=person.pk)).get(), TODAY)
        assert whole and narrowed == whole
        assert child_status(person, TODAY) == child_status(
            with_task_data(Person.objects.filter(pk=person.pk)).get(), TODAY
        )


def test_a_fixed_number_of_queries_however_many_children() -> None:
    def queries(n: int) -> int:
        for _ in range(n):
            _history(PersonFactory())
        with CaptureQueriesContext(connection) as ctx:
            for person in with_task_data(Person.objects.all()):
                child_tasks(person, TODAY)
                child_status(person, TODAY)
        return len(ctx.captured_queries)

    assert queries(1) == queries(3)
