"""The team page: workload, children without a worker, and (re)allocation with confirmation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.access.models import Allocation, Role
from opencsc.journey.models import CpPlan, Referral
from tests.factories import AllocationFactory, PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def team():  # type: ignore[no-untyped-def]
    team = TeamFactory()
    team.manager = UserFactory(role=Role.TEAM_MANAGER, team=team, first_name="Maya")
    team.save()
    return team


@pytest.fixture
def manager(client: Client, team) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(team.manager)
    return client


def _case(team, **kwargs):  # type: ignore[no-untyped-def]
    return AllocationFactory(worker__team=team, start_date=TODAY - timedelta(days=30), **kwargs)


def _on_a_plan(person) -> None:  # type: ignore[no-untyped-def]
    referral = Referral.objects.create(
        person=person, referral_date=TODAY - timedelta(days=300), source="6"
    )
    CpPlan.objects.create(
        person=person,
        referral=referral,
        start_date=TODAY - timedelta(days=200),  # no review held: the review is overdue
        initial_category="NEG",
        latest_category="NEG",
    )


def _allocate_url(person_id: int) -> str:
    return reverse("web:team-allocate") + f"?child={person_id}"


def test_workload_per_member(manager: Client, team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team, worker__first_name="Kim", worker__last_name="Lee")
    _on_a_plan(case.person)
    AllocationFactory(worker=case.worker)
    html = manager.get(reverse("web:team")).content.decode()
    row = html.split("Kim Lee", 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'govuk-table__cell--numeric">(\d*)', row)
    # children, then by status (CP, looked after, CIN, care leaver), then overdue tags and due soon
    assert cells[:5] == ["2", "1", "0", "0", "0"]
    # overdue: the referral's decision and assessment, the plan's review conference and visit
    assert 'govuk-tag--red">4</strong>' in row
    assert reverse("web:team-member", args=[case.worker_id]) in html


def test_a_members_caseload_links_to_moving_each_child(manager: Client, team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    html = manager.get(reverse("web:team-member", args=[case.worker_id])).content.decode()
    assert case.person.given_name in html and _allocate_url(case.person_id) in html
    stranger = UserFactory()
    assert manager.get(reverse("web:team-member", args=[stranger.pk])).status_code == 404


def test_children_left_without_a_worker_are_listed_while_their_case_is_open(
    manager: Client, team
) -> None:  # type: ignore[no-untyped-def]
    open_case = _case(team, person__given_name="Opal")
    Referral.objects.create(
        person=open_case.person, referral_date=TODAY - timedelta(days=20), source="6"
    )
    closed_case = _case(team, person__given_name="Clem")
    for allocation in (open_case, closed_case):
        Allocation.objects.filter(pk=allocation.pk).update(end_date=TODAY - timedelta(days=2))
    html = manager.get(reverse("web:team")).content.decode()
    assert "Children without a worker (1)" in html
    assert "Opal" in html and "Clem" not in html
    assert _allocate_url(open_case.person_id) in html


def test_moving_a_child_asks_then_confirms(manager: Client, team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    newcomer = UserFactory(team=team, first_name="Nia", last_name="Jones")
    url = _allocate_url(case.person_id)
    html = manager.get(url).content.decode()
    assert "Move to another worker" in html and "Nia Jones (0 children, 0 overdue tasks)" in html
    assert 'value="allocated_worker" checked' in html  # the current worker's role
    answers = {
        "worker": str(newcomer.pk),
        "role": "allocated_worker",
        "reason": "LEFTRL",
        "start_date_day": str(TODAY.day),
        "start_date_month": str(TODAY.month),
        "start_date_year": str(TODAY.year),
    }
    check = manager.post(url, answers | {"action": "check"})
    html = check.content.decode()
    assert "Check the allocation" in html and "Nia Jones" in html
    assert "Social worker left the role" in html
    assert Allocation.objects.filter(end_date__isnull=True).get().worker == case.worker
    # "Change" goes back to the form with the answers kept and no errors
    back = manager.post(url, answers | {"action": "change"}).content.decode()
    assert f'value="{newcomer.pk}" checked' in back and "govuk-error-summary" not in back
    done = manager.post(url, answers | {"action": "confirm"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("web:team")
    assert f"{case.person} is now allocated to Nia Jones" in done.content.decode()
    current = Allocation.objects.get(end_date__isnull=True)
    assert current.worker == newcomer
    assert Allocation.objects.get(pk=case.pk).end_reason == "LEFTRL"


def test_errors_follow_the_govuk_pattern(manager: Client, team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    newcomer = UserFactory(team=team)
    url = _allocate_url(case.person_id)
    html = manager.post(url, {"action": "check", "role": "allocated_worker"}).content.decode()
    assert "<title>Error: Allocate" in html and 'class="govuk-error-summary"' in html
    assert '<a href="#id_worker_0">Choose who will work with the child</a>' in html
    # the service's rule (a reason for the change) goes beside its field
    answers = {
        "action": "check",
        "worker": str(newcomer.pk),
        "role": "allocated_worker",
        "start_date_day": str(TODAY.day),
        "start_date_month": str(TODAY.month),
        "start_date_year": str(TODAY.year),
    }
    html = manager.post(url, answers).content.decode()
    assert '<a href="#id_reason">Choose the reason for the change of worker</a>' in html
    assert Allocation.objects.count() == 1


def test_allocating_a_child_with_nobody_asks_no_reason(manager: Client, team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    Referral.objects.create(person=case.person, referral_date=TODAY, source="6")
    Allocation.objects.filter(pk=case.pk).update(end_date=TODAY - timedelta(days=1))
    newcomer = UserFactory(team=team)
    url = _allocate_url(case.person_id)
    html = manager.get(url).content.decode()
    assert "Allocate a worker" in html and 'name="reason"' not in html
    answers = {
        "worker": str(newcomer.pk),
        "role": "allocated_worker",
        "start_date_day": str(TODAY.day),
        "start_date_month": str(TODAY.month),
        "start_date_year": str(TODAY.year),
    }
    assert manager.post(url, answers | {"action": "confirm"}).status_code == 302
    assert Allocation.objects.get(end_date__isnull=True).worker == newcomer


def test_a_non_manager_is_refused_every_team_page(client: Client, team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    client.force_login(case.worker)
    assert client.get(reverse("web:team")).status_code == 403
    assert client.get(reverse("web:team-member", args=[case.worker_id])).status_code == 403
    url = _allocate_url(case.person_id)
    assert client.get(url).status_code == 403
    newcomer = UserFactory(team=team)
    response = client.post(
        url, {"action": "confirm", "worker": str(newcomer.pk), "role": "allocated_worker"}
    )
    assert response.status_code == 403
    assert not Allocation.objects.filter(worker=newcomer).exists()


def test_a_manager_cannot_allocate_another_teams_child(manager: Client) -> None:
    elsewhere = AllocationFactory(worker__team=TeamFactory())
    assert manager.get(_allocate_url(elsewhere.person_id)).status_code == 404
    assert manager.get(_allocate_url(PersonFactory().pk)).status_code == 404
    assert manager.get(reverse("web:team-allocate") + "?child=x").status_code == 404


def test_allocation_needs_csrf(team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(team.manager)
    response = strict.post(_allocate_url(case.person_id), {"action": "confirm"})
    assert response.status_code == 403
