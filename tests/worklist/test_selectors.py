from __future__ import annotations

from datetime import date

import pytest

from opencsc.care.models import Episode, PeriodOfCare
from opencsc.journey.models import CpPlan, Referral, Visit
from opencsc.worklist.selectors import child_status, worker_tasks
from tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 15)


def _looked_after(person, start: date) -> None:  # type: ignore[no-untyped-def]
    period = PeriodOfCare.objects.create(person=person, start_date=start)
    Episode.objects.create(
        person=person,
        period=period,
        start_date=start,
        reason_new_episode="S",
        legal_status="C2",
        category_of_need="N1",
        placement_type="U6",
        placement_provider="PR1",
    )


def test_first_cla_review_and_visit_are_due_from_the_start_of_care() -> None:
    a = AllocationFactory(start_date=date(2025, 1, 1))
    _looked_after(a.person, date(2026, 1, 5))
    tasks = {t.kind: t for t in worker_tasks(a.worker, TODAY)}
    assert tasks["cla_review"].due_date == date(2026, 2, 2)  # 20 working days after 5 January
    assert tasks["cla_review"].status == "not_due"
    assert (
        tasks["cla_visit"].due_date == date(2026, 1, 12) and tasks["cla_visit"].status == "overdue"
    )


def test_overdue_tasks_come_first_then_by_date() -> None:
    a = AllocationFactory(start_date=date(2025, 1, 1))
    ref = Referral.objects.create(
        person=a.person,
        referral_date=date(2025, 10, 1),
        source="6",
        decision_date=date(2025, 10, 1),
    )
    plan = CpPlan.objects.create(
        person=a.person,
        referral=ref,
        start_date=date(2025, 11, 3),
        initial_category="NEG",
        latest_category="NEG",
    )
    Visit.objects.create(person=a.person, kind="cp", visit_date=date(2026, 1, 12), seen=True)
    tasks = worker_tasks(a.worker, TODAY)
    kinds = [t.kind for t in tasks]
    assert kinds[0] == "assessment"  # 45 working days from 1 Oct 2025 = 4 Dec 2025: overdue
    assert tasks[0].status == "overdue"
    visit = next(t for t in tasks if t.kind == "cp_visit")
    assert visit.due_date == date(2026, 1, 26) and visit.status == "not_due"  # 7 working days away
    review = next(t for t in tasks if t.kind == "cp_review")
    assert review.due_date == date(2026, 2, 3) and plan.end_date is None


def test_tasks_are_only_for_my_current_children() -> None:
    a = AllocationFactory(start_date=date(2025, 1, 1), end_date=date(2025, 12, 31))
    _looked_after(a.person, date(2026, 1, 5))
    assert worker_tasks(a.worker, TODAY) == []


def test_status_prefers_the_most_intensive() -> None:
    a = AllocationFactory()
    _looked_after(a.person, date(2025, 1, 5))
    person = (
        type(a.person)
        .objects.prefetch_related("periods_of_care", "cp_plans", "referrals")
        .get(pk=a.person.pk)
    )
    assert child_status(person, TODAY) == "Looked after"
