"""My work: the worker's children with status and next statutory date, overdue first, and a
link to record a visit to each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.journey.models import CpPlan, Referral, Visit
from tests.factories import AllocationFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_children_with_status_next_date_and_overdue_first(client: Client) -> None:
    calm = AllocationFactory(person__given_name="Calm", person__family_name="Aaron")
    busy = AllocationFactory(
        worker=calm.worker, person__given_name="Busy", person__family_name="Zed"
    )
    referral = Referral.objects.create(
        person=busy.person, referral_date=TODAY - timedelta(days=200), source="6"
    )
    CpPlan.objects.create(
        person=busy.person,
        referral=referral,
        start_date=TODAY - timedelta(days=120),
        initial_category="NEG",
        latest_category="NEG",
    )
    client.force_login(calm.worker)
    html = client.get(reverse("web:my-work")).content.decode()
    children = html.split("My children (2)", 1)[1]
    # overdue first, though "Zed" sorts after "Aaron"
    assert children.index("Busy Zed") < children.index("Calm Aaron")
    assert "Child protection plan" in children and "Closed" in children
    assert "Referral decision: " in children  # the earliest of its statutory dates
    for allocation in (calm, busy):
        link = reverse("web:record-step", args=[allocation.person_id, "visit"])
        assert f'href="{link}"' in children


def test_the_visit_link_opens_the_prefilled_visit(client: Client) -> None:
    allocation = AllocationFactory()
    client.force_login(allocation.worker)
    page = client.get(reverse("web:record-step", args=[allocation.person_id, "visit"]))
    assert page.status_code == 200 and "Record a visit" in page.content.decode()


def test_my_work_costs_the_same_however_many_children(client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = AllocationFactory()
    client.force_login(first.worker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("web:my-work"))
        return len(ctx.captured_queries)

    before = queries()
    for _ in range(5):
        child = PersonFactory()
        AllocationFactory(worker=first.worker, person=child)
        Visit.objects.create(person=child, kind="cin", visit_date=TODAY)
    assert queries() == before
